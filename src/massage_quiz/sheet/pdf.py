"""Lay a sheet out as PDF with fpdf2: the questions, then the answer key from a new page."""

from __future__ import annotations

import datetime
import functools
import io
import logging
import re
from collections.abc import Callable, Sequence
from typing import NamedTuple, cast

from fpdf import FPDF
from fpdf.enums import MethodReturnValue, XPos, YPos

from massage_quiz.sheet import fonts as fontfinder
from massage_quiz.sheet.questions import CHOICES, CODES, LETTERS, MAPS, NAMES, SECTIONS, SITUATIONS, Task

CREATOR = "massage-quiz sheet"  # in the PDF's metadata: marks a file massage-quiz may replace
PAPER = {"a4": "A4", "letter": "Letter"}
MARGIN = 16.0  # mm
GAP = 6.0  # between the two columns of maps
MAP_WIDTH = 72.0  # mm: a lower-back map is then about 74 mm tall (1 B-cun about 4.4 mm), and two rows fit a page
KEY_MAP_WIDTH = 60.0  # mm: the marked point and its code readable at arm's length
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
    chinese: bool  # hanzi printed


class _Sheet(FPDF):
    """An FPDF with the sheet's footer, and text made printable in the fonts found."""

    def __init__(self, paper: str, title: str, fonts: fontfinder.Fonts) -> None:
        super().__init__(format=PAPER[paper])
        self.sheet_title = title
        self.part = "questions"
        self.family = "Helvetica"
        self.plain: Callable[[str], str] = fontfinder.latin1
        self.unicode = self.chinese = False  # whether pinyin's tone marks and hanzi can be shown
        main = fonts.regular if fonts.regular and self._add("Text", "", fonts.regular) else None
        if main is None and fonts.chinese and self._add("Text", "", fonts.chinese):
            main = fonts.chinese
            self.chinese = True
        if main is not None:
            self.family, self.unicode, self.plain = "Text", True, fontfinder.without_hanzi
            if not (fonts.bold and main is fonts.regular and self._add("Text", "B", fonts.bold)):
                self._add("Text", "B", main)  # no bold face: headings are told apart by size
            if not self.chinese and fonts.chinese and self._add("Chinese", "", fonts.chinese):
                self.set_fallback_fonts(["Chinese"], exact_match=False)
                self.chinese = True
            if self.chinese:
                self.plain = str
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN + 4)
        self.set_creator(CREATOR)
        self.set_producer(CREATOR)
        self.set_title(self.plain(title))

    def _add(self, family: str, style: str, font: fontfinder.FontFile) -> bool:
        """Embed a font found on this computer; False if fpdf2 cannot read it (then the sheet does without it)."""
        from fontTools.ttLib import TTFont  # fpdf2's own font reader

        try:
            # Read here first, in a file closed whatever happens: fpdf2 leaves the file open when the font is broken.
            with open(font.path, "rb") as handle:
                TTFont(handle, fontNumber=font.number, lazy=True).close()
            self.add_font(family, style, font.path, collection_font_number=font.number)
        except Exception:  # fontTools raises many kinds of error on a font it cannot parse; any one means "not this font"
            return False
        return True

    def footer(self) -> None:
        """The title, which part this is, and the page number, small at the foot of every page."""
        self.set_y(-MARGIN)
        self.style_text(8, grey=True)
        part = "answer key" if self.part == "key" else "questions"
        title = self.sheet_title if len(self.sheet_title) <= 70 else self.sheet_title[:69].rstrip() + "…"  # one line
        self.cell(0, 4, self.plain(f"{title} · {part} · page {self.page_no()}"), align="C")

    def style_text(self, size: float, bold: bool = False, grey: bool = False) -> None:
        """Set the font size, weight and colour of what follows."""
        self.set_font(self.family, "B" if bold else "", size)
        self.set_text_color(110 if grey else 20)


def layout(tasks: Sequence[Task], heading: Heading, paper: str, fonts: fontfinder.Fonts, created: datetime.datetime) -> Layout:
    """The sheet as PDF: heading, name and date lines, the sections of questions; the key from a new page."""
    # fpdf2 logs each SVG element it leaves out (<title>, which only names the figure): not the user's concern.
    logging.getLogger("fpdf.svg").setLevel(logging.ERROR)
    pdf = _Sheet(paper, heading.title, fonts)
    pdf.set_creation_date(created)
    pdf.add_page()
    _heading(pdf, heading)
    section = ""
    for block in _blocks(tasks):
        # A section's heading goes with its first question: a heading never stands alone at the foot of a page.
        opens = block[0].section if block[0].section != section else None
        section = block[0].section
        _keep_together(pdf, functools.partial(_block, pdf, block, opens))
    pdf.add_page()
    pdf.part = "key"  # after add_page, which has drawn the last question page's footer
    key_page = pdf.page_no()
    pdf.style_text(15, bold=True)
    pdf.multi_cell(0, 8, pdf.plain(f"Answer key: {heading.title}"), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    pdf.style_text(9, grey=True)
    pdf.multi_cell(0, LINE, pdf.plain(heading.subtitle), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    pdf.ln(3)
    for block in _blocks(tasks):
        _keep_together(pdf, functools.partial(_key_block, pdf, block))
    return Layout(bytes(pdf.output()), pdf.page_no(), key_page, pdf.unicode, pdf.chinese)


def _blocks(tasks: Sequence[Task]) -> list[list[Task]]:
    """The tasks in the blocks they are drawn in: maps two to a row, everything else one by one."""
    blocks: list[list[Task]] = []
    for task in tasks:
        if task.section == MAPS and blocks and blocks[-1][0].section == MAPS and len(blocks[-1]) == 1:
            blocks[-1].append(task)
        else:
            blocks.append([task])
    return blocks


def _keep_together(pdf: _Sheet, block: Callable[[bool], float]) -> None:
    """Draw a block on this page if it fits, else on a new one: a question is never split between pages.

    Each block is measured first (``block(False)`` returns its height and draws nothing), then drawn.
    """
    if pdf.get_y() + block(False) > pdf.page_break_trigger:
        pdf.add_page()
    block(True)


def _heading(pdf: _Sheet, heading: Heading) -> None:
    pdf.style_text(17, bold=True)
    pdf.multi_cell(0, 9, pdf.plain(heading.title), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    pdf.style_text(9, grey=True)
    pdf.multi_cell(0, LINE, pdf.plain(heading.subtitle), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
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
        return cast(float, pdf.multi_cell(width, line, pdf.plain(text), dry_run=True, output=MethodReturnValue.HEIGHT, align="L"))
    top = pdf.get_y()
    pdf.set_x(x)
    pdf.multi_cell(width, line, pdf.plain(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
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
        text = _numbered(pdf, task.number, task.key if key else task.prompt, column, draw, x)
        picture = task.key_map if key else task.blank_map
        assert picture is not None
        if draw:
            pdf.image(_svg(picture), x=x + 9, y=top + text + 1, w=width)
        height = max(height, text + 1 + _map_height(picture, width) + 5)
    if draw:
        pdf.set_y(top + height)
    return height


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
        while pdf.get_string_width(pdf.plain(task.prompt)) > given - 3 and size > 7:  # a long name: smaller, never past the line
            size -= 0.5
            pdf.style_text(size)
        pdf.cell(given, height, pdf.plain(task.prompt))
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


def _svg(svg: str) -> io.BytesIO:
    """A body map as fpdf2 reads it: fpdf2 writes an SVG's text in Helvetica, which shows Latin-1 only (no en dash)."""
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
