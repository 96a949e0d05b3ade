"""The kinds of entry and the words of the domain, importable without loading the content machinery.

The four kinds are listed here once; everything else (the specs, the facet
table, the topics of the drill, the tags) is derived from this table.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import NamedTuple


class EntryKind(StrEnum):
    """The four kinds of entry, by the name an item id and the ``kind`` of a record carry."""

    TECHNIQUE = "technique"
    ACUPOINT = "acupoint"
    CONTRAINDICATION = "contraindication"
    QUESTION = "question"


class Kind(NamedTuple):
    """One kind of entry: its name, the YAML section (and drill topic) it is listed under, and its folder."""

    name: str
    topic: str
    folder: str


# Plain strings (the members' values) in these tables: they reach YAML, click's choices and repr() in messages.
KINDS = (
    Kind(EntryKind.TECHNIQUE.value, "techniques", "cards"),
    Kind(EntryKind.ACUPOINT.value, "acupoints", "cards"),
    Kind(EntryKind.CONTRAINDICATION.value, "contraindications", "cards"),
    Kind(EntryKind.QUESTION.value, "questions", "quizzes"),
)

TOPICS = tuple(kind.topic for kind in KINDS)
KIND_TOPIC = {kind.name: kind.topic for kind in KINDS}
FOLDER_TOPICS = {folder: tuple(k.topic for k in KINDS if k.folder == folder) for folder in dict.fromkeys(k.folder for k in KINDS)}
# The kinds a question can be about: the entries written in cards/.
CARD_KINDS = tuple(kind.name for kind in KINDS if kind.folder == "cards")


class Rule(StrEnum):
    """What a contraindication says to do: the ``rule`` key of a contraindication."""

    REFER = "refer"
    POSTPONE = "postpone"
    AVOID_AREA = "avoid-area"
    PHYSICIAN = "physician"
    ADAPT = "adapt"


RULES = {
    Rule.REFER.value: "Do not massage; refer the client",
    Rule.POSTPONE.value: "Do not massage until it has cleared",
    Rule.AVOID_AREA.value: "Avoid the area; massage elsewhere only",
    Rule.PHYSICIAN.value: "Avoid the area, unless a physician guides the massage",
    Rule.ADAPT.value: "Adapt: gentle work only, within this condition's limits",
}


class QuestionType(StrEnum):
    """How an instructor's question is asked: the ``type`` key of a question."""

    TYPED = "typed"
    CHOICE = "choice"
    TRUE_FALSE = "true-false"
    ORDER = "order"


QUESTION_TYPES = tuple(kind.value for kind in QuestionType)


class Form(StrEnum):
    """How the drill (and a sheet) asks a study item: a question type, or recall when no fair options exist."""

    TYPED = QuestionType.TYPED.value
    CHOICE = QuestionType.CHOICE.value
    TRUE_FALSE = QuestionType.TRUE_FALSE.value
    ORDER = QuestionType.ORDER.value
    RECALL = "recall"  # think, then see the answer and say whether you knew it


# The form of an entry's id (and a course's) and of a tag.
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
TAG_PATTERN = re.compile(r"[a-z0-9]+(?:[-_]|::[a-z0-9]|[a-z0-9])*")

# The desired retention an instructor may set per topic or per tag (course.yaml): the drill's --retention range.
RETENTION_RANGE = (0.7, 0.99)
RETENTION_GROUPS = ("topics", "tags")

# Typed at any prompt of the drill, these end the session: no answer can be one of them.
QUIT_WORDS = ("q", "quit", ":q")
