"""Sync through Anki's own sync server: the real engine, a real server on localhost, a phone and terminals."""

from __future__ import annotations

import json
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from anki.collection import Collection
from anki.scheduler_pb2 import CardAnswer
from anki.sync_pb2 import SyncAuth
from click.testing import CliRunner
from sync_helpers import PASSWORD, USER, Phone, days_ago, imported

from massage_quiz.anki.cards import card_of
from massage_quiz.cli import main
from massage_quiz.drill import retention
from massage_quiz.drill.progress import ItemState, Store
from massage_quiz.drill.scheduling import AGAIN, GOOD, scheduler_for
from massage_quiz.items.load import load_items
from massage_quiz.sync import exchange, local, run

# The machine's own zone: sync must hold at any hour (CI runs these again at 02:30 local time).
pytestmark = [pytest.mark.slow, pytest.mark.machine_time_zone]


def login(url: str, state: Path | None = None, password: str = PASSWORD) -> object:
    args = ["sync", "--login", "--server", url] + ([] if state is None else ["--state", str(state)])
    return CliRunner().invoke(main, args, input=f"{USER}\n{password}\n")


def sync(state: Path | None = None, answers: str = "") -> object:
    return CliRunner().invoke(main, ["sync"] + ([] if state is None else ["--state", str(state)]), input=answers)


def drill_reviews(state: Path, item_ids: list[str], days: float, rating: int = GOOD) -> None:
    """Answer items in the terminal as the drill records them, ``days`` ago."""
    schedule = scheduler_for()
    with Store(state) as store:
        for n, item_id in enumerate(item_ids):
            store.record(item_id, days_ago(days - n / 1000), rating, rating > AGAIN, "typed", schedule)


def drill_history(state: Path) -> dict[int, str]:
    with sqlite3.connect(state) as db:
        return dict(db.execute("select a.revlog_id, r.item_id from reviews r join anki_reviews a on a.review_id = r.id"))


def assert_same_due(col: Collection, cid: int, state: ItemState) -> None:
    """Anki's due date and the drill's for one facet agree: within 5 minutes in the learning steps (Anki fuzzes a step
    by up to 5 minutes), else within a day (Anki counts days from 4 a.m. and fuzzes intervals; see docs/sync.md)."""
    due = exchange.anki_due(col, cid)
    assert due is not None
    tolerance = 300 if state.state in (1, 3) else 86400
    assert abs(due - state.due) <= tolerance, (cid, due, state)


def assert_one_memory(phone: Phone, state: Path, count: int) -> None:
    """Phone and terminal hold the same answers, each exactly once, on the same cards, with the same due dates."""
    on_phone = phone.answers()
    in_drill = drill_history(state)
    assert set(on_phone) == set(in_drill) and len(on_phone) == count
    cards = local.course_cards(phone.col)
    assert all(cards[card_of(in_drill[revlog_id])] == cid for revlog_id, cid in on_phone.items())
    with Store(state) as store:
        assert store.review_count() == count
        states = store.states()
    assert set(states) == set(in_drill.values())
    for item_id, item in states.items():
        assert_same_due(phone.col, cards[card_of(item_id)], item)


def studied(server: str, deck: Path, state: Path, phone_folder: Path) -> Phone:
    """A phone that answered 3 cards; a terminal that answered 4 items 10 days ago and again 9.9 days ago (so they are
    past their learning steps), then 2 of them wrongly a day ago; logged in."""
    phone = Phone(phone_folder, deck, server)
    assert phone.sync() == "full"  # the first device fills the empty server
    phone.review(3)
    phone.sync()
    items = [item.id for item in load_items()]
    drill_reviews(state, items[10:14], days=10)
    drill_reviews(state, items[10:14], days=9.9)
    drill_reviews(state, items[10:12], days=1, rating=AGAIN)
    result = login(server, state)
    assert result.exit_code == 0, result.output
    return phone


