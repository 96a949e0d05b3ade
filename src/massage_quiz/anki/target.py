"""Where a deck may be written: never over a file that massage-quiz did not make, never half."""

from __future__ import annotations

import contextlib
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

from massage_quiz.errors import MassageQuizError


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


def check_place(path: Path) -> None:
    """Refuse a place a deck cannot be written to (a folder, a missing folder, a dangling link, a device)."""
    if path.is_dir():
        raise MassageQuizError(f"{path} is a folder: give a file name, such as {path / 'lumbar-back-massage.apkg'}")
    if not path.parent.is_dir():
        raise MassageQuizError(f"the folder {path.parent} does not exist: create it first, or choose another place with -o")
    if not path.exists() and not path.is_symlink():
        return
    if path.is_symlink() and not path.exists():
        raise MassageQuizError(f"{path} is a link to a file that does not exist: remove the link, or choose another name with -o")
    if not path.is_file():
        raise MassageQuizError(f"{path} is not a regular file (a device or a pipe): choose another name with -o")


def foreign(path: Path) -> MassageQuizError:
    """The refusal to replace a file massage-quiz did not build."""
    return MassageQuizError(
        f"{path} exists and is not a deck that massage-quiz built, so it was left as it is: "
        "choose another name with -o, or replace it with --force"
    )
