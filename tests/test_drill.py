"""The terminal drill through click's CliRunner, with scripted answers and a pinned clock."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC
from pathlib import Path

import pytest
from click.testing import CliRunner

from massage_quiz.catalogue.loader import load
from massage_quiz.cli import main
from massage_quiz.drill import progress
from massage_quiz.drill.grading import normalize_text
from massage_quiz.items.compile import items as compile_items

NOW = "2026-03-02T09:00:00+00:00"


@pytest.fixture(autouse=True)
def pinned_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MASSAGE_QUIZ_NOW", NOW)
    monkeypatch.setenv("TZ", "UTC")


def drill(args: list[str], answers: str, **env: str):
    return CliRunner().invoke(main, args, input=answers, env=env or None)


def reviews(state: Path) -> list[tuple]:
    with sqlite3.connect(state) as db:
        return db.execute("SELECT item_id, rating, correct, answer FROM reviews ORDER BY id").fetchall()


def test_a_whole_short_session(isolated_user_state: Path) -> None:
    result = drill(["drill", "--topic", "acupoints", "--limit", "1"], "ub 23\n")
    assert result.exit_code == 0
    assert (
        result.output
        == """\
Today: 1 question. Type q to stop at any time.

[1/1] Acupoints
Shènshū 肾俞
Type its code, written like LU1 or EX-HN3
> ub 23
✓ Right.
In WHO's notation: BL23.
  Name: Shènshū 肾俞 · Kidney Shu
  Meridian: Bladder
  Location: Level with the lower border of the spinous process of L2, 1.5 B-cun
  lateral to the posterior midline.
  Pressing: With the thumb or the elbow, at moderate pressure.
  Sensation sought: Soreness and distension.
  Note: The back-transport (back-shu) point of the Kidney.
  Source: WHO Standard Acupuncture Point Locations in the Western Pacific
  Region (WHO WPRO 2008, ISBN 978-92-9061-248-7); Zhang Xiuhong, "What are the
  methods for lumbar and back massage?", Cainiu Health, 2025-05-08; Woodley S,
  Acupuncture Points Notebook, Bl-23 (English name)
Session over: 1 answered, 1 right.
Next due: Mon 02 Mar 09:10 (in 10 minutes).
"""
    )
    assert reviews(isolated_user_state) == [("acupoint/shenshu/code", 3, 1, "ub 23")]


def test_plain_massage_quiz_starts_the_drill(isolated_user_state: Path) -> None:
    result = drill([], "q\n")
    assert result.exit_code == 0
    assert result.output.startswith("Today: 10 questions. Type q to stop at any time.\n\n[1/10] Techniques\n")
    assert result.output.endswith("Session over: 0 answered, 0 right.\n")


def test_wrong_answer_shows_the_answer_and_rates_again(isolated_user_state: Path) -> None:
    result = drill(["drill", "--topic", "acupoints", "--limit", "1"], "BL25\n")
    assert "✗ Not quite.\nThe answer: BL23\n" in result.output
    assert reviews(isolated_user_state) == [("acupoint/shenshu/code", 1, 0, "BL25")]


def test_bl54_is_not_weizhong(isolated_user_state: Path) -> None:
    result = drill(["drill", "--tag", "leg", "--limit", "1"], "BL54\n")
    assert "Wěizhōng 委中\nType its code, written like LU1 or EX-HN3" in result.output
    assert "✗ Not quite.\nThe answer: BL40\n" in result.output


@pytest.mark.parametrize("ending", ["q\n", "quit\n", ""], ids=["q", "quit", "end-of-input"])
def test_ending_keeps_every_answer_and_sums_up(isolated_user_state: Path, ending: str) -> None:
    result = drill(["drill"], "2\nBL23\n" + ending)
    assert result.exit_code == 0
    assert "Session over: 2 answered" in result.output
    assert len(reviews(isolated_user_state)) == 2


def test_choice_by_number_or_text(isolated_user_state: Path) -> None:
    catalogue = load()
    first = compile_items(catalogue)[0]  # palm pushing, hand position: multiple choice
    assert first.id == "technique/palm-pushing/hand-position"
    drill(["drill", "--limit", "1"], f"{first.answer}\n")  # the options are shuffled at every showing: by text
    drill(["drill", "--limit", "1", "--topic", "acupoints"], "nonsense\n")
    assert [r[2] for r in reviews(isolated_user_state)] == [1, 0]


def test_unreadable_answers_are_asked_again(isolated_user_state: Path) -> None:
    result = drill(["drill", "--limit", "1"], "9\n1\n")
    assert "Pick a number from 1 to 4, or type words from one option." in result.output
    assert len(reviews(isolated_user_state)) == 1


def test_new_items_are_limited_per_day_and_due_items_come_first(isolated_user_state: Path) -> None:
    answers = "\n" * 4  # "don't know" to two new items, each asked again in the session: each rated Again
    first = drill(["drill", "--new-per-day", "2"], answers)
    assert "Session over: 4 answered, 0 right." in first.output
    again = drill(["drill", "--new-per-day", "2"], "")
    assert again.output == (
        "Nothing is due now, and today's new items are done. Next due: Mon 02 Mar 09:01\n(in 1 minute).\n"
        "To practise without changing your schedule: massage-quiz drill --practice\n"
    )
    later = drill(["drill", "--new-per-day", "2"], "q\n", MASSAGE_QUIZ_NOW="2026-03-02T09:30:00+00:00")
    assert later.output.startswith("Today: 2 questions.")
    tomorrow = drill(["drill", "--new-per-day", "3"], "q\n", MASSAGE_QUIZ_NOW="2026-03-03T09:30:00+00:00")
    assert tomorrow.output.startswith("Today: 5 questions.")


def test_practice_does_not_disturb_the_schedule(isolated_user_state: Path) -> None:
    drill(["drill", "--limit", "2"], "\n\n")
    before = reviews(isolated_user_state)
    result = drill(["drill", "--practice", "--limit", "3"], "1\n1\n\nn\n")  # the third item is now a recall item
    assert result.output.startswith("Practice: 3 questions.")
    assert "Practice over: 3 answered" in result.output
    assert "Practice does not change your schedule." in result.output
    assert reviews(isolated_user_state) == before


@pytest.mark.parametrize(
    ("args", "first"),
    [
        (["--topic", "contraindications"], "[1/10] Contraindications"),
        (["--topic", "questions"], "[1/10] Questions"),
        (["--tag", "acupoint-code", "--topic", "questions"], "In the WHO numbering, which point is BL54?"),
    ],
)
def test_topic_and_tag_filters(args: list[str], first: str) -> None:
    result = drill(["drill", *args], "q\n")
    assert first in result.output


def test_unknown_tag_is_a_usage_error() -> None:
    result = drill(["drill", "--tag", "nonesuch"], "")
    assert result.exit_code == 2
    assert "no items match the --topic and --tag given" in result.output


QUESTION = """\
questions:
  - id: class-question
    type: typed
    prompt: {prompt}
    answer: GV4
    acupoint: mingmen
    tags: [week-one]
    source: WHO Standard Acupuncture Point Locations (2008)
