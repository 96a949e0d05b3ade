"""The fonts a sheet is printed in, found on this computer: nothing is downloaded.

A PDF shows only the glyphs of the fonts it embeds, so pinyin's tone marks
need a Unicode font and hanzi a Chinese one. Both are looked for with
fontconfig (Linux, and macOS or Windows where it is installed) and at the
places macOS, Windows and the Linux distributions put them. Without a
Chinese font the sheet is printed without hanzi; without any Unicode font
that has Latin letters, in the PDF's own Helvetica, with the text reduced to
what it can show. A character the chosen fonts lack is looked for in the
other fonts fontconfig knows (``covering``), never left out unsaid.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NamedTuple


class FontFile(NamedTuple):
    """A font file, and the font's number in it when the file is a collection (.ttc)."""

    path: Path
    number: int = 0  # the font's number in a collection


class Fonts(NamedTuple):
    """The fonts found: a Unicode text font (regular and bold) and a Chinese one; None where none was found."""

    regular: FontFile | None
    bold: FontFile | None
    chinese: FontFile | None


# Where the systems keep fonts that fontconfig may not know of (or where fontconfig is absent).
_WINDOWS = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
_MAC = Path("/System/Library/Fonts")
CHINESE_PLACES = (
    _WINDOWS / "msyh.ttc",  # Microsoft YaHei, on every Windows since Vista
    _WINDOWS / "msyh.ttf",
    _WINDOWS / "simhei.ttf",
    _WINDOWS / "simsun.ttc",
    _MAC / "STHeiti Medium.ttc",
    _MAC / "STHeiti Light.ttc",
    _MAC / "Hiragino Sans GB.ttc",
    _MAC / "Supplemental" / "Arial Unicode.ttf",
    Path("/Library/Fonts/Arial Unicode.ttf"),
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc"),
)
TEXT_PLACES = (
    (_WINDOWS / "arial.ttf", _WINDOWS / "arialbd.ttf"),
    (_MAC / "Supplemental" / "Arial.ttf", _MAC / "Supplemental" / "Arial Bold.ttf"),
    (Path("/Library/Fonts/Arial.ttf"), Path("/Library/Fonts/Arial Bold.ttf")),
    (Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"), Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")),
    (Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"), Path("/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf")),
    (
        Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
        Path("/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
    ),
)
# fpdf2 reads TrueType and OpenType fonts and collections of them; not Type 1 or bitmap fonts.
_READABLE = (".ttf", ".ttc", ".otf", ".otc")


def find_fonts() -> Fonts:
    """The fonts to print a sheet in, from fontconfig first, then from the systems' usual places."""
    # The three questions asked of fontconfig at once: each is a process of its own, 10-20 ms apiece.
    listed, regular_line, bold_line = _run_fontconfig(
        ("fc-list", "-f", "%{file}|%{index}\n", ":lang=zh-cn"),
        ("fc-match", "-f", "%{file}|%{index}", "sans-serif"),
        ("fc-match", "-f", "%{file}|%{index}", "sans-serif:bold"),
    )
    chinese = _chinese(listed) or next((FontFile(p) for p in CHINESE_PLACES if p.is_file()), None)
    regular, bold = _font_file(regular_line), _font_file(bold_line)
    if regular is None:
        regular, bold = next(
            ((FontFile(r), FontFile(b) if b.is_file() else None) for r, b in TEXT_PLACES if r.is_file()), (None, None)
        )
    return Fonts(regular, bold, chinese)


def _run_fontconfig(*commands: tuple[str, ...]) -> list[str]:
    """What each fontconfig command prints, the commands run side by side; "" for one whose tool is absent or fails."""
    return [_printed(process) for process in [_start(command) for command in commands]]


def _start(command: tuple[str, ...]) -> subprocess.Popen[str] | None:
    """A fontconfig tool started, or None where it is absent or cannot start."""
    tool = shutil.which(command[0])
    if tool is None:
        return None
    try:
        return subprocess.Popen([tool, *command[1:]], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    except OSError:
        return None


def _printed(process: subprocess.Popen[str] | None) -> str:
    """What a fontconfig process prints, or "" when it was not started, fails, or takes over 10 seconds."""
    if process is None:
        return ""
    with process:
        try:
            out, _ = process.communicate(timeout=10)
        except (subprocess.SubprocessError, UnicodeDecodeError):
            process.kill()
            return ""
    return out if process.returncode == 0 else ""


def _chinese(listed: str) -> FontFile | None:
    """Of the fonts fontconfig knows to cover Simplified Chinese, a sans-serif one (hei) where there is one."""
    found = [f for f in (_font_file(line) for line in listed.splitlines()) if f]
    found.sort(key=lambda f: (not re.search(r"hei|sans|yahei|gothic", f.path.name, re.I), str(f.path), f.number))
    return found[0] if found else None


def _font_file(line: str) -> FontFile | None:
    """A ``file|index`` line of fontconfig's as a font file fpdf2 can read, if it is one."""
    match = re.fullmatch(r"\s*(.+?)\|(\d*)\s*", line)
    if not match:
        return None
    path = Path(match.group(1))
    if path.suffix.lower() not in _READABLE or not path.is_file():
        return None
    return FontFile(path, int(match.group(2) or 0))


# What a text font must have: a font without Latin letters (Droid Sans Fallback) only stands in for the characters it has.
LATIN = frozenset(map(ord, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"))


@functools.cache
def characters(font: FontFile) -> frozenset[int]:
    """The characters a font has glyphs for: empty when the file cannot be read as a font."""
    from fontTools.ttLib import TTFont  # fpdf2's own font reader

    try:
        with open(font.path, "rb") as handle:
            reader = TTFont(handle, fontNumber=font.number, lazy=True)
            try:
                return frozenset(reader.getBestCmap() or {})
            finally:
                reader.close()
    except Exception:  # fontTools raises many kinds of error on a font it cannot parse; any one means "no characters"
        return frozenset()


def covering(char: str) -> FontFile | None:
    """A font on this computer with a glyph for ``char``: fontconfig's choice first, then the systems' usual places."""
    (listed,) = _run_fontconfig(("fc-list", "-f", "%{file}|%{index}\n", f":charset={ord(char):x}"))
    found = [f for f in (_font_file(line) for line in listed.splitlines()) if f]
    # A plain sans-serif face reads best beside the text font: not a monospaced, serif or symbol one.
    found.sort(key=lambda f: (bool(re.search(r"mono|serif|symbol|emoji", f.path.name, re.I)), str(f.path), f.number))
    places = [FontFile(p) for pair in TEXT_PLACES for p in pair] + [FontFile(p) for p in CHINESE_PLACES]
    found += [f for f in places if f.path.is_file()]
    return next((f for f in found if ord(char) in characters(f)), None)


def has_hanzi(text: str) -> bool:
    """Whether the text has a character only a Chinese font shows."""
    return _CJK.search(text) is not None


# Hanzi, CJK punctuation and full-width forms: what a font without Chinese cannot show.
_CJK = re.compile(r"[\u2e80-\u2fdf\u3000-\u303f\u3100-\u312f\u31a0-\u31ef\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]+")
_EMPTY_BRACKETS = re.compile(r"\s*\((?:[^()]*:)?\s*\)")  # "()", or "(also right: )" when all it listed was hanzi


def without_hanzi(text: str) -> str:
    """The text with its Chinese characters left out, and the brackets and commas they leave tidied."""
    if not _CJK.search(text):
        return text
    text = _CJK.sub("", text)
    text = re.sub(r"\(\s*(?:[,;]\s*)+", "(", text)  # "(推法, tuī fǎ)" -> "(tuī fǎ)"
    text = re.sub(r":\s*(?:[,;]\s*)+", ": ", text)  # "also right: 肾俞, Kidney Shu" -> "also right: Kidney Shu"
    text = re.sub(r"\s*[,;]\s*(?=[,;)]|$)", "", text, flags=re.M)  # a comma left before another, a bracket or the end
    text = _EMPTY_BRACKETS.sub("", text)
    text = re.sub(r"[ \t]{2,}", " ", text)
    return "\n".join(line.strip() for line in text.split("\n"))


# How a character a font lacks is written in plain letters (the steps of an order stay apart: "A -> B").
PLAIN = {
    "→": "->",
    "←": "<-",
    "•": "-",
    "–": "-",
    "—": "-",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "…": "...",
    "≈": "~",
    "≤": "<=",
    "≥": ">=",
    "−": "-",
}
_PLAIN = str.maketrans(PLAIN)


def latin1(text: str) -> str:
    """The text as the PDF's built-in Helvetica can show it: accents and tone marks dropped alike, so pinyin stays consistent."""
    text = without_hanzi(text).translate(_PLAIN)
    out = []
    for char in text:
        base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        if char.isascii() or (base.isascii() and base.isalpha()):
            out.append(base)
        else:
            out.append(char if ord(char) < 256 else "?")
    return "".join(out)


def not_in_latin1(text: str) -> set[str]:
    """The characters of ``text`` (hanzi apart) that ``latin1`` can neither keep, plain-write nor reduce to a letter."""
    return {c for c in without_hanzi(text).translate(_PLAIN) if latin1(c) == "?" and c != "?"}


# Bump when what a cut-down font keeps changes, so that older ones in the cache are not used.
_TRIM_VERSION = b"2"
# What every sheet prints besides its content: its own words, numbers, the footer's dot and ellipsis, plain spellings.
_ALWAYS = "".join(map(chr, range(0x20, 0x7F))) + "".join(map(chr, range(0xA0, 0x100))) + "…·" + "".join(PLAIN)


def trimmed(found: Fonts, key: str, content: Callable[[], Iterable[str]]) -> Fonts:
    """The fonts cut down to the characters the content can print, cached by the content's key and the font files.

    fpdf2 reads the whole of a font at every start (half a second for a
    Chinese one); a font of only the content's characters reads in
    milliseconds. Text beyond them (a title) is drawn from the whole font,
    found again as a fallback (see ``covering``).
    """
    chars: list[str] = []

    def wanted() -> str:
        if not chars:
            chars.append("".join(sorted(set(_ALWAYS).union(*content()))))
        return chars[0]

    def trim(font: FontFile | None) -> FontFile | None:
        return None if font is None else _trimmed(font, key, wanted)

    return Fonts(trim(found.regular), trim(found.bold), trim(found.chinese))


def _trimmed(font: FontFile, key: str, wanted: Callable[[], str]) -> FontFile:
    """One font cut down (made once, then read from the cache); the font itself where it cannot be."""
    from massage_quiz import atomicfile
    from massage_quiz.catalogue import cache

    try:
        stat = font.path.stat()
    except OSError:
        return font
    identity = (str(font.path.resolve()), str(font.number), str(stat.st_size), str(stat.st_mtime_ns))
    path = cache.cache_dir() / "fonts" / f"{cache.digest([_TRIM_VERSION, key.encode(), *(p.encode() for p in identity)])}.ttf"
    if path.is_file():
        with contextlib.suppress(OSError):
            os.utime(path)  # in use: kept when older ones are cleared away
        return FontFile(path)
    # fontTools logs each table it drops ("FFTM NOT subset"): nothing for the user, and never raw on the terminal.
    quiet = logging.getLogger("fontTools")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)
    try:
        from fontTools import subset

        options = subset.Options()
        options.font_number = font.number
        options.notdef_outline = True
        options.hinting = False  # fpdf2 embeds no hinting either
        options.layout_features = []  # the sheet shapes no text
        options.name_IDs = ["*"]  # the font's names and licence, kept with its glyphs
        # Glyph names kept, in a 'post' table that lists them: reading a font without them makes fontTools import
        # its Adobe Glyph List to invent them (7-23 ms at every start, measured), most of reading a cut-down font.
        options.glyph_names = True
        # From a file closed whatever happens: fontTools leaves it open when the font is broken.
        with open(font.path, "rb") as handle:
            reader = subset.load_font(handle, options)
            try:
                cutter = subset.Subsetter(options)
                cutter.populate(unicodes=[ord(c) for c in wanted()])
                cutter.subset(reader)
                post = reader.get("post")
                if post is not None and post.formatType != 2.0:  # a font without names (3.0): fontTools' own, written
                    post.formatType, post.mapping, post.extraNames = 2.0, {}, []
                path.parent.mkdir(parents=True, exist_ok=True)
                atomicfile.write_with(path, lambda partial: subset.save_font(reader, str(partial), options))
            finally:
                reader.close()
    except Exception:  # a font fontTools cannot cut, or a cache that cannot be written, only costs time
        return font
    finally:
        quiet.setLevel(level)
    _prune(path.parent)
    return FontFile(path)


KEPT = 12  # cut-down fonts kept: the last few contents' regular, bold and Chinese faces


def _prune(folder: Path) -> None:
    """Remove all but the most recently used cut-down fonts: each edit of the content makes new ones."""
    with contextlib.suppress(OSError):
        made = sorted(folder.glob("*.ttf"), key=lambda f: f.stat().st_mtime, reverse=True)
        for old in made[KEPT:]:
            old.unlink(missing_ok=True)
