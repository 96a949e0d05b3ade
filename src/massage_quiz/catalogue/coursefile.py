"""The course an instructor's folder makes: its id, name and version, from ``course.yaml`` or defaults.

``course.yaml`` is optional. Without it a folder's course is named after the
folder and versioned by the build's date, so an instructor who never writes
one still hands out courses that update each other in order.
"""

from __future__ import annotations

import re
import time
from typing import NamedTuple

from massage_quiz import characters
from massage_quiz.catalogue.fieldvalues import did_you_mean
from massage_quiz.catalogue.folders import Folder
from massage_quiz.catalogue.kinds import ID_PATTERN, RETENTION_GROUPS, RETENTION_RANGE, TAG_PATTERN
from massage_quiz.catalogue.yamlreader import Mapping, Node, Scalar, read_file
from massage_quiz.errors import Problem

FILENAME = "course.yaml"
VERSION_PATTERN = re.compile(r"[0-9]{1,9}(?:\.[0-9]{1,9}){0,3}")
MAX_NAME = 100
# Control characters, and the bidirectional overrides that make text display other than it reads.
_UNPRINTABLE = characters.ONE_LINE_UNPRINTABLE
KEYS = ("id", "name", "version", "retention")


class CourseInfo(NamedTuple):
    """A course's identity: ``id`` (never changes), ``name`` (shown), ``version`` (dotted numbers)."""

    id: str
    name: str
    version: str


def version_key(version: str) -> tuple[int, ...]:
    """The version as numbers, for ordering: 1.10 comes after 1.9."""
    return tuple(int(part) for part in version.split("."))


def id_problem(value: str) -> str | None:
    """What is wrong with a course id, or None."""
    if not ID_PATTERN.fullmatch(value) or len(value) > MAX_NAME:
        return f"id {value!r} must be lowercase words joined by hyphens, e.g. 'spring-term', at most {MAX_NAME} characters"
    return None


def name_problem(value: str) -> str | None:
    """What is wrong with a course name, or None."""
    if not value.strip() or len(value) > MAX_NAME:
        return f"name must be text of 1 to {MAX_NAME} characters"
    if _UNPRINTABLE.search(value):
        return "name holds a control character; retype it"
    return None


def version_problem(value: str) -> str | None:
    """What is wrong with a version, or None."""
    if not VERSION_PATTERN.fullmatch(value):
        return f"version {value!r} must be a number or numbers joined by dots, such as 1, 2 or 1.2"
    return None


