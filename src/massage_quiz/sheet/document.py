"""The PDF a sheet is drawn on: its paper, margins and footer, and the fonts found, embedded so that every character prints."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from fpdf import FPDF
from fpdf.fonts import TTFFont

from massage_quiz.sheet import fonts as fontfinder

CREATOR = "massage-quiz sheet"  # in the PDF's metadata: marks a file massage-quiz may replace
PAPER = {"a4": "A4", "letter": "Letter"}
MARGIN = 16.0  # mm


class Sheet(FPDF):
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
        self.wrapped: dict[tuple[float, float, str, float, bool], list[str]] = {}  # see draw._wrapped
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
