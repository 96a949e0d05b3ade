"""Where the class is weak: per item and per topic, how many trainees got it wrong the last time they answered it.

The measure is the share of *wrong last answers*: of the trainees who
answered an item, how many were wrong at their latest try. A mistake
since put right does not count there, one never put right does. Ties
are broken by the share of all answers that were wrong, then by how many
trainees answered.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from massage_quiz.catalogue.kinds import TOPICS
from massage_quiz.drill.items import Item
from massage_quiz.report.exports import Export, Result

MEASURE = (
    "Weakness = wrong last time: of the trainees who answered a question, the share whose latest answer was wrong "
    "(a mistake since put right does not count)."
)


class Weakness(NamedTuple):
    """How the class does on one item or one topic."""

    key: str  # the facet id, or the topic
    label: str  # the question as trainees saw it; the facet id when the item is not in the content now
    topic: str
    known: bool  # False for an item the current content no longer has
    trainees: int  # trainees who answered it (for a topic: any item of it)
    answered: int  # (trainee, item) pairs answered: for an item, the same as trainees
    wrong_last: int  # of those, wrong at the latest try
    attempts: int
    wrong: int
    lapses: int

    @property
    def share(self) -> float:
        """The share of wrong last answers, 0 to 1."""
        return self.wrong_last / self.answered if self.answered else 0.0

    @property
    def error_rate(self) -> float:
        """The share of all answers that were wrong, 0 to 1."""
        return self.wrong / self.attempts if self.attempts else 0.0


class ClassReport(NamedTuple):
    """The class's weak items and topics, weakest first."""

    trainees: int
    names: tuple[str, ...]
    first_export: str
    last_export: str
    topics: tuple[Weakness, ...]
    items: tuple[Weakness, ...]  # every item answered, weakest first

    @property
    def weak_items(self) -> tuple[Weakness, ...]:
        """The items some trainee got wrong at some time, weakest first."""
        return tuple(w for w in self.items if w.wrong)


def label(item: Item) -> str:
    """An item's prompt as the drill shows it, on one line."""
    return " · ".join(line.strip() for line in item.prompt.splitlines() if line.strip())


def rank(exports: list[Export], items: Iterable[Item]) -> ClassReport:
    """Add the summaries up, labelling each item with its prompt from the current content."""
    known = {item.id: item for item in items}
    results: dict[str, list[Result]] = {}
    trainees: dict[str, set[str]] = {}  # topic -> trainees who answered any of it
    for export in exports:
        for result in export.results:
            results.setdefault(result.id, []).append(result)
            trainees.setdefault(_topic(result, known), set()).add(export.trainee)
    ranked = sorted((_item(rs, known) for rs in results.values()), key=_weakest_first)
    topics = [_topic_sum(topic, len(who), [w for w in ranked if w.topic == topic]) for topic, who in trainees.items()]
    days = sorted(e.exported for e in exports)
    return ClassReport(
        len(exports),
        tuple(sorted(e.name for e in exports if e.name)),
        days[0] if days else "",
        days[-1] if days else "",
        tuple(sorted(topics, key=_weakest_first)),
        tuple(ranked),
    )


def _topic(result: Result, known: dict[str, Item]) -> str:
    """The item's topic in the current content, else as the summary gives it."""
    item = known.get(result.id)
    return result.topic if item is None else item.topic


def _item(results: list[Result], known: dict[str, Item]) -> Weakness:
    """One item over every trainee who answered it."""
    key = results[0].id
    item = known.get(key)
    return Weakness(
        key,
        key if item is None else label(item),
        _topic(results[0], known),
        item is not None,
        len(results),
        len(results),
        sum(not r.last_right for r in results),
        sum(r.attempts for r in results),
        sum(r.wrong for r in results),
        sum(r.lapses for r in results),
    )


def _topic_sum(topic: str, trainees: int, items: list[Weakness]) -> Weakness:
    """One topic: its items added up."""
    return Weakness(
        topic,
        topic,
        topic,
        topic in TOPICS,
        trainees,
        sum(w.answered for w in items),
        sum(w.wrong_last for w in items),
        sum(w.attempts for w in items),
        sum(w.wrong for w in items),
        sum(w.lapses for w in items),
    )


def _weakest_first(w: Weakness) -> tuple[float, float, int, str]:
    return (-w.share, -w.error_rate, -w.answered, w.key)


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


def as_json(report: ClassReport) -> dict[str, Any]:
    """The report as a dict with stable keys (documented in docs/instructors.md)."""

    def entry(w: Weakness, item: bool) -> dict[str, Any]:
        shown: dict[str, Any] = (
            {"id": w.key, "prompt": w.label if w.known else None, "topic": w.topic} if item else {"topic": w.key}
        )
        return shown | {
            "trainees": w.trainees,
            "answered": w.answered,
            "wrong_last": w.wrong_last,
            "share_wrong_last": round(w.share, 4),
            "attempts": w.attempts,
            "wrong": w.wrong,
            "lapses": w.lapses,
        }

    return {
        "trainees": report.trainees,
        "names": list(report.names),
        "exported": {"first": report.first_export, "last": report.last_export},
        "measure": MEASURE,
        "topics": [entry(w, False) for w in report.topics],
        "items": [entry(w, True) for w in report.items],
    }
