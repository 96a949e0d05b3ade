"""``massage-quiz stats``: progress in numbers."""

from __future__ import annotations

import json
from pathlib import Path

import click

from massage_quiz import output
from massage_quiz.commands.common import content_option, state_option


@click.command()
@click.option("--json", "json_", is_flag=True, help="Print the stats as JSON (keys documented in the README).")
@state_option
@content_option
def stats(json_: bool, state: Path | None, content_dirs: tuple[str, ...]) -> None:
    """Show reviews done, what is due, and new, learning and mastered items per topic."""
    from massage_quiz.drill import stats as statistics

    data = statistics.for_trainee(state, content_dirs)
    if json_:
        click.echo(json.dumps(data, indent=2))
    else:
        for line in statistics.render(data):
            output.echo(line)
