"""The progress file's schema as a list of numbered migrations; SQLite's ``user_version`` counts those applied.

Each migration runs once, in order, inside the transaction that opens the
file for its first use by a newer massage-quiz; a file written by a newer
one (a higher version than this list is long) is refused, never written.
A new table or column is a new function at the end of this list, never an
edit of one already released.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: list[Migration] = []


def migration(function: Migration) -> Migration:
    """Register ``function`` as the next migration."""
    MIGRATIONS.append(function)
    return function


@migration
def m001_items_and_reviews(db: sqlite3.Connection) -> None:
    """Schema 1: each item's FSRS card, and every answer."""
    db.execute(
        """CREATE TABLE items (
            item_id TEXT PRIMARY KEY,
            card TEXT NOT NULL,            -- the fsrs Card, as its to_dict() JSON
            state INTEGER NOT NULL,
            stability REAL,
            due INTEGER NOT NULL,          -- seconds since the epoch, UTC
            first_review INTEGER NOT NULL,
            last_review INTEGER NOT NULL,
            reps INTEGER NOT NULL,
            lapses INTEGER NOT NULL
        )"""
    )
    db.execute("CREATE INDEX items_due ON items (due)")
    db.execute("CREATE INDEX items_first_review ON items (first_review)")
    db.execute(
        """CREATE TABLE reviews (
            id INTEGER PRIMARY KEY,
            item_id TEXT NOT NULL,
            reviewed_at INTEGER NOT NULL,
            rating INTEGER NOT NULL,       -- 1 Again, 2 Hard, 3 Good, 4 Easy
            correct INTEGER NOT NULL,
            answer TEXT NOT NULL,
            card_before TEXT               -- to re-grade the answer as Hard or Easy
        )"""
    )
    db.execute("CREATE INDEX reviews_item ON reviews (item_id)")


@migration
def m002_sync_and_trainee(db: sqlite3.Connection) -> None:
    """Schema 2: the pairing of answers with Anki's review log, and the anonymous trainee id.

    Versions of schema 1 made both tables at their first use, so a file may
    hold them already.
    """
    # Which answers are the same review as an entry of Anki's review log, whose id
    # (milliseconds since the epoch) is that review's one stable id on every device.
    db.execute(
        """CREATE TABLE IF NOT EXISTS anki_reviews (
            review_id INTEGER PRIMARY KEY,       -- reviews.id
            revlog_id INTEGER NOT NULL UNIQUE,   -- Anki's revlog.id
            from_anki INTEGER NOT NULL           -- 1: made in Anki and brought here; 0: made here
        )"""
    )
    db.execute("CREATE TABLE IF NOT EXISTS trainee (id TEXT NOT NULL)")


@migration
def m003_memory_model(db: sqlite3.Connection) -> None:
    """Schema 3: the FSRS parameters fitted to this trainee's reviews, and how well they predicted the held-out ones."""
    db.execute(
        """CREATE TABLE memory_model (
            fitted_at INTEGER NOT NULL,    -- seconds since the epoch, UTC
            reviews INTEGER NOT NULL,      -- answers on record when fitted
            trained_on INTEGER NOT NULL,   -- FSRS items (predicted reviews) fitted on
            held_out INTEGER NOT NULL,     -- later FSRS items the two sets were compared on
            parameters TEXT NOT NULL,      -- JSON list of the fitted FSRS-6 parameters
            fitted_log_loss REAL NOT NULL,
            default_log_loss REAL NOT NULL,
            fitted_rmse REAL NOT NULL,
            default_rmse REAL NOT NULL,
            adopted INTEGER NOT NULL       -- 1: the drill schedules with them
        )"""
    )


@migration
def m004_exams(db: sqlite3.Connection) -> None:
    """Schema 4: practice exams, kept answer by answer so that one interrupted can be resumed or ended."""
    db.execute(
        """CREATE TABLE exams (
            id INTEGER PRIMARY KEY,
            started_at INTEGER NOT NULL,   -- seconds since the epoch, UTC
            settings TEXT NOT NULL,        -- JSON: minutes, topics, tags, whether answers count as reviews
            item_ids TEXT NOT NULL,        -- JSON list, in the order asked
            used REAL NOT NULL,            -- seconds spent answering, over every sitting
            finished_at INTEGER            -- NULL while the exam is unfinished
        )"""
    )
    db.execute(
        """CREATE TABLE exam_answers (
            exam_id INTEGER NOT NULL REFERENCES exams (id),
            position INTEGER NOT NULL,
            item_id TEXT NOT NULL,
            answer TEXT NOT NULL,
            correct INTEGER NOT NULL,
            late INTEGER NOT NULL,         -- 1: given after the time was up, so not counted
            PRIMARY KEY (exam_id, position)
        )"""
    )


@migration
def m005_sync_mark(db: sqlite3.Connection) -> None:
    """Schema 5: what the last sync's exchange left, so that a sync with nothing new reads neither side's whole history."""
    db.execute(
        """CREATE TABLE sync_mark (
            review_log TEXT NOT NULL,      -- the collection's review log summed up (count, ids, a checksum) after the exchange
            cards TEXT NOT NULL,           -- a digest of which course card is which item then
            paired INTEGER NOT NULL,       -- answers paired with a review-log id then (sent or brought)
            unmatched INTEGER NOT NULL     -- terminal answers for items the deck had no card for
        )"""
    )


SCHEMA_VERSION = len(MIGRATIONS)


def pending(version: int) -> list[tuple[int, Migration]]:
    """The migrations a file at ``version`` still needs, each with the version it brings the file to."""
    return list(enumerate(MIGRATIONS[version:], start=version + 1))


def migrate(db: sqlite3.Connection) -> None:
    """Bring the file up to SCHEMA_VERSION in one transaction (another session may have done it while we waited)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        for reached, step in pending(version):
            step(db)
            db.execute(f"PRAGMA user_version = {reached}")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
