"""Lay a sheet out as PDF with fpdf2: the questions, then the answer key from a new page."""

from __future__ import annotations

import contextlib
import datetime
import functools
import io
import logging
import re
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import NamedTuple, cast

from fpdf import FPDF
from fpdf.enums import MethodReturnValue, XPos, YPos
from fpdf.fonts import TTFFont

from massage_quiz import output
from massage_quiz.errors import Unprintable as Unprintable  # still importable from here
from massage_quiz.sheet import fonts as fontfinder
from massage_quiz.sheet.questions import CHOICES, CODES, LETTERS, MAPS, NAMES, SECTIONS, SITUATIONS, Task

CREATOR = "massage-quiz sheet"  # in the PDF's metadata: marks a file massage-quiz may replace
PAPER = {"a4": "A4", "letter": "Letter"}
MARGIN = 16.0  # mm
GAP = 6.0  # between the two columns of maps
MAP_WIDTH = 76.0  # mm: a lower-back map is then about 82 mm tall (1 B-cun about 4.6 mm), and two rows fit a page
KEY_MAP_WIDTH = MAP_WIDTH  # the key's labels as large as the questions': at least 7 pt printed
# The maps' text sizes on paper, in the figure's units: at 76 mm wide one unit prints at 0.35 pt, so the smallest
# (15 units on a phone's screen) would print at 5 pt; 20.5 units print at 7.2 pt, 23 in bold at 8.1 pt.
PRINT_TEXT = {"font-size:16px}": "font-size:21px}", "font-size:19px;": "font-size:23px;", "font-size:15px;": "font-size:20.5px;"}
LINE = 5.0  # the height of a line of body text
RULED = 9.0  # the space between two answer lines


class Heading(NamedTuple):
    """What the top of the first page says."""

    title: str
    subtitle: str


class Layout(NamedTuple):
    """The finished PDF, and where its answer key starts."""

    data: bytes
    pages: int
    key_page: int  # the first page of the answer key (1-based)
    unicode: bool  # printed in a Unicode font: pinyin keeps its tone marks
    chinese: bool  # hanzi printed (or none to print)
    plain: tuple[str, ...] = ()  # characters no font had, printed in plain letters (→ as ->)
    said: tuple[str, ...] = ()  # what fpdf2 itself warned of, control characters stripped


