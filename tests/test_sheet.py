"""``massage-quiz sheet``: a printable sheet whose answer key, on pages of its own, matches its questions.

The PDF is read back as a printer and a reader see it: rendered to PNG with
poppler's pdftoppm, its words and their places on the page read with
pdftotext -bbox. Without poppler-utils the tests that read the PDF are
skipped, unless MASSAGE_QUIZ_REQUIRE_BROWSER=1 (set by .ci/run), which
makes a missing poppler fail the run.

No test depends on this computer's fonts: every test runs with a font set
of its own (a fontconfig configuration naming a folder of Debian's font
files, and no other place to look), by default DejaVu Sans and WenQuanYi
Micro Hei. MASSAGE_QUIZ_SHEET_FONTS chooses another set for the whole file
(``droid``: Droid Sans Fallback alone, which has no Latin letters; ``noto``:
Noto Sans, which has no arrow), and MASSAGE_QUIZ_FONT_ROOTS adds folders to
find the files in besides /usr/share/fonts (os.pathsep between them).
"""

from __future__ import annotations

import functools
import html
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import NamedTuple

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from massage_quiz import sheet as sheets
from massage_quiz.catalogue.loader import load
from massage_quiz.catalogue.records import Contraindication
from massage_quiz.cli import main
from massage_quiz.facets.table import TABLE
from massage_quiz.items.compile import items as compile_items
from massage_quiz.items.item import Item
from massage_quiz.normalize import normalize_text
from massage_quiz.sheet import fonts
from massage_quiz.sheet.document import Sheet
from massage_quiz.sheet.questions import CHOICES, LETTERS, MAPS, SECTIONS, Task, choose, tasks

POPPLER = shutil.which("pdftoppm") is not None and shutil.which("pdftotext") is not None
REQUIRED = os.environ.get("MASSAGE_QUIZ_REQUIRE_BROWSER") == "1"
needs_poppler = pytest.mark.skipif(
    not POPPLER and not REQUIRED, reason="poppler-utils (pdftoppm, pdftotext) is not installed (apt-get install poppler-utils)"
)
MM = 72 / 25.4  # PDF points per millimetre

# Debian's font files, by package: fonts-dejavu-core, fonts-noto-core, fonts-droid-fallback, fonts-wqy-microhei.
FONT_FILES = {
    "dejavu": ("truetype/dejavu/DejaVuSans.ttf", "truetype/dejavu/DejaVuSans-Bold.ttf"),
    "noto": ("truetype/noto/NotoSans-Regular.ttf", "truetype/noto/NotoSans-Bold.ttf"),
    "droid": ("truetype/droid/DroidSansFallbackFull.ttf",),
    "wqy": ("truetype/wqy/wqy-microhei.ttc",),
}
FONT_ROOTS = [Path("/usr/share/fonts"), *(Path(p) for p in os.environ.get("MASSAGE_QUIZ_FONT_ROOTS", "").split(os.pathsep) if p)]
FONT_SET = os.environ.get("MASSAGE_QUIZ_SHEET_FONTS", "dejavu+wqy")


def pin_fonts(folder: Path, names: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Let the sheet find these fonts and no other: fontconfig reads a folder of them only, the usual places are emptied."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in names.split("+"):
        for relative in FONT_FILES[name]:
            found = next((root / relative for root in FONT_ROOTS if (root / relative).is_file()), None)
            if found is None:
                message = f"{relative} is not installed (the Debian package of {name!r}; see the module's docstring)"
                if REQUIRED:
                    pytest.fail(message, pytrace=False)
                pytest.skip(message)
            (folder / found.name).unlink(missing_ok=True)
            (folder / found.name).symlink_to(found)
    config = folder / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>'
        f"<dir>{folder}</dir><cachedir>{folder / 'cache'}</cachedir>"
        '<include ignore_missing="yes">/etc/fonts/conf.d</include></fontconfig>\n'
    )
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))
    monkeypatch.setattr(fonts, "TEXT_PLACES", ())
    monkeypatch.setattr(fonts, "CHINESE_PLACES", ())


@pytest.fixture(autouse=True)
def pinned_fonts(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test of this file prints with the font set MASSAGE_QUIZ_SHEET_FONTS names, never with this computer's."""
    pin_fonts(tmp_path_factory.mktemp("fonts"), FONT_SET, monkeypatch)
    return FONT_SET


def has_latin(names: str) -> bool:
    """Whether a font set has a Unicode font with Latin letters (Droid Sans Fallback has none)."""
    return any(n in names.split("+") for n in ("dejavu", "noto", "wqy"))


def without_font_warning(err: str) -> str:
    """What the sheet said but the warnings the tests' font set owes (Droid Sans Fallback alone: printed in Helvetica)."""
    owed = [
        *(["no Unicode font with Latin letters"] if not has_latin(FONT_SET) else []),
        *(["no font with Chinese characters"] if has_latin(FONT_SET) and "wqy" not in FONT_SET.split("+") else []),
        *(["prints → (U+2192 RIGHTWARDS ARROW) as '->'"] if has_latin(FONT_SET) and not has_arrow(FONT_SET) else []),
    ]
    return "".join(line for line in err.splitlines(keepends=True) if not any(words in line for words in owed))


def has_arrow(names: str) -> bool:
    """Whether a font set has a font with the arrow between an order's steps (Noto Sans and Droid have none)."""
    return any(n in names.split("+") for n in ("dejavu", "wqy"))


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["sheet", *args], env=env)
    return result.exit_code, result.stdout, result.stderr


# ----------------------------------------------------------------------------- reading a PDF back


class Word(NamedTuple):
    page: int
    x: float
    y: float
    text: str


def words(pdf: Path) -> tuple[list[Word], float]:
    """Every word of the PDF with its page and place (in points), and the page width."""
    if not POPPLER:
        pytest.fail("MASSAGE_QUIZ_REQUIRE_BROWSER=1 but poppler-utils (pdftotext) is not installed", pytrace=False)
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    found, page, width = [], 0, 0.0
    for line in out.splitlines():
        if match := re.search(r'<page width="([\d.]+)"', line):
            page += 1
            width = float(match.group(1))
        elif match := re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">(.*)</word>', line):
            found.append(Word(page, float(match.group(1)), float(match.group(2)), html.unescape(match.group(3))))
    return found, width


