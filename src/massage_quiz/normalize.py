"""Text compared as a trainee means it: case, tone marks, punctuation and spacing folded away."""

from __future__ import annotations

import unicodedata


def _folded(char: str) -> str | None:
    """What one character of decomposed text becomes: nothing (a combining mark), a space, or itself."""
    category = unicodedata.category(char)
    if category == "Mn":  # combining marks: the tones of pinyin, accents
        return None
    return " " if category[0] in "PSZC" else char  # punctuation, symbols, separators, controls


class _Fold(dict[int, "str | None"]):
    """Each character's fold by code point, worked out the first time the character is met."""

    def __missing__(self, code: int) -> str | None:
        folded = self[code] = _folded(chr(code))
        return folded


# A character at a time in Python was most of what `check` spent on its lint at 10,000 entries (2.2 million
# characters folded for the questions asked twice); str.translate does the same in C. A plain dict for text
# that is all ASCII (nearly all of it) keeps translate's fast path, which a dict with __missing__ loses.
_ASCII = {code: _folded(chr(code)) for code in range(128)}
_ANY = _Fold(_ASCII)


def normalize_text(text: str) -> str:
    """Fold case, tone marks and punctuation away; keep letters, digits and Chinese characters.

    ``"Soreness & distension."`` and ``"soreness distension"`` compare equal,
    and so do ``Yāoyǎn`` and ``yaoyan``.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    # split() and join: runs of whitespace made one space and the ends trimmed, as re's \s+ and strip() would.
    return " ".join(decomposed.translate(_ASCII if decomposed.isascii() else _ANY).split())
