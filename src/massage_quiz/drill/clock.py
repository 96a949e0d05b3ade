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


# Anki's default "Next day starts at" hour: its FSRS counts the days between two answers by
# days that begin at this local hour, not by 24-hour spans.
ROLLOVER_HOUR = 4


def days_between_answers(earlier: datetime, later: datetime) -> int:
    """Whole days from one answer to the next as Anki's FSRS counts them: days that begin at 4 a.m. local time.

    Anki counts on a grid of 24-hour days anchored at a 4 a.m. rollover, so two
    answers at 03:50 and 04:10 are a day apart and two at 04:10 and 03:50 the
    next morning are none; counting real 24-hour spans instead (as the fsrs
    package does) gives the drill and Anki different memory states for the
    same answers whenever they straddle 4 a.m. Never negative.
    """
    local = datetime.fromtimestamp(later.timestamp())  # naive, local wall-clock time
    anchor = local.replace(hour=ROLLOVER_HOUR, minute=0, second=0, microsecond=0).astimezone(UTC)
    day = 86_400
    return max(0, int((later - anchor).total_seconds() // day - (earlier - anchor).total_seconds() // day))


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
