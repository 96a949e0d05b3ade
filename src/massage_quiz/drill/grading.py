"""Is this answer right? Exact comparison after normalisation, never a fuzzy guess."""

from __future__ import annotations

import re
import unicodedata

from massage_quiz.catalogue import codes
from massage_quiz.drill import folding
from massage_quiz.normalize import normalize_text

_ASCII_NUMBER = re.compile(r"[0-9]{1,4}")
_SHORTEST_PREFIX = 3  # letters: "b" may mean "option b", never the word "both"
_SHORTEST_WORD = 2  # letters: a whole word of one option ("gv" for "GV (Governor Vessel)"); one letter may mean "option b"
_LONGEST_PROMPT_SPAN = 8  # words: the longest stretch of a prompt an answer could copy


def fold(text: str) -> str:
    """NFKC, then case, tone marks, punctuation and meaningless spaces folded away."""
    return folding.JOINABLE.sub("", normalize_text(unicodedata.normalize("NFKC", text).translate(folding.SIMPLIFIED)))


def text_matches(answer: str, expected: str, variants: tuple[str, ...] = (), prompt: str = "") -> bool:
    """Whether a typed answer is the expected text or one of its accepted variants, by the written folding rules."""
    return folding.same(answer, (expected, *variants), prompt)


def is_code(text: str) -> bool:
    """Whether an answer text names a WHO code in any spelling (so it is matched, and shown, as a code)."""
    found = codes.canonical(text)
    return found is not None and found != codes.ASHI


def shown_answer(expected: str) -> str:
    """The answer as feedback shows it: a code in its WHO spelling, other text as written."""
    return codes.canonical(expected) or expected if is_code(expected) else expected


def who_spelling(answer: str, expected: str) -> str | None:
    """The WHO code to show beside a right code typed another way (``du 4``, ``Bladder 40``), or None if typed as WHO writes it."""
    if not is_code(expected):
        return None
    canonical = codes.canonical(expected)
    return canonical if canonical is not None and unicodedata.normalize("NFKC", answer).strip() != canonical else None


def in_prompt(answer: str, prompt: str) -> bool:
    """Whether the answer only copies words the prompt already shows (an older code prefix, a name)."""
    given = fold(answer)
    words = normalize_text(unicodedata.normalize("NFKC", prompt)).split()
    for start in range(len(words)):
        for end in range(start + 1, min(start + _LONGEST_PROMPT_SPAN, len(words)) + 1):
            if fold(" ".join(words[start:end])) == given:
                return True
    return False


def typed_matches(answer: str, expected: str, variants: tuple[str, ...] = (), prompt: str = "") -> bool:
    """Match a typed answer: as a code when the expected answer is one, else as text; never a copy of the prompt."""
    if prompt and in_prompt(answer, prompt):
        return False
    if is_code(expected):
        canonical = codes.canonical(expected)
        assert canonical is not None, "is_code checked it"
        return codes.code_matches(canonical, answer, variants) or text_matches(answer, expected, variants)
    return text_matches(answer, expected, variants, prompt)


def choice_candidates(answer: str, options: tuple[str, ...]) -> list[int]:
    """The options an answer could mean: its number (from 1), its whole text, or words (three letters or more) starting its words.

    An empty list means the answer fits no option; more than one, that it is ambiguous.
    """
    stripped = unicodedata.normalize("NFKC", answer).strip().rstrip(".)")
    if stripped.isascii() and stripped.isdigit():
        number = int(stripped) if _ASCII_NUMBER.fullmatch(stripped) else 0
        return [number - 1] if 1 <= number <= len(options) else []
    given = fold(answer)
    if not given:
        return []
    exact = [index for index, option in enumerate(options) if fold(option) == given]
    if exact:
        return exact
    if len(given) < _SHORTEST_PREFIX:
        # A short code or abbreviation that is a whole word of exactly one option: "gv" for "GV (Governor Vessel)".
        whole = [i for i, option in enumerate(options) if given in normalize_text(option).split()]
        return whole if len(given) >= _SHORTEST_WORD and len(whole) == 1 else []
    words = normalize_text(unicodedata.normalize("NFKC", answer)).split()
    return [index for index, option in enumerate(options) if _starts_words(words, normalize_text(option).split())]


def _starts_words(given: list[str], option: list[str]) -> bool:
    """Whether every given word starts some word of the option (a distinctive word, or the start of it)."""
    return all(any(word.startswith(part) for word in option) for part in given)


def choice_index(answer: str, options: tuple[str, ...]) -> int | None:
    """The option a trainee picked, by its number or by text that fits exactly one option; None otherwise."""
    candidates = choice_candidates(answer, options)
    return candidates[0] if len(candidates) == 1 else None


def true_false(answer: str) -> bool | None:
    """Read a true/false answer: t, true, y, yes, 1 or f, false, n, no, 0."""
    word = fold(answer)
    if word in ("t", "true", "y", "yes", "1"):
        return True
    if word in ("f", "false", "n", "no", "0"):
        return False
    return None


def order_indexes(answer: str, count: int) -> list[int] | None:
    """Read an ordering such as ``3 1 2`` or ``3,1,2`` (or ``312`` for fewer than ten steps).

    Returns zero-based indexes, or None if the answer is not a permutation of 1..count.
    """
    parts = re.findall(r"[0-9]+", unicodedata.normalize("NFKC", answer))
    if len(parts) == 1 and count < 10 and len(parts[0]) == count:
        parts = list(parts[0])
    if any(len(part) > 4 for part in parts):
        return None  # no list has that many steps; and int() refuses very long numbers
    numbers = [int(p) - 1 for p in parts]
    if sorted(numbers) != list(range(count)):
        return None
    return numbers
