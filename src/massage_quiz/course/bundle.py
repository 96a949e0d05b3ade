"""The course carried in a deck: a JSON media file holding the course's identity and its instructor's YAML files.

The YAML files travel as written, so a trainee's massage-quiz checks them
exactly as ``check`` checks an instructor's folder: the file comes from
someone else, and nothing in it is trusted before that check passes.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from massage_quiz import jsonshape as shape
from massage_quiz.catalogue import cache
from massage_quiz.catalogue.coursefile import CourseInfo, id_problem, name_problem, version_problem
from massage_quiz.catalogue.folders import Folder, yaml_files
from massage_quiz.catalogue.kinds import FOLDER_TOPICS
from massage_quiz.course.retention import RETENTION
from massage_quiz.errors import Damaged as Damaged  # still importable from here
from massage_quiz.errors import MassageQuizError

# A leading underscore: Anki keeps such a media file although no card shows it.
MEDIA_NAME = "_massage-quiz-course.json"
FORMAT = 1
# Format 2 is format 1 with the instructor's desired retention per topic and tag in the course;
# a course without one is still written as format 1, which every massage-quiz reads.
RETENTION_FORMAT = 2
MAX_BYTES = 64 * 1024 * 1024
MAX_FILES = 10_000
# Each part of a file's path: letters (any script), digits, spaces, '.', '_', '-'; no part
# hidden, none ending in a dot or a space (Windows drops those): safe on every system.
_PART = re.compile(r"\w(?:[\w .-]{0,98}[\w-])?")


class Bundle(NamedTuple):
    """A course: who it is, when it was built, and its YAML files as (relative path, text)."""

    info: CourseInfo
    built: str
    files: tuple[tuple[str, str], ...]
    # course.yaml's retention: {"topics": {name: value}, "tags": {name: value}}; None (or empty) when none is set.
    retention: dict[str, dict[str, float]] | None = None

    @property
    def digest(self) -> str:
        """A SHA-256 of the files: two builds with the same digest teach the same content."""
        return cache.digest(part for path, text in sorted(self.files) for part in (path.encode(), text.encode()))


def path_problem(path: str) -> str | None:
    """What makes ``path`` unfit as a course file's place (cards/ or quizzes/, safe names, .yaml), or None."""
    parts = path.split("/")
    if len(parts) < 2 or len(parts) > 8 or parts[0] not in FOLDER_TOPICS:
        return "must be a file under cards/ or quizzes/"
    if not all(_PART.fullmatch(part) for part in parts[1:]):
        return "names its files with letters, digits, spaces, '.', '_' and '-' only (none hidden, none ending in a dot)"
    if Path(parts[-1]).suffix not in (".yaml", ".yml"):
        return "must end in .yaml or .yml"
    return None


def collect(folders: list[Folder], info: CourseInfo, timestamp: float) -> Bundle:
    """The course made of the instructor folders' YAML files (the bundled content is every trainee's already)."""
    own = [f for f in folders if not f.bundled]
    files: list[tuple[str, str]] = []
    for number, folder in enumerate(own, start=1):
        for sub in FOLDER_TOPICS:
            for path in yaml_files(folder, sub):
                relative = path.relative_to(folder.path / sub).as_posix()
                # Two folders may both hold quizzes/week-1.yaml: each gets a folder of its own.
                place = f"{sub}/{relative}" if len(own) == 1 else f"{sub}/{number}/{relative}"
                problem = path_problem(place)
                if problem is not None:
                    raise MassageQuizError(f"cannot put {folder.display(path)} in the course: a course file {problem}; rename it")
                files.append((place, path.read_bytes().decode("utf-8-sig")))
    built = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(timestamp))
    return Bundle(info, built, tuple(files), _retention(own))


def _retention(own: list[Folder]) -> dict[str, dict[str, float]]:
    """The retention of the last instructor folder whose course.yaml sets one (the folder that names the course)."""
    from massage_quiz.catalogue.coursefile import retention

    found: dict[str, dict[str, float]] = {}
    for folder in own:
        given = retention(folder)
        if any(given.values()):
            found = {group: values for group, values in given.items() if values}
    return found


