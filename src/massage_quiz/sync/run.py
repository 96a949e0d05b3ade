"""``sync`` and ``sync --login`` from start to end: the server's changes first, then the exchange, then ours."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from massage_quiz.drill import clock, fitting
from massage_quiz.drill.progress import Store
from massage_quiz.drill.scheduling import scheduler_for
from massage_quiz.sync import engine, exchange, local, preset
from massage_quiz.sync.key import Key, load, save

if TYPE_CHECKING:
    from anki.collection import Collection
    from anki.sync_pb2 import SyncAuth

    from massage_quiz.catalogue.folders import Folder

# Asked when the server needs one side to replace the other: returns "download", "upload" or "cancel".
Choose = Callable[[], str]

CONFLICT = (
    "The sync server's collection and this computer's were changed in ways that cannot be merged "
    "(Anki calls this a full sync). Download replaces this computer's copy with the server's: "
    "nothing is lost, as every answer made in this terminal is kept in its progress file and is "
    "sent again right after. Upload replaces the server's copy with this computer's: answers made "
    "on other devices since their last sync would be lost there."
)


class Outcome(NamedTuple):
    """What one sync did."""

    server: str
    sent: int
    received: int
    unmatched: int
    full: str | None  # "download" or "upload" when one side replaced the other


def login(state: Path | None, endpoint: str | None, username: str, password: str) -> Key:
    """Ask the server for a key with the username and password; keep only the key."""
    engine.require()
    where = local.place(state)
    server = endpoint or "AnkiWeb"
    col = local.open_collection(where)
    try:
        with engine.explained(server):
            auth = col.sync_login(username, password, endpoint or None)
    finally:
        col.close()
    key = Key(auth.hkey, endpoint or None, username)
    save(where.key, key)
    return key


def sync(state: Path | None, content_dirs: tuple[str, ...], retention: float, choose: Choose) -> Outcome:
    """Take the server's changes, exchange reviews with the drill, and send the result to the server."""
    engine.require()
    where = local.place(state)
    key = load(where.key)
    col = local.open_collection(where)
    try:
        with engine.explained(key.server), Store(where.progress) as store:
            full = _with_server(col, where, key, choose)
            sent = received = 0
            key = load(where.key)  # AnkiWeb may have moved the account to another of its servers
            for _ in range(2):  # again only if the second sync replaced this copy with the server's
                studied = local.study(content_dirs)
                quiet = exchange.nothing_new(col, store, where, studied[1])
                if quiet is not None:
                    # Nothing new on either side, the same content and cards: no deck to import, no item to read;
                    # only what the run itself may change (FSRS on, the fit, the preset's parameters and retention).
                    unmatched, course = quiet
                    changed = local.fsrs_on(col)
                    fitting.refresh(store, clock.epoch_of(clock.now()))
                    changed |= preset.share_decks(col, course.decks, scheduler_for(retention, store.parameters()))
                    changed |= _share_trainee(col, store)
                    if not changed:
                        break  # the collection is as the server's sync left it a moment ago: nothing to send it
                else:
                    r, s, unmatched = _exchange(col, where, store, content_dirs, studied, retention)
                    received, sent = received + r, sent + s
                    _share_trainee(col, store)
                after = _with_server(col, where, key, choose)
                full = after or full
                if after != "download":
                    break
            _media(col, load(where.key))
    finally:
        if col.db is not None:
            col.close()
    return Outcome(key.server, sent, received, unmatched, full)


