"""What a sheet asks: drill items chosen by a seed, put in sections, numbered, each with its answer for the key.

The questions are the drill's items (``massage_quiz.items.compile``), so a
sheet asks the facets the drill and the deck ask, in the words of the
card's front, and the key gives the facet's own right answer.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import NamedTuple

from massage_quiz import selection
from massage_quiz.bodymap import svg as bodysvg
from massage_quiz.catalogue.catalogue import Catalogue
from massage_quiz.catalogue.folders import UsageProblem
from massage_quiz.catalogue.kinds import Form
from massage_quiz.catalogue.records import Acupoint, Contraindication
from massage_quiz.facets.table import TABLE, cue_text, entry_facets, facet_of
from massage_quiz.items.item import Item
from massage_quiz.normalize import normalize_text

# The sections, in the order the sheet prints them, with the instruction each opens with.
MAPS = "maps"
CODES = "codes"
NAMES = "names"
SITUATIONS = "situations"
CHOICES = "choices"
WRITTEN = "written"
SECTIONS = {
    MAPS: ("Body maps", "Mark each point on its map (on both sides where it lies on both)."),
    CODES: ("Codes", "Write each point's code, like LU1 or EX-HN3."),
    NAMES: ("Names", "Write the name of the point with each code (pinyin or characters)."),
    SITUATIONS: ("Situations", "Say what it may be, and what you do."),
    CHOICES: ("Multiple choice", "Tick one box; where steps are to be put in order, number the boxes 1, 2, 3..."),
    WRITTEN: ("Short answers", "Write your answer on the lines."),
}
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class Task(NamedTuple):
    """One numbered question of a sheet, and its answer in the key."""

    number: int
    section: str
    item: Item
    prompt: str  # as printed: the card's front as text (for the tables, without its instruction line)
    options: tuple[str, ...]  # choice and order questions: the options, in the order printed (A, B, C...)
    key: str  # the answer as the key prints it
    blank_map: str | None = None  # SVG: the region with nothing marked
    key_map: str | None = None  # SVG: the point marked


def wanted(item: Item, topics: Sequence[str], tags: Sequence[str]) -> bool:
    """Whether an item passes the --topic and --tag filters (as the drill's do)."""
    return selection.chosen(item.topic, item.tags, topics, tags)


def choose(
    items: Sequence[Item], catalogue: Catalogue, topics: Sequence[str], tags: Sequence[str], count: int, seed: int
) -> list[Item]:
    """Up to ``count`` items drawn by ``seed``, one fact of each entry first, none showing another's answer.

    A sheet is read whole: a point's name-to-code question beside its
    code-to-name one would answer both, so an item whose prompt shows a chosen
    item's answer (or the other way round) is left out.
    """
    pool = [i for i in items if wanted(i, topics, tags)]
    if not pool:
        found_topics = sorted({i.topic for i in items})
        found_tags = sorted({tag for i in items for tag in i.tags})
        raise UsageProblem(
            f"no questions match the --topic and --tag given. Topics: {', '.join(found_topics)}. "
            f"Tags: {', '.join(found_tags) or 'none'}."
        )
    random.Random(seed).shuffle(pool)
    # A point's map stands for it first: a point's name, code and map each give the others away, so one is asked,
    # and the map (where is it?) asks the most of the three.
    # Only an item with a figure can be a map (see section_of): the others' facets are not looked up, which was
    # most of choosing from 10,000 entries.
    maps = {item.entry: item for item in pool if item.figure is not None and section_of(item) == MAPS}
    seen: set[tuple[str, str]] = set()
    first: list[Item] = []
    for item in pool:
        if item.entry not in seen:
            first.append(maps.get(item.entry, item))
            seen.add(item.entry)
    firsts = {item.id for item in first}
    later = [item for item in pool if item.id not in firsts]
    chosen: list[_Seen] = []
    for item in first + later:
        if len(chosen) == count:
            break
        candidate = _Seen.of(item, catalogue)
        if not any(candidate.gives_away(other) or other.gives_away(candidate) for other in chosen):
            chosen.append(candidate)
    return [c.item for c in chosen]


class _Seen(NamedTuple):
    """An item as a reader of the whole sheet sees it: its prompt, and the answers it must not show elsewhere."""

    item: Item
    prompt: str  # normalised, with a space either side, so answers are found as whole words
    answers: tuple[str, ...]

    @classmethod
    def of(cls, item: Item, catalogue: Catalogue) -> _Seen:
        """The item's prompt and answers (its right answer, the other right ones, what its key adds), normalised."""
        # True or false can stand in any prompt; a word of two letters is no giveaway.
        texts: tuple[str, ...] = () if item.form == Form.TRUE_FALSE else (item.answer, *item.accept)
        entry = catalogue.get(*item.entry)
        if section_of(item) == SITUATIONS and isinstance(entry, Contraindication):
            texts += (entry.condition,)  # a situation asks what it may be, too
        answers = tuple(a for a in (normalize_text(t) for t in texts) if len(a) >= 3)
        return cls(item, f" {normalize_text(item.prompt)} ", answers)

    def gives_away(self, other: _Seen) -> bool:
        """Whether this prompt shows the other item's answer."""
        return any(f" {answer} " in self.prompt for answer in other.answers)


def section_of(item: Item) -> str:
    """The section an item is printed in: by its facet, and by how the drill asks it."""
    facet = facet_of(item.id)
    section = "" if facet is None else facet.paper
    if section and (section != MAPS or item.figure is not None):  # a point without a map is asked in words
        return section
    if item.form in (Form.CHOICE, Form.TRUE_FALSE, Form.ORDER):
        return CHOICES
    return WRITTEN


def tasks(chosen: Sequence[Item], catalogue: Catalogue, seed: int) -> list[Task]:
    """The chosen items as numbered tasks, section by section, options shuffled by the seed."""
    rng = random.Random(seed)
    by_section: dict[str, list[Item]] = {name: [] for name in SECTIONS}
    for item in chosen:
        by_section[section_of(item)].append(item)
    result: list[Task] = []
    for section, section_items in by_section.items():
        for item in section_items:
            result.append(_task(len(result) + 1, section, item, catalogue, rng))
    return result


def _task(number: int, section: str, item: Item, catalogue: Catalogue, rng: random.Random) -> Task:
    entry = catalogue.get(*item.entry)
    also = f" (also right: {', '.join(item.accept)})" if item.accept else ""
    if section == MAPS:
        assert isinstance(entry, Acupoint)
        assert entry.map is not None
        picture = TABLE["acupoint"].picture(entry)
        assert picture is not None
        return Task(number, section, item, item.prompt, (), item.answer, bodysvg.blank_svg(entry.map.region), picture[1])
    if section in (CODES, NAMES):
        return Task(number, section, item, _cue(item, catalogue), (), item.answer + also)
    if section == SITUATIONS:
        assert isinstance(entry, Contraindication)
        return Task(number, section, item, item.prompt, (), f"{entry.condition}: {item.answer}{also}")
    if item.form == Form.TRUE_FALSE:
        return Task(number, section, item, item.prompt, ("True", "False"), "True" if item.correct else "False")
    if item.form in (Form.CHOICE, Form.ORDER):
        order = list(range(len(item.options)))
        rng.shuffle(order)
        if item.form == Form.CHOICE:
            # "Tick one box": an option the drill also accepts as right (another wording of the answer) is not printed,
            # so that exactly one box is right.
            alike = {normalize_text(a) for a in item.accept}
            order = [i for i in order if i == item.correct or normalize_text(item.options[i]) not in alike]
            options = tuple(item.options[i] for i in order)
            letter = LETTERS[order.index(item.right_option())]
            return Task(number, section, item, item.prompt, options, f"{letter}. {item.answer}")
        options = tuple(item.options[i] for i in order)
        letters = " ".join(LETTERS[order.index(step)] for step in item.right_order())
        return Task(number, section, item, item.prompt, options, f"{letters}: {item.answer}")
    return Task(number, section, item, item.prompt, (), item.answer + also)


def _cue(item: Item, catalogue: Catalogue) -> str:
    """What the card's front shows besides its instruction: the point's name, or its code (the table's column says what to write)."""
    entry = catalogue.get(*item.entry)
    assert entry is not None
    values, facets = entry_facets(entry, catalogue)
    facet = facet_of(item.id)
    assert facet in facets, item.id
    return cue_text(facet, values)
