"""``massage-quiz show ID``: one entry as the drill asks it and as its Anki cards read."""

from __future__ import annotations

from pathlib import Path

import click

from massage_quiz import output
from massage_quiz.commands.common import content_option, force_option, output_option


@click.command()
@click.argument("entry_id", metavar="ID")
@output_option(
    "Write the entry's picture (an acupoint's map, a technique's strokes) to FILE.svg (--picture is the same option).",
    "--picture",
    dest="picture",
    type_=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE.svg",
)
@force_option("With -o: replace the file even if massage-quiz did not draw it.")
@content_option
def show(entry_id: str, picture: Path | None, force: bool, content_dirs: tuple[str, ...]) -> None:
    """Show an entry or question as the drill asks it and as its Anki cards read.

    ID is an id from massage-quiz list (add kind: when two kinds share it,
    e.g. acupoint:shenshu).
    """
    from massage_quiz.anki.preview import card_texts
    from massage_quiz.catalogue.catalogue import resolve
    from massage_quiz.catalogue.loader import load
    from massage_quiz.drill.asking import as_asked
    from massage_quiz.facets.pictures import write_picture
    from massage_quiz.items.compile import entry_items

    catalogue = load(content_dirs)
    entry = resolve(catalogue, entry_id)
    if picture is not None:
        write_picture(entry, picture, force)
        output.echo(f"Wrote the picture of {entry.kind} {entry.id!r} to {picture}")
        return
    output.echo(f"{entry.kind} {entry.id}: {entry.title}   ({entry.origin.path}:{entry.origin.line})", bold=True)
    for item in entry_items(entry, catalogue):
        output.echo()
        output.echo(f"── In the drill ({item.id}) ──", dim=True)
        for line in as_asked(item):
            output.echo(line)
        output.echo(f"Answer: {item.answer}")
    for name, front, back in card_texts(entry, catalogue):
        output.echo()
        output.echo(f"── Anki card “{name}”: front ──", dim=True)
        output.echo(front)
        output.echo("── back ──", dim=True)
        output.echo(back)
