"""``massage-quiz report``: where the class is weak, from the trainees' progress summaries."""

from __future__ import annotations

from pathlib import Path

import click

from massage_quiz import output
from massage_quiz.commands.common import content_option, force_option, json_option, output_option


@click.command()
# Texts, not Path objects: a class of 1,000 files would hold 1,000 of them (about 0.4 MB) to the end.
@click.argument("files", nargs=-1, required=True, type=click.Path(), metavar="FILES...")
@click.option(
    "--top", type=click.IntRange(min=1), default=10, show_default=True, help="How many of the weakest questions to show."
)
@json_option("Print the whole report as JSON (keys in docs/instructors.md).")
@output_option(
    "Also write the report as one self-contained web page, with bar charts, to open or print (--html is the same option).",
    "--html",
    dest="html_file",
    metavar="FILE.html",
)
@force_option("With -o: replace the file even if it is not a report massage-quiz wrote.")
@content_option
def report(
    files: tuple[str, ...], top: int, json_: bool, html_file: Path | None, force: bool, content_dirs: tuple[str, ...]
) -> None:
    """Show the class's weakest questions and topics, from trainees' stats --export files.

    Each trainee runs massage-quiz stats --export FILE and hands in the file;
    give them all here. Questions are shown as the drill asks them, from the
    bundled content and your --content folders.
    """
    import itertools

    from massage_quiz.report import build, ranking, table

    class_report, warnings = build.from_files(files, content_dirs)
    for warning in warnings:
        output.echo(warning, err=True)
    if html_file is not None:
        from massage_quiz.report import html

        html.write(class_report, html_file, top, force)
    if json_:
        # Through output, as the table: a name from a hand-edited file must not drive the terminal.
        output.print_json(ranking.as_json(class_report))
    else:
        # A thousand lines a write: few writes for a class of 1,000, and never its whole table held at once.
        lines = table.lines(class_report, top)
        while chunk := list(itertools.islice(lines, 1000)):
            output.echo("\n".join(chunk))
    if html_file is not None:
        output.echo(f"Wrote {html_file}", err=json_)
