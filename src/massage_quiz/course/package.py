"""Read the course out of an Anki package (.apkg), with only the standard library (no genanki, no Anki)."""

from __future__ import annotations

import json
import zipfile
import zlib
from pathlib import Path

from massage_quiz.course.bundle import MAX_BYTES, MEDIA_NAME, Bundle, Damaged, loads
from massage_quiz.errors import MassageQuizError, UsageProblem

_COLLECTIONS = ("collection.anki2", "collection.anki21", "collection.anki21b")
MAX_MEDIA_LIST = 16 * 1024 * 1024


def read(path: Path) -> Bundle:
    """The course carried in the package at ``path``; a clear one-line error for anything else."""
    shown = str(path)
    if not path.exists():
        raise UsageProblem(f"{shown} does not exist")  # named on the command line: exit 2, as click does
    if not path.is_file():
        raise MassageQuizError(f"{shown} is not a file: give the .apkg file your instructor handed out")
    try:
        with zipfile.ZipFile(path) as archive:
            return _read(archive, shown)
    except zipfile.BadZipFile:
        raise MassageQuizError(
            f"{shown} is not an Anki package (.apkg): it is not a zip file, or was cut short when copied"
        ) from None
    # zipfile raises NotImplementedError for a compression method it does not know (a damaged or foreign file).
    except (OSError, EOFError, zlib.error, zipfile.LargeZipFile, NotImplementedError) as exc:
        raise Damaged(f"{shown} cannot be read ({exc}); ask for a fresh copy") from None


def _read(archive: zipfile.ZipFile, shown: str) -> Bundle:
    names = set(archive.namelist())
    if not names & set(_COLLECTIONS):
        raise MassageQuizError(f"{shown} is a zip file but not an Anki package (.apkg): it holds no Anki collection")
    plain = MassageQuizError(
        f"{shown} is a plain Anki deck without a massage-quiz course: import it in Anki (File > Import); "
        "to drill it here, ask for a deck made with massage-quiz build"
    )
    if "media" not in names:
        raise plain
    listed = read_member(archive, "media", MAX_MEDIA_LIST, shown)
    if listed is None:
        raise plain
    try:
        media = json.loads(listed)
    except (ValueError, RecursionError):
        raise plain from None  # newer Anki writes its media list in another format: not one of ours
    if not isinstance(media, dict):
        raise plain
    number = next((str(key) for key, name in media.items() if name == MEDIA_NAME), None)
    if number is None:
        raise plain
    if number not in names:
        raise Damaged(f"{shown}: the course inside is missing from the package; ask for a fresh copy")
    data = read_member(archive, number, MAX_BYTES, shown)
    if data is None:
        raise Damaged(f"{shown}: the course inside is larger than {MAX_BYTES // 1024 // 1024} MB; ask for a fresh copy")
    return loads(data, shown)


_CHUNK = 1024 * 1024


def read_member(archive: zipfile.ZipFile, name: str, limit: int, shown: str) -> bytes | None:
    """A member's bytes, or None if it holds more than ``limit``: counted as it is inflated, whatever the zip's headers claim.

    ``ZipFile.read`` inflates in one call up to 2 GB before it cuts the data to the
    size the header gives, so a small file whose headers lie could exhaust memory.
    """
    info = archive.getinfo(name)
    if info.flag_bits & 0x1:  # encrypted: zipfile would ask for a password (RuntimeError)
        raise Damaged(f"{shown} is encrypted (its {name!r} needs a password), which no Anki package is; ask for a fresh copy")
    if info.file_size > limit:
        return None
    parts: list[bytes] = []
    held = 0
    try:
        with archive.open(info) as member:
            while held <= limit:
                part = member.read(_CHUNK)
                if not part:
                    break
                parts.append(part)
                held += len(part)
    except (zipfile.BadZipFile, ValueError, zlib.error, EOFError) as exc:  # a bad CRC or a cut stream
        raise Damaged(f"{shown}: the package is damaged ({exc}); ask for a fresh copy") from None
    return None if held > limit else b"".join(parts)
