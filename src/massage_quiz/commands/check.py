"""``massage-quiz check``: load and validate all content, report every problem."""

from __future__ import annotations

import click

from massage_quiz import output
from massage_quiz.catalogue import load
from massage_quiz.commands.common import content_option


@click.command()
@content_option
def check(content_dirs: tuple[str, ...]) -> None:
    """Check the bundled content and instructor folders for mistakes.

    Every problem is printed as path:line:col: message. Exit status: 0 when
    the content is clean, 1 when there are problems, 2 for a usage error.
    """
    catalogue = load(content_dirs)
    output.echo(f"OK: {catalogue.summary()}.")
