"""The course an instructor's folder makes: its id, name and version, from ``course.yaml`` or defaults.

``course.yaml`` is optional. Without it a folder's course is named after the
folder and versioned by the build's date, so an instructor who never writes
one still hands out courses that update each other in order.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any, NamedTuple

import attrs

from massage_quiz import characters
from massage_quiz.catalogue.fieldvalues import Invalid, did_you_mean
from massage_quiz.catalogue.folders import Folder
from massage_quiz.catalogue.kinds import ID_PATTERN, RETENTION_GROUPS, RETENTION_RANGE, TAG_PATTERN, TOPICS
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


# course.yaml is declared below as a table of its keys (as ``specs`` declares an entry's): each read
# by a check that takes its node and returns its value or raises Invalid with the whole message.
Check = Callable[[Node], object]


@attrs.frozen
class Names:
    """A mapping of names, each given a value (retention's ``topics:``, ``tags:``): the check of a name and of its value."""

    name: Callable[[Scalar], str]
    value: Callable[[str, Node], object]  # the name, and its value's node
    wrong: Callable[[str], str]  # said at a node that is not a mapping, given the key it stands under


@attrs.frozen
class Table:
    """A mapping of declared keys, each read by a check, by ``Names`` or by a table of its own."""

    keys: dict[str, Check | Names | Table]
    where: str  # where an unknown key stands, e.g. "in course.yaml"
    holds: str  # what it holds, said after an unknown key
    wrong: str  # said at a node that is not a mapping


def _text_of(key: str, problem: Callable[[str], str | None]) -> Check:
    """A check of a text key: the text as written (YAML would read version 1.10 as the number 1.1), free of ``problem``."""

    def check(node: Node) -> str:
        if not isinstance(node, Scalar) or node.value is None or isinstance(node.value, bool):
            raise Invalid(node, f"{key}: expected text, found {_what(node)}")
        message = problem(node.text)
        if message is not None:
            raise Invalid(node, f"{key}: {message}")
        return node.text

    return check


def _topic(name: Scalar) -> str:
    if name.text not in TOPICS:
        hint = did_you_mean(name.text, TOPICS)
        raise Invalid(name, f"retention: unknown topic {name.text!r}{hint}; topics are {', '.join(TOPICS)}")
    return name.text


def _tag(name: Scalar) -> str:
    if not TAG_PATTERN.fullmatch(name.text):
        raise Invalid(name, f"retention: tag {name.text!r} must be lowercase letters, digits and hyphens")
    return name.text


def _retention_value(name: str, node: Node) -> float:
    low, high = RETENTION_RANGE
    value = node.value if isinstance(node, Scalar) else None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise Invalid(node, f"retention of {name!r}: expected a number from {low} to {high}, such as 0.95")
    return float(value)


# course.yaml, declared: every key, and what reads it.
_EXAMPLE = "e.g. 'retention: {topics: {contraindications: 0.95}, tags: {red-flag: 0.97}}'"


def _group_wrong(key: str) -> str:
    return f"retention: {key} names each one's retention, {_EXAMPLE}"


RETENTION = Table(
    {"topics": Names(_topic, _retention_value, _group_wrong), "tags": Names(_tag, _retention_value, _group_wrong)},
    "under retention",
    "topics and tags",
    f"retention holds topics and/or tags, {_EXAMPLE}",
)
COURSE_YAML = Table(
    {
        "id": _text_of("id", id_problem),
        "name": _text_of("name", name_problem),
        "version": _text_of("version", version_problem),
        "retention": RETENTION,
    },
    "in course.yaml",
    ", ".join(KEYS),
    "course.yaml holds keys: id, name and version (e.g. 'version: 1')",
)


def _read(node: Node, table: Table, shown: str) -> tuple[dict[str, Any], list[Problem]]:
    """The values ``node`` gives the keys of ``table``, and every problem found (a wrong key's value is left out)."""
    if not isinstance(node, Mapping):
        return {}, [Problem(shown, node.line, node.col, table.wrong)]
    found: dict[str, Any] = {}
    problems: list[Problem] = []
    for key, value in node.items:
        entry = table.keys.get(key.text)
        if entry is None:
            hint = did_you_mean(key.text, list(table.keys))
            message = f"unknown key {key.text!r} {table.where}{hint}; it holds {table.holds}"
            problems.append(Problem(shown, key.line, key.col, message))
        elif isinstance(entry, Table):
            found[key.text], more = _read(value, entry, shown)
            problems.extend(more)
        elif isinstance(entry, Names):
            found[key.text], more = _names(value, entry, key.text, shown)
            problems.extend(more)
        else:
            try:
                found[key.text] = entry(value)
            except Invalid as exc:
                problems.append(Problem(shown, exc.node.line, exc.node.col, exc.message))
    return found, problems


def _names(node: Node, names: Names, key: str, shown: str) -> tuple[dict[str, Any], list[Problem]]:
    """The names ``node`` gives, each with its value, and every problem found."""
    if not isinstance(node, Mapping):
        return {}, [Problem(shown, node.line, node.col, names.wrong(key))]
    found: dict[str, Any] = {}
    problems: list[Problem] = []
    for name, value in node.items:
        try:
            found[names.name(name)] = names.value(name.text, value)
        except Invalid as exc:
            problems.append(Problem(shown, exc.node.line, exc.node.col, exc.message))
    return found, problems


def read(folder: Folder) -> tuple[dict[str, str], list[Problem]]:
    """The id, name and version ``course.yaml`` in ``folder`` gives (none if there is no file), and what is wrong with it."""
    path = folder.path / FILENAME
    if not path.exists() and not path.is_symlink():
        return {}, []
    shown = folder.display(path)
    document = read_file(path, shown)
    if document.root is None:
        return {}, list(document.problems)
    found, problems = _read(document.root, COURSE_YAML, shown)
    return {key: value for key, value in found.items() if key != "retention"}, [*document.problems, *problems]


def retention(folder: Folder) -> dict[str, dict[str, float]]:
    """The desired retention ``course.yaml`` in ``folder`` sets per topic and per tag (empty groups if none, or if it is wrong)."""
    path = folder.path / FILENAME
    empty: dict[str, dict[str, float]] = {group: {} for group in RETENTION_GROUPS}
    if not path.is_file():
        return empty
    shown = folder.display(path)
    root = read_file(path, shown).root
    if not isinstance(root, Mapping):
        return empty
    for key, value in root.items:
        if key.text == "retention":
            found, problems = _read(value, RETENTION, shown)
            return empty if problems else {**empty, **found}
    return empty


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
