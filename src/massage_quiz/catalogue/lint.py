"""Warnings: content that loads but that a careful instructor would want to fix."""

from __future__ import annotations

import re

import attrs

from massage_quiz.catalogue import codes
from massage_quiz.catalogue.catalogue import Catalogue
from massage_quiz.catalogue.kinds import CARD_KINDS, KIND_TOPIC, EntryKind, QuestionType
from massage_quiz.catalogue.records import Contraindication, Entry, Question
from massage_quiz.errors import Problem, ProblemCode
from massage_quiz.normalize import normalize_text


def warnings(catalogue: Catalogue) -> list[Problem]:
    """Every warning about the catalogue, at the place to fix it."""
    found: list[Problem] = []
    for entry in catalogue.entries():
        if not entry.source:
            found.append(_at(entry, "id", f"{entry.kind} {entry.id!r} names no source: add 'source:'"))
        found.extend(_at(entry, "source", message) for message in map(not_a_citation, entry.source) if message)
        found.extend(_unbalanced(entry))
    for question in catalogue.of(EntryKind.QUESTION):
        assert isinstance(question, Question)
        if not question.explanation:
            found.append(_at(question, "id", f"question {question.id!r} has no explanation: trainees learn most from one"))
        given_away = answer_in_prompt(question)
        if given_away:
            found.append(_at(question, "prompt", given_away))
        loose = loose_code(question)
        if loose:
            found.append(_at(question, "answer", loose))
        if question.type == QuestionType.CHOICE:
            stands_out = answer_stands_out(question)
            if stands_out:
                found.append(_at(question, "answer", stands_out))
            answer = normalize_text(str(question.answer))
            seen: set[str] = set()
            for distractor in question.distractors:
                key = normalize_text(distractor)
                if key == answer:
                    found.append(_at(question, "distractors", f"distractor {distractor!r} repeats the answer"))
                elif key in seen:
                    found.append(_at(question, "distractors", f"distractor {distractor!r} is listed twice"))
                seen.add(key)
    found.extend(test_wise_patterns(catalogue))
    found.extend(signs_name_their_entry(catalogue))
    for entry in uncovered(catalogue):
        found.append(_at(entry, "id", f"no question is about {entry.kind} {entry.id!r} (see check --coverage)"))
    return sorted(found)


_OPENERS, _CLOSERS = "([{（【《「", ")]}）】》」"


def balanced(text: str) -> bool:
    """Whether every bracket in ``text`` is closed, in order (a flow list split at its commas is not)."""
    stack: list[str] = []
    for char in text:
        if char in _OPENERS:
            stack.append(_CLOSERS[_OPENERS.index(char)])
        elif char in _CLOSERS and (not stack or stack.pop() != char):
            return False
    return not stack


def _unbalanced(entry: Entry) -> list[Problem]:
    found = []
    for field in attrs.fields(type(entry)):
        value = getattr(entry, field.name)
        texts = value if isinstance(value, tuple) else (value,)
        for text in texts:
            if isinstance(text, str) and not balanced(text):
                found.append(
                    _at(
                        entry,
                        field.name,
                        f"{field.name}: {text!r} has unbalanced brackets; in a [flow, list] every comma splits an item:"
                        " write the list one '- item' a line, or quote the item",
                    )
                )
    return found


# Words that mark a note to ourselves, not a reference a trainee can look up.
_INTERNAL = re.compile(r"seed article|content[- ]facts|project content|github\.com|\brepo(sitory)?\b", re.I)


def not_a_citation(source: str) -> str | None:
    """Why ``source`` is not a citation (an author or organisation and a title), or None if it reads as one."""
    if _INTERNAL.search(source):
        return f"source {source!r} is a note to the project, not a citation: name the author or organisation and the title"
    words = re.findall(r"\w+", source)
    separated = any(mark in source for mark in (",", '"', "“", "《", ":", "(")) or len(words) >= 6
    if len(words) < 3 or not separated:
        return f"source {source!r} does not read as a citation: name the author or organisation and the title"
    return None


_CODE_LIKE = re.compile(r"\b[A-Za-z]{1,3}[- .]?\d{1,3}\b|\bEX-[A-Z]{1,2}\d+\b")


def answer_in_prompt(question: Question) -> str | None:
    """Why a typed question answers itself (its answer, or another spelling of its code, is in the prompt), or None."""
    if question.type != QuestionType.TYPED or not isinstance(question.answer, str):
        return None
    code = codes.canonical(question.answer)
    if code is not None:
        written = [m.group(0) for m in _CODE_LIKE.finditer(question.prompt) if codes.canonical(m.group(0)) == code]
        if written:
            return f"the prompt gives the answer away: {written[0]!r} is {code}, the answer"
        return None
    answer = normalize_text(question.answer)
    if answer and f" {answer} " in f" {normalize_text(question.prompt)} ":
        return f"the prompt gives the answer away: it contains {question.answer!r}"
    return None


# An answer this much longer than the longest wrong option is picked by its length alone.
_LONGER_BY, _LONGER_CHARS = 1.4, 20


def answer_stands_out(question: Question) -> str | None:
    """Why a choice question's answer gives itself away by its length (much longer than every wrong option), or None."""
    if question.type != QuestionType.CHOICE or not question.distractors:
        return None
    answer, longest = len(str(question.answer)), max(len(d) for d in question.distractors)
    if answer > longest * _LONGER_BY and answer - longest >= _LONGER_CHARS:
        return (
            f"the answer ({answer} characters) is much longer than every wrong option (at most {longest}):"
            " a trainee can pick it by its length; make the options alike in length and form"
        )
    return None


