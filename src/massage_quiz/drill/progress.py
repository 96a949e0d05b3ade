"""Each trainee's progress, kept safe in SQLite.

Every answer is committed before the next question is shown, so killing
the quiz loses at most the question on screen. WAL mode and immediate
transactions let two sessions share the file without corrupting it. A
file that is damaged, foreign or from a newer version is reported and
never written to.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, NamedTuple

from massage_quiz.drill.clock import epoch_of as epoch
from massage_quiz.drill.memorymodel import Fitted

# Re-exported: the rest of the program knows the progress file by this module.
from massage_quiz.drill.progressfile import ProgressError as ProgressError
from massage_quiz.drill.progressfile import cannot_write, open_file
from massage_quiz.drill.progressfile import default_path as default_path
from massage_quiz.drill.scheduling import AGAIN, REVIEW, CardState, Parameters, Schedule, scheduler_for

MASTERED_STABILITY_DAYS = 21.0


def from_epoch(seconds: int) -> datetime:
    """A UTC datetime from seconds since the epoch."""
    return datetime.fromtimestamp(seconds, tz=UTC)


class Review(NamedTuple):
    """One answer made in the terminal, and its id in Anki's review log once it has one."""

    review_id: int
    item_id: str
    reviewed_at: int
    rating: int
    revlog_id: int | None
    state_before: int | None  # fsrs's state of the item before this answer (None: its first)


class ItemState(NamedTuple):
    """What the store knows of one item."""

    item_id: str
    card: CardState
    state: int
    stability: float | None
    due: int
    reps: int
    lapses: int


class Answers(NamedTuple):
    """What the reviews of one item add up to."""

    total: int
    wrong: int
    last_right: bool
    last_at: int  # seconds since the epoch, UTC