def page_text(all_words: list[Word], page: int) -> str:
    return " ".join(w.text for w in all_words if w.page == page)


def numbered_chunks(all_words: list[Word], pages: range, width: float) -> dict[int, str]:
    """The text after each question number ("7."), read line by line, up to the next number below it.

    A number stands at the left of its column (the sheet's margin, or the second map column);
    a number level with another in the other column has only its own column's words.
    """
    margin = 16 * MM
    second = margin + ((width - 2 * margin) - 6 * MM) / 2 + 6 * MM
    chunks: dict[int, str] = {}
    for page in pages:
        on_page = [w for w in all_words if w.page == page]
        numbers = [
            w for w in on_page if re.fullmatch(r"\d+\.", w.text) and any(-1 <= w.x - start < 6 * MM for start in (margin, second))
        ]
        for number in numbers:
            beside = [n for n in numbers if n is not number and abs(n.y - number.y) < 2]
            left, right = 0.0, width
            if beside:
                left, right = (0.0, second - 1) if number.x < second - 6 * MM else (second - 1, width)
            below = [n.y for n in numbers if n.y > number.y + 2]
            bottom = min(below) - 2 if below else 1e9
            chunk = [w for w in on_page if number.y - 2 <= w.y < bottom and left <= w.x < right and w is not number]
            lines: list[list[Word]] = []
            for w in sorted(chunk, key=lambda w: w.y):
                if lines and abs(lines[-1][0].y - w.y) < 3:
                    lines[-1].append(w)
                else:
                    lines.append([w])
            chunks[int(number.text[:-1])] = " ".join(" ".join(w.text for w in sorted(line, key=lambda w: w.x)) for line in lines)
    return chunks


def squeezed(text: str) -> str:
    """Text without any white space, so wrapping and word splitting do not matter."""
    return re.sub(r"\s+", "", text)


def printed(text: str, names: str = "") -> str:
    """What the sheet prints of a text with a font set (by default the one the tests run with)."""
    names = names or FONT_SET
    if not has_latin(names):
        return fonts.latin1(text)
    if not has_arrow(names):
        text = text.replace("→", "->")
    return text if "wqy" in names.split("+") else fonts.without_hanzi(text)


def right_answer(task: Task) -> str:
    """The facet's own right answer, from the facet table (not from the sheet's code)."""
    catalogue = load()
    kind, entry_id = task.item.entry
    entry = catalogue.get(kind, entry_id)
    assert entry is not None
    name = task.item.id.split("/")[2] if task.item.id.count("/") == 2 else ""
    (facet,) = [f for f in TABLE[kind].facets if f.name == name]
    return facet.solution(entry)


# ----------------------------------------------------------------------------- the sheet as printed


@needs_poppler
@pytest.mark.parametrize(
    ("options", "questions"),
    [
        (["--seed", "3"], 20),
        (["--topic", "acupoints", "--seed", "11", "--count", "9"], 9),
        (["--topic", "contraindications", "--topic", "questions", "--seed", "5", "--count", "30", "--paper", "letter"], 30),
    ],
    ids=["all-topics", "acupoints", "two-topics-letter"],
)
def test_the_key_starts_on_a_new_page_and_matches_every_question(tmp_path: Path, options: list[str], questions: int) -> None:
    target = tmp_path / "week-3.pdf"
    code, out, err = run("-o", str(target), *options)
    assert code == 0, out + err
    match = re.fullmatch(
        rf"Wrote {re.escape(str(target))}: {questions} questions \(seed \d+\)\.\n"
        r"  Questions on pages 1-(\d+); answer key on pages? (\d+)(?:-(\d+))?\.\n",
        out,
    )
    assert match, out
    last_question_page, key_page = int(match.group(1)), int(match.group(2))
    pages = int(match.group(3) or key_page)
    assert key_page == last_question_page + 1
    assert without_font_warning(err) == ""

    # As a printer sees it: one image per page, each with something printed on it.
    # Rendered as on the reader's computer: poppler draws the PDF's own Helvetica in a font of its fontconfig.
    reader = {k: v for k, v in os.environ.items() if k != "FONTCONFIG_FILE"}
    subprocess.run(["pdftoppm", "-r", "20", "-png", str(target), str(tmp_path / "page")], check=True, env=reader)
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == pages
    width_points = 612 if "letter" in options else 595
    from PIL import Image

    for image in images:
        with Image.open(image) as png:
            assert abs(png.width - width_points * 20 / 72) <= 1
            assert png.convert("L").getextrema()[0] < 200  # not blank (thin Helvetica at 20 dpi is grey)

    all_words, width = words(target)
    assert page_text(all_words, key_page).startswith("Answer key:")
    assert all("Answer key" not in page_text(all_words, p) for p in range(1, key_page))
    seed = int(re.search(r"seed (\d+)", out).group(1))  # type: ignore[union-attr]  # matched above
    topics = tuple(options[i + 1] for i, o in enumerate(options) if o == "--topic")
    catalogue = load()
    chosen = tasks(choose(compile_items(catalogue), catalogue, topics, (), questions, seed), catalogue, seed)
    sheet = numbered_chunks(all_words, range(1, key_page), width)
    key = numbered_chunks(all_words, range(key_page, pages + 1), width)
    assert sorted(sheet) == sorted(key) == list(range(1, questions + 1))
    for task in chosen:
        asked, answered = squeezed(sheet[task.number]), squeezed(key[task.number])
        # The question is the card's front, numbered the same on the sheet and in the key.
        assert squeezed(printed(task.prompt.split("\n")[0])) in asked, (task.number, asked)
        right = right_answer(task)
        assert squeezed(printed(right)) in answered, (task.number, right, answered)
        if task.section == CHOICES and task.item.form == "choice":
            letter = LETTERS[task.options.index(right)]
            assert answered.startswith(squeezed(f"{letter}. {printed(right)}"))
            assert squeezed(f"{letter} {printed(right)}") in asked
        if task.item.form == "order":
            letters = answered.split(":")[0]
            steps = right.split(" → ")
            assert [squeezed(printed(task.options[LETTERS.index(letter)])) for letter in letters] == [
                squeezed(printed(s)) for s in steps
            ]
        if task.section == MAPS:
            code = task.item.figure[1]  # type: ignore[index]  # a map item has its figure
            # The sheet prints the point's name and code on one line, "Shènshū 肾俞 (BL23)": nothing else names it.
            assert asked.startswith(squeezed(printed(task.prompt.split("\n")[0])) + f"({code})")
            assert code not in asked[len(squeezed(printed(task.prompt.split("\n")[0]))) + len(code) + 2 :], (
                "the map marks no point"
            )
            assert code in answered, "the key's map marks the point"


