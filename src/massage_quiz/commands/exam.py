"""``massage-quiz exam``: a timed practice exam, no feedback until the end, then the score by topic and every miss explained."""

from __future__ import annotations

from pathlib import Path

import click

from massage_quiz.commands.common import (
    FiniteFloatRange,
    content_option,
    filter_options,
    force_option,
    json_option,
    output_option,
    retention_option,
    state_option,
)


@click.command()
@click.option("--count", type=click.IntRange(min=1, max=500), default=20, show_default=True, help="How many questions.")
@click.option(
    "--minutes",
    type=FiniteFloatRange(1, 600),
    default=30,
    show_default=True,
    help="The time limit (only time spent answering counts).",
)
@filter_options("items")
@click.option(
    "--record",
    is_flag=True,
    help="Count the answers as reviews: each moves its item's schedule as in the drill. Without it, your schedule is unchanged.",
)
@output_option("Also write the result to FILE: printable text, or JSON with --json.", dest="output_path", metavar=None)
@json_option("With -o: write the result as JSON (keys in docs/exam.md).")
@force_option("With -o: replace FILE even if it is not an exam result massage-quiz wrote.")
@click.option("--end", is_flag=True, help="End the unfinished exam now and score it (questions left count as missed).")
@click.option("--new", "new", is_flag=True, help="Discard the unfinished exam and start another.")
@retention_option("With --record: desired retention for FSRS scheduling, as in the drill.")
@state_option
@content_option
def exam(
    count: int,
    minutes: float,
    topics: tuple[str, ...],
    tags: tuple[str, ...],
    record: bool,
    output_path: Path | None,
    json_: bool,
    force: bool,
    end: bool,
    new: bool,
    retention: float,
    state: Path | None,
    content_dirs: tuple[str, ...],
) -> None:
    """Sit a timed practice exam: no feedback until the end, then every miss explained.

    Questions are drawn from the drill's items (self-graded recall cards
    excepted). q, Ctrl-C or Ctrl-D pauses the exam and its clock; run
    massage-quiz exam again to resume it, or with --end to score it now.
    Answers change your schedule only with --record.
    """
    if json_ and output_path is None:
        raise click.UsageError("--json goes with -o FILE: the result on screen is always text")
    if force and output_path is None:
        raise click.UsageError("--force goes with -o FILE")
    if end and new:
        raise click.UsageError("--end scores the unfinished exam and --new discards it: choose one")
    from massage_quiz.drill import examtaking

    examtaking.take(
        examtaking.Request(count, minutes, topics, tags, record, output_path, json_, force, end, new),
        retention,
        state,
        content_dirs,
    )
