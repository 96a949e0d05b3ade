"""The instructor's desired retention as a course carries it in JSON, in the deck and in ``course.json``: its shape, declared once.

``{"topics": {topic: number}, "tags": {tag: number}}``, each number in the
drill's ``--retention`` range; either group may be left out. Standard library
only: the drill's warm start reads it from every installed course.
"""

from __future__ import annotations

from massage_quiz import jsonshape as shape
from massage_quiz.catalogue.kinds import RETENTION_RANGE, TAG_PATTERN, TOPICS

# The most names one group may hold (a deck holds at most as many files: more is a damaged file).
MOST = 10_000
LOW, HIGH = RETENTION_RANGE
WRONG = f"the course's retention must name topics and tags, each with a number from {LOW} to {HIGH}"


def _topic(name: str) -> str | None:
    return None if name in TOPICS else WRONG


def _tag(name: str) -> str | None:
    return None if TAG_PATTERN.fullmatch(name) else WRONG


_NUMBER = shape.number_in(LOW, HIGH, WRONG)
RETENTION = shape.Object(
    (
        shape.Key("topics", shape.names_to(_topic, _NUMBER, MOST, WRONG), required=False),
        shape.Key("tags", shape.names_to(_tag, _NUMBER, MOST, WRONG), required=False),
    ),
    WRONG,
)
