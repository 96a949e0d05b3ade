"""The drill's study items, cached so that starting the quiz needs no YAML parsing.

The cache is keyed on everything the items are made from: the package's
version and code, and each content file's path, size and modification time.
Any change rebuilds it through the full loader, which validates as ``check``
does. A missing, stale or unreadable cache is simply rebuilt.
"""

from __future__ import annotations

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
    """What the items depend on: code and content files, with their sizes and times."""
    code = sorted(_PACKAGE.glob("*.py"))
    files = [p for folder in folders for sub in ("cards", "quizzes") for p in yaml_files(folder, sub)]
    return [__version__, *([str(p), s.st_size, s.st_mtime_ns] for p in (*code, *files) for s in (p.stat(),))]


def load_items(options: tuple[str, ...] = ()) -> list[Item]:
    """Every study item, from the cache when it is current, else built (and cached)."""
    folders = all_folders(options)
    key = fingerprint(folders)
    path = cache_dir() / f"items-{zlib.crc32(json.dumps([f.path.as_posix() for f in folders]).encode()):08x}.json"
    cached = _read(path, key)
    if cached is not None:
        return cached
    from massage_quiz import facets
    from massage_quiz.catalogue import load_folders

    items = facets.items(load_folders(folders))
    _write(path, key, items)
    return items


def _read(path: Path, key: list) -> list[Item] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["key"] != key:
            return None
        return [_item(row) for row in data["items"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _item(row: list) -> Item:
    item = Item(*row)
    correct = tuple(item.correct) if isinstance(item.correct, list) else item.correct
    return item._replace(accept=tuple(item.accept), options=tuple(item.options), correct=correct, facts=tuple(item.facts),
                         source=tuple(item.source), tags=tuple(item.tags), entry=tuple(item.entry))


def _write(path: Path, key: list, items: list[Item]) -> None:
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(dir=path.parent, prefix=".items.", suffix=".partial")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump({"key": key, "items": [list(i) for i in items]}, stream, ensure_ascii=False)
        os.replace(partial, path)
    except OSError:
        pass  # a cache that cannot be written only costs time
