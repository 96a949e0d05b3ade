"""An entry's Anki cards as text, rendered from the note type's templates (no genanki needed)."""

from __future__ import annotations

from massage_quiz.anki.notetypes import note_type
from massage_quiz.catalogue.catalogue import Catalogue
from massage_quiz.catalogue.records import Entry
from massage_quiz.facets import render
from massage_quiz.facets.table import TABLE

TYPE_BOX = "[type the answer]"


def card_texts(entry: Entry, catalogue: Catalogue) -> list[tuple[str, str, str]]:
    """Each card of the entry's note as (template name, front, back), as the card reads in Anki."""
    nt = note_type(entry.kind)
    values = TABLE[entry.kind].field_values(entry, catalogue)
    cards = []
    for template in nt.templates:
        front = render.render(template.front, values, typed=TYPE_BOX)
        if not render.to_text(front):
            continue  # Anki makes no card when the front is empty
        back = render.render(template.back, values, front=front)
        cards.append((template.name, render.to_text(front), render.to_text(back)))
    return cards
