"""Where content comes from: the bundled folder and the instructors' folders."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import NamedTuple

from massage_quiz.catalogue.kinds import FOLDER_TOPICS
from massage_quiz.errors import MassageQuizError
from massage_quiz.errors import UsageProblem as UsageProblem  # still importable from here

ENV_CONTENT = "MASSAGE_QUIZ_CONTENT"
Environ = Mapping[str, str]
PACKAGE = Path(__file__).resolve().parent.parent


class Folder(NamedTuple):
    """A content folder and how to show its paths to the user."""

    path: Path
    shown: str
    bundled: bool = False

    def display(self, file: Path) -> str:
        """A file's path as the user would type it (bytes that are not UTF-8, as in a GBK name, shown as \\xNN)."""
        relative = file.relative_to(self.path)
        if self.bundled:
            shown = _bundled_display(file)
        elif self.shown in ("", "."):
            shown = relative.as_posix()
        else:
            shown = f"{self.shown.rstrip('/')}/{relative.as_posix()}"
        return os.fsencode(shown).decode("utf-8", "backslashreplace")


def _bundled_display(file: Path) -> str:
    try:
        return file.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(file)


def bundled_folder() -> Folder:
    """The content shipped with the package (or the checkout's, in an editable install)."""
    inside = PACKAGE / "content"
    if (inside / "cards").is_dir():
        return Folder(inside, str(inside), bundled=True)
    checkout = PACKAGE.parent.parent
    if (checkout / "cards").is_dir() and (checkout / "pyproject.toml").is_file():
        return Folder(checkout, str(checkout), bundled=True)
    raise MassageQuizError("the bundled content is missing from this installation; reinstall massage-quiz")


def instructor_folders(options: tuple[str, ...] = (), environ: Environ | None = None) -> list[Folder]:
    """The folders named by MASSAGE_QUIZ_CONTENT (like PATH) and then by --content, in order."""
    env: Environ = os.environ if environ is None else environ
    named = [p for p in env.get(ENV_CONTENT, "").split(os.pathsep) if p]
    named += list(options)
    folders = []
    for shown in named:
        path = Path(shown).expanduser()
        if not path.is_dir():
            raise UsageProblem(f"content folder {shown!r} does not exist or is not a folder")
        if not (path / "cards").is_dir() and not (path / "quizzes").is_dir():
            raise UsageProblem(f"content folder {shown!r} has neither a cards/ nor a quizzes/ folder")
        folders.append(Folder(path.resolve(), shown))
    return folders


def all_folders(options: tuple[str, ...] = (), environ: Environ | None = None) -> list[Folder]:
    """The bundled folder first, then the instructors' folders layered over it."""
    return [bundled_folder(), *instructor_folders(options, environ)]


def yaml_files(folder: Folder, sub: str) -> list[Path]:
    """The YAML files under ``folder/sub``, sorted, hidden files skipped.

    Every name that looks like a content file is listed, whatever it is, and
    so is every folder that cannot be read: the loader reports each at its
    path (a folder, a dangling link, a device), never skips it in silence.
    """
    base = folder.path / sub
    if not base.is_dir():
        return []
    found: list[Path] = []

    def unreadable(error: OSError) -> None:
        found.append(Path(error.filename))

    for root, dirs, files in os.walk(base, onerror=unreadable, followlinks=True):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        here = Path(root)
        found.extend(
            here / name for name in (*files, *dirs) if Path(name).suffix in (".yaml", ".yml") and not name.startswith(".")
        )
    return sorted(set(found))


def content_key(folders: list[Folder]) -> str:
    """A digest of everything compiled content is made from: the package's code and every content file's bytes."""
    from massage_quiz import __version__
    from massage_quiz.catalogue import cache

    def parts() -> Iterator[bytes]:
        yield __version__.encode()
        for path in sorted(PACKAGE.rglob("*.py")):
            stat = path.stat()
            yield os.fsencode(path) + f":{stat.st_size}:{stat.st_mtime_ns}".encode()
        for folder in folders:
            # The course file (course.yaml) is checked with the content, so it is part of the key.
            yield _bytes_if_regular(folder.path / "course.yaml") if (folder.path / "course.yaml").exists() else b""
            for sub in FOLDER_TOPICS:
                for path in yaml_files(folder, sub):
                    yield os.fsencode(path)
                    yield _bytes_if_regular(path)

    return cache.digest(parts())


def _bytes_if_regular(path: Path) -> bytes:
    """A regular file's bytes; for anything else (never read: a device or a pipe could block forever) a marker."""
    try:
        return path.read_bytes() if stat.S_ISREG(path.stat().st_mode) else b"\0not a regular file"
    except OSError as exc:
        return f"\0unreadable: {exc}".encode()


def cache_name(what: str, folders: list[Folder]) -> str:
    """The cache file name for ``what`` compiled from these folders (one file per set of folders)."""
    from massage_quiz.catalogue import cache

    return f"{what}-{cache.digest(os.fsencode(f.path) for f in folders)[:16]}"
