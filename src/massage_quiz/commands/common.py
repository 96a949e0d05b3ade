"""Options shared by several commands."""

from __future__ import annotations

import click

content_option = click.option(
    "--content",
    "content_dirs",
    multiple=True,
    metavar="DIR",
    help="An instructor folder (holding cards/ and/or quizzes/) layered over the bundled content. "
    "Repeatable; MASSAGE_QUIZ_CONTENT may also list folders, separated like PATH.",
)
