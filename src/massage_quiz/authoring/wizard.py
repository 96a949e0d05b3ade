"""The ``add`` wizard: ask for a question step by step, show it as trainees will see it, append it."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from massage_quiz import atomicfile, filelock, output
from massage_quiz.authoring.append import appended, fresh_id
from massage_quiz.catalogue.catalogue import Catalogue, resolve
from massage_quiz.catalogue.folders import Folder, all_folders
from massage_quiz.catalogue.kinds import CARD_KINDS, QUESTION_TYPES, TAG_PATTERN, EntryKind, QuestionType
from massage_quiz.catalogue.loader import load
from massage_quiz.catalogue.records import Question
from massage_quiz.drill.grading import true_false
from massage_quiz.errors import ContentError, MassageQuizError, UsageProblem


def _line(prompt: str) -> str:
    from massage_quiz.drill.terminal import Terminal

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
    names = ", ".join(f"{n} {k}" for n, k in enumerate(QUESTION_TYPES, start=1))
    while True:
        answer = _ask(f"Kind of question ({names})", "1").lower()
        if answer.isdigit() and 1 <= int(answer) <= len(QUESTION_TYPES):
            return QUESTION_TYPES[int(answer) - 1]
        if answer in QUESTION_TYPES:
            return answer
        output.echo(f"  Choose one of: {names}.", dim=True)


def _ask_about(catalogue: Catalogue) -> tuple[str, str] | None:
    while True:
        answer = _ask("Which entry is it about? (an id; ? lists them; Enter for none)")
        if not answer:
            return None
        if answer == "?":
            for entry in (e for kind in CARD_KINDS for e in catalogue.of(kind)):
                output.echo(f"  {entry.kind}:{entry.id}  {entry.title}")
            continue
        try:
            entry = resolve(catalogue, answer)
        except MassageQuizError as exc:
            output.echo(f"  {exc}", dim=True)
            continue
        if entry.kind == EntryKind.QUESTION:
            output.echo("  A question can be about a technique, acupoint or contraindication.", dim=True)
            continue
        return entry.kind, entry.id


def _ask_tags() -> list[str]:
    """Tags, asked again until each is one check accepts (so nothing typed is thrown away at the end)."""
    while True:
        tags = _ask("Tags, separated by spaces (optional)").replace(",", " ").split()
        wrong = [tag for tag in tags if not TAG_PATTERN.fullmatch(tag)]
        if not wrong:
            return tags
        output.echo(f"  {', '.join(map(repr, wrong))}: a tag is lowercase letters, digits and hyphens, e.g. week-3.", dim=True)


def _gather(catalogue: Catalogue) -> dict[str, object]:
    kind = _ask_type()
    prompt = ""
    while not prompt:
        prompt = _ask("Question, as the trainee reads it")
    fields: dict[str, object] = {"id": fresh_id(prompt, catalogue), "type": kind, "prompt": prompt}
    if kind == QuestionType.TRUE_FALSE:
        verdict = None
        while verdict is None:
            verdict = true_false(_ask("Is the statement true? (t/f)"))
        fields["answer"] = verdict
    elif kind == QuestionType.ORDER:
        fields["answer"] = _ask_list("The steps, in the right order", 2)
    else:
        answer = ""
        while not answer:
            answer = _ask("The right answer")
        fields["answer"] = answer
    if kind == QuestionType.TYPED:
        accept = _ask_list("Other answers that also count", 0)
        if accept:
            fields["accept"] = accept
    if kind == QuestionType.CHOICE:
        fields["distractors"] = _ask_list("Wrong options to show beside the answer", 1)
    explanation = _ask("Explanation, shown after answering (recommended)")
    if explanation:
        fields["explanation"] = explanation
    tags = _ask_tags()
    about = _ask_about(catalogue)
    if about:
        fields[about[0]] = about[1]
    if tags:
        fields["tags"] = tags
    source = _ask("Source of the facts (recommended)")
    if source:
        fields["source"] = source
    return fields


def _preview(fields: dict[str, object], catalogue: Catalogue) -> None:
    """Show the question as trainees will see it in the drill."""
    from massage_quiz.drill import asking
    from massage_quiz.items.compile import entry_items

    values = {k: tuple(v) if isinstance(v, list) else v for k, v in fields.items()}
    # The values were checked one by one as they were asked; check validates the file again before it is kept.
    (item,) = entry_items(Question(**values), catalogue)  # type: ignore[arg-type]  # values: dict[str, object]
    output.echo()
    output.echo("Trainees will see:", bold=True)
    for line in asking.as_asked(item):
        output.echo("  " + line)
    output.echo(f"  Answer: {item.answer}")
    output.echo()


def run(quiz_file: Path | None, content_dirs: tuple[str, ...]) -> None:
    """Ask for a new question step by step, preview it, and append it to a quiz file that check accepts."""
    folders = all_folders(content_dirs)
    mine = [f for f in folders if not f.bundled]
    if not mine:
        raise UsageProblem("name your folder with --content DIR (make one with: massage-quiz init DIR)")
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
    target = _quiz_file(quiz_file, mine)
    with quiz_file_lock(target.parent):
        original = QuizText.read(target)
        try:
            text = appended(original.text if original else None, fields)
        except ValueError as exc:
            raise MassageQuizError(f"{quiz_file}: {exc}") from None
        written = (original or QuizText("")).with_text(text)
        atomicfile.write_bytes(target, written)
        try:
            updated = load(content_dirs)
        except ContentError:
            # Never leave a file that check would refuse: put back what was there (under
            # the lock, no other add has written since).
            if original is None:
                target.unlink()
            else:
                atomicfile.write_bytes(target, original.raw)
            raise
    count = len(updated.of("question"))
    output.echo(f"Added question {fields['id']!r} to {quiz_file}. massage-quiz check passes ({count} questions).")


def _quiz_file(quiz_file: Path, mine: list[Folder]) -> Path:
    """Where the question goes: a bare name is a file in the last instructor folder's quizzes/; check must load it."""
    if quiz_file.parent == Path(".") and not quiz_file.exists():
        quiz_file = mine[-1].path / "quizzes" / quiz_file
    target = quiz_file.resolve()
    folder = next((f for f in mine if target.is_relative_to(f.path / "quizzes")), None)
    if folder is None:
        raise UsageProblem(f"{quiz_file} is not in the quizzes/ folder of {', '.join(f.shown for f in mine)}")
    hidden = any(part.startswith(".") for part in target.relative_to(folder.path / "quizzes").parts)
    if target.suffix not in (".yaml", ".yml") or hidden:
        raise UsageProblem(
            f"{quiz_file}: check reads only files ending in .yaml that are not hidden; choose a name like week-3.yaml"
        )
    if target.exists() and not target.is_file():
        raise UsageProblem(f"{quiz_file} is not a regular file; choose a name like week-3.yaml")
    return target


