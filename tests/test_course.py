"""Courses: an instructor's folder built into one .apkg that Anki imports and the terminal drill installs."""

from __future__ import annotations

import fcntl
import json
import os
import re
import sqlite3
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pty_helpers
import pytest
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from massage_quiz.anki import package as deck
from massage_quiz.catalogue.coursefile import CourseInfo
from massage_quiz.catalogue.folders import all_folders
from massage_quiz.catalogue.loader import load_folders
from massage_quiz.cli import main
from massage_quiz.course import installed
from massage_quiz.course.bundle import MEDIA_NAME, Bundle, dumps, loads
from massage_quiz.course.installed import courses_dir
from massage_quiz.errors import MassageQuizError

IF_NEWER = ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER
NOW = "2026-03-02T09:00:00+00:00"
T0 = 1_767_225_600  # 2026-01-01T00:00:00Z

WEEK_3 = """\
questions:
  - id: week-3-iliac-crest
    type: typed
    prompt: The line across the highest points of the iliac crests crosses which spinous process? (e.g. L1)
    answer: L4
    explanation: The iliac crest line crosses L4.
    acupoint: dachangshu
    tags: [week-3]
    source: WHO Standard Acupuncture Point Locations (WHO WPRO 2008)
"""

NEW_QUESTION = """\
  - id: week-3-mingmen-code
    type: typed
    prompt: What is the WHO code of Mìngmén?
    answer: GV4
    explanation: Mìngmén is Governor Vessel 4.
    acupoint: mingmen
    tags: [week-3]
    source: WHO Standard Acupuncture Point Locations (WHO WPRO 2008)
"""


