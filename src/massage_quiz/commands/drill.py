"""``massage-quiz drill`` (and plain ``massage-quiz``): today's questions."""

from __future__ import annotations

from pathlib import Path

import click

from massage_quiz.commands.common import content_option, filter_options, retention_option, state_option


@click.command()
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Ask at most N questions this session.")
@click.option(
    "--new-per-day",
    type=click.IntRange(min=0),
    default=10,
    show_default=True,
    envvar="MASSAGE_QUIZ_NEW_PER_DAY",
    help="How many new items to introduce each day.",
)
@filter_options("items")
@retention_option("Desired retention for FSRS scheduling: the chance you still recall an item when it falls due.")
@click.option("--practice", is_flag=True, help="Practise without changing your schedule.")
@click.option(
    "--deck",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Drill the course inside this .apkg (built by massage-quiz build) instead of the installed courses.",
)
@state_option
@content_option
def drill(
    limit: int | None,
    new_per_day: int,
    topics: tuple[str, ...],
    tags: tuple[str, ...],
    retention: float,
    practice: bool,
    deck: Path | None,
    state: Path | None,
    content_dirs: tuple[str, ...],
) -> None:
    """Drill what is due today, then a few new items.

    Answer each question and press Enter; q, Ctrl-C or Ctrl-D ends the session
    with a summary. Every answer is saved at once. The drill asks the bundled
    content and every installed course (massage-quiz course list).
    """
    from massage_quiz.drill import session, today

    options = session.Options(new_per_day=new_per_day, limit=limit, topics=topics, tags=tags)
    today.drill(options, retention, practice, state, content_dirs, deck)
