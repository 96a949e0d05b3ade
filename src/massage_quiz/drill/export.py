"""A trainee's progress as an anonymous summary for the instructor: per item how it went, never what was typed.

The summary holds facet ids, counts and days, and a name only if the
trainee gives one. The trainee is told apart by a random id kept in the
progress file, so two exports of one progress file carry the same id and
an instructor never counts a trainee twice.
The format is documented in docs/instructors.md; ``VERSION`` changes only
when a reader of the old format could misread the new one.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from massage_quiz import ownedfile
from massage_quiz.catalogue.kinds import KIND_TOPIC
from massage_quiz.drill.progress import Store
from massage_quiz.errors import MassageQuizError

FORMAT = "massage-quiz progress summary"
VERSION = 1
NAME_LIMIT = 80


def summary(store: Store, now: datetime, name: str | None = None) -> dict[str, Any]:
    """The trainee's summary: for every item answered, attempts, wrong answers, lapses and the last result."""
    answers = store.answers()
    if not answers:
        raise MassageQuizError(f"no answers on record in {store.path} yet: drill first, then export")
    states = store.states()
    items = []
    for item_id in sorted(answers):
        done, state = answers[item_id], states.get(item_id)
        kind = item_id.split("/", 1)[0]
        items.append(
            {
                "id": item_id,
                "kind": kind,
                "topic": KIND_TOPIC.get(kind, kind),
                "attempts": done.total,
                "wrong": done.wrong,
                "lapses": 0 if state is None else state.lapses,
                "last": "right" if done.last_right else "wrong",
                "last_review": day(done.last_at),
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
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("format") == FORMAT