@needs_poppler
def test_the_same_seed_gives_the_same_sheet(tmp_path: Path) -> None:
    env = {"SOURCE_DATE_EPOCH": "1767225600"}
    made = []
    for name, seed in (("a", "42"), ("b", "42"), ("c", "43")):
        code, out, err = run("-o", str(tmp_path / f"{name}.pdf"), "--seed", seed, env=env)
        assert code == 0, out + err
        made.append((tmp_path / f"{name}.pdf").read_bytes())
    assert made[0] == made[1]
    assert made[0] != made[2]
    # Without SOURCE_DATE_EPOCH only the time the file was made differs: every page reads the same.
    code, _, _ = run("-o", str(tmp_path / "d.pdf"), "--seed", "42")
    assert code == 0
    texts = [
        subprocess.run(["pdftotext", str(tmp_path / f"{n}.pdf"), "-"], capture_output=True, text=True, check=True).stdout
        for n in "adc"
    ]
    assert texts[0] == texts[1] != texts[2]


@needs_poppler
@pytest.mark.parametrize(
    ("found", "warning", "kept", "lost"),
    [
        (fonts.Fonts(None, None, None), "Chinese characters and pinyin tone marks", "Shenshu", "肾俞"),
        (None, "Chinese characters.", "Shènshū", "肾俞"),  # the text fonts of this computer, no Chinese one
        ("unreadable", "Chinese characters and pinyin tone marks", "Shenshu", "肾俞"),  # files fpdf2 cannot parse
    ],
    ids=["no-unicode-font", "no-chinese-font", "unreadable-font-files"],
)
def test_without_a_chinese_font_the_sheet_leaves_hanzi_out_with_one_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, found: fonts.Fonts | str | None, warning: str, kept: str, lost: str
) -> None:
    if found == "unreadable":
        (tmp_path / "broken.ttf").write_bytes(b"not a font")
        (tmp_path / "broken.ttc").write_bytes(b"ttcf" + bytes(64))
        broken = fonts.FontFile(tmp_path / "broken.ttf")
        found = fonts.Fonts(broken, broken, fonts.FontFile(tmp_path / "broken.ttc"))
    if found is None:
        pin_fonts(tmp_path / "fonts", "dejavu", monkeypatch)
        found = fonts.find_fonts()
    monkeypatch.setattr(fonts, "find_fonts", lambda: found)
    target = tmp_path / "plain.pdf"
    code, out, err = run("-o", str(target), "--topic", "acupoints", "--count", "30", "--seed", "1")
    assert code == 0, out + err
    assert err.count("Warning:") == 1
    assert warning in err
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
    assert kept in text
    assert lost not in text
    assert not re.search(r"[\u4e00-\u9fff]", text)
    assert "()" not in text


# ----------------------------------------------------------------------------- what is refused


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["--topic", "massage"],
            2,
            "Invalid value for '--topic': 'massage' is not one of 'techniques', 'acupoints', 'contraindications', 'questions'.",
        ),
        (["--count", "0"], 2, "Invalid value for '--count': 0 is not in the range x>=1."),
        (["--count", "many"], 2, "Invalid value for '--count': 'many' is not a valid integer range."),
        (["--seed", "-1"], 2, "Invalid value for '--seed': -1 is not in the range x>=0."),
        (["--paper", "a3"], 2, "Invalid value for '--paper': 'a3' is not one of 'a4', 'letter'."),
        (["--tag", "no-such-tag"], 2, "Error: no questions match the --topic and --tag given. Topics: acupoints, "),
    ],
    ids=["unknown-topic", "count-0", "count-not-a-number", "negative-seed", "unknown-paper", "unknown-tag"],
)
def test_bad_options_are_refused_with_one_clear_line(tmp_path: Path, args: list[str], code: int, message: str) -> None:
    target = tmp_path / "out.pdf"
    exit_code, out, err = run("-o", str(target), *args)
    assert exit_code == code
    assert message in err
    assert "Traceback" not in out + err
    assert not target.exists()


def test_the_output_option_is_required() -> None:
    code, _, err = run("--seed", "1")
    assert code == 2
    assert "Missing option '-o' / '--output'." in err


@pytest.mark.parametrize(
    ("place", "message"),
    [
        ("folder", "{folder} is a folder: give a file name, such as {folder}/practice-sheet.pdf"),
        ("missing/week-3.pdf", "the folder {folder}/missing does not exist: create it first, or choose another place with -o"),
        ("notes.txt/week-3.pdf", "{folder}/notes.txt is a file, not a folder: choose another place with -o"),
        (
            "notes.txt",
            "{folder}/notes.txt exists and is not a sheet massage-quiz made, so it was left as it is: "
            "choose another name with -o, or replace it with --force",
        ),
    ],
    ids=["a-folder", "a-missing-folder", "under-a-file", "someone-elses-file"],
)
def test_unusable_places_are_refused_and_left_as_they_were(tmp_path: Path, place: str, message: str) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "notes.txt").write_text("my notes")
    target = tmp_path / place if place != "folder" else tmp_path / "folder"
    code, out, err = run("-o", str(target), "--seed", "1")
    folder = tmp_path / "folder" if place == "folder" else tmp_path
    assert (code, out, err) == (1, "", f"Error: {message.format(folder=folder)}\n")
    assert (tmp_path / "notes.txt").read_text() == "my notes"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder", "notes.txt"]


