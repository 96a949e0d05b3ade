"""Concepts the code once defined twice, now defined once: each test would have caught the two copies disagreeing."""

from __future__ import annotations

from pathlib import Path

import pytest

from massage_quiz import characters, output

EVERY_CHARACTER = [chr(n) for n in range(0x3000)] + [chr(n) for n in range(0xFE00, 0x10000)]


def test_content_that_loads_prints_unchanged_so_every_character_output_strips_is_refused_by_content() -> None:
    stripped = {c for c in EVERY_CHARACTER if output.clean(c) == ""}
    assert stripped  # the control characters, DEL, the bidirectional overrides
    assert {c for c in stripped if not characters.INVISIBLE.match(c)} == set()
    assert {c for c in stripped if not characters.ONE_LINE_UNPRINTABLE.match(c)} == set()


def test_a_one_line_name_refuses_what_output_strips_and_tab_and_newline_besides() -> None:
    refused = {c for c in EVERY_CHARACTER if characters.ONE_LINE_UNPRINTABLE.match(c)}
    assert refused == {c for c in EVERY_CHARACTER if output.clean(c) == ""} | {"\t", "\n"}


@pytest.mark.parametrize("char", ["\u00ad", "\u200b", "\u200e", "\u2060", "\ufeff", "\u001f"])
def test_content_refuses_what_no_trainee_can_see_or_type(char: str) -> None:
    from massage_quiz.catalogue.fieldvalues import invisible_problem

    assert invisible_problem(f"Shen{char}shu") is not None
    assert invisible_problem("Shenshu\tand\nmore") is None


