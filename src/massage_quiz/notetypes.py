"""The Anki note types: fixed ids, field lists, card templates and styling.

The field lists are a compatibility contract with every collection that has
imported the deck: Anki matches note types by id, and a note type whose
fields changed is imported as a second note type and its notes are skipped.
Changing a field list is a deliberate step (see docs/deck.md); templates and
styling may change freely, and reach collections on the next import.
"""

from __future__ import annotations

import attrs

DECK_NAME = "Lumbar and back massage"

# Fixed ids, chosen once: never change them.
PARENT_DECK_ID = 1_763_901_000
SUBDECKS = {
    "techniques": (1_763_901_001, "Techniques"),
    "acupoints": (1_763_901_002, "Acupoints"),
    "contraindications": (1_763_901_003, "Contraindications"),
    "questions": (1_763_901_004, "Instructor questions"),
}


@attrs.frozen
class Template:
    """One card of a note: a name, its front and its back."""

    name: str
    front: str
    back: str


@attrs.frozen
class NoteType:
    """A note type: id, name, fields (the contract), templates, and which field sorts."""

    id: int
    name: str
    fields: tuple[str, ...]
    templates: tuple[Template, ...]
    sort_field: str


_SOURCE = '<div class="source">Source: {{Source}}</div>'


def _template(name: str, kind: str, condition: str, question: str, answer: str) -> Template:
    """A template whose card exists only when the field ``condition`` is filled in (no empty cards)."""
    front = f'{{{{#{condition}}}}}<div class="kind">{kind}</div>{question}{{{{/{condition}}}}}'
    back = f'{{{{FrontSide}}}}<hr id="answer">{answer}{_SOURCE}'
    return Template(name, front, back)


_TECHNIQUE_FACTS = (
    '<div class="facts">'
    '{{#OtherNames}}<div><b>Also called:</b> {{OtherNames}}</div>{{/OtherNames}}'
    '{{#Tradition}}<div><b>Tuina tradition:</b> {{Tradition}}</div>{{/Tradition}}'
    '{{#Cautions}}<div class="caution"><b>Caution:</b> {{Cautions}}</div>{{/Cautions}}'
    "</div>"
)
_TECHNIQUE_TITLE = '<div class="title">{{Name}}{{#Chinese}} <span class="zh">{{Chinese}}</span>{{/Chinese}}</div>'

TECHNIQUE = NoteType(
    id=1_763_900_101,
    name="massage-quiz technique",
    fields=("Key", "Name", "Chinese", "OtherNames", "HandPosition", "Direction", "ForceRhythm",
            "Endpoint", "Effects", "Acupoints", "Tradition", "Cautions", "Source", "PathPicture"),  # fmt: skip
    templates=(
        _template("Hand position", "Technique", "HandPosition",
                  _TECHNIQUE_TITLE + '<div class="ask">Which part of the hand, and how are the hands held?</div>',
                  '<div class="answer">{{HandPosition}}</div>' + _TECHNIQUE_FACTS),
        _template("Direction", "Technique", "Direction",
                  _TECHNIQUE_TITLE + '<div class="ask">Where does it start, and which way does it go?</div>',
                  '<div class="answer">{{Direction}}</div>{{#PathPicture}}<div class="picture">{{PathPicture}}</div>{{/PathPicture}}'
                  + _TECHNIQUE_FACTS),
        _template("Force and rhythm", "Technique", "ForceRhythm",
                  _TECHNIQUE_TITLE + '<div class="ask">How much force, at what speed and rhythm?</div>',
                  '<div class="answer">{{ForceRhythm}}</div>{{#Endpoint}}<div><b>Until:</b> {{Endpoint}}</div>{{/Endpoint}}'
                  + _TECHNIQUE_FACTS),
        _template("Effects", "Technique", "Effects",
                  _TECHNIQUE_TITLE + '<div class="ask">What does it do?</div>',
                  '<div class="answer">{{Effects}}</div>{{#Acupoints}}<div><b>Acupoints:</b> {{Acupoints}}</div>{{/Acupoints}}'
                  + _TECHNIQUE_FACTS),
    ),
    sort_field="Name",
)

_POINT_NAME = '<div class="title">{{Name}}{{#Hanzi}} <span class="zh">{{Hanzi}}</span>{{/Hanzi}}</div>'
_POINT_FACTS = (
    '<div class="facts">'
    '<div><b>{{#Code}}{{Code}} · {{/Code}}{{Name}}</b>{{#Hanzi}} <span class="zh">{{Hanzi}}</span>{{/Hanzi}}'
    "{{#English}} · {{English}}{{/English}}</div>"
    "{{#Meridian}}<div><b>Meridian:</b> {{Meridian}}</div>{{/Meridian}}"
    "<div><b>Location:</b> {{Location}}</div>"
    '{{#Disputed}}<div class="disputed"><b>Sources differ:</b> {{Disputed}}</div>{{/Disputed}}'
    '{{#Cautions}}<div class="caution"><b>Caution:</b> {{Cautions}}</div>{{/Cautions}}'
    "{{#Notes}}<div><b>Note:</b> {{Notes}}</div>{{/Notes}}"
    "</div>"
)