class QuizText:
    """A quiz file's text as add works on it (\\n line ends), and how to write it back as it was (BOM, CRLF)."""

    def __init__(self, text: str, bom: bool = False, crlf: bool = False, raw: bytes = b"") -> None:
        self.text, self.bom, self.crlf, self.raw = text, bom, crlf, raw

    @classmethod
    def read(cls, path: Path) -> QuizText | None:
        """The file's text, or None when there is no file yet."""
        if not path.exists():
            return None
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise MassageQuizError(f"{path} is not UTF-8 text; nothing was written") from None
        return cls(text.replace("\r\n", "\n"), raw.startswith(b"\xef\xbb\xbf"), b"\r\n" in raw, raw)

    def with_text(self, text: str) -> bytes:
        """``text`` encoded with this file's BOM and line endings."""
        body = text.replace("\n", "\r\n") if self.crlf else text
        return (b"\xef\xbb\xbf" if self.bom else b"") + body.encode("utf-8")


@contextlib.contextmanager
def quiz_file_lock(folder: Path) -> Iterator[None]:
    """Hold a lock on a quizzes/ folder, so two adds at once never write over each other."""
    lock = folder / ".massage-quiz-add.lock"  # hidden: check never reads it
    folder.mkdir(parents=True, exist_ok=True)
    with filelock.held(lock):
        yield
