"""Study items: one per fact a trainee must recall, drawn from the catalogue.

The deck makes a card for the same facets, so a fact drilled in the
terminal is the fact carded in Anki. Each item has a stable id built from
its entry's kind and id, so rewording never loses progress.
"""

from __future__ import annotations

from massage_quiz.catalogue import Catalogue
from massage_quiz.items import Item
from massage_quiz.matching import normalize_text
from massage_quiz.model import RULES, Acupoint, Contraindication, Entry, Question, Technique


def items(catalogue: Catalogue) -> list[Item]:
    """Every study item of the catalogue, in catalogue order."""
    result: list[Item] = []
    for technique in catalogue.techniques:
        result.extend(_technique_items(technique, catalogue))
    for point in catalogue.acupoints:
        result.extend(_acupoint_items(point, catalogue))
    for rule in catalogue.contraindications:
        result.extend(_contraindication_items(rule, catalogue))
    for question in catalogue.questions:
        result.append(question_item(question, catalogue))
    return result


def fact_lines(entry: Entry, catalogue: Catalogue) -> tuple[str, ...]:
    """The whole fact behind an item, as lines of text."""
    if isinstance(entry, Acupoint):
        name = " · ".join(x for x in (entry.code if entry.has_who_code else None, entry.pinyin, entry.hanzi, entry.english) if x)
        lines = [name, f"Location: {entry.location}"]
        lines += [f"Sources differ: {entry.disputed}"] if entry.disputed else []
        lines += [f"Pressing: {entry.pressing}"] if entry.pressing else []
        lines += [f"Sensation sought: {entry.sensation}"] if entry.sensation else []
        lines += [f"Caution: {c}" for c in entry.cautions]
        return tuple(lines)
    if isinstance(entry, Technique):
        chinese = " ".join(x for x in (entry.chinese, entry.pinyin) if x)
        lines = [f"{entry.name}" + (f" ({chinese})" if chinese else ""), f"Hands: {entry.hand_position}"]
        for label, value in (("Direction", entry.direction), ("Force", entry.force), ("Rhythm", entry.rhythm), ("Until", entry.endpoint)):
            if value:
                lines.append(f"{label}: {value}")
        if entry.effects:
            lines.append("Effects: " + " ".join(entry.effects))
        return tuple(lines)
    if isinstance(entry, Contraindication):
        lines = [entry.condition, f"Rule: {entry.rule_text}"]
        lines += [entry.details] if entry.details else []
        lines += ["Signs: " + " ".join(entry.signs)] if entry.signs else []
        return tuple(lines)
    about = catalogue.get(*entry.about) if entry.about else None
    lines = [entry.explanation] if entry.explanation else []
    return tuple(lines) + (fact_lines(about, catalogue) if about is not None else ())


def _distinct_others(correct: str, others: list[str]) -> tuple[str, ...]:
    """Distractors that can never be a second right answer: no repeats, nothing equal to the answer."""
    seen = {normalize_text(correct)}
    kept = []
    for other in others:
        key = normalize_text(other)
        if key and key not in seen:
            seen.add(key)
            kept.append(other)
    return tuple(kept)


def _choice(item_id: str, correct: str, others: list[str], **fields: object) -> Item:
    import random

    distractors = list(_distinct_others(correct, others))
    rng = random.Random(item_id)
    rng.shuffle(distractors)
    options = [correct, *distractors[:3]]
    rng.shuffle(options)
    return Item(item_id, form="choice", answer=correct, options=tuple(options), correct=options.index(correct), **fields)  # type: ignore[arg-type]


def _technique_items(t: Technique, catalogue: Catalogue) -> list[Item]:
    base = dict(topic="techniques", facts=fact_lines(t, catalogue), source=t.source, tags=t.tags, entry=("technique", t.id))
    others = [o for o in catalogue.techniques if o.id != t.id]

    def force_rhythm(x: Technique) -> str | None:
        parts = [f"Force: {x.force}" if x.force else "", f"Rhythm: {x.rhythm}" if x.rhythm else ""]
        return " ".join(p for p in parts if p) or None

    facets = (
        ("hand-position", "Which part of the hand, and how are the hands held?", lambda x: x.hand_position),
        ("direction", "Where does it start, and which way does it go?", lambda x: x.direction),
        ("force-rhythm", "How much force, at what speed and rhythm?", force_rhythm),
        ("effects", "What does it do?", lambda x: " ".join(x.effects) or None),
    )
    result = []
    for name, ask, get in facets:
        correct = get(t)
        if not correct:
            continue
        item_id = f"technique/{t.id}/{name}"
        prompt = f"{t.name}: {ask}"
        distractors = [v for v in (get(o) for o in others) if v]
        figure = ("technique", t.name, tuple(t.path)) if name == "direction" and t.path else None
        if _distinct_others(correct, distractors):
            result.append(_choice(item_id, correct, distractors, prompt=prompt, figure=figure, **base))
        else:
            result.append(Item(item_id, form="recall", prompt=prompt, answer=correct, **base))  # type: ignore[arg-type]
    return result


