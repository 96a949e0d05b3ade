"""From summary files to the class report: read one at a time, add it up, forget it, then rank against the current content."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from massage_quiz.catalogue.cache import NoCycleCollection
from massage_quiz.report import exports
from massage_quiz.report.ranking import ClassReport
from massage_quiz.report.tally import Tally


def from_files(paths: Sequence[str | Path], content_dirs: tuple[str, ...] = ()) -> tuple[ClassReport, list[str]]:
    """The class report of the summaries at ``paths``, items labelled from the content, and the warnings on the way."""
    from massage_quiz.report import known

    # A summary is a tree of JSON values, freed as soon as it is counted: the cycle collector, run again and
    # again as each summary's thousands of objects were made, never found anything, and took a tenth of the time.
    with NoCycleCollection():
        tally = Tally(known.load(content_dirs), exports.read)
        for path in paths:
            # Each summary is read, added up and let go: memory is one summary's, whatever the class size.
            tally.add(path)
        return tally.report(), tally.warnings