def test_phone_and_terminal_share_one_memory(server: str, deck: Path, isolated_user_state: Path, tmp_path: Path) -> None:
    phone = studied(server, deck, isolated_user_state, tmp_path / "phone")
    result = sync()
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"The whole collection was downloaded from {server}.\n"  # this terminal's copy was empty: nothing lost
        f"Synced with {server}: 10 answers from the terminal sent to Anki, 3 from Anki added to the drill.\n"
    )
    phone.sync()
    assert_one_memory(phone, isolated_user_state, 13)

    # Again: nothing new on either side, nothing counted twice.
    result = sync()
    assert result.output == f"Synced with {server}: 0 answers from the terminal sent to Anki, 0 from Anki added to the drill.\n"
    phone.sync()
    assert_one_memory(phone, isolated_user_state, 13)

    # The phone answers again, the terminal too; each side gets the other's.
    phone.review(2, CardAnswer.AGAIN)
    phone.sync()
    drill_reviews(isolated_user_state, [item.id for item in load_items()][20:21], days=0)
    result = sync()
    assert result.output == f"Synced with {server}: 1 answer from the terminal sent to Anki, 2 from Anki added to the drill.\n"
    phone.sync()
    assert_one_memory(phone, isolated_user_state, 16)

    # Another laptop joins: its first sync brings the whole history.
    laptop = tmp_path / "laptop" / "progress.sqlite3"
    assert login(server, laptop).exit_code == 0
    result = sync(laptop)
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"The whole collection was downloaded from {server}.\n"
        f"Synced with {server}: 0 answers from the terminal sent to Anki, 16 from Anki added to the drill.\n"
    )
    assert_one_memory(phone, laptop, 16)
    with Store(laptop) as there, Store(isolated_user_state) as here:
        assert {k: v.due for k, v in there.states().items()} == {k: v.due for k, v in here.states().items()}
        assert there.trainee_id() == here.trainee_id()  # one trainee in a class report, not one per laptop


@pytest.mark.parametrize("args", [["--help"], ["sync", "--help"], ["drill", "--help"]])
def test_help_and_the_drill_never_load_anki(args: list[str]) -> None:
    import subprocess
    import sys

    code = (
        "import sys\nfrom massage_quiz.cli import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m == 'anki' or m.startswith('anki.')))"
    )
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines()[-1] == "[]"


def test_without_anki_sync_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "anki.collection", None)  # as if the package were not installed
    result = sync()
    assert result.exit_code == 1
    assert result.output == (
        "Error: massage-quiz sync needs Anki's sync engine (the anki package), which is not installed. "
        "Install it with: pipx inject massage-quiz anki (or pip install 'massage-quiz[sync]')\n"
    )


def test_sync_before_login_says_to_log_in() -> None:
    result = sync()
    assert (result.exit_code, result.output) == (
        1,
        "Error: not logged in to a sync server yet: run massage-quiz sync --login first\n",
    )


def test_login_keeps_only_the_key_owner_only(server: str, isolated_user_state: Path) -> None:
    result = login(server)
    assert result.exit_code == 0, result.output
    assert result.output == (
        "Username (e-mail): \nPassword: \n"  # piped input is read, never echoed (a terminal echoes what is typed)
        f"Logged in to {server} as {USER}; only the server's key was kept, never the password.\n"
    )
    where = local.place(isolated_user_state)
    assert where.key.stat().st_mode & 0o777 == 0o600
    assert where.folder.stat().st_mode & 0o777 == 0o700  # the collection (the review history) too: no one else reads it
    assert set(json.loads(where.key.read_text())) == {"hkey", "endpoint", "username"}
    for path in isolated_user_state.parent.rglob("*"):
        if path.is_file():
            assert PASSWORD.encode() not in path.read_bytes(), path


@pytest.mark.parametrize(
    "address", ["anki.example-school.org", "127.0.0.1:9", "not a url", "ftp://anki.example.org/", "https://"]
)
def test_a_server_address_not_written_in_full_is_refused_before_the_password(address: str) -> None:
    result = CliRunner().invoke(main, ["sync", "--login", "--server", address], input="someone\nsecret\n")
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {address!r} is not a sync server's address: write it in full, starting with https://, "
        "such as https://anki.example-school.org/\n"
    )


def test_a_wrong_password_is_one_clear_line(server: str, isolated_user_state: Path) -> None:
    result = login(server, password="wrong")
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        f"Error: the sync server {server} refused the username or password: run massage-quiz sync --login again"
    )
    assert not local.place(isolated_user_state).key.exists()


def test_a_server_that_is_down_is_one_clear_line(server: str) -> None:
    from sync_helpers import free_port

    down = f"http://127.0.0.1:{free_port()}/"
    result = login(down)
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        f"Error: cannot reach the sync server {down}: check the address and your connection, then try again"
    )
    assert login(server).exit_code == 0
    # The server stops after login: sync says so in one line, and changes nothing here.
    where = local.place(None)
    key = json.loads(where.key.read_text())
    key["endpoint"] = down
    where.key.write_text(json.dumps(key))
    result = sync()
    assert (result.exit_code, result.output) == (
        1,
        f"Error: cannot reach the sync server {down}: check the address and your connection, then try again\n",
    )