def test_an_unwritable_folder_gives_a_message_and_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    def refused(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")  # as in a folder the user may not write to (root may write anywhere)

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    target = tmp_path / "week-3.pdf"
    assert run("-o", str(target), "--seed", "1") == (1, "", f"Error: cannot write {target}: Permission denied\n")
    assert list(tmp_path.iterdir()) == []


def test_a_sheet_replaces_its_own_file_but_another_only_with_force(tmp_path: Path) -> None:
    target = tmp_path / "week-3.pdf"
    assert run("-o", str(target), "--seed", "1", "--count", "3")[0] == 0
    first = target.read_bytes()
    assert run("-o", str(target), "--seed", "2", "--count", "3")[0] == 0  # massage-quiz made it: replaced
    assert target.read_bytes() != first
    target.write_bytes(b"%PDF-1.4 someone else's sheet")
    assert run("-o", str(target), "--seed", "1", "--count", "3")[0] == 1
    assert target.read_bytes() == b"%PDF-1.4 someone else's sheet"
    code, out, _ = run("-o", str(target), "--seed", "1", "--count", "3", "--force")
    assert code == 0
    assert out.startswith(f"Wrote {target}: 3 questions (seed 1).\n")
    assert sheets.made_by_us(target)


def test_asking_for_more_questions_than_there_are_says_so(tmp_path: Path) -> None:
    code, out, err = run("-o", str(tmp_path / "t.pdf"), "--topic", "techniques", "--count", "500", "--seed", "1")
    assert code == 0, err
    total = sum(1 for i in compile_items(load()) if i.topic == "techniques")
    assert (
        f": {total} questions (seed 1).\n  Only {total} questions could be drawn from the topics and tags given without one showing another's answer.\n"
        in out
    )


def test_source_date_epoch_must_be_a_number(tmp_path: Path) -> None:
    code, _, err = run("-o", str(tmp_path / "t.pdf"), "--seed", "1", env={"SOURCE_DATE_EPOCH": "yesterday"})
    assert (code, err) == (1, "Error: SOURCE_DATE_EPOCH must be a whole number of seconds, not 'yesterday'\n")


# ----------------------------------------------------------------------------- choosing the questions


@functools.cache
def read(item_id: str) -> tuple[str, tuple[str, ...]]:
    """An item's prompt as whole words, and its answers (what a situation's key adds too), normalised."""
    (item,) = [i for i in COMPILED if i.id == item_id]
    entry = CATALOGUE.get(*item.entry)
    texts = [] if item.form == "true-false" else [item.answer, *item.accept]
    if item.id.endswith("/signs") and isinstance(entry, Contraindication):
        texts.append(entry.condition)
    return f" {normalize_text(item.prompt)} ", tuple(f" {normalize_text(t)} " for t in texts if len(normalize_text(t)) >= 3)


def shows(prompt: Item, answer: Item) -> bool:
    """Whether one item's prompt, read on the sheet, shows the other's answer as whole words."""
    return any(a in read(prompt.id)[0] for a in read(answer.id)[1])


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(min_value=0, max_value=2**32),
    count=st.integers(min_value=1, max_value=200),
    topics=st.lists(st.sampled_from(["techniques", "acupoints", "contraindications", "questions"]), max_size=2),
)
def test_a_sheet_asks_each_fact_once_new_entries_first_and_none_gives_another_away(
    seed: int, count: int, topics: list[str]
) -> None:
    pool = [i for i in COMPILED if not topics or i.topic in topics]
    chosen = choose(COMPILED, CATALOGUE, topics, (), count, seed)
    assert 0 < len(chosen) <= count
    assert len({i.id for i in chosen}) == len(chosen)
    assert chosen == choose(COMPILED, CATALOGUE, topics, (), count, seed)
    for a in chosen:
        assert not any(shows(a, b) for b in chosen if b is not a), a.id
    # One fact of each entry first: with no more questions than entries, no entry is asked twice.
    entries = [i.entry for i in chosen]
    if count <= 5:
        assert len(set(entries)) == len(entries)
    if len(chosen) < count:  # nothing left out that could have been asked
        for item in pool:
            assert item in chosen or any(shows(item, c) or shows(c, item) for c in chosen), item.id
    numbered = tasks(chosen, CATALOGUE, seed)
    assert [t.number for t in numbered] == list(range(1, len(chosen) + 1))


CATALOGUE = load()
COMPILED = compile_items(CATALOGUE)


# ----------------------------------------------------------------------------- finding fonts


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("Shènshū 肾俞", "Shènshū"),
        ("Pushing (推法, tuī fǎ)", "Pushing (tuī fǎ)"),
        ("《中医辞海》中册 (Zhongyi Cihai, vol. 2)", "(Zhongyi Cihai, vol. 2)"),
        ("Mìngmén (命门)", "Mìngmén"),
        ("肾俞", ""),
        ("Shènshū (also right: 肾俞, Kidney Shu)", "Shènshū (also right: Kidney Shu)"),
        ("Shènshū (also right: Kidney Shu, 肾俞)", "Shènshū (also right: Kidney Shu)"),
        ("Mìngmén (also right: 命门)", "Mìngmén"),
        ("A, 命门, B", "A, B"),
        ("No hanzi at all.", "No hanzi at all."),
    ],
)
def test_text_without_hanzi_is_tidy(text: str, plain: str) -> None:
    assert fonts.without_hanzi(text) == plain


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("Shènshū 肾俞", "Shenshu"),
        ("L2 → L5 • 1.5–3 B-cun", "L2 -> L5 - 1.5-3 B-cun"),
        ("38.5 °C · Müller", "38.5 °C · Muller"),
        ("Yāoyǎn 腰眼 (EX-B7) ≈ 3.5 ✓", "Yaoyan (EX-B7) ~ 3.5 ?"),
    ],
)
def test_text_for_the_pdfs_own_helvetica_keeps_latin_1(text: str, plain: str) -> None:
    assert fonts.latin1(text) == plain


def test_fontconfig_lines_name_a_readable_font_file(tmp_path: Path) -> None:
    ttc = tmp_path / "wqy.ttc"
    ttc.write_bytes(b"")
    pcf = tmp_path / "fixed.pcf.gz"
    pcf.write_bytes(b"")
    assert fonts._font_file(f"{ttc}|1") == fonts.FontFile(ttc, 1)
    assert fonts._font_file(f"{ttc}|") == fonts.FontFile(ttc, 0)
    assert fonts._font_file(f"{pcf}|0") is None  # a bitmap font fpdf2 cannot read
    assert fonts._font_file(f"{tmp_path}/gone.ttf|0") is None
    assert fonts._font_file("") is None


