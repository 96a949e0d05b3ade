"""Printable practice and exam sheets: the drill's questions on paper, with an answer key on pages of its own.

``questions`` chooses and numbers what is asked; ``pdf`` lays it out with
fpdf2 (imported only here, so the drill and ``--help`` never load it): on
the ``document`` with its fonts, the ``pages`` planned, ``draw`` drawing;
``fonts`` finds the fonts on this computer. Writing goes through the one
atomic writer, and never over a file massage-quiz did not make.
"""

from __future__ import annotations

import datetime
import os
import random
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from massage_quiz import atomicfile, output, ownedfile
from massage_quiz.errors import MassageQuizError
from massage_quiz.items.load import sparing_damaged_courses, study_folders
from massage_quiz.sheet import fonts

if TYPE_CHECKING:
    from massage_quiz.catalogue.catalogue import Catalogue
    from massage_quiz.catalogue.folders import Folder
    from massage_quiz.items.item import Item
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
    warnings: tuple[str, ...]  # each said once: what the fonts could not show, and how it was printed instead


def make_sheet(request: Request, environ: Mapping[str, str] | None = None) -> Outcome:
    """Choose the questions, lay them out, and write the PDF at the request's target."""
    from massage_quiz.items.compile import items
    from massage_quiz.items.load import load_items
    from massage_quiz.sheet import draw, pdf, questions

    check_target(request.target, request.force)
    # What the drill studies, installed courses included, so a trainee can print their course too (a damaged
    # installed course is named and left out); from the drill's own cache when the content is unchanged, so
    # that no YAML is read again.
    catalogue, key = sparing_damaged_courses(_cached, study_folders(request.content_dirs, environ))
    asked = load_items(request.content_dirs) if environ is None else items(catalogue)
    seed = request.seed if request.seed is not None else random.SystemRandom().randrange(1, 100_000)
    chosen = questions.choose(asked, catalogue, request.topics, request.tags, request.questions, seed)
    tasks = questions.tasks(chosen, catalogue, seed)
    found = fonts.trimmed(fonts.find_fonts(), key, lambda: _content_texts(asked, catalogue))
    heading = draw.Heading(clean_title(request.title), clean_title(_subtitle(request, len(tasks), seed)))
    try:
        made = pdf.layout(tasks, heading, request.paper, found, created_at(os.environ if environ is None else environ))
    except pdf.Unprintable as exc:
        raise MassageQuizError(_unprintable(exc.chars, found)) from None
    try:
        atomicfile.write_bytes(request.target, made.data)
    except OSError as exc:
        raise MassageQuizError(f"cannot write {request.target}: {exc.strerror or exc}") from None
    return Outcome(len(tasks), made.pages, made.key_page, seed, _font_warnings(made))


def _content_texts(asked: Sequence[Item], catalogue: Catalogue) -> Iterator[str]:
    """Every text of the content a sheet may print: the items' questions and answers, and what the key adds to them."""
    from massage_quiz.sheet.questions import SECTIONS

    for item in asked:
        yield item.prompt
        yield item.answer
        yield from item.accept
        yield from item.options
    for entry in catalogue.entries():
        yield str(getattr(entry, "condition", ""))
    for title, instruction in SECTIONS.values():
        yield title + instruction


def clean_title(title: str) -> str:
    """The title without control characters (an ESC or BEL in --title must not reach a terminal), on one line."""
    return " ".join(output.clean(title.replace("\t", " ")).split())


def _name(char: str) -> str:
    """A character as a reader can find it: itself, its code point and its Unicode name."""
    import unicodedata

    return f"{output.clean(char) or '?'} (U+{ord(char):04X} {unicodedata.name(char, 'unnamed character')})"


def _unprintable(chars: set[str], found: fonts.Fonts) -> str:
    """The one-line refusal when no font on this computer has a character of the sheet."""
    which = ", ".join(dict.fromkeys(f.path.name for f in found if f is not None)) or "none"
    listed = ", ".join(_name(c) for c in sorted(chars)[:5]) + (f" and {len(chars) - 5} more" if len(chars) > 5 else "")
    return (
        f"no font on this computer can print {listed}, so no sheet was written (fonts found: {which}). "
        "Install a font that has it, such as DejaVu Sans (fonts-dejavu-core on Debian and Ubuntu)."
    )


def _subtitle(request: Request, count: int, seed: int) -> str:
    """Which questions these are, and how to print the same sheet again."""
    topics = ", ".join(request.topics) or "all topics"
    tags = f"; tags {', '.join(request.tags)}" if request.tags else ""
    return f"{count} questions · {topics}{tags} · massage-quiz sheet --seed {seed}"


def _font_warnings(made: Layout) -> tuple[str, ...]:
    """What the sheet had to leave out or spell plainly for want of a font, and what fpdf2 said, each once."""
    said: list[str] = []
    if not made.unicode:
        said.append(
            "no Unicode font with Latin letters was found on this computer, so the sheet is printed in the PDF's own "
            "Helvetica and leaves out its Chinese characters and pinyin tone marks. Install one (DejaVu Sans: "
            "fonts-dejavu-core, and WenQuanYi Micro Hei: fonts-wqy-microhei on Debian and Ubuntu) to print them."
        )
    elif not made.chinese:
        said.append(
            "no font with Chinese characters was found on this computer, so the sheet leaves out its Chinese characters. "
            "Install one (Noto Sans CJK, or WenQuanYi Micro Hei: fonts-wqy-microhei on Debian and Ubuntu) to print them."
        )
    if made.plain:
        spelled = ", ".join(f"{_name(c)} as {fonts.PLAIN[c]!r}" for c in made.plain)
        said.append(f"no font on this computer has every character of the sheet, so it prints {spelled}.")
    said += [f"the PDF library said: {line}" for line in made.said]
    return tuple(said)


def created_at(environ: Mapping[str, str]) -> datetime.datetime:
    """The time the PDF says it was made: SOURCE_DATE_EPOCH when set (for a byte-for-byte repeatable file), else now."""
    from massage_quiz.sourcedate import source_date_epoch

    seconds = source_date_epoch(environ)
    if seconds is None:
        return datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    return datetime.datetime.fromtimestamp(seconds, datetime.UTC)


def _cached(folders: list[Folder]) -> tuple[Catalogue, str]:
    """The folders' catalogue, from the cache when their content is unchanged, and the key it is kept under."""
    from massage_quiz.catalogue.folders import content_key
    from massage_quiz.catalogue.loader import load_cached

    key = content_key(folders)
    return load_cached(folders, key), key


def check_target(path: Path, force: bool) -> None:
    """Refuse a place the sheet cannot go: a folder, a missing folder, or a file massage-quiz did not make (unless forced)."""
    ownedfile.check(path, made_by_us, "a sheet massage-quiz made", "practice-sheet.pdf", force, option="-o")


def made_by_us(path: Path) -> bool:
    """Whether ``path`` is a regular file holding a PDF that massage-quiz made (its metadata names the maker)."""
    from massage_quiz.sheet.document import CREATOR

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
