"""The typed, frozen records of the catalogue: techniques, acupoints, contraindications, questions."""

from __future__ import annotations

import random
from typing import NamedTuple

import attrs

from massage_quiz.bodymap import PointMap, StrokePath
from massage_quiz.catalogue.kinds import CARD_KINDS, RULES, QuestionType


class WhyNot(NamedTuple):
    """Why one wrong option is wrong: the option (a rule's key, or a distractor's text), one sentence, and its source."""

    option: str
    why: str
    source: str


Layout = tuple[tuple[str, int, int], ...]
# Every distinct layout once, and every path, each with its number: entries written alike share one
# layout, so a course of 100,000 entries holds a few layouts rather than 100,000 dictionaries of places.
_LAYOUTS: dict[Layout, int] = {}
_LAYOUT_LIST: list[Layout] = []
_PATHS: dict[str, int] = {}
_PATH_LIST: list[str] = []

# An origin's parts in its integer, from the lowest bit: column, line, layout's number, path's number.
# Within 90 bits (three of Python's 30-bit digits) while there are fewer than 4 million paths; a file
# is at most 10 MiB (yamlreader.MAX_FILE_BYTES), so its lines and columns fit in 24 bits.
_COL, _LINE, _LAYOUT = 24, 24, 20
_LINE_AT, _LAYOUT_AT = _COL, _COL + _LINE
_PATH_AT = _LAYOUT_AT + _LAYOUT
_NOT_LAYOUT = ~(((1 << _LAYOUT) - 1) << _LAYOUT_AT)  # an origin's layout is no part of its equality


class Origin(int):
    """Where an entry was written, and where each of its fields starts (relative to the entry, in ``layout``).

    Every entry holds one, so it is one integer: the path's and the layout's
    numbers, the line and the column (56 bytes; as an object of four fields, with
    its own integer for the line, it was 104: 5 MiB of `check` at 100,000 entries).
    Two origins are equal when their path, line and column are.
    """

    __slots__ = ()

    def __new__(cls, path: str, line: int, col: int, layout: Layout = ()) -> Origin:
        """The origin at ``path``, ``line``, ``col`` (numbered from 1), its fields placed as ``layout`` says."""
        if not (0 <= line < 1 << _LINE and 0 <= col < 1 << _COL):
            raise ValueError(f"no place in a file of at most 10 MiB is line {line}, column {col}")
        path_number = _PATHS.get(path)
        if path_number is None:
            path_number = _PATHS[path] = len(_PATH_LIST)
            _PATH_LIST.append(path)
        packed = path_number << _PATH_AT | _layout_number(layout) << _LAYOUT_AT | line << _LINE_AT | col
        return super().__new__(cls, packed)

    @classmethod
    def of(cls, path: str, line: int, col: int, fields: dict[str, tuple[int, int]]) -> Origin:
        """The origin of an entry at ``line``, ``col`` whose fields start at the places given."""
        return cls(path, line, col, tuple((name, at[0] - line, at[1] - col) for name, at in fields.items()))

    @property
    def path(self) -> str:
        """The file, as shown to the user."""
        return _PATH_LIST[self >> _PATH_AT]

    @property
    def line(self) -> int:
        """The entry's line."""
        return (self >> _LINE_AT) & ((1 << _LINE) - 1)

    @property
    def col(self) -> int:
        """The entry's column."""
        return self & ((1 << _COL) - 1)

    @property
    def layout(self) -> Layout:
        """Each field's name and place relative to the entry's."""
        return _LAYOUT_LIST[(self >> _LAYOUT_AT) & ((1 << _LAYOUT) - 1)]

    @property
    def fields(self) -> dict[str, tuple[int, int]]:
        """Where each field starts: line and column."""
        line, col = self.line, self.col
        return {name: (line + down, col + right) for name, down, right in self.layout}

    def at(self, name: str) -> tuple[str, int, int]:
        """The place of one field, or of the entry when the field is absent."""
        line, col = self.line, self.col
        for field, down, right in self.layout:
            if field == name:
                return self.path, line + down, col + right
        return self.path, line, col

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Origin):
            return NotImplemented
        return int(self) & _NOT_LAYOUT == int(other) & _NOT_LAYOUT

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self) -> int:
        return hash(int(self) & _NOT_LAYOUT)

    def __bool__(self) -> bool:
        return True  # a place, never a number that may be zero

    def __repr__(self) -> str:
        return f"Origin(path={self.path!r}, line={self.line}, col={self.col})"

    __str__ = __repr__

    def __reduce__(self) -> tuple[type[Origin], tuple[str, int, int, Layout]]:
        return Origin, (self.path, self.line, self.col, self.layout)


def _layout_number(layout: Layout) -> int:
    number = _LAYOUTS.get(layout)
    if number is None:
        number = _LAYOUTS[layout] = len(_LAYOUT_LIST)
        _LAYOUT_LIST.append(layout)
    return number


def shared_layout(layout: Layout) -> Layout:
    """The one stored copy of ``layout``."""
    return _LAYOUT_LIST[_layout_number(layout)]


