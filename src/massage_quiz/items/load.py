"""The drill's study items, from the cache without PyYAML or attrs, or compiled when the content changed.

With the bundled content alone and no current cache (the first start after an
update), the items compiled when the wheel was built serve, if they match it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from massage_quiz import output
from massage_quiz.catalogue import cache
from massage_quiz.catalogue.folders import Folder, bundled_folder, cache_name, content_key, instructor_folders
from massage_quiz.catalogue.kinds import Form
from massage_quiz.course import installed
from massage_quiz.errors import ContentError
from massage_quiz.items import shipped
from massage_quiz.items.item import Item

T = TypeVar("T")


def load_items(options: tuple[str, ...] = (), deck: Path | None = None) -> list[Item]:
    """Every study item: of the bundled content, the installed courses and ``--content`` folders, or of one ``deck``.

    From the cache when the content and code are unchanged, else compiled (and cached).
    """
    if deck is not None:
        return _deck_items(deck, options)
    return sparing_damaged_courses(items_of, study_folders(options))


def sparing_damaged_courses(load: Callable[[list[Folder]], T], folders: list[Folder]) -> T:
    """``load(folders)``; where only installed courses are damaged, each is named with what to do, and the rest loaded.

    A damaged installed course costs only its own questions: the rest of the drill (or sheet) runs.
    """
    try:
        return load(folders)
    except ContentError as exc:
        broken = _broken_courses(exc, folders)
        if not broken:
            raise
        first = exc.problems[0]
    for folder in broken:
        output.echo(
            f"Warning: the installed course {folder.path.name!r} is damaged ({first.message}), so its questions "
            f"are left out: remove it with massage-quiz course remove {folder.path.name}, then add its .apkg again "
            "with massage-quiz course add FILE.apkg",
            err=True,
        )
    return load([f for f in folders if f not in broken])


def _broken_courses(error: ContentError, folders: list[Folder]) -> list[Folder]:
    """The installed courses that every problem of ``error`` lies in, or none if any problem lies elsewhere."""
    base = f"{installed.courses_dir()}{os.sep}"
    courses = [f for f in folders if str(f.path).startswith(base)]
    broken = [f for f in courses if any(p.path.startswith(f"{f.path}{os.sep}") for p in error.problems)]
    if not all(any(p.path.startswith(f"{f.path}{os.sep}") for f in broken) for p in error.problems):
        return []
    return broken


def bundled_ids() -> frozenset[str]:
    """The ids of the bundled content's items, so a course's new items can take turns with them from the first day."""
    return frozenset(item.id for item in items_of([bundled_folder()]))


def items_of(folders: list[Folder]) -> list[Item]:
    """The items of these folders: from the cache, from the wheel, or compiled (and cached); ``load_items`` names the folders."""
    key = content_key(folders)
    name = cache_name("items", folders)
    cached = _cached_items(name, key)
    if cached is not None:
        return cached
    items = _from_shipped(folders)
    if items is None:
        items = _compile(folders, key)
    cache.write(name, key, [list(i) for i in items])
    return items


def _cached_items(name: str, key: str) -> list[Item] | None:
    """The items cached under ``name`` for ``key``, or None when there are none or another version wrote them."""
    rows = cache.read(name, key)
    if not isinstance(rows, list):
        return None
    try:
        return [_item(row) for row in rows]
    except (TypeError, ValueError, IndexError):
        return None  # written by another version: compile afresh


def study_folders(options: tuple[str, ...] = (), environ: Mapping[str, str] | None = None) -> list[Folder]:
    """The folders the drill studies: the bundled content, the installed courses and ``--content`` folders."""
    own = instructor_folders(options, environ)
    return [bundled_folder(), *_courses_beside(own), *own]


def _courses_beside(own: list[Folder]) -> list[Folder]:
    """The installed courses, but the one the instructor folders make: drilling a folder with --content shows its newest state."""
    courses = installed.folders()
    if not own or not courses:
        return courses  # the trainee's usual start reads no YAML
    from massage_quiz.catalogue.coursefile import describe

    made = describe(own, 0).id
    return [c for c in courses if c.path.name != made]


def _deck_items(deck: Path, options: tuple[str, ...]) -> list[Item]:
    """The items of the course inside ``deck`` (over the bundled content), checked as a course is.

    Cached under a digest of the deck file's bytes and of the other content
    and code, as an installed course's items are: a second start with the
    same deck reads neither the package nor any YAML. A deck that cannot be
    read is never cached, so it gets its one-line error every time.
    """
    others = [bundled_folder(), *instructor_folders(options)]
    deck_digest = _file_digest(deck)
    key = name = None
    if deck_digest is not None:
        key = f"{content_key(others)}:{deck_digest}"
        # One cache file per deck path: drilling two decks in turn keeps both fast.
        name = cache_name("deck-items", [Folder(deck.resolve(), deck.name), *others])
        cached = _cached_items(name, key)
        if cached is not None:
            return cached
    # Imported only now: a start from the cache pays for neither the YAML reader nor the compiler.
    import tempfile

    from massage_quiz.catalogue.loader import load_folders
    from massage_quiz.course.package import read
    from massage_quiz.items.compile import items

    bundle = read(deck)
    with tempfile.TemporaryDirectory() as scratch:
        installed.extract(bundle, Path(scratch))
        compiled = items(load_folders([others[0], Folder(Path(scratch), deck.name), *others[1:]]))
    if name is not None and key is not None:
        cache.write(name, key, [list(i) for i in compiled])
    return compiled


def _file_digest(path: Path) -> str | None:
    """A digest of a regular file's bytes, read in blocks; None when it is not one or cannot be read (``read`` says why)."""
    import hashlib
    import stat

    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return None  # never opened: a pipe or a device could block forever
        with path.open("rb") as handle:
            hasher = hashlib.sha256()
            while block := handle.read(1 << 20):
                hasher.update(block)
    except OSError:
        return None
    return hasher.hexdigest()


def _from_shipped(folders: list[Folder]) -> list[Item] | None:
    """The items shipped in the wheel, when only the bundled folder is in use and they were compiled from it."""
    if len(folders) != 1 or not folders[0].bundled:
        return None
    rows = shipped.read(folders[0])
    if rows is None:
        return None
    try:
        return [_item(row) for row in rows]
    except (TypeError, ValueError, IndexError):
        return None  # damaged: compile afresh


def _compile(folders: list[Folder], key: str) -> list[Item]:
    from massage_quiz.catalogue.loader import load_cached
    from massage_quiz.items.compile import items

    return items(load_cached(folders, key))


# A dictionary lookup: Form(text) costs ten times as much, on every item of every warm start.
_FORMS = {form.value: form for form in Form}


def _item(row: list[Any]) -> Item:
    item = Item(*row)
    form = _FORMS.get(item.form)
    if form is None:
        raise ValueError(f"unknown form {item.form!r}")  # another version's: compile afresh
    correct = tuple(item.correct) if isinstance(item.correct, list) else item.correct
    figure = None if item.figure is None else (*item.figure[:-1], tuple(item.figure[-1]))
    return item._replace(
        form=form,
        accept=tuple(item.accept),
        options=tuple(item.options),
        correct=correct,
        facts=tuple(item.facts),
        source=tuple(item.source),
        tags=tuple(item.tags),
        entry=(item.entry[0], item.entry[1]),
        figure=figure,
        why_not=tuple((option, why, source) for option, why, source in item.why_not),
    )