"""


def test_rewording_keeps_progress_and_deleted_entries_are_ignored(isolated_user_state, make_folder, tmp_path) -> None:
    folder = make_folder({"quizzes/q.yaml": QUESTION.format(prompt="What is the WHO code of Mìngmén?")})
    drill(["drill", "--content", folder, "--tag", "week-one"], "\n")
    assert reviews(isolated_user_state) == [("question/class-question", 1, 0, "")]
    (tmp_path / folder / "quizzes" / "q.yaml").write_text(QUESTION.format(prompt="Which WHO code does Mìngmén have?"))
    data = json.loads(CliRunner().invoke(main, ["stats", "--json", "--content", folder]).output)
    assert data["items_seen"] == 1 and data["topics"]["questions"] == {"total": 110, "new": 109, "learning": 1, "mastered": 0}
    without = json.loads(CliRunner().invoke(main, ["stats", "--json"]).output)
    assert without["items_seen"] == 0 and without["reviews"] == 1
    assert drill(["drill"], "q\n").exit_code == 0


def test_stats_json_keys_are_stable(isolated_user_state) -> None:
    drill(["drill", "--limit", "1", "--topic", "acupoints"], "BL23\n")
    data = json.loads(CliRunner().invoke(main, ["stats", "--json"]).output)
    assert data == {
        "reviews": 1,
        "items_seen": 1,
        "due_now": 0,
        "due_today": 1,
        "due_this_week": 1,
        "next_due": "2026-03-02T09:10:00+00:00",
        "topics": {
            "techniques": {"total": 16, "new": 16, "learning": 0, "mastered": 0},
            "acupoints": {"total": 31, "new": 30, "learning": 1, "mastered": 0},
            "contraindications": {"total": 44, "new": 44, "learning": 0, "mastered": 0},
            "questions": {"total": 109, "new": 109, "learning": 0, "mastered": 0},
        },
        "memory_model": {"parameters": "default", "fitted": None, "needed": 200},
        "retention": {
            "default": 0.9,
            "held_tighter": [
                {
                    "name": "topic contraindications",
                    "retention": 0.95,
                    "items": 44,
                    "in_review": 0,
                    "per_day": 0.0,
                    "per_day_at_default": 0.0,
                },
                {
                    "name": "tag contraindication",
                    "retention": 0.95,
                    "items": 27,
                    "in_review": 0,
                    "per_day": 0.0,
                    "per_day_at_default": 0.0,
                },
                {
                    "name": "tag red-flag",
                    "retention": 0.95,
                    "items": 9,
                    "in_review": 0,
                    "per_day": 0.0,
                    "per_day_at_default": 0.0,
                },
            ],
        },
    }


def test_stats_text() -> None:
    result = CliRunner().invoke(main, ["stats"])
    assert result.exit_code == 0
    assert result.output == (
        "Reviews done:   0\nItems seen:     0\nDue now:        0\nDue today:      0\nDue this week:  0\n\n"
        "Topic              new  learning  mastered  total\n"
        "techniques          16         0         0     16\n"
        "acupoints           31         0         0     31\n"
        "contraindications   44         0         0     44\n"
        "questions          109         0         0    109\n\n"
        "Memory model:   FSRS's defaults (fitted to you once 200 answers come a day or\n"
        "                more after the one before)\n"
        "Retention:      0.90 for most items; held tighter:\n"
        "                0.95 topic contraindications (44 items)\n"
        "                0.95 tag contraindication (27 items)\n"
        "                0.95 tag red-flag (9 items)\n"
    )


@pytest.mark.parametrize(
    ("columns", "header", "row"),
    [
        ("50", "Topic              new  learning  mastered  total", "contraindications   44         0         0     44"),
        ("46", "Topic             new learning mastered total", "contraindications  44        0        0    44"),
    ],
)
def test_stats_fits_a_narrow_terminal_without_wrapping(columns: str, header: str, row: str) -> None:
    result = CliRunner().invoke(main, ["stats"], env={"COLUMNS": columns})
    lines = result.output.splitlines()
    at = lines.index(header)
    assert lines[at + 3] == row  # techniques, acupoints, then contraindications
    assert max(len(line) for line in lines) < int(columns)


def test_mastered_after_long_intervals(isolated_user_state) -> None:
    from datetime import datetime

    from massage_quiz.drill.scheduling import scheduler_for

    schedule = scheduler_for()
    moment = datetime(2026, 1, 1, 9, tzinfo=UTC)
    with progress.Store(isolated_user_state) as store:
        # Right every time it falls due: FSRS stretches the interval past 21 days.
        for _ in range(12):
            store.record("acupoint/shenshu/code", moment, 3, True, "BL23", schedule)
            moment = progress.from_epoch(store.states()["acupoint/shenshu/code"].due)
        assert (store.states()["acupoint/shenshu/code"].stability or 0) >= progress.MASTERED_STABILITY_DAYS
    data = json.loads(CliRunner().invoke(main, ["stats", "--json"]).output)
    assert data["topics"]["acupoints"]["mastered"] == 1
    assert data["reviews"] == 12


DAMAGED = [
    pytest.param(
        b"this is not a database, it is a text file\n" * 20, "is not a massage-quiz progress file or is damaged", id="text-file"
    ),
    pytest.param(
        b"SQLite format 3\x00" + b"\xff" * 2000, "is not a massage-quiz progress file or is damaged", id="damaged-header"
    ),
]


@pytest.mark.parametrize(("content", "message"), DAMAGED)
def test_a_damaged_progress_file_is_reported_and_untouched(isolated_user_state: Path, content: bytes, message: str) -> None:
    isolated_user_state.write_bytes(content)
    for args in (["drill"], ["stats"]):
        result = drill(args, "1\n")
        assert result.exit_code == 1
        assert message in result.output and "it was left untouched" in result.output
        assert "Traceback" not in result.output
    assert isolated_user_state.read_bytes() == content


def test_a_foreign_database_is_reported_and_untouched(isolated_user_state: Path) -> None:
    with sqlite3.connect(isolated_user_state) as db:
        db.execute("CREATE TABLE mine (x)")
    before = isolated_user_state.read_bytes()
    result = drill(["drill"], "1\n")
    assert result.exit_code == 1
    assert (
        result.output
        == f"Error: {isolated_user_state} is not a massage-quiz progress file; it was left untouched; move it away to start afresh, or use --state to choose another file\n"
    )
    assert isolated_user_state.read_bytes() == before


def test_a_newer_schema_is_refused(isolated_user_state: Path) -> None:
    progress.Store(isolated_user_state).close()
    with sqlite3.connect(isolated_user_state) as db:
        db.execute("PRAGMA user_version = 99")
    result = drill(["stats"], "")
    assert result.exit_code == 1
    assert "was written by a newer massage-quiz (schema 99)" in result.output


def test_state_option_and_env(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere" / "mine.sqlite3"
    drill(["drill", "--state", str(target), "--limit", "1"], "1\n")
    assert len(reviews(target)) == 1


def test_default_state_is_in_the_user_data_directory(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("MASSAGE_QUIZ_STATE")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path))
    assert progress.default_path() == tmp_path / "massage-quiz" / "progress.sqlite3"


def test_two_stores_on_one_file_lose_nothing(isolated_user_state: Path) -> None:
    from datetime import datetime

    from massage_quiz.drill.scheduling import scheduler_for

    schedule = scheduler_for()
    now = datetime(2026, 3, 2, 9, tzinfo=UTC)
    one, two = progress.Store(isolated_user_state), progress.Store(isolated_user_state)
    for n in range(5):
        one.record("acupoint/shenshu/code", now, 3, True, f"one {n}", schedule)
        two.record("acupoint/shenshu/code", now, 1, False, f"two {n}", schedule)
    assert one.states()["acupoint/shenshu/code"].reps == 10
    assert two.review_count() == 10
    one.close()
    two.close()


def test_control_characters_in_content_are_refused_at_their_place(isolated_user_state, make_folder) -> None:
    folder = make_folder(
        {
            "quizzes/q.yaml": (
                'questions:\n  - id: sneaky\n    type: typed\n    prompt: "Clear\\e[2J the \\a screen?\\u202e"\n'
                "    answer: GV4\n    tags: [sneaky]\n    source: x\n"
            )
        }
    )
    result = drill(["drill", "--content", folder, "--tag", "sneaky"], "\n")
    assert result.exit_code == 1
    assert result.output == (
        "class/quizzes/q.yaml:4:13: prompt: text holds an invisible character U+001B (a control character) "
        "at character 6: delete it\n1 problem found.\n"
    )
    assert "\x1b" not in result.output and "\a" not in result.output and "\u202e" not in result.output


def test_no_colour_when_not_a_terminal(monkeypatch) -> None:
    monkeypatch.delenv("NO_COLOR")
    result = drill(["drill", "--limit", "1"], "1\n")
    assert "\x1b[" not in result.output


def test_choice_items_never_have_a_second_right_answer() -> None:
    for item in compile_items(load()):
        if item.form == "choice":
            answers = [o for o in item.options if normalize_text(o) == normalize_text(item.answer)]
            assert len(answers) == 1, item.id
            assert item.options[item.correct] == item.answer


@pytest.mark.parametrize("command", sorted(__import__("massage_quiz.cli").cli.COMMANDS))
def test_every_command_has_help(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    import click

    help_text = main.get_command(click.Context(main), command).help
    assert help_text and len(help_text.split(".")[0]) > 10


WRITER = """
import sys
from datetime import datetime, timezone
from pathlib import Path
from massage_quiz.drill.progress import Store
from massage_quiz.drill.scheduling import scheduler_for
store = Store(Path(sys.argv[1]))
schedule = scheduler_for()
for n in range(40):
    store.record(f"item/{n % 5}", datetime(2026, 3, 2, 9, tzinfo=timezone.utc), 3, True, sys.argv[2], schedule)
