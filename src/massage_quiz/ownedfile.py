"""Write a file massage-quiz makes, in one step, and never over a file it did not make."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from massage_quiz import atomicfile
from massage_quiz.errors import MassageQuizError


def check(target: Path, ours: Callable[[Path], bool], what: str, example: str, force: bool = False, option: str = "") -> None:
    """Refuse a place massage-quiz must not write: a folder, a missing folder, a link to nothing, a device, or a file it did not make.

    ``what`` says what a file of ours is ("a picture massage-quiz drew"), ``example`` a
    file name to suggest, ``option`` the command's option naming the file (``-o``), if any.
    ``force`` lets a file that is not ours be replaced.
    """
    elsewhere = f" with {option}" if option else ""
    if target.is_dir():
        raise MassageQuizError(f"{target} is a folder: give a file name, such as {target / example}")
    if target.parent.exists() and not target.parent.is_dir():
        raise MassageQuizError(f"{target.parent} is a file, not a folder: choose another place{elsewhere}")
    if not target.parent.is_dir():
        hint = f", or choose another place{elsewhere}" if option else ""
        raise MassageQuizError(f"the folder {target.parent} does not exist: create it first{hint}")
    if target.is_symlink() and not target.exists():
        raise MassageQuizError(f"{target} is a link to a file that does not exist: remove the link, or choose another name")
    if target.exists() and not target.is_file():
        raise MassageQuizError(f"{target} is not a regular file (a device or a pipe): choose another name")
    if target.exists() and not force and not _safely(ours, target):
        raise MassageQuizError(
            f"{target} exists and is not {what}, so it was left as it is: "
            f"choose another name{elsewhere}, or replace it with --force"
        )


def write(target: Path, text: str, ours: Callable[[Path], bool], what: str, example: str, force: bool = False) -> None:
    """Write ``text`` to ``target`` atomically, after ``check`` (which see for the other arguments)."""
    check(target, ours, what, example, force)
    try:
        atomicfile.write_text(target, text)
    except OSError as exc:
        raise MassageQuizError(f"cannot write {target}: {exc.strerror or exc}") from None


def _safely(ours: Callable[[Path], bool], path: Path) -> bool:
    try:
        return ours(path)
    except (OSError, ValueError):
        return False
