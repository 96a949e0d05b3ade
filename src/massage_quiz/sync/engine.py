"""Anki's engine (the ``anki`` package), imported only by ``sync``: a clear message when it is missing, its errors in one line."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from massage_quiz.errors import SyncError as SyncError  # still importable from here

MISSING = (
    "massage-quiz sync needs Anki's sync engine (the anki package), which is not installed. "
    "Install it with: pipx inject massage-quiz anki (or pip install 'massage-quiz[sync]')"
)


def require() -> None:
    """Import Anki's engine, or stop with the one line that says how to install it."""
    try:
        import anki.collection  # noqa: F401  # imported here so that only sync pays for it
    except ImportError:
        raise SyncError(MISSING) from None


@contextlib.contextmanager
def explained(server: str) -> Iterator[None]:
    """Turn Anki's sync errors into one line that says what to do."""
    from anki.errors import NetworkError, SyncErrorKind
    from anki.errors import SyncError as AnkiSyncError

    try:
        yield
    except AnkiSyncError as exc:
        if exc.kind is SyncErrorKind.AUTH:
            raise SyncError(
                f"the sync server {server} refused the username or password: run massage-quiz sync --login again"
            ) from None
        raise SyncError(f"the sync server {server} reported a problem: {_first_line(str(exc))}") from None
    except NetworkError:
        raise SyncError(f"cannot reach the sync server {server}: check the address and your connection, then try again") from None


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "no details given")