# Runs `massage-quiz sync` in a process that kills itself (SIGKILL, as kill -9) at one point of the sync.
KILLED_AT = """
import os, signal, sys
from anki.collection import Collection
from massage_quiz.cli import main
from massage_quiz.drill.progress import Store
from massage_quiz.sync import exchange

def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

def die_after(owner, name):
    original = getattr(owner, name)
    def wrapper(*args, **kwargs):
        original(*args, **kwargs)
        die()
    setattr(owner, name, wrapper)

point = sys.argv[1]
if point == "after the full download":
    die_after(Collection, "full_upload_or_download")
elif point == "after ids were given":
    die_after(Store, "assign_revlog_ids")
elif point == "amid the review-log transaction":
    exchange.recompute = die  # the terminal's entries are written, their cards not yet
elif point == "after Anki's answers were added":
    die_after(exchange, "receive")
elif point == "before sending to the server":
    die_after(exchange, "send")
main(["sync"])
"""

KILL_POINTS = [
    "after the full download",
    "after ids were given",
    "amid the review-log transaction",
    "after Anki's answers were added",
    "before sending to the server",
]


@pytest.mark.parametrize("point", KILL_POINTS)
def test_a_sync_killed_at_any_point_and_run_again_gives_the_same_result(
    point: str, server: str, deck: Path, isolated_user_state: Path, tmp_path: Path
) -> None:
    import signal
    import subprocess
    import sys

    phone = studied(server, deck, isolated_user_state, tmp_path / "phone")
    killed = subprocess.run([sys.executable, "-c", KILLED_AT, point], capture_output=True, text=True, check=False)
    assert killed.returncode == -signal.SIGKILL, killed.stdout + killed.stderr
    result = sync()
    assert result.exit_code == 0, result.output
    phone.sync()
    assert_one_memory(phone, isolated_user_state, 13)


@pytest.mark.parametrize(("answer", "said", "count"), [("\n", "downloaded from", 14), ("upload\n", "uploaded to", 14)])
def test_a_full_sync_is_explained_and_the_default_keeps_every_answer(
    answer: str, said: str, count: int, server: str, deck: Path, isolated_user_state: Path, tmp_path: Path
) -> None:
    phone = studied(server, deck, isolated_user_state, tmp_path / "phone")
    assert sync().exit_code == 0
    phone.sync()
    phone.upload_over_the_server()  # the server's copy now cannot be merged with the terminal's
    drill_reviews(isolated_user_state, [item.id for item in load_items()][30:31], days=0)
    result = sync(answers=answer)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(run.CONFLICT + "\nDownload, upload or cancel? (download, upload, cancel) [download]: ")
    assert f"The whole collection was {said} {server}.\n" in result.output
    phone.sync()
    assert_one_memory(phone, isolated_user_state, count)


@pytest.mark.parametrize("answers", ["x" * 20_000_000, "maybe\n"], ids=["a line that never ends", "no choice"])
def test_a_full_sync_question_read_from_endless_or_wrong_input_changes_nothing(
    answers: str, server: str, deck: Path, isolated_user_state: Path, tmp_path: Path
) -> None:
    """Piped input without a line end (``< /dev/zero``) is read a piece at a time and ends the question; nothing changes."""
    phone = studied(server, deck, isolated_user_state, tmp_path / "phone")
    assert sync().exit_code == 0
    phone.upload_over_the_server()
    result = sync(answers=answers)
    assert result.exit_code == 1
    assert result.output.endswith("Aborted!\n")
    assert len(result.output) < 5_000  # never the endless line read whole and shown back
    if answers == "maybe\n":
        assert "Error: 'maybe' is not one of 'download', 'upload', 'cancel'." in result.output
    with Store(isolated_user_state) as store:
        assert store.review_count() == 13


def test_a_cancelled_full_sync_changes_nothing(server: str, deck: Path, isolated_user_state: Path, tmp_path: Path) -> None:
    phone = studied(server, deck, isolated_user_state, tmp_path / "phone")
    assert sync().exit_code == 0
    phone.upload_over_the_server()
    result = sync(answers="cancel\n")
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        "Error: sync cancelled: nothing was changed on the server or here; run massage-quiz sync again to choose"
    )
    with Store(isolated_user_state) as store:
        assert store.review_count() == 13


