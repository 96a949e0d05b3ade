"""The courses a trainee has installed: one folder each, beside the progress file, that the drill reads like an instructor's."""

from __future__ import annotations

import contextlib
import json
import os
import re
import threading  # shutil and tempfile: imported where courses are changed, as the drill and report only read them
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, get_type_hints

from massage_quiz import filelock, userfiles
from massage_quiz import jsonshape as shape
from massage_quiz.catalogue.folders import Folder, bundled_folder
from massage_quiz.course.retention import RETENTION
from massage_quiz.errors import ContentError, MassageQuizError, ProblemCode

if TYPE_CHECKING:  # the drill lists courses on every start: no YAML reader imported for that
    from massage_quiz.course.bundle import Bundle

ENV_STATE = userfiles.ENV_STATE
ABOUT = "course.json"
data_dir = userfiles.data_dir  # the progress file's folder: one definition, in userfiles


def courses_dir() -> Path:
    """Where installed courses live."""
    return data_dir() / "courses"


class Installed(NamedTuple):
    """An installed course, as ``course list`` shows it."""

    id: str
    name: str
    version: str
    built: str
    installed: str
    entries: int
    items: int
    digest: str
    source: str


def _names_on_disk(base: Path) -> list[str]:
    """The names in courses/, sorted, but hidden ones: those are installs under way (or left by one that was stopped)."""
    try:
        names = sorted(os.listdir(base))
    except OSError:
        return []
    return [name for name in names if not name.startswith(".")]


def _folders_on_disk() -> list[Path]:
    base = courses_dir()
    return [base / name for name in _names_on_disk(base) if (base / name / ABOUT).is_file()]


def folders() -> list[Folder]:
    """The installed courses as content folders, in id order (those ``course list`` shows): cheap, for the drill's warm start."""
    tidy()  # a course moved aside by an update cut short comes back for this drill, not the next
    return [Folder(path, str(path)) for path in _folders_on_disk() if _about(path) is not None]


# course.json, declared: what install writes, the course's record and the instructor's retention when one is set.
_ABOUT_WRONG = "not a course record"  # never shown: such a course is listed as damaged
ABOUT_SHAPE = shape.Object(
    (
        # Each field of the record, of the type the record gives it.
        *(shape.Key(name, shape.of_type(kind, _ABOUT_WRONG)) for name, kind in get_type_hints(Installed).items()),
        shape.Key("retention", RETENTION.problem, required=False),
    ),
    _ABOUT_WRONG,
)


