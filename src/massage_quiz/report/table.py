"""The class report as a plain table for the terminal."""

from __future__ import annotations

import textwrap

from massage_quiz.report.ranking import MEASURE, ClassReport, Weakness, when, who

LABEL_WIDTH = 60  # a prompt longer than this is cut in the table; --json and --html show it whole


def percent(part: int, whole: int) -> str:
    """A share as a whole percentage, "0%" of nothing."""
    return f"{round(100 * part / whole) if whole else 0}%"


def _cut(text: str) -> str:
    return text if len(text) <= LABEL_WIDTH else text[: LABEL_WIDTH - 1].rstrip() + "…"


def _columns(rows: list[list[str]], right: set[int]) -> list[str]:
    widths = [max(len(row[n]) for row in rows) for n in range(len(rows[0]))]
    return [
        "  ".join(
            cell.rjust(w) if n in right else cell.ljust(w) for n, (cell, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]


def _shares(pairs: list[tuple[int, int]]) -> list[str]:
    """Cells such as " 67%  2 of 3", the counts lined up down the column."""
    part = max(len(str(k)) for k, _ in pairs)
    whole = max(len(str(n)) for _, n in pairs)
    return [f"{percent(k, n):>4}  {k:>{part}} of {n:<{whole}}" for k, n in pairs]


def _figures(rows: list[Weakness]) -> list[list[str]]:
    last = _shares([(w.wrong_last, w.answered) for w in rows])
    answers = _shares([(w.wrong, w.attempts) for w in rows])
    return [[a, b] for a, b in zip(last, answers, strict=True)]


def heading(shown: int, weak: int) -> str:
    """The title over the weakest questions, saying how many of how many are shown."""
    if shown == weak:
        return f"Weakest questions: all {weak} that someone answered wrong"
    return f"Weakest questions: the {shown} weakest of the {weak} that someone answered wrong"


def render(report: ClassReport, top: int) -> list[str]:
    """The report as lines: who and when, the measure, topics weakest first, then the ``top`` weakest items."""
    lines = [f"{who(report)}, {when(report)}.", *textwrap.wrap(MEASURE, 88), ""]
    topic_rows = [["Topic", "wrong last", "wrong answers", "trainees"]]
    topic_rows += [
        [w.key, *figures, str(w.trainees)] for w, figures in zip(report.topics, _figures(list(report.topics)), strict=True)
    ]
    lines += _columns(topic_rows, {3})
    weak = report.weak_items
    lines.append("")
    if not weak:
        lines.append("No trainee answered any question wrong: no weak questions to show.")
        return lines
    shown = list(weak[:top])
    lines.append(heading(len(shown), len(weak)))
    item_rows = [["#", "wrong last", "wrong answers", "question"]]
    item_rows += [
        [str(n), *figures, _cut(w.label)] for n, (w, figures) in enumerate(zip(shown, _figures(shown), strict=True), start=1)
    ]
    lines += _columns(item_rows, {0})
    return lines
