"""The shape a JSON value read from a file must have, declared as a table of keys and the check each value passes.

A check takes a value and returns what is wrong with it, in one line, or
None. The course inside a deck (``bundle``) and an installed course's
``course.json`` (``installed``) are declared with these, as the authoring
format's keys are declared in ``catalogue.specs``. Standard library only (records are
NamedTuples): the drill's warm start checks ``course.json`` with it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, NamedTuple

Check = Callable[[Any], str | None]


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
