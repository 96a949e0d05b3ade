"""``massage-quiz add``: write a new question step by step."""

from __future__ import annotations

from pathlib import Path

import click

from massage_quiz import output
from massage_quiz.commands.common import content_option
from massage_quiz.errors import ContentError, MassageQuizError
from massage_quiz.vocabulary import QUESTION_KINDS


def _line(prompt: str) -> str:
    from massage_quiz.session import Terminal

    return Terminal().line(prompt)


def _ask(prompt: str, default: str | None = None) -> str:
    hint = f" [{default}]" if default else ""
    answer = _line(f"{prompt}{hint}: ").strip()
    return answer or (default or "")


def _ask_list(prompt: str, minimum: int) -> list[str]:
    output.echo(f"{prompt} (one a line; an empty line ends the list)")
    items: list[str] = []
    while True:
        item = _line(f"  {len(items) + 1}. ").strip()
        if not item:
            if len(items) >= minimum:
                return items
            output.echo(f"  At least {minimum} needed.", dim=True)
            continue
        items.append(item)


def _ask_type() -> str:
    names = ", ".join(f"{n} {k}" for n, k in enumerate(QUESTION_KINDS, start=1))
    while True:
        answer = _ask(f"Kind of question ({names})", "1").lower()
        if answer.isdigit() and 1 <= int(answer) <= len(QUESTION_KINDS):
            return QUESTION_KINDS[int(answer) - 1]
        if answer in QUESTION_KINDS:
            return answer
        output.echo(f"  Choose one of: {names}.", dim=True)


def _ask_about(catalogue) -> tuple[str, str] | None:
    from massage_quiz.commands.show import resolve

    while True:
        answer = _ask("Which entry is it about? (an id; ? lists them; Enter for none)")
        if not answer:
            return None
        if answer == "?":
            for entry in (*catalogue.techniques, *catalogue.acupoints, *catalogue.contraindications):
                output.echo(f"  {entry.kind}:{entry.id}  {entry.title}")
            continue
        try:
            entry = resolve(catalogue, answer)
        except MassageQuizError as exc:
            output.echo(f"  {exc}", dim=True)
            continue
        if entry.kind == "question":
            output.echo("  A question can be about a technique, acupoint or contraindication.", dim=True)
            continue
        return entry.kind, entry.id


def _gather(catalogue) -> dict[str, object]:
    from massage_quiz.adding import fresh_id
    from massage_quiz.matching import true_false

    kind = _ask_type()
    prompt = ""
    while not prompt:
        prompt = _ask("Question, as the trainee reads it")
    fields: dict[str, object] = {"id": fresh_id(prompt, catalogue), "type": kind, "prompt": prompt}
    if kind == "true-false":
        verdict = None
        while verdict is None:
            verdict = true_false(_ask("Is the statement true? (t/f)"))
        fields["answer"] = verdict
    elif kind == "order":
        fields["answer"] = _ask_list("The steps, in the right order", 2)
    else:
        answer = ""
        while not answer:
            answer = _ask("The right answer")
        fields["answer"] = answer
    if kind == "typed":
        accept = _ask_list("Other answers that also count", 0)
        if accept:
            fields["accept"] = accept
    if kind == "choice":
        fields["distractors"] = _ask_list("Wrong options to show beside the answer", 1)
    explanation = _ask("Explanation, shown after answering (recommended)")
    if explanation:
        fields["explanation"] = explanation
    tags = _ask("Tags, separated by spaces (optional)").replace(",", " ").split()
    about = _ask_about(catalogue)
    if about:
        fields[about[0]] = about[1]
    if tags:
        fields["tags"] = tags
    source = _ask("Source of the facts (recommended)")
    if source:
        fields["source"] = source
    return fields


def _preview(fields: dict[str, object], catalogue) -> None:
    """Show the question as trainees will see it in the drill."""
    from massage_quiz import facets, session
    from massage_quiz.model import Question

    values = {k: tuple(v) if isinstance(v, list) else v for k, v in fields.items()}
    item = facets.question_item(Question(**values), catalogue)  # type: ignore[arg-type]
    output.echo()
    output.echo("Trainees will see:", bold=True)
    for line in session.as_asked(item):
        output.echo("  " + line)
    output.echo(f"  Answer: {item.answer}")
    output.echo()


@click.command()
@click.option("--file", "quiz_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The quiz file to add to [default: asked; FOLDER/quizzes/questions.yaml].")
@content_option
def add(quiz_file: Path | None, content_dirs: tuple[str, ...]) -> None:
    """Write a new question step by step and add it to a quiz file.

    Asks for the kind, question, answer, options, explanation, tags, the entry
    it is about and its source; shows it as trainees will see it; then appends
    it, with a fresh id, to a quiz file in your folder (given with --content or
    MASSAGE_QUIZ_CONTENT). The file's existing text and comments are kept. Piped
    input works: one answer a line.
    """
    from massage_quiz import adding, atomic, content
    from massage_quiz.catalogue import load

    folders = content.all_folders(content_dirs)
    mine = [f for f in folders if not f.bundled]
    if not mine:
        raise click.UsageError("name your folder with --content DIR (make one with: massage-quiz init DIR)")
    catalogue = load(content_dirs)
    try:
        fields = _gather(catalogue)
        _preview(fields, catalogue)
        if _ask("Add this question? (y/n)", "y").lower() not in ("y", "yes"):
            output.echo("Nothing was written.")
            return
        if quiz_file is None:
            quiz_file = Path(_ask("Add it to which quiz file?", f"{mine[-1].shown.rstrip('/')}/quizzes/questions.yaml"))
    except (EOFError, KeyboardInterrupt):
        output.echo()
        raise MassageQuizError("stopped; nothing was written") from None
    target = quiz_file.resolve()
    folder = next((f for f in mine if target.is_relative_to(f.path / "quizzes")), None)
    if folder is None:
        raise click.UsageError(f"{quiz_file} is not in the quizzes/ folder of {', '.join(f.shown for f in mine)}")
    original = target.read_text(encoding="utf-8") if target.exists() else None
    try:
        text = adding.appended(original, fields)
    except ValueError as exc:
        raise MassageQuizError(f"{quiz_file}: {exc}") from None
    atomic.write_text(target, text)
    try:
        updated = load(content_dirs)
    except ContentError:
        # Never leave a file that check would refuse: put the old text back.
        if original is None:
            target.unlink()
        else:
            atomic.write_text(target, original)
        raise
    count = len(updated.questions)
    output.echo(f"Added question {fields['id']!r} to {quiz_file}. massage-quiz check passes ({count} questions).")