def _exchange(
    col: Collection,
    where: local.Place,
    store: Store,
    content_dirs: tuple[str, ...],
    studied: tuple[list[Folder], str],
    retention: float,
) -> tuple[int, int, int]:
    """The whole exchange: the deck imported if due, Anki's answers brought, the fit, the preset, the terminal's sent, the mark kept.

    (received, sent, unmatched).
    """
    from massage_quiz.drill.retention import policy
    from massage_quiz.items.load import load_items

    local.ensure_deck(col, where, content_dirs, studied)
    items = load_items(content_dirs)
    item_of = local.items_by_card(col, [item.id for item in items])
    card_of_item = {item_id: cid for cid, item_id in item_of.items()}
    # Items' own retentions schedule only the answers replayed or sent (the preset takes the trainee's own).
    retentions = policy(retention, content_dirs).retentions(items)
    # massage-quiz fits, on both sides' answers (Anki receives the parameters): with Anki's answers, in their
    # transaction, so that a fit that changes the parameters replays each item once, with the new ones.
    now = clock.epoch_of(clock.now())
    received = exchange.receive(
        col, store, item_of, scheduler_for(retention, store.parameters(), retentions), partial(fitting.refit, now=now)
    )
    if not received:  # no Anki answer came (no fit with them): the terminal's own may have made one due
        fitting.refresh(store, now)
    schedule = scheduler_for(retention, store.parameters(), retentions)
    preset.share(col, item_of, schedule)
    sent, unmatched = exchange.send(col, store, card_of_item, schedule)
    exchange.keep_mark(col, store, item_of, studied[1], unmatched)
    return received, sent, unmatched


TRAINEE_CONFIG = "massageQuizTrainee"  # the collection's config syncs: every computer of the trainee reads it
_TRAINEE_ID = re.compile(r"[0-9a-f]{16}")


def _share_trainee(col: Collection, store: Store) -> bool:
    """One anonymous trainee id on every computer, so that a class report counts a trainee once, not once per laptop.

    True if the collection was given this computer's id (else the progress file takes the collection's, if another).
    """
    shared = col.get_config(TRAINEE_CONFIG, None)
    if isinstance(shared, str) and _TRAINEE_ID.fullmatch(shared):
        if shared != store.trainee_id():
            store.adopt_trainee_id(shared)
        return False
    col.set_config(TRAINEE_CONFIG, store.trainee_id())
    return True


def _with_server(col: Collection, where: local.Place, key: Key, choose: Choose) -> str | None:
    """One sync with the server; when it needs a full sync, do the one that loses nothing, or ask."""
    from anki.sync_pb2 import SyncAuth

    auth = SyncAuth(hkey=key.hkey, endpoint=key.endpoint)
    out = col.sync_collection(auth, sync_media=False)
    if out.new_endpoint:  # AnkiWeb moved this account to another of its servers: remember it
        key = key._replace(endpoint=out.new_endpoint)
        save(where.key, key)
        auth = SyncAuth(hkey=key.hkey, endpoint=key.endpoint)
    if out.required in (out.NO_CHANGES, out.NORMAL_SYNC):
        return None
    if out.required == out.FULL_DOWNLOAD:
        choice = "download"  # this computer's copy is empty: nothing here to lose
    elif out.required == out.FULL_UPLOAD:
        choice = "upload"  # the server is empty: nothing there to lose
    elif col.card_count() == 0:
        return None  # both sides empty: the upload after the deck's import settles it
    else:
        choice = choose()
        if choice not in ("download", "upload"):
            raise engine.SyncError(
                "sync cancelled: nothing was changed on the server or here; run massage-quiz sync again to choose"
            )
    _full(col, auth, out.server_media_usn, upload=choice == "upload")
    return choice


def _media(col: Collection, key: Key) -> None:
    """Sync the pictures the deck shows (a phone that never imported the deck gets them from here), and wait for it."""
    from anki.sync_pb2 import SyncAuth

    col.sync_media(SyncAuth(hkey=key.hkey, endpoint=key.endpoint))
    pause = 0.001  # a media sync with nothing to move ends in a few milliseconds: look often, then less often
    while col.media_sync_status().active:  # raises the media sync's error, if it ended with one
        time.sleep(pause)
        pause = min(pause * 2, 0.05)


def _full(col: Collection, auth: SyncAuth, server_usn: int, upload: bool) -> None:
    col.close_for_full_sync()
    try:
        col.full_upload_or_download(auth=auth, server_usn=server_usn, upload=upload)
    finally:
        col.reopen(after_full_sync=True)