def slug(text: str) -> str:
    """A course id made from a folder name: lowercase letters and digits joined by hyphens."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(words)[:MAX_NAME].strip("-") or "course"


def read(folder: Folder) -> tuple[dict[str, str], list[Problem]]:
    """The keys ``course.yaml`` in ``folder`` gives (none if there is no file), and what is wrong with it."""
    path = folder.path / FILENAME
    if not path.exists() and not path.is_symlink():
        return {}, []
    shown = folder.display(path)
    document = read_file(path, shown)
    problems = list(document.problems)
    root = document.root
    if root is None:
        return {}, problems
    if not isinstance(root, Mapping):
        problems.append(Problem(shown, root.line, root.col, "course.yaml holds keys: id, name and version (e.g. 'version: 1')"))
        return {}, problems
    found: dict[str, str] = {}
    for key, value in root.items:
        if key.text not in KEYS:
            hint = did_you_mean(key.text, KEYS)
            problems.append(
                Problem(shown, key.line, key.col, f"unknown key {key.text!r} in course.yaml{hint}; it holds {', '.join(KEYS)}")
            )
            continue
        if key.text == "retention":
            problems.extend(_retention(value, shown)[1])
            continue
        if not isinstance(value, Scalar) or value.value is None or isinstance(value.value, bool):
            problems.append(Problem(shown, value.line, value.col, f"{key.text}: expected text, found {_what(value)}"))
            continue
        # The text as written: YAML would read version 1.10 as the number 1.1.
        text = value.text
        check = {"id": id_problem, "name": name_problem, "version": version_problem}[key.text]
        message = check(text)
        if message is not None:
            problems.append(Problem(shown, value.line, value.col, f"{key.text}: {message}"))
            continue
        found[key.text] = text
    return found, problems


def retention(folder: Folder) -> dict[str, dict[str, float]]:
    """The desired retention ``course.yaml`` in ``folder`` sets per topic and per tag (empty groups if none, or if it is wrong)."""
    path = folder.path / FILENAME
    empty: dict[str, dict[str, float]] = {group: {} for group in RETENTION_GROUPS}
    if not path.is_file():
        return empty
    root = read_file(path, folder.display(path)).root
    if not isinstance(root, Mapping):
        return empty
    for key, value in root.items:
        if key.text == "retention":
            found, problems = _retention(value, folder.display(path))
            return empty if problems else found
    return empty


def _retention(node: Node, shown: str) -> tuple[dict[str, dict[str, float]], list[Problem]]:
    """The ``retention`` key: ``topics`` and/or ``tags``, each naming a desired retention from 0.7 to 0.99."""
    from massage_quiz.catalogue.kinds import TOPICS

    low, high = RETENTION_RANGE
    found: dict[str, dict[str, float]] = {group: {} for group in RETENTION_GROUPS}
    problems: list[Problem] = []
    example = "e.g. 'retention: {topics: {contraindications: 0.95}, tags: {red-flag: 0.97}}'"
    if not isinstance(node, Mapping):
        return found, [Problem(shown, node.line, node.col, f"retention holds topics and/or tags, {example}")]
    for group, names in node.items:
        if group.text not in RETENTION_GROUPS:
            hint = did_you_mean(group.text, RETENTION_GROUPS)
            problems.append(
                Problem(
                    shown, group.line, group.col, f"unknown key {group.text!r} under retention{hint}; it holds topics and tags"
                )
            )
            continue
        if not isinstance(names, Mapping):
            problems.append(
                Problem(shown, names.line, names.col, f"retention: {group.text} names each one's retention, {example}")
            )
            continue
        for name, number in names.items:
            if group.text == "tags" and not TAG_PATTERN.fullmatch(name.text):
                problems.append(
                    Problem(
                        shown, name.line, name.col, f"retention: tag {name.text!r} must be lowercase letters, digits and hyphens"
                    )
                )
                continue
            if group.text == "topics" and name.text not in TOPICS:
                hint = did_you_mean(name.text, TOPICS)
                problems.append(
                    Problem(
                        shown,
                        name.line,
                        name.col,
                        f"retention: unknown topic {name.text!r}{hint}; topics are {', '.join(TOPICS)}",
                    )
                )
                continue
            value = number.value if isinstance(number, Scalar) else None
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
                problems.append(
                    Problem(
                        shown,
                        number.line,
                        number.col,
                        f"retention of {name.text!r}: expected a number from {low} to {high}, such as 0.95",
                    )
                )
                continue
            found[group.text][name.text] = float(value)
    return found, problems


def _what(value: object) -> str:
    if isinstance(value, Scalar):
        return "nothing" if value.value is None else "true/false (write the text in quotes)"
    return str(getattr(value, "kind", "something else"))


def describe(folders: list[Folder], timestamp: float) -> CourseInfo:
    """The course the instructor folders make: ``course.yaml`` of the last folder with one, else defaults.

    Defaults: the id and name of the last instructor folder, and the build's
    date as the version (2026.11.24), so later builds are newer versions.
    The bundled content alone is the course 'Lumbar and back massage',
    versioned as massage-quiz is. Only meant for folders that passed ``check``.
    """
    own = [f for f in folders if not f.bundled]
    if not own:
        from massage_quiz import __version__

        return CourseInfo("lumbar-back-massage", "Lumbar and back massage", __version__)
    given: dict[str, str] = {}
    for folder in own:
        keys, problems = read(folder)
        if keys and not problems:
            given = keys
    last = own[-1].path.name
    name = given.get("name") or last
    day = time.gmtime(timestamp)
    version = given.get("version") or f"{day.tm_year}.{day.tm_mon}.{day.tm_mday}"
    return CourseInfo(given.get("id") or slug(last), name, version)


def problems(folders: list[Folder]) -> list[Problem]:
    """What is wrong with the ``course.yaml`` of each instructor folder."""
    found: list[Problem] = []
    for folder in folders:
        if not folder.bundled:
            found.extend(read(folder)[1])
    return found