@pytest.mark.parametrize("state", [None, "{t}/elsewhere/mine.sqlite3"])
def test_the_courses_live_beside_the_progress_file_the_drill_opens(
    state: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from massage_quiz import userfiles
    from massage_quiz.course import installed
    from massage_quiz.drill import progressfile

    if state is None:
        monkeypatch.delenv("MASSAGE_QUIZ_STATE")
        monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    else:
        monkeypatch.setenv("MASSAGE_QUIZ_STATE", state.format(t=tmp_path))
    assert installed.courses_dir().parent == progressfile.default_path().parent == userfiles.data_dir()
    assert progressfile.ENV_STATE == installed.ENV_STATE == userfiles.ENV_STATE


def test_the_cache_is_where_massage_quiz_cache_says(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from massage_quiz.catalogue import cache

    monkeypatch.setenv(cache.ENV_CACHE, str(tmp_path / "c"))
    assert cache.cache_dir() == tmp_path / "c"


@pytest.mark.parametrize("groups", [[], [[1, 2, 3]], [[1, 2, 3], [4], [], [5, 6]], [[], []]])
def test_the_deck_and_the_drill_take_groups_in_the_same_turns(groups: list[list[int]]) -> None:
    import itertools

    from massage_quiz.selection import in_turn

    # The order the deck's new cards used before: itertools.zip_longest over the groups.
    deck_order = [x for row in itertools.zip_longest(*groups) for x in row if x is not None]
    assert in_turn(groups) == deck_order
    assert sorted(in_turn(groups)) == sorted(x for g in groups for x in g)


@pytest.mark.parametrize(
    ("topics", "tags", "topic", "own", "expected"),
    [
        ((), (), "acupoints", (), True),
        (("acupoints",), (), "acupoints", (), True),
        (("acupoints", "techniques"), (), "techniques", (), True),
        (("acupoints",), (), "techniques", ("seed",), False),
        ((), ("seed",), "techniques", ("seed", "week-3"), True),
        ((), ("seed", "x"), "techniques", ("week-3",), False),
        (("techniques",), ("week-3",), "acupoints", ("week-3",), False),
    ],
)
def test_list_the_drill_and_the_sheet_choose_by_topic_and_tag_alike(
    topics: tuple[str, ...], tags: tuple[str, ...], topic: str, own: tuple[str, ...], expected: bool
) -> None:
    from types import SimpleNamespace

    from massage_quiz.drill import session
    from massage_quiz.selection import chosen
    from massage_quiz.sheet import questions

    item = SimpleNamespace(topic=topic, tags=own)
    options = session.Options(topics=topics, tags=tags)
    assert chosen(topic, own, topics, tags) is expected
    assert session.wanted(item, options) is expected  # type: ignore[arg-type]
    assert questions.wanted(item, topics, tags) is expected  # type: ignore[arg-type]


def test_a_course_digest_is_the_cache_digest_of_its_files_length_prefixed() -> None:
    import hashlib

    from massage_quiz.catalogue.cache import digest
    from massage_quiz.catalogue.coursefile import CourseInfo
    from massage_quiz.course.bundle import Bundle

    def bundle(*files: tuple[str, str]) -> Bundle:
        return Bundle(CourseInfo("c", "C", "1"), "2026-03-09", files)

    # The digest every installed course's record holds: it must never change from one release to the next.
    expected = hashlib.sha256()
    for part in (b"quizzes/a.yaml", b"questions: []\n"):
        expected.update(len(part).to_bytes(8, "little") + part)
    assert bundle(("quizzes/a.yaml", "questions: []\n")).digest == expected.hexdigest()
    assert bundle(("b", "x"), ("a", "y")).digest == digest([b"a", b"y", b"b", b"x"])
    assert bundle(("ab", "c")).digest != bundle(("a", "bc")).digest  # the length prefix tells the split


def test_the_ratings_and_card_states_are_fsrs_own_numbers() -> None:
    import fsrs

    from massage_quiz.drill import scheduling

    ratings = (scheduling.AGAIN, scheduling.HARD, scheduling.GOOD, scheduling.EASY)
    assert ratings == (fsrs.Rating.Again, fsrs.Rating.Hard, fsrs.Rating.Good, fsrs.Rating.Easy)
    states = (scheduling.LEARNING, scheduling.REVIEW, scheduling.RELEARNING)
    assert states == (fsrs.State.Learning, fsrs.State.Review, fsrs.State.Relearning)


def test_the_card_states_are_ankis_card_types_too() -> None:
    pytest.importorskip("anki")
    from anki.consts import CARD_TYPE_LRN, CARD_TYPE_RELEARNING, CARD_TYPE_REV

    from massage_quiz.drill import scheduling

    assert (scheduling.LEARNING, scheduling.REVIEW, scheduling.RELEARNING) == (CARD_TYPE_LRN, CARD_TYPE_REV, CARD_TYPE_RELEARNING)


def test_a_lock_held_elsewhere_is_seen_and_waited_for(tmp_path: Path) -> None:
    from massage_quiz import filelock

    path = tmp_path / "x.lock"
    with filelock.held(path), open(path, "a+b") as other:  # another open file: as another process sees it
        assert filelock.lock(other, wait=False) is False
    with open(path, "a+b") as other:
        assert filelock.lock(other, wait=False) is True
        filelock.unlock(other)


def test_on_windows_the_lock_is_msvcrts_retried_until_free(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys
    import types

    from massage_quiz import filelock

    calls: list[tuple[int, int]] = []
    busy = [2]  # held by another for the first two tries

    def locking(fd: int, mode: int, nbytes: int) -> None:
        calls.append((mode, nbytes))
        if mode == fake.LK_NBLCK and busy[0]:
            busy[0] -= 1
            raise OSError("locked")

    fake = types.SimpleNamespace(LK_NBLCK=2, LK_UNLCK=0, locking=locking)
    monkeypatch.setitem(sys.modules, "msvcrt", fake)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(filelock, "_WINDOWS_RETRY", 0)
    with open(tmp_path / "x.lock", "a+b") as handle:
        assert filelock.lock(handle, wait=False) is False
        assert filelock.lock(handle) is True
        filelock.unlock(handle)
    assert calls == [(2, 1), (2, 1), (2, 1), (0, 1)]


def test_every_exception_class_is_in_errors_py() -> None:
    import ast

    import massage_quiz
    from massage_quiz import errors

    root = Path(massage_quiz.__file__).parent
    ours = {name for name, value in vars(errors).items() if isinstance(value, type) and issubclass(value, BaseException)}
    elsewhere = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and path.name != "errors.py":
                bases = {b.id if isinstance(b, ast.Name) else b.attr if isinstance(b, ast.Attribute) else "" for b in node.bases}
                if bases & (ours | {"Exception", "BaseException"}):
                    elsewhere.append(f"{path.relative_to(root)}:{node.name}")
    # The YAML reader's two, which carry its parser's nodes and marks (errors.py imports nothing of the catalogue).
    assert sorted(elsewhere) == ["catalogue/fieldvalues.py:Invalid", "catalogue/yamlreader.py:_Refused"]


def test_every_json_file_read_is_declared_with_jsonshape_and_nothing_else_declares_a_json_key() -> None:
    """The course in a deck, an installed course's course.json and a summary: one way to declare a JSON file's keys."""
    import ast

    import massage_quiz
    from massage_quiz import jsonshape
    from massage_quiz.course import bundle, installed, retention
    from massage_quiz.report import exports

    for table in (bundle.COURSE, bundle.FILE, installed.ABOUT_SHAPE, retention.RETENTION):
        assert isinstance(table, jsonshape.Object)
        assert all(isinstance(key, jsonshape.Key) for key in table.keys)
    assert all(isinstance(key, jsonshape.Key) for key in (*exports.SUMMARY_KEYS, *exports.ITEM_KEYS))
    assert exports.first_problem is jsonshape.first_problem
    root = Path(massage_quiz.__file__).parent
    keys = [
        f"{path.relative_to(root)}:{node.name}"
        for path in root.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ClassDef)
        and {"check", "keys"}
        & {f.target.id for f in node.body if isinstance(f, ast.AnnAssign) and isinstance(f.target, ast.Name)}
    ]
    # A record with a check or a table of keys declares a file's shape: JSON's in jsonshape.py only; YAML's (read with
    # a line and column for every problem) in the authoring format's specs and, for course.yaml, with the same checks.
    assert sorted(keys) == [
        "catalogue/coursefile.py:Table",
        "catalogue/specs.py:Field",
        "jsonshape.py:Key",
        "jsonshape.py:Object",
    ]
