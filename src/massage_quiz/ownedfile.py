"""Write a file massage-quiz makes, in one step, and never over a file it did not make."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from massage_quiz import atomicfile
from massage_quiz.errors import MassageQuizError


def write(target: Path, text: str, ours: Callable[[Path], bool], what: str, example: str, force: bool = False) -> None:
    """Write ``text`` to ``target`` atomically; a file already there is replaced only if ``ours`` says massage-quiz made it, or with ``force``.

    ``what`` names the kind of file in messages ("progress summary"), ``example`` a file name to suggest.
    """
    if target.is_dir():
        raise MassageQuizError(f"{target} is a folder: give a file name, such as {target / example}")
    if not target.parent.is_dir():
        raise MassageQuizError(f"the folder {target.parent} does not exist: create it first")
    if target.is_symlink() and not target.exists():
        raise MassageQuizError(f"{target} is a link to a file that does not exist: remove the link, or choose another name")
    if target.exists() and not target.is_file():
        raise MassageQuizError(f"{target} is not a regular file (a device or a pipe): choose another name")
    if target.exists() and not force and not _safely(ours, target):
        raise MassageQuizError(
            f"{target} exists and is not a {what} massage-quiz wrote, so it was left as it is: "
            "choose another name, or replace it with --force"
        )
    try:
        atomicfile.write_text(target, text)
    except OSError as exc:
        raise MassageQuizError(f"cannot write {target}: {exc.strerror or exc}") from None


def _safely(ours: Callable[[Path], bool], path: Path) -> bool:
    try:
        return ours(path)
    except (OSError, ValueError):
        return False
