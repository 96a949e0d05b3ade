"""The progress file under stress: damage reported and left as it was, a full or read-only disk named, no answer lost."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from massage_quiz.cli import main
from massage_quiz.drill.progress import ProgressError, Store
from massage_quiz.drill.scheduling import AGAIN, EASY, GOOD, scheduler_for

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def answered(path: Path, n: int = 2) -> None:
    with Store(path) as store:
        for i in range(n):
            store.record(f"acupoint/shenshu/item{i}", NOW, GOOD, True, "x", scheduler_for())


DAMAGES = [
    ("DROP TABLE reviews", "is damaged (no such table: reviews)"),
    ("DROP TABLE items", "is damaged (no such table: items)"),
    ("UPDATE items SET card = '{bad'", "is damaged (a record cannot be read"),
    ("UPDATE items SET card = '[]'", "is damaged (a record cannot be read: not a card)"),
    ("UPDATE items SET due = 'soon'", "is damaged (a record cannot be read"),
    ("PRAGMA user_version = 0", "has an unknown schema version 0"),
    ("PRAGMA user_version = 9", "was written by a newer massage-quiz (schema 9)"),
    ("PRAGMA application_id = 7", "is not a massage-quiz progress file"),
]
# The drill meets these before its first question; the others when it reads the records concerned.
AT_START = [d for d in DAMAGES if "PRAGMA" in d[0] or ("items" in d[0] and "DROP" in d[0])]


def damaged(path: Path, damage: str) -> bytes:
    answered(path)
    db = sqlite3.connect(path)
    with db:
        db.execute(damage)
    db.close()
    return path.read_bytes()


def assert_reported(result, message: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert "unexpected error" not in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(("damage", "message"), DAMAGES)
def test_stats_reports_damage_and_leaves_the_file(isolated_user_state: Path, damage: str, message: str) -> None:
    before = damaged(isolated_user_state, damage)
    assert_reported(CliRunner().invoke(main, ["stats"]), message)
    assert isolated_user_state.read_bytes() == before


@pytest.mark.parametrize(("damage", "message"), AT_START)
def test_the_drill_reports_damage_and_leaves_the_file(isolated_user_state: Path, damage: str, message: str) -> None:
    before = damaged(isolated_user_state, damage)
    assert_reported(CliRunner().invoke(main, ["drill", "--limit", "1"], input="q\n"), message)
    assert isolated_user_state.read_bytes() == before


def test_a_full_disk_ends_with_a_message_and_keeps_every_earlier_answer(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    answered(path, 3)
    store = Store(path)
    try:
        (pages,) = store._db.execute("PRAGMA page_count").fetchone()
        store._db.execute(f"PRAGMA max_page_count = {pages}")  # SQLite now fails as on a full disk

        def fill() -> None:
            for i in range(200):
                store.record(f"technique/x/item{i}", NOW, GOOD, True, "a long answer " * 50, scheduler_for())

        with pytest.raises(ProgressError, match=r"the disk is full\. Every earlier answer is saved; free some space"):
            fill()
    finally:
        store.close()
    with Store(path) as again:
        assert again.review_count() >= 3
        assert again._db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_session_ends_cleanly_when_the_disk_fills(isolated_user_state: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    record = Store.record

    def filling(self: Store, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(args[0])
        if len(calls) == 3:
            raise ProgressError(
                "cannot save to it: the disk is full. Every earlier answer is saved; free some space, then carry on"
            )
        return record(self, *args, **kwargs)

    monkeypatch.setattr(Store, "record", filling)
    # Empty answers ("I don't know") to the acupoints' typed questions: each is graded and recorded.
    result = CliRunner().invoke(main, ["drill", "--topic", "acupoints", "--limit", "5"], input="\n" * 20)
    assert result.exit_code == 1
    assert result.output.rstrip().endswith("the disk is full. Every earlier answer is saved; free some space, then carry on")
    monkeypatch.setattr(Store, "record", record)
    with Store(isolated_user_state) as store:
        assert store.review_count() == 2


def test_a_read_only_file_is_named_as_such_not_as_damaged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "p.sqlite3"
    answered(path)
    connect = sqlite3.connect
    # Tests run as root, whom file permissions do not stop: open it read-only as SQLite would for a user.
    monkeypatch.setattr(sqlite3, "connect", lambda p, **kw: connect(f"file:{p}?mode=ro", uri=True, **kw))
    with pytest.raises(ProgressError) as raised:
        Store(path).record("x/y/z", NOW, GOOD, True, "a", scheduler_for())
    assert "read-only" in str(raised.value) and "damaged" not in str(raised.value)


def test_a_late_rerating_never_overwrites_a_newer_answer_from_another_session(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    one, two = Store(path), Store(path)
    try:
        first = one.record("acupoint/shenshu/code", NOW, GOOD, True, "BL23", scheduler_for())
        two.record("acupoint/shenshu/code", NOW, AGAIN, False, "BL25", scheduler_for())
        newer = two.states()["acupoint/shenshu/code"]
        assert one.regrade(first, EASY, scheduler_for()) is False  # too late: the other session answered since
        assert one.states()["acupoint/shenshu/code"] == newer  # still due in minutes, not in days
        third = one.record("acupoint/shenshu/code", NOW, GOOD, True, "BL23", scheduler_for())
        assert one.regrade(third, EASY, scheduler_for()) is True
    finally:
        one.close()
        two.close()


def test_sessions_creating_the_file_at_the_same_moment_all_work(tmp_path: Path) -> None:
    path = tmp_path / "new" / "progress.sqlite3"
    code = (
        "import sys\nfrom datetime import datetime, timezone\n"
        "from massage_quiz.drill.progress import Store\nfrom massage_quiz.drill.scheduling import scheduler_for\n"
        "with Store(__import__('pathlib').Path(sys.argv[1])) as s:\n"
        "    s.record('item/' + sys.argv[2] + '/x', datetime.now(timezone.utc), 3, True, 'a', scheduler_for())\n"
    )
    processes = [
        subprocess.Popen([sys.executable, "-c", code, str(path), str(n)], stderr=subprocess.PIPE, text=True) for n in range(6)
    ]
    errors = [p.communicate(timeout=120)[1] for p in processes]
    assert [p.returncode for p in processes] == [0] * 6, errors
    with Store(path) as store:
        assert store.review_count() == 6
        assert store._db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