def run(*args: str, input: str | None = None, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), input=input, env={"MASSAGE_QUIZ_NOW": NOW, **(env or {})})


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An instructor folder made by init, with a week-3 question and a course.yaml naming version 1; cwd is its parent."""
    monkeypatch.chdir(tmp_path)
    assert run("init", "myclass").exit_code == 0
    (tmp_path / "myclass" / "quizzes" / "week-3.yaml").write_text(WEEK_3, encoding="utf-8")
    (tmp_path / "myclass" / "course.yaml").write_text('id: spring-term\nname: "Spring term: lower back"\nversion: 1\n')
    return tmp_path / "myclass"


def build(folder: Path, target: str, epoch: int = T0) -> Path:
    result = run("build", "--content", str(folder), "-o", target, env={"SOURCE_DATE_EPOCH": str(epoch)})
    assert result.exit_code == 0, result.output
    return Path(target)


def import_into(col: Collection, path: Path) -> None:
    options = ImportAnkiPackageOptions(update_notes=IF_NEWER, update_notetypes=IF_NEWER, with_scheduling=False)
    col.import_anki_package(ImportAnkiPackageRequest(package_path=str(path.resolve()), options=options))


def notes_of(col: Collection) -> dict[str, tuple[str, ...]]:
    return {col.get_note(nid).guid: tuple(col.get_note(nid).fields) for nid in col.find_notes("")}


def progress_rows(state: Path) -> dict[str, int]:
    with sqlite3.connect(state) as db:
        return dict(db.execute("SELECT item_id, reps FROM items").fetchall())


# -- building ---------------------------------------------------------------


def test_build_names_the_course_and_writes_it_inside_the_deck(course: Path) -> None:
    result = run("build", "--content", "myclass", env={"SOURCE_DATE_EPOCH": str(T0)})
    assert result.exit_code == 0, result.output
    assert (
        result.output.splitlines()[0]
        == "Wrote spring-term.apkg: the course 'Spring term: lower back', version 1 (id spring-term)"
    )
    with zipfile.ZipFile("spring-term.apkg") as archive:
        media = json.loads(archive.read("media"))
        (number,) = [n for n, name in media.items() if name == MEDIA_NAME]
        carried = json.loads(archive.read(number))
    assert carried["format"] == 1
    assert carried["course"] == {
        "id": "spring-term",
        "name": "Spring term: lower back",
        "version": "1",
        "built": "2026-01-01T00:00:00Z",
    }
    assert sorted(f["path"] for f in carried["files"]) == ["cards/my-cards.yaml", "quizzes/week-1.yaml", "quizzes/week-3.yaml"]
    assert {f["path"]: f["text"] for f in carried["files"]}["quizzes/week-3.yaml"] == WEEK_3


def test_without_course_yaml_the_course_is_named_after_the_folder_and_dated(course: Path) -> None:
    (course / "course.yaml").unlink()
    result = run("build", "--content", "myclass", env={"SOURCE_DATE_EPOCH": str(T0)})
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "Wrote myclass.apkg: the course 'myclass', version 2026.1.1 (id myclass)"


def test_the_course_deck_imports_into_anki_with_the_same_notes_and_cards(course: Path, tmp_path: Path) -> None:
    with_course = build(course, "course.apkg")
    plain = tmp_path / "plain.apkg"
    deck.build(load_folders(all_folders((str(course),))), plain, T0)  # the same content, no course inside
    collections = []
    for name, path in (("a", with_course), ("b", plain)):
        col = Collection(str(tmp_path / f"{name}.anki2"))
        import_into(col, path)
        collections.append(col)
    col, reference = collections
    try:
        assert notes_of(col) == notes_of(reference)
        assert col.card_count() == reference.card_count() > 0
        media_dir = Path(col.media.dir())
        assert (media_dir / MEDIA_NAME).is_file()  # Anki keeps it ...
        assert not (Path(reference.media.dir()) / MEDIA_NAME).exists()
        for cid in col.find_cards(""):
            card = col.get_card(cid)
            assert "massage-quiz-course" not in card.question() + card.answer()  # ... and no card shows it
        checked = col.media.check()
        assert MEDIA_NAME not in checked.unused  # "Check media" would not offer to delete it
        assert (media_dir / MEDIA_NAME).is_file()
        # Importing the course deck over the bundled deck updates, never duplicates.
        import_into(reference, with_course)
        assert reference.note_count() == col.note_count()
        assert reference.card_count() == col.card_count()
    finally:
        for c in collections:
            c.close()


# -- installing and drilling -------------------------------------------------


def test_course_add_then_drill_asks_the_course_questions(course: Path, isolated_user_state: Path) -> None:
    build(course, "week-3.apkg")
    added = run("course", "add", "week-3.apkg")
    assert added.exit_code == 0, added.output
    assert added.output == (
        "Installed the course 'Spring term: lower back' version 1 (5 entries, 5 items).\nDrill it with: massage-quiz drill\n"
    )
    listed = run("course", "list")
    assert re.fullmatch(
        r"Course                   Id           Version  Entries  Items  Installed\n"
        r"Spring term: lower back  spring-term  1              5      5  \d{4}-\d\d-\d\d \d\d:\d\d\n",
        listed.output,
    ), listed.output
    (about,) = json.loads(run("course", "list", "--json").output)
    assert {k: about[k] for k in ("id", "name", "version", "entries", "items", "source")} == {
        "id": "spring-term",
        "name": "Spring term: lower back",
        "version": "1",
        "entries": 5,
        "items": 5,
        "source": "week-3.apkg",
    }
    drilled = run("drill", "--tag", "week-3", input="L4\n")
    assert drilled.exit_code == 0, drilled.output
    assert drilled.output == (
        "Today: 1 question. Type q to stop at any time.\n"
        "\n"
        "[1/1] Questions\n"
        "The line across the highest points of the iliac crests crosses which spinous\n"
        "process? (e.g. L1)\n"
        "> L4\n"
        "✓ Right.\n"
        "  The iliac crest line crosses L4.\n"
        "  About: Acupoint: Dàchángshū (BL25)\n"
        "  Source: WHO Standard Acupuncture Point Locations (WHO WPRO 2008)\n"
        "Session over: 1 answered, 1 right.\n"
        "Next due: Mon 02 Mar 09:10 (in 10 minutes).\n"
    )
    assert progress_rows(isolated_user_state) == {"question/week-3-iliac-crest": 1}
    # Removing the course takes its questions out of the drill, and keeps the progress.
    removed = run("course", "remove", "spring-term")
    assert removed.output == "Removed the course 'Spring term: lower back' version 1. Your progress on it is kept.\n"
    assert run("course", "list").output == "No course is installed. Install one with: massage-quiz course add FILE.apkg\n"
    gone = run("drill", "--tag", "week-3", input="L4\n")
    assert gone.exit_code == 2 and "no items match" in gone.output
    assert progress_rows(isolated_user_state) == {"question/week-3-iliac-crest": 1}


def test_an_installed_courses_new_items_take_turns_with_the_bundled_from_the_first_day(
    course: Path, isolated_user_state: Path
) -> None:
    from massage_quiz.drill import clock, session, today
    from massage_quiz.drill.progress import Store
    from massage_quiz.items.load import bundled_ids, load_items

    build(course, "week-3.apkg")
    assert run("course", "add", "week-3.apkg").exit_code == 0
    items = load_items()
    own = [i.id for i in items if i.id not in bundled_ids()]
    assert len(own) == 5
    with Store(isolated_user_state) as store:
        due, new = session.select(items, store, clock.now(), session.Options(), today._bundled(items))
    assert due == [] and len(new) == 10
    assert [i.id in own for i in new] == [True, False] * 5  # the course's first, then in turns


def test_drill_deck_drills_a_package_without_installing_it(course: Path) -> None:
    build(course, "week-3.apkg")
    drilled = run("drill", "--deck", "week-3.apkg", "--tag", "week-3", input="L4\n")
    assert drilled.exit_code == 0, drilled.output
    assert "crosses which spinous\nprocess? (e.g. L1)\n> L4\n✓ Right.\n" in drilled.output
    assert run("course", "list").output.startswith("No course is installed.")
    assert run("drill", "--tag", "week-3").exit_code == 2  # the installed content has no week-3


def test_a_newer_version_replaces_the_older_and_keeps_progress(course: Path, isolated_user_state: Path) -> None:
    build(course, "v1.apkg")
    assert run("course", "add", "v1.apkg").exit_code == 0
    assert run("drill", "--tag", "week-3", input="L4\n").exit_code == 0
    (course / "course.yaml").write_text("id: spring-term\nname: Spring term\nversion: 2\n")
    (course / "quizzes" / "week-3.yaml").write_text(WEEK_3 + NEW_QUESTION, encoding="utf-8")
    build(course, "v2.apkg", T0 + 86400)
    updated = run("course", "add", "v2.apkg")
    assert updated.output == (
        "Updated the course 'Spring term' from version 1 to 2 (6 entries, 6 items); your progress is kept.\n"
        "Drill it with: massage-quiz drill\n"
    )
    assert progress_rows(isolated_user_state) == {"question/week-3-iliac-crest": 1}
    drilled = run("drill", "--tag", "week-3", input="GV4\n")
    assert "What is the WHO code of Mìngmén?\n> GV4\n✓ Right." in drilled.output
    assert "iliac" not in drilled.output  # answered minutes ago: not due yet
    assert progress_rows(isolated_user_state) == {"question/week-3-iliac-crest": 1, "question/week-3-mingmen-code": 1}
    # The same file again changes nothing; the older one is refused unless forced.
    assert run("course", "add", "v2.apkg").output == "The course 'Spring term' version 2 is already installed; nothing changed.\n"
    older = run("course", "add", "v1.apkg")
    assert older.exit_code == 1
    assert older.output == (
        "Error: v1.apkg holds version 1 of the course 'Spring term: lower back', older than version 2, which is installed; "
        "to go back to it anyway: massage-quiz course add v1.apkg --downgrade\n"
    )
    assert json.loads(run("course", "list", "--json").output)[0]["version"] == "2"
    forced = run("course", "add", "v1.apkg", "--force")
    assert forced.output.startswith("Updated the course 'Spring term: lower back' from version 2 to 1 (5 entries")
    assert progress_rows(isolated_user_state) == {"question/week-3-iliac-crest": 1, "question/week-3-mingmen-code": 1}


def test_a_course_whose_ids_clash_with_an_installed_course_is_refused(course: Path) -> None:
    build(course, "one.apkg")
    (course / "course.yaml").write_text("id: another-course\nversion: 1\n")
    build(course, "two.apkg")
    assert run("course", "add", "one.apkg").exit_code == 0
    clash = run("course", "add", "two.apkg")
    assert clash.exit_code == 1
    assert clash.output == (
        "Error: the course 'myclass' uses ids that the installed course 'Spring term: lower back' (spring-term) uses too "
        "(week-1-weizhong-site, week-1-percussion-hands, week-1-dvt-refer and 2 more), so the two cannot be studied "
        "together: ask the instructor to rename them, or remove the other with massage-quiz course remove spring-term\n"
    )
    assert [c["id"] for c in json.loads(run("course", "list", "--json").output)] == ["spring-term"]
    assert sorted(p.name for p in courses_dir().iterdir()) == ["spring-term"]  # nothing left of the refused one


def test_removing_a_course_that_is_not_installed_says_which_are() -> None:
    result = run("course", "remove", "nothing")
    assert (result.exit_code, result.output) == (1, "Error: no course 'nothing' is installed; installed: none\n")


# -- the instructor's course.yaml -------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "id: My Class\n",
            "course.yaml:1:5: id: id 'My Class' must be lowercase words joined by hyphens, e.g. 'spring-term', at most 100 characters",
        ),
        ("name: [a, b]\n", "course.yaml:1:7: name: expected text, found a list"),
        ("name: yes\n", "course.yaml:1:7: name: expected text, found true/false (write the text in quotes)"),
        ("version:\n", "course.yaml:1:9: version: expected text, found nothing"),
        (
            "version: 1.x\n",
            "course.yaml:1:10: version: version '1.x' must be a number or numbers joined by dots, such as 1, 2 or 1.2",
        ),
        (
            "versoin: 2\n",
            "course.yaml:1:1: unknown key 'versoin' in course.yaml (did you mean 'version'?); it holds id, name, version, retention",
        ),
        ("- 1\n", "course.yaml:1:1: course.yaml holds keys: id, name and version (e.g. 'version: 1')"),
        ("name: 'a\u202eb'\n", "course.yaml:1:7: name: name holds a control character; retype it"),
        ("name: ''\n", "course.yaml:1:7: name: name must be text of 1 to 100 characters"),
    ],
)
def test_check_reports_mistakes_in_course_yaml(course: Path, text: str, message: str) -> None:
    (course / "course.yaml").write_text(text, encoding="utf-8")
    result = run("check", "--content", "myclass")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == f"myclass/{message}"
    assert run("build", "--content", "myclass").exit_code == 1


def test_version_1_10_is_read_as_written_and_comes_after_1_9(course: Path) -> None:
    (course / "course.yaml").write_text("id: spring-term\nversion: 1.9\n")
    build(course, "a.apkg")
    (course / "course.yaml").write_text("id: spring-term\nversion: 1.10\n")
    build(course, "b.apkg")
    assert run("course", "add", "a.apkg").exit_code == 0
    assert run("course", "add", "b.apkg").output.startswith("Updated the course 'myclass' from version 1.9 to 1.10")


# -- bad packages -----------------------------------------------------------

GOOD = {
    "format": 1,
    "course": {"id": "c", "name": "C", "version": "1", "built": "2026-01-01T00:00:00Z"},
    "files": [{"path": "quizzes/q.yaml", "text": WEEK_3}],
}


def package_with(path: Path, course: bytes | None, media: bytes | None = None, collection: bool = True) -> Path:
    """A zip laid out as an .apkg, carrying ``course`` as our media file (or ``media`` as the media list)."""
    with zipfile.ZipFile(path, "w") as archive:
        if collection:
            archive.writestr("collection.anki2", b"SQLite format 3\0")
        if media is not None:
            archive.writestr("media", media)
        elif course is not None:
            archive.writestr("media", json.dumps({"0": MEDIA_NAME}))
            archive.writestr("0", course)
    return path


def changed(**parts: object) -> bytes:
    value = json.loads(json.dumps(GOOD))
    for key, part in parts.items():
        if key in ("id", "name", "version", "built"):
            value["course"][key] = part
        else:
            value[key] = part
    return json.dumps(value).encode()


def with_retention(retention: object, format: int = 2) -> bytes:
    """The good course, in ``format``, carrying ``retention`` as the instructor's retention."""
    return json.dumps({**GOOD, "format": format, "course": {**GOOD["course"], "retention": retention}}).encode()


