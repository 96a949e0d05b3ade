"""Compile the catalogue into study items, one per facet of the facet table.

The prompt is the text of the card's front and the feedback the text of its
back, rendered from the same templates as the Anki cards: the drill and the
deck cannot drift apart.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from massage_quiz.catalogue.catalogue import Catalogue
from massage_quiz.catalogue.ids import FacetId
from massage_quiz.catalogue.kinds import KIND_TOPIC, RULES, Form, QuestionType
from massage_quiz.catalogue.records import Acupoint, Contraindication, Entry, Question, Technique
from massage_quiz.facets import render
from massage_quiz.facets.facet import Facet, KindTable
from massage_quiz.facets.fields import WHY_NOT
from massage_quiz.facets.table import (
    CHOICE,
    QUESTION,
    RECALL,
    RULE,
    RULE_OPTIONS,
    TABLE,
    TYPED,
    entry_facets,
    facet_id,
    facts,
    question_text,
)
from massage_quiz.items.item import Item
from massage_quiz.normalize import normalize_text

DISTRACTORS = 3
# Up to this many distinct answers per facet, distractors are drawn from all of them
# (as they always were); beyond it, by sampling, so each item costs the same at any size.
SMALL_POOL = 64


class Pool:
    """The distinct answers of one facet across a kind's entries, to draw distractors from."""

    def __init__(self, answers: list[str]) -> None:
        seen: set[str] = set()
        self.texts: list[str] = []
        self.keys: list[str] = []
        self.touched = 0  # answers looked at while drawing (counted by a test)
        for text in answers:
            key = normalize_text(text)
            if key and key not in seen:
                seen.add(key)
                self.texts.append(text)
                self.keys.append(key)

    def distractors(self, correct: str, rng: random.Random, also_true: tuple[str, ...] = ()) -> list[str]:
        """Up to DISTRACTORS answers that can never be a second right answer (nor one of ``also_true``)."""
        avoid = {normalize_text(text) for text in (correct, *also_true)}
        if len(self.texts) <= SMALL_POOL:
            self.touched += len(self.texts)
            others = [t for t, k in zip(self.texts, self.keys, strict=True) if k not in avoid]
            rng.shuffle(others)
            return others[:DISTRACTORS]
        picked: list[int] = []
        for _ in range(DISTRACTORS * 8):  # bounded: the pool holds far more than DISTRACTORS other answers
            index = rng.randrange(len(self.texts))
            self.touched += 1
            if index not in picked and self.keys[index] not in avoid:
                picked.append(index)
                if len(picked) == DISTRACTORS:
                    break
        return [self.texts[i] for i in picked]


def items(catalogue: Catalogue) -> list[Item]:
    """Every study item of the catalogue, kind by kind, in catalogue order."""
    result: list[Item] = []
    for kind, table in TABLE.items():
        entries = catalogue.of(kind)
        pools = _pools(table, entries)
        for entry in entries:
            result.extend(_entry_items(table, entry, pools, catalogue))
    return result


def entry_items(entry: Entry, catalogue: Catalogue) -> list[Item]:
    """The study items of one entry (which need not be in the catalogue yet), as the drill asks them."""
    table = TABLE[entry.kind]
    others = [e for e in catalogue.of(entry.kind) if e.id != entry.id]
    return _entry_items(table, entry, _pools(table, [entry, *others]), catalogue)


def _pools(table: KindTable, entries: Sequence[Entry]) -> dict[str, Pool]:
    return {f.name: Pool([f.solution(e) for e in entries]) for f in table.facets if f.form == CHOICE}


def _also_true(facet: Facet, entry: Entry, catalogue: Catalogue) -> tuple[str, ...]:
    """Other entries' answers to this facet that are also true of this entry (the table says which), so never wrong options."""
    others = (catalogue.get(entry.kind, other) for other in facet.also_true(entry))
    return tuple(facet.solution(other) for other in others if other is not None)


