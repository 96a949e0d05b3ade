"""Replace a file in one step, so a reader never sees it half written and a failure leaves no trace."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path


def _new_file_mode() -> int:
    """The mode ``open()`` would give a new file: 0o666 less the umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextlib.contextmanager
def replacing(path: Path, mode: int | None = None) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path``, on any failure it is removed.

    The result gets ``mode`` if given (the file is never readable more widely
    on the way), else keeps the old file's permissions, or gets those a new
    file would get (``mkstemp`` alone would make it readable by its owner only).
    A symbolic link is written through: its target is replaced and the link kept,
    as ``cp`` and a shell's ``>`` do, so a file linked into a shared folder is updated.
    """
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    import tempfile  # here: every command that reads a cache imports this module, few write

    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    os.close(handle)
    partial = Path(name)
    try:
        yield partial
        if mode is None:
            mode = path.stat().st_mode & 0o777 if path.exists() else _new_file_mode()
        os.chmod(partial, mode)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def write_bytes(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` atomically (with permissions ``mode``, if given)."""
    with replacing(path, mode) as partial:
        partial.write_bytes(data)


def write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically, as UTF-8 with the line endings given."""
    write_bytes(path, text.encode("utf-8"))


def write_with(path: Path, fill: Callable[[Path], None]) -> None:
    """Let ``fill`` write the new file at a temporary path, then put it at ``path`` atomically."""
    with replacing(path) as partial:
        fill(partial)
