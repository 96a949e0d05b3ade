"""An exclusive lock on an open file, on every system: flock on Linux and macOS, msvcrt's byte lock on Windows.

Either is released by the system when the file is closed or the process ends,
however it ends, so a command killed or cut off by a power cut never leaves it held.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

_WINDOWS_RETRY = 0.05  # seconds between tries on Windows, whose own blocking lock gives up after 10 s


def lock(handle: IO[bytes], wait: bool = True) -> bool:
    """Lock ``handle``'s file exclusively; without ``wait``, return False at once if another holds it."""
    if sys.platform == "win32":
        import msvcrt

        handle.seek(0)  # msvcrt locks bytes from the position: every locker must lock the same first byte
        while True:
            try:
                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
                return True
            except OSError:
                if not wait:
                    return False
                time.sleep(_WINDOWS_RETRY)
    else:
        import fcntl

        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            return False
        return True


def unlock(handle: IO[bytes]) -> None:
    """Release the lock ``lock`` took on ``handle``."""
    if sys.platform == "win32":
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def held(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on the file at ``path`` (made if missing, never truncated), waiting for it if another holds it."""
    with open(path, "a+b") as handle:
        lock(handle)
        try:
            yield
        finally:
            unlock(handle)
