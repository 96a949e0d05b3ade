"""Text compared as a trainee means it: case, tone marks, punctuation and spacing folded away."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """Fold case, tone marks and punctuation away; keep letters, digits and Chinese characters.

    ``"Soreness & distension."`` and ``"soreness distension"`` compare equal,
    and so do ``Yāoyǎn`` and ``yaoyan``.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = []
    for char in decomposed:
        category = unicodedata.category(char)
        if category == "Mn":  # combining marks: the tones of pinyin, accents
            continue
        kept.append(" " if category[0] in "PSZC" else char)
    return _SPACES.sub(" ", "".join(kept)).strip()
