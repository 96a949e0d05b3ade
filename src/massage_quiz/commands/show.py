"""``massage-quiz show ID``: one entry as the drill asks it and as its Anki cards read."""

from __future__ import annotations

import click

from massage_quiz import output
from massage_quiz.commands.common import content_option
from massage_quiz.errors import MassageQuizError


def resolve(catalogue, wanted: str):
    """Find an entry by ``kind:id``, by item id (``acupoint/shenshu/code``), or by a unique id."""
    text = wanted.strip()
    if "/" in text:
        kind, entry_id = text.split("/")[:2]
    elif ":" in text:
        kind, entry_id = text.split(":", 1)
    else:
        matches = [e for e in catalogue.entries() if e.id == text]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            kinds = ", ".join(f"{e.kind}:{e.id}" for e in matches)
            raise MassageQuizError(f"{text!r} is the id of more than one entry; say which: {kinds}")
        from massage_quiz.schema import did_you_mean

        ids = [e.id for e in catalogue.entries()]
        raise MassageQuizError(f"no entry has the id {text!r}{did_you_mean(text, ids)}; massage-quiz list shows them all")
    entry = catalogue.get(kind, entry_id)
    if entry is None:
        raise MassageQuizError(f"no {kind} has the id {entry_id!r}; massage-quiz list shows them all")
    return entry


def _write_picture(entry, target: str) -> None:
    from pathlib import Path

    from massage_quiz import bodymap

    if getattr(entry, "map", None) is not None:
        svg = bodymap.acupoint_svg(entry.code, entry.pinyin, entry.map)
    elif getattr(entry, "path", None) is not None:
        svg = bodymap.technique_svg(entry.name, entry.path)
    else:
        raise MassageQuizError(f"{entry.kind} {entry.id!r} has no map or path to draw")
    Path(target).write_text(svg, encoding="utf-8")
    output.echo(f"Wrote the picture of {entry.kind} {entry.id!r} to {target}")


@click.command()
@click.argument("entry_id", metavar="ID")
@click.option("--picture", type=click.Path(dir_okay=False), default=None, metavar="FILE.svg",
              help="Write the entry's picture (an acupoint's map, a technique's strokes) to FILE.svg.")
@content_option
def show(entry_id: str, picture: str | None, content_dirs: tuple[str, ...]) -> None:
    """Show an entry or question as the drill asks it and as its Anki cards read.

    ID is an id from massage-quiz list (add kind: when two kinds share it,
    e.g. acupoint:shenshu).
    """
    from massage_quiz import cardtext, facets, notefields, notetypes, session
    from massage_quiz.catalogue import load

    catalogue = load(content_dirs)
    entry = resolve(catalogue, entry_id)
    if picture is not None:
        _write_picture(entry, picture)
        return
    output.echo(f"{entry.kind} {entry.id}: {entry.title}   ({entry.origin.path}:{entry.origin.line})", bold=True)
    for item in facets.items(catalogue):
        if item.entry != (entry.kind, entry.id):
            continue
        output.echo()
        output.echo(f"── In the drill ({item.id}) ──", dim=True)
        for line in session.as_asked(item):
            output.echo(line)
        output.echo(f"Answer: {item.answer}")
    note_type = notetypes.NOTE_TYPES[entry.kind]
    values = notefields.fields(entry, catalogue)
    for template in note_type.templates:
        front, back = cardtext.card_text(note_type, template, values)
        if not front:
            continue  # Anki makes no card when the front is empty
        output.echo()
        output.echo(f"── Anki card “{template.name}”: front ──", dim=True)
        output.echo(front)
        output.echo("── back ──", dim=True)
        output.echo(back)