def _acupoint_items(a: Acupoint, catalogue: Catalogue) -> list[Item]:
    base = dict(topic="acupoints", facts=fact_lines(a, catalogue), source=a.source, tags=a.tags, entry=("acupoint", a.id))
    name = f"{a.pinyin}" + (f" ({a.hanzi})" if a.hanzi else "")
    result = []
    if a.has_who_code:
        result.append(Item(f"acupoint/{a.id}/code", form="typed", prompt=f"What is the WHO code of {name}?",
                           answer=a.code, accept=a.code_spellings, **base))  # type: ignore[arg-type]
        names = tuple(x for x in (a.hanzi, a.english) if x)
        result.append(Item(f"acupoint/{a.id}/name", form="typed", prompt=f"Which point is {a.code}? (pinyin, characters or English name)",
                           answer=a.pinyin, accept=names, **base))  # type: ignore[arg-type]
    label = f"{name}" + (f", {a.code}" if a.has_who_code else "")
    note = "The sources differ on this location; see the feedback." if a.disputed else None
    others = [o.location for o in catalogue.acupoints if o.id != a.id]
    figure = ("acupoint", a.code if a.has_who_code else a.pinyin, a.pinyin, tuple(a.map)) if a.map else None
    result.append(_choice(f"acupoint/{a.id}/location", a.location, others, prompt=f"Where is {label}?", note=note,
                          figure=figure, **base))
    if a.pressing:
        answer = a.pressing + (f" Sensation sought: {a.sensation}" if a.sensation else "")
        result.append(Item(f"acupoint/{a.id}/pressing", form="recall",
                           prompt=f"How is {label} pressed, and what should the recipient feel?", answer=answer, **base))  # type: ignore[arg-type]
    return result


def _contraindication_items(c: Contraindication, catalogue: Catalogue) -> list[Item]:
    base = dict(topic="contraindications", source=c.source, tags=c.tags, entry=("contraindication", c.id))
    facts = fact_lines(c, catalogue)
    # The statement shown is true for some entries and false for others, fixed by
    # the id, so a trainee cannot learn that the answer is always "true".
    import random

    shown_rule = random.Random(c.id).choice(list(RULES))
    statement = f"{c.condition}. Rule: {RULES[shown_rule]}."
    result = [Item(f"contraindication/{c.id}/rule", form="true-false", prompt=f"True or false? {statement}",
                   answer="True" if shown_rule == c.rule else f"False: {c.rule_text}", correct=shown_rule == c.rule,
                   facts=facts, **base)]  # type: ignore[arg-type]
    if c.signs:
        options = tuple(RULES.values())
        result.append(Item(f"contraindication/{c.id}/signs", form="choice",
                           prompt="A client shows these signs: " + " ".join(c.signs) + " What do you do?",
                           answer=c.rule_text, options=options, correct=options.index(c.rule_text), facts=facts, **base))  # type: ignore[arg-type]
    return result


def question_item(q: Question, catalogue: Catalogue) -> Item:
    """The drill item of an instructor's question."""
    base = dict(topic="questions", prompt=q.prompt, facts=fact_lines(q, catalogue), tags=q.tags,
                entry=("question", q.id), source=q.source or _about_source(q, catalogue))
    item_id = f"question/{q.id}"
    if q.type == "choice":
        options = q.options()
        return Item(item_id, form="choice", answer=str(q.answer), options=options, correct=options.index(str(q.answer)), **base)  # type: ignore[arg-type]
    if q.type == "order":
        options = q.options()
        order = tuple(options.index(step) for step in q.answer)  # type: ignore[union-attr]
        return Item(item_id, form="order", answer=q.answer_text, options=options, correct=order, **base)  # type: ignore[arg-type]
    if q.type == "true-false":
        return Item(item_id, form="true-false", answer=q.answer_text, correct=q.answer, **base)  # type: ignore[arg-type]
    return Item(item_id, form="typed", answer=str(q.answer), accept=q.accept, **base)  # type: ignore[arg-type]


def _about_source(q: Question, catalogue: Catalogue) -> tuple[str, ...]:
    entry = catalogue.get(*q.about) if q.about else None
    return entry.source if entry is not None else ()
