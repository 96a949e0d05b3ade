"""Printable practice and exam sheets: the drill's questions on paper, with an answer key on pages of its own.

``questions`` chooses and numbers what is asked; ``pdf`` lays it out with
fpdf2 (imported only here, so the drill and ``--help`` never load it);
``fonts`` finds the fonts on this computer. Writing goes through the one
atomic writer, and never over a file massage-quiz did not make.
"""

from __future__ import annotations

import datetime
import os
import random
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from massage_quiz import atomicfile, ownedfile
from massage_quiz.catalogue.loader import load_folders
from massage_quiz.drill.load import sparing_damaged_courses, study_folders
from massage_quiz.errors import MassageQuizError

if TYPE_CHECKING:
    from massage_quiz.sheet.pdf import Layout

DEFAULT_COUNT = 20
DEFAULT_TITLE = "Lumbar and back massage: practice sheet"


def default_title(content_dirs: tuple[str, ...], environ: Mapping[str, str] | None = None) -> str:
    """The course's name (from the instructor folder's course.yaml, else the folder's name), then ': practice sheet'."""
    from massage_quiz.catalogue.coursefile import describe
    from massage_quiz.catalogue.folders import all_folders

    return f"{describe(all_folders(content_dirs, environ), 0).name}: practice sheet"


class Request(NamedTuple):
    """What the instructor asked for."""

    target: Path
    topics: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    questions: int = DEFAULT_COUNT  # how many
    seed: int | None = None
    title: str = DEFAULT_TITLE
    paper: str = "a4"
    force: bool = False
    content_dirs: tuple[str, ...] = ()


class Outcome(NamedTuple):
    """What was written, for the command to report."""

    questions: int
    pages: int
    key_page: int
    seed: int
    warning: str | None  # said once, when the fonts could not show everything


def make_sheet(request: Request, environ: Mapping[str, str] | None = None) -> Outcome:
    """Choose the questions, lay them out, and write the PDF at the request's target."""
    from massage_quiz.drill.compile import items
    from massage_quiz.sheet import fonts, pdf, questions

    check_target(request.target, request.force)
    # What the drill studies, installed courses included, so a trainee can print their course too.
    catalogue = sparing_damaged_courses(load_folders, study_folders(request.content_dirs, environ))
    seed = request.seed if request.seed is not None else random.SystemRandom().randrange(1, 100_000)
    chosen = questions.choose(items(catalogue), catalogue, request.topics, request.tags, request.questions, seed)
    tasks = questions.tasks(chosen, catalogue, seed)
    found = fonts.find_fonts()
    heading = pdf.Heading(request.title, _subtitle(request, len(tasks), seed))
    made = pdf.layout(tasks, heading, request.paper, found, created_at(os.environ if environ is None else environ))
    try:
        atomicfile.write_bytes(request.target, made.data)
    except OSError as exc:
        raise MassageQuizError(f"cannot write {request.target}: {exc.strerror or exc}") from None
    return Outcome(len(tasks), made.pages, made.key_page, seed, _font_warning(made))


def _subtitle(request: Request, count: int, seed: int) -> str:
    """Which questions these are, and how to print the same sheet again."""
    topics = ", ".join(request.topics) or "all topics"
    tags = f"; tags {', '.join(request.tags)}" if request.tags else ""
    return f"{count} questions · {topics}{tags} · massage-quiz sheet --seed {seed}"


def _font_warning(made: Layout) -> str | None:
    """What the sheet had to leave out for want of a font, said once; None when nothing was."""
    if made.chinese:
        return None
    lost = "Chinese characters" if made.unicode else "Chinese characters and pinyin tone marks"
    return (
        f"no font with Chinese characters was found on this computer, so the sheet leaves out its {lost}. "
        "Install one (Noto Sans CJK, or WenQuanYi Micro Hei: fonts-wqy-microhei on Debian and Ubuntu) to print them."
    )


def created_at(environ: Mapping[str, str]) -> datetime.datetime:
    """The time the PDF says it was made: SOURCE_DATE_EPOCH when set (for a byte-for-byte repeatable file), else now."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC)
        except (ValueError, OverflowError, OSError):
            raise MassageQuizError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not {epoch!r}") from None
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0)


def check_target(path: Path, force: bool) -> None:
    """Refuse a place the sheet cannot go: a folder, a missing folder, or a file massage-quiz did not make (unless forced)."""
    ownedfile.check(path, made_by_us, "a sheet massage-quiz made", "practice-sheet.pdf", force, option="-o")


def made_by_us(path: Path) -> bool:
    """Whether ``path`` is a regular file holding a PDF that massage-quiz made (its metadata names the maker)."""
    from massage_quiz.sheet.pdf import CREATOR

    try:
        data = path.read_bytes() if path.is_file() else b""
    except OSError:
        return False
    return data.startswith(b"%PDF") and f"/Creator ({CREATOR})".encode() in data


def page_ranges(outcome: Outcome) -> Sequence[str]:
    """The pages of the questions and of the key, as an instructor tells a printer."""
    questions = f"1-{outcome.key_page - 1}" if outcome.key_page > 2 else "1"
    key = f"{outcome.key_page}-{outcome.pages}" if outcome.pages > outcome.key_page else str(outcome.key_page)
    return questions, key
