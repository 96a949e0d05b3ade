"""``massage-quiz sheet``: print a practice or exam sheet, with its answer key."""

from __future__ import annotations

from pathlib import Path

import click

from massage_quiz import output
from massage_quiz.commands.common import content_option, filter_options, force_option, output_option


@click.command()
@output_option(
    "The PDF to write, such as week-3.pdf.", type_=click.Path(dir_okay=True, path_type=Path), metavar=None, required=True
)
@filter_options("questions")
@click.option("--count", type=click.IntRange(min=1), default=20, show_default=True, help="How many questions.")
@click.option(
    "--seed",
    type=click.IntRange(min=0),
    default=None,
    help="Choose the questions by this number: the same number gives the same sheet [default: a new choice each time].",
)
@click.option("--title", default=None, help="The title at the top [default: the course's name, then ': practice sheet'].")
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True, help="The paper size.")
@force_option("Replace the output file even if massage-quiz did not make it.")
@content_option
def sheet(
    target: Path,
    topics: tuple[str, ...],
    tags: tuple[str, ...],
    count: int,
    seed: int | None,
    title: str | None,
    paper: str,
    force: bool,
    content_dirs: tuple[str, ...],
) -> None:
    """Print a practice or exam sheet (PDF) with its answer key on pages of its own.

    The questions are the drill's: points to mark on blank body maps, codes
    and names to fill in, situations to answer, multiple choice. The answer
    key starts on a new page; the same --seed gives the same sheet again.
    """
    from massage_quiz import sheet as sheets

    request = sheets.Request(
        target, topics, tags, count, seed, title or sheets.default_title(content_dirs), paper, force, content_dirs
    )
    outcome = sheets.make_sheet(request)
    for warning in outcome.warnings:
        output.echo(f"Warning: {warning}", err=True)
    questions, key = sheets.page_ranges(outcome)
    output.echo(f"Wrote {target}: {outcome.questions} question{'s' if outcome.questions != 1 else ''} (seed {outcome.seed}).")
    if outcome.questions < count:
        output.echo(
            f"  Only {outcome.questions} questions could be drawn from the topics and tags given "
            "without one showing another's answer."
        )
    output.echo(
        f"  Questions on page{'s' if '-' in questions else ''} {questions}; answer key on page{'s' if '-' in key else ''} {key}."
    )
