"""Where a deck may be written: never over a file that massage-quiz did not make, never half."""

from __future__ import annotations

import contextlib
import json
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

from massage_quiz.errors import MassageQuizError
from massage_quiz.facets.table import TABLE


@contextlib.contextmanager
def package_collection(path: Path) -> Iterator[sqlite3.Connection]:
    """The collection inside an .apkg, opened from a temporary copy (SQLite cannot read inside a zip)."""
    with zipfile.ZipFile(path) as archive, tempfile.TemporaryDirectory() as scratch:
        database = Path(scratch) / "collection.anki2"
        database.write_bytes(archive.read("collection.anki2"))
        connection = sqlite3.connect(database)
        try:
            yield connection
        finally:
            connection.close()


# What reading a package that is not one (or is damaged) can raise.
UNREADABLE = (OSError, KeyError, ValueError, TypeError, zipfile.BadZipFile, sqlite3.Error)


def is_our_deck(path: Path) -> bool:
    """Whether ``path`` is an Anki package that holds massage-quiz's note types (a deck it built)."""
    ours = {str(table.note_type_id) for table in TABLE.values()}
    try:
        with package_collection(path) as connection:
            (models,) = connection.execute("select models from col").fetchone()
        return bool(ours & set(json.loads(models)))
    except UNREADABLE:
        return False


def check_target(path: Path, force: bool) -> bool:
    """Refuse a place a deck cannot or must not be written to; return whether it holds a deck massage-quiz built."""
    if path.is_dir():
        raise MassageQuizError(f"{path} is a folder: give a file name, such as {path / 'lumbar-back-massage.apkg'}")
    if not path.parent.is_dir():
        raise MassageQuizError(f"the folder {path.parent} does not exist: create it first, or choose another place with -o")
    if not path.exists() and not path.is_symlink():
        return False
    if path.is_symlink() and not path.exists():
        raise MassageQuizError(f"{path} is a link to a file that does not exist: remove the link, or choose another name with -o")
    if not path.is_file():
        raise MassageQuizError(f"{path} is not a regular file (a device or a pipe): choose another name with -o")
    ours = is_our_deck(path)
    if not force and not ours:
        raise MassageQuizError(
            f"{path} exists and is not a deck that massage-quiz built, so it was left as it is: "
            "choose another name with -o, or replace it with --force"
        )
    return ours
