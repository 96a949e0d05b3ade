"""Reading trainees' progress summaries: each file checked whole, every fault reported in one line naming the file.

A summary is read one at a time and its items kept as small tuples, so the
class report holds one summary's items at most, whatever the class size.
"""

from __future__ import annotations

import json
import operator
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import attrs

from massage_quiz.drill.export import FORMAT, NAME_LIMIT, SIZE_LIMIT, VERSION
from massage_quiz.errors import MassageQuizError

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
# No trainee answers one question a million times (one a second for eleven days and nights):
# a larger count is a damaged or made-up file, and would only stretch the report's columns.
MAX_COUNT = 1_000_000
MAX_STABILITY = 1_000_000.0  # days; FSRS's own cap is 36,500
ID_LIMIT = 200  # characters of an item id, a kind, a topic or a trainee id
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


class Result(NamedTuple):
    """How one item went for one trainee: the summary's keys, in the summary's order."""

    id: str
    kind: str
    topic: str
    attempts: int
    wrong: int
    days: int  # days the item was asked
    days_wrong: int  # of those, days whose first answer was wrong
    lapses: int
    last: str  # "right" or "wrong": the latest answer
    last_review: str
    stability: float | None
    due: str | None

    @property
    def last_right(self) -> bool:
        """Whether the latest answer was right."""
        return self.last == "right"


@attrs.frozen(weakref_slot=True)
class Summary:
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

    @property
    def label(self) -> str:
        """Who the trainee is to the instructor: the name given, else the file the summary came in."""
        return self.name or Path(self.source).name


def _text(value: object) -> bool:
    return isinstance(value, str) and 0 < len(value) <= ID_LIMIT and not value.isspace()


def _count(value: object) -> bool:
    return type(value) is int and 0 <= value <= MAX_COUNT


def _day(value: object) -> bool:
    return isinstance(value, str) and len(value) == 10 and bool(_DAY.match(value))


def _stability(value: object) -> bool:
    return value is None or (
        type(value) in (int, float) and 0 <= value <= MAX_STABILITY  # type: ignore[operator]
    )


def _name(value: object) -> bool:
    return value is None or (isinstance(value, str) and 0 < len(value) <= NAME_LIMIT and not value.isspace())


_WHOLE = f"a whole number up to {MAX_COUNT:,}"
# key -> (check, what it must be): the checks behind every message about an item.
_ITEM_KEYS: dict[str, tuple[Callable[[object], bool], str]] = {
    "id": (_text, "an item id"),
    "kind": (_text, "a kind of entry"),
    "topic": (_text, "a topic"),
    "attempts": (_count, _WHOLE),
    "wrong": (_count, _WHOLE),
    "days": (_count, _WHOLE),
    "days_wrong": (_count, _WHOLE),
    "lapses": (_count, _WHOLE),
    "last": (lambda v: v in ("right", "wrong"), '"right" or "wrong"'),
    "last_review": (_day, "a day written YYYY-MM-DD"),
    "stability": (_stability, f"a number of days up to {MAX_STABILITY:,.0f}, or null"),
    "due": (lambda v: v is None or _day(v), "a day written YYYY-MM-DD or null"),
}
_KEYS = tuple(_ITEM_KEYS)


def _consistent(attempts: int, wrong: int, days: int, days_wrong: int, lapses: int) -> str | None:
    """What does not add up between an item's counts, or None."""
    if attempts == 0 or wrong > attempts:
        return f"has {wrong} wrong of {attempts} attempts"
    if days == 0 or days > attempts or days_wrong > days or days_wrong > wrong:
        return f"has {days_wrong} first tries wrong on {days} days, with {wrong} wrong of {attempts} attempts"
    if lapses > attempts:
        return f"has {lapses} lapses in {attempts} attempts"
    return None


_GET = operator.itemgetter(*_KEYS)
_NEW = tuple.__new__


def _item(d: dict[str, Any]) -> Any:
    """JSON's hook for every object: one with every key of an item becomes a Result as it is read, anything else stays.

    Nothing is checked here, so that reading stays at the speed of JSON's own
    reader and an item's many small dicts never pile up; ``_valid`` checks
    the whole list at once afterwards.
    """
    if "attempts" not in d:
        return d
    try:
        return _NEW(Result, _GET(d))
    except KeyError:
        return d  # a key missing: its message comes from _fault


def _valid(items: list[Any]) -> bool:
    """Whether every item is a Result passing every check of ``_ITEM_KEYS`` and ``_consistent``, checked column by column.

    Each check runs over a whole column in C (``map``, ``min``, ``set``):
    a summary is checked in about the time JSON takes to read it. Days are
    checked once per different day, as a summary holds only a few.
    """
    if not items:
        return True
    if set(map(type, items)) != {Result}:
        return False
    ids, kinds, topics, attempts, wrong, days, days_wrong, lapses, last, reviewed, stability, due = zip(*items, strict=True)
    texts = ids + kinds + topics
    counts = attempts + wrong + days + days_wrong + lapses
    if set(map(type, texts)) != {str} or min(map(len, texts)) == 0 or max(map(len, texts)) > ID_LIMIT:
        return False
    if any(map(str.isspace, texts)) or set(map(type, counts)) != {int} or min(counts) < 0 or max(counts) > MAX_COUNT:
        return False
    if min(attempts) < 1 or min(days) < 1 or set(map(type, last)) != {str} or not set(last) <= {"right", "wrong"}:
        return False
    for small, large in ((wrong, attempts), (days, attempts), (days_wrong, days), (days_wrong, wrong), (lapses, attempts)):
        if not all(map(operator.le, small, large)):
            return False
    if set(map(type, reviewed)) != {str} or not all(map(_day, set(reviewed))):
        return False
    if not set(map(type, due)) <= {str, type(None)} or not all(v is None or _day(v) for v in set(due)):
        return False
    numbers = [v for v in stability if v is not None]
    if not set(map(type, stability)) <= {int, float, type(None)}:
        return False
    return not numbers or (min(numbers) >= 0 and max(numbers) <= MAX_STABILITY)


