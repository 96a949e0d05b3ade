"""A real Anki sync server on localhost and a phone (a plain Anki collection) for the sync tests."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition
from anki.scheduler_pb2 import CardAnswer
from anki.sync_pb2 import SyncAuth
from sync_server import PASSWORD as PASSWORD
from sync_server import USER as USER
from sync_server import free_port as free_port
from sync_server import serving as serving
from sync_server import start_server as start_server


def imported(folder: Path, deck: Path) -> Collection:
    """A plain collection in ``folder`` that imported the deck, as Anki imports it."""
    folder.mkdir(parents=True, exist_ok=True)
    col = Collection(str(folder / "collection.anki2"))
    newer = ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER
    options = ImportAnkiPackageOptions(update_notes=newer, update_notetypes=newer, with_scheduling=False)
    col.import_anki_package(ImportAnkiPackageRequest(package_path=str(deck), options=options))
    return col


class Phone:
    """Anki on a phone: a plain collection that imported the deck and syncs with the server."""

    def __init__(self, folder: Path, deck: Path, url: str) -> None:
        self.col = imported(folder, deck)
        self.col.set_config("fsrs", True)
        self.col.decks.select(self.col.decks.id_for_name("Lumbar and back massage"))
        self.auth = self.col.sync_login(USER, PASSWORD, url)

    def sync(self) -> str:
        out = self.col.sync_collection(self.auth, False)
        # FULL_SYNC: the phone takes the server's copy (after a terminal chose upload, as Anki would ask).
        if out.required in (out.FULL_UPLOAD, out.FULL_DOWNLOAD, out.FULL_SYNC):
            self.col.close_for_full_sync()
            self.col.full_upload_or_download(
                auth=SyncAuth(hkey=self.auth.hkey, endpoint=self.auth.endpoint),
                server_usn=None,
                upload=out.required == out.FULL_UPLOAD,
            )
            self.col.reopen(after_full_sync=True)
            return "full"
        return "normal"  # done by sync_collection itself, which then reports no changes left

    def upload_over_the_server(self) -> None:
        """What a trainee does who changed a note type on the phone and chose Upload: the server's copy is replaced."""
        self.col.set_schema_modified()
        self.col.set_config("massage-quiz-test", time.time())  # a change, so that the collection counts as modified
        out = self.col.sync_collection(self.auth, False)
        assert out.required == out.FULL_SYNC
        self.col.close_for_full_sync()
        self.col.full_upload_or_download(auth=self.auth, server_usn=None, upload=True)
        self.col.reopen(after_full_sync=True)

    def review(self, count: int, rating: CardAnswer.Rating.V = CardAnswer.GOOD) -> list[int]:
        """Answer the next ``count`` cards as Anki does; return their card ids."""
        done = []
        for _ in range(count):
            queued = self.col.sched.get_queued_cards()
            card = self.col.get_card(queued.cards[0].card.id)
            card.start_timer()
            states = self.col._backend.get_scheduling_states(card.id)
            self.col.sched.answer_card(self.col.sched.build_answer(card=card, states=states, rating=rating))
            done.append(card.id)
        return done

    def answers(self) -> dict[int, int]:
        """Every answer in the review log: its id and its card."""
        return dict(self.col.db.all("select id, cid from revlog where ease between 1 and 4 and type in (0, 1, 2, 3)"))


def days_ago(days: float) -> datetime:
    return datetime.now(UTC) - timedelta(days=days)
