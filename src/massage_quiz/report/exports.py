"""Reading trainees' progress summaries: each file checked whole, every fault reported in one line naming the file.

A summary is read one at a time and its items kept as small tuples, so the
class report holds one summary's items at most, whatever the class size.
"""

from __future__ import annotations

import array
import json
import operator
import os
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from massage_quiz import jsonshape
from massage_quiz.drill.summaryformat import FORMAT, NAME_LIMIT, SIZE_LIMIT, VERSION
from massage_quiz.errors import MassageQuizError, UsageProblem
from massage_quiz.jsonshape import Key, first_problem, must

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


# The columns of a summary's items, in the order of Result's fields.
ID, KIND, TOPIC, ATTEMPTS, WRONG, DAYS, DAYS_WRONG, LAPSES, LAST, LAST_REVIEW, STABILITY, DUE = range(12)
_NO_ITEMS: tuple[Sequence[Any], ...] = ((),) * 12
_FIELDS = ("source", "trainee", "name", "exported", "columns")


class Summary:
    """One trainee's summary, as read from ``source``: its items as columns, one tuple per key (``ID``, ``ATTEMPTS``...).

    Columns, not one record per item: the class report adds a whole column
    up at once, and a summary read is held in the least memory. A frozen
    record written out by hand, not with attrs: importing attrs and making
    its methods was a tenth of a small report's time.
    """

    __slots__ = ("__weakref__", "columns", "exported", "name", "source", "trainee")

    source: str
    trainee: str
    name: str | None
    exported: str
    columns: tuple[Sequence[Any], ...]

    def __init__(
        self, source: str, trainee: str, name: str | None, exported: str, columns: tuple[Sequence[Any], ...] = _NO_ITEMS
    ) -> None:
        for field, value in zip(_FIELDS, (source, trainee, name, exported, columns), strict=True):
            object.__setattr__(self, field, value)

    def __setattr__(self, field: str, value: object) -> None:
        raise AttributeError(f"a Summary cannot be changed ({field})")

    def __delattr__(self, field: str) -> None:
        raise AttributeError(f"a Summary cannot be changed ({field})")

    def __eq__(self, other: object) -> bool:
        if type(other) is not Summary:
            return NotImplemented
        return all(getattr(self, field) == getattr(other, field) for field in _FIELDS)

    __hash__ = None  # type: ignore[assignment]  # its count columns are arrays, which have no hash

    def __repr__(self) -> str:
        return f"Summary({', '.join(f'{field}={getattr(self, field)!r}' for field in _FIELDS)})"

    @classmethod
    def of(cls, source: str, trainee: str, name: str | None, exported: str, results: tuple[Result, ...]) -> Summary:
        """A summary of these items (each a Result)."""
        return cls(source, trainee, name, exported, tuple(zip(*results, strict=True)) if results else _NO_ITEMS)

    @property
    def results(self) -> tuple[Result, ...]:
        """The items, one Result each."""
        return tuple(map(Result._make, zip(*self.columns, strict=True)))

    @property
    def ids(self) -> tuple[str, ...]:
        """The items' ids, in the summary's order."""
        ids = self.columns[ID]
        assert isinstance(ids, tuple)  # only the counts are arrays
        return ids

    @property
    def answers(self) -> int:
        """Answers on record: a later summary of the same progress has more."""
        return sum(self.columns[ATTEMPTS])

    @property
    def label(self) -> str:
        """Who the trainee is to the instructor: the name given, else the file the summary came in."""
        return self.name or Path(self.source).name


_text = jsonshape.text(ID_LIMIT)  # a kind, a topic or a trainee id
_day = jsonshape.day
_WHOLE = f"a whole number up to {MAX_COUNT:,}"
_A_DAY = "a day written YYYY-MM-DD"

# The keys of a summary and of each of its items, with their checks: the one definition of a summary's shape,
# behind every message about a damaged one. ``_columns`` runs the same checks a whole column at a time.
SUMMARY_KEYS = (
    Key("trainee", must(_text, "an id")),
    Key("name", must(jsonshape.or_null(jsonshape.text(NAME_LIMIT)), f"a name of at most {NAME_LIMIT} characters, or null")),
    Key("exported", must(_day, _A_DAY)),
    Key("items", must(jsonshape.a_list, "a list")),
)
ITEM_KEYS = (
    Key("id", must(jsonshape.text(ID_LIMIT, blank=True), "an item id")),
    Key("kind", must(_text, "a kind of entry")),
    Key("topic", must(_text, "a topic")),
    *(Key(count, must(jsonshape.whole(MAX_COUNT), _WHOLE)) for count in ("attempts", "wrong", "days", "days_wrong", "lapses")),
    Key("last", must(jsonshape.one_of("right", "wrong"), '"right" or "wrong"')),
    Key("last_review", must(_day, _A_DAY)),
    Key(
        "stability",
        must(jsonshape.or_null(jsonshape.number(MAX_STABILITY)), f"a number of days up to {MAX_STABILITY:,.0f}, or null"),
    ),
    Key("due", must(jsonshape.or_null(_day), f"{_A_DAY} or null")),
)
_KEYS = tuple(key.name for key in ITEM_KEYS)


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
_GETTERS = tuple(map(operator.itemgetter, _KEYS))
# Characters from which a summary's items are made tuples as JSON reads them (_item). Below, JSON's
# own dicts are faster, and take a few MB at most: part of the constant, where memory is concerned.
_HOOK_FROM = 1_000_000
_SHARED: dict[str, str] = {}  # cleared after each summary: it holds no summary's words for long