@attrs.frozen(weakref_slot=False)  # nothing refers to an entry weakly: 8 bytes an entry less
class Technique:
    """A massage method, with how it is done and what it does."""

    id: str
    name: str
    hand_position: str
    other_names: tuple[str, ...] = ()
    chinese: str | None = None
    pinyin: str | None = None
    direction: str | None = None
    force: str | None = None
    force_shared_with: tuple[str, ...] = ()
    rhythm: str | None = None
    endpoint: str | None = None
    effects: tuple[str, ...] = ()
    acupoints: tuple[str, ...] = ()
    path: StrokePath | None = None
    tradition: str | None = None
    cautions: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    source: tuple[str, ...] = ()
    origin: Origin = attrs.field(default=Origin("<memory>", 0, 0), eq=False, repr=False)

    kind = "technique"

    @property
    def aliases(self) -> tuple[str, ...]:
        """What an instructor may call it in a reference, besides its id."""
        return tuple(x for x in (self.name, self.chinese, self.pinyin, *self.other_names) if x)

    @property
    def title(self) -> str:
        """How the entry is named to a trainee."""
        return self.name


@attrs.frozen(weakref_slot=False)
class Acupoint:
    """An acupoint: its code, names, location and how it is pressed."""

    id: str
    code: str
    pinyin: str
    location: str
    code_spellings: tuple[str, ...] = ()
    hanzi: str | None = None
    english: str | None = None
    other_english: tuple[str, ...] = ()
    meridian: str | None = None
    pressing: str | None = None
    sensation: str | None = None
    cautions: tuple[str, ...] = ()
    disputed: str | None = None
    map: PointMap | None = None
    notes: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    source: tuple[str, ...] = ()
    origin: Origin = attrs.field(default=Origin("<memory>", 0, 0), eq=False, repr=False)

    kind = "acupoint"

    @property
    def aliases(self) -> tuple[str, ...]:
        """What an instructor may call it in a reference, besides its id: its code in any spelling, its names."""
        return tuple(
            x for x in (self.code, *self.code_spellings, self.pinyin, self.hanzi, self.english, *self.other_english) if x
        )

    @property
    def title(self) -> str:
        """Pinyin with the code, e.g. ``Shènshū (BL23)`` (an Ashi point has no code to show)."""
        return f"{self.pinyin} ({self.code})" if self.has_who_code else self.pinyin

    @property
    def has_who_code(self) -> bool:
        """Whether the point has a code a trainee can be asked for (Ashi points have none)."""
        return self.code != "Ashi"


@attrs.frozen(weakref_slot=False)
class Contraindication:
    """A condition that rules massage out, limits it to some areas, or makes it gentler."""

    id: str
    condition: str
    rule: str
    also_right: tuple[str, ...] = ()
    details: str | None = None
    applies_to: str | None = None
    situation: str | None = None
    signs: tuple[str, ...] = ()
    acupoints: tuple[str, ...] = ()
    techniques: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    source: tuple[str, ...] = ()
    why_not: tuple[WhyNot, ...] = ()
    recognise: bool = True  # False: the situation states the condition, so no card asks what it may be
    origin: Origin = attrs.field(default=Origin("<memory>", 0, 0), eq=False, repr=False)

    kind = "contraindication"

    @property
    def aliases(self) -> tuple[str, ...]:
        """What an instructor may call it in a reference, besides its id."""
        return (self.condition,)

    @property
    def title(self) -> str:
        """The condition's name."""
        return self.condition

    @property
    def rule_text(self) -> str:
        """The rule in words."""
        return RULES[self.rule]


@attrs.frozen(weakref_slot=False)
class Question:
    """An instructor's question: typed answer, multiple choice, true/false or put-in-order."""

    id: str
    type: str
    prompt: str
    answer: str | bool | tuple[str, ...]
    accept: tuple[str, ...] = ()
    distractors: tuple[str, ...] = ()
    explanation: str | None = None
    technique: str | None = None
    acupoint: str | None = None
    contraindication: str | None = None
    tags: tuple[str, ...] = ()
    source: tuple[str, ...] = ()
    why_not: tuple[WhyNot, ...] = ()
    origin: Origin = attrs.field(default=Origin("<memory>", 0, 0), eq=False, repr=False)

    kind = "question"

    @property
    def aliases(self) -> tuple[str, ...]:
        """Questions are never referred to."""
        return ()

    @property
    def title(self) -> str:
        """The prompt."""
        return self.prompt

    @property
    def about(self) -> tuple[str, str] | None:
        """The (kind, id) of the card entry this question is about, if any."""
        for kind in CARD_KINDS:
            ref = getattr(self, kind)
            if ref is not None:
                return kind, ref
        return None

    def options(self) -> tuple[str, ...]:
        """The options in the order shown, the same in the deck and the quiz.

        Choice questions show the answer among the distractors; order
        questions show the steps jumbled. The order is fixed by the id, so a
        card does not change under the trainee between builds.
        """
        if self.type == QuestionType.CHOICE:
            options = [str(self.answer), *self.distractors]
        elif self.type == QuestionType.ORDER and isinstance(self.answer, tuple):
            options = list(self.answer)
        else:
            return ()
        shuffled = options[:]
        random.Random(self.id).shuffle(shuffled)
        if self.type == QuestionType.ORDER and shuffled == options:
            shuffled = shuffled[1:] + shuffled[:1]  # never show the steps already in order
        return tuple(shuffled)

    @property
    def answer_text(self) -> str:
        """The answer as a trainee reads it."""
        if isinstance(self.answer, bool):
            return "True" if self.answer else "False"
        if isinstance(self.answer, tuple):
            return " → ".join(self.answer)
        return self.answer


Entry = Technique | Acupoint | Contraindication | Question
