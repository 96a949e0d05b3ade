"""The fonts a sheet is printed in, found on this computer: nothing is downloaded.

A PDF shows only the glyphs of the fonts it embeds, so pinyin's tone marks
need a Unicode font and hanzi a Chinese one. Both are looked for with
fontconfig (Linux, and macOS or Windows where it is installed) and at the
places macOS, Windows and the Linux distributions put them. Without a
Chinese font the sheet is printed without hanzi; without any Unicode font,
in the PDF's own Helvetica, with the text reduced to what it can show.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
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
    chinese = _fontconfig_chinese() or next((FontFile(p) for p in CHINESE_PLACES if p.is_file()), None)
    regular, bold = _fontconfig("sans-serif"), _fontconfig("sans-serif:bold")
    if regular is None:
        regular, bold = next(
            ((FontFile(r), FontFile(b) if b.is_file() else None) for r, b in TEXT_PLACES if r.is_file()), (None, None)
        )
    return Fonts(regular, bold, chinese)


def _run_fontconfig(*args: str) -> str:
    """What a fontconfig tool prints, or "" where it is absent or fails."""
    tool = shutil.which(args[0])
    if tool is None:
        return ""
    try:
        return subprocess.run([tool, *args[1:]], capture_output=True, text=True, timeout=10, check=True).stdout
    except (OSError, subprocess.SubprocessError, UnicodeDecodeError):
        return ""


def _fontconfig(pattern: str) -> FontFile | None:
    """The file fontconfig picks for a pattern, if it is one fpdf2 can read."""
    return _font_file(_run_fontconfig("fc-match", "-f", "%{file}|%{index}", pattern))


def _fontconfig_chinese() -> FontFile | None:
    """A font fontconfig knows to cover Simplified Chinese: a sans-serif one (hei) where there is one."""
    found = [
        f for f in (_font_file(line) for line in _run_fontconfig("fc-list", ":lang=zh-cn", "file", "index").splitlines()) if f
    ]
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


_PLAIN = str.maketrans(
    {
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
)


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
