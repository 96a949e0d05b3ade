"""An entry's picture as a file: the same SVG the deck ships."""

from __future__ import annotations

from pathlib import Path

from massage_quiz import atomicfile
from massage_quiz.catalogue.records import Entry
from massage_quiz.errors import MassageQuizError
from massage_quiz.facets.table import TABLE


def write_picture(entry: Entry, target: Path) -> None:
    """Write the entry's picture (an acupoint's map, a technique's strokes) to ``target`` as SVG."""
    picture = TABLE[entry.kind].picture(entry)
    if picture is None:
        raise MassageQuizError(f"{entry.kind} {entry.id!r} has no map or path to draw")
    try:
        atomicfile.write_text(target, picture[1])
    except OSError as exc:
        raise MassageQuizError(f"cannot write {target}: {exc.strerror or exc}") from None
