"""The kinds of entry and the words of the domain, importable without loading the content machinery.

The four kinds are listed here once; everything else (the specs, the facet
table, the topics of the drill, the tags) is derived from this table.
"""

from __future__ import annotations

from typing import NamedTuple


class Kind(NamedTuple):
    """One kind of entry: its name, the YAML section (and drill topic) it is listed under, and its folder."""

    name: str
    topic: str
    folder: str


KINDS = (
    Kind("technique", "techniques", "cards"),
    Kind("acupoint", "acupoints", "cards"),
    Kind("contraindication", "contraindications", "cards"),
    Kind("question", "questions", "quizzes"),
)

TOPICS = tuple(kind.topic for kind in KINDS)
KIND_TOPIC = {kind.name: kind.topic for kind in KINDS}
FOLDER_TOPICS = {folder: tuple(k.topic for k in KINDS if k.folder == folder) for folder in dict.fromkeys(k.folder for k in KINDS)}
# The kinds a question can be about: the entries written in cards/.
CARD_KINDS = tuple(kind.name for kind in KINDS if kind.folder == "cards")

RULES = {
    "refer": "Do not massage; refer the client",
    "postpone": "Do not massage until it has cleared",
    "avoid-area": "Avoid the area; massage elsewhere only",
    "physician": "Avoid the area, unless a physician guides the massage",
    "adapt": "Adapt: gentle work only, within this condition's limits",
}

QUESTION_TYPES = ("typed", "choice", "true-false", "order")

# Typed at any prompt of the drill, these end the session: no answer can be one of them.
QUIT_WORDS = ("q", "quit", ":q")
