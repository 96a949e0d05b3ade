"""Where the class is weak: per question, per topic and per trainee, how often the first try of the day was wrong.

The measure is the share of *first tries wrong*: for each day a trainee met
a question, whether their first answer that day was wrong. The drill asks
a missed question again in the same sitting until it is answered right, so
the last answer is nearly always right and hides the miss; the first try
of each day does not, and a question known on a later day counts as known
that day. Ties are broken by how many first tries were wrong (more
evidence first), then by the share of all answers that were wrong.

The records here are what the class report is made of; ``tally`` adds the
summaries up into them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, NamedTuple, overload

from massage_quiz.catalogue.kinds import KIND_TOPIC, TOPICS, EntryKind

SAFETY = KIND_TOPIC[EntryKind.CONTRAINDICATION]  # the topic where a gap can hurt a client: shown first, trainee by trainee
AT_RISK = 0.25  # a trainee whose first tries at safety questions are wrong this often (or more) is named
MEASURE = (
    "Weakness = wrong at the first try of the day: each day a trainee met a question, was the first answer that day "
    "wrong? The drill asks a missed question again until it is answered right, so the last answer hides the miss; "
    "the first try of each day does not."
)
ORDER = (SAFETY, *(t for t in TOPICS if t != SAFETY))  # the columns of the trainee table: safety first


class Share(NamedTuple):
    """First tries wrong of first tries made."""

    wrong: int
    of: int

    @property
    def share(self) -> float:
        """The share, 0 to 1 (0 of nothing)."""
        return self.wrong / self.of if self.of else 0.0


class Weakness(NamedTuple):
    """How the class does on one item or one topic."""

    key: str  # the facet id, or the topic
    label: str  # the question as trainees saw it; the facet id when the item is not in the content now
    topic: str
    known: bool  # False for an item the current content no longer has
    trainees: int  # trainees who answered it (for a topic: any item of it)
    days: int  # first tries: (trainee, item, day) met
    days_wrong: int  # of those, wrong
    attempts: int
    wrong: int
    lapses: int

    @property
    def share(self) -> float:
        """The share of first tries wrong, 0 to 1."""
        return self.days_wrong / self.days if self.days else 0.0

    @property
    def error_rate(self) -> float:
        """The share of all answers that were wrong, 0 to 1."""
        return self.wrong / self.attempts if self.attempts else 0.0


class Missed(NamedTuple):
    """A safety question a trainee got wrong at a first try."""

    id: str
    label: str
    days_wrong: int
    days: int


class Trainee(NamedTuple):
    """One trainee's row: first tries wrong per topic, and the safety questions missed."""

    trainee: str  # the summary's anonymous id
    name: str | None
    source: str  # the summary file
    label: str  # the name, else the file's name; made unique within the class
    exported: str
    topics: dict[str, Share]  # only the topics the trainee answered
    missed: Sequence[Missed]  # safety questions with a first try wrong, most missed first

    @property
    def safety(self) -> Share | None:
        """First tries at safety questions, None if the trainee has answered none."""
        return self.topics.get(SAFETY)

    @property
    def at_risk(self) -> bool:
        """Whether the trainee gets safety questions wrong at the first try at least ``AT_RISK`` of the time."""
        safety = self.safety
        return safety is not None and safety.wrong > 0 and safety.share >= AT_RISK

    @property
    def overall(self) -> Share:
        """First tries over every topic."""
        return Share(sum(s.wrong for s in self.topics.values()), sum(s.of for s in self.topics.values()))


class People(Sequence[Trainee]):
    """The trainees in order, each made from its compact row when it is read: a class of 1,000 never holds 1,000 of them."""

    def __init__(self, rows: Sequence[Any], make: Callable[[Any], Trainee]) -> None:
        self.rows = rows
        self.make = make

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, index: int) -> Trainee: ...

    @overload
    def __getitem__(self, index: slice) -> People: ...

    def __getitem__(self, index: int | slice) -> Trainee | People:
        if isinstance(index, slice):
            return People(self.rows[index], self.make)
        return self.make(self.rows[index])

    def __iter__(self) -> Iterator[Trainee]:
        return map(self.make, self.rows)

    def where(self, keep: Callable[[Trainee], bool]) -> People:
        """The trainees ``keep`` is true of, in the same order."""
        return People([row for row in self.rows if keep(self.make(row))], self.make)