class _Sheet(FPDF):
    """An FPDF with the sheet's footer, and text made printable in the fonts found."""

    def __init__(
        self,
        paper: str,
        title: str,
        fonts: fontfinder.Fonts,
        hanzi: bool = True,
        extra: Sequence[fontfinder.FontFile] = (),
        plain: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(format=PAPER[paper])
        self.sheet_title = title
        self.part = "questions"
        self.key_page = 0
        self.family = "Helvetica"
        self.plain: Callable[[str], str] = fontfinder.latin1
        self.substitute = str.maketrans(dict(plain or {}))
        self.lost: set[str] = set()  # characters Helvetica could not show (the Unicode fonts keep their own list)
        self.unicode = False  # whether pinyin's tone marks can be shown
        self.chinese = not hanzi  # whether hanzi can be shown (true when there are none to show)
        # A text font must have Latin letters: Droid Sans Fallback alone would print a sheet of blanks.
        main = fonts.regular if fonts.regular and self._add("Text", "", fonts.regular, latin=True) else None
        if main is None and fonts.chinese and self._add("Text", "", fonts.chinese, latin=True):
            main = fonts.chinese
            self.chinese = True
        if main is not None:
            self.family, self.unicode, self.plain = "Text", True, fontfinder.without_hanzi
            if not (fonts.bold and main is fonts.regular and self._add("Text", "B", fonts.bold, latin=True)):
                self._add("Text", "B", main)  # no bold face: headings are told apart by size
            fallbacks = []
            # The Chinese font is read only when there are hanzi to print: it is the largest file by far.
            if hanzi and not self.chinese and fonts.chinese and self._add("Chinese", "", fonts.chinese):
                fallbacks.append("Chinese")
                self.chinese = True
            for n, font in enumerate(extra):
                if self._add(f"Extra{n}", "", font):
                    fallbacks.append(f"Extra{n}")
            if fallbacks:
                self.set_fallback_fonts(fallbacks, exact_match=False)
            if self.chinese:
                self.plain = str
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN + 4)
        self.set_creator(CREATOR)
        self.set_producer(CREATOR)
        self.set_title(self.printable(title))

    def printable(self, text: str) -> str:
        """The text as the sheet's fonts print it: hanzi left out without a Chinese font, plain letters where no font has a glyph."""
        text = text.translate(self.substitute)
        if self.family == "Helvetica":
            self.lost |= fontfinder.not_in_latin1(text)
        return self.plain(text)

    def _add(self, family: str, style: str, font: fontfinder.FontFile, latin: bool = False) -> bool:
        """Embed a font found on this computer; False if fpdf2 cannot read it, or (``latin``) it lacks Latin letters."""
        from fontTools.ttLib import TTFont  # fpdf2's own font reader

        try:
            # Read here first, in a file closed whatever happens: fpdf2 leaves the file open when the font is broken.
            with open(font.path, "rb") as handle:
                TTFont(handle, fontNumber=font.number, lazy=True).close()
            self.add_font(family, style, font.path, collection_font_number=font.number)
        except Exception:  # fontTools raises many kinds of error on a font it cannot parse; any one means "not this font"
            return False
        key = family.lower() + style
        if latin and not fontfinder.LATIN.issubset(self.fonts[key].cmap):  # type: ignore[union-attr]  # a TTF font has a cmap
            self.fonts.pop(key).close()  # type: ignore[union-attr]  # a TTF font: fpdf2 keeps its file open until output
            return False
        return True

    def discard(self) -> None:
        """Close the font files of a sheet that is drawn again, or not written: fpdf2 closes them only on output."""
        for font in self.fonts.values():
            if isinstance(font, TTFFont):
                font.close()

    def missing(self) -> set[str]:
        """The characters drawn so far that no font had a glyph for (fpdf2 would print them as nothing)."""
        lost = set(self.lost)
        for font in self.fonts.values():
            lost |= {chr(c) for c in getattr(font, "missing_glyphs", ())}
        return {c for c in lost if not c.isspace()}

    def footer(self) -> None:
        """The title, which part this is, and the page number, small at the foot of every page."""
        self.set_y(-MARGIN)
        self.style_text(8, grey=True)
        part = "answer key" if self.part == "key" else "questions"
        title = self.sheet_title if len(self.sheet_title) <= 70 else self.sheet_title[:69].rstrip() + "…"  # one line
        self.cell(0, 4, self.printable(f"{title} · {part} · page {self.page_no()}"), align="C")

    def style_text(self, size: float, bold: bool = False, grey: bool = False) -> None:
        """Set the font size, weight and colour of what follows."""
        self.set_font(self.family, "B" if bold else "", size)
        self.set_text_color(110 if grey else 20)


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
) -> tuple[_Sheet, dict[str, str]]:
    """The sheet drawn with every character in a font: again with more fonts, or plain spellings, until none is missing."""
    hanzi = any(fontfinder.has_hanzi(t) for t in _texts(tasks, heading))
    extra: list[fontfinder.FontFile] = []
    plain: dict[str, str] = {}
    while True:
        pdf = _draw(tasks, heading, _Sheet(paper, heading.title, fonts, hanzi, extra, plain), created)
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


