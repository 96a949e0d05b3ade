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
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from massage_quiz.drill.progress import ItemState, Review, Store
from massage_quiz.drill.scheduling import LEARNING, RELEARNING, REVIEW, Schedule
from massage_quiz.sync import local
from massage_quiz.sync.local import database

if TYPE_CHECKING:
    from anki.cards import Card
    from anki.collection import Collection, ComputedMemoryState

    from massage_quiz.drill.memorymodel import Fitted

# Review-log entries that are answers (Learn, Review, Relearn, Filtered), not rescheduling or manual changes.
ANSWER_TYPES = (0, 1, 2, 3)
_KIND = {None: 0, LEARNING: 0, REVIEW: 1, RELEARNING: 2}  # fsrs's state before an answer -> Anki's review-log type
DAY = 86_400


class Exchanged(NamedTuple):
    """What one exchange did."""

    sent: int  # terminal answers written into the collection
    received: int  # Anki answers added to the drill's progress
    unmatched: int  # terminal answers for items the deck has no card for (kept here only)


def receive(
    col: Collection,
    store: Store,
    item_of: dict[int, str],
    schedule: Schedule,
    refit: Callable[[Store], Fitted | None] | None = None,
) -> int:
    """Add every answer made in Anki that the progress file lacks, with the fit they make due (``Store.add_from_anki``); return how many."""
    known = store.revlog_ids()
    types = ", ".join(map(str, ANSWER_TYPES))
    found: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for revlog_id, cid, ease in database(col).all(
        f"select id, cid, ease from revlog where ease between 1 and 4 and type in ({types})"
    ):
        item_id = item_of.get(int(cid))
        if item_id is not None and int(revlog_id) not in known:
            found[item_id].append((int(revlog_id), int(ease)))
    return store.add_from_anki(dict(found), schedule, refit) if found else 0


def send(col: Collection, store: Store, card_of_item: dict[str, int], schedule: Schedule | None = None) -> tuple[int, int]:
    """Write every terminal answer the collection lacks into its review log and recompute those cards; (sent, unmatched)."""
    reviews = store.terminal_reviews()
    taken = set(database(col).list("select id from revlog"))
    fresh = {(r.item_id, r.reviewed_at) for r in reviews if r.revlog_id is None}
    pairs = new_revlog_ids(store.answers_in_seconds(fresh), taken) if fresh else []
    if pairs:
        store.assign_revlog_ids(pairs)
        given = dict(pairs)
        # The answers with the ids just given, without reading them all again (an answer made since waits for the next sync).
        reviews = [r._replace(revlog_id=given[r.review_id]) if r.review_id in given else r for r in reviews]
    present = taken - {revlog_id for _, revlog_id in pairs}  # ids given just now are not in the collection yet
    missing = [r for r in reviews if r.revlog_id not in present and r.item_id in card_of_item]
    unmatched = sum(1 for r in reviews if r.item_id not in card_of_item)
    if missing:
        states = store.states()
        # One transaction: the entries and the cards they change are written together or not at all.
        database(col).transact(lambda: _write(col, missing, card_of_item, states, schedule))
    return len(missing), unmatched


class Course(NamedTuple):
    """What the last exchange's mark keeps of the course: what its cards and items were made of, and their decks."""

    key: str  # the content key of the folders studied (the items, and the code, are made of it)
    note_types: list[int]  # the course's note types then (the code's, which the key covers)
    digest: str  # ``local.course_digest`` of those note types' cards
    decks: list[int]  # the decks holding the items' cards (``preset.share`` gives them the drill's preset)

    def text(self) -> str:
        """The mark's ``cards`` column."""
        return " ".join([_COURSE, self.key, ",".join(map(str, self.note_types)), self.digest, ",".join(map(str, self.decks))])

    @classmethod
    def parse(cls, text: str) -> Course | None:
        """The course kept in a mark's ``cards`` column; None for a mark an older version left (then the exchange runs)."""
        parts = text.split(" ")
        if len(parts) != 5 or parts[0] != _COURSE:
            return None
        try:
            return cls(parts[1], _ints(parts[2]), parts[3], _ints(parts[4]))
        except ValueError:
            return None


_COURSE = "course1"


def _ints(text: str) -> list[int]:
    return [int(part) for part in text.split(",")] if text else []


