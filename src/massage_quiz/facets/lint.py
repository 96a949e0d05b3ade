"""Warnings that need the facet table: questions asked twice, in the drill and in the deck."""

from __future__ import annotations

import html
from array import array

from massage_quiz.catalogue import codes
from massage_quiz.catalogue import lint as entry_lint
from massage_quiz.catalogue.catalogue import Catalogue
from massage_quiz.catalogue.ids import parse
from massage_quiz.catalogue.kinds import EntryKind, QuestionType
from massage_quiz.catalogue.records import Entry, Question
from massage_quiz.errors import Problem, ProblemCode
from massage_quiz.facets import render
from massage_quiz.facets.facet import Facet
from massage_quiz.facets.table import entry_facets, facet_id, question_text
from massage_quiz.normalize import normalize_text


def warnings(catalogue: Catalogue) -> list[Problem]:
    """Every warning about the catalogue: its entries' own, and those of the questions they are studied by."""
    return sorted([*entry_lint.warnings(catalogue), *same_prompt_twice(catalogue), *repeated_facets(catalogue)])


# Hashes cut to 30 bits: they fit the 4-byte slots of an array("i").
_SMALL = (1 << 30) - 1


def same_prompt_twice(catalogue: Catalogue) -> list[Problem]:
    """Items whose question reads exactly like an earlier item's: the trainee cannot tell them apart."""
    # Two passes, so that what is held per question is 4 bytes, not a dictionary's slot, an integer and an entry:
    # at 100,000 entries a dictionary of every question's hash was the largest thing `check` held while it ran
    # (12 MiB). The first pass keeps each question's hash in order and sets aside the hashes met again (a bit per
    # hash, of a table 64 bits per entry, finds them); the second goes through the questions of those hashes only,
    # and for them makes the text again, to tell a question asked twice from a collision of hashes.
    hashes = array("i")  # every question's hash, entry by entry, facet by facet
    counts = array("B")  # how many questions each entry asks (its facets: a few)
    size = max(1 << 16, 1 << (64 * sum(map(len, catalogue.by_kind.values()))).bit_length())
    seen = bytearray(size >> 3)
    again: set[int] = set()  # the hashes that a question has, whose bit an earlier question had set
    for entry in catalogue.entries():
        values, facets = entry_facets(entry, catalogue)
        counts.append(len(facets))
        for facet in facets:
            small = hash(normalize_text(question_text(facet, values))) & _SMALL
            hashes.append(small)
            bit = small & (size - 1)
            if seen[bit >> 3] & (1 << (bit & 7)):
                again.add(small)
            else:
                seen[bit >> 3] |= 1 << (bit & 7)
    del seen
    # Each repeated hash and the entry first asking it (a hash met once is a question asked once).
    first: dict[int, Entry] = {}
    collided: dict[str, str] = {}  # texts whose hash an earlier, other text has: the item first asking each
    found = []
    position = 0
    for entry, count in zip(catalogue.entries(), counts, strict=True):
        own = hashes[position : position + count]
        position += count
        if not again.intersection(own):
            continue
        values, facets = entry_facets(entry, catalogue)
        for facet, small in zip(facets, own, strict=True):
            if small not in again:
                continue
            earlier = first.setdefault(small, entry)
            if earlier is entry:
                continue
            key = normalize_text(question_text(facet, values))
            this = facet_id(entry, facet)
            same = _asking(earlier, key, catalogue)
            if same is None:
                same = collided.setdefault(key, this)
                if same == this or (
                    (parsed := parse(same)) is not None and (parsed.kind, parsed.entry) == (entry.kind, entry.id)
                ):
                    continue
            found.append(_at(entry, f"{this} asks the same question as {same}: reword one of them"))
    return found


def _asking(entry: Entry, key: str, catalogue: Catalogue) -> str | None:
    """The id of ``entry``'s item whose question reads as ``key``, or None."""
    values, facets = entry_facets(entry, catalogue)
    return next((facet_id(entry, f) for f in facets if normalize_text(question_text(f, values)) == key), None)


def _compared(text: str) -> str:
    """A text as answers are compared: a code in its WHO spelling, anything else normalised."""
    return codes.canonical(text) or normalize_text(text)


def _cues(facet: Facet, values: dict[str, str]) -> list[str]:
    """The entry's own words the facet's question shows (its name on the code card, its code on the name card)."""
    shown = [node.name for node in render.walk(render.parse(facet.front)) if isinstance(node, render.Field)]
    return [normalize_text(html.unescape(values.get(name, ""))) for name in shown if values.get(name, "").strip()]


def repeated_card(question: Question, about: Entry, catalogue: Catalogue) -> str | None:
    """The card of ``about`` that ``question`` repeats: the same answer, asked from the same cue; or None."""
    if question.type not in (QuestionType.TYPED, QuestionType.CHOICE) or not isinstance(question.answer, str):
        return None
    answer = _compared(question.answer)
    prompt = f" {normalize_text(question.prompt)} "
    values, facets = entry_facets(about, catalogue)
    for facet in facets:
        if answer not in {_compared(a) for a in (facet.solution(about), *facet.accept(about))}:
            continue
        if any(cue and f" {cue} " in prompt for cue in _cues(facet, values)):
            return facet.card
    return None


def repeated_facets(catalogue: Catalogue) -> list[Problem]:
    """Instructor questions that ask what a card of the entry they are about already asks."""
    found = []
    for question in catalogue.of(EntryKind.QUESTION):
        assert isinstance(question, Question)
        about = catalogue.get(*question.about) if question.about else None
        card = repeated_card(question, about, catalogue) if about is not None else None
        if about is not None and card is not None:
            message = (
                f"question {question.id!r} repeats the card {card!r} of {about.kind} {about.id!r}: ask something the cards do not"
            )
            found.append(_at(question, message))
    return found


def _at(entry: Entry, message: str) -> Problem:
    path, line, col = entry.origin.at("id")
    return Problem(path, line, col, message, severity="warning", code=ProblemCode.LINT)
