"""``massage-quiz drill`` (and plain ``massage-quiz``): today's questions."""

from __future__ import annotations

from pathlib import Path

import click

from massage_quiz import clock, output
from massage_quiz.commands.common import content_option, state_option
from massage_quiz.vocabulary import TOPICS


@click.command()
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Ask at most N questions this session.")
@click.option("--new-per-day", type=click.IntRange(min=0), default=10, show_default=True, envvar="MASSAGE_QUIZ_NEW_PER_DAY",
              help="How many new items to introduce each day.")
@click.option("--topic", "topics", type=click.Choice(TOPICS), multiple=True, help="Only this topic (repeatable).")
@click.option("--tag", "tags", multiple=True, metavar="TAG", help="Only items with this tag (repeatable).")
@click.option("--retention", type=click.FloatRange(0.7, 0.99), default=0.9, show_default=True, envvar="MASSAGE_QUIZ_RETENTION",
              help="Desired retention for FSRS scheduling: the chance you still recall an item when it falls due.")
@click.option("--practice", is_flag=True, help="Practise without changing your schedule.")
@state_option
@content_option
def drill(limit, new_per_day, topics, tags, retention, practice, state: Path | None, content_dirs) -> None:
    """Drill what is due today, then a few new items.

    Answer each question and press Enter; q, Ctrl-C or Ctrl-D ends the session
    with a summary. Every answer is saved at once.
    """
    from massage_quiz import compiled, progress, session
    from massage_quiz.scheduling import scheduler_for

    items = compiled.load_items(content_dirs)
    options = session.Options(new_per_day=new_per_day, limit=limit, topics=topics, tags=tags)
    terminal = session.Terminal()
    with progress.Store(state or progress.default_path()) as store:
        now = clock.now()
        ids = [i.id for i in items if session.wanted(i, options)]
        if not ids:
            raise click.UsageError("no items match the --topic and --tag given")
        if practice:
            queue, recording = session.practice_items(items, store, options), None
        else:
            due, new = session.select(items, store, now, options)
            queue, recording = due + new, store
            if not queue:
                queue, recording = _nothing_due(store, ids, now, terminal, items, options)
        if queue:
            counts = f"{len(queue)} question{'s' if len(queue) != 1 else ''}"
            output.echo(f"{'Practice' if recording is None else 'Today'}: {counts}. Type q to stop at any time.", dim=True)
            outcome = session.run(queue, recording, scheduler_for(retention), terminal, clock.now)
            for line in session.summary(outcome, store, ids, clock.now(), recording is None):
                output.echo(line)


def _nothing_due(store, ids, now, terminal, items, options):
    from massage_quiz import session

    upcoming = store.next_due(ids)
    when = clock.describe(upcoming, now) if upcoming else "not yet scheduled"
    output.echo(f"Nothing is due now, and today's new items are done. Next due: {when}.")
    if terminal.interactive:
        try:
            answer = terminal.line("Practise anyway, without changing your schedule? [y/N] ")
        except (EOFError, KeyboardInterrupt):
            answer = ""
        if answer.strip().lower() in ("y", "yes"):
            return session.practice_items(items, store, options), None
    else:
        output.echo("To practise without changing your schedule: massage-quiz drill --practice")
    return [], None
