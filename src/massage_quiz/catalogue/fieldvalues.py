"""A field's value read from its YAML node, or ``Invalid`` saying why not: the checks the specs' fields use.

Each check takes one node of an entry's mapping and returns the value its
record holds (a text, a tuple of texts, a map on the body), so a key's
meaning and its check are declared together in ``specs``.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable
from typing import Any, TypeVar

from massage_quiz import bodymap, characters
from massage_quiz.catalogue import codes
from massage_quiz.catalogue.kinds import ID_PATTERN, TAG_PATTERN
from massage_quiz.catalogue.records import WhyNot
from massage_quiz.catalogue.yamlreader import Mapping, Node, Scalar, Sequence

T = TypeVar("T")

_NULL_TAG = "tag:yaml.org,2002:null"
MAX_TEXT = 4000


class Invalid(Exception):
    """A value does not fit its field; carries the message and the node."""

    def __init__(self, node: Node, message: str) -> None:
        self.node = node
        self.message = message


# Characters that no trainee can see or type, that reorder text, or that Anki
# treats as its field separator (U+001F): an answer holding one can never be
# matched, and one U+001F makes Anki reject the whole deck.
_INVISIBLE = characters.INVISIBLE


def invisible_problem(text: str) -> str | None:
    """What makes ``text`` unfit because it holds a character no trainee can see or type, or None."""
    found = _INVISIBLE.search(text)
    if found is None:
        return None
    char = found.group(0)
    name = unicodedata.name(char, "a control character")
    return f"text holds an invisible character U+{ord(char):04X} ({name.lower()}) at character {found.start() + 1}: delete it"


def text(node: Node) -> str:
    """One text: a scalar, stripped, neither empty nor too long nor holding an invisible character."""
    if type(node) is not Scalar:
        raise Invalid(node, f"expected text, found {node.kind}")
    problem = invisible_problem(node.text)
    if problem:
        raise Invalid(node, problem)
    value = node.text.strip()
    if not value or node.tag == _NULL_TAG:
        raise Invalid(node, "expected text, found nothing")
    if len(value) > MAX_TEXT:
        raise Invalid(node, f"text is too long ({len(value)} characters; at most {MAX_TEXT})")
    # A plain `3` or `yes` where text is expected is read as written.
    return value


def _one_or_list(one: Callable[[Node], T], what: str) -> Callable[[Node], tuple[T, ...]]:
    """A check that takes one value that passes ``one``, or a list of them (``what`` names such a list)."""

    def check(node: Node) -> tuple[T, ...]:
        if isinstance(node, Scalar):
            return (one(node),)
        if isinstance(node, Mapping):
            raise Invalid(node, f"expected {what}, found {node.kind}")
        return tuple(one(item) for item in node.items)

    return check


text_list = _one_or_list(text, "a list of texts")  # one text or a list of texts


def _matching(pattern: re.Pattern[str], wrong: str) -> Callable[[Node], str]:
    """A check that takes a text ``pattern`` matches whole; ``wrong`` says otherwise, of the text as ``{value!r}``."""

    def check(node: Node) -> str:
        value = text(node)
        if not pattern.fullmatch(value):
            raise Invalid(node, wrong.format(value=value))
        return value

    return check


# An entry's id: lowercase words joined by hyphens.
identifier = _matching(ID_PATTERN, "id {value!r} must be lowercase words joined by hyphens, e.g. 'palm-pushing'")


def ref(node: Node) -> str:
    """A reference to an entry: its id, or what an instructor knows it by (a code, a name), resolved by the loader."""
    return text(node)


ref_list = _one_or_list(ref, "a list of texts")  # references to entries, one or a list
id_list = _one_or_list(identifier, "a list of ids")  # one id or a list of ids


_tag = _matching(TAG_PATTERN, "tag {value!r} must be lowercase letters, digits and hyphens, with no spaces")
tags = _one_or_list(_tag, "a list of tags")  # one tag or a list of tags: lowercase letters, digits and hyphens


def code(node: Node) -> str:
    """An acupoint's code (BL23, EX-B7, Ashi), checked by ``codes``."""
    value = text(node)
    problem = codes.problem_with_code(value)
    if problem:
        raise Invalid(node, problem)
    return value


def choice(options: tuple[str, ...]) -> Callable[[Node], str]:
    """A check that takes one of ``options``, naming the closest when the text is none of them."""

    def check(node: Node) -> str:
        value = text(node)
        if value not in options:
            hint = did_you_mean(value, options)
            raise Invalid(node, f"{value!r} is not one of: {', '.join(options)}{hint}")
        return value

    return check


