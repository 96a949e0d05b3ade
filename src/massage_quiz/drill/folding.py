"""The written rules by which a typed text answer is the same answer as an accepted one (docs/answers.md).

Every rule removes or rewrites something that carries no meaning for the
question (a tone number, "the", an ordinal's spelling, the noun the question
itself names) or asks that each of two forms side by side be right on its
own. None of them guesses: what is left must equal an accepted form exactly.
"""

from __future__ import annotations

import re
import unicodedata

from massage_quiz.normalize import normalize_text

# Spaces between a letter and a letter or digit carry no meaning in a name or a level
# ("shen shu", "Ming-Men", "L 2"); between two digits they do ("2 3" is not "23").
JOINABLE = re.compile(r"(?<=[^\W\d_]) (?=\w)|(?<=\d) (?=[^\W\d_])")
# Traditional and Japanese forms of the characters in the bundled names (腎俞, 命門, 腰陽關, 崑崙, 環跳,
# 點法, 擊法, and WHO's own printed 兪 for 俞): the sources give simplified ones, and a trainee who learnt
# the other forms is right.
SIMPLIFIED = str.maketrans(
    {"腎": "肾", "門": "门", "腸": "肠", "陽": "阳", "關": "关", "崑": "昆", "崙": "仑", "侖": "仑"}
    | {"環": "环", "邊": "边", "點": "点", "擊": "击", "兪": "俞"}
)
# "the client's physician", "her GP", "doctor's": whose it is adds nothing to a typed name.
_WHOSE = re.compile(r"^(?:(?:her|his|their|your) )?(?:(?:client|patient)s? (?:s )?)?")
_OWNER = re.compile(r" s$")
# A tone number ends a pinyin syllable, and every syllable ends in a vowel, n, g or r: "shen4shu1".
_TONE = re.compile(r"(?<=[aeiouvngr])[1-5](?![0-9])")
_ORDINALS = {
    f"{n}{suffix}": word
    for n, suffix, word in [
        (1, "st", "first"),
        (2, "nd", "second"),
        (3, "rd", "third"),
        (4, "th", "fourth"),
        (5, "th", "fifth"),
        (6, "th", "sixth"),
        (7, "th", "seventh"),
        (8, "th", "eighth"),
        (9, "th", "ninth"),
        (10, "th", "tenth"),
        (11, "th", "eleventh"),
        (12, "th", "twelfth"),
    ]
}
_LONGEST_TAIL = 4  # words: "of the hand", "spinous process"; a longer tail is a different answer
# Words that change what an answer means: never dropped with a tail, even when the prompt uses them.
_MEANINGFUL = frozenset({"not", "no", "never", "none", "only", "without", "except", "unless", "or", "nor", "but", "and", "if"})
# The same noun in other words: "Shènshū acupoint" for "Which point is this?".
_SAME_NOUN = {"acupoint": "point", "acupoints": "points"}
_BRACKETED = re.compile(r"\s*(.+?)\s*[(（\[]\s*(.+?)\s*[)）\]]\s*")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")


def plain_words(text: str, ruled: bool = True) -> list[str]:
    """Rules 1 to 4: NFKC, case, tone marks and punctuation folded, traditional characters simplified; if ``ruled``, ordinals spelt out and "the" dropped.

    Both sides are compared ruled and not ruled: "th e" joins to "the" only when "the" is kept.
    """
    words = normalize_text(unicodedata.normalize("NFKC", text).translate(SIMPLIFIED)).split()
    return [_ORDINALS.get(word, word) for word in words if word != "the"] if ruled else words


def _keys(words: list[str], tones: bool) -> tuple[str, str]:
    """The answer as compared: whole, and without whose it is (rule 5); tone numbers dropped for pinyin (rule 6)."""
    plain = " ".join(words)
    if tones:
        plain = _TONE.sub("", plain)
    bare = _OWNER.sub("", _WHOSE.sub("", plain)) or plain
    return JOINABLE.sub("", plain), JOINABLE.sub("", bare)


def has_tone_marks(text: str) -> bool:
    """Whether text is pinyin written with tone marks (Shènshū), so tone numbers are its other spelling."""
    return any(unicodedata.category(c) == "Mn" for c in unicodedata.normalize("NFKD", text) if c != "\u0308")


def same(answer: str, candidates: tuple[str, ...], prompt: str = "") -> bool:
    """Whether an answer is one of the candidates by the folding rules (rules 1 to 9 of docs/answers.md)."""
    return _same(answer, candidates) or _two_forms(answer, candidates) or _without_tail(answer, candidates, prompt)


def _same(answer: str, candidates: tuple[str, ...]) -> bool:
    if not "".join(plain_words(answer)):
        return False
    tones = any(has_tone_marks(c) for c in candidates)
    for ruled in (False, True):
        whole, bare = _keys(plain_words(answer, ruled), tones)
        for candidate in candidates:
            their_whole, their_bare = _keys(plain_words(candidate, ruled), False)
            if their_whole and (whole == their_whole or bare == their_bare):
                return True
    return False


def _two_forms(answer: str, candidates: tuple[str, ...]) -> bool:
    """Rule 7: two forms side by side (a name and its characters, a name and a bracketed gloss), each right on its own."""
    bracketed = _BRACKETED.fullmatch(answer)
    if bracketed:
        return all(_same(part, candidates) for part in bracketed.groups())
    han = [m.span() for m in _HAN.finditer(answer)]
    if len(han) != 1:
        return False
    start, end = han[0]
    parts = [answer[:start], answer[start:end], answer[end:]]
    given = [part for part in parts if normalize_text(part)]
    return len(given) == 2 and all(_same(part, candidates) for part in given)


def _without_tail(answer: str, candidates: tuple[str, ...], prompt: str) -> bool:
    """Rule 8: the noun the question names may follow the answer ("her doctor's approval" for "Whose approval…?")."""
    if not prompt:
        return False
    words = normalize_text(unicodedata.normalize("NFKC", answer)).split()
    asked = f" {' '.join(normalize_text(unicodedata.normalize('NFKC', prompt)).split())} "
    for size in range(1, min(_LONGEST_TAIL, len(words) - 1) + 1):
        tail = [_SAME_NOUN.get(word, word) for word in words[-size:]]
        if _MEANINGFUL.intersection(tail) or f" {' '.join(tail)} " not in asked:
            continue
        head = " ".join(words[:-size])
        if _same(head, candidates) or _two_forms(head, candidates):
            return True
    return False
