"""Is this answer right? Exact comparison after normalisation, never a fuzzy guess."""

from __future__ import annotations

import re

from massage_quiz.catalogue import codes
from massage_quiz.normalize import normalize_text


def text_matches(answer: str, expected: str, variants: tuple[str, ...] = ()) -> bool:
    """Whether a typed answer equals the expected text or one of its accepted variants."""
    given = normalize_text(answer)
    return bool(given) and any(given == normalize_text(candidate) for candidate in (expected, *variants))


def is_code(text: str) -> bool:
    """Whether an answer text is itself a WHO code (so it is matched as a code)."""
    return codes.canonical(text) == text and text != codes.ASHI


def typed_matches(answer: str, expected: str, variants: tuple[str, ...] = ()) -> bool:
    """Match a typed answer: as a code when the expected answer is a code, else as text."""
    if is_code(expected):
        return codes.code_matches(expected, answer, variants)
    return text_matches(answer, expected, variants)


def choice_index(answer: str, options: tuple[str, ...]) -> int | None:
    """The option a trainee picked, by its number (from 1) or its text; None if neither."""
    stripped = answer.strip().rstrip(".)")
    if stripped.isdigit():
        number = int(stripped)
        return number - 1 if 1 <= number <= len(options) else None
    given = normalize_text(answer)
    for index, option in enumerate(options):
        if given and given == normalize_text(option):
            return index
    return None


def true_false(answer: str) -> bool | None:
    """Read a true/false answer: t, true, y, yes, 1 or f, false, n, no, 0."""
    word = normalize_text(answer)
    if word in ("t", "true", "y", "yes", "1"):
        return True
    if word in ("f", "false", "n", "no", "0"):
        return False
    return None


def order_indexes(answer: str, count: int) -> list[int] | None:
    """Read an ordering such as ``3 1 2`` or ``3,1,2`` (or ``312`` for fewer than ten steps).

    Returns zero-based indexes, or None if the answer is not a permutation of 1..count.
    """
    parts = re.findall(r"\d+", answer)
    if len(parts) == 1 and count < 10 and len(parts[0]) == count:
        parts = list(parts[0])
    numbers = [int(p) - 1 for p in parts]
    if sorted(numbers) != list(range(count)):
        return None
    return numbers
