"""SOURCE_DATE_EPOCH: the one reading of the reproducible-builds time that every file massage-quiz writes obeys."""

from __future__ import annotations

import os
from collections.abc import Mapping

from massage_quiz.errors import MassageQuizError

VARIABLE = "SOURCE_DATE_EPOCH"
# 2107-12-31T23:59:59Z: a zip entry's date (the deck) ends in 2107, and a sheet's time is
# held to the same bound, so that one value means the same to every command.
LAST_SECOND = 4_354_819_199


def source_date_epoch(environ: Mapping[str, str] | None = None) -> int | None:
    """The whole seconds SOURCE_DATE_EPOCH names, or None when it is unset or empty (as the reproducible-builds spec reads it).

    A value that is not a whole number of seconds between 0 and the last second
    a zip file can hold is refused in one line, by every command alike.
    """
    value = (os.environ if environ is None else environ).get(VARIABLE, "").strip()
    if not value:
        return None
    if not value.isascii() or not value.lstrip("-").isdigit():
        raise MassageQuizError(f"{VARIABLE} must be a whole number of seconds, not {value!r}")
    seconds = int(value)
    if not 0 <= seconds <= LAST_SECOND:
        raise MassageQuizError(f"{VARIABLE} must be between 0 and {LAST_SECOND} (the last time a zip file can hold), not {value}")
    return seconds