# A file whose right answers are the longest option this often teaches "pick the longest".
_LONGEST_SHARE = 1 / 3
# True/false answers more one-sided than this teach "guess the majority". Fewer than _FEW
# questions of a form in a file (an instructor's first few) make no pattern to warn about.
_SKEW_SHARE, _FEW = 2 / 3, 4
# Words that make a statement absolute: when only false statements have them, "absolute means false" is a rule to guess by.
ABSOLUTE_WORDS = frozenset(
    [
        "all",
        "always",
        "never",
        "every",
        "everyone",
        "everything",
        "only",
        "none",
        "nothing",
        "nobody",
        "completely",
        "entirely",
        "absolutely",
        "exactly",
        "impossible",
    ]
)


def _by_file(questions: list[Question]) -> dict[str, list[Question]]:
    files: dict[str, list[Question]] = {}
    for question in questions:
        files.setdefault(question.origin.path, []).append(question)
    return files


def answer_is_longest(question: Question) -> bool:
    """Whether a choice question's answer is longer than every wrong option (by any margin)."""
    return bool(question.distractors) and len(str(question.answer)) > max(len(d) for d in question.distractors)


def absolute_words(text: str) -> list[str]:
    """The absolute words (always, never, only, ...) of ``text``, in order."""
    return [word for word in re.findall(r"[a-z]+", text.lower()) if word in ABSOLUTE_WORDS]


def test_wise_patterns(catalogue: Catalogue) -> list[Problem]:
    """Patterns across a file's questions that let a trainee score without knowing: longest answer, one-sided true/false, absolute words."""
    questions = [q for q in catalogue.of(EntryKind.QUESTION) if isinstance(q, Question)]
    found = []
    for group in _by_file(questions).values():
        choices = [q for q in group if q.type == QuestionType.CHOICE and q.distractors]
        longest = [q for q in choices if answer_is_longest(q)]
        if len(choices) >= _FEW and len(longest) > len(choices) * _LONGEST_SHARE:
            found.append(
                _at(
                    longest[0],
                    "answer",
                    f"this file's right answer is the longest option in {len(longest)} of {len(choices)} choice questions"
                    " (more than a third): a trainee learns to pick the longest; make a wrong option the longest in some",
                )
            )
        statements = [q for q in group if q.type == QuestionType.TRUE_FALSE]
        false = [q for q in statements if q.answer is False]
        true = [q for q in statements if q.answer is True]
        side, many = (false, "false") if len(false) >= len(true) else (true, "true")
        if len(statements) >= _FEW and len(side) > len(statements) * _SKEW_SHARE:
            found.append(
                _at(
                    side[0],
                    "answer",
                    f"{len(side)} of {len(statements)} true/false answers in this file are {many}: a trainee scores by always"
                    f" answering {many}; balance them",
                )
            )
        absolute_false = [q for q in false if absolute_words(q.prompt)]
        if len(statements) >= _FEW and len(absolute_false) >= 2 and not any(absolute_words(q.prompt) for q in true):
            for q in absolute_false:
                found.append(
                    _at(
                        q,
                        "prompt",
                        f"{q.id!r}: {absolute_words(q.prompt)[0]!r} makes the statement absolute, and in this file only false"
                        " statements are: a trainee answers false to any absolute word; reword it, or write true"
                        " statements with such words too",
                    )
                )
    return found


def _names(condition: str) -> list[str]:
    """The names a condition goes by, as normalised text: before any bracket, split at commas and 'such as'."""
    head = re.split(r"[(（]", condition)[0]
    parts = re.split(r",|\bsuch as\b", head)
    names = [normalize_text(re.sub(r"^\s*(a|an|the)\s+", "", part.strip(), flags=re.I)) for part in parts]
    return [name for name in names if name]


def signs_name_their_entry(catalogue: Catalogue) -> list[Problem]:
    """Contraindications whose Signs card names the condition on its front: the card asks what it may be."""
    found = []
    for entry in catalogue.of(EntryKind.CONTRAINDICATION):
        assert isinstance(entry, Contraindication)
        if not entry.recognise:
            continue  # no Signs card: the situation may say what the client has told the trainee
        for field, texts in (("situation", (entry.situation or "",)), ("signs", entry.signs)):
            shown = f" {normalize_text(' '.join(texts))} "
            named = next((name for name in _names(entry.condition) if f" {name} " in shown), None)
            if named:
                found.append(
                    _at(
                        entry,
                        field,
                        f"contraindication {entry.id!r}: the {field} names the condition ({named!r}), and the Signs"
                        " card asks what it may be: describe what the client says or shows instead"
                        " (or, where the client tells you the diagnosis, set recognise: false)",
                    )
                )
                break
    return found


def loose_code(question: Question) -> str | None:
    """Why a typed answer that is an acupoint code should be written the WHO way (or is no WHO code at all), or None."""
    if question.type != QuestionType.TYPED or not isinstance(question.answer, str):
        return None
    code = codes.canonical(question.answer)
    if code is None and codes.looks_like_code(question.answer):
        # A card refuses such a code outright; a question's answer is compared as text, but no trainee
        # can know a code that is not in the WHO standard (BL70 for a point of the Bladder meridian).
        return f"answer {codes.problem_with_code(question.answer)}"
    if code is None or code == codes.ASHI or code == question.answer:
        return None
    return f"answer {question.answer!r} is the code {code}: the drill accepts it in any spelling and shows {code}; write {code!r}"


def _at(entry: Entry, field: str, message: str) -> Problem:
    path, line, col = entry.origin.at(field)
    return Problem(path, line, col, message, severity="warning", code=ProblemCode.LINT)


def uncovered(catalogue: Catalogue) -> list[Entry]:
    """Card entries that no question refers to."""
    covered = {q.about for q in catalogue.of(EntryKind.QUESTION) if isinstance(q, Question) and q.about}
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
