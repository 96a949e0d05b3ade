"""Options shared by several commands."""

from __future__ import annotations

from pathlib import Path

import click

content_option = click.option(
    "--content",
    "content_dirs",
    multiple=True,
    metavar="DIR",
    help="An instructor folder (holding cards/ and/or quizzes/) layered over the bundled content. "
    "Repeatable; MASSAGE_QUIZ_CONTENT may also list folders, separated like PATH.",
)

state_option = click.option(
    "--state",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The progress file [default: MASSAGE_QUIZ_STATE, else progress.sqlite3 in your user data folder].",
)
