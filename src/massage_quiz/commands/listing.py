"""``massage-quiz list``: every entry and question, with its id."""

from __future__ import annotations

import click

from massage_quiz import output
from massage_quiz.commands.common import content_option, filter_options


@click.command(name="list")
@filter_options("entries")
@click.option("--json", "json_", is_flag=True, help="Print as JSON: a list of {topic, kind, id, title, tags, path, line, items}.")
@content_option
def list_(topics: tuple[str, ...], tags: tuple[str, ...], json_: bool, content_dirs: tuple[str, ...]) -> None:
    """List every entry and question with its id (to refer to it, or to show it)."""
    from massage_quiz.catalogue.loader import load
    from massage_quiz.facets import index

    rows = index.rows(load(content_dirs), topics, tags)
    if json_:
        output.print_json(rows)
        return
    width = max((len(r["id"]) for r in rows), default=2)
    current = None
    for row in rows:
        if row["topic"] != current:
            current = row["topic"]
            output.echo(f"{current.capitalize()}:", bold=True)
        title = row["title"] if len(row["title"]) <= 60 else row["title"][:59] + "…"
        tagged = f"  [{', '.join(row['tags'])}]" if row["tags"] else ""
        output.echo(f"  {row['id']:<{width}}  {title}{tagged}")