def _entry_items(table: KindTable, entry: Entry, pools: dict[str, Pool], catalogue: Catalogue) -> list[Item]:
    values, facets = entry_facets(entry, catalogue)
    return [_item(table, facet, entry, values, pools, catalogue) for facet in facets]


def _item(
    table: KindTable, facet: Facet, entry: Entry, values: dict[str, str], pools: dict[str, Pool], catalogue: Catalogue
) -> Item:
    item_id = facet_id(entry, facet)
    if isinstance(entry, Question) and entry.why_not:
        # The Anki back lists why each wrong option is wrong; the drill shows only the one picked (asking.feedback).
        values = {**values, "Explanation": WHY_NOT.sub("", values["Explanation"])}
    shown = render.to_text(render.render(facts(table, facet), values))
    base: dict[str, Any] = {
        "topic": KIND_TOPIC[entry.kind],
        "prompt": question_text(facet, values),
        "answer": facet.solution(entry),
        "facts": tuple(shown.split("\n")) if shown else (),
        "source": _source(entry, catalogue),
        "tags": entry.tags,
        "entry": (entry.kind, entry.id),
        "figure": _figure(entry) if facet.picture else None,
    }
    if facet.form == TYPED:
        return Item(item_id, form=Form.TYPED, accept=facet.accept(entry), **base)
    if facet.form == RULE:
        assert isinstance(entry, Contraindication)
        # A choice item's accept holds the other options also graded right: the entry's
        # author says which, as a source allows (a rule is never right for every entry that has it).
        also = tuple(RULES[rule] for rule in entry.also_right)
        correct = RULE_OPTIONS.index(base["answer"])
        why = tuple((RULES[w.option], w.why, w.source) for w in entry.why_not)
        return Item(item_id, form=Form.CHOICE, accept=also, options=RULE_OPTIONS, correct=correct, why_not=why, **base)
    if facet.form == QUESTION:
        return _question(item_id, entry, base)
    if facet.form == CHOICE:
        shared = _also_true(facet, entry, catalogue)
        distractors = pools[facet.name].distractors(base["answer"], random.Random(item_id), shared)
        if distractors:
            options = [base["answer"], *distractors]
            random.Random(item_id).shuffle(options)
            return Item(item_id, form=Form.CHOICE, options=tuple(options), correct=options.index(base["answer"]), **base)
    assert facet.form in (CHOICE, RECALL)
    return Item(item_id, form=Form.RECALL, **base)  # no fair distractor exists: think, then see the answer


def _question(item_id: FacetId, entry: Entry, base: dict[str, Any]) -> Item:
    assert isinstance(entry, Question)
    if entry.type in (QuestionType.CHOICE, QuestionType.ORDER):
        options = entry.options()
        if isinstance(entry.answer, tuple):
            correct: int | tuple[int, ...] = tuple(options.index(step) for step in entry.answer)
        else:
            correct = options.index(str(entry.answer))
        why = tuple((w.option, w.why, w.source) for w in entry.why_not)
        return Item(item_id, form=Form(entry.type), options=options, correct=correct, why_not=why, **base)
    if entry.type == QuestionType.TRUE_FALSE:
        assert isinstance(entry.answer, bool)  # the spec checks it
        return Item(item_id, form=Form.TRUE_FALSE, correct=entry.answer, **base)
    return Item(item_id, form=Form.TYPED, accept=entry.accept, **base)


def _source(entry: Entry, catalogue: Catalogue) -> tuple[str, ...]:
    """The entry's sources; a question without its own takes those of the entry it is about."""
    if entry.source or not isinstance(entry, Question) or not entry.about:
        return entry.source
    about = catalogue.get(*entry.about)
    return about.source if about is not None else ()


def _figure(entry: Entry) -> tuple[Any, ...] | None:
    """What the drill draws as text: an acupoint's map or a technique's strokes."""
    if isinstance(entry, Acupoint) and entry.map is not None:
        return ("acupoint", entry.code if entry.has_who_code else entry.pinyin, entry.pinyin, tuple(entry.map))
    if isinstance(entry, Technique) and entry.path is not None:
        return ("technique", entry.name, tuple(entry.path))
    return None
