"""Draw a sheet's content with fpdf2: the heading, the questions in their sections, and the answer key from a new page."""

from __future__ import annotations

import datetime
import functools
import io
import logging
import re
from collections.abc import Callable, Sequence
from typing import NamedTuple, cast

from fpdf.enums import MethodReturnValue, XPos, YPos
from fpdf.fonts import TTFFont

from massage_quiz.sheet import fonts as fontfinder
from massage_quiz.sheet import pages
from massage_quiz.sheet.document import Sheet
from massage_quiz.sheet.questions import CHOICES, CODES, LETTERS, MAPS, NAMES, SECTIONS, SITUATIONS, Task

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


def sheet(tasks: Sequence[Task], heading: Heading, pdf: Sheet, created: datetime.datetime) -> Sheet:
    """Draw the sheet: heading, name and date lines, the sections of questions; the key from a new page."""
    # fpdf2 logs each SVG element it leaves out (<title>, which only names the figure): not the user's concern.
    logging.getLogger("fpdf.svg").setLevel(logging.ERROR)
    pdf.set_creation_date(created)
    pdf.add_page()
    _heading(pdf, heading)
    section = ""
    parts: list[Callable[[bool], float]] = []
    for block in pages.blocks(tasks):
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
    _flow(pdf, [functools.partial(_key_block, pdf, block) for block in pages.blocks(tasks)])
    return pdf


def _flow(pdf: Sheet, parts: Sequence[Callable[[bool], float]]) -> None:
    """Draw blocks down the pages, each on one page: a question is never split between pages.

    Each block is measured first (``part(False)`` returns its height and draws
    nothing), the pages planned, then the blocks drawn.
    """
    breaks = pages.breaks(pdf.get_y(), pdf.t_margin, pdf.page_break_trigger, [part(False) for part in parts], LINE)
    for n, part in enumerate(parts):
        if n in breaks:
            pdf.add_page()
        part(True)


def _heading(pdf: Sheet, heading: Heading) -> None:
    """The title, the subtitle, and the lines for the trainee's name and the date."""
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
    pdf: Sheet, x: float, width: float, text: str, draw: bool, size: float = 11, bold: bool = False, grey: bool = False
) -> float:
    """Text wrapped to ``width`` at ``x``; its height (drawn below the current position only when ``draw``)."""
    pdf.style_text(size, bold, grey)
    line = LINE + 0.5 if size >= 11 else LINE
    lines = _wrapped(pdf, width, line, pdf.printable(text), (size, bold))
    if not draw:
        return line * len(lines)
    top = pdf.get_y()
    # A cell a line, as multi_cell draws its lines: the same PDF byte for byte, without wrapping the text again.
    # (Where a text ends in a newline multi_cell moves down a line more; the content's texts are stripped.)
    for n, part in enumerate(lines):
        pdf.set_x(x)
        last = n == len(lines) - 1
        pdf.cell(width, line, part, new_x=XPos.LMARGIN if last else XPos.LEFT, new_y=YPos.NEXT, align="L")
    return float(pdf.get_y() - top)


def _wrapped(pdf: Sheet, width: float, line: float, text: str, style: tuple[float, bool]) -> list[str]:
    """The lines fpdf2 wraps a text into, worked out once for both the measuring and the drawing of a block.

    Wrapping is most of drawing the sheet (fpdf2 sums a line's widths again at each character it adds).
    """
    key = (width, line, text, *style)
    if key not in pdf.wrapped:
        if _one_line(pdf, width, text):
            pdf.wrapped[key] = [text]
        else:
            pdf.wrapped[key] = cast(
                list[str], pdf.multi_cell(width, line, text, dry_run=True, output=MethodReturnValue.LINES, align="L")
            )
    return pdf.wrapped[key]


# What fpdf2 does more than put characters side by side: breaks a line at these, drops a soft hyphen.
_WRAPPING = frozenset("\n\r\t\f\u00ad")


def _one_line(pdf: Sheet, width: float, text: str) -> bool:
    """Whether fpdf2 surely wraps ``text`` into one line of itself: it fits, with room to spare for rounding.

    Measured in one pass over the text, where fpdf2's wrapping takes time that grows with the square of a
    line's length: most of a sheet's texts (options, answers, names) are one line. Only a text the current
    font has every glyph of (none from a fallback font), summed as fpdf2 sums it, from the font's widths:
    nothing is added to the font's subset before fpdf2 draws it, so the PDF stays the same byte for byte.
    """
    font = pdf.current_font
    if not text or not _WRAPPING.isdisjoint(text) or not isinstance(font, TTFFont):
        return False
    if not all(ord(c) in font.cmap for c in text):
        return False
    _, points = font.get_text_width(text, pdf.font_size_pt, None)
    return points / pdf.k < width - 2 * pdf.c_margin - 0.01


def _space(pdf: Sheet, height: float, draw: bool) -> float:
    """Move down by ``height`` when drawing; the height either way."""
    if draw:
        pdf.set_y(pdf.get_y() + height)
    return height


def _block(pdf: Sheet, block: Sequence[Task], opens: str | None, draw: bool) -> float:
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


def _numbered(pdf: Sheet, number: int, text: str, width: float, draw: bool, x: float | None = None) -> float:
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


def _map_row(pdf: Sheet, pair: Sequence[Task], draw: bool, key: bool = False) -> float:
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


def _table_row(pdf: Sheet, task: Task, draw: bool) -> float:
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


def _question(pdf: Sheet, task: Task, draw: bool) -> float:
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


def _svg(pdf: Sheet, svg: str) -> io.BytesIO:
    """A body map as fpdf2 reads it: fpdf2 writes an SVG's text in Helvetica, which shows Latin-1 only (no en dash)."""
    pdf.lost |= fontfinder.not_in_latin1("".join(re.findall(r">([^<>]+)</text>", svg)))
    for screen, paper in PRINT_TEXT.items():
        svg = svg.replace(screen, paper)
    # fpdf2 reads a style's class rules only, not its "text{...}" rule: a text without a class gets its size here.
    svg = re.sub(r"<text(?![^>]*\bclass=)", f'<text font-size="{PRINT_TEXT["font-size:16px}"][10:-1]}"', svg)
    return io.BytesIO(fontfinder.latin1(svg).encode("utf-8"))


def _box(pdf: Sheet, x: float, y: float) -> None:
    """A box to tick, level with the first line of text beside it."""
    pdf.set_line_width(0.3)
    pdf.rect(x, y + 1, 4, 4)
    pdf.set_line_width(0.2)


def _key_block(pdf: Sheet, block: Sequence[Task], draw: bool) -> float:
    """One block of the key: a row of marked maps, or one answer under the question's number; its height."""
    if block[0].section == MAPS:
        return _map_row(pdf, block, draw, key=True)
    return _numbered(pdf, block[0].number, block[0].key, pdf.epw, draw) + _space(pdf, 2.5, draw)
