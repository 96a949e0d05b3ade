"""The Anki note types, made from the facet table: fixed ids, field lists, card templates, styling.

The field lists are a compatibility contract with every collection that has
imported the deck: Anki matches note types by id, and a note type whose
fields changed is imported as a second note type and its notes are skipped.
Changing a field list is a deliberate step (see docs/deck.md); templates and
styling may change freely, and reach collections on the next import.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from massage_quiz.anki import typein
from massage_quiz.facets.facet import Facet, KindTable
from massage_quiz.facets.table import TABLE, back

DECK_NAME = "Lumbar and back massage"
PARENT_DECK_ID = 1_763_901_000  # fixed, chosen once: never change it


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


def template(table: KindTable, facet: Facet) -> Template:
    """The card template of one facet: made only when the facet's field is filled in (no empty cards)."""
    question = f'<div class="kind">{table.label}</div>{facet.front}'
    if "{{type:Code}}" in facet.front:
        question += typein.script()  # a code typed in any spelling is compared as WHO writes it
    front = f"{{{{#{facet.when}}}}}{question}{{{{/{facet.when}}}}}"
    if "{{type:" in facet.front:
        # Anki compares the typed answer where {{type:...}} stands on the back, so the
        # question is repeated with it rather than taken from {{FrontSide}}.
        answer = f'{{{{#{facet.when}}}}}{question}<hr id="answer">{back(table, facet)}{{{{/{facet.when}}}}}'
    else:
        answer = f'{{{{FrontSide}}}}<hr id="answer">{back(table, facet)}'
    return Template(facet.card, front, answer + _SOURCE)


def note_type(kind: str) -> NoteType:
    """The note type of one kind of entry, read from the facet table."""
    table = TABLE[kind]
    templates = tuple(template(table, facet) for facet in table.facets)
    return NoteType(table.note_type_id, table.note_type_name, table.fields, templates, table.sort_field)


def model_content(model: Mapping[str, Any]) -> object:
    """What a re-import compares of a note type as Anki keeps it (JSON): name, field names, templates, styling, sort field."""
    return (
        model["name"],
        [f["name"] for f in model["flds"]],
        [(t["name"], t["qfmt"], t["afmt"]) for t in model["tmpls"]],
        model["css"],
        model["sortf"],
    )


def content(note_type: NoteType) -> object:
    """The same of one of ours, as the deck writes it (``model_content`` of its note type after an import)."""
    templates = [(t.name, t.front, t.back) for t in note_type.templates]
    return (note_type.name, list(note_type.fields), templates, CSS, note_type.fields.index(note_type.sort_field))


def note_types() -> dict[str, NoteType]:
    """Every note type, by kind."""
    return {kind: note_type(kind) for kind in TABLE}