def nothing_new(col: Collection, store: Store, where: local.Place, key: str) -> tuple[int, Course] | None:
    """The unmatched answers' count and the course's mark if neither side has anything new since the last exchange, else None.

    Nothing is new when the collection's review log sums up as it did right
    after the last exchange (no entry added, removed or changed, so no Anki
    answer to bring), every answer in the progress file is paired as it was
    then (so no terminal answer to send: a new one is unpaired, and one paired
    by a run stopped before its entries were written changes the count), and
    the course is the same: the same content (``key``, the deck last imported
    too, so no import is due) and the same course cards in the same decks, so
    each card is the same item (new content can match old entries). Then a
    sync reads neither side's whole history, nor the drill's items.
    """
    mark = store.sync_mark()
    if mark is None:
        return None
    review_log, cards, paired, unmatched = mark
    course = Course.parse(cards)
    if course is None or course.key != key or local.imported_key(where) != key:
        return None
    if store.paired_count() != paired or store.review_count() != paired:
        return None
    if local.course_digest(col, course.note_types) != course.digest or review_log_summary(col) != review_log:
        return None
    return unmatched, course


def keep_mark(col: Collection, store: Store, item_of: dict[int, str], key: str, unmatched: int) -> None:
    """Record what this exchange left (``nothing_new`` reads it at the next sync): call it right after ``send``."""
    note_types = local.note_type_ids()
    digest = local.course_digest(col, note_types) or "-"  # a note type missing: the mark never matches
    course = Course(key, note_types, digest, local.decks_of(col, item_of))
    store.keep_sync_mark(review_log_summary(col), course.text(), unmatched)


def review_log_summary(col: Collection) -> str:
    """The whole review log summed up in one row: its entries, their ids' sum and extremes, and a checksum of every field read.

    Adding, removing or changing an entry changes it; two different logs with
    the same count, the same sum of ids (modulo a prime, so that it never
    overflows), smallest and largest ids and the same checksums of ids, cards,
    ratings and kinds would be taken as one.
    """
    row = database(col).first(
        """select count(), coalesce(sum(id % 4294967291), 0), coalesce(min(id), 0), coalesce(max(id), 0),
                  coalesce(sum((id % 1000003) * (cid % 999983) % 1000033 * (ease + 5 * type + 1)), 0),
                  coalesce(sum((id % 999979) * (id % 1000037) % 999961), 0)
           from revlog"""
    )
    assert row is not None, "an aggregate gives one row"
    return ":".join(str(int(value)) for value in row)


def new_revlog_ids(seconds: dict[tuple[str, int], list[tuple[int, int | None]]], taken: set[int]) -> list[tuple[int, int]]:
    """Review-log ids for the terminal answers that lack one: (review id, revlog id) pairs.

    ``seconds`` holds every answer of an item within one second, in the order
    the terminal recorded them (review id), with the revlog ids already given.
    Every device orders an item's answers by revlog id, so the new ids keep
    the terminal's order among them: two answers in one second (an Again,
    then a Good) are never swapped after sync. Where there is room, an
    answer's milliseconds are its review id modulo 1,000, so two terminals
    answering in the same second rarely pick the same id; an id already in
    the collection is never reused, or sync would keep only one of the two.
    """
    pairs = []
    for (_item_id, second), answers in seconds.items():
        start, end = second * 1000, second * 1000 + 1000
        previous = start - 1
        for place, (review_id, revlog_id) in enumerate(answers):
            if revlog_id is not None:
                previous = max(previous, revlog_id)
                continue
            # Below every later id already given and the end of the second, with room left
            # for each later answer still without one.
            below = end
            for _, given in reversed(answers[place + 1 :]):
                below = below - 1 if given is None else min(below, given)
            wanted = start + review_id % 1000
            if previous < wanted < below and wanted not in taken:
                revlog_id = wanted
            else:
                revlog_id = previous + 1
                while revlog_id in taken:
                    revlog_id += 1
            taken.add(revlog_id)
            pairs.append((review_id, revlog_id))
            previous = revlog_id
    return pairs


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

    changed = {card_of_item[item_id]: item_id for item_id in {r.item_id for r in missing} if item_id in states}
    # Every changed card's answers in one query, not one each; the collection's creation day read once.
    answers: dict[int, list[tuple[int, int]]] = {cid: [] for cid in changed}
    ids = ", ".join(str(int(cid)) for cid in changed)
    for cid, revlog_id, ease in database(col).all(
        f"select cid, id, ease from revlog where cid in ({ids}) and ease between 1 and 4 order by cid, id"
    ):
        answers[int(cid)].append((int(revlog_id), int(ease)))
    crt = col.crt
    cards = [recompute(col, cid, states[item_id], schedule, answers[cid], crt) for cid, item_id in changed.items()]
    col.update_cards([card for card in cards if card is not None], skip_undo_entry=True)  # one call to the engine for all