class Store:
    """The progress database of one trainee."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = open_file(path)

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def seen(self) -> set[str]:
        """Ids of every item answered at least once."""
        return {row[0] for row in self._query("SELECT item_id FROM items")}

    def due(self, now: datetime, among: Iterable[str] | None = None) -> list[str]:
        """Items due at ``now``, most overdue first (only those in ``among``, if given)."""
        rows = self._query("SELECT item_id FROM items WHERE due <= ? ORDER BY due, item_id", (epoch(now),))
        wanted = None if among is None else set(among)
        return [r[0] for r in rows if wanted is None or r[0] in wanted]

    def next_due(self, among: Iterable[str]) -> datetime | None:
        """When the next of these items falls due."""
        wanted = set(among)
        with self._reading():
            for item_id, due in self._query("SELECT item_id, due FROM items ORDER BY due"):
                if item_id in wanted:
                    return from_epoch(due)
        return None

    def new_since(self, start: datetime) -> int:
        """How many items were answered for the first time since ``start``."""
        return int(self._query("SELECT count(*) FROM items WHERE first_review >= ?", (epoch(start),))[0][0])

    def states(self) -> dict[str, ItemState]:
        """The state of every item seen."""
        rows = self._query("SELECT item_id, card, state, stability, due, reps, lapses FROM items")
        with self._reading():
            return {r[0]: ItemState(r[0], _card(r[1]), int(r[2]), r[3], int(r[4]), int(r[5]), int(r[6])) for r in rows}

    def card(self, item_id: str) -> CardState | None:
        """The item's FSRS card as stored now, or None for an item never answered."""
        rows = self._query("SELECT card FROM items WHERE item_id = ?", (item_id,))
        return None if not rows else dict(json.loads(rows[0][0]))

    def review_count(self) -> int:
        """How many answers are on record."""
        return int(self._query("SELECT count(*) FROM reviews")[0][0])

    def answers(self) -> dict[str, Answers]:
        """For every item answered: how many answers, how many wrong, and the last one (never what was typed)."""
        rows = self._query(
            """SELECT item_id, count(*), sum(correct = 0),
                      (SELECT correct FROM reviews AS r WHERE r.item_id = reviews.item_id ORDER BY reviewed_at DESC, id DESC LIMIT 1),
                      max(reviewed_at)
               FROM reviews GROUP BY item_id"""
        )
        return {r[0]: Answers(int(r[1]), int(r[2]), bool(r[3]), int(r[4])) for r in rows}

    def history(self) -> list[tuple[str, int, int]]:
        """Every answer as (item id, seconds since the epoch, rating), in the order they were made (Anki's by their ids)."""
        rows = self._query(
            """SELECT r.item_id, r.reviewed_at, r.rating FROM reviews r LEFT JOIN anki_reviews a ON a.review_id = r.id
               ORDER BY coalesce(a.revlog_id, r.reviewed_at * 1000), r.id"""
        )
        return [(str(r[0]), int(r[1]), int(r[2])) for r in rows]

    def memory_model(self) -> Fitted | None:
        """The last fit of FSRS's parameters to this trainee's answers, if any."""
        rows = self._query("SELECT * FROM memory_model ORDER BY fitted_at DESC, rowid DESC LIMIT 1")
        with self._reading():
            return None if not rows else Fitted.from_row(rows[0])

    def parameters(self) -> Parameters | None:
        """The FSRS parameters to schedule with: the last fit's if adopted, else None (FSRS's defaults)."""
        model = self.memory_model()
        return model.parameters if model is not None and model.adopted else None

    def save_memory_model(self, fitted: Fitted) -> None:
        """Keep a fit (adopted or not), so that ``stats`` can say what was measured; with it, every item's memory under the parameters now in use.

        When the fit changes the parameters the drill schedules with, every
        item's stability and difficulty are recomputed from its answers with
        them, in the same transaction, as Anki recomputes its cards' memory
        states when a preset's parameters change (its due date is kept, as
        Anki keeps it unless asked to reschedule). Otherwise the drill would
        go on from stabilities the old parameters made, while Anki, given the
        new ones at the next sync, computes each card's from its whole history.
        """
        with self._write(), self._reading():
            changed = self._keep_fit(fitted)
            if changed is not None:
                self._remember(changed)

    def _keep_fit(self, fitted: Fitted) -> Schedule | None:
        """Keep a fit (in the caller's transaction); a schedule with the parameters now in use if they changed, else None."""
        before = self.parameters()
        self._db.execute("INSERT INTO memory_model VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", fitted.as_row())
        after = self.parameters()
        return None if after == before else scheduler_for(parameters=after)

    def rows(self, sql: str, args: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        """The rows of a query, a damaged file reported in one line (for the modules that keep tables of their own)."""
        return self._query(sql, args)

    @contextlib.contextmanager
    def writing(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, committed at the end or rolled back whole (for the modules that keep tables of their own)."""
        with self._write(), self._reading():
            yield self._db

    def answer_log(self) -> Iterator[tuple[str, int, int, bool]]:
        """Every answer as (item id, time, review id, right), as stored: one pass over the table, nothing sorted.

        A summary of a million answers must cost what reading them costs:
        sorting each item's answers made the export grow faster than its size.
        """
        try:
            for item_id, reviewed_at, review_id, correct in self._db.execute(
                "SELECT item_id, reviewed_at, id, correct FROM reviews"
            ):
                yield item_id, int(reviewed_at), int(review_id), bool(correct)
        except sqlite3.DatabaseError as exc:
            raise ProgressError(f"the progress file {self.path} is damaged ({exc}); it was left untouched") from None

    def trainee_id(self) -> str:
        """A random id of this progress file, made the first time it is asked for and kept from then on.

        It tells one trainee's summaries from another's without saying who
        they are.
        """
        with self._write():
            row = self._db.execute("SELECT id FROM trainee").fetchone()
            if row is None:
                import secrets

                row = (secrets.token_hex(8),)
                self._db.execute("INSERT INTO trainee (id) VALUES (?)", row)
        return str(row[0])

    def adopt_trainee_id(self, shared: str) -> None:
        """Take ``shared`` as this progress file's trainee id: another computer of the same trainee made it first (sync)."""
        with self._write():
            self._db.execute("DELETE FROM trainee")
            self._db.execute("INSERT INTO trainee (id) VALUES (?)", (shared,))

    def record(
        self,
        item_id: str,
        now: datetime,
        rating: int,
        correct: bool,
        answer: str,
        schedule: Schedule,
    ) -> int:
        """Schedule and store one answer in one transaction; return the review's id.

        ``schedule`` turns the item's current card (or None) and a rating into
        the next card. It runs inside the transaction, on the card as it is on
        disk now, so a second session's answers are never lost.
        """
        with self._write(), self._reading():
            row = self._db.execute("SELECT card FROM items WHERE item_id = ?", (item_id,)).fetchone()
            before = None if row is None else _card(row[0])
            card = schedule.for_item(item_id)(before, rating, now)
            self._save(item_id, card, before, now, rating)
            cursor = self._db.execute(
                "INSERT INTO reviews (item_id, reviewed_at, rating, correct, answer, card_before) VALUES (?, ?, ?, ?, ?, ?)",
                (item_id, epoch(now), rating, int(correct), answer, None if before is None else json.dumps(before)),
            )
            assert cursor.lastrowid is not None  # an INSERT always sets it
            return cursor.lastrowid

    def regrade(self, review_id: int, rating: int, schedule: Schedule) -> bool:
        """Change the rating of a review just made (Hard or Easy instead of Good); False if it is no longer the last.

        Another session may have answered the same item since: its newer answer
        stands, and this late re-rating changes nothing.
        """
        with self._write(), self._reading():
            item_id, reviewed_at, card_before = self._db.execute(
                "SELECT item_id, reviewed_at, card_before FROM reviews WHERE id = ?", (review_id,)
            ).fetchone()
            (latest,) = self._db.execute("SELECT max(id) FROM reviews WHERE item_id = ?", (item_id,)).fetchone()
            if latest != review_id:
                return False
            before = None if card_before is None else _card(card_before)
            now = from_epoch(reviewed_at)
            card = schedule.for_item(item_id)(before, rating, now)
            self._save(item_id, card, before, now, rating, counts=False)
            self._db.execute("UPDATE reviews SET rating = ? WHERE id = ?", (rating, review_id))
            return True

    def terminal_reviews(self) -> list[Review]:
        """Every answer made in this terminal (not brought from Anki), oldest first."""
        rows = self._query(
            """SELECT r.id, r.item_id, r.reviewed_at, r.rating, a.revlog_id, json_extract(r.card_before, '$.state') FROM reviews r
               LEFT JOIN anki_reviews a ON a.review_id = r.id WHERE coalesce(a.from_anki, 0) = 0 ORDER BY r.id"""
        )
        return [Review(int(r[0]), str(r[1]), int(r[2]), int(r[3]), r[4], r[5]) for r in rows]

    def answers_in_seconds(self, keys: Iterable[tuple[str, int]]) -> dict[tuple[str, int], list[tuple[int, int | None]]]:
        """The answers of each (item, second) given, as (review id, Anki review-log id or None), in the order recorded."""
        wanted = set(keys)
        found: dict[tuple[str, int], list[tuple[int, int | None]]] = {key: [] for key in wanted}
        rows = self._query(
            """SELECT r.id, r.item_id, r.reviewed_at, a.revlog_id FROM reviews r
               LEFT JOIN anki_reviews a ON a.review_id = r.id ORDER BY r.id"""
        )
        for review_id, item_id, reviewed_at, revlog_id in rows:
            if (item_id, reviewed_at) in wanted:
                found[item_id, reviewed_at].append((int(review_id), revlog_id))
        return found

    def revlog_ids(self) -> set[int]:
        """The Anki review-log ids of every answer already paired with one (sent or brought)."""
        return {int(r[0]) for r in self._query("SELECT revlog_id FROM anki_reviews")}

    def paired_count(self) -> int:
        """How many answers are paired with an Anki review-log id (sent or brought)."""
        return int(self._query("SELECT count(*) FROM anki_reviews")[0][0])

    def sync_mark(self) -> tuple[str, str, int, int] | None:
        """What the last sync's exchange left (review-log summary, the course's mark, answers paired, unmatched), if any."""
        rows = self._query("SELECT review_log, cards, paired, unmatched FROM sync_mark")
        return None if not rows else (str(rows[0][0]), str(rows[0][1]), int(rows[0][2]), int(rows[0][3]))

    def keep_sync_mark(self, review_log: str, cards: str, unmatched: int) -> None:
        """Keep what this exchange left, with the answers paired now, in place of the last mark."""
        with self._write():
            self._db.execute("DELETE FROM sync_mark")
            self._db.execute("INSERT INTO sync_mark SELECT ?, ?, count(*), ? FROM anki_reviews", (review_log, cards, unmatched))

    def assign_revlog_ids(self, pairs: Iterable[tuple[int, int]]) -> None:
        """Pair terminal answers with the review-log ids they will have in Anki, in one transaction."""
        with self._write():
            self._db.executemany("INSERT INTO anki_reviews (review_id, revlog_id, from_anki) VALUES (?, ?, 0)", pairs)

    def add_from_anki(
        self, reviews: dict[str, list[tuple[int, int]]], schedule: Schedule, refit: Callable[[Store], Fitted | None] | None = None
    ) -> int:
        """Add answers made in Anki (per item: revlog id, rating) and reschedule their items, in one transaction.

        Answers already paired are skipped, so running it twice adds nothing;
        each item's card is replayed from its whole history in time order, as
        an answer from the phone may fall between two made here. ``refit``,
        given the progress file with the answers added, returns a fit to keep
        (or None): kept in the same transaction, and if it changes the
        parameters in use, the items are replayed with the new ones and every
        other item's memory recomputed with them (``save_memory_model``), so
        no item is replayed twice.
        """
        with self._write():
            with self._reading():
                paired = {int(r[0]) for r in self._db.execute("SELECT revlog_id FROM anki_reviews")}
                (last,) = self._db.execute("SELECT coalesce(max(id), 0) FROM reviews").fetchone()
                rows, pairs = [], []
                for item_id, answers in reviews.items():
                    for revlog_id, rating in answers:
                        if revlog_id in paired:
                            continue
                        paired.add(revlog_id)
                        # Ids given here, in the write transaction, as SQLite would: the pairing needs each one.
                        last += 1
                        rows.append((last, item_id, revlog_id // 1000, rating, int(rating > AGAIN), "(answered in Anki)"))
                        pairs.append((last, revlog_id))
                self._db.executemany(
                    "INSERT INTO reviews (id, item_id, reviewed_at, rating, correct, answer, card_before) VALUES (?, ?, ?, ?, ?, ?, NULL)",
                    rows,
                )
                self._db.executemany("INSERT INTO anki_reviews (review_id, revlog_id, from_anki) VALUES (?, ?, 1)", pairs)
            fitted = None if refit is None else refit(self)  # a failing fit is not a damaged file: outside _reading
            with self._reading():
                changed = None if fitted is None else self._keep_fit(fitted)
                # The parameters the file holds now: another process may have kept a fit since ``schedule`` was made.
                schedule = schedule.with_parameters(self.parameters())
                self._replay(list(reviews), schedule)
                if changed is not None:
                    self._remember(changed, skip=set(reviews))
        return len(rows)

    def _histories(self, item_ids: list[str] | None = None) -> dict[str, list[tuple[int, int, int]]]:
        """These items' answers (review id, second, rating), or every item's, oldest first (ties by their Anki ids, then order).

        One query for them all, not one an item: a first sync brings answers to thousands of items.
        """
        histories: dict[str, list[tuple[int, int, int]]] = {} if item_ids is None else {item_id: [] for item_id in item_ids}
        chosen = "" if item_ids is None else "WHERE r.item_id IN (SELECT value FROM json_each(?))"
        for item_id, review_id, reviewed_at, rating in self._db.execute(
            f"""SELECT r.item_id, r.id, r.reviewed_at, r.rating FROM reviews r LEFT JOIN anki_reviews a ON a.review_id = r.id
               {chosen} ORDER BY r.item_id, coalesce(a.revlog_id, r.reviewed_at * 1000), r.id""",
            () if item_ids is None else (json.dumps(item_ids),),
        ):
            histories.setdefault(item_id, []).append((review_id, reviewed_at, rating))
        return histories

    def _replay(self, item_ids: list[str], schedule: Schedule) -> None:
        """Recompute these items' cards from all their answers, oldest first."""
        cards, befores = [], []
        for item_id, rows in self._histories(item_ids).items():
            replayed = schedule.for_item(item_id).replay((rating, from_epoch(at)) for _id, at, rating in rows)
            if replayed is None:
                continue
            card, before, lapses = replayed
            due = epoch(datetime.fromisoformat(card["due"]))
            cards.append(
                (item_id, json.dumps(card), card["state"], card["stability"], due, rows[0][1], rows[-1][1], len(rows), lapses)
            )
            # Only the last answer can be re-graded (Hard or Easy instead of Good): it needs the card as it was before it.
            befores.append((None if before is None else json.dumps(before), rows[-1][0]))
        self._db.executemany(
            """INSERT OR REPLACE INTO items (item_id, card, state, stability, due, first_review, last_review, reps, lapses)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            cards,
        )
        self._db.executemany("UPDATE reviews SET card_before = ? WHERE id = ?", befores)

    def _remember(self, schedule: Schedule, skip: set[str] | frozenset[str] = frozenset()) -> None:
        """Every item's (but ``skip``'s) stability and difficulty recomputed from its answers with ``schedule``'s parameters; its state, step and due date kept.

        The state and step follow from the ratings alone, so only the memory
        changes; the card before the last answer (for a re-grade) is the
        replay's, with the same parameters.
        """
        histories = self._histories()
        cards, befores = [], []
        for item_id, text in self._db.execute("SELECT item_id, card FROM items").fetchall():
            rows = None if item_id in skip else histories.get(item_id)
            replayed = None if rows is None else schedule.replay((rating, from_epoch(at)) for _id, at, rating in rows)
            if rows is None or replayed is None:
                continue
            card = _card(text)
            card["stability"], card["difficulty"] = replayed.card["stability"], replayed.card["difficulty"]
            cards.append((json.dumps(card), card["stability"], item_id))
            befores.append((None if replayed.before is None else json.dumps(replayed.before), rows[-1][0]))
        self._db.executemany("UPDATE items SET card = ?, stability = ? WHERE item_id = ?", cards)
        self._db.executemany("UPDATE reviews SET card_before = ? WHERE id = ?", befores)

    def _save(
        self, item_id: str, card: CardState, before: CardState | None, now: datetime, rating: int, counts: bool = True
    ) -> None:
        due = epoch(datetime.fromisoformat(card["due"]))
        lapse = int(before is not None and before["state"] == REVIEW and rating == AGAIN)
        rep = int(counts)
        self._db.execute(
            """INSERT INTO items (item_id, card, state, stability, due, first_review, last_review, reps, lapses)
               VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)
               ON CONFLICT (item_id) DO UPDATE SET card = excluded.card, state = excluded.state,
                 stability = excluded.stability, due = excluded.due, last_review = excluded.last_review,
                 reps = items.reps + ?, lapses = items.lapses + excluded.lapses""",
            (item_id, json.dumps(card), card["state"], card["stability"], due, epoch(now), epoch(now), lapse, rep),
        )

    def _query(self, sql: str, args: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        try:
            return self._db.execute(sql, args).fetchall()
        except sqlite3.DatabaseError as exc:
            raise ProgressError(f"the progress file {self.path} is damaged ({exc}); it was left untouched") from None

    def _write(self) -> _Transaction:
        return _Transaction(self._db, self.path)

    @contextlib.contextmanager
    def _reading(self) -> Iterator[None]:
        """Report a record that is not what this program wrote (bad JSON, a text where a time belongs) as damage."""
        try:
            yield
        except (ValueError, TypeError, KeyError, OverflowError) as exc:
            raise ProgressError(
                f"the progress file {self.path} is damaged (a record cannot be read: {exc}); it was left untouched"
            ) from None


def _card(text: str) -> CardState:
    """A stored FSRS card; anything but a JSON object is damage."""
    card = json.loads(text)
    if not isinstance(card, dict) or "due" not in card or "state" not in card:
        raise ValueError("not a card")
    return card


class _Transaction:
    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        self.db, self.path = db, path

    def __enter__(self) -> None:
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as exc:
            raise ProgressError(cannot_write(self.path, exc)) from None

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        try:
            if kind is None:
                self.db.execute("COMMIT")
                return
        except sqlite3.DatabaseError as failed:
            exc = failed
        if self.db.in_transaction:
            self.db.execute("ROLLBACK")  # nothing of this answer is kept; every earlier one was committed
        if isinstance(exc, sqlite3.DatabaseError):
            raise ProgressError(cannot_write(self.path, exc)) from None