def _record(path: Path) -> dict[str, Any] | None:
    """The installed course's course.json, or None when it cannot be read or has not the shape install writes."""
    try:
        data = json.loads((path / ABOUT).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    return data if ABOUT_SHAPE.problem(data) is None else None


def _about(path: Path) -> Installed | None:
    data = _record(path)
    return None if data is None else Installed(**{key: data[key] for key in Installed._fields})


# What an install or a removal stopped by kill -9 (or a power cut) leaves behind.
_LEFT = re.compile(r"\.(?P<id>[a-z0-9][a-z0-9-]*)\.(?P<what>new|old|gone)-[A-Za-z0-9_]+")
STALE = 600  # seconds: an install still running in another window is never that old


def tidy(now: float | None = None) -> None:
    """Finish what a stopped install or removal left: a copy moved aside comes back if nothing took its place; the rest goes.

    When no install holds the lock (see ``locked``), nothing is under way and all of it is
    finished at once; where the lock cannot be taken, only what is older than ``STALE``.
    """
    base = courses_dir()
    try:
        names = sorted(os.listdir(base))
    except OSError:
        return
    if not any(_LEFT.fullmatch(name) for name in names):
        return
    with _try_lock(base) as free:
        if free is False:
            return  # an install or removal is running in another window: what it left is its own
        _finish(base, names, None if free else (time.time() if now is None else now))


def _finish(base: Path, names: list[str], moment: float | None) -> None:
    """Restore or remove what stopped installs left; with ``moment``, only what is older than ``STALE`` then."""
    import shutil

    for name in names:
        found = _LEFT.fullmatch(name)
        path = base / name
        with contextlib.suppress(OSError):
            if found is None or (moment is not None and moment - path.stat().st_mtime < STALE):
                continue
            if found["what"] == "old" and not (base / found["id"]).exists():
                os.replace(path, base / found["id"])  # stopped between moving the old copy aside and the new in
            else:
                shutil.rmtree(path)


def retentions() -> list[dict[str, dict[str, float]]]:
    """The desired retention each installed course's instructor set (per topic and tag), in id order; cheap, for the drill's start."""
    records = (_record(path) for path in _folders_on_disk())
    return [record["retention"] for record in records if record is not None and record.get("retention")]


# Beside courses/, not in it: a first install that fails leaves no courses/ folder behind.
LOCK = ".courses.lock"
_held = threading.local()  # set while this process holds the lock, so its own work is not mistaken for another's


@contextlib.contextmanager
def _try_lock(base: Path) -> Iterator[bool | None]:
    """Take the lock without waiting: True if taken, False if held (by another, or by this process's own install), None if it cannot be."""
    if getattr(_held, "base", None) == base:
        yield False  # what is there is this install's own work (``locked`` finished the rest)
        return
    try:
        handle = open(base.parent / LOCK, "a+b")  # noqa: SIM115  (closed below, which releases the lock)
    except OSError:  # a folder that cannot be written
        yield None
        return
    with handle:
        yield filelock.lock(handle, wait=False)


@contextlib.contextmanager
def locked() -> Iterator[None]:
    """Hold the courses' lock while a course is installed or removed, so two at once never undo each other.

    The lock is released by the system when the process ends, however it ends, so a
    course command killed or cut off by a power cut never leaves it held.
    """
    base = courses_dir()
    try:
        base.parent.mkdir(parents=True, exist_ok=True)
        handle = open(base.parent / LOCK, "a+b")  # noqa: SIM115  (closed below, which releases the lock)
    except OSError as exc:
        raise unwritable(base, exc) from None
    with handle:
        filelock.lock(handle)
        _held.base = base
        try:
            with contextlib.suppress(OSError):
                _finish(base, sorted(os.listdir(base)), None)
            yield
        finally:
            _held.base = None


def unwritable(base: Path, exc: OSError, doing: str = "install the course in") -> MassageQuizError:
    """The one line for a courses folder that cannot be written: what is in the way, and where."""
    import errno

    blocker = next((p for p in (base, *base.parents) if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        why = f"{blocker} is a file, not a folder"
    elif exc.errno == errno.EROFS:
        why = f"{_existing(base)} is on a read-only file system"
    elif exc.errno in (errno.EACCES, errno.EPERM):
        why = f"you may not write in {_existing(base)}"
    else:
        return MassageQuizError(f"cannot {doing} {base}: {exc.strerror or exc}; nothing was changed")
    return MassageQuizError(
        f"cannot {doing} {base}: {why}; nothing was changed "
        "(courses are kept beside the progress file, which MASSAGE_QUIZ_STATE may name)"
    )


def _existing(path: Path) -> Path:
    """The nearest folder of ``path`` (itself or a parent) that exists."""
    return next((p for p in (path, *path.parents) if p.exists()), path)


def listing() -> list[Installed]:
    """Every installed course that can be read, in id order (tidying first what a stopped install left)."""
    tidy()
    return [about for about in map(_about, _folders_on_disk()) if about is not None]


def damaged() -> list[str]:
    """The folders in courses/ that hold no readable course record: courses whose files were damaged, by id."""
    base = courses_dir()
    return [name for name in _names_on_disk(base) if (base / name).is_dir() and _about(base / name) is None]


def find(course_id: str) -> Installed | None:
    """The installed course with this id, or None."""
    return next((c for c in listing() if c.id == course_id), None)


class Counts(NamedTuple):
    """What a course adds: entries, and the items they are studied by."""

    entries: int
    items: int


def extract(bundle: Bundle, folder: Path) -> None:
    """Write the course's YAML files under ``folder`` (their paths were checked when the course was read)."""
    for relative, text in bundle.files:
        path = folder.joinpath(*relative.split("/"))
        if folder.resolve() not in path.resolve().parents:  # a second guard: never outside the folder
            raise MassageQuizError(f"course file {relative!r} lies outside the course")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")


def plan(bundle: Bundle, source: Path, force: bool, common: frozenset[str] = frozenset()) -> str | None:
    """Why installing ``bundle`` would change nothing or go backwards (an error), or None to go ahead.

    ``common`` are ids any course may hold (init's examples): sharing them makes no two courses one.
    """
    from massage_quiz.catalogue.coursefile import version_key

    old = find(bundle.info.id)
    if old is None:
        return None
    new = bundle.info.version
    if old.name != bundle.info.name and not (_ids(bundle.files) & _ids(_files_of(courses_dir() / old.id))) - common:
        # Another course that happens to have this id (two instructors gave theirs the same one): never
        # replaced, --downgrade or not, as that would drop the other from the drill unnamed. A course renamed
        # by its instructor keeps some of its own questions (not ``common`` ones), and so is an update.
        raise MassageQuizError(
            f"{source} holds the course {bundle.info.name!r}, but the installed course {old.name!r} has the same id "
            f"({old.id}), so it was left as it is: ask the instructor for a deck with an id of its own, or "
            f"replace {old.name!r} with massage-quiz course remove {old.id}, then add {source} again"
        )
    if version_key(new) < version_key(old.version) and not force:
        raise MassageQuizError(
            f"{source} holds version {new} of the course {bundle.info.name!r}, older than version {old.version}, "
            f"which is installed; to go back to it anyway: massage-quiz course add {source} --downgrade"
        )
    if new == old.version and bundle.digest == old.digest:
        return f"The course {bundle.info.name!r} version {new} is already installed; nothing changed."
    return None


_ID = re.compile(r"^[ \t-]*id:[ \t]*['\"]?([^'\"\s#]+)", re.MULTILINE)


def ids_in(text: str) -> frozenset[str]:
    """The entry and question ids YAML text defines, read by pattern (the text need not be checked)."""
    return frozenset(_ID.findall(text))


def _ids(files: tuple[tuple[str, str], ...] | list[tuple[str, str]]) -> set[str]:
    return {found for _, text in files for found in ids_in(text)}


def _files_of(folder: Path) -> list[tuple[str, str]]:
    """An installed course's YAML files, as (relative path, text); what cannot be read is left out."""
    found = []
    for path in sorted(folder.rglob("*.y*ml")):
        with contextlib.suppress(OSError, UnicodeDecodeError):
            found.append((path.relative_to(folder).as_posix(), path.read_text(encoding="utf-8")))
    return found


def install(bundle: Bundle, source: Path) -> tuple[Installed | None, Installed]:
    """Install ``bundle`` in place of any older copy; return the copy replaced (if any) and the new one.

    The course is unpacked into a hidden folder and checked there; only then does
    it replace the installed copy, so a course that fails leaves nothing behind.
    Progress is untouched: it is kept by item id, and items that stay keep theirs.
    """
    import shutil
    import tempfile

    base = courses_dir()
    old = find(bundle.info.id)
    try:
        base.mkdir(parents=True, exist_ok=True)
        fresh = Path(tempfile.mkdtemp(dir=base, prefix=f".{bundle.info.id}.new-"))
    except OSError as exc:
        raise unwritable(base, exc) from None
    try:
        extract(bundle, fresh)
        others = [f for f in folders() if f.path.name != bundle.info.id]
        try:
            counts = check([bundled_folder(), *others], Folder(fresh, source.name))
        except ContentError as exc:
            raise _clash(exc, bundle, others) or exc from None
        if counts.entries == 0 and not bundle.files:
            raise MassageQuizError(
                f"the deck '{bundle.info.name}' holds only massage-quiz's own content, which the drill already asks: "
                "nothing to install"
            )
        if counts.entries == 0:
            raise MassageQuizError(
                f"the course '{bundle.info.name}' holds no entries or questions of its own: nothing to install "
                "(ask the instructor for the deck built from their folder)"
            )
        about = Installed(
            bundle.info.id,
            bundle.info.name,
            bundle.info.version,
            bundle.built,
            time.strftime("%Y-%m-%d %H:%M", time.localtime()),
            counts.entries,
            counts.items,
            bundle.digest,
            source.name,
        )
        # The instructor's retention rides along in course.json (JSON: the drill's start reads no YAML).
        record = {**about._asdict(), **({"retention": bundle.retention} if bundle.retention else {})}
        (fresh / ABOUT).write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
        _swap(fresh, base / bundle.info.id)
    except BaseException as exc:
        shutil.rmtree(fresh, ignore_errors=True)
        with contextlib.suppress(OSError):
            base.rmdir()  # only if empty: a first install that failed leaves nothing
        if isinstance(exc, OSError):
            raise unwritable(base, exc) from None
        raise
    return old, about


def _clash(error: ContentError, bundle: Bundle, others: list[Folder]) -> MassageQuizError | None:
    """One line for a course whose ids another installed course already uses (two courses made from one example, say)."""
    clashes: dict[str, list[str]] = {}
    for problem in error.problems:
        duplicate = problem.code is ProblemCode.DUPLICATE_ID
        owner = next((f.path.name for f in others if duplicate and problem.related.startswith(f"{f.path}{os.sep}")), None)
        if owner is None:
            return None  # something else is wrong too: every problem is shown, as check shows them
        clashes.setdefault(owner, []).append(problem.subject)
    if not clashes:
        return None
    owner, ids = next(iter(clashes.items()))
    about = find(owner)
    named = f"'{about.name}' ({owner})" if about else f"'{owner}'"
    shown = ", ".join(ids[:3]) + (f" and {len(ids) - 3} more" if len(ids) > 3 else "")
    return MassageQuizError(
        f"the course '{bundle.info.name}' uses ids that the installed course {named} uses too ({shown}), so the two "
        f"cannot be studied together: ask the instructor to rename them, or remove the other with "
        f"massage-quiz course remove {owner}"
    )


def check(base: list[Folder], new: Folder) -> Counts:
    """Load ``new`` over ``base`` exactly as ``check`` loads an instructor folder; count what it adds."""
    from massage_quiz.catalogue.loader import load_folders
    from massage_quiz.facets.table import entry_facets

    catalogue = load_folders([*base, new])
    prefix = new.display(new.path / "x")[:-1]
    mine = [e for e in catalogue.entries() if e.origin.path.startswith(prefix)]
    return Counts(len(mine), sum(len(entry_facets(e, catalogue)[1]) for e in mine))


def _swap(fresh: Path, place: Path) -> None:
    """Put ``fresh`` at ``place``, moving any old copy aside first and removing it last."""
    import shutil
    import tempfile

    if not place.exists():
        os.replace(fresh, place)
        return
    aside = Path(tempfile.mkdtemp(dir=place.parent, prefix=f".{place.name}.old-"))
    os.rmdir(aside)
    os.replace(place, aside)
    try:
        os.replace(fresh, place)
    except BaseException:
        os.replace(aside, place)
        raise
    shutil.rmtree(aside, ignore_errors=True)


def remove(course_id: str) -> str:
    """Remove an installed course (its progress stays, for a later reinstall); return how to name it."""
    import shutil
    import tempfile

    from massage_quiz.catalogue.coursefile import id_problem

    about = find(course_id)
    place = courses_dir() / course_id
    # Only a course id names a folder here: never '..' or a path.
    if about is None and (id_problem(course_id) is not None or not place.is_dir()):
        known = ", ".join(c.id for c in listing()) or "none"
        raise MassageQuizError(f"no course {course_id!r} is installed; installed: {known}")
    try:
        aside = Path(tempfile.mkdtemp(dir=place.parent, prefix=f".{course_id}.gone-"))
        os.rmdir(aside)
        os.replace(place, aside)  # one step: the drill never sees half a course
    except OSError as exc:
        raise unwritable(place.parent, exc, "remove the course from") from None
    with contextlib.suppress(OSError):
        shutil.rmtree(aside)
    # A course whose record was damaged can still be removed, by its folder's name.
    return f"the course {about.name!r} version {about.version}" if about else f"the damaged course {course_id!r}"