def test_the_terminal_answers_reach_the_server_even_when_no_card_changed(
    server: str, deck: Path, isolated_user_state: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    phone = studied(server, deck, isolated_user_state, tmp_path / "phone")
    assert sync().exit_code == 0
    drill_reviews(isolated_user_state, [item.id for item in load_items()][40:41], days=0)
    monkeypatch.setattr(exchange, "recompute", lambda *args: None)  # only the review-log entry is written
    assert sync().exit_code == 0
    phone.sync()
    assert len(phone.answers()) == 14


def test_a_phone_that_never_imported_the_deck_gets_it_with_its_pictures(
    server: str, deck: Path, isolated_user_state: Path, tmp_path: Path
) -> None:
    def bare_collection(folder: Path) -> tuple[Collection, SyncAuth]:
        folder.mkdir()
        col = Collection(str(folder / "collection.anki2"))
        return col, col.sync_login(USER, PASSWORD, server)

    desktop, auth = bare_collection(tmp_path / "desktop")  # a trainee's Anki with another deck, on the server first
    note = desktop.new_note(desktop.models.by_name("Basic"))
    note["Front"] = "another deck's card"
    desktop.add_note(note, desktop.decks.id_for_name("Default"))
    out = desktop.sync_collection(auth, False)
    desktop.close_for_full_sync()
    desktop.full_upload_or_download(auth=auth, server_usn=None, upload=True)
    assert login(server).exit_code == 0
    result = sync()  # takes the server's copy, imports the deck into it, sends it back in a normal sync
    assert result.exit_code == 0, result.output
    phone, auth = bare_collection(tmp_path / "phone")
    out = phone.sync_collection(auth, False)
    phone.close_for_full_sync()
    phone.full_upload_or_download(auth=auth, server_usn=out.server_media_usn, upload=False)
    phone.reopen(after_full_sync=True)
    while phone.media_sync_status().active:  # the download starts the media sync, as in Anki
        time.sleep(0.05)
    cards = local.course_cards(phone)
    assert len(cards) == sum(1 for item in load_items())
    pictures = {path.name for path in (tmp_path / "phone" / "collection.media").iterdir()}
    assert pictures and all(name.endswith(".svg") for name in pictures)


def test_server_is_given_with_login_only() -> None:
    result = CliRunner().invoke(main, ["sync", "--server", "https://anki.example-school.org/"])
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == ("Error: --server is given with --login (the server is remembered from then on)")


@pytest.mark.parametrize("damage", ["", "not json", '{"hkey": "k"}', "[1, 2]"])
def test_a_damaged_key_file_says_to_log_in_again(isolated_user_state: Path, damage: str) -> None:
    key = local.place(isolated_user_state).key
    key.parent.mkdir(parents=True)
    key.write_text(damage)
    result = sync()
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: the sync key {key} cannot be read (")
    assert result.output.endswith("): run massage-quiz sync --login again\n")


def test_answers_either_side_of_4am_give_one_memory_on_both_sides(
    server: str, deck: Path, isolated_user_state: Path, tmp_path: Path
) -> None:
    """Anki's day starts at 4 a.m. local time: two answers 20 minutes apart around it are a day apart for Anki's FSRS.

    The drill counts them alike, so after sync both sides have the same memory
    and the same due date, and a second laptop replaying them agrees to the
    second. The answers are placed around a 4 a.m. of the machine's zone, so
    this holds whatever the hour the test runs at.
    """
    phone = Phone(tmp_path / "phone", deck, server)
    assert phone.sync() == "full"
    four = datetime.now().astimezone().replace(hour=4, minute=0, second=0, microsecond=0) - timedelta(days=12)
    rollover = four.astimezone(UTC)
    items = [item.id for item in load_items()][30:33]
    schedule = scheduler_for()
    with Store(isolated_user_state) as store:
        for n, item_id in enumerate(items):
            for moment, rating in ((rollover - timedelta(minutes=10), GOOD), (rollover + timedelta(minutes=10), GOOD)):
                store.record(item_id, moment + timedelta(seconds=n), rating, True, "typed", schedule)
        before = {k: (v.stability, v.due) for k, v in store.states().items()}
    # Anki's count: one day between the two answers, so the long-term stability formula, not the same-day one.
    assert all(stability > 5 for stability, _ in before.values()), before
    assert login(server, isolated_user_state).exit_code == 0
    assert sync().exit_code == 0
    phone.sync()
    assert_one_memory(phone, isolated_user_state, 6)
    laptop = tmp_path / "laptop" / "progress.sqlite3"
    assert login(server, laptop).exit_code == 0
    assert sync(laptop).exit_code == 0
    with Store(laptop) as there:
        assert {k: (v.stability, v.due) for k, v in there.states().items()} == before


@pytest.mark.parametrize(
    ("earlier", "later", "days"),
    [
        ("2026-03-01T03:50:00+00:00", "2026-03-01T04:10:00+00:00", 1),  # either side of 4 a.m.
        ("2026-03-01T04:10:00+00:00", "2026-03-02T03:50:00+00:00", 0),  # 23h40 later, still the same Anki day
        ("2026-03-01T04:00:00+00:00", "2026-03-02T04:00:00+00:00", 1),
        ("2026-03-01T23:00:00+00:00", "2026-03-02T01:00:00+00:00", 0),  # past midnight is not a new day
        ("2026-03-01T12:00:00+00:00", "2026-03-11T03:59:59+00:00", 9),
        ("2026-03-02T12:00:00+00:00", "2026-03-01T12:00:00+00:00", 0),  # a clock set back: never negative
    ],
)
def test_days_between_answers_are_counted_as_anki_counts_them(
    earlier: str, later: str, days: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from massage_quiz.drill.clock import days_between_answers

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        assert days_between_answers(datetime.fromisoformat(earlier), datetime.fromisoformat(later)) == days
    finally:
        monkeypatch.undo()
        time.tzset()


def answer_on_phone(phone: Phone, cid: int, rating: CardAnswer.Rating.V) -> None:
    """Answer one given card on the phone as Anki does (whatever its place in the queue)."""
    card = phone.col.get_card(cid)  # type: ignore[arg-type]  # CardId is a NewType of int
    card.start_timer()
    states = phone.col._backend.get_scheduling_states(card.id)
    phone.col.sched.answer_card(phone.col.sched.build_answer(card=card, states=states, rating=rating))


def test_a_card_missed_in_the_terminal_follows_ankis_learning_steps_on_the_phone(
    server: str, deck: Path, isolated_user_state: Path, tmp_path: Path
) -> None:
    phone = studied(server, deck, isolated_user_state, tmp_path / "phone")
    items = [item.id for item in load_items()]
    cards = local.course_cards(phone.col)
    missed, reference = cards[card_of(items[50])], cards[card_of(items[51])]
    drill_reviews(isolated_user_state, items[50:51], days=0, rating=AGAIN)  # its first answer, in the terminal
    assert sync().exit_code == 0
    phone.sync()
    # What Anki itself makes of the same answers, on a card answered only on the phone: the rules are Anki's.
    answer_on_phone(phone, reference, CardAnswer.AGAIN)
    after_again = phone.col.get_card(reference)  # type: ignore[arg-type]
    card = phone.col.get_card(missed)  # type: ignore[arg-type]
    assert (card.type, card.queue, card.left) == (after_again.type, after_again.queue, after_again.left)
    answer_on_phone(phone, missed, CardAnswer.GOOD)
    answer_on_phone(phone, reference, CardAnswer.GOOD)
    after_good = phone.col.get_card(reference)  # type: ignore[arg-type]
    card = phone.col.get_card(missed)  # type: ignore[arg-type]
    assert (card.type, card.queue, card.left) == (after_good.type, after_good.queue, after_good.left)
    assert abs(card.due - after_good.due) <= 300  # a learning step's due time, fuzzed by Anki by up to 5 minutes
    # And the drill agrees once the phone's answer is back: in the learning steps, due with Anki.
    phone.sync()
    assert sync().exit_code == 0
    with Store(isolated_user_state) as store:
        state = store.states()[items[50]]
    assert state.state == 1
    assert_same_due(phone.col, missed, state)


def test_two_answers_in_one_second_keep_their_order_on_every_device(
    server: str, deck: Path, isolated_user_state: Path, tmp_path: Path
) -> None:
    studied(server, deck, isolated_user_state, tmp_path / "phone")
    item = [item.id for item in load_items()][60]
    schedule = scheduler_for()
    second = days_ago(0).replace(microsecond=0)
    with Store(isolated_user_state) as store:
        # Answer ids that cross a thousand (999, then 1,000), as a trainee's thousandth answer does.
        store._db.execute("update reviews set id = 998 where id = (select max(id) from reviews)")
        store.record(item, second.replace(microsecond=100_000), AGAIN, False, "typed", schedule)
        store.record(item, second.replace(microsecond=600_000), GOOD, True, "typed", schedule)
        here = store.states()[item]
    assert here.state == 1 and here.due - int(second.timestamp()) >= 9 * 60  # Again then Good: the second step
    assert sync().exit_code == 0
    with Store(isolated_user_state) as store:
        assert store.states()[item] == here
    laptop = tmp_path / "laptop" / "progress.sqlite3"
    assert login(server, laptop).exit_code == 0
    assert sync(laptop).exit_code == 0
    with Store(laptop) as there:
        assert there.states()[item].due == here.due
    col = Collection(str(local.place(laptop).collection))
    try:
        cid = local.course_cards(col)[card_of(item)]
        assert [ease for (ease,) in col.db.all("select ease from revlog where cid = ? order by id", cid)] == [1, 3]
    finally:
        col.close()


NOTHING_NEW = """
import sys
from massage_quiz.cli import main
try:
    main(["sync"])
except SystemExit as end:
    print(end.code, sorted(name for name in ("genanki", "yaml", "massage_quiz.catalogue.loader") if name in sys.modules))
    # Nor the facet table (and attrs with it), the items' retentions, or the matching of items to cards.
    unused = ("attr", "massage_quiz.facets.table", "massage_quiz.anki.cards", "massage_quiz.drill.retention")
    print(sorted(name for name in unused if name in sys.modules))
"""


def test_a_sync_saves_the_cards_in_one_call_and_one_with_nothing_new_reads_no_content(
    server: str, deck: Path, isolated_user_state: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess
    import sys

    from massage_quiz.catalogue import loader

    studied(server, deck, isolated_user_state, tmp_path / "phone")
    calls: dict[str, list[int]] = {"update_card": [], "update_cards": [], "load_folders": []}
    update_cards, load_folders = Collection.update_cards, loader.load_folders
    monkeypatch.setattr(Collection, "update_card", lambda *args, **kwargs: calls["update_card"].append(1))
    monkeypatch.setattr(
        Collection,
        "update_cards",
        lambda col, cards, **kw: calls["update_cards"].append(len(cards)) or update_cards(col, cards, **kw),
    )
    monkeypatch.setattr(loader, "load_folders", lambda *args: calls["load_folders"].append(1) or load_folders(*args))
    assert CliRunner().invoke(main, ["check"]).exit_code == 0  # the catalogue cached, as after any check or build
    calls["load_folders"].clear()
    assert sync().exit_code == 0
    # The 4 items answered in the terminal: their cards saved in one call, none one by one; the deck made from the cache.
    assert calls == {"update_card": [], "update_cards": [4], "load_folders": []}
    again = subprocess.run([sys.executable, "-c", NOTHING_NEW], capture_output=True, text=True, check=False)
    assert again.stdout.splitlines()[-2:] == ["0 []", "[]"], again.stdout + again.stderr


def test_a_sync_with_nothing_new_reads_neither_history_and_a_new_answer_on_either_side_is_exchanged(
    server: str, deck: Path, isolated_user_state: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    phone = studied(server, deck, isolated_user_state, tmp_path / "phone")
    assert sync().exit_code == 0
    calls: dict[str, int] = {"receive": 0, "send": 0, "terminal_reviews": 0, "revlog_ids": 0, "policy": 0}
    receive, send, policy = exchange.receive, exchange.send, retention.policy
    terminal_reviews, revlog_ids = Store.terminal_reviews, Store.revlog_ids

    def counted(name: str, function: Any) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            calls[name] += 1
            return function(*args, **kwargs)

        return call

    monkeypatch.setattr(exchange, "receive", counted("receive", receive))
    monkeypatch.setattr(exchange, "send", counted("send", send))
    monkeypatch.setattr(Store, "terminal_reviews", counted("terminal_reviews", terminal_reviews))
    monkeypatch.setattr(Store, "revlog_ids", counted("revlog_ids", revlog_ids))
    monkeypatch.setattr(retention, "policy", counted("policy", policy))
    result = sync()
    assert result.exit_code == 0, result.output
    # Nothing new: the mark the first sync left says so; neither side's history is read, nor the items' retentions.
    assert calls == {"receive": 0, "send": 0, "terminal_reviews": 0, "revlog_ids": 0, "policy": 0}
    phone.review(1)
    phone.sync()
    assert sync().exit_code == 0
    assert calls["receive"] == 1
    with Store(isolated_user_state) as store:
        assert store.review_count() == 14  # the phone's new answer, brought
    drill_reviews(isolated_user_state, [item.id for item in load_items()][40:41], days=0)
    assert sync().exit_code == 0
    assert calls["send"] == 2
    assert sync().exit_code == 0
    assert calls["send"] == 2  # nothing new again
    phone.sync()
    assert_one_memory(phone, isolated_user_state, 15)


def test_a_sync_with_nothing_new_reads_no_items_and_asks_the_collection_a_few_queries(
    server: str, deck: Path, isolated_user_state: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from anki.dbproxy import DBProxy

    from massage_quiz.items import load

    phone = studied(server, deck, isolated_user_state, tmp_path / "phone")
    assert sync().exit_code == 0
    calls: dict[str, int] = {"load_items": 0, "items_by_card": 0, "ensure_deck": 0}
    queries: list[str] = []
    syncs: list[int] = []
    sync_collection = Collection.sync_collection
    monkeypatch.setattr(Collection, "sync_collection", lambda *a, **kw: syncs.append(1) or sync_collection(*a, **kw))
    load_items, items_by_card, ensure_deck = load.load_items, local.items_by_card, local.ensure_deck
    monkeypatch.setattr(load, "load_items", lambda *a: calls.__setitem__("load_items", calls["load_items"] + 1) or load_items(*a))
    monkeypatch.setattr(
        local, "items_by_card", lambda *a: calls.__setitem__("items_by_card", calls["items_by_card"] + 1) or items_by_card(*a)
    )
    monkeypatch.setattr(
        local, "ensure_deck", lambda *a: calls.__setitem__("ensure_deck", calls["ensure_deck"] + 1) or ensure_deck(*a)
    )
    for name in ("all", "scalar", "first", "list"):
        method = getattr(DBProxy, name)
        monkeypatch.setattr(
            DBProxy, name, lambda db, sql, *args, _m=method, **kw: queries.append(sql) or _m(db, sql, *args, **kw)
        )
    result = sync()
    assert result.exit_code == 0, result.output
    assert result.output.endswith("0 answers from the terminal sent to Anki, 0 from Anki added to the drill.\n")
    # No item read or matched to a card, no deck import considered: the mark's content key, cards' digest and decks
    # say all of it. Three queries of the collection: its course's note types, its course cards, its review log.
    assert calls == {"load_items": 0, "items_by_card": 0, "ensure_deck": 0}
    assert len(queries) == 3, queries
    # Nothing changed here after the server's sync: it is not asked a second time.
    assert syncs == [1]
    # Another retention: the course's preset takes it, and the server receives it in a second sync.
    result = CliRunner().invoke(main, ["sync", "--retention", "0.85"])
    assert result.exit_code == 0, result.output
    assert calls == {"load_items": 0, "items_by_card": 0, "ensure_deck": 0} and syncs == [1, 1, 1]
    phone.sync()
    cid = local.course_cards(phone.col)[card_of(load_items()[10].id)]
    assert phone.col.decks.config_dict_for_deck_id(phone.col.get_card(cid).did)["desiredRetention"] == pytest.approx(0.85)


def test_a_changed_course_card_deck_or_imported_deck_runs_the_whole_exchange(
    server: str, deck: Path, isolated_user_state: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    phone = studied(server, deck, isolated_user_state, tmp_path / "phone")
    assert sync().exit_code == 0
    phone.sync()
    receive = exchange.receive
    calls: list[int] = []
    monkeypatch.setattr(exchange, "receive", lambda *a: calls.append(1) or receive(*a))
    assert sync().exit_code == 0
    assert calls == []  # nothing new
    # The phone moves the course's cards to a deck of their own: the whole exchange runs, and that deck gets the preset.
    moved = phone.col.decks.id("Moved")
    phone.col.set_deck(list(phone.col.db.list("select id from cards")), moved)
    phone.sync()
    assert sync().exit_code == 0
    assert calls == [1]
    phone.sync()
    assert phone.col.decks.config_dict_for_deck_id(moved)["name"] == "massage-quiz"
    assert sync().exit_code == 0
    assert calls == [1]  # nothing new again
    # Another deck was imported since the mark (a sync with other content stopped before its exchange): the whole exchange.
    where = local.place(isolated_user_state)
    where.imported.write_text("another content key", encoding="utf-8")
    assert sync().exit_code == 0
    assert calls == [1, 1]
    # A mark an older version left (a plain digest of the cards): the whole exchange once, then nothing new.
    with Store(isolated_user_state) as store:
        store._db.execute("update sync_mark set cards = 'e3b0c44298fc1c149afbf4c8996fb924'")
        store._db.commit()
    assert sync().exit_code == 0
    assert calls == [1, 1, 1]
    assert sync().exit_code == 0
    assert calls == [1, 1, 1]
    phone.sync()
    assert_one_memory(phone, isolated_user_state, 13)


def test_a_first_sync_reads_the_terminal_answers_once_and_the_changed_cards_answers_in_one_query(
    server: str, deck: Path, isolated_user_state: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from anki.dbproxy import DBProxy

    phone = studied(server, deck, isolated_user_state, tmp_path / "phone")
    reads: list[int] = []
    queries: list[str] = []
    terminal_reviews, query = Store.terminal_reviews, DBProxy.all
    monkeypatch.setattr(Store, "terminal_reviews", lambda store: reads.append(1) or terminal_reviews(store))
    monkeypatch.setattr(DBProxy, "all", lambda db, sql, *args: queries.append(sql) or query(db, sql, *args))
    result = sync()
    assert result.exit_code == 0, result.output
    assert reads == [1]  # not read again after the review-log ids are given
    assert sum("from revlog where cid" in sql for sql in queries) == 1  # the 4 changed cards' answers: one query
    phone.sync()
    assert_one_memory(phone, isolated_user_state, 13)


def _change(col: Collection, what: str) -> None:
    """One way a collection's copy of the deck differs from the deck."""
    from massage_quiz.anki import notetypes

    nid = sorted(col.find_notes(f"mid:{notetypes.note_type('question').id}"))[0]
    note = col.get_note(nid)
    if what == "a field edited":
        note.fields[1] += " (edited on the phone)"
        col.update_note(note)
    elif what == "a tag removed":
        note.tags = note.tags[1:]
        col.update_note(note)
    elif what == "a note deleted":
        col.remove_notes([nid])
    elif what == "a card deleted":
        acupoint = col.get_note(sorted(col.find_notes(f"mid:{notetypes.note_type('acupoint').id}"))[0])
        col.remove_cards_and_orphaned_notes([acupoint.card_ids()[0]])
    elif what in ("the styling changed", "a template changed"):
        model = col.models.get(note.mid)
        assert model is not None
        if what == "the styling changed":
            model["css"] += "\n.card { color: red; }"
        else:
            model["tmpls"][0]["qfmt"] += " "
        col.models.update_dict(model)
    elif what == "a picture differs":
        picture = next(Path(col.media.dir()).iterdir())
        picture.write_bytes(picture.read_bytes() + b"<!-- -->")
    else:
        raise AssertionError(what)


@pytest.mark.parametrize(
    "what",
    [
        "a field edited",
        "a tag removed",
        "a note deleted",
        "a card deleted",
        "the styling changed",
        "a template changed",
        "a picture differs",
    ],
)
def test_a_collection_that_differs_from_the_deck_in_any_way_gets_the_deck_imported(
    deck: Path, isolated_user_state: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, what: str
) -> None:
    from massage_quiz.anki import notes
    from massage_quiz.catalogue.folders import all_folders

    rendered = notes.load(all_folders(()))
    col = imported(tmp_path / "phone", deck)
    assert local.holds_deck(col, rendered)
    _change(col, what)
    assert not local.holds_deck(col, rendered)
    where = local.place(isolated_user_state)
    where.folder.mkdir(parents=True)
    # The deck made a minute after the change (Anki updates a note or note type only from a newer one).
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(time.time()) + 60))
    assert local.ensure_deck(col, where, ())  # imported, as every first sync did before
    # The import brings the notes and cards back to the deck's; it leaves a phone's own note types and pictures alone
    # (as seen with this engine), so those stay as they were: what matters here is that the deck was imported.
    assert local.holds_deck(col, rendered) == (what in ("a field edited", "a tag removed", "a note deleted", "a card deleted"))
    col.close()


def test_a_collection_that_holds_the_deck_gets_only_its_missing_pictures(
    deck: Path, isolated_user_state: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counted: no deck made, none imported; the pictures the media folder lacks are written with the deck's bytes."""
    from massage_quiz.anki import notes, package
    from massage_quiz.catalogue.folders import all_folders

    col = imported(tmp_path / "phone", deck)
    media = Path(col.media.dir())
    pictures = {path.name: path.read_bytes() for path in media.glob("*.svg")}
    for path in media.glob("*.svg"):
        path.unlink()  # a downloaded collection: its pictures come with the media sync, after the exchange
    calls: list[str] = []
    monkeypatch.setattr(package, "build", lambda *a, **kw: calls.append("build"))
    monkeypatch.setattr(Collection, "import_anki_package", lambda *a, **kw: calls.append("import"))
    where = local.place(isolated_user_state)
    where.folder.mkdir(parents=True)
    assert not local.ensure_deck(col, where, ())
    assert calls == []
    assert pictures and {path.name: path.read_bytes() for path in media.glob("*.svg")} == pictures
    assert local.imported_key(where) == local.study(())[1]  # the next sync does not look again
    assert local.holds_deck(col, notes.load(all_folders(())))
    col.close()
