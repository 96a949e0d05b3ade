"""The authoring format: which keys each kind of entry has, what each means, and which check reads it.

This table is the one description of the format: the loader validates with
it (``entries``), and the documentation and JSON Schema are generated from it
(``scripts/generate_schemas.py``). The checks themselves are in ``fieldvalues``.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from massage_quiz.catalogue.fieldvalues import (
    answer,
    choice,
    choice_list,
    code,
    id_list,
    identifier,
    point_map,
    ref,
    ref_list,
    stroke_path,
    tags,
    text,
    text_list,
    true_false,
    why_not,
)
from massage_quiz.catalogue.kinds import CARD_KINDS, KIND_TOPIC, KINDS, QUESTION_TYPES, RULES
from massage_quiz.catalogue.records import Acupoint, Contraindication, Question, Technique
from massage_quiz.catalogue.yamlreader import Node


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
        text: "text",
        text_list: "text-list",
        identifier: "id",
        id_list: "id-list",
        ref: "ref",
        ref_list: "ref-list",
        tags: "tags",
        code: "code",
        answer: "answer",
        point_map: "map",
        stroke_path: "path",
        why_not: "why-not",
        true_false: "bool",
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


_ID = _f("id", identifier, "Stable identifier: lowercase words joined by hyphens. Never change it once published.")
_TAGS = _f("tags", tags, "Extra tags for Anki and for `--tag` in the quiz (lowercase, no spaces).")
_SOURCE = _f("source", text_list, "Where the facts come from: one reference, or a list of them.")

TECHNIQUE = _spec(
    "technique",
    Technique,
    (
        _ID,
        _f("name", text, "The technique's English name."),
        _f("other_names", text_list, "Other names for the same technique."),
        _f("chinese", text, "The Chinese term, in characters."),
        _f("pinyin", text, "The Chinese term in pinyin with tone marks."),
        _f("hand_position", text, "Which part of the hand touches, and how the hands are held."),
        _f("direction", text, "Where the stroke starts and which way it runs."),
        _f("force", text, "How much pressure."),
        _f(
            "force_shared_with",
            ref_list,
            "Techniques whose force text is also true of this one: never offered as a wrong option on its force card.",
            refers_to="technique",
        ),
        _f("rhythm", text, "Speed and rhythm."),
        _f("endpoint", text, "When to stop, e.g. until the skin is warm."),
        _f("effects", text_list, "What the technique does."),
        _f("acupoints", ref_list, "The acupoints the technique is applied to.", refers_to="acupoint"),
        _f(
            "path",
            stroke_path,
            "Where the strokes run, for the picture: start and end (L1 to L5, S1), lateral "
            "(B-cun from the midline where they are drawn), both_sides (true or false). Must agree with direction.",
        ),
        _f("tradition", text, "What the tuina tradition adds about the method."),
        _f("cautions", text_list, "What to watch out for."),
        _TAGS,
        _SOURCE,
    ),
)

ACUPOINT = _spec(
    "acupoint",
    Acupoint,
    (
        _ID,
        _f("code", code, "WHO code (BL23), an extra point (EX-B7), or Ashi."),
        _f("code_spellings", text_list, "Other spellings of the same code seen in books and charts (UB23)."),
        _f("pinyin", text, "The point's name in pinyin with tone marks."),
        _f("hanzi", text, "The point's name in Chinese characters."),
        _f("english", text, "The English translation of the name."),
        _f(
            "other_english",
            text_list,
            "English names other translators give the point (each accepted as an answer; cite the translator).",
        ),
        _f("meridian", text, "The meridian (channel) the point belongs to."),
        _f("location", text, "Where the point is: landmarks and distances in B-cun."),
        _f("pressing", text, "How the point is pressed (with what, how hard)."),
        _f("sensation", text, "What the recipient should feel."),
        _f("cautions", text_list, "What to watch out for at this point."),
        _f("disputed", text, "What the sources disagree on; such a fact is never asked as if settled."),
        _f(
            "map",
            point_map,
            "Where the point is, for the picture: region (lower-back, buttock, knee, ankle); on the "
            "lower back level (L1 to L5, S1: the lower border of that spinous process), lateral (B-cun from the "
            "midline, 0 on it) and lateral_to (the far end of a disputed distance); elsewhere landmark. Must agree with location.",
        ),
        _f("notes", text_list, "Background a trainee may like to know (history, verses)."),
        _TAGS,
        _SOURCE,
    ),
)

CONTRAINDICATION = _spec(
    "contraindication",
    Contraindication,
    (
        _ID,
        _f("condition", text, "The condition or situation."),
        _f(
            "rule",
            choice(tuple(RULES)),
            "What to do: refer (do not massage, refer the client), "
            "postpone (do not massage until the condition has cleared), "
            "avoid-area (keep off the area), physician (keep off the area unless a physician guides the massage), "
            "adapt (gentle work only, within the limits the details give).",
            options=tuple(RULES),
        ),
        _f(
            "also_right",
            choice_list(tuple(RULES)),
            "Other rules also graded right for this entry, where its source allows them "
            "(the seed's \"avoid lumbar and back massage or perform it only under a physician's guidance\" "
            "makes avoid-area right beside physician). Never the rule itself.",
            options=tuple(RULES),
            json_type="choice-list",
        ),
        _f("details", text, "What exactly to do or avoid."),
        _f("applies_to", text, "What the rule applies to (the whole massage, an area, a technique)."),
        _f(
            "situation",
            text,
            "One plain sentence a trainee can recognise, written as a client situation "
            '("A client tells you she is on warfarin and bruises easily.").',
        ),
        _f("signs", text_list, "Signs by which to recognise the condition."),
        _f(
            "recognise",
            true_false,
            "false where the situation states the condition itself (the client tells you she is pregnant): "
            'no Signs card or drill item then asks "What may this be?", and the rule card asks what to do. '
            "Default true.",
        ),
        _f("acupoints", ref_list, "The acupoints this rule concerns.", refers_to="acupoint"),
        _f("techniques", ref_list, "The techniques this rule concerns.", refers_to="technique"),
        _TAGS,
        _SOURCE,
        _f(
            "why_not",
            why_not,
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
            choice(QUESTION_TYPES),
            "typed (type the answer), choice (pick one), true-false, or order (put the steps in order).",
            options=QUESTION_TYPES,
        ),
        _f("prompt", text, "The question as the trainee reads it."),
        _f(
            "answer",
            answer,
            "The answer: text (typed, choice), true or false (true-false), or the list in the right order (order).",
        ),
        _f("accept", text_list, "Other answers that also count as right (typed questions)."),
        _f("distractors", text_list, "Wrong options shown beside the answer (choice questions)."),
        _f("explanation", text, "Why the answer is right: shown after the trainee answers."),
        *(_f(kind, ref, f"The {kind} the question is about.", refers_to=kind) for kind in CARD_KINDS),
        _TAGS,
        _SOURCE,
        _f(
            "why_not",
            why_not,
            "Why a wrong option is wrong (choice questions), for each distractor you explain: option (the distractor's "
            "text as written), why (one sentence, shown after a trainee picks it and on the Anki back) and source.",
        ),
    ),
)

_BY_KIND = {s.kind: s for s in (TECHNIQUE, ACUPOINT, CONTRAINDICATION, QUESTION)}
SPECS: dict[str, Spec] = {kind.name: _BY_KIND[kind.name] for kind in KINDS}  # in the order of KINDS
TOPIC_SPECS: dict[str, Spec] = {s.topic: s for s in SPECS.values()}
