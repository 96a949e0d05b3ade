"""The current time, which tests and demonstrations can pin with MASSAGE_QUIZ_NOW."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

from massage_quiz.errors import MassageQuizError

ENV_NOW = "MASSAGE_QUIZ_NOW"


def now() -> datetime:
    """Now, in UTC; MASSAGE_QUIZ_NOW (ISO 8601 with a zone) overrides it."""
    pinned = os.environ.get(ENV_NOW)
    if not pinned:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(pinned)
    except ValueError:
        raise MassageQuizError(f"{ENV_NOW} must be an ISO 8601 time such as 2026-01-01T09:00:00+00:00, not {pinned!r}") from None
    if moment.tzinfo is None:
        raise MassageQuizError(f"{ENV_NOW} needs a time zone, e.g. {pinned}+00:00")
    return moment.astimezone(UTC)


def epoch_of(moment: datetime) -> int:
    """Whole seconds since the epoch."""
    return int(moment.timestamp())


def start_of_day(moment: datetime) -> datetime:
    """Local midnight before ``moment`` (the day a daily limit counts).

    Midnight's own offset from UTC is used, not the one at ``moment``: on the
    day the clocks change the two differ by an hour. A naive local time is
    resolved by ``astimezone()`` with the offset in force at that time.
    """
    local = datetime.fromtimestamp(moment.timestamp())  # naive, local wall-clock time
    return local.replace(hour=0, minute=0, second=0, microsecond=0).astimezone(UTC)


def end_of_day(moment: datetime) -> datetime:
    """Local midnight after ``moment``."""
    return start_of_day(start_of_day(moment) + timedelta(hours=36))


def describe(moment: datetime, reference: datetime) -> str:
    """A due time as a trainee wants it: local clock time and how far away it is."""
    away = interval(moment, reference)
    return "now" if away == "now" else f"{moment.astimezone():%a %d %b %H:%M} ({away})"


def interval(moment: datetime, reference: datetime) -> str:
    """How far away a time is, in the largest whole unit: ``in 10 minutes``, ``in 3 days``."""
    seconds = int((moment - reference).total_seconds())
    if seconds <= 0:
        return "now"
    minutes, hours, days = seconds // 60, seconds // 3600, seconds // 86400
    if days >= 1:
        away = f"in {days} day{'s' if days != 1 else ''}"
    elif hours >= 1:
        away = f"in {hours} hour{'s' if hours != 1 else ''}"
    else:
        away = f"in {max(minutes, 1)} minute{'s' if minutes > 1 else ''}"
    return away
