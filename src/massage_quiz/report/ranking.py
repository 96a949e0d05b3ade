"""Where the class is weak: per question, per topic and per trainee, how often the first try of the day was wrong.

The measure is the share of *first tries wrong*: for each day a trainee met
a question, whether their first answer that day was wrong. The drill asks
a missed question again in the same sitting until it is answered right, so
the last answer is nearly always right and hides the miss; the first try
of each day does not, and a question known on a later day counts as known
that day. Ties are broken by how many first tries were wrong (more
evidence first), then by the share of all answers that were wrong.

Summaries are added up one at a time (``Tally``): the report holds the sums,
never the summaries, so its memory does not grow with the class.
"""

from __future__ import annotations

import array
import collections
import operator
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from massage_quiz.catalogue.kinds import KIND_TOPIC, TOPICS, EntryKind
from massage_quiz.errors import MassageQuizError
from massage_quiz.items.item import Item
from massage_quiz.report.exports import ATTEMPTS, DAYS, DAYS_WRONG, ID, LAPSES, TOPIC, WRONG, Summary

SAFETY = KIND_TOPIC[EntryKind.CONTRAINDICATION]  # the topic where a gap can hurt a client: shown first, trainee by trainee
AT_RISK = 0.25  # a trainee whose first tries at safety questions are wrong this often (or more) is named
MEASURE = (
    "Weakness = wrong at the first try of the day: each day a trainee met a question, was the first answer that day "
    "wrong? The drill asks a missed question again until it is answered right, so the last answer hides the miss; "
    "the first try of each day does not."
)
ORDER = (SAFETY, *(t for t in TOPICS if t != SAFETY))  # the columns of the trainee table: safety first

# The sums kept per item: trainees who answered it, days met, days whose first try was wrong, attempts, wrong, lapses.
_TRAINEES, _DAYS, _DAYS_WRONG, _ATTEMPTS, _WRONG, _LAPSES = range(6)


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
    missed: tuple[Missed, ...]  # safety questions with a first try wrong, most missed first

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


class ClassReport(NamedTuple):
    """The class's weak items, topics and trainees, weakest first."""

    trainees: int
    names: tuple[str, ...]
    first_export: str
    last_export: str
    people: tuple[Trainee, ...]  # at risk on safety first, then by safety, then overall
    topics: tuple[Weakness, ...]
    items: tuple[Weakness, ...]  # every item answered, weakest first

    @property
    def weak_items(self) -> tuple[Weakness, ...]:
        """The items some trainee got wrong at some time, weakest first."""
        return tuple(w for w in self.items if w.wrong)

    @property
    def at_risk(self) -> tuple[Trainee, ...]:
        """The trainees named on safety, most at risk first."""
        return tuple(p for p in self.people if p.at_risk)

    @property
    def no_safety(self) -> tuple[Trainee, ...]:
        """The trainees not yet asked any safety question."""
        return tuple(p for p in self.people if p.safety is None)


def label(item: Item) -> str:
    """An item's prompt as the drill shows it, on one line."""
    return " · ".join(line.strip() for line in item.prompt.splitlines() if line.strip())


MAX_BLOCKS = 8  # different sets of items counted column by column; any more are counted item by item
# The columns added up, in the order of the sums after _TRAINEES.
_COUNTED = (DAYS, DAYS_WRONG, ATTEMPTS, WRONG, LAPSES)


def _picker(positions: list[int]) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    """A function taking the values at ``positions`` out of a column, as a tuple (itemgetter gives one value bare)."""
    if len(positions) == 1:
        only = positions[0]
        return lambda column: (column[only],)
    return operator.itemgetter(*positions)


class _Block:
    """Summaries of the very same items, in the same order, added up column by column."""

    def __init__(self, ids: tuple[str, ...], topics: list[str]) -> None:
        self.ids = ids
        self.trainees = 0
        # Machine integers: the sums grow past Python's cached small ints, and an int object per sum
        # kept among the summaries' short-lived objects would scatter them over memory.
        self.sums: list[array.array[int]] = [array.array("q", bytes(8 * len(ids))) for _ in _COUNTED]
        where: dict[str, list[int]] = {}
        for n, topic in enumerate(topics):
            where.setdefault(topic, []).append(n)
        self.groups = [(topic, _picker(positions)) for topic, positions in where.items()]
        self.safety = where.get(SAFETY, [])


class _Person(NamedTuple):
    trainee: str
    name: str | None
    source: str
    exported: str
    answers: int
    topics: dict[str, list[int]]  # topic -> [first tries wrong, first tries]
    missed: list[tuple[str, int, int]]  # safety item id, first tries wrong, first tries


