"""The shape a JSON value read from a file must have, declared as a table of keys and the check each value passes.

The one way every JSON file massage-quiz reads is declared: the course inside
a deck (``course.bundle``), an installed course's ``course.json``
(``course.installed``) and a trainee's summary (``report.exports``), as the
authoring format's keys are declared in ``catalogue.specs``. A check takes a
value and returns what is wrong with it, in one line, or None; a test is a
plain yes or no (``must`` makes one a check), fast enough for the report to
run it over a whole column. Standard library only (records are NamedTuples):
the drill's warm start checks ``course.json`` with it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any, NamedTuple

Check = Callable[[Any], str | None]
Test = Callable[[object], bool]

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


def fine(_value: object) -> None:
    """A check that every value passes (for a value whose type was enough)."""
    return None


class Key(NamedTuple):
    """One key of a JSON object: its name, the check its value passes, and whether the object must have it."""

    name: str
    check: Check = fine
    required: bool = True


class Object(NamedTuple):
    """A JSON object: its keys, checked in this order, and what to say when it is not an object of these keys.

    ``wrong`` is said when the value is not an object, when a required key is
    missing or (``closed``) when it has a key not declared; it is a text, or a
    function of the undeclared keys found.
    """

    keys: tuple[Key, ...]
    wrong: str | Callable[[list[str]], str]
    closed: bool = True

    def problem(self, value: Any) -> str | None:
        """What is wrong with ``value`` as this object, the first thing found; None when it has this shape."""
        others = sorted(map(str, set(value) - {key.name for key in self.keys})) if isinstance(value, dict) else []
        missing = isinstance(value, dict) and any(key.required and key.name not in value for key in self.keys)
        if not isinstance(value, dict) or missing or (self.closed and others):
            return self.wrong if isinstance(self.wrong, str) else self.wrong(others)
        for key in self.keys:
            if key.name in value:
                found = key.check(value[key.name])
                if found is not None:
                    return found
        return None

    def with_keys(self, *keys: Key) -> Object:
        """This object with ``keys`` too, checked first."""
        return self._replace(keys=(*keys, *self.keys))


def of_type(kind: type | tuple[type, ...], wrong: str, then: Check = fine) -> Check:
    """A check that the value is a ``kind`` (never a bool, which JSON's true and false become), then passes ``then``."""

    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, kind):
            return wrong
        return then(value)

    return check


def list_of(item: Check, most: int, wrong: str, one: Callable[[Any], Hashable] | None = None, twice: str = "") -> Check:
    """A check that the value is a list of at most ``most`` values that each pass ``item``.

    With ``one``, no two values may give the same ``one(value)`` (``twice`` says so).
    """

    def check(value: Any) -> str | None:
        if not isinstance(value, list) or len(value) > most:
            return wrong
        seen: set[Hashable] = set()
        for element in value:
            found = item(element)
            if found is not None:
                return found
            if one is not None:
                if one(element) in seen:
                    return twice
                seen.add(one(element))
        return None

    return check


def names_to(name: Check, value: Check, most: int, wrong: str) -> Check:
    """A check that the value is an object of at most ``most`` keys, each name passing ``name`` and its value ``value``."""

    def check(found: Any) -> str | None:
        if not isinstance(found, dict) or len(found) > most:
            return wrong
        return next((p for k, v in found.items() for p in (name(k), value(v)) if p is not None), None)

    return check


def number_in(low: float, high: float, wrong: str) -> Check:
    """A check that the value is a number (not true or false) from ``low`` to ``high``."""
    return of_type((int, float), wrong, lambda number: None if low <= number <= high else wrong)


def must(test: Test, meaning: str) -> Check:
    """A check that says ``meaning`` (what the value should be) when ``test`` fails."""
    return lambda value: None if test(value) else meaning


def first_problem(keys: Sequence[Key], data: Mapping[str, object]) -> tuple[str, str | None] | None:
    """The first of ``keys`` missing from ``data`` (its name, and None) or whose value fails its check (its name and the problem).

    A missing key is said as missing even where its check takes null: a file
    that lacks a key its writer always writes is damaged, whatever the key.
    """
    for key in keys:
        if key.name not in data:
            return key.name, None
        found = key.check(data[key.name])
        if found is not None:
            return key.name, found
    return None


def text(limit: int, blank: bool = False) -> Test:
    """A test for a text of 1 to ``limit`` characters, and not only spaces unless ``blank``."""
    if blank:
        return lambda value: isinstance(value, str) and 0 < len(value) <= limit
    return lambda value: isinstance(value, str) and 0 < len(value) <= limit and not value.isspace()


def whole(limit: int) -> Test:
    """A test for a whole number from 0 to ``limit`` (true and false are 1 and 0 to JSON readers, and taken as such)."""
    return lambda value: isinstance(value, int) and 0 <= value <= limit


def number(limit: float) -> Test:
    """A test for a number from 0 to ``limit``, whole or not (not true or false)."""
    return lambda value: isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= limit


def day(value: object) -> bool:
    """Whether the value is a day written YYYY-MM-DD."""
    return isinstance(value, str) and len(value) == 10 and bool(_DAY.match(value))


def one_of(*values: object) -> Test:
    """A test for one of ``values``."""
    return lambda value: value in values


def a_list(value: object) -> bool:
    """Whether the value is a JSON array."""
    return isinstance(value, list)


def or_null(test: Test) -> Test:
    """The test, or null."""
    return lambda value: value is None or test(value)