def test_fonts_are_found_where_the_systems_keep_them_when_fontconfig_is_absent(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    regular, bold, chinese = tmp_path / "arial.ttf", tmp_path / "arialbd.ttf", tmp_path / "msyh.ttc"
    for path in (regular, bold, chinese):
        path.write_bytes(b"")
    monkeypatch.setattr(fonts.shutil, "which", lambda name: None)
    monkeypatch.setattr(fonts, "CHINESE_PLACES", (tmp_path / "missing.ttc", chinese))
    monkeypatch.setattr(fonts, "TEXT_PLACES", ((tmp_path / "missing.ttf", tmp_path / "x.ttf"), (regular, bold)))
    assert fonts.find_fonts() == fonts.Fonts(fonts.FontFile(regular), fonts.FontFile(bold), fonts.FontFile(chinese))
    monkeypatch.setattr(fonts, "CHINESE_PLACES", ())
    monkeypatch.setattr(fonts, "TEXT_PLACES", ())
    assert fonts.find_fonts() == fonts.Fonts(None, None, None)


# ----------------------------------------------------------------------------- what the guide shows


def test_the_guide_shows_the_real_command_its_output_and_its_screenshots(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sheet_screenshots import GUIDE_COMMAND

    guide = (Path(__file__).resolve().parent.parent / "docs" / "instructors.md").read_text(encoding="utf-8")
    section = guide.split("## 12. Print a practice or exam sheet", 1)[1]
    command, shown = re.search(r"```sh\n(.+)\n```\n\n```console\n(.+?)```", section, re.S).groups()  # type: ignore[union-attr]  # the guide has them
    assert command == "massage-quiz " + " ".join(GUIDE_COMMAND)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, GUIDE_COMMAND)
    assert (result.exit_code, result.stdout) == (0, shown)
    for picture in re.findall(r"\]\((screenshots/sheet-[^)]+\.png)\)", guide):
        assert (Path(__file__).resolve().parent.parent / "docs" / picture).is_file()
    assert len(re.findall(r"\]\((screenshots/sheet-[^)]+\.png)\)", guide)) == 3


@needs_poppler
def test_a_chinese_font_alone_prints_everything(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pin_fonts(tmp_path / "fonts", "wqy", monkeypatch)
    chinese = fonts.find_fonts().chinese
    assert chinese is not None
    monkeypatch.setattr(fonts, "find_fonts", lambda: fonts.Fonts(None, None, chinese))
    target = tmp_path / "cjk.pdf"
    code, _, err = run("-o", str(target), "--topic", "acupoints", "--count", "30", "--seed", "1")
    assert (code, err) == (0, "")
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
    assert "Shènshū" in text
    assert "肾俞" in text


@needs_poppler
def test_a_long_title_wraps_at_the_top_and_is_shortened_at_the_foot(tmp_path: Path) -> None:
    title = "Week 3 written test for the evening class of the spring term: lumbar and back massage, acupoints and cautions"
    target = tmp_path / "long.pdf"
    assert run("-o", str(target), "--seed", "4", "--count", "3", "--title", title)[0] == 0
    out = subprocess.run(
        ["pdftotext", "-layout", "-f", "1", "-l", "1", str(target), "-"], capture_output=True, text=True, check=True
    )
    lines = [line.strip() for line in out.stdout.splitlines() if line.strip()]
    assert squeezed(" ".join(lines[:3])).startswith(squeezed(title))  # the whole title, over two lines
    assert lines[-1] == printed("Week 3 written test for the evening class of the spring term: lumbar… · questions · page 1")
    all_words, width = words(target)
    assert all(w.x < width - 16 * MM for w in all_words)  # nothing starts in the right margin


@pytest.mark.parametrize("region", ["lower-back", "buttock", "knee", "ankle"])
def test_a_maps_labels_print_without_a_question_mark_for_a_missing_glyph(region: str) -> None:
    from massage_quiz.bodymap.svg import blank_svg

    svg = blank_svg(region)
    labels = "".join(re.findall(r">([^<>]+)</text>", svg))
    assert labels, "the map has labels"
    assert "?" not in fonts.latin1(labels), labels  # e.g. "≈ L4" on the crest line prints as "~ L4"


@needs_poppler
def test_the_title_is_the_courses_name_unless_given(make_folder, tmp_path: Path) -> None:
    folder = make_folder({"course.yaml": 'id: spring-term\nname: "Spring term"\nversion: 1\n'})
    code, _, _ = run("-o", str(tmp_path / "a.pdf"), "--count", "2", "--seed", "1", "--content", folder)
    assert code == 0
    assert page_text(words(tmp_path / "a.pdf")[0], 1).startswith("Spring term: practice sheet")
    code, _, _ = run("-o", str(tmp_path / "b.pdf"), "--count", "2", "--seed", "1")
    assert code == 0
    assert page_text(words(tmp_path / "b.pdf")[0], 1).startswith("Lumbar and back massage: practice sheet")


# ----------------------------------------------------------------------------- never a character lost


def sheet_text(target: Path) -> str:
    return subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout


@needs_poppler
@pytest.mark.parametrize(
    ("names", "warned"),
    [
        ("dejavu+wqy", []),
        ("droid", ["printed in the PDF's own Helvetica and leaves out its Chinese characters and pinyin tone marks"]),
        ("noto", ["no font with Chinese characters", "prints → (U+2192 RIGHTWARDS ARROW) as '->'"]),
        ("noto+dejavu", ["no font with Chinese characters"]),
        ("noto+wqy", []),
    ],
    ids=["dejavu-and-wqy", "droid-alone-no-latin", "noto-alone-no-arrow", "noto-arrow-from-dejavu", "noto-arrow-from-wqy"],
)
def test_every_character_is_printed_or_said_whatever_the_fonts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, names: str, warned: list[str]
) -> None:
    pin_fonts(tmp_path / "fonts", names, monkeypatch)
    target = tmp_path / "orders.pdf"
    code, out, err = run("-o", str(target), "--topic", "questions", "--count", "60", "--seed", "2")
    assert code == 0, out + err
    said = [line for line in err.splitlines() if line]
    assert len(said) == len(warned), err
    for line, words in zip(said, warned, strict=True):
        assert line.startswith("Warning: ") and words in line, line
    assert "missing the following glyphs" not in err
    seed_tasks = tasks(choose(COMPILED, CATALOGUE, ("questions",), (), 60, 2), CATALOGUE, 2)
    assert any(t.item.form == "order" for t in seed_tasks), "the sheet has an order question, with its arrows"
    text = squeezed(sheet_text(target))
    for task in seed_tasks:
        for part in (task.prompt, task.key, *task.options):
            assert squeezed(printed(part, names)) in text, (names, part)
    if has_arrow(names):
        assert "→" in text


@pytest.mark.parametrize(
    ("names", "char", "name"),
    [("dejavu+wqy", "\U0001f9ea", "TEST TUBE"), ("droid", "\u2713", "CHECK MARK"), ("noto", "\ue000", "unnamed character")],
    ids=["no-font-has-it", "helvetica-lacks-it", "private-use"],
)
def test_a_character_no_font_has_is_refused_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, names: str, char: str, name: str
) -> None:
    pin_fonts(tmp_path / "fonts", names, monkeypatch)
    assert not any(ord(char) in fonts.characters(f) for f in fonts.find_fonts() if f is not None)
    target = tmp_path / "week-3.pdf"
    code, out, err = run("-o", str(target), "--seed", "1", "--count", "3", "--title", f"Week 3 {char}")
    assert code == 1
    assert out == ""
    assert err.startswith(f"Error: no font on this computer can print {char} (U+{ord(char):04X} {name}), so no sheet was written")
    assert err.count("\n") == 1
    assert not target.exists()