def corrupt_member(path: Path) -> Path:
    """Flip a byte of the course's stored data, so its checksum no longer matches."""
    data = bytearray(path.read_bytes())
    at = data.index(b'"format"')
    data[at + 1] ^= 0x20
    path.write_bytes(bytes(data))
    return path


def plain_anki_deck(path: Path) -> Path:
    deck.build(load_folders(all_folders()), path, T0)  # a deck with no course inside
    return path


DAMAGED = "the course inside is damaged ({}); ask for a fresh copy"
BAD_PACKAGES = [
    (
        "not a zip",
        lambda p: p.write_bytes(b"just text\n") or p,
        " is not an Anki package (.apkg): it is not a zip file, or was cut short when copied",
    ),
    (
        "cut short",
        lambda p: p.write_bytes(plain_anki_deck(p).read_bytes()[:5000]) or p,
        " is not an Anki package (.apkg): it is not a zip file, or was cut short when copied",
    ),
    (
        "zip, no collection",
        lambda p: package_with(p, changed(), collection=False),
        " is a zip file but not an Anki package (.apkg): it holds no Anki collection",
    ),
    (
        "plain Anki deck",
        plain_anki_deck,
        " is a plain Anki deck without a massage-quiz course: import it in Anki (File > Import); to drill it here, ask for a deck made with massage-quiz build",
    ),
    (
        "newer Anki media list",
        lambda p: package_with(p, None, media=b"\x28\xb5\x2f\xfd binary"),
        " is a plain Anki deck without a massage-quiz course: import it in Anki (File > Import); to drill it here, ask for a deck made with massage-quiz build",
    ),
    (
        "media file missing",
        lambda p: package_with(p, None, media=json.dumps({"0": MEDIA_NAME}).encode()),
        ": the course inside is missing from the package; ask for a fresh copy",
    ),
    (
        "truncated JSON",
        lambda p: package_with(p, changed()[:40]),
        ": " + DAMAGED.format("not valid JSON: Unterminated string starting at: line 1 column 37 (char 36)"),
    ),
    (
        "not UTF-8",
        lambda p: package_with(p, b'{"format": 1, "x": "\xff"}'),
        ": " + DAMAGED.format("not valid JSON: 'utf-8' codec can't decode byte 0xff in position 20: invalid start byte"),
    ),
    ("nested too deeply", lambda p: package_with(p, b"[" * 100_000), ": " + DAMAGED.format("nested too deeply")),
    (
        "newer format",
        lambda p: package_with(p, changed(format=3)),
        " was made by a newer massage-quiz (course format 3; this one reads up to 2): update massage-quiz",
    ),
    ("no format", lambda p: package_with(p, changed(format=True)), ": " + DAMAGED.format("no course format number")),
    ("a list", lambda p: package_with(p, b"[]"), ": " + DAMAGED.format("not a JSON object")),
    ("extra key", lambda p: package_with(p, changed(run="rm -rf /")), ": " + DAMAGED.format("unexpected keys ['run']")),
    (
        "terminal codes in a key",
        lambda p: package_with(p, json.dumps({**GOOD, "\x1b]0;owned\x07": 1}).encode()),
        ": " + DAMAGED.format("unexpected keys ['\\x1b]0;owned\\x07']"),
    ),
    (
        "course not an object",
        lambda p: package_with(p, changed(course=[])),
        ": " + DAMAGED.format("the course must have an id, a name, a version and a build time"),
    ),
    (
        "id a number",
        lambda p: package_with(p, changed(id=7)),
        ": " + DAMAGED.format("the course's id, name, version and build time must be text"),
    ),
    (
        "bad id",
        lambda p: package_with(p, changed(id="../x")),
        ": "
        + DAMAGED.format(
            "course id '../x' must be lowercase words joined by hyphens, e.g. 'spring-term', at most 100 characters"
        ),
    ),
    (
        "control in name",
        lambda p: package_with(p, changed(name="C\x1b[2J")),
        ": " + DAMAGED.format("course name holds a control character; retype it"),
    ),
    (
        "bad version",
        lambda p: package_with(p, changed(version="2; x")),
        ": " + DAMAGED.format("course version '2; x' must be a number or numbers joined by dots, such as 1, 2 or 1.2"),
    ),
    ("bad time", lambda p: package_with(p, changed(built="yesterday")), ": " + DAMAGED.format("the build time is not a time")),
    (
        "files not a list",
        lambda p: package_with(p, changed(files={})),
        ": " + DAMAGED.format("files must be a list of at most 10000"),
    ),
    (
        "file without text",
        lambda p: package_with(p, changed(files=[{"path": "quizzes/q.yaml"}])),
        ": " + DAMAGED.format("each file must have a path and a text"),
    ),
    (
        "path escapes",
        lambda p: package_with(p, changed(files=[{"path": "quizzes/../../evil.yaml", "text": ""}])),
        ": "
        + DAMAGED.format(
            "a course file names its files with letters, digits, spaces, '.', '_' and '-' only (none hidden, none ending in a dot)"
        ),
    ),
    (
        "absolute path",
        lambda p: package_with(p, changed(files=[{"path": "/etc/x.yaml", "text": ""}])),
        ": " + DAMAGED.format("a course file must be a file under cards/ or quizzes/"),
    ),
    (
        "not YAML",
        lambda p: package_with(p, changed(files=[{"path": "quizzes/run.sh", "text": ""}])),
        ": " + DAMAGED.format("a course file must end in .yaml or .yml"),
    ),
    (
        "twice",
        lambda p: package_with(
            p, changed(files=[{"path": "quizzes/a.yaml", "text": ""}, {"path": "quizzes/A.yaml", "text": ""}])
        ),
        ": " + DAMAGED.format("a file is listed twice"),
    ),
    (
        "retention in format 1",
        lambda p: package_with(p, with_retention({"topics": {"techniques": 0.9}}, format=1)),
        ": " + DAMAGED.format("the course must have an id, a name, a version and a build time"),
    ),
    *(
        (
            f"retention {name}",
            lambda p, retention=retention: package_with(p, with_retention(retention)),
            ": " + DAMAGED.format("the course's retention must name topics and tags, each with a number from 0.7 to 0.99"),
        )
        for name, retention in [
            ("not an object", [0.9]),
            ("of an unknown group", {"topic": {"techniques": 0.9}}),
            ("of an unknown topic", {"topics": {"technique": 0.9}}),
            ("of a tag with a space", {"tags": {"red flag": 0.9}}),
            ("off the range", {"topics": {"techniques": 1.5}}),
            ("true", {"tags": {"red-flag": True}}),
            ("as text", {"tags": {"red-flag": "0.9"}}),
        ]
    ),
]