def _item(d: dict[str, Any]) -> Any:
    """JSON's hook for every object: one with every key of an item becomes a tuple of its values as it is read.

    Nothing is checked here, so that reading stays at the speed of JSON's own
    reader and an item's many small dicts never pile up (a tuple is a third
    of the memory); ``_columns`` checks them all at once afterwards. A JSON
    array is read as a list, so a tuple in the items is always one made here.
    """
    if "attempts" not in d:
        return d
    try:
        item_id, kind, topic, attempts, wrong, days, days_wrong, lapses, last, reviewed, stability, due = _GET(d)
    except KeyError:
        return d  # a key missing: its message comes from _fault
    # The words every item repeats (kind, topic, right or wrong, days) kept once, not once an item: a third of the memory.
    return (
        item_id,
        _one(kind),
        _one(topic),
        attempts,
        wrong,
        days,
        days_wrong,
        lapses,
        _one(last),
        _one(reviewed),
        stability,
        _one(due),
    )


def _one(value: Any) -> Any:
    """The one copy of a short text kept for all items, or the value as it is."""
    return _SHARED.setdefault(value, value) if type(value) is str and len(value) <= 40 else value


def _unique(column: Sequence[Any]) -> set[Any] | None:
    """The different values of a column, or None if one cannot be told apart from another (a list, an object)."""
    try:
        return set(column)
    except TypeError:
        return None


# Kinds and topics (_WORDS) and days (_DAYS) already found right: every summary of a class repeats
# the same few, so each is checked once, not once per file.
_WORDS: set[str] = set()
_DAYS: set[str] = set()
_PASSED_LIMIT = 5_000  # strings remembered, at most: a class over a year has a few hundred days


def _columns(items: list[Any]) -> tuple[Sequence[Any], ...] | None:
    """The items as columns if every one passes every check of ``ITEM_KEYS`` and ``_consistent`` and none is listed twice, else None.

    Each check runs over a whole column in C (``map``, ``min``, ``set``),
    so a summary is checked in about the time JSON takes to read it. A
    column of few different values (kinds, topics, days) is checked value
    by value; the counts' bounds follow from their order (none above the
    attempts, the days wrong none below zero).
    """
    if not items:
        return _NO_ITEMS
    if type(items[0]) is dict:  # read without the hook: each key's values taken out of every item in one step
        try:
            columns: tuple[Sequence[Any], ...] = tuple(tuple(map(get, items)) for get in _GETTERS)
        except (KeyError, TypeError):  # an item without a key, or not an object: _fault says which
            return None
    elif set(map(type, items)) != {tuple}:
        return None
    else:
        columns = tuple(zip(*items, strict=True))
    ids, kinds, topics, attempts, wrong, days, days_wrong, lapses, last, reviewed, stability, due = columns
    kinds_seen, topics_seen, lasts, reviewed_seen, due_seen = (_unique(c) for c in (kinds, topics, last, reviewed, due))
    if kinds_seen is None or topics_seen is None or lasts is None or reviewed_seen is None or due_seen is None:
        return None
    id_set = _unique(ids)  # told apart once: the same set finds an item listed twice
    if id_set is None or len(id_set) != len(ids) or set(map(type, id_set)) != {str} or "" in id_set:
        return None
    if max(map(len, id_set)) > ID_LIMIT:
        return None
    words = kinds_seen | topics_seen
    if not (words <= _WORDS or all(map(_text, words))) or not lasts <= {"right", "wrong"}:
        return None
    days_seen = reviewed_seen | (due_seen - {None})
    if not (days_seen <= _DAYS or all(map(_day, days_seen))):
        return None
    if len(_WORDS) + len(_DAYS) < _PASSED_LIMIT:
        _WORDS.update(words)
        _DAYS.update(days_seen)
    try:
        # Machine integers, each column in one step: a fraction, a text, null or a number past 2**63 is refused,
        # and true or false (which JSON readers take for 1 and 0) is read as the 1 or 0 it stands for.
        counts = [array.array("q", c) for c in (attempts, wrong, days, days_wrong, lapses)]
    except (TypeError, OverflowError):
        return None
    attempts, wrong, days, days_wrong, lapses = counts
    if min(days) < 1 or min(days_wrong) < 0 or min(lapses) < 0 or max(attempts) > MAX_COUNT:
        return None
    for small, large in ((wrong, attempts), (days, attempts), (days_wrong, days), (days_wrong, wrong), (lapses, attempts)):
        if not all(map(operator.le, small, large)):
            return None
    kinds_of_number = set(map(type, stability))
    if not kinds_of_number <= {int, float, type(None)}:
        return None
    numbers = [v for v in stability if v is not None] if type(None) in kinds_of_number else stability
    if numbers and (min(numbers) < 0 or max(numbers) > MAX_STABILITY):
        return None
    return (ids, kinds, topics, attempts, wrong, days, days_wrong, lapses, last, reviewed, stability, due)


