"""The authoring format: which keys each kind of entry has, and how each is checked.

This table is the one description of the format: the loader validates with
it, and the documentation and JSON Schema are generated from it
(``scripts/generate_schemas.py``).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable
from typing import Any

import attrs

from massage_quiz import bodymap, characters
from massage_quiz.catalogue import codes
from massage_quiz.catalogue.kinds import CARD_KINDS, KIND_TOPIC, KINDS, QUESTION_TYPES, QUIT_WORDS, RULES, QuestionType
from massage_quiz.catalogue.records import (
    Acupoint,
    Contraindication,
    Entry,
    Origin,
    Question,
    Technique,
    WhyNot,
)
from massage_quiz.catalogue.yamlreader import Mapping, Node, Scalar, Sequence

_NULL_TAG = "tag:yaml.org,2002:null"
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
TAG_PATTERN = re.compile(r"[a-z0-9]+(?:[-_]|::[a-z0-9]|[a-z0-9])*")
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


def _invisible_problem(text: str) -> str | None:
    found = _INVISIBLE.search(text)
    if found is None:
        return None
    char = found.group(0)
    name = unicodedata.name(char, "a control character")
    return f"text holds an invisible character U+{ord(char):04X} ({name.lower()}) at character {found.start() + 1}: delete it"


def _text(node: Node) -> str:
    if type(node) is not Scalar:
        raise Invalid(node, f"expected text, found {node.kind}")
    problem = _invisible_problem(node.text)
    if problem:
        raise Invalid(node, problem)
    text = node.text.strip()
    if not text or node.tag == _NULL_TAG:
        raise Invalid(node, "expected text, found nothing")
    if len(text) > MAX_TEXT:
        raise Invalid(node, f"text is too long ({len(text)} characters; at most {MAX_TEXT})")
    # A plain `3` or `yes` where text is expected is read as written.
    return text


def _text_list(node: Node) -> tuple[str, ...]:
    if isinstance(node, Scalar):
        return (_text(node),)
    if isinstance(node, Mapping):
        raise Invalid(node, f"expected a list of texts, found {node.kind}")
    return tuple(_text(item) for item in node.items)


def _id(node: Node) -> str:
    value = _text(node)
    if not ID_PATTERN.fullmatch(value):
        raise Invalid(node, f"id {value!r} must be lowercase words joined by hyphens, e.g. 'palm-pushing'")
    return value


def _ref(node: Node) -> str:
    """A reference to an entry: its id, or what an instructor knows it by (a code, a name), resolved by the loader."""
    return _text(node)


def _ref_list(node: Node) -> tuple[str, ...]:
    """References to entries, one or a list."""
    return _text_list(node)


def _id_list(node: Node) -> tuple[str, ...]:
    if isinstance(node, Scalar):
        return (_id(node),)
    if isinstance(node, Mapping):
        raise Invalid(node, f"expected a list of ids, found {node.kind}")
    return tuple(_id(item) for item in node.items)


def _tags(node: Node) -> tuple[str, ...]:
    if isinstance(node, Scalar):
        items: tuple[Node, ...] = (node,)
    elif isinstance(node, Sequence):
        items = node.items
    else:
        raise Invalid(node, f"expected a list of tags, found {node.kind}")
    tags = []
    for item in items:
        tag = _text(item)
        if not TAG_PATTERN.fullmatch(tag):
            raise Invalid(item, f"tag {tag!r} must be lowercase letters, digits and hyphens, with no spaces")
        tags.append(tag)
    return tuple(tags)


def _code(node: Node) -> str:
    value = _text(node)
    problem = codes.problem_with_code(value)
    if problem:
        raise Invalid(node, problem)
    return value


def _choice(options: tuple[str, ...]) -> Callable[[Node], str]:
    def check(node: Node) -> str:
        value = _text(node)
        if value not in options:
            hint = did_you_mean(value, options)
            raise Invalid(node, f"{value!r} is not one of: {', '.join(options)}{hint}")
        return value

    return check


def _choice_list(options: tuple[str, ...]) -> Callable[[Node], tuple[str, ...]]:
    one = _choice(options)

    def check(node: Node) -> tuple[str, ...]:
        if isinstance(node, Scalar):
            return (one(node),)
        if isinstance(node, Mapping):
            raise Invalid(node, f"expected one of {', '.join(options)}, or a list of them, found {node.kind}")
        return tuple(one(item) for item in node.items)

    return check


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


def _why_not(node: Node) -> tuple[WhyNot, ...]:
    """Why wrong options are wrong: a list of mappings of option, why (one sentence) and source."""
    if not isinstance(node, Sequence):
        raise Invalid(node, f"expected a list of mappings of option, why and source, found {node.kind}")
    found: list[WhyNot] = []
    for item in node.items:
        values = _sub_mapping(item, {"option": _text, "why": _text, "source": _text}, ("option", "why", "source"), "why_not")
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


def _point_map(node: Node) -> bodymap.PointMap:
    values = _sub_mapping(
        node,
        {
            "region": _choice(bodymap.REGIONS),
            "level": _choice(bodymap.LEVELS),
            "lateral": _cun,
            "lateral_to": _cun,
            "landmark": _choice(tuple(x for xs in bodymap.LANDMARKS.values() for x in xs)),
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


def _stroke_path(node: Node) -> bodymap.StrokePath:
    values = _sub_mapping(
        node,
        {"start": _choice(bodymap.LEVELS), "end": _choice(bodymap.LEVELS), "lateral": _cun, "both_sides": _bool},
        ("start", "end", "lateral"),
        "path",
    )
    return bodymap.StrokePath(**values)


def _bool(node: Node) -> bool:
    if not isinstance(node, Scalar) or not isinstance(node.value, bool):
        raise Invalid(node, "expected true or false")
    return node.value


def _answer(node: Node) -> str | bool | tuple[str, ...]:
    if isinstance(node, Sequence):
        return _text_list(node)
    if isinstance(node, Scalar) and isinstance(node.value, bool):
        return node.value
    return _text(node)


@attrs.frozen
class Field:
    """One key of an entry: its name, whether it is required (as its record says), its check and its meaning."""

    name: str
    check: Callable[[Node], object]
    doc: str
    required: bool = False
    json_type: str = "text"
    refers_to: str | None = None
    options: tuple[str, ...] = ()


@attrs.frozen
class Spec:
    """The keys of one kind of entry and the record they build."""

    kind: str
    record: type
    fields: tuple[Field, ...]

    @property
    def topic(self) -> str:
        """The YAML section the kind is listed under."""
        return KIND_TOPIC[self.kind]


def _f(
    name: str,
    check: Callable[[Node], object],
    doc: str,
    refers_to: str | None = None,
    options: tuple[str, ...] = (),
    json_type: str | None = None,
) -> Field:
    json_types: dict[Callable[[Node], object], str] = {
        _text: "text",
        _text_list: "text-list",
        _id: "id",
        _id_list: "id-list",
        _ref: "ref",
        _ref_list: "ref-list",
        _tags: "tags",
        _code: "code",
        _answer: "answer",
        _point_map: "map",
        _stroke_path: "path",
        _why_not: "why-not",
        _bool: "bool",
    }
    # Required or not is filled in by _spec, from the record (an attribute without a default).
    return Field(name, check, doc, False, json_type or json_types.get(check, "choice"), refers_to, options)


def _spec(kind: str, record: type, fields: tuple[Field, ...]) -> Spec:
    """A kind's spec: its keys are its record's attributes, required where the record gives no default."""
    attributes = {a.name: a for a in attrs.fields(record) if a.name != "origin"}
    keys = [field.name for field in fields]
    if sorted(keys) != sorted(attributes):
        # A bug, not bad content: the authoring format and the record disagree (tests/test_vocabulary.py).
        raise TypeError(f"the {kind} keys {sorted(keys)} are not the {record.__name__} record's {sorted(attributes)}")
    return Spec(kind, record, tuple(attrs.evolve(f, required=attributes[f.name].default is attrs.NOTHING) for f in fields))


_ID = _f("id", _id, "Stable identifier: lowercase words joined by hyphens. Never change it once published.")
_TAGS = _f("tags", _tags, "Extra tags for Anki and for `--tag` in the quiz (lowercase, no spaces).")
_SOURCE = _f("source", _text_list, "Where the facts come from: one reference, or a list of them.")

TECHNIQUE = _spec(
    "technique",
    Technique,
    (
        _ID,
        _f("name", _text, "The technique's English name."),
        _f("other_names", _text_list, "Other names for the same technique."),
        _f("chinese", _text, "The Chinese term, in characters."),
        _f("pinyin", _text, "The Chinese term in pinyin with tone marks."),
        _f("hand_position", _text, "Which part of the hand touches, and how the hands are held."),
        _f("direction", _text, "Where the stroke starts and which way it runs."),
        _f("force", _text, "How much pressure."),
        _f(
            "force_shared_with",
            _ref_list,
            "Techniques whose force text is also true of this one: never offered as a wrong option on its force card.",
            refers_to="technique",
        ),
        _f("rhythm", _text, "Speed and rhythm."),
        _f("endpoint", _text, "When to stop, e.g. until the skin is warm."),
        _f("effects", _text_list, "What the technique does."),
        _f("acupoints", _ref_list, "The acupoints the technique is applied to.", refers_to="acupoint"),
        _f(
            "path",
            _stroke_path,
            "Where the strokes run, for the picture: start and end (L1 to L5, S1), lateral "
            "(B-cun from the midline where they are drawn), both_sides (true or false). Must agree with direction.",
        ),
        _f("tradition", _text, "What the tuina tradition adds about the method."),
        _f("cautions", _text_list, "What to watch out for."),
        _TAGS,
        _SOURCE,
    ),
)

ACUPOINT = _spec(
    "acupoint",
    Acupoint,
    (
        _ID,
        _f("code", _code, "WHO code (BL23), an extra point (EX-B7), or Ashi."),
        _f("code_spellings", _text_list, "Other spellings of the same code seen in books and charts (UB23)."),
        _f("pinyin", _text, "The point's name in pinyin with tone marks."),
        _f("hanzi", _text, "The point's name in Chinese characters."),
        _f("english", _text, "The English translation of the name."),
        _f(
            "other_english",
            _text_list,
            "English names other translators give the point (each accepted as an answer; cite the translator).",
        ),
        _f("meridian", _text, "The meridian (channel) the point belongs to."),
        _f("location", _text, "Where the point is: landmarks and distances in B-cun."),
        _f("pressing", _text, "How the point is pressed (with what, how hard)."),
        _f("sensation", _text, "What the recipient should feel."),
        _f("cautions", _text_list, "What to watch out for at this point."),
        _f("disputed", _text, "What the sources disagree on; such a fact is never asked as if settled."),
        _f(
            "map",
            _point_map,
            "Where the point is, for the picture: region (lower-back, buttock, knee, ankle); on the "
            "lower back level (L1 to L5, S1: the lower border of that spinous process), lateral (B-cun from the "
            "midline, 0 on it) and lateral_to (the far end of a disputed distance); elsewhere landmark. Must agree with location.",
        ),
        _f("notes", _text_list, "Background a trainee may like to know (history, verses)."),
        _TAGS,
        _SOURCE,
    ),
)

CONTRAINDICATION = _spec(
    "contraindication",
    Contraindication,
    (
        _ID,
        _f("condition", _text, "The condition or situation."),
        _f(
            "rule",
            _choice(tuple(RULES)),
            "What to do: refer (do not massage, refer the client), "
            "postpone (do not massage until the condition has cleared), "
            "avoid-area (keep off the area), physician (keep off the area unless a physician guides the massage), "
            "adapt (gentle work only, within the limits the details give).",
            options=tuple(RULES),
        ),
        _f(
            "also_right",
            _choice_list(tuple(RULES)),
            "Other rules also graded right for this entry, where its source allows them "
            "(the seed's \"avoid lumbar and back massage or perform it only under a physician's guidance\" "
            "makes avoid-area right beside physician). Never the rule itself.",
            options=tuple(RULES),
            json_type="choice-list",
        ),
        _f("details", _text, "What exactly to do or avoid."),
        _f("applies_to", _text, "What the rule applies to (the whole massage, an area, a technique)."),
        _f(
            "situation",
            _text,
            "One plain sentence a trainee can recognise, written as a client situation "
            '("A client tells you she is on warfarin and bruises easily.").',
        ),
        _f("signs", _text_list, "Signs by which to recognise the condition."),
        _f(
            "recognise",
            _bool,
            "false where the situation states the condition itself (the client tells you she is pregnant): "
            'no Signs card or drill item then asks "What may this be?", and the rule card asks what to do. '
            "Default true.",
        ),
        _f("acupoints", _ref_list, "The acupoints this rule concerns.", refers_to="acupoint"),
        _f("techniques", _ref_list, "The techniques this rule concerns.", refers_to="technique"),
        _TAGS,
        _SOURCE,
        _f(
            "why_not",
            _why_not,
            "Why a wrong rule is wrong, for each rule you explain: option (refer, postpone, avoid-area, physician or adapt), "
            "why (one sentence, shown after a trainee picks that rule) and source.",
        ),
    ),
)

QUESTION = _spec(
    "question",
    Question,
    (
        _ID,
        _f(
            "type",
            _choice(QUESTION_TYPES),
            "typed (type the answer), choice (pick one), true-false, or order (put the steps in order).",
            options=QUESTION_TYPES,
        ),
        _f("prompt", _text, "The question as the trainee reads it."),
        _f(
            "answer",
            _answer,
            "The answer: text (typed, choice), true or false (true-false), or the list in the right order (order).",
        ),
        _f("accept", _text_list, "Other answers that also count as right (typed questions)."),
        _f("distractors", _text_list, "Wrong options shown beside the answer (choice questions)."),
        _f("explanation", _text, "Why the answer is right: shown after the trainee answers."),
        *(_f(kind, _ref, f"The {kind} the question is about.", refers_to=kind) for kind in CARD_KINDS),
        _TAGS,
        _SOURCE,
        _f(
            "why_not",
            _why_not,
            "Why a wrong option is wrong (choice questions), for each distractor you explain: option (the distractor's "
            "text as written), why (one sentence, shown after a trainee picks it and on the Anki back) and source.",
        ),
    ),
)

_BY_KIND = {s.kind: s for s in (TECHNIQUE, ACUPOINT, CONTRAINDICATION, QUESTION)}
SPECS: dict[str, Spec] = {kind.name: _BY_KIND[kind.name] for kind in KINDS}  # in the order of KINDS
TOPIC_SPECS: dict[str, Spec] = {s.topic: s for s in SPECS.values()}
_FIELD_INDEX: dict[str, dict[str, Field]] = {s.kind: {f.name: f for f in s.fields} for s in SPECS.values()}
_REQUIRED: dict[str, tuple[str, ...]] = {s.kind: tuple(f.name for f in s.fields if f.required) for s in SPECS.values()}


def did_you_mean(word: str, options: tuple[str, ...] | list[str]) -> str:
    """A hint naming the closest option to a mistyped word, or nothing."""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


@attrs.frozen
class FieldProblem:
    """A problem found while building one entry, at a line and column of its file."""

    line: int
    col: int
    message: str


@attrs.frozen
class Built:
    """The outcome of checking one entry: its record if it is valid, and what was read either way."""

    kind: str
    record: Entry | None
    problems: list[FieldProblem]
    values: dict[str, object]  # what was read, kept only when there is no record to hold it
    origin: Origin | None

    def value(self, name: str) -> object:
        """The value read for field ``name``, or None."""
        return self.values.get(name) if self.record is None else getattr(self.record, name)


def build_entry(spec: Spec, node: Node, path: str, shared: dict[object, object] | None = None) -> Built:
    """Check one entry's mapping against ``spec`` and build its record; collect every problem.

    Lists of text equal to one in ``shared`` (tags, sources: they repeat from
    entry to entry) are kept as that one copy; new ones are added to it.
    """
    if not isinstance(node, Mapping):
        message = f"each {spec.kind} must be a mapping of keys and values, found {node.kind}"
        return Built(spec.kind, None, [FieldProblem(node.line, node.col, message)], {}, None)
    problems: list[FieldProblem] = []
    values: dict[str, object] = {}
    marks: dict[str, tuple[int, int]] = {}
    index = _FIELD_INDEX[spec.kind]
    for key, value in node.items:
        field = index.get(key.text)
        if field is None:
            names = list(index)
            problems.append(
                FieldProblem(key.line, key.col, f"unknown key {key.text!r} in a {spec.kind}{did_you_mean(key.text, names)}")
            )
            continue
        marks[field.name] = (value.line, value.col)
        try:
            values[field.name] = _one_copy(field.check(value), shared)
        except Invalid as exc:
            problems.append(FieldProblem(exc.node.line, exc.node.col, f"{field.name}: {exc.message}"))
    for name in _REQUIRED[spec.kind]:
        if name not in marks:
            label = f" {values['id']!r}" if "id" in values else ""
            problems.append(FieldProblem(node.line, node.col, f"{spec.kind}{label} is missing required key {name!r}"))
    problems.extend(_kind_checks(spec, values, marks, node))
    origin = Origin.of(path, node.line, node.col, marks)
    record = None if problems else spec.record(**values, origin=origin)
    # A valid entry's values live on in its record: keeping the dictionary too held
    # another copy of every entry's fields until loading ended.
    return Built(spec.kind, record, problems, values if record is None else {}, origin)


def _one_copy(value: object, shared: dict[object, object] | None) -> object:
    """The copy in ``shared`` of a list of texts equal to ``value`` (added if new); any other value as it is."""
    if shared is None or type(value) is not tuple or not all(type(item) is str for item in value):
        return value
    return shared.setdefault(value, value)


def _technique_checks(values: dict[str, Any], marks: dict[str, tuple[int, int]]) -> list[FieldProblem]:
    path, direction = values.get("path"), values.get("direction")
    if path is None:
        return []
    line, col = marks["path"]
    if direction is None:
        return [FieldProblem(line, col, "path: a path needs a direction text to agree with")]
    downward = bodymap.LEVELS.index(path.end) > bodymap.LEVELS.index(path.start)
    if downward != ("downward" in direction.lower()):
        return [FieldProblem(line, col, f"path: runs {'down' if downward else 'up'} but the direction says otherwise")]
    if path.both_sides != ("both sides" in direction.lower()):
        return [FieldProblem(line, col, "path: both_sides must match whether the direction says 'both sides'")]
    return []


def _kind_checks(spec: Spec, values: dict[str, Any], marks: dict[str, tuple[int, int]], node: Mapping) -> list[FieldProblem]:
    if spec is ACUPOINT:
        return _acupoint_checks(values, marks)
    if spec is TECHNIQUE:
        return _technique_checks(values, marks)
    if spec is QUESTION:
        return _question_checks(values, marks, node) + _why_not_checks(values, marks, tuple(values.get("distractors", ())))
    if spec is CONTRAINDICATION:
        return _contraindication_checks(values, marks)
    return []


def _contraindication_checks(values: dict[str, Any], marks: dict[str, tuple[int, int]]) -> list[FieldProblem]:
    rule, also = values.get("rule"), tuple(values.get("also_right", ()))
    if rule is None:
        return []
    # A "why not" may explain only the options graded wrong: every other rule but the entry's also-right ones.
    problems = _why_not_checks(values, marks, tuple(other for other in RULES if other != rule and other not in also))
    if not also:
        return problems
    line, col = marks["also_right"]
    if rule in also:
        return [*problems, FieldProblem(line, col, f"also_right: {rule!r} is the entry's own rule: list only other rules")]
    if len(set(also)) != len(also):
        return [*problems, FieldProblem(line, col, "also_right: each rule may be listed once")]
    return problems


def _why_not_checks(values: dict[str, Any], marks: dict[str, tuple[int, int]], wrong: tuple[str, ...]) -> list[FieldProblem]:
    """Each explained option must be one of the wrong options: a distractor, or a rule other than the entry's."""
    if "why_not" not in values:
        return []
    line, col = marks["why_not"]
    return [
        FieldProblem(
            line, col, f"why_not: {item.option!r} is not a wrong option here (wrong options: {', '.join(wrong) or 'none'})"
        )
        for item in values["why_not"]
        if item.option not in wrong
    ]