@pytest.mark.parametrize(("make", "message"), [case[1:] for case in BAD_PACKAGES], ids=[case[0] for case in BAD_PACKAGES])
@pytest.mark.parametrize("command", [("course", "add"), ("drill", "--deck")])
def test_a_bad_package_gets_one_line_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make, message: str, command
) -> None:
    monkeypatch.chdir(tmp_path)
    make(Path("bad.apkg"))
    result = run(*command, "bad.apkg")
    assert (result.exit_code, result.output) == (1, f"Error: bad.apkg{message}\n")
    assert not courses_dir().exists()
    assert not Path(courses_dir().parent / "progress.sqlite3").exists()


def test_a_package_that_is_not_there_or_is_a_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("course", "add", "none.apkg").output == "Error: none.apkg does not exist\n"
    Path("dir.apkg").mkdir()
    assert (
        run("course", "add", "dir.apkg").output
        == "Error: dir.apkg is not a file: give the .apkg file your instructor handed out\n"
    )


def test_the_yaml_inside_is_checked_as_check_would(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    text = WEEK_3.replace("acupoint: dachangshu", "acupoint: dachangshuu")
    package_with(Path("bad.apkg"), changed(files=[{"path": "quizzes/q.yaml", "text": text}]))
    result = run("course", "add", "bad.apkg")
    assert result.exit_code == 1
    assert result.output == (
        "bad.apkg/quizzes/q.yaml:7:15: acupoint: no acupoint has the id, code or name 'dachangshuu' "
        "(did you mean 'dachangshu', Dàchángshū (BL25)?)\n"
        "1 problem found.\n"
    )
    assert not courses_dir().exists()


# -- the guide's round trip -------------------------------------------------

GUIDE = (Path(__file__).resolve().parent.parent / "docs" / "instructors.md").read_text(encoding="utf-8")


def guide_yaml(marker: str) -> str:
    """The YAML block of the guide under ``<!-- marker -->``."""
    return GUIDE.split(f"<!-- {marker} -->\n```yaml\n", 1)[1].split("```", 1)[0]


def transcripts(command: str) -> list[str]:
    """What the guide shows after each ``$ command``, in order, unindented."""
    found = []
    for match in re.finditer(r"^( *)\$ " + re.escape(command) + r"\n", GUIDE, flags=re.M):
        indent, lines = match.group(1), []
        for line in GUIDE[match.end() :].splitlines():
            if line.strip().startswith(("$ ", "```")):
                break
            lines.append(line.removeprefix(indent))
        found.append("".join(f"{line}\n" for line in lines))
    return found


def test_the_guides_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_user_state: Path) -> None:
    """Instructor: init, write, check, build. Trainee: course add, drill. Instructor: edit, v2. Trainee: update, progress kept."""
    monkeypatch.chdir(tmp_path)
    assert run("init", "myclass").exit_code == 0
    (tmp_path / "myclass" / "quizzes" / "week-3.yaml").write_text(guide_yaml("worked-example: myclass/quizzes/week-3.yaml"))
    (tmp_path / "myclass" / "course.yaml").write_text(guide_yaml("course-example: myclass/course.yaml"))
    assert run("check", "--strict", "--content", "myclass").exit_code == 0

    builds = transcripts("massage-quiz build --content myclass")
    adds = transcripts("massage-quiz course add myclass.apkg")
    assert len(builds) == len(adds) == 2
    assert run("build", "--content", "myclass").output == builds[0]
    # The trainee has only the file: the instructor's folder is out of reach.
    handed_out = tmp_path / "trainee" / "myclass.apkg"
    handed_out.parent.mkdir()
    handed_out.write_bytes(Path("myclass.apkg").read_bytes())
    (tmp_path / "myclass").rename(tmp_path / "away")
    monkeypatch.chdir(handed_out.parent)
    assert run("course", "add", "myclass.apkg").output == adds[0]
    first = run("drill", "--tag", "week-3", input="L4\n")
    assert "crosses which spinous\nprocess? (e.g. L1)\n> L4\n✓ Right." in first.output
    assert progress_rows(isolated_user_state) == {"question/week-3-iliac-crest": 1}

    monkeypatch.chdir(tmp_path)
    (tmp_path / "away").rename(tmp_path / "myclass")
    week_3 = tmp_path / "myclass" / "quizzes" / "week-3.yaml"
    week_3.write_text(week_3.read_text() + "\n" + guide_yaml("update-example: myclass/quizzes/week-3.yaml"))
    course_yaml = tmp_path / "myclass" / "course.yaml"
    course_yaml.write_text(course_yaml.read_text().replace("version: 1", "version: 2"))
    assert run("check", "--strict", "--content", "myclass").exit_code == 0
    assert run("build", "--content", "myclass").output == builds[1]

    handed_out.write_bytes(Path("myclass.apkg").read_bytes())
    monkeypatch.chdir(handed_out.parent)
    assert run("course", "add", "myclass.apkg").output == adds[1]
    (listed,) = transcripts("massage-quiz course list")
    date = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d")
    assert date.sub("DATE", run("course", "list").output) == date.sub("DATE", listed)
    assert progress_rows(isolated_user_state) == {"question/week-3-iliac-crest": 1}  # kept
    second = run("drill", "--tag", "week-3", input="t\n")
    assert "Mìngmén (GV4) lies in the depression below the spinous process of L2, on the\nposterior midline.\n" in second.output
    assert "iliac" not in second.output  # answered, and not due yet
    assert progress_rows(isolated_user_state) == {"question/week-3-iliac-crest": 1, "question/week-3-mingmen-level": 1}


