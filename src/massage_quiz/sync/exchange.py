"""Reviews both ways: the terminal's into Anki's review log, Anki's into the drill's progress, each exactly once.

A review's one stable id on every device is its Anki review-log id, the
time it was made in milliseconds. A terminal answer is given its id (and
the pairing recorded) before it is written to the collection; it is
written only if the collection lacks that id; an Anki review is added to
the progress file together with its pairing, in one transaction. So a run
stopped at any point and run again adds nothing twice and loses nothing.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, NamedTuple

from massage_quiz.drill.progress import ItemState, Review, Store
from massage_quiz.drill.scheduling import Schedule
from massage_quiz.sync.local import database

if TYPE_CHECKING:
    from anki.collection import Collection

# Review-log entries that are answers (Learn, Review, Relearn, Filtered), not rescheduling or manual changes.
ANSWER_TYPES = (0, 1, 2, 3)
LEARNING, REVIEW, RELEARNING = 1, 2, 3  # fsrs's card states, which are Anki's card types too
_KIND = {None: 0, LEARNING: 0, REVIEW: 1, RELEARNING: 2}  # fsrs's state before an answer -> Anki's review-log type
DAY = 86_400


class Exchanged(NamedTuple):
    """What one exchange did."""

    sent: int  # terminal answers written into the collection
    received: int  # Anki answers added to the drill's progress
    unmatched: int  # terminal answers for items the deck has no card for (kept here only)


def receive(col: Collection, store: Store, item_of: dict[int, str], schedule: Schedule) -> int:
    """Add every answer made in Anki that the progress file lacks; return how many."""
    known = store.revlog_ids()
    types = ", ".join(map(str, ANSWER_TYPES))
    found: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for revlog_id, cid, ease in database(col).all(
        f"select id, cid, ease from revlog where ease between 1 and 4 and type in ({types})"
    ):
        item_id = item_of.get(int(cid))
        if item_id is not None and int(revlog_id) not in known:
            found[item_id].append((int(revlog_id), int(ease)))
    return store.add_from_anki(dict(found), schedule) if found else 0


def send(col: Collection, store: Store, card_of_item: dict[str, int], schedule: Schedule | None = None) -> tuple[int, int]:
    """Write every terminal answer the collection lacks into its review log and recompute those cards; (sent, unmatched)."""
    reviews = store.terminal_reviews()
    taken = set(database(col).list("select id from revlog"))
    pairs = []
    for review in reviews:
        if review.revlog_id is None:
            # The time in ms, made unique: two answers in the same second (or one equal to
            # an Anki review's id) must not share an id, or sync would keep only one.
            revlog_id = review.reviewed_at * 1000 + review.review_id % 1000
            while revlog_id in taken:
                revlog_id += 1
            taken.add(revlog_id)
            pairs.append((review.review_id, revlog_id))
    if pairs:
        store.assign_revlog_ids(pairs)
        reviews = store.terminal_reviews()
    present = set(database(col).list("select id from revlog"))
    missing = [r for r in reviews if r.revlog_id not in present and r.item_id in card_of_item]
    unmatched = sum(1 for r in reviews if r.item_id not in card_of_item)
    if missing:
        states = store.states()
        # One transaction: the entries and the cards they change are written together or not at all.
        database(col).transact(lambda: _write(col, missing, card_of_item, states, schedule))
    return len(missing), unmatched


def _write(
    col: Collection, missing: list[Review], card_of_item: dict[str, int], states: dict[str, ItemState], schedule: Schedule | None
) -> None:
    rows = []
    for review in sorted(missing, key=lambda r: r.revlog_id or 0):
        # The entry's kind as Anki logs it, from the drill's state before the answer: in the
        # learning steps a Learn entry, past them a Review, after a lapse a Relearn entry.
        kind = _KIND.get(review.state_before, 0)
        # usn -1: a local change the next sync sends; ivl, factor and time are not known here.
        rows.append((review.revlog_id, card_of_item[review.item_id], -1, review.rating, 0, 0, 0, 0, kind))
    database(col).executemany(
        "insert into revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) values (?,?,?,?,?,?,?,?,?)", rows
    )

    for item_id in {r.item_id for r in missing}:
        if item_id in states:
            recompute(col, card_of_item[item_id], states[item_id], schedule)


def recompute(col: Collection, cid: int, drill: ItemState, schedule: Schedule | None = None) -> None:
    """Set a card's memory state from its whole review log with Anki's own FSRS, and its due date from that.

    Stability and difficulty are Anki's (``compute_memory_state`` over the
    review log, with the preset's parameters, which sync has set to the
    drill's), and so are the drill's too, since both count the days between
    answers alike (``clock.days_between_answers``); the card's desired
    retention is the item's own (the drill's ``schedule``; else the preset's).
    The due date is the drill's, on Anki's day grid: the drill has already
    drawn FSRS's random fuzz for that interval at that retention, and a second
    draw here would give the two sides different dates for one memory. A card
    the drill still has in its learning steps is put in Anki's learning queue,
    due when the drill has it due.
    """
    from anki.cards import FSRSMemoryState
    from anki.consts import CARD_TYPE_LRN, CARD_TYPE_RELEARNING, CARD_TYPE_REV, QUEUE_TYPE_LRN, QUEUE_TYPE_REV

    card = col.get_card(cid)  # type: ignore[arg-type]  # CardId is a NewType of int
    memory = col.compute_memory_state(card.id)
    answers = database(col).all("select id, ease from revlog where cid = ? and ease between 1 and 4 order by id", cid)
    if memory.stability is None or memory.difficulty is None or not answers:
        return
    last = int(answers[-1][0]) // 1000
    card.memory_state = FSRSMemoryState(stability=memory.stability, difficulty=memory.difficulty)
    retention = memory.desired_retention if schedule is None else schedule.retention_of(drill.item_id)
    card.desired_retention = retention
    card.decay = memory.decay
    card.last_review_time = last
    card.reps = len(answers)
    card.lapses = drill.lapses
    if drill.state in (LEARNING, RELEARNING):
        card.type = CARD_TYPE_LRN if drill.state == LEARNING else CARD_TYPE_RELEARNING
        card.queue = QUEUE_TYPE_LRN
        card.due = drill.due
        card.left = 1
    else:
        card.type, card.queue = CARD_TYPE_REV, QUEUE_TYPE_REV
        last_day = (last - col.crt) // DAY
        card.due = max(last_day + 1, (drill.due - col.crt) // DAY)
        card.ivl = card.due - last_day
    col.update_card(card, skip_undo_entry=True)


def anki_due(col: Collection, cid: int) -> int | None:
    """When Anki has a card due, in seconds since the epoch (a review card: the start of its day); None for a new card."""
    from anki.consts import QUEUE_TYPE_DAY_LEARN_RELEARN, QUEUE_TYPE_LRN, QUEUE_TYPE_REV

    card = col.get_card(cid)  # type: ignore[arg-type]  # CardId is a NewType of int
    if card.queue == QUEUE_TYPE_LRN:
        return int(card.due)
    if card.queue in (QUEUE_TYPE_REV, QUEUE_TYPE_DAY_LEARN_RELEARN):
        return col.crt + int(card.due) * DAY
    return None
