"""The shape of a JSON object as a table of its keys: each key's check and what its value must be, said in one line.

A file's keys are declared once, as ``Key`` rows; ``first_wrong`` finds the
first one whose value does not pass, and its ``meaning`` is the message.
The checks below take any value JSON can give (a missing key is checked as
null), so a table can be checked against a file read by hand.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple

Check = Callable[[object], bool]

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


class Key(NamedTuple):
    """One key of a JSON object: its name, its check, and what its value must be ("a whole number up to 10")."""

    name: str
    check: Check
    meaning: str


def first_wrong(keys: Sequence[Key], data: Mapping[str, object]) -> Key | None:
    """The first of ``keys`` whose value in ``data`` does not pass its check (a missing key is checked as null), or None."""
    for key in keys:
        if not key.check(data.get(key.name)):
            return key
    return None


def text(limit: int, blank: bool = False) -> Check:
    """A check for a text of 1 to ``limit`` characters, and not only spaces unless ``blank``."""
    if blank:
        return lambda value: isinstance(value, str) and 0 < len(value) <= limit
    return lambda value: isinstance(value, str) and 0 < len(value) <= limit and not value.isspace()


def whole(limit: int) -> Check:
    """A check for a whole number from 0 to ``limit`` (true and false are 1 and 0 to JSON readers, and taken as such)."""
    return lambda value: isinstance(value, int) and 0 <= value <= limit


def number(limit: float) -> Check:
    """A check for a number from 0 to ``limit``, whole or not (not true or false)."""
    return lambda value: isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= limit


def day(value: object) -> bool:
    """Whether the value is a day written YYYY-MM-DD."""
    return isinstance(value, str) and len(value) == 10 and bool(_DAY.match(value))


def one_of(*values: object) -> Check:
    """A check for one of ``values``."""
    return lambda value: value in values


def a_list(value: object) -> bool:
    """Whether the value is a JSON array."""
    return isinstance(value, list)


def or_null(check: Check) -> Check:
    """The check, or null."""
    return lambda value: value is None or check(value)
