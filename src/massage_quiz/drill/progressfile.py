"""The progress file on disk: where it lives, and opening it safely (made whole, checked, migrated), or saying why not."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

from massage_quiz import userfiles
from massage_quiz.drill.migrations import SCHEMA_VERSION, migrate, pending
from massage_quiz.errors import ProgressError as ProgressError  # still importable from here

ENV_STATE = userfiles.ENV_STATE
APPLICATION_ID = int.from_bytes(b"MQuz", "big")


default_path = userfiles.progress_path  # the one definition of where the progress file lives


def cannot_write(path: Path, exc: sqlite3.DatabaseError) -> str:
    """What to tell a trainee whose answer could not be saved, by the cause SQLite gives."""
    reason = str(exc).lower()
    if "full" in reason:
        return f"cannot save to {path}: the disk is full. Every earlier answer is saved; free some space, then carry on"
    if "readonly" in reason or "read-only" in reason:
        return f"cannot save to {path}: the file or its folder is read-only. Earlier answers are kept; use --state to choose a file you can write"
    if "locked" in reason or "busy" in reason:
        return f"the progress file {path} stayed busy (another massage-quiz was saving): try again"
    return f"cannot write to the progress file {path}: {exc}"


# SQLite's result codes that say the file could not be reached, not that it is damaged.
_UNREACHED = ("SQLITE_CANTOPEN", "SQLITE_READONLY", "SQLITE_FULL", "SQLITE_IOERR", "SQLITE_PERM", "SQLITE_BUSY", "SQLITE_LOCKED")


def unopenable(path: Path, exc: sqlite3.Error) -> str | None:
    """What really keeps an intact progress file from being opened (a read-only disk, a full one), or None if it may be damaged.

    A progress file is kept in WAL mode, so SQLite writes a journal beside it even to
    read it: on a read-only or full disk it cannot be opened, though nothing is wrong with it.
    """
    name = getattr(exc, "sqlite_errorname", "") or ""
    reason = str(exc).lower()
    if not name.startswith(_UNREACHED) and "unable to open" not in reason:  # extended codes too: SQLITE_IOERR_SHMSIZE
        return None
    folder = path.parent
    try:
        info = os.statvfs(folder)
        read_only, full = bool(info.f_flag & os.ST_RDONLY), info.f_bavail == 0
    except (OSError, AttributeError):  # no statvfs on Windows
        read_only = full = False
    kept = "It was left untouched"
    if read_only or "readonly" in name.lower():
        return (
            f"cannot open the progress file {path}: the disk holding it is read-only, and SQLite must write a journal "
            f"beside it even to read it. {kept}; make that disk writable, or copy the file to a folder you can write "
            "and name the copy with --state"
        )
    if full or "FULL" in name:
        return f"cannot open the progress file {path}: the disk holding it is full. {kept}; free some space, then try again"
    if "BUSY" in name or "LOCKED" in name:
        return f"the progress file {path} stayed busy (another massage-quiz was saving): try again"
    if not os.access(folder, os.W_OK):
        return (
            f"cannot open the progress file {path}: you may not write in its folder {folder}, and SQLite must write "
            f"a journal there even to read it. {kept}; ask for write access, or copy the file to a folder you can "
            "write and name the copy with --state"
        )
    return f"cannot open the progress file {path}: {exc}. {kept}"


def open_file(path: Path) -> sqlite3.Connection:
    """The progress file opened for use: created whole if missing, checked, and migrated to this version's schema."""
    if path.is_dir():
        raise ProgressError(f"the progress file {path} is a folder: name a file, such as {path / 'progress.sqlite3'}")
    if path.exists() and not path.is_file():
        raise ProgressError(f"the progress file {path} is not a regular file (a device or a pipe): choose another with --state")
    if not path.exists():
        _create_whole(path)
    fresh = path.stat().st_size == 0  # an empty file (made by touch, say) is taken as a new one
    try:
        db = sqlite3.connect(path, timeout=10, isolation_level=None)
    except sqlite3.Error as exc:
        raise ProgressError(unopenable(path, exc) or f"cannot open the progress file {path}: {exc}") from None
    try:
        _check_or_create(db, path, fresh)
    except BaseException:
        db.close()
        raise
    return db


def _create_whole(path: Path) -> None:
    """Make a new progress file complete beside ``path``, then link it into place in one step.

    Another session starting at the same moment never sees a file half made;
    if it linked its own first, that one is used and ours is dropped.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
        os.close(handle)
    except OSError as exc:
        raise ProgressError(f"cannot create the progress file {path}: {exc.strerror or exc}") from None
    partial = Path(name)
    try:
        db = sqlite3.connect(partial, isolation_level=None)
        try:
            _create(db)
        finally:
            db.close()
        try:
            os.link(partial, path)
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links: move it, unless another session was quicker
            if not path.exists():
                os.replace(partial, path)
    except FileExistsError:
        pass  # another session made it first: use that one
    except (OSError, sqlite3.Error) as exc:
        raise ProgressError(f"cannot create the progress file {path}: {exc}") from None
    finally:
        partial.unlink(missing_ok=True)


def _create(db: sqlite3.Connection) -> None:
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("BEGIN IMMEDIATE")
    try:
        # Another session may have created it while we waited for the lock.
        if db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0:
            for reached, step in pending(0):
                step(db)
                db.execute(f"PRAGMA user_version = {reached}")
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def _other_file(path: Path) -> str | None:
    """The refusal for a file massage-quiz reads as something else (a summary, a course, content), or None.

    Such a file is never to be moved away to start afresh: it is whole, and someone's.
    """
    from massage_quiz.ownedfile import input_kind

    kind = input_kind(path)
    if kind is None or kind.startswith("a database"):
        return None  # a database: a damaged progress file, or another program's, said as before
    return f"{path} is {kind}, not a massage-quiz progress file; it was left untouched: name your progress file with --state"


def _check_or_create(db: sqlite3.Connection, path: Path, fresh: bool) -> None:
    hint = "it was left untouched; move it away to start afresh, or use --state to choose another file"
    try:
        application_id = db.execute("PRAGMA application_id").fetchone()[0]
        version = db.execute("PRAGMA user_version").fetchone()[0]
        tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise ProgressError(
            unopenable(path, exc)
            or _other_file(path)
            or f"{path} is not a massage-quiz progress file or is damaged ({exc}); {hint}"
        ) from None
    if fresh and tables == 0 and application_id == 0:
        _create(db)
        application_id = db.execute("PRAGMA application_id").fetchone()[0]
        version = db.execute("PRAGMA user_version").fetchone()[0]
    if application_id != APPLICATION_ID:
        raise ProgressError(_other_file(path) or f"{path} is not a massage-quiz progress file; {hint}")
    if version > SCHEMA_VERSION:
        raise ProgressError(f"{path} was written by a newer massage-quiz (schema {version}); upgrade massage-quiz to use it")
    if version < 1:
        raise ProgressError(f"{path} has an unknown schema version {version}; {hint}")
    try:
        db.execute("PRAGMA journal_mode = WAL")
        if version < SCHEMA_VERSION:
            migrate(db)  # a file of an older massage-quiz: bring it up to date before its first use
    except sqlite3.DatabaseError as exc:
        raise ProgressError(cannot_write(path, exc)) from None