def recompute(
    col: Collection,
    cid: int,
    drill: ItemState,
    schedule: Schedule | None = None,
    answers: Sequence[Sequence[int]] | None = None,
    crt: int | None = None,
) -> Card | None:
    """A card with its memory state set from its whole review log with Anki's own FSRS, and its due date from that.

    Stability and difficulty are Anki's (``compute_memory_state`` over the
    review log, with the preset's parameters, which sync has set to the
    drill's), and so are the drill's too, since both count the days between
    answers alike (``clock.days_between_answers``) and both recompute every
    memory when the parameters change (``Store.save_memory_model``,
    ``preset.share_decks``); the card's desired
    retention is the item's own (the drill's ``schedule``; else the preset's).
    The due date is the drill's, on Anki's day grid: the drill has already
    drawn FSRS's random fuzz for that interval at that retention, and a second
    draw here would give the two sides different dates for one memory. A card
    the drill still has in its learning steps is put in Anki's learning queue,
    due when the drill has it due, with Anki's own steps left. The caller saves
    it (``update_cards``); None when Anki has no memory state for it.
    ``answers`` (the card's review-log answers, (id, rating), oldest first)
    and ``crt`` (the collection's creation time) are read here when not given.
    """
    from anki.consts import CARD_TYPE_LRN, CARD_TYPE_RELEARNING, CARD_TYPE_REV, QUEUE_TYPE_LRN, QUEUE_TYPE_REV

    remembered = anki_memory(col, cid)
    if answers is None:
        answers = database(col).all("select id, ease from revlog where cid = ? and ease between 1 and 4 order by id", cid)
    if crt is None:
        crt = col.crt
    if remembered is None or not answers:
        return None
    card, memory = remembered
    last = int(answers[-1][0]) // 1000
    retention = memory.desired_retention if schedule is None else schedule.retention_of(drill.item_id)
    card.desired_retention = retention
    card.last_review_time = last
    card.reps = len(answers)
    card.lapses = drill.lapses
    if drill.state in (LEARNING, RELEARNING):
        card.type = CARD_TYPE_LRN if drill.state == LEARNING else CARD_TYPE_RELEARNING
        card.queue = QUEUE_TYPE_LRN
        card.due = drill.due
        card.left = steps_left(col, card.did, drill)
    else:
        card.type, card.queue = CARD_TYPE_REV, QUEUE_TYPE_REV
        last_day = (last - crt) // DAY
        card.due = max(last_day + 1, (drill.due - crt) // DAY)
        card.ivl = card.due - last_day
    return card


def anki_memory(col: Collection, cid: int) -> tuple[Card, ComputedMemoryState] | None:
    """The card with the memory state (stability, difficulty, decay) Anki's FSRS computes from its review log with its preset's parameters.

    With what ``compute_memory_state`` gave; None when Anki has no memory
    state for it (no answer it counts). The caller saves the card.
    """
    from anki.cards import FSRSMemoryState

    card = col.get_card(cid)  # type: ignore[arg-type]  # CardId is a NewType of int
    memory = col.compute_memory_state(card.id)
    if memory.stability is None or memory.difficulty is None:
        return None
    card.memory_state = FSRSMemoryState(stability=memory.stability, difficulty=memory.difficulty)
    card.decay = memory.decay
    return card, memory


def steps_left(col: Collection, did: int, drill: ItemState) -> int:
    """Anki's ``left`` for a card the drill has at a learning step: how many of Anki's own steps remain, this one included.

    Anki's steps are the deck preset's (learning or relearning); the drill's
    step is its index among its own. After a first Again (step 0) Anki has
    every step still to go, so a Good on the phone moves to the next step
    instead of graduating the card.
    """
    config = col.decks.config_dict_for_deck_id(did)  # type: ignore[arg-type]  # DeckId is a NewType of int
    steps = config["new" if drill.state == LEARNING else "lapse"]["delays"]
    step = drill.card.get("step") or 0
    return max(1, len(steps) - int(step))


def anki_due(col: Collection, cid: int) -> int | None:
    """When Anki has a card due, in seconds since the epoch (a review card: the start of its day); None for a new card."""
    from anki.consts import QUEUE_TYPE_DAY_LEARN_RELEARN, QUEUE_TYPE_LRN, QUEUE_TYPE_REV

    card = col.get_card(cid)  # type: ignore[arg-type]  # CardId is a NewType of int
    if card.queue == QUEUE_TYPE_LRN:
        return int(card.due)
    if card.queue in (QUEUE_TYPE_REV, QUEUE_TYPE_DAY_LEARN_RELEARN):
        return col.crt + int(card.due) * DAY
    return None
