"""The checks across one entry's fields, per kind: what each key's own check cannot see alone.

A map must agree with its location text, a path with its direction, a
question's answer with its type, a "why not" with the options graded wrong.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import attrs

from massage_quiz import bodymap
from massage_quiz.catalogue import codes
from massage_quiz.catalogue.kinds import CARD_KINDS, QUIT_WORDS, RULES, EntryKind, QuestionType
from massage_quiz.catalogue.yamlreader import Mapping


@attrs.frozen
class FieldProblem:
    """A problem found while building one entry, at a line and column of its file."""

    line: int
    col: int
    message: str


def _technique_checks(values: dict[str, Any], marks: dict[str, tuple[int, int]]) -> list[FieldProblem]:
    path, direction = values.get("path"), values.get("direction")
    if path is None:
        return []
    line, col = marks["path"]
    if direction is None:
        return [FieldProblem(line, col, "path: a path needs a direction text to agree with")]
    downward = bodymap.LEVELS.index(path.end) > bodymap.LEVELS.index(path.start)
    if downward != ("downward" in direction.lower()):
        return [FieldProblem(line, col, f"path: runs {'down' if downward else 'up'} but the direction says otherwise")]
    if path.both_sides != ("both sides" in direction.lower()):
        return [FieldProblem(line, col, "path: both_sides must match whether the direction says 'both sides'")]
    return []


def _contraindication_checks(values: dict[str, Any], marks: dict[str, tuple[int, int]]) -> list[FieldProblem]:
    rule, also = values.get("rule"), tuple(values.get("also_right", ()))
    if rule is None:
        return []
    # A "why not" may explain only the options graded wrong: every other rule but the entry's also-right ones.
    problems = _why_not_checks(values, marks, tuple(other for other in RULES if other != rule and other not in also))
    if not also:
        return problems
    line, col = marks["also_right"]
    if rule in also:
        return [*problems, FieldProblem(line, col, f"also_right: {rule!r} is the entry's own rule: list only other rules")]
    if len(set(also)) != len(also):
        return [*problems, FieldProblem(line, col, "also_right: each rule may be listed once")]
    return problems


def _why_not_checks(values: dict[str, Any], marks: dict[str, tuple[int, int]], wrong: tuple[str, ...]) -> list[FieldProblem]:
    """Each explained option must be one of the wrong options: a distractor, or a rule other than the entry's."""
    if "why_not" not in values:
        return []
    line, col = marks["why_not"]
    return [
        FieldProblem(
            line, col, f"why_not: {item.option!r} is not a wrong option here (wrong options: {', '.join(wrong) or 'none'})"
        )
        for item in values["why_not"]
        if item.option not in wrong
    ]


def _map_agrees(spot: bodymap.PointMap, location: str, disputed: str) -> str | None:
    """Why a map disagrees with the location text, or None if they agree."""
    words = {"knee": "popliteal", "ankle": "malleolus", "buttock": "trochanter"}
    if spot.region != bodymap.Region.LOWER_BACK:
        return None if words[spot.region] in location else f"the location does not mention the {words[spot.region]}"
    if not re.search(rf"\b{spot.level}\b", location):
        return f"level {spot.level} is not in the location text"
    if spot.lateral == 0:
        return None if "midline" in location else "lateral 0 (on the midline) but the location does not say midline"
    if not re.search(rf"(?<![\d.]){spot.lateral:g} (B-)?cun", location):
        return f"lateral {spot.lateral:g} is not in the location text (as '{spot.lateral:g} B-cun')"
    if spot.lateral_to is not None and f"{spot.lateral_to:g}" not in disputed:
        return f"lateral_to {spot.lateral_to:g} is not in the 'disputed' text"
    return None


def _acupoint_checks(values: dict[str, Any], marks: dict[str, tuple[int, int]]) -> list[FieldProblem]:
    problems = []
    spot = values.get("map")
    if spot is not None and "location" in values:
        reason = _map_agrees(spot, values["location"], values.get("disputed", ""))
        if reason:
            line, col = marks["map"]
            problems.append(FieldProblem(line, col, f"map: {reason}"))
    code = values.get("code")
    if code is None or code == codes.ASHI:
        return problems
    for spelling in values.get("code_spellings", ()):
        other = codes.canonical(spelling)
        if other is not None and other != code:
            line, col = marks["code_spellings"]
            problems.append(FieldProblem(line, col, f"code_spellings: {spelling!r} is {other}, a different point from {code}"))
    return problems