def _map_agrees(spot: bodymap.PointMap, location: str, disputed: str) -> str | None:
    """Why a map disagrees with the location text, or None if they agree."""
    words = {"knee": "popliteal", "ankle": "malleolus", "buttock": "trochanter"}
    if spot.region != bodymap.Region.LOWER_BACK:
        return None if words[spot.region] in location else f"the location does not mention the {words[spot.region]}"
    if not re.search(rf"\b{spot.level}\b", location):
        return f"level {spot.level} is not in the location text"
    if spot.lateral == 0:
        return None if "midline" in location else "lateral 0 (on the midline) but the location does not say midline"
    if not re.search(rf"(?<![\d.]){spot.lateral:g} (B-)?cun", location):
        return f"lateral {spot.lateral:g} is not in the location text (as '{spot.lateral:g} B-cun')"
    if spot.lateral_to is not None and f"{spot.lateral_to:g}" not in disputed:
        return f"lateral_to {spot.lateral_to:g} is not in the 'disputed' text"
    return None


def _acupoint_checks(values: dict[str, Any], marks: dict[str, tuple[int, int]]) -> list[FieldProblem]:
    problems = []
    spot = values.get("map")
    if spot is not None and "location" in values:
        reason = _map_agrees(spot, values["location"], values.get("disputed", ""))
        if reason:
            line, col = marks["map"]
            problems.append(FieldProblem(line, col, f"map: {reason}"))
    code = values.get("code")
    if code is None or code == codes.ASHI:
        return problems
    for spelling in values.get("code_spellings", ()):
        other = codes.canonical(spelling)
        if other is not None and other != code:
            line, col = marks["code_spellings"]
            problems.append(FieldProblem(line, col, f"code_spellings: {spelling!r} is {other}, a different point from {code}"))
    return problems


