"""Where the user's own files live: the progress file and the folder beside it (installed courses, sync), and the cache.

Each is the platform's own place (platformdirs) unless an environment variable
names another: tests, two trainees on one account, a school's shared machine.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_STATE = "MASSAGE_QUIZ_STATE"
ENV_CACHE = "MASSAGE_QUIZ_CACHE"
APP = "massage-quiz"
PROGRESS_FILE = "progress.sqlite3"


def progress_path() -> Path:
    """The progress file: MASSAGE_QUIZ_STATE, else progress.sqlite3 in the platform's user data folder."""
    override = os.environ.get(ENV_STATE)
    if override:
        return Path(override).expanduser()
    import platformdirs  # imported here: the drill's start needs it only when no override is set

    return Path(platformdirs.user_data_dir(APP, appauthor=False)) / PROGRESS_FILE


def data_dir() -> Path:
    """The folder of the progress file, which also holds the installed courses."""
    return progress_path().parent


def cache_dir() -> Path:
    """MASSAGE_QUIZ_CACHE, else the platform's user cache folder."""
    override = os.environ.get(ENV_CACHE)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP, appauthor=False))