def _draw(tasks: Sequence[Task], heading: Heading, pdf: _Sheet, created: datetime.datetime) -> _Sheet:
    """Draw the sheet: heading, name and date lines, the sections of questions; the key from a new page."""
    # fpdf2 logs each SVG element it leaves out (<title>, which only names the figure): not the user's concern.
    logging.getLogger("fpdf.svg").setLevel(logging.ERROR)
    pdf.set_creation_date(created)
    pdf.add_page()
    _heading(pdf, heading)
    section = ""
    parts: list[Callable[[bool], float]] = []
    for block in _blocks(tasks):
        # A section's heading goes with its first question: a heading never stands alone at the foot of a page.
        opens = block[0].section if block[0].section != section else None
        section = block[0].section
        parts.append(functools.partial(_block, pdf, block, opens))
    _flow(pdf, parts)
    pdf.add_page()
    pdf.part = "key"  # after add_page, which has drawn the last question page's footer
    pdf.key_page = pdf.page_no()
    pdf.style_text(15, bold=True)
    pdf.multi_cell(0, 8, pdf.printable(f"Answer key: {heading.title}"), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    pdf.style_text(9, grey=True)
    pdf.multi_cell(0, LINE, pdf.printable(heading.subtitle), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    pdf.ln(3)
    _flow(pdf, [functools.partial(_key_block, pdf, block) for block in _blocks(tasks)])
    return pdf


def _blocks(tasks: Sequence[Task]) -> list[list[Task]]:
    """The tasks in the blocks they are drawn in: maps two to a row, everything else one by one."""
    blocks: list[list[Task]] = []
    for task in tasks:
        if task.section == MAPS and blocks and blocks[-1][0].section == MAPS and len(blocks[-1]) == 1:
            blocks[-1].append(task)
        else:
            blocks.append([task])
    return blocks


def _flow(pdf: _Sheet, parts: Sequence[Callable[[bool], float]]) -> None:
    """Draw blocks down the pages, each on one page: a question is never split between pages.

    Each block is measured first (``part(False)`` returns its height and draws
    nothing), the pages planned, then the blocks drawn.
    """
    breaks = _breaks(pdf.get_y(), pdf.t_margin, pdf.page_break_trigger, [part(False) for part in parts])
    for n, part in enumerate(parts):
        if n in breaks:
            pdf.add_page()
        part(True)


def _breaks(y: float, top: float, bottom: float, heights: Sequence[float]) -> set[int]:
    """Before which blocks a new page starts: as many as fit on each page, and no last page with one short line.

    A last page less than a quarter full takes blocks from the page before it while that page stays two-thirds
    full: no page but the last is left a third empty.
    """
    breaks: set[int] = set()
    pages: list[list[int]] = [[]]
    for n, height in enumerate(heights):
        if y + height > bottom and y > top + 0.01:
            breaks.add(n)
            pages.append([])
            y = top
        pages[-1].append(n)
        y += height
    if len(pages) > 2 or (len(pages) == 2 and pages[0]):
        room = bottom - top

        def fill(page: list[int]) -> float:
            return sum(heights[n] for n in page)

        before, last = pages[-2], pages[-1]
        while (
            fill(last) < room / 4
            and len(before) >= 2
            and fill(last) + heights[before[-1]] <= room
            # A line to spare: a block's height ends in space that prints nothing.
            and fill(before) - heights[before[-1]] >= room * 2 / 3 + LINE
        ):
            breaks.discard(last[0])
            last.insert(0, before.pop())
            breaks.add(last[0])
    return breaks


def _heading(pdf: _Sheet, heading: Heading) -> None:
    pdf.style_text(17, bold=True)
    pdf.multi_cell(0, 9, pdf.printable(heading.title), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    pdf.style_text(9, grey=True)
    pdf.multi_cell(0, LINE, pdf.printable(heading.subtitle), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    pdf.ln(5)
    pdf.style_text(11)
    y = pdf.get_y() + 6
    width = pdf.epw
    for label, x, end in (
        ("Name", pdf.l_margin, pdf.l_margin + width * 0.62),
        ("Date", pdf.l_margin + width * 0.68, pdf.l_margin + width),
    ):
        pdf.text(x, y, label)
        pdf.line(x + pdf.get_string_width(label) + 2, y + 1, end, y + 1)
    pdf.set_y(y + 8)


def _text(
    pdf: _Sheet, x: float, width: float, text: str, draw: bool, size: float = 11, bold: bool = False, grey: bool = False
) -> float:
    """Text wrapped to ``width`` at ``x``; its height (drawn below the current position only when ``draw``)."""
    pdf.style_text(size, bold, grey)
    line = LINE + 0.5 if size >= 11 else LINE
    if not draw:
        return cast(
            float, pdf.multi_cell(width, line, pdf.printable(text), dry_run=True, output=MethodReturnValue.HEIGHT, align="L")
        )
    top = pdf.get_y()
    pdf.set_x(x)
    pdf.multi_cell(width, line, pdf.printable(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    return float(pdf.get_y() - top)


def _space(pdf: _Sheet, height: float, draw: bool) -> float:
    """Move down by ``height`` when drawing; the height either way."""
    if draw:
        pdf.set_y(pdf.get_y() + height)
    return height


def _block(pdf: _Sheet, block: Sequence[Task], opens: str | None, draw: bool) -> float:
    """One block of the questions, after its section's heading when it opens the section; its height."""
    height = 0.0
    if opens is not None:
        title, instruction = SECTIONS[opens]
        height += _space(pdf, 5, draw)
        height += _text(pdf, pdf.l_margin, pdf.epw, title, draw, size=13, bold=True)
        height += _text(pdf, pdf.l_margin, pdf.epw, instruction, draw, size=10, grey=True)
        height += _space(pdf, 2, draw)
    first = block[0]
    if first.section == MAPS:
        return height + _map_row(pdf, block, draw)
    if first.section in (CODES, NAMES):
        return height + _table_row(pdf, first, draw)
    return height + _question(pdf, first, draw)


def _numbered(pdf: _Sheet, number: int, text: str, width: float, draw: bool, x: float | None = None) -> float:
    """The question's number in bold, then its text wrapped beside it; its height."""
    x = pdf.l_margin if x is None else x
    if draw:
        pdf.style_text(11, bold=True)
        pdf.text(x, pdf.get_y() + 4.2, f"{number}.")
    return _text(pdf, x + 9, width - 9, text, draw)


def _map_height(svg: str, width: float) -> float:
    """How tall a map is drawn at ``width``, from its viewBox."""
    match = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
    assert match is not None
    return width * float(match.group(2)) / float(match.group(1))


def _map_row(pdf: _Sheet, pair: Sequence[Task], draw: bool, key: bool = False) -> float:
    """Up to two map questions side by side, each text above its map (blank on the sheet, marked in the key); its height."""
    top = pdf.get_y()
    column = (pdf.epw - GAP) / 2
    width = KEY_MAP_WIDTH if key else MAP_WIDTH
    height = 0.0
    for n, task in enumerate(pair):
        x = pdf.l_margin + n * (column + GAP)
        if draw:
            pdf.set_y(top)
        text = _numbered(pdf, task.number, task.key if key else _map_prompt(task.prompt), column, draw, x)
        picture = task.key_map if key else task.blank_map
        assert picture is not None
        if draw:
            pdf.image(_svg(pdf, picture), x=x + 9, y=top + text + 1, w=width)
        height = max(height, text + 1 + _map_height(picture, width) + 5)
    if draw:
        pdf.set_y(top + height)
    return height


def _map_prompt(prompt: str) -> str:
    """A map question as the sheet prints it: the point's name and code on one line; the section says to mark it."""
    lines = [line for line in prompt.split("\n") if line.strip() and line.strip() != "Where is it?"]
    if len(lines) >= 2:
        lines[:2] = [f"{lines[0]} ({lines[1]})"]
    return "\n".join(lines)


def _table_row(pdf: _Sheet, task: Task, draw: bool) -> float:
    """A row of the codes or names table: number, what the card shows, an empty box to write in; its height."""
    height = 10.0
    if draw:
        x, y = pdf.l_margin, pdf.get_y()
        given = pdf.epw * 0.5
        pdf.set_draw_color(150)
        pdf.rect(x, y, pdf.epw, height)
        pdf.line(x + 10 + given, y, x + 10 + given, y + height)
        pdf.set_draw_color(0)
        pdf.style_text(11, bold=True)
        pdf.set_xy(x, y)
        pdf.cell(10, height, f"{task.number}.", align="C")
        size = 11.0
        pdf.style_text(size)
        while (
            pdf.get_string_width(pdf.printable(task.prompt)) > given - 3 and size > 7
        ):  # a long name: smaller, never past the line
            size -= 0.5
            pdf.style_text(size)
        pdf.cell(given, height, pdf.printable(task.prompt))
        pdf.set_y(y + height)
    return height


def _question(pdf: _Sheet, task: Task, draw: bool) -> float:
    """A question with its boxes (choice), or its lines to write on (situations, short answers); its height."""
    height = _numbered(pdf, task.number, task.prompt, pdf.epw, draw) + _space(pdf, 1.5, draw)
    if task.section == CHOICES and task.options == ("True", "False"):
        if draw:
            x, y = pdf.l_margin + 9, pdf.get_y()
            for option in task.options:
                _box(pdf, x, y)
                pdf.style_text(11)
                pdf.text(x + 6, y + 4.2, option)
                x += 34
        height += _space(pdf, LINE + 0.5, draw)
    elif task.section == CHOICES:
        for letter, option in zip(LETTERS, task.options, strict=False):
            if draw:
                y = pdf.get_y()
                _box(pdf, pdf.l_margin + 9, y)
                pdf.style_text(11, bold=True)
                pdf.text(pdf.l_margin + 15, y + 4.2, letter)
            height += _text(pdf, pdf.l_margin + 21, pdf.epw - 21, option, draw) + _space(pdf, 0.8, draw)
    else:
        for _ in range(3 if task.section == SITUATIONS else 2):
            height += _space(pdf, RULED, draw)
            if draw:
                pdf.set_draw_color(170)
                pdf.line(pdf.l_margin + 9, pdf.get_y(), pdf.l_margin + pdf.epw, pdf.get_y())
                pdf.set_draw_color(0)
    return height + _space(pdf, 5, draw)


def _svg(pdf: _Sheet, svg: str) -> io.BytesIO:
    """A body map as fpdf2 reads it: fpdf2 writes an SVG's text in Helvetica, which shows Latin-1 only (no en dash)."""
    pdf.lost |= fontfinder.not_in_latin1("".join(re.findall(r">([^<>]+)</text>", svg)))
    for screen, paper in PRINT_TEXT.items():
        svg = svg.replace(screen, paper)
    # fpdf2 reads a style's class rules only, not its "text{...}" rule: a text without a class gets its size here.
    svg = re.sub(r"<text(?![^>]*\bclass=)", f'<text font-size="{PRINT_TEXT["font-size:16px}"][10:-1]}"', svg)
    return io.BytesIO(fontfinder.latin1(svg).encode("utf-8"))


def _box(pdf: _Sheet, x: float, y: float) -> None:
    """A box to tick, level with the first line of text beside it."""
    pdf.set_line_width(0.3)
    pdf.rect(x, y + 1, 4, 4)
    pdf.set_line_width(0.2)


def _key_block(pdf: _Sheet, block: Sequence[Task], draw: bool) -> float:
    """One block of the key: a row of marked maps, or one answer under the question's number; its height."""
    if block[0].section == MAPS:
        return _map_row(pdf, block, draw, key=True)
    return _numbered(pdf, block[0].number, block[0].key, pdf.epw, draw) + _space(pdf, 2.5, draw)