def _said(name: str, meaning: str | None) -> str:
    """A key's problem as the message says it: missing, or what its value should be."""
    return f"{name} is missing" if meaning is None else f"{name} should be {meaning}"


def _fault(item: object, n: int, source: str) -> MassageQuizError:
    """The one-line message for ``items[n]``, which did not pass the checks."""
    if type(item) is tuple:
        item = dict(zip(_KEYS, item, strict=True))
    if not isinstance(item, dict):
        return MassageQuizError(f"{source} is damaged: items[{n}] should be an object")
    wrong = first_problem(ITEM_KEYS, item)
    if wrong is not None:
        return MassageQuizError(f"{source} is damaged: items[{n}].{_said(*wrong)}")
    fault = _consistent(item["attempts"], item["wrong"], item["days"], item["days_wrong"], item["lapses"])
    return MassageQuizError(f"{source} is damaged: items[{n}] {fault}")


def _constant(name: str) -> None:
    raise ValueError(f"{name} is not a number JSON allows")


# Made once: json.loads with any option makes a new decoder at every call.
_PLAIN = json.JSONDecoder(parse_constant=_constant)
_HOOKED = json.JSONDecoder(object_hook=_item, parse_constant=_constant)


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
    return _parse([raw], source)


def _parse(box: list[bytes | str], source: str) -> Summary:
    """The summary in the one text or bytes in ``box``, taken out of it so that the bytes go once decoded."""
    raw = box.pop()
    text = raw if isinstance(raw, str) else _decode(raw, source)
    del raw  # one copy of the file in memory while JSON reads it, not two
    try:
        data = (_HOOKED if len(text) > _HOOK_FROM else _PLAIN).decode(text)
    except RecursionError:
        raise MassageQuizError(f"{source} is not a progress summary: it is nested too deeply") from None
    except json.JSONDecodeError as exc:
        raise MassageQuizError(f"{source} is not a progress summary: it is not JSON ({exc})") from None
    except ValueError as exc:
        # Python refuses to read a whole number of over 4,300 digits; NaN and Infinity are not JSON.
        why = "it holds a number of over 4,300 digits" if "digits" in str(exc) else f"it is not JSON ({exc})"
        raise MassageQuizError(f"{source} is not a progress summary: {why}") from None
    finally:
        _SHARED.clear()
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
    wrong = first_problem(SUMMARY_KEYS, data)
    if wrong is not None:
        raise MassageQuizError(f"{source} is damaged: {_said(*wrong)}")
    trainee, name, exported, items = data["trainee"], data["name"], data["exported"], data["items"]
    columns = _columns(items)
    if columns is None:
        # The slow way, only to say what is wrong: the first item that is wrong, and how; else the first listed twice.
        for n, item in enumerate(items):
            if _columns([item]) is None:
                raise _fault(item, n, source)
        seen: set[str] = set()
        for item in items:
            item_id = item[ID] if type(item) is tuple else item["id"]
            if item_id in seen:
                raise MassageQuizError(f"{source} is damaged: item {item_id} is listed twice")
            seen.add(item_id)
        raise MassageQuizError(f"{source} is damaged: its items cannot be read")  # pragma: no cover  (each check is above)
    del items, data  # the columns hold every value: the items' tuples go
    return Summary(source, trainee, name, exported, columns)


def read(path: str | Path) -> Summary:
    """The summary in the file at ``path``."""
    try:
        # One stat before opening: opening a pipe would wait for ever, and a device such as /dev/zero never end.
        status = os.stat(path)
        if stat.S_ISDIR(status.st_mode):
            raise MassageQuizError(f"{path} is a folder: name the summary files in it, such as {Path(path) / '*.json'}")
        if not stat.S_ISREG(status.st_mode):
            raise MassageQuizError(f"{path} is not a regular file (a device or a pipe): name a summary file")
        if status.st_size > SIZE_LIMIT:
            raise MassageQuizError(f"{path} is too large to be a progress summary (over {SIZE_LIMIT // 1_000_000} MB)")
        with open(path, "rb") as handle:
            # As many bytes as the stat said, and one more to see if it grew since (then the rest, bounded):
            # a read of SIZE_LIMIT would set aside 20 MB for every file.
            raw = handle.read(status.st_size + 1)
            if len(raw) > status.st_size:
                raw += handle.read(SIZE_LIMIT + 1 - len(raw))
            box: list[bytes | str] = [raw]
            del raw
    except FileNotFoundError:
        raise UsageProblem(f"{path} does not exist") from None  # named on the command line: exit 2, as click does
    except OSError as exc:
        raise MassageQuizError(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(box[0]) > SIZE_LIMIT:
        raise MassageQuizError(f"{path} is too large to be a progress summary (over {SIZE_LIMIT // 1_000_000} MB)")
    return _parse(box, str(path))
