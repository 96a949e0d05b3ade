"""Reading trainees' progress summaries: each file checked whole, every fault reported with the file's name."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NamedTuple

from massage_quiz.drill.export import FORMAT, VERSION
from massage_quiz.errors import MassageQuizError

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
SIZE_LIMIT = 20_000_000  # bytes: a summary of every question there is takes a few hundred kB


class Result(NamedTuple):
    """How one item went for one trainee."""

    id: str
    kind: str
    topic: str
    attempts: int
    wrong: int
    lapses: int
    last_right: bool
    last_review: str
    stability: float | None
    due: str | None


class Export(NamedTuple):
    """One trainee's summary, as read from ``source``."""

    source: str
    trainee: str
    name: str | None
    exported: str
    results: tuple[Result, ...]

    @property
    def answers(self) -> int:
        """Answers on record: a later summary of the same progress has more."""
        return sum(r.attempts for r in self.results)


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _day(value: object) -> bool:
    return isinstance(value, str) and bool(_DAY.match(value))


def _number_or_none(value: object) -> bool:
    return value is None or (isinstance(value, int | float) and not isinstance(value, bool) and value >= 0)


# key -> (check, what it must be)
_ITEM_KEYS: dict[str, tuple[Callable[[object], bool], str]] = {
    "id": (_text, "an item id"),
    "kind": (_text, "a kind of entry"),
    "topic": (_text, "a topic"),
    "attempts": (_count, "a whole number"),
    "wrong": (_count, "a whole number"),
    "lapses": (_count, "a whole number"),
    "last": (lambda v: v in ("right", "wrong"), '"right" or "wrong"'),
    "last_review": (_day, "a day written YYYY-MM-DD"),
    "stability": (_number_or_none, "a number of days or null"),
    "due": (lambda v: v is None or _day(v), "a day written YYYY-MM-DD or null"),
}


def parse(text: str, source: str) -> Export:
    """The summary in ``text`` (read from ``source``, named in every error)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MassageQuizError(f"{source} is not a progress summary: it is not JSON ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise MassageQuizError(f"{source} is not a progress summary: make one with massage-quiz stats --export FILE")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise MassageQuizError(f"{source} is damaged: its version should be a whole number, not {version!r}")
    if version > VERSION:
        raise MassageQuizError(
            f"{source} was written by a newer massage-quiz (summary version {version}): upgrade massage-quiz to read it"
        )
    for key, check, meaning in (
        ("trainee", _text, "an id"),
        ("name", lambda v: v is None or _text(v), "a name or null"),
        ("exported", _day, "a day written YYYY-MM-DD"),
        ("items", lambda v: isinstance(v, list), "a list"),
    ):
        if not check(data.get(key)):
            raise MassageQuizError(f"{source} is damaged: {key} should be {meaning}")
    results = tuple(_result(item, n, source) for n, item in enumerate(data["items"]))
    seen: set[str] = set()
    for result in results:
        if result.id in seen:
            raise MassageQuizError(f"{source} is damaged: item {result.id} is listed twice")
        seen.add(result.id)
    return Export(source, data["trainee"], data["name"], data["exported"], results)


def _result(item: Any, n: int, source: str) -> Result:
    if not isinstance(item, dict):
        raise MassageQuizError(f"{source} is damaged: items[{n}] should be an object")
    for key, (check, meaning) in _ITEM_KEYS.items():
        if not check(item.get(key)):
            raise MassageQuizError(f"{source} is damaged: items[{n}].{key} should be {meaning}")
    if item["wrong"] > item["attempts"] or item["attempts"] == 0:
        raise MassageQuizError(f"{source} is damaged: items[{n}] has {item['wrong']} wrong of {item['attempts']} attempts")
    stability = item["stability"]
    return Result(
        item["id"],
        item["kind"],
        item["topic"],
        item["attempts"],
        item["wrong"],
        item["lapses"],
        item["last"] == "right",
        item["last_review"],
        None if stability is None else float(stability),
        item["due"],
    )


def read(path: Path) -> Export:
    """The summary in the file at ``path``."""
    if path.is_dir():
        raise MassageQuizError(f"{path} is a folder: name the summary files in it, such as {path / '*.json'}")
    try:
        if not path.is_file() and path.exists():
            # Reading a pipe would wait for ever, a device such as /dev/zero never end.
            raise MassageQuizError(f"{path} is not a regular file (a device or a pipe): name a summary file")
        if path.exists() and path.stat().st_size > SIZE_LIMIT:
            raise MassageQuizError(f"{path} is too large to be a progress summary (over {SIZE_LIMIT // 1_000_000} MB)")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise MassageQuizError(f"{path} does not exist") from None
    except OSError as exc:
        raise MassageQuizError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise MassageQuizError(f"{path} is not a progress summary: it is not UTF-8 text") from None
    return parse(text, str(path))


def read_all(paths: Iterable[Path]) -> tuple[list[Export], list[str]]:
    """Every summary, one per trainee, and a warning for each left out because the same trainee's newer one is there.

    Of two summaries of one trainee the one with more answers is the newer
    (answers are only ever added); on a tie the later file given counts.
    """
    kept: dict[str, Export] = {}
    warnings = []
    for export in (read(path) for path in paths):
        other = kept.get(export.trainee)
        if other is not None:
            newer, older = (other, export) if other.answers > export.answers else (export, other)
            if older.source == newer.source:
                warnings.append(f"warning: {export.source} is given twice: it is counted once")
            elif other.answers == export.answers:
                warnings.append(
                    f"warning: {other.source} and {export.source} are one trainee's summary with the same answers: counted once"
                )
            else:
                warnings.append(
                    f"warning: {older.source} and {newer.source} are from the same trainee: only {newer.source}, the newer, is counted"
                )
            export = newer
        kept[export.trainee] = export
    return list(kept.values()), warnings