class ClassReport(NamedTuple):
    """The class's weak items, topics and trainees, weakest first."""

    trainees: int
    names: tuple[str, ...]
    first_export: str
    last_export: str
    people: People  # at risk on safety first, then by safety, then overall
    topics: tuple[Weakness, ...]
    items: tuple[Weakness, ...]  # every item answered, weakest first

    @property
    def weak_items(self) -> tuple[Weakness, ...]:
        """The items some trainee got wrong at some time, weakest first."""
        return tuple(w for w in self.items if w.wrong)

    @property
    def at_risk(self) -> People:
        """The trainees named on safety, most at risk first."""
        return self.people.where(lambda p: p.at_risk)

    @property
    def no_safety(self) -> People:
        """The trainees not yet asked any safety question."""
        return self.people.where(lambda p: p.safety is None)


def topic_column(topic: str) -> tuple[int, str]:
    """The sort key of a topic among the trainee table's columns: the known topics in ``ORDER``, then others by name."""
    return (ORDER.index(topic), "") if topic in ORDER else (len(ORDER), topic)


def weakest_first(w: Weakness) -> tuple[float, int, float, str]:
    """The sort key of the weakest first: the share of first tries wrong, then more evidence, then all answers wrong."""
    return (-w.share, -w.days_wrong, -w.error_rate, w.key)


def neediest_first(p: Trainee) -> tuple[bool, float, int, float, str]:
    """The sort key of the trainee table: those at risk on safety first, then by safety, then overall."""
    safety = p.safety
    return (
        not p.at_risk,
        -1.0 if safety is None else -safety.share,
        -(0 if safety is None else safety.wrong),
        -p.overall.share,
        p.label,
    )


def who(report: ClassReport) -> str:
    """The trainees counted, in words: "3 trainees (Ana, Ben and 1 without a name)"."""
    count = f"{report.trainees} trainee{'s' if report.trainees != 1 else ''}"
    if not report.names:
        return count
    unnamed = report.trainees - len(report.names)
    parts = list(report.names) + ([f"{unnamed} without a name"] if unnamed else [])
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"{count} ({listed})"


def when(report: ClassReport) -> str:
    """The days the summaries were exported, in words."""
    if report.first_export == report.last_export:
        return f"exported on {report.first_export}"
    return f"exported from {report.first_export} to {report.last_export}"


def _counts(w: Weakness) -> dict[str, Any]:
    return {
        "trainees": w.trainees,
        "first_tries": w.days,
        "first_tries_wrong": w.days_wrong,
        "share_first_wrong": round(w.share, 4),
        "attempts": w.attempts,
        "wrong": w.wrong,
        "lapses": w.lapses,
    }


def _share(s: Share) -> dict[str, Any]:
    return {"first_tries": s.of, "first_tries_wrong": s.wrong, "share_first_wrong": round(s.share, 4)}


def as_json(report: ClassReport) -> dict[str, Any]:
    """The report as a dict with stable keys (documented in docs/instructors.md)."""
    return {
        "trainees": report.trainees,
        "names": list(report.names),
        "exported": {"first": report.first_export, "last": report.last_export},
        "measure": MEASURE,
        "safety_topic": SAFETY,
        "at_risk_share": AT_RISK,
        "people": [
            {
                "label": p.label,
                "name": p.name,
                "file": p.source,
                "trainee": p.trainee,
                "exported": p.exported,
                "at_risk": p.at_risk,
                "topics": {topic: _share(s) for topic, s in p.topics.items()},
                "missed_safety": [
                    {
                        "id": m.id,
                        "prompt": m.label if m.label != m.id else None,
                        "first_tries": m.days,
                        "first_tries_wrong": m.days_wrong,
                    }
                    for m in p.missed
                ],
            }
            for p in report.people
        ],
        "topics": [{"topic": w.key} | _counts(w) for w in report.topics],
        "items": [{"id": w.key, "prompt": w.label if w.known else None, "topic": w.topic} | _counts(w) for w in report.items],
    }
