"""The bundled content's study items, compiled when the wheel is built and shipped inside it.

The bundled content never changes between two builds of a version, so the
first start after an update (every cache stale, since the code changed) can
read its items from this file instead of importing PyYAML and attrs to compile
them. The file is made by ``write`` (run by ``hatch_build.py``) with the same
code the drill compiles with, and is used only while its key, a digest of the
version and of every bundled content file, matches the content beside it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from massage_quiz import atomicfile
from massage_quiz.catalogue import cache
from massage_quiz.catalogue.folders import PACKAGE, Folder, yaml_files
from massage_quiz.catalogue.kinds import FOLDER_TOPICS

# In a wheel, beside the bundled cards/ and quizzes/ (pyproject.toml puts them there).
SHIPPED = PACKAGE / "content" / "items.json"


def content_digest(folder: Folder) -> str:
    """A digest of the version and every content file of ``folder``: its path inside the folder and its bytes."""
    from massage_quiz import __version__

    def parts() -> Any:
        yield __version__.encode()
        for sub in FOLDER_TOPICS:
            for path in yaml_files(folder, sub):
                yield os.fsencode(path.relative_to(folder.path).as_posix())
                yield path.read_bytes()

    return cache.digest(parts())


def compile_rows(folder: Folder) -> list[list[Any]]:
    """The study items of ``folder`` alone, as the rows the items cache stores."""
    from massage_quiz.catalogue.loader import load_folders
    from massage_quiz.items.compile import items

    return [list(item) for item in items(load_folders([folder]))]


def write(folder: Folder, path: Path) -> None:
    """Compile ``folder``'s items and write them to ``path`` under the folder's content digest."""
    data = {"key": content_digest(folder), "value": compile_rows(folder)}
    atomicfile.write_text(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def read(folder: Folder) -> list[Any] | None:
    """The shipped rows if the wheel holds items compiled from exactly ``folder``'s content, else None."""
    try:
        data = json.loads(SHIPPED.read_bytes())
        rows = data["value"]
        if data["key"] != content_digest(folder) or not isinstance(rows, list):
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return rows