def choice_list(options: tuple[str, ...]) -> Callable[[Node], tuple[str, ...]]:
    """A check that takes one of ``options`` or a list of them."""
    return _one_or_list(choice(options), f"one of {', '.join(options)}, or a list of them")


def _sub_mapping(
    node: Node, allowed: dict[str, Callable[[Node], object]], required: tuple[str, ...], what: str
) -> dict[str, Any]:
    """Check a small nested mapping (map:, path:), collecting its values by key."""
    if not isinstance(node, Mapping):
        raise Invalid(node, f"expected a mapping of {', '.join(allowed)}, found {node.kind}")
    values = {}
    for key, value in node.items:
        if key.text not in allowed:
            raise Invalid(key, f"unknown key {key.text!r} in {what}{did_you_mean(key.text, list(allowed))}")
        try:
            values[key.text] = allowed[key.text](value)
        except Invalid as exc:
            raise Invalid(exc.node, f"{key.text}: {exc.message}") from None
    for name in required:
        if name not in values:
            raise Invalid(node, f"{what} needs {name!r}")
    return values


def why_not(node: Node) -> tuple[WhyNot, ...]:
    """Why wrong options are wrong: a list of mappings of option, why (one sentence) and source."""
    if not isinstance(node, Sequence):
        raise Invalid(node, f"expected a list of mappings of option, why and source, found {node.kind}")
    found: list[WhyNot] = []
    for item in node.items:
        values = _sub_mapping(item, {"option": text, "why": text, "source": text}, ("option", "why", "source"), "why_not")
        if any(known.option == values["option"] for known in found):
            raise Invalid(item, f"option {values['option']!r} is explained twice")
        found.append(WhyNot(**values))
    return tuple(found)


def _cun(node: Node) -> float:
    # YAML 1.1 reads 1:30 as 90 and 010 as 8: a distance is written as a plain decimal.
    if not isinstance(node, Scalar) or re.fullmatch(r"[0-9]+(\.[0-9]+)?", node.text) is None:
        raise Invalid(node, "expected a distance in B-cun, such as 1.5 (a decimal number)")
    if not isinstance(node.value, (int, float)) or isinstance(node.value, bool):
        raise Invalid(node, "expected a distance in B-cun, such as 1.5 (a decimal number)")
    if not 0 <= node.value <= 10:
        raise Invalid(node, f"a distance of {node.value} B-cun is off the figure (0 to 10)")
    return float(node.value)


def point_map(node: Node) -> bodymap.PointMap:
    """An acupoint's place on the body map: a region and, per region, a level and distances or a landmark."""
    values = _sub_mapping(
        node,
        {
            "region": choice(bodymap.REGIONS),
            "level": choice(bodymap.LEVELS),
            "lateral": _cun,
            "lateral_to": _cun,
            "landmark": choice(tuple(x for xs in bodymap.LANDMARKS.values() for x in xs)),
        },
        ("region",),
        "map",
    )
    region = values["region"]
    if region == bodymap.Region.LOWER_BACK and "level" not in values:
        raise Invalid(node, "map: a point on the lower back needs 'level' (L1 to L5, or S1)")
    if region != bodymap.Region.LOWER_BACK and values.get("landmark") not in bodymap.LANDMARKS[region]:
        raise Invalid(node, f"map: a point on the {region} needs 'landmark: {bodymap.LANDMARKS[region][0]}'")
    if "lateral_to" in values and values["lateral_to"] <= values.get("lateral", 0.0):
        raise Invalid(node, "map: 'lateral_to' must be farther out than 'lateral'")
    return bodymap.PointMap(**values)


def stroke_path(node: Node) -> bodymap.StrokePath:
    """A technique's strokes on the body map: start and end levels, a distance out, and whether on both sides."""
    values = _sub_mapping(
        node,
        {"start": choice(bodymap.LEVELS), "end": choice(bodymap.LEVELS), "lateral": _cun, "both_sides": true_false},
        ("start", "end", "lateral"),
        "path",
    )
    return bodymap.StrokePath(**values)


def true_false(node: Node) -> bool:
    """A YAML true or false."""
    if not isinstance(node, Scalar) or not isinstance(node.value, bool):
        raise Invalid(node, "expected true or false")
    return node.value


def answer(node: Node) -> str | bool | tuple[str, ...]:
    """A question's answer: a text, true or false, or a list (the steps of an order question)."""
    if isinstance(node, Sequence):
        return text_list(node)
    if isinstance(node, Scalar) and isinstance(node.value, bool):
        return node.value
    return text(node)


def did_you_mean(word: str, options: tuple[str, ...] | list[str]) -> str:
    """A hint naming the closest option to a mistyped word, or nothing."""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""