@needs_poppler
def test_control_characters_of_a_title_and_fpdf2s_own_warnings_never_reach_the_terminal_raw(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import logging
    import warnings

    from fpdf import FPDF

    real_output = FPDF.output

    def noisy(self: FPDF, *args: object, **kwargs: object) -> object:
        logging.getLogger("fpdf.output").warning("font \x1b[2Jis odd\x07")
        warnings.warn("a \x1b]0;title\x07 warning", UserWarning, stacklevel=1)
        return real_output(self, *args, **kwargs)  # type: ignore[call-overload]  # passed on as given

    monkeypatch.setattr(FPDF, "output", noisy)
    real_add = FPDF.add_font

    def reading(self: FPDF, *args: object, **kwargs: object) -> None:
        logging.getLogger("fpdf.fonts").warning("reading a font \x1b[31mwith no .notdef")  # said when a font is read
        real_add(self, *args, **kwargs)  # type: ignore[arg-type]  # passed on as given

    monkeypatch.setattr(FPDF, "add_font", reading)
    target = tmp_path / "week-3.pdf"
    code, out, err = run("-o", str(target), "--seed", "1", "--count", "3", "--title", "Week\x1b[2J 3\x07\tbeta\nline")
    assert code == 0, out + err
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f]", out + err)
    said = (
        "Warning: the PDF library said: reading a font [31mwith no .notdef\n"
        "Warning: the PDF library said: font [2Jis odd\nWarning: the PDF library said: a ]0;title warning\n"
    )
    assert without_font_warning(err) == said
    assert sheet_text(target).startswith("Week[2J 3 beta line\n")


# ----------------------------------------------------------------------------- the work a sheet does


def test_a_second_sheet_reads_no_yaml_and_no_whole_font(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_folder) -> None:
    """With the content unchanged, the sheet reads the drill's cache and the cut-down fonts: no YAML, no whole font file."""
    from fontTools import subset
    from fpdf import FPDF

    from massage_quiz.catalogue import yamlreader

    folder = make_folder({"course.yaml": 'id: spring-term\nname: "Spring term"\nversion: 1\n'})
    parsed: list[str] = []
    fonts_read: list[Path] = []
    cut: list[str] = []
    for module, name, log, arg in (
        (yamlreader, "read_file", parsed, 1),
        (yamlreader, "parse_bytes", parsed, 1),
        (subset, "load_font", cut, 0),
    ):
        real = getattr(module, name)

        def counted(*args: object, _real: object = real, _log: list[object] = log, _arg: int = arg, **kwargs: object) -> object:
            _log.append(args[_arg])
            return _real(*args, **kwargs)  # type: ignore[operator]  # the function it stands in for

        monkeypatch.setattr(module, name, counted)
    real_add = FPDF.add_font

    def add_font(self: FPDF, family: str, style: str = "", fname: object = None, **kwargs: object) -> None:
        fonts_read.append(Path(str(fname)))
        real_add(self, family, style, fname, **kwargs)  # type: ignore[arg-type]  # passed on as given

    monkeypatch.setattr(FPDF, "add_font", add_font)
    for attempt in ("cold", "warm"):
        parsed.clear(), fonts_read.clear(), cut.clear()
        code, out, err = run("-o", str(tmp_path / f"{attempt}.pdf"), "--seed", "5", "--count", "10", "--content", folder)
        assert code == 0, out + err
        if attempt == "cold":
            assert len(parsed) > 5  # the bundled cards and quizzes
            assert cut
    # Only the course's name is read (for the title, and to know which installed course it is), as the drill does.
    assert [p for p in parsed if not str(p).endswith("course.yaml")] == []
    assert cut == []
    cache = Path(os.environ["MASSAGE_QUIZ_CACHE"]) / "fonts"
    assert fonts_read and all(f.parent == cache for f in fonts_read), fonts_read
    # Cut down to the content's characters: a few kilobytes each, where the Chinese font's file holds megabytes.
    assert all(f.stat().st_size < 200_000 for f in fonts_read)


def latin_tasks(count: int) -> list[Task]:
    """Questions whose every text is in Latin letters (pinyin's tone marks included): no hanzi, no arrow, no symbol."""
    every = tasks(COMPILED, CATALOGUE, 3)
    latin = [t for t in every if all(ord(c) < 0x250 for part in (t.prompt, t.key, *t.options) for c in part)]
    assert len(latin) >= count
    return latin[:count]


