"""What the facet table is made of: a facet (one fact asked: one Anki card, one drill item) and a kind's row of them.

The table itself, one ``KindTable`` per kind, is in ``table``.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

import attrs

from massage_quiz.catalogue.catalogue import Catalogue
from massage_quiz.catalogue.records import Entry


class Ask(StrEnum):
    """How the drill asks a facet (which decides the item's ``Form``)."""

    TYPED = "typed"  # type the answer; codes are matched as codes
    CHOICE = "choice"  # pick the answer among the same facet of other entries of the kind
    RULE = "rule"  # pick one of the rules (refer, wait until it clears, avoid the area, as a physician guides, adapt)
    RECALL = "recall"  # think, see the answer, say whether you knew it (no fair distractors exist)
    QUESTION = "question"  # an instructor's question, asked in its own type (typed, choice, true-false, order)


def _nothing(_entry: Entry) -> tuple[str, ...]:
    return ()


@attrs.frozen
class Facet:
    """One fact of an entry that a trainee recalls: one Anki card, one drill item, one id."""

    name: str  # the item id's last part: acupoint/shenshu/<name>; "" for a kind's only facet
    card: str  # the Anki card template's name (never rename: Anki matches templates by name)
    when: str  # the note field that must be filled in for the facet to exist (no empty cards)
    front: str  # the question, below the kind's label; the drill shows the same text
    answer: str  # the answer, first on the back
    shows: tuple[str, ...]  # the fields the answer shows, left out of the facts below it
    form: Ask  # how the drill asks it
    solution: Callable[[Entry], str]  # the right answer, as plain text
    accept: Callable[[Entry], tuple[str, ...]] = _nothing  # other right answers (typed)
    picture: bool = False  # the back (and the drill's feedback) shows the entry's picture
    options_field: str | None = None  # a field on the front that the drill shows as its own options
    # The other entries of the kind whose answer to this facet is also true of this entry (the content
    # says which), so never offered as a wrong option.
    also_true: Callable[[Entry], tuple[str, ...]] = _nothing
    # The section a printed sheet asks it in, when not the one its form decides (see sheet/questions.py).
    paper: str = ""


@attrs.frozen
class KindTable:
    """Everything about one kind of entry as it is studied: its note type, its facts and its facets."""

    kind: str
    label: str  # shown above every question
    note_type_id: int  # fixed: never change it
    note_type_name: str
    subdeck_id: int  # the subdeck that builds before one-deck ordering used: kept, never given to anything else
    subdeck: str  # the kind's name in the build summary (and that old subdeck's name)
    fields: tuple[str, ...]  # the note type's fields: a contract (see docs/deck.md)
    sort_field: str
    # The note's fields by name, escaped HTML: joined to ``fields`` by name, never by position.
    named: Callable[[Entry, Catalogue], dict[str, str]]
    facts: tuple[tuple[str, str], ...]  # (field, HTML row) shown on every back unless the answer shows it
    facets: tuple[Facet, ...]
    tags: Callable[[Entry], list[str]]
    picture: Callable[[Entry], tuple[str, str] | None] = lambda entry: None  # (media name, SVG) or None
    picture_field: str | None = None  # the field holding the picture's <img>

    def field_values(self, entry: Entry, catalogue: Catalogue) -> dict[str, str]:
        """The entry's note fields by name, exactly the note type's fields in their order."""
        named = self.named(entry, catalogue)
        if tuple(named) != self.fields:
            # A bug, not bad content: the field writer and the note type disagree (tests/test_vocabulary.py).
            raise AssertionError(f"{self.kind} fields {tuple(named)} are not the note type's {self.fields}")
        return named

    def values(self, entry: Entry, catalogue: Catalogue) -> list[str]:
        """The entry's note fields, escaped HTML, in the note type's order (as a genanki note takes them)."""
        return list(self.field_values(entry, catalogue).values())
