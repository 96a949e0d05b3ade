"""Caches of what the content compiles to, so unchanged content is not parsed again.

Two caches, both JSON (never pickle: a cache file must not be able to run
code): the drill's study items, read without loading PyYAML or attrs, and
the validated catalogue used by check, build, list and show. Both are keyed
on everything they are made from: the package's version and code (path,
size, modification time) and each content file's path and a checksum of its
bytes, so any edit, added or removed file rebuilds them through the full
loader, which validates as ``check`` does. Content with errors is never
cached. A missing, stale or unreadable cache is simply rebuilt.
"""

from __future__ import annotations

import gc
import json
import os
import zlib
from pathlib import Path

from massage_quiz import __version__
from massage_quiz.content import Folder, all_folders, yaml_files
from massage_quiz.items import Item

ENV_CACHE = "MASSAGE_QUIZ_CACHE"
_PACKAGE = Path(__file__).resolve().parent


def cache_dir() -> Path:
    """MASSAGE_QUIZ_CACHE, else the platform's user cache directory."""
    override = os.environ.get(ENV_CACHE)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("massage-quiz", appauthor=False))


def fingerprint(folders: list[Folder]) -> list:
    """What compiled content depends on: the code, and every content file's bytes."""
    code = sorted(_PACKAGE.glob("*.py"))
    files = [p for folder in folders for sub in ("cards", "quizzes") for p in yaml_files(folder, sub)]
    return [
        __version__,
        *([str(p), s.st_size, s.st_mtime_ns] for p in code for s in (p.stat(),)),
        *([str(p), zlib.crc32(p.read_bytes())] for p in files),
    ]


def _path(name: str, folders: list[Folder]) -> Path:
    return cache_dir() / f"{name}-{zlib.crc32(json.dumps([f.path.as_posix() for f in folders]).encode()):08x}.json"


def load_items(options: tuple[str, ...] = ()) -> list[Item]:
    """Every study item, from the cache when it is current, else built (and cached)."""
    folders = all_folders(options)
    key = fingerprint(folders)
    path = _path("items", folders)
    rows = _read(path, key)
    if rows is not None:
        try:
            return [_item(row) for row in rows]
        except (TypeError, ValueError):
            pass
    from massage_quiz import facets

    items = facets.items(load_catalogue(options, folders, key))
    _write(path, key, [list(i) for i in items])
    return items


def load_catalogue(options: tuple[str, ...] = (), folders: list[Folder] | None = None, key: list | None = None):
    """The validated catalogue, from the cache when it is current, else loaded (and cached)."""
    from massage_quiz import catalogue

    folders = all_folders(options) if folders is None else folders
    key = fingerprint(folders) if key is None else key
    path = _path("catalogue", folders)
    data = _read(path, key)
    if data is not None:
        try:
            return catalogue.from_json(data)
        except (TypeError, ValueError, KeyError):
            pass
    loaded = catalogue.load_folders(folders)
    _write(path, key, catalogue.to_json(loaded))
    return loaded


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


def _read(path: Path, key: list) -> object | None:
    try:
        with NoCycleCollection():
            data = json.loads(path.read_text(encoding="utf-8"))
        return data["value"] if data["key"] == key else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _item(row: list) -> Item:
    item = Item(*row)
    correct = tuple(item.correct) if isinstance(item.correct, list) else item.correct
    figure = None if item.figure is None else (*item.figure[:-1], tuple(item.figure[-1]))
    return item._replace(accept=tuple(item.accept), options=tuple(item.options), correct=correct, facts=tuple(item.facts),
                         source=tuple(item.source), tags=tuple(item.tags), entry=tuple(item.entry), figure=figure)


def _write(path: Path, key: list, value: object) -> None:
    from massage_quiz import atomic

    # dumps, not dump: dump encodes in pure Python, chunk by chunk, several times slower.
    text = json.dumps({"key": key, "value": value}, ensure_ascii=False, separators=(",", ":"))
    try:
        atomic.write_text(path, text)
    except OSError:
        pass  # a cache that cannot be written only costs time