def _fault(item: object, n: int, source: str) -> MassageQuizError:
    """The one-line message for ``items[n]``, which did not pass the checks."""
    if isinstance(item, Result):
        item = item._asdict()
    if not isinstance(item, dict):
        return MassageQuizError(f"{source} is damaged: items[{n}] should be an object")
    for key, (check, meaning) in _ITEM_KEYS.items():
        if not check(item.get(key)):
            return MassageQuizError(f"{source} is damaged: items[{n}].{key} should be {meaning}")
    fault = _consistent(item["attempts"], item["wrong"], item["days"], item["days_wrong"], item["lapses"])
    return MassageQuizError(f"{source} is damaged: items[{n}] {fault}")


def _constant(name: str) -> None:
    raise ValueError(f"{name} is not a number JSON allows")


def _decode(raw: bytes, source: str) -> str:
    """The text of a summary, whatever byte order mark an editor put in front (Windows Notepad does)."""
    encoding = "utf-8"
    for mark, named in _BOMS:
        if raw.startswith(mark):
            raw, encoding = raw[len(mark) :], named
            break
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        raise MassageQuizError(f"{source} is not a progress summary: it is not UTF-8 text") from None


def parse(raw: bytes | str, source: str) -> Summary:
    """The summary in ``raw`` (read from ``source``, named in every error)."""
    text = raw if isinstance(raw, str) else _decode(raw, source)
    del raw  # the bytes go before the text is parsed: only one copy of the file is held
    try:
        data = json.loads(text, object_hook=_item, parse_constant=_constant)
    except RecursionError:
        raise MassageQuizError(f"{source} is not a progress summary: it is nested too deeply") from None
    except json.JSONDecodeError as exc:
        raise MassageQuizError(f"{source} is not a progress summary: it is not JSON ({exc})") from None
    except ValueError as exc:
        # Python refuses to read a whole number of over 4,300 digits; NaN and Infinity are not JSON.
        why = "it holds a number of over 4,300 digits" if "digits" in str(exc) else f"it is not JSON ({exc})"
        raise MassageQuizError(f"{source} is not a progress summary: {why}") from None
    del text
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise MassageQuizError(f"{source} is not a progress summary: make one with massage-quiz stats --export FILE")
    version = data.get("version")
    if type(version) is not int or not 1 <= version <= 1000:
        shown = repr(version) if len(repr(version)) <= 20 else f"one of {len(repr(version))} digits"
        raise MassageQuizError(f"{source} is damaged: its version should be a whole number, not {shown}")
    if version > VERSION:
        raise MassageQuizError(
            f"{source} was written by a newer massage-quiz (summary version {version}): upgrade massage-quiz to read it"
        )
    if version < VERSION:
        raise MassageQuizError(
            f"{source} is a summary from an older massage-quiz (version {version}), without the first try of each day "
            "this report ranks by: ask the trainee for a new one (massage-quiz stats --export FILE)"
        )
    for key, check, meaning in (
        ("trainee", _text, "an id"),
        ("name", _name, f"a name of at most {NAME_LIMIT} characters, or null"),
        ("exported", _day, "a day written YYYY-MM-DD"),
        ("items", lambda v: isinstance(v, list), "a list"),
    ):
        if not check(data.get(key)):
            raise MassageQuizError(f"{source} is damaged: {key} should be {meaning}")
    results = data["items"]
    if not _valid(results):
        for n, result in enumerate(results):  # the slow way, only to say which item is wrong, and how
            if type(result) is not Result or not _valid([result]):
                raise _fault(result, n, source)
    if len({r.id for r in results}) != len(results):
        seen: set[str] = set()
        for result in results:
            if result.id in seen:
                raise MassageQuizError(f"{source} is damaged: item {result.id} is listed twice")
            seen.add(result.id)
    return Summary(source, data["trainee"], data["name"], data["exported"], tuple(results))


def read(path: Path) -> Summary:
    """The summary in the file at ``path``."""
    if path.is_dir():
        raise MassageQuizError(f"{path} is a folder: name the summary files in it, such as {path / '*.json'}")
    try:
        if not path.is_file() and path.exists():
            # Reading a pipe would wait for ever, a device such as /dev/zero never end.
            raise MassageQuizError(f"{path} is not a regular file (a device or a pipe): name a summary file")
        if path.exists() and path.stat().st_size > SIZE_LIMIT:
            raise MassageQuizError(f"{path} is too large to be a progress summary (over {SIZE_LIMIT // 1_000_000} MB)")
        # Read straight into parse, which lets the bytes go once decoded.
        return parse(path.read_bytes(), str(path))
    except FileNotFoundError:
        raise MassageQuizError(f"{path} does not exist") from None
    except OSError as exc:
        raise MassageQuizError(f"cannot read {path}: {exc.strerror or exc}") from None
