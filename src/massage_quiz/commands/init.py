"""``massage-quiz init DIR``: start an instructor folder."""

from __future__ import annotations

from pathlib import Path

import click

from massage_quiz import output


@click.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def init(folder: Path) -> None:
    """Create an instructor folder with commented examples that pass check.

    Makes FOLDER/cards/ and FOLDER/quizzes/ with example files, and the JSON
    Schemas that let editors complete and check the YAML as you type. Files
    already there are kept.
    """
    from massage_quiz.authoring import scaffold

    shown = str(folder)
    for relative, what in scaffold.create(folder, shown):
        output.echo(f"  {what:<22} {shown.rstrip('/')}/{relative}")
    output.echo(f"Next: edit {shown.rstrip('/')}/quizzes/week-1.yaml, then run: massage-quiz check --content {shown}")