def _question_checks(values: dict[str, Any], marks: dict[str, tuple[int, int]], node: Mapping) -> list[FieldProblem]:
    kind, answer = values.get("type"), values.get("answer")
    if kind is None or answer is None:
        return []
    problems = []

    def at(name: str, message: str) -> None:
        line, col = marks.get(name, (node.line, node.col))
        problems.append(FieldProblem(line, col, message))

    # In the order written, so the error points at the second one.
    about = sorted((k for k in CARD_KINDS if k in values), key=marks.__getitem__)
    if len(about) > 1:
        at(about[1], f"a question is about one entry: give only one of {', '.join(about)}")
    if kind == QuestionType.TRUE_FALSE and not isinstance(answer, bool):
        at("answer", "answer: a true-false question needs the answer true or false")
    if kind in (QuestionType.TYPED, QuestionType.CHOICE) and isinstance(answer, bool):
        at(
            "answer",
            "answer: YAML reads a bare yes, no, on, off, true or false as true/false: put the answer in quotes, e.g. answer: 'no'",
        )
    elif kind in (QuestionType.TYPED, QuestionType.CHOICE) and not isinstance(answer, str):
        at("answer", f"answer: a {kind} question needs one answer as text")
    if kind == QuestionType.ORDER:
        if not isinstance(answer, tuple) or len(answer) < 2:
            at("answer", "answer: an order question needs a list of at least two steps, in the right order")
        elif len(set(answer)) != len(answer):
            at("answer", "answer: each step of an order question must be different")
    if kind == QuestionType.CHOICE:
        distractors = values.get("distractors", ())
        if not distractors:
            at("answer", "a choice question needs distractors: a list of wrong options")
    elif "distractors" in values:
        at("distractors", f"distractors: only choice questions have distractors, not {kind}")
    if kind in (QuestionType.TRUE_FALSE, QuestionType.ORDER) and "accept" in values:
        at("accept", f"accept: a {kind} question takes no other answers")
    for name in ("answer", "accept", "distractors"):
        texts = values.get(name, ())
        for text in (texts,) if isinstance(texts, str) else texts if isinstance(texts, tuple) else ():
            reason = _unanswerable(text, kind, name)
            if reason:
                at(name, f"{name}: {text!r} {reason}")
    return problems


_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
_LOOKALIKE_LETTER = re.compile(r"[\u0370-\u03ff\u0400-\u04ff]")  # Greek and Cyrillic


def _unanswerable(text: str, kind: str, field: str) -> str | None:
    """Why a trainee could never give (or pick by typing) this answer, or None."""
    if not re.search(r"\w", text):
        return "has no letter or digit: no typed answer can ever match it"
    if text.strip().lower() in QUIT_WORDS and kind in (QuestionType.TYPED, QuestionType.CHOICE):
        return "is the word that ends the drill: no trainee can give it as an answer"
    for word in text.split():
        lookalike = _LOOKALIKE_LETTER.search(word)
        if lookalike and _LATIN_LETTER.search(word):
            char = lookalike.group(0)
            return (
                f"mixes Latin letters with {unicodedata.name(char, 'a look-alike letter').split()[0].title()} "
                f"{char!r} in {word!r}: a trainee's keyboard types the Latin letter, so it would never match"
            )
    if kind == QuestionType.CHOICE and field in ("answer", "distractors") and text.strip().isdigit():
        return "is a number, and a number typed at a choice question picks an option by its position: write it as words"
    return None


def kind_checks(kind: str, values: dict[str, Any], marks: dict[str, tuple[int, int]], node: Mapping) -> list[FieldProblem]:
    """What is wrong across the fields of one entry of ``kind``: ``values`` read by field, ``marks`` where each was written."""
    if kind == EntryKind.ACUPOINT:
        return _acupoint_checks(values, marks)
    if kind == EntryKind.TECHNIQUE:
        return _technique_checks(values, marks)
    if kind == EntryKind.QUESTION:
        return _question_checks(values, marks, node) + _why_not_checks(values, marks, tuple(values.get("distractors", ())))
    if kind == EntryKind.CONTRAINDICATION:
        return _contraindication_checks(values, marks)
    return []