def test_an_all_latin_sheet_reads_its_text_fonts_only_and_wraps_each_text_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Counts the work of drawing: the fonts read, the glyph names invented, the texts wrapped (fpdf2's slowest step)."""
    import datetime

    from fontTools.ttLib import TTFont
    from fpdf import FPDF

    from massage_quiz.sheet import pdf
    from massage_quiz.sheet.draw import Heading

    read: list[Path] = []
    invented: list[object] = []
    wrapped: list[tuple[object, ...]] = []
    inside: list[str] = []
    real_add, real_wrap, real_invent = FPDF.add_font, FPDF.multi_cell, TTFont._getGlyphNamesFromCmap

    def add_font(self: FPDF, family: str, style: str = "", fname: object = None, **kwargs: object) -> None:
        read.append(Path(str(fname)))
        real_add(self, family, style, fname, **kwargs)  # type: ignore[arg-type]  # passed on as given

    def multi_cell(self: FPDF, w: float, h: float, text: str, **kwargs: object) -> object:
        if not inside:  # a dry run calls multi_cell again, with writing turned off: one wrapping all the same
            wrapped.append((w, h, text, self.font_style, self.font_size_pt))
        inside.append(text)
        try:
            return real_wrap(self, w, h, text, **kwargs)  # type: ignore[arg-type]  # passed on as given
        finally:
            inside.pop()

    def invent(self: TTFont) -> None:
        invented.append(self)
        real_invent(self)

    found = fonts.find_fonts()
    cut = fonts.trimmed(found, "latin", lambda: [t for task in latin_tasks(12) for t in (task.prompt, task.key, *task.options)])
    monkeypatch.setattr(FPDF, "add_font", add_font)
    monkeypatch.setattr(FPDF, "multi_cell", multi_cell)
    monkeypatch.setattr(TTFont, "_getGlyphNamesFromCmap", invent)
    made = pdf.layout(latin_tasks(12), Heading("Week 3", "12 questions"), "a4", cut, datetime.datetime(2026, 1, 1))
    assert made.pages >= 2 and made.plain == ()
    if has_latin(FONT_SET):
        # The text font's two faces and nothing else: the Chinese font is read only for a sheet with hanzi.
        assert read == [cut.regular.path, cut.bold.path], read  # type: ignore[union-attr]  # found with the font set
    else:  # Droid Sans Fallback alone: tried as the text font, twice (as the text font found and as the Chinese one)
        assert len(read) <= 2 and made.unicode is False
    # The cut-down fonts keep their glyph names: reading them never has fontTools make names up.
    assert invented == []
    # Each text is wrapped once at most, for measuring and drawing alike (it was wrapped twice); the subtitle is printed
    # twice, under the title and under the key's.
    assert [w[2] for w in wrapped if wrapped.count(w) > 1] == ["12 questions"] * 2
    assert len(wrapped) > 12


def test_choosing_looks_up_the_facets_of_the_items_with_a_map_and_of_those_chosen_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Counts facet lookups: a 10,000-entry folder has 15,000 items, and a sheet asks 10 of them."""
    from massage_quiz.sheet import questions

    looked: list[str] = []
    real = questions.facet_of

    def facet_of(item_id: str) -> object:
        looked.append(item_id)
        return real(item_id)

    monkeypatch.setattr(questions, "facet_of", facet_of)
    chosen = choose(COMPILED, CATALOGUE, (), (), 10, 5)
    figured = sum(1 for item in COMPILED if item.figure is not None)
    assert len(chosen) == 10 and figured < len(COMPILED) / 3
    assert len(looked) <= figured + 2 * len(chosen), (len(looked), figured, len(COMPILED))


def test_a_text_taken_as_one_line_is_the_one_line_fpdf2_wraps_it_into() -> None:
    """The one-line shortcut (no wrapping by fpdf2) agrees with fpdf2, up to the longest text that fits each width."""
    pdf = Sheet("a4", "t", fonts.find_fonts())
    try:
        one_line_agrees(pdf)
    finally:
        pdf.discard()  # fpdf2 keeps the font files open until the PDF is written


def one_line_agrees(pdf: Sheet) -> None:
    """Every text of the content, and its longest beginning taken as one line, is the one line fpdf2 makes of it."""
    from fpdf.enums import MethodReturnValue

    from massage_quiz.sheet import draw

    pdf.add_page()
    every = tasks(COMPILED, CATALOGUE, 3)
    texts = {t for task in every for t in (task.prompt, draw._map_prompt(task.prompt), task.key, *task.options)}
    texts |= {part for section in SECTIONS.values() for part in section}
    column = (pdf.epw - draw.GAP) / 2
    taken = 0
    for size, bold, width in ((11, False, pdf.epw - 9), (11, False, pdf.epw - 21), (11, False, column - 9), (13, True, pdf.epw)):
        pdf.style_text(size, bold)
        for text in sorted(texts):
            words = pdf.printable(text).split(" ")
            # The whole text, and its longest beginning that is taken as one line: the nearest to the edge.
            fits = [" ".join(words[:n]) for n in range(1, len(words) + 1) if draw._one_line(pdf, width, " ".join(words[:n]))]
            for line in {fits[-1], pdf.printable(text)} if fits else ():
                if draw._one_line(pdf, width, line):
                    taken += 1
                    wrapped = pdf.multi_cell(width, 5, line, dry_run=True, output=MethodReturnValue.LINES, align="L")
                    assert wrapped == [line], (width, line)
    assert taken > 200 or not pdf.unicode  # in the PDF's own Helvetica every text is wrapped by fpdf2


def test_fontconfig_is_asked_its_three_questions_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The three fontconfig processes run side by side: all are started before the first is waited for."""
    events: list[str] = []
    real = subprocess.Popen

    class Watched(real):  # type: ignore[misc,valid-type]  # the real Popen, watched
        def __init__(self, args: list[str], **kwargs: object) -> None:
            events.append("start " + Path(args[0]).name)
            super().__init__(args, **kwargs)

        def communicate(self, *args: object, **kwargs: object) -> tuple[str, str]:
            events.append("wait")
            return super().communicate(*args, **kwargs)  # type: ignore[no-any-return]  # as the real one returns

    monkeypatch.setattr(fonts.subprocess, "Popen", Watched)
    found = fonts.find_fonts()
    if shutil.which("fc-match") is None:
        assert events == []
        return
    assert events == ["start fc-list", "start fc-match", "start fc-match", "wait", "wait", "wait"]
    assert found.regular is not None


# ----------------------------------------------------------------------------- what a photocopy keeps

HELVETICA_HEIGHT = 0.925  # pdftotext's word height per point of Helvetica's size (ascender to descender); DejaVu's is larger


@needs_poppler
def test_every_word_of_the_maps_and_the_key_prints_at_7_points_or_more(tmp_path: Path) -> None:
    target = tmp_path / "maps.pdf"
    code, out, err = run("-o", str(target), "--topic", "acupoints", "--count", "40", "--seed", "9")
    assert code == 0, out + err
    out = subprocess.run(["pdftotext", "-bbox", str(target), "-"], capture_output=True, text=True, check=True).stdout
    sized = [
        (html.unescape(m.group(3)), float(m.group(2)) - float(m.group(1)))
        for m in re.finditer(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</word>', out)
    ]
    labels = {w for w, _ in sized}
    # The maps' own labels are among them, on the questions' maps and the key's (a code by its marked point).
    assert {"posterior", "midline", "sacrum", "B-cun", "iliac", "L1", "L5", "calcaneal", "GB30"} <= labels
    small = sorted({(w, round(h / HELVETICA_HEIGHT, 1)) for w, h in sized if h < 7 * HELVETICA_HEIGHT})
    assert small == [], small


def test_where_the_sheet_says_tick_one_box_exactly_one_box_is_right() -> None:
    every = tasks(COMPILED, CATALOGUE, 7)
    choices = [t for t in every if t.section == CHOICES and t.item.form == "choice"]
    assert any(t.item.id == "contraindication/pregnancy/rule" for t in choices)
    for task in choices:
        right = {normalize_text(a) for a in (task.item.answer, *task.item.accept)}
        ticked = [o for o in task.options if normalize_text(o) in right]
        assert ticked == [task.item.answer], (task.item.id, task.options)
        assert len(task.options) >= 3, task.item.id  # still a choice, not a guess between two
        assert task.key == f"{LETTERS[task.options.index(task.item.answer)]}. {task.item.answer}"


def test_an_acupoint_sheet_asks_every_point_on_its_map_and_says_when_it_cannot_ask_more(tmp_path: Path) -> None:
    chosen = choose(COMPILED, CATALOGUE, ("acupoints",), (), 20, 9)
    mapped = {i.entry for i in COMPILED if i.topic == "acupoints" and i.figure is not None}
    assert {i.entry for i in chosen if i.figure is not None and i.id.endswith("/location")} == mapped
    code, out, _ = run("-o", str(tmp_path / "points.pdf"), "--topic", "acupoints", "--count", "20", "--seed", "9")
    assert code == 0
    assert out.startswith(
        f"Wrote {tmp_path / 'points.pdf'}: {len(chosen)} questions (seed 9).\n"
        f"  Only {len(chosen)} questions could be drawn from the topics and tags given without one showing another's answer.\n"
    )
    code, out, _ = run("-o", str(tmp_path / "nine.pdf"), "--topic", "acupoints", "--count", str(len(mapped)), "--seed", "9")
    assert (code, out.splitlines()[0]) == (0, f"Wrote {tmp_path / 'nine.pdf'}: {len(mapped)} questions (seed 9).")


def filled(png: Path) -> float:
    """How far down its printable area a page is printed on (0 to 1), from a rendering: the lowest mark above the footer."""
    from PIL import Image

    with Image.open(png) as image:
        grey = image.convert("L")
        width, height = grey.size
        top, foot = round(height * 16 / 297), round(height * (297 - 21) / 297)
        marked = [y for y in range(top, foot) if grey.crop((0, y, width, y + 1)).getextrema()[0] < 230]
    return (max(marked) - top) / (foot - top) if marked else 0.0


@needs_poppler
@pytest.mark.parametrize(
    "options",
    [["--seed", str(seed)] for seed in (1, 2, 3, 4, 5)] + [["--topic", "acupoints", "--count", "10", "--seed", "9"]],
    ids=[f"seed-{seed}" for seed in (1, 2, 3, 4, 5)] + ["the-guides-acupoints"],
)
def test_no_page_is_left_a_third_empty_and_the_keys_last_page_is_more_than_a_line(tmp_path: Path, options: list[str]) -> None:
    target = tmp_path / "sheet.pdf"
    code, out, err = run("-o", str(target), *options)
    assert code == 0, out + err
    key_page = int(re.search(r"answer key on pages? (\d+)", out).group(1))  # type: ignore[union-attr]  # the command says it
    reader = {k: v for k, v in os.environ.items() if k != "FONTCONFIG_FILE"}
    subprocess.run(["pdftoppm", "-r", "20", "-png", str(target), str(tmp_path / "page")], check=True, env=reader)
    fills = [filled(png) for png in sorted(tmp_path.glob("page-*.png"))]
    # Every page but the questions' last and the key's last is at least two-thirds printed.
    inner = [f for n, f in enumerate(fills, 1) if n not in (key_page - 1, len(fills))]
    assert all(f >= 2 / 3 for f in inner), fills
    all_words, _ = words(target)
    footer = max(w.y for w in all_words)
    last_lines = {round(w.y) for w in all_words if w.page == len(fills) and w.y < footer - 5}
    assert len(last_lines) >= 2, "the key's last page holds more than one line"


def test_cut_down_fonts_are_kept_for_the_last_few_contents_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pinned_fonts: str
) -> None:
    found = fonts.find_fonts()
    assert found.regular is not None
    sample = "Shènshū" if has_latin(pinned_fonts) else "肾俞命门"  # Droid Sans Fallback alone has hanzi, no Latin
    for n in range(fonts.KEPT + 5):
        fonts.trimmed(found._replace(bold=None, chinese=None), f"content-{n}", lambda: [sample])
    kept = sorted((Path(os.environ["MASSAGE_QUIZ_CACHE"]) / "fonts").glob("*.ttf"))
    assert len(kept) == fonts.KEPT
    again = fonts.trimmed(found._replace(bold=None, chinese=None), f"content-{fonts.KEPT + 4}", lambda: [sample])
    assert again.regular is not None and again.regular.path in kept  # the newest is among those kept, and reused
    assert {ord(c) for c in sample} <= fonts.characters(again.regular)