store.close()
"""


def test_two_processes_at_once_never_corrupt_progress(isolated_user_state: Path) -> None:
    import subprocess
    import sys

    progress.Store(isolated_user_state).close()
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(isolated_user_state), name]) for name in ("one", "two")]
    assert [w.wait(timeout=60) for w in writers] == [0, 0]
    with sqlite3.connect(isolated_user_state) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT answer, count(*) FROM reviews GROUP BY answer").fetchall() == [("one", 40), ("two", 40)]
        assert db.execute("SELECT sum(reps) FROM items").fetchone() == (80,)


def test_the_lazy_command_table_matches_the_commands() -> None:
    import click

    from massage_quiz.cli import COMMANDS

    ctx = click.Context(main)
    for name, (_, _, short_help) in COMMANDS.items():
        command = main.get_command(ctx, name)
        assert command.name == name
        assert command.get_short_help_str(limit=84) == short_help


@pytest.mark.parametrize(
    ("moment", "midnight"),
    [
        # Berlin moves from UTC+1 to UTC+2 on 2026-03-29 at 02:00: midnight was still at UTC+1.
        ("2026-03-29T20:00:00+00:00", "2026-03-28T23:00:00+00:00"),
        # ... and back on 2026-10-25 at 03:00: midnight was still at UTC+2.
        ("2026-10-25T20:00:00+00:00", "2026-10-24T22:00:00+00:00"),
        ("2026-07-01T12:00:00+00:00", "2026-06-30T22:00:00+00:00"),
    ],
)
def test_the_day_starts_at_local_midnight_on_dst_days(monkeypatch: pytest.MonkeyPatch, moment: str, midnight: str) -> None:
    import time
    from datetime import datetime

    from massage_quiz.drill import clock

    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    try:
        start = clock.start_of_day(datetime.fromisoformat(moment))
        assert start == datetime.fromisoformat(midnight)
        assert clock.end_of_day(datetime.fromisoformat(moment)) > datetime.fromisoformat(moment)
    finally:
        monkeypatch.undo()
        time.tzset()
