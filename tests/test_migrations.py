"""The progress file's migrations: a file of any earlier schema ends up as a new file is made, keeping its data."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from massage_quiz.drill.migrations import MIGRATIONS, SCHEMA_VERSION
from massage_quiz.drill.progress import Store
from massage_quiz.drill.progressfile import APPLICATION_ID


def schema(path: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(path) as db:
        return sorted(db.execute("SELECT name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").fetchall())


def made_at(path: Path, version: int) -> None:
    """A progress file as the massage-quiz of schema ``version`` left it, holding one answer."""
    db = sqlite3.connect(path)
    for step in MIGRATIONS[:version]:
        step(db)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute(f"PRAGMA user_version = {version}")
    db.execute("INSERT INTO reviews (item_id, reviewed_at, rating, correct, answer) VALUES ('a/b/c', 5, 3, 1, 'x')")
    db.commit()
    db.close()


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION))
def test_a_file_of_an_earlier_schema_is_migrated_to_the_schema_of_a_new_one(tmp_path: Path, version: int) -> None:
    fresh, old = tmp_path / "fresh.sqlite3", tmp_path / "old.sqlite3"
    Store(fresh).close()
    made_at(old, version)
    with Store(old) as store:
        assert store.review_count() == 1
    assert schema(old) == schema(fresh)
    with sqlite3.connect(old) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
