"""An entry's picture as a file: the same SVG the deck ships."""

from __future__ import annotations

from pathlib import Path

from massage_quiz import atomicfile, ownedfile
from massage_quiz.catalogue.records import Entry
from massage_quiz.errors import MassageQuizError
from massage_quiz.facets.table import TABLE


def write_picture(entry: Entry, target: Path, force: bool = False) -> None:
    """Write the entry's picture (an acupoint's map, a technique's strokes) to ``target`` as SVG.

    A file already there is replaced only if massage-quiz drew it, or with ``force``.
    """
    picture = TABLE[entry.kind].picture(entry)
    if picture is None:
        raise MassageQuizError(f"{entry.kind} {entry.id!r} has no map or path to draw")
    ownedfile.check(target, _drawn_by_us, "a picture massage-quiz drew", entry.id + ".svg", force)
    try:
        atomicfile.write_text(target, picture[1])
    except OSError as exc:
        raise MassageQuizError(f"cannot write {target}: {exc.strerror or exc}") from None


def _drawn_by_us(path: Path) -> bool:
    """Whether ``path`` is a regular file holding one of massage-quiz's SVG pictures."""
    from massage_quiz.bodymap.svg import MADE_BY

    try:
        return path.is_file() and MADE_BY.encode() in path.read_bytes()[:400]
    except OSError:
        return False
