"""Warnings: content that loads but that a careful instructor would want to fix."""

from __future__ import annotations

import attrs

from massage_quiz.catalogue.catalogue import Catalogue
from massage_quiz.catalogue.kinds import CARD_KINDS, KIND_TOPIC
from massage_quiz.catalogue.records import Entry, Question
from massage_quiz.errors import Problem
from massage_quiz.normalize import normalize_text


def warnings(catalogue: Catalogue) -> list[Problem]:
    """Every warning about the catalogue, at the place to fix it."""
    found: list[Problem] = []
    for entry in catalogue.entries():
        if not entry.source:
            found.append(_at(entry, "id", f"{entry.kind} {entry.id!r} names no source: add 'source:'"))
    for question in catalogue.of("question"):
        assert isinstance(question, Question)
        if not question.explanation:
            found.append(_at(question, "id", f"question {question.id!r} has no explanation: trainees learn most from one"))
        if question.type == "choice":
            answer = normalize_text(str(question.answer))
            seen: set[str] = set()
            for distractor in question.distractors:
                key = normalize_text(distractor)
                if key == answer:
                    found.append(_at(question, "distractors", f"distractor {distractor!r} repeats the answer"))
                elif key in seen:
                    found.append(_at(question, "distractors", f"distractor {distractor!r} is listed twice"))
                seen.add(key)
    for entry in uncovered(catalogue):
        found.append(_at(entry, "id", f"no question is about {entry.kind} {entry.id!r} (see check --coverage)"))
    return sorted(found)


def _at(entry: Entry, field: str, message: str) -> Problem:
    path, line, col = entry.origin.at(field)
    return Problem(path, line, col, message, severity="warning")


def uncovered(catalogue: Catalogue) -> list[Entry]:
    """Card entries that no question refers to."""
    covered = {q.about for q in catalogue.of("question") if isinstance(q, Question) and q.about}
    return [e for kind in CARD_KINDS for e in catalogue.of(kind) if (e.kind, e.id) not in covered]


@attrs.frozen
class Coverage:
    """How many entries of one topic a question covers, and which are left."""

    topic: str
    covered: int
    total: int
    missing: tuple[str, ...]


def coverage(catalogue: Catalogue) -> list[Coverage]:
    """Coverage per topic of card entries."""
    left = uncovered(catalogue)
    result = []
    for kind in CARD_KINDS:
        entries = catalogue.of(kind)
        missing = tuple(e.id for e in entries if e in left)
        result.append(Coverage(KIND_TOPIC[kind], len(entries) - len(missing), len(entries), missing))
    return result
