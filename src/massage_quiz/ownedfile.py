"""Write a file massage-quiz makes, in one step, and never over a file it did not make or one it reads."""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from massage_quiz import atomicfile
from massage_quiz.errors import MassageQuizError

# The first bytes of the SQLite files massage-quiz reads (a progress file, an Anki
# collection) and of the journals beside them, which hold answers not yet in the file.
_DATABASES = (b"SQLite format 3\x00", b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7", b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83")
_COLLECTIONS = ("collection.anki2", "collection.anki21", "collection.anki21b")
_SNIFF = 1024 * 1024  # a JSON file read to see what it is: a summary or a key is far smaller
FORMAT = "massage-quiz progress summary"  # as drill/export.py writes it (not imported: that module reads the drill)
_SUMMARY = re.compile(rb'"format"\s*:\s*"massage-quiz progress summary"')


def check_place(target: Path, example: str, option: str = "") -> None:
    """Refuse a place no file can be written to: a folder, a missing folder, a link to nothing, a device or a pipe."""
    elsewhere = f" with {option}" if option else ""
    if target.is_dir():
        raise MassageQuizError(f"{target} is a folder: give a file name, such as {target / example}")
    if target.parent.exists() and not target.parent.is_dir():
        raise MassageQuizError(f"{target.parent} is a file, not a folder: choose another place{elsewhere}")
    if not target.parent.is_dir():
        hint = f", or choose another place{elsewhere}" if option else ""
        raise MassageQuizError(f"the folder {target.parent} does not exist: create it first{hint}")
    if target.is_symlink() and not target.exists():
        raise MassageQuizError(
            f"{target} is a link to a file that does not exist: remove the link, or choose another name{elsewhere}"
        )
    if target.exists() and not target.is_file():
        raise MassageQuizError(f"{target} is not a regular file (a device or a pipe): choose another name{elsewhere}")


def check(target: Path, ours: Callable[[Path], bool], what: str, example: str, force: bool = False, option: str = "") -> None:
    """Refuse a place massage-quiz must not write: one ``check_place`` refuses, a file it reads, or a file it did not make.

    ``what`` says what a file of ours is ("a picture massage-quiz drew"), ``example`` a
    file name to suggest, ``option`` the command's option naming the file (``-o``), if any.
    ``force`` lets a file that is not ours be replaced, but never one massage-quiz reads.
    """
    check_place(target, example, option)
    if target.exists() and not _safely(ours, target):
        refuse(target, what, force, option)


def refuse(target: Path, what: str, force: bool, option: str = "") -> None:
    """Raise the refusal for an existing file that is not ``what``: always for a file massage-quiz reads, else unless ``force``."""
    elsewhere = f" with {option}" if option else ""
    kind = input_kind(target)
    if kind is not None:
        # No --force is offered: replacing it would lose what it holds (every answer, for a progress file).
        raise MassageQuizError(
            f"{target} is {kind}, which massage-quiz reads, so it was left as it is: choose another name{elsewhere}"
        )
    if not force:
        raise MassageQuizError(
            f"{target} exists and is not {what}, so it was left as it is: choose another name{elsewhere}, or replace it with --force"
        )


def input_kind(path: Path) -> str | None:
    """What ``path`` is, if it is a file massage-quiz reads as input (never to be replaced, even with --force); else None."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(16)
    except OSError:
        return None
    if head.startswith(_DATABASES) or _journal_of_a_database(path):
        return "a database (a progress file, an Anki collection, or the journal of one)"
    if head.startswith(b"PK") and _is_package(path):
        return "an Anki package (a deck or a course)"
    if path.suffix.lower() in (".yaml", ".yml"):
        return "a YAML file (content or a course's description)"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return _json_kind(path)
    return None


def _journal_of_a_database(path: Path) -> bool:
    """Whether ``path`` is SQLite's journal or shared memory beside a database (empty ones too: SQLite owns them)."""
    for suffix in ("-wal", "-shm", "-journal"):
        if path.name.endswith(suffix):
            try:
                with open(path.with_name(path.name.removesuffix(suffix)), "rb") as handle:
                    return handle.read(16).startswith(_DATABASES[0])
            except OSError:
                return False
    return False


def _is_package(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return any(name in _COLLECTIONS for name in archive.namelist())
    except (OSError, ValueError, zipfile.BadZipFile):
        return False


def _json_kind(path: Path) -> str | None:
    try:
        with open(path, "rb") as handle:
            raw = handle.read(_SNIFF)
    except OSError:
        return None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (ValueError, RecursionError):
        # Larger than read, or damaged: a summary still says what it is near its start.
        data = {"format": FORMAT} if _SUMMARY.search(raw[:4096]) else None
    if not isinstance(data, dict):
        return None
    if data.get("format") == FORMAT:
        return "a progress summary (read by massage-quiz report)"
    if "hkey" in data:
        return "a sync key"
    if {"id", "version", "digest"} <= data.keys():
        return "an installed course's record"
    return None


def write(target: Path, text: str, ours: Callable[[Path], bool], what: str, example: str, force: bool = False) -> None:
    """Write ``text`` to ``target`` atomically, after ``check`` (which see for the other arguments)."""
    check(target, ours, what, example, force)
    try:
        atomicfile.write_text(target, text)
    except OSError as exc:
        raise MassageQuizError(f"cannot write {target}: {exc.strerror or exc}") from None


def _safely(ours: Callable[[Path], bool], path: Path) -> bool:
    try:
        return ours(path)
    except (OSError, ValueError, RecursionError):
        return False
