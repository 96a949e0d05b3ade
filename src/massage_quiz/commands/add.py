"""``massage-quiz add``: write a new question step by step."""

from __future__ import annotations

from pathlib import Path

import click

from massage_quiz.commands.common import content_option


@click.command()
@click.option(
    "--file",
    "quiz_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The quiz file to add to [default: asked; FOLDER/quizzes/questions.yaml].",
)
@content_option
def add(quiz_file: Path | None, content_dirs: tuple[str, ...]) -> None:
    """Write a new question step by step and add it to a quiz file.

    Asks for the kind, question, answer, options, explanation, tags, the entry
    it is about and its source; shows it as trainees will see it; then appends
    it, with a fresh id, to a quiz file in your folder (given with --content or
    MASSAGE_QUIZ_CONTENT). The file's existing text and comments are kept. Piped
    input works: one answer a line.
    """
    from massage_quiz.authoring import wizard

    wizard.run(quiz_file, content_dirs)
