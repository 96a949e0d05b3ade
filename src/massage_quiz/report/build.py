"""From summary files to the class report: read them all, then rank against the current content."""

from __future__ import annotations

from pathlib import Path

from massage_quiz.report.exports import read_all
from massage_quiz.report.ranking import ClassReport, rank


def from_files(paths: tuple[Path, ...], content_dirs: tuple[str, ...] = ()) -> tuple[ClassReport, list[str]]:
    """The class report of the summaries at ``paths``, items labelled from the content, and the warnings on the way."""
    from massage_quiz.drill.load import load_items

    exports, warnings = read_all(paths)
    return rank(exports, load_items(content_dirs)), warnings
