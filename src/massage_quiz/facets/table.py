"""The one table of what is asked about each kind of entry.

For every kind it names the Anki note type (id, fields: a contract with
every collection that imported the deck), and for every facet (one fact a
trainee recalls) its id, its card template, its question and answer, how
the drill asks it and what the back shows. The Anki note types
(``massage_quiz.anki.notetypes``) and the drill's items
(``massage_quiz.items.compile``) are both made from this table, and the
drill shows the text of the very templates that make the card, so a fact
drilled in the terminal is the fact carded in Anki, worded the same.

Templates use what Anki's templates use: ``{{Field}}``, ``{{#Field}}...{{/Field}}``,
``{{^Field}}...{{/Field}}`` and ``{{type:Field}}``; fields hold escaped HTML.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from massage_quiz.catalogue import ids
from massage_quiz.catalogue.catalogue import Catalogue
from massage_quiz.catalogue.ids import FacetId
from massage_quiz.catalogue.kinds import KINDS, RULES
from massage_quiz.catalogue.records import Acupoint, Contraindication, Entry, Question, Technique
from massage_quiz.facets import fields as f
from massage_quiz.facets import render
from massage_quiz.facets.facet import Ask, Facet, KindTable

# Short names for the table below.
TYPED, CHOICE, RULE, RECALL, QUESTION = Ask.TYPED, Ask.CHOICE, Ask.RULE, Ask.RECALL, Ask.QUESTION


def _own_tags(entry: Entry) -> list[str]:
    """An entry's own tags, under the deck's one tree (the drill's --tag still takes the names as written)."""
    return [f"massage::tag::{tag}" for tag in entry.tags]


def _title(name: str, chinese: str) -> str:
    return (
        f'<div class="title">{{{{{name}}}}}{{{{#{chinese}}}}} <span class="zh">{{{{{chinese}}}}}</span>{{{{/{chinese}}}}}</div>'
    )


def _ask(text: str) -> str:
    return f'<div class="ask">{text}</div>'


# What _ask writes, rendered: a sheet prints the front without it (its section's heading says what to do).
_ASKED = re.compile(r'<div class="ask">.*?</div>', re.S)


def _row(label: str, field: str, css: str = "") -> tuple[str, str]:
    attribute = f' class="{css}"' if css else ""
    return field, f"{{{{#{field}}}}}<div{attribute}><b>{label}:</b> {{{{{field}}}}}</div>{{{{/{field}}}}}"


def _answer(field: str, css: str = "answer") -> str:
    return f'<div class="{css}">{{{{{field}}}}}</div>'


# ----------------------------------------------------------------------------- techniques

_TECHNIQUE_TITLE = _title("Name", "Chinese")


def _t(entry: Entry) -> Technique:
    assert isinstance(entry, Technique)
    return entry


TECHNIQUES = KindTable(
    kind="technique",
    label="Technique",
    note_type_id=1_763_900_101,
    note_type_name="massage-quiz technique",
    subdeck_id=1_763_901_001,
    subdeck="Techniques",
    fields=(
        "Key",
        "Name",
        "Chinese",
        "OtherNames",
        "HandPosition",
        "Direction",
        "ForceRhythm",
        "Endpoint",
        "Effects",
        "Acupoints",
        "Tradition",
        "Cautions",
        "Source",
        "PathPicture",
    ),
    sort_field="Name",
    named=lambda e, c: f.technique_fields(_t(e), c),
    facts=(
        _row("Hands", "HandPosition"),
        _row("Direction", "Direction"),
        ("ForceRhythm", "{{#ForceRhythm}}<div>{{ForceRhythm}}</div>{{/ForceRhythm}}"),
        _row("Until", "Endpoint"),
        _row("Effects", "Effects"),
        _row("Acupoints", "Acupoints"),
        _row("Also called", "OtherNames"),
        _row("Tuina tradition", "Tradition"),
        _row("Caution", "Cautions", "caution"),
    ),
    facets=(
        Facet(
            "hand-position",
            "Hand position",
            "HandPosition",
            _TECHNIQUE_TITLE + _ask("Which part of the hand, and how are the hands held?"),
            _answer("HandPosition"),
            ("HandPosition",),
            CHOICE,
            lambda e: _t(e).hand_position,
        ),
        Facet(
            "direction",
            "Direction",
            "Direction",
            _TECHNIQUE_TITLE + _ask("Where does it start, and which way does it go?"),
            _answer("Direction"),
            ("Direction",),
            CHOICE,
            lambda e: _t(e).direction or "",
            picture=True,
        ),
        Facet(
            "force-rhythm",
            "Force and rhythm",
            "ForceRhythm",
            _TECHNIQUE_TITLE + _ask("How is the force applied?"),
            _answer("ForceRhythm"),
            ("ForceRhythm",),
            CHOICE,
            lambda e: f.force_rhythm(_t(e)),
            also_true=lambda e: _t(e).force_shared_with,
        ),
        Facet(
            "effects",
            "Effects",
            "Effects",
            _TECHNIQUE_TITLE + _ask("What does it do?"),
            _answer("Effects"),
            ("Effects",),
            # Recall, not choice: the sources word the five methods' effects alike ("improves",
            # "regulates", "promotes the flow of qi and blood"), so every other method's text
            # offered as a wrong option differs only in wording (content review, pass 6).
            RECALL,
            lambda e: " ".join(_t(e).effects),
        ),
    ),
    tags=lambda e: [f"massage::technique::{e.id}", *_own_tags(e)],
    picture=lambda e: f.technique_picture(_t(e)),
    picture_field="PathPicture",
)

# ----------------------------------------------------------------------------- acupoints

_POINT_TITLE = _title("Name", "Hanzi")
_POINT_CODE = '{{#Code}}<div class="code">{{Code}}</div>{{/Code}}'


def _a(entry: Entry) -> Acupoint:
    assert isinstance(entry, Acupoint)
    return entry


ACUPOINTS = KindTable(
    kind="acupoint",
    label="Acupoint",
    note_type_id=1_763_900_102,
    note_type_name="massage-quiz acupoint",
    subdeck_id=1_763_901_002,
    subdeck="Acupoints",
    fields=(
        "Key",
        "Name",
        "Code",
        "CodeSpellings",
        "Hanzi",
        "English",
        "Meridian",
        "Location",
        "Disputed",
        "Pressing",
        "Sensation",
        "Cautions",
        "Notes",
        "Source",
        "LocationPicture",
    ),
    sort_field="Name",
    named=lambda e, c: f.acupoint_fields(_a(e)),
    facts=(
        (
            "Code",
            "{{#Code}}<div><b>Code:</b> {{Code}}{{#CodeSpellings}} (also written {{CodeSpellings}}){{/CodeSpellings}}</div>{{/Code}}",
        ),
        (
            "Name",
            '<div><b>Name:</b> {{Name}}{{#Hanzi}} <span class="zh">{{Hanzi}}</span>{{/Hanzi}}{{#English}} · {{English}}{{/English}}</div>',
        ),
        _row("Meridian", "Meridian"),
        _row("Location", "Location"),
        _row("Sources differ", "Disputed", "disputed"),
        _row("Pressing", "Pressing"),
        _row("Sensation sought", "Sensation"),
        _row("Caution", "Cautions", "caution"),
        _row("Note", "Notes"),
    ),
    facets=(
        Facet(
            "code",
            "Name → code",
            "Code",
            # Anki compares a typed answer letter for letter: the card asks for the one spelling it marks right.
            _POINT_TITLE + _ask("Type its code, written like LU1 or EX-HN3") + "{{type:Code}}",
            '<div class="answer big">{{Code}}</div>'
            '{{#CodeSpellings}}<div class="spellings">Older books write {{CodeSpellings}}</div>{{/CodeSpellings}}',
            ("Code",),
            TYPED,
            lambda e: _a(e).code,
            lambda e: _a(e).code_spellings,
            paper="codes",
        ),
        Facet(
            "name",
            "Code → name",
            "Code",
            '<div class="title big">{{Code}}</div>' + _ask("Which point is this? (pinyin{{#Hanzi}} or characters{{/Hanzi}})"),
            '<div class="answer">' + _POINT_TITLE + "{{#English}}<div>{{English}}</div>{{/English}}</div>",
            ("Name",),
            TYPED,
            lambda e: _a(e).pinyin,
            lambda e: tuple(x for x in (_a(e).hanzi, _a(e).english, *_a(e).other_english) if x),
            paper="names",
        ),
        Facet(
            "location",
            "Location",
            "Location",
            _POINT_TITLE
            + _POINT_CODE
            + _ask("Where is it?")
            + '{{#Disputed}}<div class="disputed">The sources differ on this location.</div>{{/Disputed}}',
            _answer("Location"),
            ("Location",),
            CHOICE,
            lambda e: _a(e).location,
            picture=True,
            paper="maps",  # when the point has a map
        ),
        Facet(
            "pressing",
            "Pressing",
            "Pressing",
            _POINT_TITLE + _POINT_CODE + _ask("How is it pressed, and what should the recipient feel?"),
            '<div class="answer">{{Pressing}}{{#Sensation}}<br><b>Sensation sought:</b> {{Sensation}}{{/Sensation}}</div>',
            ("Pressing", "Sensation"),
            RECALL,
            lambda e: f.pressing(_a(e)),
        ),
    ),
    tags=lambda e: [f"massage::acupoint::{e.id}", *_own_tags(e)],
    picture=lambda e: f.acupoint_picture(_a(e)),
    picture_field="LocationPicture",
)

# ----------------------------------------------------------------------------- contraindications


def _c(entry: Entry) -> Contraindication:
    assert isinstance(entry, Contraindication)
    return entry


CONTRAINDICATIONS = KindTable(
    kind="contraindication",
    label="Contraindication",
    note_type_id=1_763_900_103,
    note_type_name="massage-quiz contraindication",
    subdeck_id=1_763_901_003,
    subdeck="Contraindications",
    fields=("Key", "Condition", "Rule", "Details", "AppliesTo", "Signs", "Source"),
    sort_field="Condition",
    named=lambda e, c: f.contraindication_fields(_c(e)),
    facts=(
        ("Condition", '<div class="title">{{Condition}}</div>'),
        ("Details", "{{#Details}}<div>{{Details}}</div>{{/Details}}"),
        _row("Applies to", "AppliesTo"),
        ("Signs", "{{#Signs}}<div>{{Signs}}</div>{{/Signs}}"),  # the client's situation and signs, as asked
    ),
    facets=(
        Facet(
            "rule",
            "What to do",
            "Condition",
            '<div class="title">{{Condition}}</div>'
            + _ask("What do you do: refer, wait until it clears, avoid the area, massage only as a physician guides, or adapt?"),
            '<div class="answer rule">{{Rule}}</div>',
            ("Condition",),
            RULE,
            lambda e: _c(e).rule_text,
        ),
        Facet(
            "signs",
            "Signs",
            "Signs",
            '<div class="signs">{{Signs}}</div>' + _ask("What may this be, and what do you do?"),
            # Both what it may be and what to do are the answer: both stand in the answer's panel.
            '<div class="answer"><div class="title">{{Condition}}</div><div class="rule">{{Rule}}</div></div>',
            ("Condition", "Signs"),
            RULE,
            lambda e: _c(e).rule_text,
            paper="situations",
        ),
    ),
    tags=lambda e: ["massage::contraindication", f"massage::contraindication::{_c(e).rule}", *_own_tags(e)],
)

# ----------------------------------------------------------------------------- instructor questions


def _q(entry: Entry) -> Question:
    assert isinstance(entry, Question)
    return entry


QUESTIONS = KindTable(
    kind="question",
    label="Question",
    note_type_id=1_763_900_104,
    note_type_name="massage-quiz question",
    subdeck_id=1_763_901_004,
    subdeck="Instructor questions",
    fields=("Key", "Prompt", "Choices", "Answer", "Explanation", "Type", "About", "Source"),
    sort_field="Prompt",
    named=lambda e, c: f.question_fields(_q(e), c),
    facts=(
        ("Explanation", '{{#Explanation}}<div class="explanation">{{Explanation}}</div>{{/Explanation}}'),
        _row("About", "About"),
    ),
    facets=(
        Facet(
            "",
            "Question",
            "Prompt",
            '<div class="prompt">{{Prompt}}</div>{{#Choices}}<div class="choices">{{Choices}}</div>{{/Choices}}',
            # A typed question (the only kind without choices) has no type-in box: Anki would mark
            # every wording but one wrong, and an instructor accepts several. The back says so.
            _answer("Answer") + '{{^Choices}}<div class="hint">No type-in box here: Anki marks only one exact wording right, '
            "and your instructor accepts other wordings too. Compare your answer yourself.</div>{{/Choices}}",
            ("Answer",),
            QUESTION,
            lambda e: _q(e).answer_text,
            lambda e: _q(e).accept,
            options_field="Choices",
        ),
    ),
    tags=lambda e: [
        "massage::question",
        *(f"massage::{kind}::{ref}" for kind, ref in [_q(e).about or ("", "")] if kind),
        *_own_tags(e),
    ],
)

_TABLES = {t.kind: t for t in (TECHNIQUES, ACUPOINTS, CONTRAINDICATIONS, QUESTIONS)}
# In the order of the kinds; a kind without a row here fails at import, not at a trainee's first build.
TABLE: dict[str, KindTable] = {kind.name: _TABLES[kind.name] for kind in KINDS}

RULE_OPTIONS = tuple(RULES.values())


def facet_id(entry: Entry, facet: Facet) -> FacetId:
    """The facet's stable id: ``kind/entry-id/facet`` (``kind/entry-id`` for a kind's only facet)."""
    return ids.facet_id(entry.kind, entry.id, facet.name)


def facts(table: KindTable, facet: Facet) -> str:
    """The facts a facet's back shows below its answer: every row of the kind that the card does not show already."""
    rows = "".join(row for field, row in table.facts if field not in facet.shows)
    return f'<div class="facts">{rows}</div>' if rows else ""


def back(table: KindTable, facet: Facet) -> str:
    """What a facet's back shows below the question: the answer, the picture, the facts."""
    picture = ""
    if facet.picture and table.picture_field:
        name = table.picture_field
        picture = f'{{{{#{name}}}}}<div class="picture">{{{{{name}}}}}</div>{{{{/{name}}}}}'
    return facet.answer + picture + facts(table, facet)


def entry_facets(entry: Entry, catalogue: Catalogue) -> tuple[dict[str, str], tuple[Facet, ...]]:
    """The entry's note fields by name, and the facets it has: those whose field is filled in (as Anki makes cards)."""
    table = TABLE[entry.kind]
    values = table.field_values(entry, catalogue)
    return values, carded(table, values)


def carded(table: KindTable, values: Mapping[str, str]) -> tuple[Facet, ...]:
    """The facets of ``table`` that make a card for a note with these fields: those whose field is filled in."""
    return tuple(f for f in table.facets if values.get(f.when, "").strip())


def facet_of(item_id: str) -> Facet | None:
    """The facet of the table an item id names, or None for an id the table does not know."""
    parts = ids.parse(item_id)
    table = None if parts is None else TABLE.get(parts.kind)
    if parts is None or table is None:
        return None
    return next((facet for facet in table.facets if facet.name == parts.facet), None)


def cue_text(facet: Facet, values: dict[str, str]) -> str:
    """The card's front as text without its instruction, on one line: what a printed sheet shows beside the answer's space."""
    return render.to_text(_ASKED.sub("", render.render(facet.front, values))).replace("\n", " ")


def question_text(facet: Facet, values: dict[str, str]) -> str:
    """The question as text: the card's front below its label, without the options the drill shows itself."""
    if facet.options_field:
        values = {**values, facet.options_field: ""}
    return render.to_text(render.render(facet.front, values))
