"""Where a deck may be written: never over a file that massage-quiz did not make, never half."""

from __future__ import annotations

import contextlib
import sqlite3
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from massage_quiz import ownedfile
from massage_quiz.errors import ScratchFull as ScratchFull  # still importable from here


@contextlib.contextmanager
def _scratch() -> Iterator[str]:
    try:
        made = tempfile.TemporaryDirectory()
    except OSError as exc:
        raise ScratchFull(exc) from None
    with made as scratch:
        yield scratch


MAX_COLLECTION = 256 * 1024 * 1024  # a deck of 10,000 notes holds about 10 MB


@contextlib.contextmanager
def package_collection(path: Path) -> Iterator[sqlite3.Connection]:
    """The collection inside an .apkg, opened from a temporary copy (SQLite cannot read inside a zip)."""
    with zipfile.ZipFile(path) as archive, _scratch() as scratch:
        database = Path(scratch) / "collection.anki2"
        info = archive.getinfo("collection.anki2")
        if info.flag_bits & 0x1:
            raise ValueError("the collection inside is encrypted")
        if info.file_size > MAX_COLLECTION:
            raise ValueError(f"the collection inside is larger than {MAX_COLLECTION // 1024 // 1024} MB")
        # Copied a piece at a time and counted, whatever the zip's headers claim: a small
        # file whose headers lie could otherwise fill memory (ZipFile.read inflates up to 2 GB at once).
        copied = 0
        with archive.open(info) as member, open(database, "wb") as copy:
            while piece := member.read(1024 * 1024):
                copied += len(piece)
                if copied > MAX_COLLECTION:
                    raise ValueError(f"the collection inside is larger than {MAX_COLLECTION // 1024 // 1024} MB")
                try:
                    copy.write(piece)
                except OSError as exc:
                    raise ScratchFull(exc) from None
        connection = sqlite3.connect(database)
        try:
            yield connection
        finally:
            connection.close()


# What reading a package that is not one (or is damaged) can raise.
UNREADABLE = (
    OSError,
    KeyError,
    ValueError,
    TypeError,
    EOFError,
    zlib.error,
    zipfile.BadZipFile,
    sqlite3.Error,
    NotImplementedError,
)


def check_place(path: Path) -> None:
    """Refuse a place a deck cannot be written to (a folder, a missing folder, a dangling link, a device)."""
    ownedfile.check_place(path, "lumbar-back-massage.apkg", option="-o")


def refuse_foreign(path: Path, force: bool) -> None:
    """Refuse to replace a file massage-quiz did not build: unless ``force``, and never one it reads (a progress file, a course)."""
    ownedfile.refuse(path, "a deck that massage-quiz built", force, option="-o")