def _question_checks(values: dict[str, Any], marks: dict[str, tuple[int, int]], node: Mapping) -> list[FieldProblem]:
    kind, answer = values.get("type"), values.get("answer")
    if kind is None or answer is None:
        return []
    problems = []

    def at(name: str, message: str) -> None:
        line, col = marks.get(name, (node.line, node.col))
        problems.append(FieldProblem(line, col, message))

    # In the order written, so the error points at the second one.
    about = sorted((k for k in CARD_KINDS if k in values), key=marks.__getitem__)
    if len(about) > 1:
        at(about[1], f"a question is about one entry: give only one of {', '.join(about)}")
    if kind == QuestionType.TRUE_FALSE and not isinstance(answer, bool):
        at("answer", "answer: a true-false question needs the answer true or false")
    if kind in (QuestionType.TYPED, QuestionType.CHOICE) and isinstance(answer, bool):
        at(
            "answer",
            "answer: YAML reads a bare yes, no, on, off, true or false as true/false: put the answer in quotes, e.g. answer: 'no'",
        )
    elif kind in (QuestionType.TYPED, QuestionType.CHOICE) and not isinstance(answer, str):
        at("answer", f"answer: a {kind} question needs one answer as text")
    if kind == QuestionType.ORDER:
        if not isinstance(answer, tuple) or len(answer) < 2:
            at("answer", "answer: an order question needs a list of at least two steps, in the right order")
        elif len(set(answer)) != len(answer):
            at("answer", "answer: each step of an order question must be different")
    if kind == QuestionType.CHOICE:
        distractors = values.get("distractors", ())
        if not distractors:
            at("answer", "a choice question needs distractors: a list of wrong options")
    elif "distractors" in values:
        at("distractors", f"distractors: only choice questions have distractors, not {kind}")
    if kind in (QuestionType.TRUE_FALSE, QuestionType.ORDER) and "accept" in values:
        at("accept", f"accept: a {kind} question takes no other answers")
    for name in ("answer", "accept", "distractors"):
        texts = values.get(name, ())
        for text in (texts,) if isinstance(texts, str) else texts if isinstance(texts, tuple) else ():
            reason = _unanswerable(text, kind, name)
            if reason:
                at(name, f"{name}: {text!r} {reason}")
    return problems


_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
_LOOKALIKE_LETTER = re.compile(r"[\u0370-\u03ff\u0400-\u04ff]")  # Greek and Cyrillic


def _unanswerable(text: str, kind: str, field: str) -> str | None:
    """Why a trainee could never give (or pick by typing) this answer, or None."""
    if not re.search(r"\w", text):
        return "has no letter or digit: no typed answer can ever match it"
    if text.strip().lower() in QUIT_WORDS and kind in (QuestionType.TYPED, QuestionType.CHOICE):
        return "is the word that ends the drill: no trainee can give it as an answer"
    for word in text.split():
        lookalike = _LOOKALIKE_LETTER.search(word)
        if lookalike and _LATIN_LETTER.search(word):
            char = lookalike.group(0)
            return (
                f"mixes Latin letters with {unicodedata.name(char, 'a look-alike letter').split()[0].title()} "
                f"{char!r} in {word!r}: a trainee's keyboard types the Latin letter, so it would never match"
            )
    if kind == QuestionType.CHOICE and field in ("answer", "distractors") and text.strip().isdigit():
        return "is a number, and a number typed at a choice question picks an option by its position: write it as words"
    return None
