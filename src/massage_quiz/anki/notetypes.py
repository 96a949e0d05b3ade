"""The Anki note types, made from the facet table: fixed ids, field lists, card templates, styling.

The field lists are a compatibility contract with every collection that has
imported the deck: Anki matches note types by id, and a note type whose
fields changed is imported as a second note type and its notes are skipped.
Changing a field list is a deliberate step (see docs/deck.md); templates and
styling may change freely, and reach collections on the next import.
"""

from __future__ import annotations

import attrs

from massage_quiz.facets.table import TABLE, Facet, KindTable, back

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


def note_types() -> dict[str, NoteType]:
    """Every note type, by kind."""
    return {kind: note_type(kind) for kind in TABLE}


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
