"""A cache on disk for what content compiles to: JSON values stored under a key.

It knows nothing of what it stores: callers give a name, a key (a digest of
everything the value is made from) and any JSON-ready value. JSON, never
pickle: a cache file must not be able to run code. A missing, stale,
damaged or unwritable cache only costs time: reading gives None, writing
gives up quietly.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import itertools
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from massage_quiz import atomicfile, userfiles

ENV_CACHE = userfiles.ENV_CACHE


cache_dir = userfiles.cache_dir  # one definition of where the user's files live, in userfiles


def digest(parts: Iterable[bytes]) -> str:
    """A SHA-256 digest of the parts, each length-prefixed so no two lists of parts collide."""
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(len(part).to_bytes(8, "little"))
        hasher.update(part)
    return hasher.hexdigest()


class NoCycleCollection:
    """Pause Python's cyclic garbage collector while building many acyclic objects.

    Loading creates hundreds of thousands of small objects and no reference
    cycles; left on, the collector rescans the growing heap again and again,
    which made loading 50,000 entries grow faster than linearly.
    """

    def __enter__(self) -> None:
        self.was_enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc: object) -> None:
        if self.was_enabled:
            gc.enable()


def _path(name: str) -> Path:
    return cache_dir() / f"{name}.json"


def read(name: str, key: str) -> object | None:
    """The value stored under ``name`` if it was stored with ``key``, else None."""
    try:
        with NoCycleCollection():
            data = json.loads(_path(name).read_bytes())
        return data["value"] if data["key"] == key else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def holds(name: str, key: str) -> bool:
    """True if a value is stored under ``name`` with ``key``: read from the file's first bytes, not the whole value."""
    head = _dumps({"key": key, "value": None})[: -len(b"null}")]  # write() puts the key first
    try:
        with _path(name).open("rb") as stored:
            return stored.read(len(head)) == head
    except OSError:
        return False


def write(name: str, key: str, value: object) -> None:
    """Store ``value`` under ``name`` and ``key``, replacing what was there."""
    # A cache that cannot be written only costs time (ValueError: text that is not UTF-8).
    with contextlib.suppress(OSError, ValueError):
        atomicfile.write_with(_path(name), lambda partial: _write_file(partial, {"key": key, "value": value}))


# Long lists are written this many items at a time: the whole text of a large
# catalogue at once, with its UTF-8 copy, was the largest thing `check` held
# (a thousand at a time still added 3 MiB to its peak; two hundred, under 1).
CHUNK = 200


def _write_file(path: Path, value: object) -> None:
    with path.open("wb") as out:
        _write_json(out, value)


def _dumps(value: object) -> bytes:
    # dumps, not dump: dump encodes in pure Python, chunk by chunk, several times slower.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _write_json(out: BinaryIO, value: object) -> None:
    """Write ``value`` as JSON, long lists a chunk at a time, so no more than a chunk's text is ever held.

    An iterator is written as a list, a chunk at a time as it yields, so a
    value can be made while it is written instead of held whole first.
    """
    if isinstance(value, Iterator):
        out.write(b"[")
        for number, chunk in enumerate(iter(lambda: list(itertools.islice(value, CHUNK)), [])):
            out.write(b"," if number else b"")
            out.write(_dumps(chunk)[1:-1])
        out.write(b"]")
    elif isinstance(value, list) and len(value) > CHUNK:
        out.write(b"[")
        for start in range(0, len(value), CHUNK):
            out.write(b"," if start else b"")
            out.write(_dumps(value[start : start + CHUNK])[1:-1])
        out.write(b"]")
    elif isinstance(value, dict) and value and all(isinstance(k, str) for k in value):
        out.write(b"{")
        for number, (k, v) in enumerate(value.items()):
            out.write(b"," if number else b"")
            out.write(_dumps(k) + b":")
            _write_json(out, v)
        out.write(b"}")
    else:
        out.write(_dumps(value))