class Tally:
    """The class added up one summary at a time; of two summaries of one trainee, only the newer counts.

    Of two summaries of one trainee the one with more answers is the newer
    (answers are only ever added); on a tie the first file given counts. An
    older one already added is read again to take it away, so no summary is
    kept in memory.
    """

    def __init__(self, items: Iterable[Item], read: Callable[[Path], Summary]) -> None:
        self.known: dict[str, Item] = {item.id: item for item in items}
        self.read = read
        self.sums: dict[str, list[int]] = {}  # item id -> the sums (_TRAINEES...) of summaries counted one item at a time
        self.blocks: dict[tuple[str, ...], _Block] = {}  # the same items in the same order -> their sums, column by column
        self.topic_of: dict[str, str] = {}
        self.labels: dict[str, str] = {}  # item id -> its prompt on one line, made once
        self.people: dict[str, _Person] = {}
        self.warnings: list[str] = []

    def add(self, path: Path) -> None:
        """Read the summary at ``path`` and count it, unless a newer summary of the same trainee is counted already."""
        summary = self.read(path)
        other = self.people.get(summary.trainee)
        if other is not None:
            if other.source == summary.source:
                self.warnings.append(f"warning: {summary.source} is given twice: it is counted once")
                return
            answers = summary.answers
            if other.answers == answers:
                self.warnings.append(
                    f"warning: {other.source} and {summary.source} are one trainee's summary with the same answers: counted once"
                )
                return
            if other.answers > answers:
                self.warnings.append(
                    f"warning: {summary.source} and {other.source} are from the same trainee: only {other.source}, the newer, is counted"
                )
                return
            self.warnings.append(
                f"warning: {other.source} and {summary.source} are from the same trainee: only {summary.source}, the newer, is counted"
            )
        self._count(summary)
        del summary  # before the older summary is read again: one summary's items in memory at a time
        if other is not None:
            self._take_away(other)

    def _take_away(self, person: _Person) -> None:
        """Take an older summary's counts away again (its trainee's row is the newer one's already)."""
        again = self.read(Path(person.source))
        if again.trainee != person.trainee or again.answers != person.answers:
            raise MassageQuizError(f"{person.source} changed while the report was being made: run the report again")
        columns = again.columns
        block = self.blocks.get(again.ids)
        if block is not None:
            block.trainees -= 1
            block.sums = [
                array.array("q", map(operator.sub, sums, columns[c])) for sums, c in zip(block.sums, _COUNTED, strict=True)
            ]
            return
        sums = self.sums
        for item_id, *counts in zip(columns[ID], *(columns[c] for c in _COUNTED), strict=True):
            row = sums[item_id]
            row[_TRAINEES] -= 1
            for n, count in enumerate(counts, start=1):
                row[n] -= count
            if not row[_TRAINEES]:
                del sums[item_id]

    def _topic_of(self, item_id: str, given: str) -> str:
        """The item's topic in the current content, else as the summary gives it (the first summary to name it)."""
        topic = self.topic_of.get(item_id)
        if topic is None:
            item = self.known.get(item_id)
            topic = self.topic_of[item_id] = given if item is None else item.topic
        return topic

    def _count(self, summary: Summary) -> None:
        columns = summary.columns
        ids = summary.ids
        block = self.blocks.get(ids)
        if block is None and ids and len(self.blocks) < MAX_BLOCKS:
            block = self.blocks[ids] = _Block(ids, [self._topic_of(i, t) for i, t in zip(ids, columns[TOPIC], strict=True)])
        if block is None:
            topics, missed = self._count_each(columns)
        else:
            # The whole course answered by everyone, or most of it: whole columns added up in C.
            block.trainees += 1
            block.sums = [
                array.array("q", map(operator.add, sums, columns[c])) for sums, c in zip(block.sums, _COUNTED, strict=True)
            ]
            days, days_wrong = columns[DAYS], columns[DAYS_WRONG]
            topics = {topic: [sum(pick(days_wrong)), sum(pick(days))] for topic, pick in block.groups}
            missed = [(ids[i], days_wrong[i], days[i]) for i in block.safety if days_wrong[i]]
        self.people[summary.trainee] = _Person(
            summary.trainee, summary.name, summary.source, summary.exported, sum(columns[ATTEMPTS]), topics, missed
        )

    def _count_each(self, columns: tuple[Sequence[Any], ...]) -> tuple[dict[str, list[int]], list[tuple[str, int, int]]]:
        """Count a summary item by item; its topics' first tries, and the safety questions missed at one."""
        sums, topic_of = self.sums, self.topic_of
        topics: dict[str, list[int]] = {}
        missed = []
        for item_id, given, days, days_wrong, attempts, wrong, lapses in zip(
            columns[ID], columns[TOPIC], *(columns[c] for c in _COUNTED), strict=True
        ):
            topic = topic_of.get(item_id) or self._topic_of(item_id, given)
            row = sums.get(item_id)
            if row is None:
                row = sums[item_id] = [0, 0, 0, 0, 0, 0]
            row[_TRAINEES] += 1
            row[_DAYS] += days
            row[_DAYS_WRONG] += days_wrong
            row[_ATTEMPTS] += attempts
            row[_WRONG] += wrong
            row[_LAPSES] += lapses
            mine = topics.get(topic)
            if mine is None:
                mine = topics[topic] = [0, 0]
            mine[0] += days_wrong
            mine[1] += days
            if days_wrong and topic == SAFETY:
                missed.append((item_id, days_wrong, days))
        return topics, missed

    def _merged(self) -> dict[str, list[int]]:
        """Every item's sums, those counted column by column added in."""
        merged = {key: list(row) for key, row in self.sums.items()}
        for block in self.blocks.values():
            if not block.trainees:
                continue
            for n, item_id in enumerate(block.ids):
                row = merged.get(item_id)
                if row is None:
                    row = merged[item_id] = [0, 0, 0, 0, 0, 0]
                row[_TRAINEES] += block.trainees
                for k, sums in enumerate(block.sums, start=1):
                    row[k] += sums[n]
        return merged

    def report(self) -> ClassReport:
        """The class report of everything counted."""
        merged = self._merged()
        items = sorted((self._item(key, row) for key, row in merged.items()), key=_weakest_first)
        topics = [
            self._topic(topic, [w for w in items if w.topic == topic])
            for topic in dict.fromkeys(self.topic_of[k] for k in merged)
        ]
        people = list(self.people.values())
        days = sorted(p.exported for p in people)
        return ClassReport(
            len(people),
            tuple(sorted(p.name for p in people if p.name)),
            days[0] if days else "",
            days[-1] if days else "",
            tuple(sorted(self._people(people), key=_neediest_first)),
            tuple(sorted(topics, key=_weakest_first)),
            tuple(items),
        )

    def _label(self, key: str) -> str:
        shown = self.labels.get(key)
        if shown is None:
            item = self.known.get(key)
            shown = self.labels[key] = key if item is None else label(item)
        return shown

    def _item(self, key: str, row: list[int]) -> Weakness:
        return Weakness(
            key,
            self._label(key),
            self.topic_of[key],
            key in self.known,
            row[_TRAINEES],
            row[_DAYS],
            row[_DAYS_WRONG],
            row[_ATTEMPTS],
            row[_WRONG],
            row[_LAPSES],
        )

    def _topic(self, topic: str, items: list[Weakness]) -> Weakness:
        return Weakness(
            topic,
            topic,
            topic,
            topic in TOPICS,
            sum(topic in p.topics for p in self.people.values()),
            sum(w.days for w in items),
            sum(w.days_wrong for w in items),
            sum(w.attempts for w in items),
            sum(w.wrong for w in items),
            sum(w.lapses for w in items),
        )

    def _people(self, people: list[_Person]) -> Iterable[Trainee]:
        named = [p.name or Path(p.source).name for p in people]
        times = collections.Counter(named)
        for person, shown in zip(people, named, strict=True):
            # Two trainees who gave the same name are told apart by their files.
            unique = shown if times[shown] == 1 else f"{shown} ({person.source})"
            missed = sorted(person.missed, key=lambda m: (-m[1], -m[1] / m[2], m[0]))
            yield Trainee(
                person.trainee,
                person.name,
                person.source,
                unique,
                person.exported,
                {topic: Share(*person.topics[topic]) for topic in sorted(person.topics, key=_column)},
                tuple(Missed(key, self._label(key), wrong, of) for key, wrong, of in missed),
            )


def _column(topic: str) -> tuple[int, str]:
    return (ORDER.index(topic), "") if topic in ORDER else (len(ORDER), topic)


def _weakest_first(w: Weakness) -> tuple[float, int, float, str]:
    return (-w.share, -w.days_wrong, -w.error_rate, w.key)


def _neediest_first(p: Trainee) -> tuple[bool, float, int, float, str]:
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
