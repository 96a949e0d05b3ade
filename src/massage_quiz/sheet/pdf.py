"""Lay a sheet out as PDF with fpdf2: drawn again with more fonts, or plain spellings, until every character prints.

``document`` is the PDF with its fonts, ``pages`` plans where pages break,
``draw`` draws the questions and the key.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import warnings
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from massage_quiz import output
from massage_quiz.errors import Unprintable as Unprintable  # still importable from here
from massage_quiz.sheet import draw
from massage_quiz.sheet import fonts as fontfinder
from massage_quiz.sheet.document import Sheet
from massage_quiz.sheet.draw import Heading
from massage_quiz.sheet.questions import Task


class Layout(NamedTuple):
    """The finished PDF, and where its answer key starts."""

    data: bytes
    pages: int
    key_page: int  # the first page of the answer key (1-based)
    unicode: bool  # printed in a Unicode font: pinyin keeps its tone marks
    chinese: bool  # hanzi printed (or none to print)
    plain: tuple[str, ...] = ()  # characters no font had, printed in plain letters (→ as ->)
    said: tuple[str, ...] = ()  # what fpdf2 itself warned of, control characters stripped


def layout(tasks: Sequence[Task], heading: Heading, paper: str, fonts: fontfinder.Fonts, created: datetime.datetime) -> Layout:
    """The sheet as PDF, every character printed: a character the fonts lack is drawn from another font, or written plain.

    What fpdf2 logs or warns on the way (reading a font, drawing, writing) is
    kept, made safe to print, and returned: it never reaches the terminal raw.
    Raises ``Unprintable`` when no font on this computer has a character and it has no plain spelling.
    """
    with _heard() as said:
        pdf, plain = _printed(tasks, heading, paper, fonts, created)
        data = bytes(pdf.output())
    if pdf.missing():  # the last page's footer, drawn by output(), has only characters drawn before: a safeguard
        raise Unprintable(pdf.missing())
    heard = tuple(dict.fromkeys(output.clean(s) for s in said))
    return Layout(data, pdf.page_no(), pdf.key_page, pdf.unicode, pdf.chinese, tuple(sorted(plain)), heard)


def _printed(
    tasks: Sequence[Task], heading: Heading, paper: str, fonts: fontfinder.Fonts, created: datetime.datetime
) -> tuple[Sheet, dict[str, str]]:
    """The sheet drawn with every character in a font: again with more fonts, or plain spellings, until none is missing."""
    hanzi = any(fontfinder.has_hanzi(t) for t in _texts(tasks, heading))
    extra: list[fontfinder.FontFile] = []
    plain: dict[str, str] = {}
    while True:
        pdf = draw.sheet(tasks, heading, Sheet(paper, heading.title, fonts, hanzi, extra, plain), created)
        missing = pdf.missing()
        if not missing:
            return pdf, plain
        pdf.discard()
        # Each round either adds a font that has a missing character, or spells the rest plainly: it ends.
        found = [f for f in dict.fromkeys(fontfinder.covering(c) for c in sorted(missing)) if f and f not in extra]
        if found and pdf.unicode:
            extra += found
            continue
        unprintable = {c for c in missing if c not in fontfinder.PLAIN or c in plain}
        if unprintable:
            raise Unprintable(unprintable)
        plain.update({c: fontfinder.PLAIN[c] for c in missing})


def _texts(tasks: Sequence[Task], heading: Heading) -> list[str]:
    """Every text of the sheet that comes from the content or the instructor."""
    return [heading.title, heading.subtitle, *(t for task in tasks for t in (task.prompt, task.key, *task.options))]


@contextlib.contextmanager
def _heard() -> Iterator[list[str]]:
    """Keep what fpdf2 logs and warns while the block runs, instead of letting it reach the terminal."""
    said: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            said.append(record.getMessage())

    logger = logging.getLogger("fpdf")
    keep, propagate = Keep(), logger.propagate
    logger.addHandler(keep)
    logger.propagate = False
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield said
    finally:
        logger.removeHandler(keep)
        logger.propagate = propagate
        said += [str(w.message) for w in caught]