ACUPOINT = NoteType(
    id=1_763_900_102,
    name="massage-quiz acupoint",
    fields=("Key", "Name", "Code", "CodeSpellings", "Hanzi", "English", "Meridian", "Location",
            "Disputed", "Pressing", "Sensation", "Cautions", "Notes", "Source", "LocationPicture"),  # fmt: skip
    templates=(
        Template(
            "Name → code",
            '{{#Code}}<div class="kind">Acupoint</div>' + _POINT_NAME
            + '<div class="ask">What is its WHO code?</div>{{type:Code}}{{/Code}}',
            '{{#Code}}<div class="kind">Acupoint</div>' + _POINT_NAME + '<div class="ask">What is its WHO code?</div>'
            '{{type:Code}}<hr id="answer"><div class="answer big">{{Code}}</div>'
            "{{#CodeSpellings}}<div>Also written: {{CodeSpellings}}</div>{{/CodeSpellings}}{{/Code}}"
            + _POINT_FACTS + _SOURCE,
        ),
        _template("Code → name", "Acupoint", "Code",
                  '<div class="title big">{{Code}}</div><div class="ask">Which point is this?</div>',
                  '<div class="answer">' + _POINT_NAME + "</div>" + _POINT_FACTS),
        _template("Location", "Acupoint", "Location",
                  _POINT_NAME + '{{#Code}}<div class="code">{{Code}}</div>{{/Code}}<div class="ask">Where is it?</div>'
                  '{{#Disputed}}<div class="disputed">The sources differ on this location.</div>{{/Disputed}}',
                  '<div class="answer">{{Location}}</div>'
                  '{{#LocationPicture}}<div class="picture">{{LocationPicture}}</div>{{/LocationPicture}}' + _POINT_FACTS),
        _template("Pressing", "Acupoint", "Pressing",
                  _POINT_NAME + '{{#Code}}<div class="code">{{Code}}</div>{{/Code}}'
                  '<div class="ask">How is it pressed, and what should the recipient feel?</div>',
                  '<div class="answer">{{Pressing}}{{#Sensation}}<br><b>Sensation sought:</b> {{Sensation}}{{/Sensation}}</div>'
                  + _POINT_FACTS),
    ),
    sort_field="Name",
)

_RULE_FACTS = (
    '<div class="facts">'
    "{{#AppliesTo}}<div><b>Applies to:</b> {{AppliesTo}}</div>{{/AppliesTo}}"
    "{{#Signs}}<div><b>Signs:</b> {{Signs}}</div>{{/Signs}}"
    "</div>"
)

CONTRAINDICATION = NoteType(
    id=1_763_900_103,
    name="massage-quiz contraindication",
    fields=("Key", "Condition", "Rule", "Details", "AppliesTo", "Signs", "Source"),
    templates=(
        _template("What to do", "Contraindication", "Condition",
                  '<div class="title">{{Condition}}</div><div class="ask">Massage: refer, avoid the area, or adapt?</div>',
                  '<div class="answer rule">{{Rule}}</div>{{#Details}}<div>{{Details}}</div>{{/Details}}' + _RULE_FACTS),
        _template("Signs", "Contraindication", "Signs",
                  '<div class="ask">A client shows these signs:</div><div class="signs">{{Signs}}</div>'
                  '<div class="ask">What may this be, and what do you do?</div>',
                  '<div class="title">{{Condition}}</div><div class="answer rule">{{Rule}}</div>'
                  "{{#Details}}<div>{{Details}}</div>{{/Details}}"),
    ),
    sort_field="Condition",
)

QUESTION = NoteType(
    id=1_763_900_104,
    name="massage-quiz question",
    fields=("Key", "Prompt", "Choices", "Answer", "Explanation", "Type", "About", "Source"),
    templates=(
        _template("Question", "Question", "Prompt",
                  '<div class="title">{{Prompt}}</div>{{#Choices}}<div class="choices">{{Choices}}</div>{{/Choices}}',
                  '<div class="answer">{{Answer}}</div>{{#Explanation}}<div class="explanation">{{Explanation}}</div>{{/Explanation}}'
                  "{{#About}}<div><b>About:</b> {{About}}</div>{{/About}}"),
    ),
    sort_field="Prompt",
)

NOTE_TYPES = {"technique": TECHNIQUE, "acupoint": ACUPOINT, "contraindication": CONTRAINDICATION, "question": QUESTION}

CSS = """\
.card {
  font-family: -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", "PingFang SC",
    "Microsoft YaHei", sans-serif;
  font-size: 1.15rem;
  line-height: 1.5;
  text-align: left;
  color: #1f2328;
  background-color: #ffffff;
  max-width: 38em;
  margin: 0 auto;
  padding: 0.75em;
}
.card.nightMode, .nightMode .card { color: #e6e6e6; background-color: #1f1f1f; }
.kind { font-size: 0.75em; letter-spacing: 0.08em; text-transform: uppercase; color: #6e7781; }
.title { font-size: 1.3em; font-weight: 600; margin: 0.2em 0 0.4em; }
.big { font-size: 1.6em; }
.zh { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; font-weight: 400; }
.code { font-weight: 600; color: #0969da; }
.ask { margin: 0.4em 0; }
.answer { font-size: 1.1em; margin: 0.4em 0 0.8em; }
.rule { font-weight: 600; }
.choices ol, .answer ol, .answer ul, .facts ul, .signs ul { margin: 0.2em 0; padding-left: 1.4em; }
.facts { font-size: 0.9em; border-top: 1px solid #d0d7de; padding-top: 0.5em; }
.facts > div { margin: 0.25em 0; }
.caution { color: #9a6700; }
.disputed { color: #8250df; }
.explanation { margin: 0.5em 0; }
.source { font-size: 0.75em; color: #6e7781; margin-top: 1em; }
.picture img { max-width: 100%; height: auto; }
.nightMode .kind, .nightMode .source { color: #9da7b3; }
.nightMode .code { color: #58a6ff; }
.nightMode .caution { color: #d29922; }
.nightMode .disputed { color: #bc8cff; }
.nightMode .facts { border-top-color: #444c56; }
input#typeans { font-size: 1em; width: 100%; box-sizing: border-box; }
@media (max-width: 480px) { .card { font-size: 1.05rem; padding: 0.5em; } }
"""
