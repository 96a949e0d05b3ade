"""A trainee's progress as an anonymous summary for the instructor: per item how it went, never what was typed.

The summary holds facet ids, counts and days, and a name only if the
trainee gives one. The trainee is told apart by a random id kept in the
progress file, so two exports of one progress file carry the same id and
an instructor never counts a trainee twice.
The format is documented in docs/instructors.md, its name, version and
limits in ``summaryformat``; ``VERSION`` changes only when a reader of
the old format could misread the new one.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from massage_quiz import ownedfile
from massage_quiz.catalogue.ids import kind_of
from massage_quiz.catalogue.kinds import KIND_TOPIC

# Defined in summaryformat, which the report imports alone; still importable from here, beside the writer.
from massage_quiz.drill.summaryformat import FORMAT as FORMAT
from massage_quiz.drill.summaryformat import NAME_LIMIT as NAME_LIMIT
from massage_quiz.drill.summaryformat import SIZE_LIMIT as SIZE_LIMIT
from massage_quiz.drill.summaryformat import VERSION as VERSION
from massage_quiz.errors import MassageQuizError

if TYPE_CHECKING:
    from massage_quiz.drill.progress import Store

# Every time zone's offset, and every change of it since 1970, falls on a quarter of an hour:
# the local day is the same all through one, so it is worked out once per quarter, not per answer.
_QUARTER = 900


class _Tally:
    """One item's answers added up in one pass: counts, the latest answer, and the first answer of each day."""

    __slots__ = ("firsts", "last", "total", "wrong")

    def __init__(self) -> None:
        self.total = 0
        self.wrong = 0
        self.last = (-1, -1, True)  # (time, review id, right) of the latest answer
        self.firsts: dict[str, tuple[int, int, bool]] = {}  # local day -> (time, review id, right) of its first answer


def tallies(store: Store) -> dict[str, _Tally]:
    """Every answered item's tally, from one pass over the answers in the order they were stored.

    Answers brought from Anki by ``sync`` may be stored after later ones, so
    the latest and each day's first are found by time (then review id), not
    by the order of the rows.
    """
    found: dict[str, _Tally] = {}
    days: dict[int, str] = {}
    for item_id, at, review_id, right in store.answer_log():
        tally = found.get(item_id)
        if tally is None:
            tally = found[item_id] = _Tally()
        tally.total += 1
        tally.wrong += not right
        moment = (at, review_id, right)
        if moment > tally.last:
            tally.last = moment
        quarter = at // _QUARTER
        local = days.get(quarter)
        if local is None:
            local = days[quarter] = day(at)
        first = tally.firsts.get(local)
        if first is None or moment < first:
            tally.firsts[local] = moment
    return found


def summary(store: Store, now: datetime, name: str | None = None) -> dict[str, Any]:
    """The trainee's summary: for every item answered, attempts, wrong answers, first tries per day, lapses and the last result."""
    found = tallies(store)
    if not found:
        raise MassageQuizError(f"no answers on record in {store.path} yet: drill first, then export")
    states = store.states()
    items = []
    for item_id in sorted(found):
        tally, state = found[item_id], states.get(item_id)
        kind = kind_of(item_id)
        items.append(
            {
                "id": item_id,
                "kind": kind,
                "topic": KIND_TOPIC.get(kind, kind),
                "attempts": tally.total,
                "wrong": tally.wrong,
                "days": len(tally.firsts),
                "days_wrong": sum(not right for _, _, right in tally.firsts.values()),
                "lapses": 0 if state is None else state.lapses,
                "last": "right" if tally.last[2] else "wrong",
                "last_review": day(tally.last[0]),
                "stability": None if state is None or state.stability is None else round(state.stability, 1),
                "due": None if state is None else day(state.due),
            }
        )
    return {
        "format": FORMAT,
        "version": VERSION,
        "trainee": store.trainee_id(),
        "name": checked_name(name),
        "exported": day(int(now.timestamp())),
        "items": items,
    }


def checked_name(name: str | None) -> str | None:
    """The name the trainee chose to add, tidied; None for none."""
    if name is None:
        return None
    tidy = " ".join(name.split())
    if not tidy:
        raise MassageQuizError("--name is empty: give the name your instructor should see, or leave --name out")
    if len(tidy) > NAME_LIMIT or not tidy.isprintable():
        raise MassageQuizError(f"--name must be printable text of at most {NAME_LIMIT} characters")
    return tidy


def day(seconds: int) -> str:
    """The local day of a moment, as YYYY-MM-DD: the summary keeps no time of day."""
    return datetime.fromtimestamp(seconds).date().isoformat()


def text(data: dict[str, Any]) -> str:
    """The summary as the JSON text written to the file."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write(data: dict[str, Any], target: Path, force: bool = False) -> None:
    """Write the summary to ``target`` atomically, never over a file that is not a summary massage-quiz wrote (unless ``force``)."""
    ownedfile.write(target, text(data), is_summary, "a progress summary massage-quiz wrote", "progress-summary.json", force)


def is_summary(path: Path) -> bool:
    """Whether ``path`` holds a progress summary massage-quiz wrote (any version)."""
    try:
        if path.stat().st_size > SIZE_LIMIT:
            return False
        data = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):  # RecursionError: JSON nested too deeply to be a summary
        return False
    return isinstance(data, dict) and data.get("format") == FORMAT
