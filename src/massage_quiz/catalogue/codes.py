"""WHO acupoint codes: validation, canonical spelling and answer matching.

Matching is exact after normalisation, never by edit distance: BL23, BL25
and BL2 are different points, and a near miss is a wrong answer.
"""

from __future__ import annotations

import re
import unicodedata

# WHO Standard Acupuncture Point Locations (WPRO 2008): 14 meridians, 361 points.
WHO_POINT_COUNTS: dict[str, int] = {
    "LU": 11,
    "LI": 20,
    "ST": 45,
    "SP": 21,
    "HT": 9,
    "SI": 19,
    "BL": 67,
    "KI": 27,
    "PC": 9,
    "TE": 23,
    "GB": 44,
    "LR": 14,
    "GV": 28,
    "CV": 24,
}

MERIDIAN_NAMES: dict[str, str] = {
    "LU": "Lung",
    "LI": "Large Intestine",
    "ST": "Stomach",
    "SP": "Spleen",
    "HT": "Heart",
    "SI": "Small Intestine",
    "BL": "Bladder",
    "KI": "Kidney",
    "PC": "Pericardium",
    "TE": "Triple Energizer",
    "GB": "Gallbladder",
    "LR": "Liver",
    "GV": "Governor Vessel",
    "CV": "Conception Vessel",
}

# Older and other spellings of the prefixes seen in books and charts
# (upper-cased; matching ignores case).
PREFIX_ALIASES: dict[str, str] = {
    "UB": "BL",
    "B": "BL",
    "V": "BL",
    "DU": "GV",
    "DM": "GV",
    "VG": "GV",
    "REN": "CV",
    "RN": "CV",
    "RM": "CV",
    "K": "KI",
    "KID": "KI",
    "TW": "TE",
    "TH": "TE",
    "SJ": "TE",
    "TB": "TE",
    "LIV": "LR",
    "LV": "LR",
    "VB": "GB",
}

# A meridian written out ("Bladder 40", "Governor Vessel 4", as the sources write them): WHO's
# English names and the other usual ones, squashed as _squash squashes a code.
MERIDIAN_WORDS: dict[str, str] = {name.replace(" ", "").upper(): prefix for prefix, name in MERIDIAN_NAMES.items()} | {
    "URINARYBLADDER": "BL",
    "GOVERNINGVESSEL": "GV",
    "TRIPLEENERGISER": "TE",
    "TRIPLEBURNER": "TE",
    "TRIPLEWARMER": "TE",
    "SANJIAO": "TE",
}

# Regions of the WHO extra points (EX-HN head and neck, EX-CA chest and
# abdomen, EX-B back, EX-UE upper and EX-LE lower extremity).
EX_REGIONS = ("HN", "CA", "B", "UE", "LE")

ASHI = "Ashi"

_SEPARATORS = re.compile(r"[\s\-._]+")
# ASCII digits only, at most a few after the leading zeros: int() refuses numbers of thousands of digits.
_SIMPLE = re.compile(r"([A-Z]+)0*([0-9]{1,4})")
_EXTRA = re.compile(r"EX(HN|CA|B|UE|LE)0*([0-9]{1,4})")


def _squash(text: str) -> str:
    """NFKC (full-width ＢＬ２３ is BL23), upper-case, and drop the separators people put into codes."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", text).strip()).upper()


def _prefix(written: str) -> str:
    """The WHO prefix for a squashed prefix as written: an older one or a meridian's name; else as written."""
    return PREFIX_ALIASES.get(written) or MERIDIAN_WORDS.get(written, written)


def canonical(text: str) -> str | None:
    """Return the WHO spelling of a code in any accepted spelling, or None if it is not one.

    ``bl 023``, ``UB-23`` and ``V.23`` all give ``BL23``; ``BL70`` (the
    Bladder meridian ends at BL67) and ``XY3`` give None.
    """
    squashed = _squash(text)
    if squashed == "ASHI":
        return ASHI
    extra = _EXTRA.fullmatch(squashed)
    if extra:
        number = int(extra.group(2))
        return f"EX-{extra.group(1)}{number}" if number >= 1 else None
    simple = _SIMPLE.fullmatch(squashed)
    if not simple:
        return None
    prefix = _prefix(simple.group(1))
    number = int(simple.group(2))
    count = WHO_POINT_COUNTS.get(prefix)
    if count is None or not 1 <= number <= count:
        return None
    return f"{prefix}{number}"


def looks_like_code(text: str) -> bool:
    """Whether text is written as a code (a WHO prefix, or an older one, and a number; or EX-…), valid or not."""
    squashed = _squash(text)
    if squashed.startswith("EX") and any(char.isdigit() for char in squashed):
        return True
    simple = _SIMPLE.fullmatch(squashed)
    return simple is not None and _prefix(simple.group(1)) in WHO_POINT_COUNTS


def problem_with_code(text: str) -> str | None:
    """Explain why ``text`` is not a WHO code written the WHO way, or return None if it is."""
    found = canonical(text)
    if found is not None:
        if found != text:
            return f"write the code as {found!r}, the WHO spelling (list other spellings under code_spellings)"
        return None
    squashed = _squash(text)
    if squashed.startswith("EX"):
        regions = ", ".join(f"EX-{r}" for r in EX_REGIONS)
        return f"{text!r} is not an extra-point code: use one of {regions} followed by a number, e.g. EX-B7"
    simple = _SIMPLE.fullmatch(squashed)
    if simple:
        prefix = _prefix(simple.group(1))
        count = WHO_POINT_COUNTS.get(prefix)
        if count is not None:
            return f"{text!r} is not a WHO code: the {MERIDIAN_NAMES[prefix]} meridian has points {prefix}1 to {prefix}{count}"
        return f"{text!r} is not a WHO code: unknown prefix {simple.group(1)!r} (WHO prefixes: {', '.join(WHO_POINT_COUNTS)})"
    return f"{text!r} is not a WHO code: expected a prefix and a number such as BL23, an extra point such as EX-B7, or Ashi"


def code_matches(expected: str, answer: str, spellings: tuple[str, ...] = ()) -> bool:
    """Whether a typed answer names the point whose canonical code is ``expected``.

    The answer may use any case, spaces, hyphens, dots, leading zeros and the
    older prefixes; one of the entry's own listed spellings is accepted as
    written (ignoring case and separators).
    """
    found = canonical(answer)
    if found is not None:
        return found == expected
    squashed = _squash(answer)
    return bool(squashed) and any(squashed == _squash(s) for s in spellings)
