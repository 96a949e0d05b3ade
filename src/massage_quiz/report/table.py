"""The class report as plain tables for the terminal: safety first, then trainees by topic, topics, and the weakest questions."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator, Sequence

from massage_quiz.report.ranking import AT_RISK, MEASURE, ORDER, SAFETY, ClassReport, Share, Trainee, Weakness, when, who

LABEL_WIDTH = 60  # a prompt longer than this is cut in the table; --json and --html show it whole
MISSED_SHOWN = 5  # safety questions listed per trainee at risk, most missed first; --json and --html list all
NAME_WIDTH = 24  # a trainee's name or file name longer than this is cut in the table


def percent(part: int, whole: int) -> str:
    """A share as a whole percentage, "0%" of nothing."""
    return f"{round(100 * part / whole) if whole else 0}%"


def _cut(text: str, width: int = LABEL_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _columns(rows: list[list[str]], right: set[int]) -> list[str]:
    return list(_lined_up(lambda: iter(rows), right))


def _lined_up(rows: Callable[[], Iterator[list[str]]], right: set[int]) -> Iterator[str]:
    """The rows as lines, columns lined up; ``rows`` gives them twice (widths, then lines), never all held at once."""
    widths: list[int] = []
    for row in rows():
        widths = [max(len(cell), w) for cell, w in zip(row, widths or [0] * len(row), strict=True)]
    for row in rows():
        yield "  ".join(
            cell.rjust(w) if n in right else cell.ljust(w) for n, (cell, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()


def _shares(pairs: list[tuple[int, int]]) -> list[str]:
    """Cells such as " 67%  2 of 3", the counts lined up down the column."""
    part = max(len(str(k)) for k, _ in pairs)
    whole = max(len(str(n)) for _, n in pairs)
    return [f"{percent(k, n):>4}  {k:>{part}} of {n:<{whole}}" for k, n in pairs]


def _figures(rows: list[Weakness]) -> list[list[str]]:
    first = _shares([(w.days_wrong, w.days) for w in rows])
    answers = _shares([(w.wrong, w.attempts) for w in rows])
    return [[a, b] for a, b in zip(first, answers, strict=True)]


def heading(shown: int, weak: int) -> str:
    """The title over the weakest questions, saying how many of how many are shown."""
    if shown == weak:
        return f"Weakest questions: all {weak} that someone answered wrong"
    return f"Weakest questions: the {shown} weakest of the {weak} that someone answered wrong"


def at_risk_heading(report: ClassReport) -> str:
    """The title of the safety section: how many trainees are at risk on safety."""
    count = len(report.at_risk)
    if not count:
        return f"Safety first: no trainee at risk on {SAFETY}"
    return f"Safety first: {count} of {report.trainees} trainee{'s' if report.trainees != 1 else ''} at risk on {SAFETY}"


AT_RISK_RULE = (
    f"At risk: {round(AT_RISK * 100)}% or more of their first tries at questions on {SAFETY} wrong. "
    "Each question they missed is shown with the days its first try was wrong, of the days it was asked."
)


def share_cell(share: Share | None) -> str:
    """A trainee's cell: "69% 36/52", or "-" for a topic not yet answered."""
    return "-" if share is None else f"{percent(share.wrong, share.of)} {share.wrong}/{share.of}"


def trainee_topics(report: ClassReport) -> list[str]:
    """The topics some trainee answered, as the trainee table's columns: safety first."""
    answered = {t for p in report.people for t in p.topics}
    return [t for t in ORDER if t in answered] + sorted(answered - set(ORDER))


def _trainee_rows(people: Sequence[Trainee], topics: list[str]) -> Iterator[str]:
    def rows() -> Iterator[list[str]]:
        yield ["Trainee", *topics, ""]
        for p in people:
            yield [_cut(p.label, NAME_WIDTH), *(share_cell(p.topics.get(t)) for t in topics), "at risk" if p.at_risk else ""]

    return _lined_up(rows, set(range(1, len(topics) + 1)))


def render(report: ClassReport, top: int) -> list[str]:
    """The report as lines: who and when, the measure, safety, trainees by topic, topics, then the ``top`` weakest items."""
    return list(lines(report, top))


def lines(report: ClassReport, top: int) -> Iterator[str]:
    """The lines of ``render``, made as they are read: a class of 1,000 is thousands of lines, never all held."""
    yield from (f"{who(report)}, {when(report)}.", *textwrap.wrap(MEASURE, 88), "")
    yield from (at_risk_heading(report), *textwrap.wrap(AT_RISK_RULE, 88))
    for p in report.at_risk:
        safety = p.safety
        assert safety is not None  # at risk means safety questions were answered
        yield f"  {p.label}: {percent(safety.wrong, safety.of)} of first tries wrong ({safety.wrong} of {safety.of}), missed:"
        yield from (f"    {m.days_wrong} of {m.days}  {_cut(m.label)}" for m in p.missed[:MISSED_SHOWN])
        if len(p.missed) > MISSED_SHOWN:
            yield f"    and {len(p.missed) - MISSED_SHOWN} more (--json and --html show them all)"
    if report.no_safety:
        yield f"Not yet asked any question on {SAFETY}: {', '.join(p.label for p in report.no_safety)}."
    yield from ("", "Trainees: first tries wrong per topic, those at risk on safety first")
    yield from _trainee_rows(report.people, trainee_topics(report))
    topic_rows = [["Topic", "first tries wrong", "all answers wrong", "trainees"]]
    topic_rows += [
        [w.key, *figures, str(w.trainees)] for w, figures in zip(report.topics, _figures(list(report.topics)), strict=True)
    ]
    yield from ("", *_columns(topic_rows, {3}))
    weak = report.weak_items
    yield ""
    if not weak:
        yield "No trainee answered any question wrong: no weak questions to show."
        return
    shown = list(weak[:top])
    yield heading(len(shown), len(weak))
    item_rows = [["#", "first tries wrong", "all answers wrong", "question"]]
    item_rows += [
        [str(n), *figures, _cut(w.label)] for n, (w, figures) in enumerate(zip(shown, _figures(shown), strict=True), start=1)
    ]
    yield from _columns(item_rows, {0})