def dumps(bundle: Bundle) -> str:
    """The media file's text."""
    info = bundle.info
    course: dict[str, Any] = {"id": info.id, "name": info.name, "version": info.version, "built": bundle.built}
    if bundle.retention:
        course["retention"] = bundle.retention
    data = {
        "format": RETENTION_FORMAT if bundle.retention else FORMAT,
        "course": course,
        "files": [{"path": path, "text": text} for path, text in bundle.files],
    }
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)


def loads(data: bytes, shown: str) -> Bundle:
    """The course in the media file's bytes, checked for shape; raise Damaged saying what is wrong."""
    try:
        value = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise Damaged(f"{shown}: the course inside is damaged (not valid JSON: {exc}); ask for a fresh copy") from None
    except RecursionError:
        raise Damaged(f"{shown}: the course inside is damaged (nested too deeply); ask for a fresh copy") from None
    return _bundle(value, shown)


def _bundle(value: Any, shown: str) -> Bundle:
    def damaged(what: str) -> Damaged:
        return Damaged(f"{shown}: the course inside is damaged ({what}); ask for a fresh copy")

    if not isinstance(value, dict):
        raise damaged("not a JSON object")
    version = value.get("format")
    if isinstance(version, int) and not isinstance(version, bool) and version > RETENTION_FORMAT:
        raise MassageQuizError(
            f"{shown} was made by a newer massage-quiz (course format {version}; this one reads up to {RETENTION_FORMAT}): "
            "update massage-quiz"
        )
    if version not in (FORMAT, RETENTION_FORMAT) or isinstance(version, bool):
        raise damaged("no course format number")
    problem = (MEDIA_FILE if version == FORMAT else MEDIA_FILE_WITH_RETENTION).problem(value)
    if problem is not None:
        raise damaged(problem)
    course = value["course"]
    files = tuple((file["path"], file["text"]) for file in value["files"])
    info = CourseInfo(course["id"], course["name"], course["version"])
    return Bundle(info, course["built"], files, course.get("retention") or None)


def _course_problem(problem: Callable[[str], str | None]) -> shape.Check:
    return lambda text: None if (found := problem(text)) is None else f"course {found}"


def _path_problem(path: str) -> str | None:
    return None if (found := path_problem(path)) is None else f"a course file {found}"


# The media file, declared: its keys, and the check each value passes (the first problem found is the one said).
_TEXT = "the course's id, name, version and build time must be text"
_BUILT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
COURSE = shape.Object(
    (
        shape.Key("id", shape.of_type(str, _TEXT, _course_problem(id_problem))),
        shape.Key("name", shape.of_type(str, _TEXT, _course_problem(name_problem))),
        shape.Key("version", shape.of_type(str, _TEXT, _course_problem(version_problem))),
        shape.Key("built", shape.of_type(str, _TEXT, lambda t: None if _BUILT.fullmatch(t) else "the build time is not a time")),
    ),
    "the course must have an id, a name, a version and a build time",
)
_FILE_WRONG = "each file must have a path and a text"
FILE = shape.Object(
    (shape.Key("path", shape.of_type(str, _FILE_WRONG, _path_problem)), shape.Key("text", shape.of_type(str, _FILE_WRONG))),
    _FILE_WRONG,
)


def _media_file(course: shape.Object) -> shape.Object:
    """The media file whose course has the shape ``course``."""
    return shape.Object(
        (
            shape.Key("format"),  # read before, to tell a newer format from a damaged file
            shape.Key("course", course.problem),
            shape.Key(
                "files",
                # Compared without case: on macOS and Windows two such names are one file.
                shape.list_of(
                    FILE.problem,
                    MAX_FILES,
                    f"files must be a list of at most {MAX_FILES}",
                    one=lambda file: file["path"].casefold(),
                    twice="a file is listed twice",
                ),
            ),
        ),
        lambda others: f"unexpected keys {others[:3]}",
    )


MEDIA_FILE = _media_file(COURSE)
# Format 2: the course may also carry the instructor's retention (checked before the rest of the course).
MEDIA_FILE_WITH_RETENTION = _media_file(COURSE.with_keys(shape.Key("retention", RETENTION.problem, required=False)))