# -- in a real terminal -----------------------------------------------------


@pytest.mark.slow
def test_an_installed_course_in_a_pseudo_terminal(course: Path, isolated_user_state: Path) -> None:
    import pexpect
    from test_terminal import spawn

    build(course, "week-3.apkg")
    assert run("course", "add", "week-3.apkg").exit_code == 0
    child = spawn(isolated_user_state, "drill", "--tag", "week-3")
    child.expect_exact("Today: 1 question.")
    child.expect_exact("crosses which spinous process? (e.g. L1)")
    pty_helpers.answer(child, "l 4")
    child.expect_exact("Right.")
    child.expect_exact("Enter: good")
    child.send("\r")
    child.expect_exact("Session over: 1 answered, 1 right.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert progress_rows(isolated_user_state) == {"question/week-3-iliac-crest": 1}


def test_the_warm_drill_with_a_course_installed_loads_no_yaml_or_attrs(course: Path) -> None:
    import os
    import subprocess
    import sys

    build(course, "week-3.apkg")
    assert run("course", "add", "week-3.apkg").exit_code == 0
    code = (
        "import sys\nfrom massage_quiz.items.load import load_items\n"
        "assert any(i.id == 'question/week-3-iliac-crest' for i in load_items())\n"
        "print(sorted(m for m in ('yaml', 'attrs', 'genanki', 'fsrs') if m in sys.modules))"
    )
    subprocess.run([sys.executable, "-c", code], env=os.environ, check=True, capture_output=True)  # warms the cache
    warm = subprocess.run([sys.executable, "-c", code], env=os.environ, check=True, capture_output=True, text=True)
    assert warm.stdout == "[]\n"


# -- odd cases --------------------------------------------------------------


@pytest.mark.parametrize(
    "damage",
    [
        lambda record: "{",
        lambda record: json.dumps([record]),
        lambda record: json.dumps({**record, "entries": "many"}),
        lambda record: json.dumps({**record, "name": None}),
        lambda record: json.dumps({key: value for key, value in record.items() if key != "digest"}),
        lambda record: json.dumps({**record, "retention": {"topics": {"techniques": 2}}}),
    ],
    ids=["not JSON", "a list", "a count as text", "no name", "no digest", "retention off the range"],
)
def test_a_damaged_installed_course_is_left_out_and_can_be_removed(course: Path, damage: Callable[[dict], str]) -> None:
    with (course / "course.yaml").open("a") as file:
        file.write("retention:\n  topics: {techniques: 0.95}\n")
    build(course, "week-3.apkg")
    assert run("course", "add", "week-3.apkg").exit_code == 0
    assert installed.retentions() == [{"topics": {"techniques": 0.95}}]
    about = courses_dir() / "spring-term" / "course.json"
    about.write_text(damage(json.loads(about.read_text())))
    assert installed.retentions() == []
    assert run("course", "list", "--json").output == "[]\n"
    assert run("drill", "--tag", "week-3").exit_code == 2  # its questions are not asked
    removed = run("course", "remove", "spring-term")
    assert removed.output == "Removed the damaged course 'spring-term'. Your progress on it is kept.\n"
    assert list(courses_dir().iterdir()) == []
    assert run("course", "remove", "..").output == "Error: no course '..' is installed; installed: none\n"


def test_build_refuses_a_file_name_a_course_cannot_carry(course: Path) -> None:
    (course / "quizzes" / "week-3.yaml").rename(course / "quizzes" / "week#3.yaml")
    result = run("build", "--content", "myclass")
    assert (result.exit_code, result.output) == (
        1,
        "Error: cannot put myclass/quizzes/week#3.yaml in the course: a course file names its files with letters, digits, "
        "spaces, '.', '_' and '-' only (none hidden, none ending in a dot); rename it\n",
    )
    assert not Path("spring-term.apkg").exists()


def test_two_instructor_folders_make_one_course(course: Path, tmp_path: Path) -> None:
    other = tmp_path / "shared" / "quizzes"
    other.mkdir(parents=True)
    (other / "week-3.yaml").write_text(WEEK_3.replace("week-3-iliac-crest", "shared-iliac-crest"))
    result = run("build", "--content", "shared", "--content", "myclass", "-o", "both.apkg")
    assert result.output.splitlines()[0] == "Wrote both.apkg: the course 'Spring term: lower back', version 1 (id spring-term)"
    assert run("course", "add", "both.apkg").output.startswith(
        "Installed the course 'Spring term: lower back' version 1 (6 entries"
    )
    assert sorted(p.relative_to(courses_dir()).as_posix() for p in courses_dir().rglob("*.yaml")) == [
        "spring-term/cards/2/my-cards.yaml",
        "spring-term/quizzes/1/week-3.yaml",
        "spring-term/quizzes/2/week-1.yaml",
        "spring-term/quizzes/2/week-3.yaml",
    ]


def test_the_bundled_deck_carries_the_bundled_course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("build").exit_code == 0
    added = run("course", "add", "lumbar-back-massage.apkg")
    assert (added.exit_code, added.output) == (
        1,
        "Error: the deck 'Lumbar and back massage' holds only massage-quiz's own content, which the drill already asks: "
        "nothing to install\n",
    )
    drilled = run("drill", "--deck", "lumbar-back-massage.apkg", "--topic", "acupoints", "--limit", "1", input="bl23\n")
    assert "Type its code" in drilled.output and drilled.exit_code == 0


def test_extract_never_writes_outside_the_course(tmp_path: Path) -> None:
    from massage_quiz.course.installed import extract

    evil = Bundle(CourseInfo("c", "C", "1"), "2026-01-01T00:00:00Z", (("quizzes/../../evil.yaml", "x"),))
    with pytest.raises(MassageQuizError, match="lies outside the course"):
        extract(evil, tmp_path / "course")
    assert not (tmp_path / "evil.yaml").exists()


def test_a_failed_swap_puts_the_old_course_back(course: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from massage_quiz.course import installed

    build(course, "v1.apkg")
    assert run("course", "add", "v1.apkg").exit_code == 0
    (course / "course.yaml").write_text("id: spring-term\nversion: 2\n")
    build(course, "v2.apkg")
    real, calls = os.replace, []

    def flaky(src: object, dst: object) -> None:
        calls.append(dst)
        if len(calls) == 2:  # the new copy into place
            raise OSError(28, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(installed.os, "replace", flaky)
    result = run("course", "add", "v2.apkg")
    assert (result.exit_code, result.output) == (
        1,
        f"Error: cannot install the course in {courses_dir()}: No space left on device; nothing was changed\n",
    )
    monkeypatch.setattr(installed.os, "replace", real)
    assert json.loads(run("course", "list", "--json").output)[0]["version"] == "1"
    assert [p.name for p in courses_dir().iterdir()] == ["spring-term"]


def test_an_instructor_drilling_their_folder_sees_it_not_their_installed_copy(course: Path) -> None:
    build(course, "week-3.apkg")
    assert run("course", "add", "week-3.apkg").exit_code == 0
    (course / "quizzes" / "week-3.yaml").write_text(WEEK_3.replace("(e.g. L1)", "(for example L1)"))
    drilled = run("drill", "--content", "myclass", "--tag", "week-3", input="L4\n")
    assert drilled.exit_code == 0, drilled.output
    assert "spinous process? (for example L1)" in " ".join(drilled.output.split())


def test_a_dated_course_rebuilt_the_same_day_with_changes_updates(course: Path) -> None:
    (course / "course.yaml").unlink()
    build(course, "a.apkg")
    (course / "quizzes" / "week-3.yaml").write_text(WEEK_3 + NEW_QUESTION, encoding="utf-8")
    build(course, "b.apkg", T0 + 3600)
    assert run("course", "add", "a.apkg").output.startswith("Installed the course 'myclass' version 2026.1.1 (5 entries")
    assert run("course", "add", "b.apkg").output.startswith(
        "Updated the course 'myclass' version 2026.1.1, whose content changed (6 entries, 6 items); your progress is kept.\n"
    )
    assert run("course", "add", "a.apkg").output.startswith("Updated the course 'myclass' version 2026.1.1, whose content")


# -- properties of the course file ------------------------------------------

_part = st.from_regex(r"\A[a-z0-9_][a-z0-9 ._-]{0,10}[a-z0-9_-]\Z")
_paths = st.builds(
    lambda sub, dirs, name, ext: "/".join([sub, *dirs, name + ext]),
    st.sampled_from(["cards", "quizzes"]),
    st.lists(_part, max_size=2),
    _part,
    st.sampled_from([".yaml", ".yml"]),
)
_bundles = st.builds(
    Bundle,
    st.builds(
        CourseInfo,
        st.from_regex(r"\A[a-z0-9]+(-[a-z0-9]+){0,3}\Z"),
        st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=40).filter(
            lambda n: (
                n.strip() and not any("\u202a" <= c <= "\u202e" or "\u2066" <= c <= "\u2069" or "\x7f" <= c <= "\x9f" for c in n)
            )
        ),
        st.from_regex(r"\A[0-9]{1,4}(\.[0-9]{1,4}){0,3}\Z"),
    ),
    st.just("2026-01-01T00:00:00Z"),
    st.lists(st.tuples(_paths, st.text(max_size=50)), max_size=4, unique_by=lambda f: f[0].casefold()).map(tuple),
    # course.yaml's retention, carried (format 2) when the instructor set one.
    st.none()
    | st.fixed_dictionaries(
        {
            "topics": st.dictionaries(st.sampled_from(("techniques", "contraindications")), st.floats(0.7, 0.99), max_size=2),
            "tags": st.dictionaries(st.from_regex(r"\A[a-z0-9]+(-[a-z0-9]+){0,2}\Z"), st.floats(0.7, 0.99), max_size=3),
        }
    ),
)


@settings(deadline=None)
@given(_bundles)
def test_a_course_reads_back_as_it_was_written(bundle: Bundle) -> None:
    assert loads(dumps(bundle).encode(), "x.apkg") == bundle


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@settings(deadline=None)
@given(st.one_of(st.binary(max_size=200), _json.map(lambda v: json.dumps(v).encode())))
def test_any_bytes_give_a_course_or_a_clear_error(data: bytes) -> None:
    message = "x.apkg"
    try:
        loads(data, "x.apkg")
    except MassageQuizError as exc:
        message = str(exc)
    assert "\n" not in message and message.startswith("x.apkg")


# -- sync -------------------------------------------------------------------


def test_sync_imports_the_installed_courses_as_the_drill_asks_them(course: Path, isolated_user_state: Path) -> None:
    """The local Anki collection that sync keeps holds the installed course's cards, so its answers have cards to go to."""
    from massage_quiz.anki.cards import card_of
    from massage_quiz.items.load import load_items
    from massage_quiz.sync import local

    build(course, "week-3.apkg")
    (course.parent / "away").mkdir()
    course.rename(course.parent / "away" / "myclass")  # the trainee has only the package
    assert run("course", "add", "week-3.apkg").exit_code == 0
    where = local.place(isolated_user_state)
    col = local.open_collection(where)
    try:
        assert local.ensure_deck(col, where, ())
        ids = [item.id for item in load_items()]
        assert "question/week-3-iliac-crest" in ids
        matched = local.items_by_card(col, ids)
        assert sorted(set(matched.values())) == sorted(ids)  # every item the drill asks has its card
        found = card_of("question/week-3-iliac-crest")
        assert found is not None and found[0] in {col.get_note(n).guid for n in col.find_notes("")}
    finally:
        col.close()


@pytest.mark.parametrize(
    ("left", "age", "held", "after"),
    [
        ([".spring-term.new-abc123"], 3600, False, ["spring-term"]),  # a stopped install: removed
        ([".spring-term.gone-abc123"], 3600, False, ["spring-term"]),  # a stopped removal: removed
        ([".spring-term.old-abc123"], 3600, False, ["spring-term"]),  # the old copy, already replaced: removed
        ([".spring-term.new-abc123"], 10, False, ["spring-term"]),  # no install holds the lock: stopped, removed at once
        ([".spring-term.new-abc123"], 10, True, [".spring-term.new-abc123", "spring-term"]),  # still running: kept
        ([".spring-term.new-abc123"], 3600, True, [".spring-term.new-abc123", "spring-term"]),  # running long: kept
        ([".notes"], 3600, False, [".notes", "spring-term"]),  # not ours: kept
    ],
)
def test_what_a_stopped_install_left_is_tidied(
    course: Path, isolated_user_state: Path, left: list[str], age: int, held: bool, after: list[str]
) -> None:
    build(course, "week-3.apkg")
    assert run("course", "add", "week-3.apkg").exit_code == 0
    for name in left:
        (courses_dir() / name / "quizzes").mkdir(parents=True)
        os.utime(courses_dir() / name, (time.time() - age, time.time() - age))
    with open(courses_dir().parent / ".courses.lock", "a+b") as lock:
        if held:  # as another window's course add would hold it
            fcntl.flock(lock, fcntl.LOCK_EX)
        assert run("course", "list").exit_code == 0
        assert sorted(p.name for p in courses_dir().iterdir()) == after


@pytest.mark.parametrize(
    "command", [["course", "list"], ["drill", "--tag", "week-3", "--limit", "1"], ["course", "add", "week-3.apkg"]]
)
def test_a_course_moved_aside_by_a_power_cut_comes_back_at_once(
    course: Path, isolated_user_state: Path, command: list[str]
) -> None:
    """Cut off between moving the old copy aside and moving the new one in: the next course command or drill puts it back."""
    build(course, "week-3.apkg")
    assert run("course", "add", "week-3.apkg").exit_code == 0
    aside = courses_dir() / ".spring-term.old-x1y2"
    (courses_dir() / "spring-term").rename(aside)  # moments ago: no 10-minute wait, as no install holds the lock
    result = run(*command, input="L4\n")
    assert result.exit_code == 0, result.output
    assert "spring-term" in run("course", "list").output
    assert sorted(p.name for p in courses_dir().iterdir()) == ["spring-term"]


def test_course_list_lines_up_a_name_in_hanzi(course: Path, isolated_user_state: Path) -> None:
    (course / "course.yaml").write_text('id: spring-term\nname: "腰背按摩 spring"\nversion: 1\n', encoding="utf-8")
    build(course, "week-3.apkg")
    assert run("course", "add", "week-3.apkg").exit_code == 0
    header, row = run("course", "list").output.splitlines()
    assert header.startswith("Course           Id  ")  # the name takes 15 columns: 4 hanzi of two, a space, 6 letters
    assert row.startswith("腰背按摩 spring  spring-term")


def test_a_sheet_draws_on_the_installed_courses_as_the_drill_does(course: Path, isolated_user_state: Path) -> None:
    build(course, "week-3.apkg")
    (course.parent / "away").mkdir()
    course.rename(course.parent / "away" / "myclass")  # the trainee has only the package
    assert run("course", "add", "week-3.apkg").exit_code == 0
    result = run("sheet", "--tag", "week-3", "--seed", "1", "-o", "week-3.pdf")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Wrote week-3.pdf: 1 question (seed 1).\n")


def test_a_course_with_nothing_of_its_own_is_not_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for sub in ("cards", "quizzes"):
        (tmp_path / "empty" / sub).mkdir(parents=True)
    (tmp_path / "empty" / "course.yaml").write_text("id: empty-course\nname: Empty\nversion: 1\n")
    (tmp_path / "empty" / "quizzes" / "week-1.yaml").write_text("# to be written\nquestions: []\n")
    build(tmp_path / "empty", "empty.apkg")
    result = run("course", "add", "empty.apkg")
    assert (result.exit_code, result.output) == (
        1,
        "Error: the course 'Empty' holds no entries or questions of its own: nothing to install "
        "(ask the instructor for the deck built from their folder)\n",
    )
    assert not courses_dir().exists()


def test_drill_deck_compiles_a_deck_once_and_again_only_when_it_changes(course: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from massage_quiz.items import compile as compiling
    from massage_quiz.items.load import load_items

    compiled = []
    original = compiling.items
    monkeypatch.setattr(compiling, "items", lambda catalogue: compiled.append(1) or original(catalogue))
    deck_file = build(course, "week-3.apkg").resolve()
    first = load_items(deck=deck_file)
    assert len(compiled) == 1 and any(item.id == "question/week-3-iliac-crest" for item in first)
    assert load_items(deck=deck_file) == first  # the second start reads its items from the cache
    assert len(compiled) == 1
    (course / "quizzes" / "week-3.yaml").write_text(WEEK_3 + NEW_QUESTION, encoding="utf-8")
    build(course, "week-3.apkg", epoch=T0 + 60)  # another deck in the same place: compiled afresh
    changed = load_items(deck=deck_file)
    assert len(compiled) == 2 and any(item.id == "question/week-3-mingmen-code" for item in changed)
    deck_file.write_bytes(b"not a zip")  # a deck that cannot be read gets its error, whatever was cached
    with pytest.raises(MassageQuizError, match="is not an Anki package"):
        load_items(deck=deck_file)
