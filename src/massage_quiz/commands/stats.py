"""``massage-quiz stats``: progress in numbers, or exported as an anonymous summary for the instructor."""

from __future__ import annotations

from pathlib import Path

import click

from massage_quiz import output
from massage_quiz.commands.common import (
    content_option,
    force_option,
    json_option,
    output_option,
    retention_option,
    state_option,
)


@click.command()
@json_option("Print the stats as JSON (keys documented in the README).")
@output_option(
    "Write an anonymous summary of your progress for your instructor to FILE (- for standard output): "
    "per question, attempts and mistakes; never your answers (--export is the same option).",
    "--export",
    dest="export_to",
    type_=click.STRING,
)
@click.option("--name", default=None, help="With --export: add this name, so your instructor knows whose summary it is.")
@force_option("With --export: replace FILE even if it is not a summary massage-quiz wrote.")
@retention_option("The desired retention you drill with, to show what the items held tighter cost.")
@state_option
@content_option
def stats(
    json_: bool,
    export_to: str | None,
    name: str | None,
    force: bool,
    retention: float,
    state: Path | None,
    content_dirs: tuple[str, ...],
) -> None:
    """Show your progress: what is due, and per topic; or --export it for your instructor.

    Without options: reviews done, what is due, and new, learning and
    mastered items per topic. With --export FILE: an anonymous summary of how
    each question went (never your answers) to hand to your instructor.
    """
    if export_to is not None and json_:
        raise click.UsageError("--json and --export go separately: --export writes its own JSON")
    if export_to is not None:
        from massage_quiz.drill import clock, export
        from massage_quiz.drill.progress import Store, default_path

        with Store(state or default_path()) as store:
            summary = export.summary(store, clock.now(), name)
        if export_to == "-":
            click.echo(export.text(summary), nl=False)
        else:
            export.write(summary, Path(export_to), force)
            count = len(summary["items"])
            output.echo(
                f"Wrote {export_to}: {count} question{'s' if count != 1 else ''}, no answers you typed. Give it to your instructor."
            )
        return
    if name is not None or force:
        raise click.UsageError("--name and --force go with --export FILE")
    from massage_quiz.drill import stats as statistics

    data = statistics.for_trainee(state, content_dirs, retention)
    if json_:
        output.print_json(data)
    else:
        for line in statistics.render(data):
            output.echo(line)