# Night mode is keyed the way Anki's clients set it: ``nightMode`` (desktop, AnkiMobile) and
# ``night_mode`` (desktop, AnkiDroid), on the card's own element or an ancestor of it.
# The answer stands out on every back: a tinted panel, larger than anything else on
# the card; a code typed from a name is the largest text of all.
CSS_TEMPLATE = """\
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
  overflow-wrap: break-word;
}
.kind { font-size: 0.75em; letter-spacing: 0.08em; text-transform: uppercase; color: #59636e; }
.title { font-size: 1.3em; font-weight: 600; margin: 0.2em 0 0.4em; }
.prompt { font-size: 1.1em; font-weight: 600; margin: 0.2em 0 0.4em; }
.big { font-size: 1.6em; }
.zh { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; font-weight: 400; }
.code { font-weight: 600; color: #0550ae; }
.ask { margin: 0.4em 0; }
hr#answer { border: 0; border-top: 1px solid #d0d7de; margin: 0.8em 0; }
.answer {
  font-size: 1.35em; font-weight: 600; line-height: 1.35; color: #0a3069; background-color: #ddf4ff;
  border-left: 0.3em solid #0969da; border-radius: 0.3em; padding: 0.35em 0.6em; margin: 0.4em 0 0.8em;
}
.answer .title { font-size: 1.25em; margin: 0; }
.answer.big { font-size: 2.4em; letter-spacing: 0.04em; padding: 0.1em 0.4em; }
.answer ol, .answer ul { font-weight: 400; }
.answer .accepted { font-size: 0.7em; font-weight: 400; }
.answer .urgent { font-size: 0.8em; margin-top: 0.25em; color: #a40e26; }
.nowrap { white-space: nowrap; }
.option { color: #0969da; }
.spellings { font-size: 0.9em; color: #59636e; }
.choices ol, .answer ol, .answer ul, .facts ul, .signs ul, .source ul { margin: 0.2em 0; padding-left: 1.4em; }
.card:has(#answer) .choices li.right { font-weight: 600; color: #116329; }
.card:has(#answer) .choices li.right::after { content: " \\2714"; }
.facts { font-size: 0.9em; border-top: 1px solid #d0d7de; padding-top: 0.5em; }
.facts > div { margin: 0.25em 0; }
.caution { color: #7d4e00; }
.disputed { color: #6639ba; }
.hint { font-size: 0.85em; color: #59636e; margin: 0.3em 0; }
.explanation { margin: 0.5em 0; }
.whynot { margin: 0.35em 0; }
.whysource { font-size: 0.85em; color: #59636e; }
.source { font-size: 0.8em; color: #59636e; margin-top: 1em; }
.picture img { display: block; max-width: 100%; height: auto; margin: 0.4em auto; }
input#typeans, #typeans {
  font-size: 1.1em; width: 100%; box-sizing: border-box; padding: 0.3em; color: #1f2328; background-color: #ffffff;
  border: 1px solid #8c959f; border-radius: 0.3em;
}
.typefair { font-weight: 600; color: #116329; margin: 0.2em 0; }
code#typeans { display: block; font-size: 1.3em; border: 0; padding: 0.2em 0; background-color: transparent; }
.card.nightMode, .card.night_mode, .nightMode .card, .night_mode .card { color: #e6edf3; background-color: #1f1f1f; }
.nightMode .card:has(#answer) .choices li.right, .night_mode .card:has(#answer) .choices li.right,
.card.nightMode:has(#answer) .choices li.right, .card.night_mode:has(#answer) .choices li.right { color: #56d364; }
{night}@media (max-width: 480px) { .card { font-size: 1.05rem; padding: 0.5em; } }
"""


def _night_rules(rules: tuple[tuple[str, str], ...]) -> str:
    """Each rule for both night-mode classes, spelled out: older Android web views drop a rule with :is()."""
    lines = []
    for selectors, declarations in rules:
        parts = [s.strip() for s in selectors.split(",")]
        spelled = ", ".join(f"{mode} {part}" for mode in (".nightMode", ".night_mode") for part in parts)
        lines.append(f"{spelled} {{ {declarations} }}")
    return "\n".join(lines) + "\n"


NIGHT_RULES = (
    (".kind, .source, .hint, .spellings, .whysource", "color: #9da7b3;"),
    (".code, .option", "color: #79c0ff;"),
    (".answer", "color: #cae8ff; background-color: #0c2d6b; border-left-color: #58a6ff;"),
    (".caution", "color: #e3b341;"),
    (".typefair", "color: #56d364;"),
    (".answer .urgent", "color: #ffa198;"),
    (".disputed", "color: #d2a8ff;"),
    (".facts, hr#answer", "border-top-color: #444c56;"),
    ("#typeans", "color: #e6edf3; background-color: #0d1117; border-color: #6e7681;"),
    ("code#typeans", "background-color: transparent;"),
    # The body maps are drawn on a light panel; at night they are shown inverted (a dark panel,
    # light lines), as shared decks show their diagrams at night.
    (".picture img", "filter: invert(0.9) hue-rotate(180deg);"),
)
CSS = CSS_TEMPLATE.replace("{night}", _night_rules(NIGHT_RULES))
