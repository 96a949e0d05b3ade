"""``massage-quiz build``: write the Anki deck."""

from __future__ import annotations

from pathlib import Path

import click

from massage_quiz import output
from massage_quiz.commands.common import content_option, force_option, output_option


@click.command()
# A folder gets the deck's own one-line refusal (check_place), as sheet and report do.
@output_option(
    "Where to write the deck [default: ./COURSE-ID.apkg for an instructor folder, else ./lumbar-back-massage.apkg].",
    metavar=None,
)
@click.option(
    "--previous",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="The deck handed out last time [default: the output file, if it exists]. "
    "Notes unchanged since then keep their time, so Anki updates only what changed.",
)
@force_option("Replace the output file even if massage-quiz did not make it.")
@content_option
def build(target: Path | None, previous: Path | None, force: bool, content_dirs: tuple[str, ...]) -> None:
    """Build the Anki deck (.apkg) from the bundled content and instructor folders.

    Import the file into Anki; import it again after every update: notes are
    updated in place and review history is kept. Set SOURCE_DATE_EPOCH for a
    byte-for-byte reproducible file.
    """
    from massage_quiz.anki import notes
    from massage_quiz.anki import package as deck
    from massage_quiz.catalogue import coursefile
    from massage_quiz.catalogue.folders import all_folders
    from massage_quiz.course import bundle

    folders = all_folders(content_dirs)
    rendered = notes.load(folders)  # the catalogue is loaded only when the content changed since the last build
    timestamp = deck.build_timestamp()
    info = coursefile.describe(folders, timestamp)
    course = bundle.collect(folders, info, timestamp)
    own = len(folders) > 1
    target = target or Path(f"{info.id}.apkg" if own else deck.DEFAULT_FILENAME)
    summaries = deck.build(rendered, target, timestamp, previous, force, course)
    width = max(len(s.name) for s in summaries)
    output.echo(f"Wrote {target}: the course {info.name!r}, version {info.version} (id {info.id})")
    for s in summaries:
        output.echo(f"  {s.name:<{width}}  {s.notes:>4} notes  {s.cards:>4} cards")
    output.echo(f"  {'Total':<{width}}  {sum(s.notes for s in summaries):>4} notes  {sum(s.cards for s in summaries):>4} cards")
