"""Options shared by several commands."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from massage_quiz.catalogue.kinds import RETENTION_RANGE

content_option = click.option(
    "--content",
    "content_dirs",
    multiple=True,
    metavar="DIR",
    help="An instructor folder (holding cards/ and/or quizzes/) layered over the bundled content. "
    "Repeatable; MASSAGE_QUIZ_CONTENT may also list folders, separated like PATH.",
)


def output_option(
    help_: str,
    *old_names: str,
    dest: str = "target",
    type_: Any = None,  # a click type: a path unless given
    metavar: str | None = "FILE",
    required: bool = False,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """-o/--output, the one name of the file a command writes; ``old_names`` (--html, --export, --picture) keep working."""
    return click.option(
        "-o",
        "--output",
        *old_names,
        dest,
        type=type_ or click.Path(path_type=Path),
        metavar=metavar,
        required=required,
        help=help_,
    )


def force_option(help_: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--force: replace the output file even if massage-quiz did not make it (never an input, never a file of the user's)."""
    return click.option("--force", is_flag=True, help=help_)


def filter_options(what: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--topic and --tag (passed as ``topics`` and ``tags``), both repeatable: keep the ``what`` of any topic and any tag given."""
    from massage_quiz.catalogue.kinds import TOPICS

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        command = click.option("--tag", "tags", multiple=True, metavar="TAG", help=f"Only {what} with this tag (repeatable).")(
            command
        )
        return click.option("--topic", "topics", type=click.Choice(TOPICS), multiple=True, help="Only this topic (repeatable).")(
            command
        )

    return decorate


def json_option(help_: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The --json flag (passed as ``json_``) every command that can print JSON takes: the help says what the JSON holds."""
    return click.option("--json", "json_", is_flag=True, help=help_)


state_option = click.option(
    "--state",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The progress file [default: MASSAGE_QUIZ_STATE, else progress.sqlite3 in your user data folder].",
)


class FiniteFloatRange(click.FloatRange):
    """A float in a range, refusing nan (which compares false with every bound, so FloatRange lets it through)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        """The number, if it is finite and in range."""
        number: float = super().convert(value, param, ctx)
        if math.isnan(number):
            self.fail(f"{value!r} is not a number in the range {self._describe_range()}.", param, ctx)
        return number


def retention_option(help_: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The desired-retention option, as the drill and sync both schedule with it."""
    return click.option(
        "--retention",
        type=FiniteFloatRange(*RETENTION_RANGE),
        default=0.9,
        show_default=True,
        envvar="MASSAGE_QUIZ_RETENTION",
        help=help_,
    )
