"""Measure `massage-quiz sync` with 10,000 reviews on each side, as a ratio to Anki's own import of the same deck.

    python benchmarks/sync_bench.py [--entries 2000] [--reviews 10000] [--runs 5]

A real sync server on localhost (``python -m anki.syncserver``), a phone (a
plain Anki collection) that imported the deck and whose review log holds
``--reviews`` answers over a year (written straight into its review log,
then synced up), and a terminal that answered ``--reviews`` times through
the drill's own recording, each answer made when the drill had the item
due. Timed, each as a fresh process: the terminal's first `sync` (full
download, both exchanges, the upload), a second `sync` with nothing new,
and the baseline, Anki importing the same .apkg into an empty collection
(median of ``--runs`` runs before the syncs and as many after). Then it
checks that each side holds every answer exactly once, and measures how
far Anki's due date and the drill's are apart for the cards the terminal
answered (the same history, scheduled by Anki's FSRS and by the fsrs
package), and how far apart their stabilities are, for those cards and for
every card answered on either side.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]
BIN = Path(sys.executable).parent

IMPORT = """
import sys
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition
newer = ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER
col = Collection(sys.argv[2])
options = ImportAnkiPackageOptions(update_notes=newer, update_notetypes=newer, with_scheduling=False)
col.import_anki_package(ImportAnkiPackageRequest(package_path=sys.argv[1], options=options))
col.close()
"""


def timed(cmd: list[str], stdin: str = "") -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, input=stdin, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{result.stdout}{result.stderr}")
    return elapsed


def phone_answers(phone, reviews: int, now: datetime, rng: random.Random, avoid: set[int]) -> None:
    """``reviews`` answers over the last year, straight into the phone's review log (as a year of phone study leaves it)."""
    cards = [cid for cid in phone.col.db.list("select id from cards") if cid not in avoid]
    start = int((now - timedelta(days=365)).timestamp() * 1000)
    ids = sorted(rng.sample(range(start, start + 365 * 86_400_000), reviews))
    seen: set[int] = set()
    rows = []
    for i in ids:
        cid = rng.choice(cards)
        rows.append((i, cid, -1, rng.choice((1, 3, 3, 3, 4)), 1, 0, 0, 4000, 1 if cid in seen else 0))
        seen.add(cid)
    # In a transaction: its commit marks the collection changed, so the next sync sends the entries.
    phone.col.db.transact(
        lambda: phone.col.db.executemany(
            "insert into revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) values (?,?,?,?,?,?,?,?,?)", rows
        )
    )


def terminal_answers(state: Path, item_ids: list[str], reviews: int, now: datetime, rng: random.Random) -> list[str]:
    """``reviews`` answers through the drill's own recording, each made when the drill had the item due; the items answered.

    Items start on random days of the last year and are answered on their due
    dates (or up to a day late), Again one time in five, else Good or Easy.
    """
    from massage_quiz.drill.progress import Store
    from massage_quiz.drill.scheduling import scheduler_for

    schedule = scheduler_for()
    chosen = rng.sample(item_ids, min(len(item_ids), reviews // 8))
    answers = []
    for item_id in chosen:
        card, moment = None, now - timedelta(days=rng.uniform(30, 365))
        while moment < now and len(answers) < reviews:
            rating = rng.choice((1, 3, 3, 3, 4))
            answers.append((moment, item_id, rating))
            card = schedule(card, rating, moment)
            moment = datetime.fromisoformat(card["due"]) + timedelta(hours=rng.uniform(0, 24))
    answers.sort()
    with Store(state) as store:
        for moment, item_id, rating in answers:
            store.record(item_id, moment, rating, rating > 1, "answer", schedule)
    return sorted({item_id for _, item_id, _ in answers})


class SyncCase:
    """A phone and a terminal with ``reviews`` answers each, a real sync server, and copies to start every run afresh.

    ``first()`` puts back the state before the terminal's first sync (the
    server's copy holding the phone's answers, the terminal logged in, its
    collection empty), ``again()`` the state right after it; each restarts
    the server on its files, so every timed `sync` finds the same state.
    Made for run.py, which times ``[mq, "sync"]`` after either, interleaved
    with Anki's import of ``deck``. Everything that needs Anki's engine runs
    in a child process (``prepare``): a process that imported it and then
    starts the timed commands would pass its own peak memory on to them
    (Linux keeps a process's peak across exec).
    """

    def __init__(self, work: Path, content: Path, reviews: int, mq: str, env: dict[str, str]) -> None:
        import socket

        work.mkdir(parents=True, exist_ok=True)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = int(probe.getsockname()[1])
        self.work, self.server_dir, self.terminal = work, work / "server", work / "terminal"
        self.deck = work / "deck.apkg"
        self.env = {**env, "MASSAGE_QUIZ_STATE": str(self.terminal / "progress.sqlite3"), "MASSAGE_QUIZ_CONTENT": str(content)}
        subprocess.run(
            [sys.executable, __file__, "--prepare", str(work), "--reviews", str(reviews), "--port", str(self.port), "--mq", mq],
            env=self.env,
            check=True,
        )
        self.server: subprocess.Popen[bytes] | None = None

    def _stop(self) -> None:
        if self.server is not None:
            self.server.terminate()
            self.server.wait(timeout=30)
            self.server = None

    def _put_back(self, name: str) -> None:
        import shutil

        self._stop()
        for folder in (self.server_dir, self.terminal):
            shutil.rmtree(folder, ignore_errors=True)
            shutil.copytree(self.work / "saved" / name / folder.name, folder)
        from sync_server import start_server  # the tests' server, without importing Anki in the benchmarks' runner

        self.server = start_server(self.server_dir, self.port)

    def first(self) -> None:
        """The state before the terminal's first sync."""
        self._put_back("first")

    def again(self) -> None:
        """The state right after it: nothing new on either side."""
        self._put_back("again")

    def close(self) -> None:
        """Stop the server."""
        self._stop()


def prepare(work: Path, reviews: int, port: int, mq: str) -> None:
    """Make a SyncCase's files (in the child process): the deck, the phone's and the terminal's answers, the saved states."""
    import shutil

    from sync_helpers import PASSWORD, USER, Phone, start_server

    from massage_quiz.anki.cards import card_of
    from massage_quiz.items.load import load_items
    from massage_quiz.sync import local

    server_dir, terminal = work / "server", work / "terminal"
    state, deck = terminal / "progress.sqlite3", work / "deck.apkg"
    subprocess.run([mq, "build", "-o", str(deck)], check=True, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"

    def keep(name: str, server: subprocess.Popen[bytes]) -> subprocess.Popen[bytes]:
        server.terminate()
        server.wait(timeout=30)
        for folder in (server_dir, terminal):
            shutil.copytree(folder, work / "saved" / name / folder.name)
        return start_server(server_dir, port)

    server = start_server(server_dir, port)
    try:
        rng, now = random.Random(11), datetime.now(UTC)
        phone = Phone(work / "phone", deck, url)
        phone.sync()
        answered = terminal_answers(state, [item.id for item in load_items()], reviews, now, rng)
        cards = local.course_cards(phone.col)
        phone_answers(phone, reviews, now, rng, {cards[card_of(item_id)] for item_id in answered})
        phone.sync()
        phone.col.close()
        login = subprocess.run(
            [mq, "sync", "--login", "--server", url], input=f"{USER}\n{PASSWORD}\n", text=True, capture_output=True
        )
        if login.returncode != 0:
            raise SystemExit(f"sync --login failed: {login.stdout}{login.stderr}")
        server = keep("first", server)
        subprocess.run([mq, "sync"], check=True, stdout=subprocess.DEVNULL)
        server = keep("again", server)
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--reviews", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--prepare", metavar="DIR", type=Path, help=argparse.SUPPRESS)  # SyncCase's child process
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--mq", help=argparse.SUPPRESS)
    parser.add_argument("--profile", metavar="DIR", help="also write cProfile files of the two syncs into DIR (not timed)")
    args = parser.parse_args()
    if args.prepare:
        prepare(args.prepare, args.reviews, args.port, args.mq)
        return

    import generate
    from sync_helpers import PASSWORD, USER, Phone, serving

    rng = random.Random(11)
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory() as scratch:
        tmp = Path(scratch)
        generate.content(tmp / "content", args.entries)
        state = tmp / "terminal" / "progress.sqlite3"
        os.environ.update(
            MASSAGE_QUIZ_STATE=str(state), MASSAGE_QUIZ_CACHE=str(tmp / "cache"), MASSAGE_QUIZ_CONTENT=str(tmp / "content")
        )
        mq = str(BIN / "massage-quiz")
        deck = tmp / "deck.apkg"
        timed([mq, "build", "-o", str(deck)])

        def import_runs(label: str) -> list[float]:
            return [
                timed([sys.executable, "-c", IMPORT, str(deck), str(tmp / f"import-{label}-{n}.anki2")]) for n in range(args.runs)
            ]

        # The baseline is measured right before and right after the syncs: this machine's load
        # drifts over minutes, and the ratio should compare like with like.
        imports = import_runs("before")

        from massage_quiz.drill.progress import Store
        from massage_quiz.items.load import load_items
        from massage_quiz.sync import exchange, local

        server = serving(tmp / "server")
        url = next(server)
        try:
            phone = Phone(tmp / "phone", deck, url)
            phone.sync()
            answered = terminal_answers(state, [item.id for item in load_items()], args.reviews, now, rng)
            from massage_quiz.anki.cards import card_of

            cards = local.course_cards(phone.col)
            phone_answers(phone, args.reviews, now, rng, {cards[card_of(item_id)] for item_id in answered})
            phone.sync()
            timed([mq, "sync", "--login", "--server", url], f"{USER}\n{PASSWORD}\n")
            with Store(state) as store:
                made = store.review_count()
            # Under the profiler the times are longer: they show where the time goes, not how much.
            profiled = [sys.executable, "-m", "cProfile", "-o"] if args.profile else []
            first = timed([*profiled, *([f"{args.profile}/first.prof"] if args.profile else []), mq, "sync"])
            again = timed([*profiled, *([f"{args.profile}/again.prof"] if args.profile else []), mq, "sync"])
            imports += import_runs("after")
            phone.sync()
            on_phone = len(phone.answers())
            with Store(state) as store:
                in_drill = store.review_count()
                states = store.states()
            gaps, learning_gaps, relative, stability = [], [], [], []
            for item_id in answered:
                cid = cards[card_of(item_id)]
                due = exchange.anki_due(phone.col, cid)
                drill = states[item_id]
                if due is None:
                    continue
                gap = abs(due - drill.due) / 86400
                if drill.state in (1, 3):
                    learning_gaps.append(gap)
                    continue
                gaps.append(gap)
                card = phone.col.get_card(cid)
                relative.append(gap / max(card.ivl, 1))
                stability.append(abs(card.memory_state.stability - drill.stability) / drill.stability)
            # Every card answered on either side: a fit adopted during the sync recomputes each memory on both.
            everywhere = []
            for cid, item_id in local.items_by_card(phone.col, list(states)).items():
                memory, drill = phone.col.get_card(cid).memory_state, states[item_id]
                if memory is not None and memory.stability and drill.stability:
                    everywhere.append(abs(memory.stability - drill.stability) / drill.stability)
        finally:
            server.close()

    base = statistics.median(imports)
    print(f"{args.entries} entries ({len(cards)} cards); answers: {args.reviews:,} on the phone, {made:,} in the terminal")
    print(
        f"Anki importing the deck into an empty collection: {base * 1000:.0f} ms (median of {len(imports)}, half before and half after the syncs, {min(imports) * 1000:.0f}–{max(imports) * 1000:.0f})"
    )
    print(
        f"first `massage-quiz sync` (full download, both exchanges, upload): {first * 1000:.0f} ms, {first / base:.2f}x the import"
    )
    print(f"`massage-quiz sync` again, nothing new: {again * 1000:.0f} ms, {again / base:.2f}x the import")
    print(f"answers held: phone {on_phone:,}, terminal {in_drill:,} (expected {args.reviews + made:,} each)")
    for name, values, unit in (
        ("due dates apart, cards past their learning steps", gaps, " days"),
        ("the same, as a share of Anki's interval", relative, ""),
        ("due dates apart, cards in (re)learning steps", learning_gaps, " days"),
        ("stability apart (Anki's FSRS against the fsrs package), as a share", stability, ""),
        ("the same, every card answered on either side", everywhere, ""),
    ):
        if values:
            values.sort()
            print(
                f"{name} ({len(values)} cards): median {statistics.median(values):.3f}{unit}, "
                f"90th percentile {values[int(len(values) * 0.9)]:.3f}{unit}, max {values[-1]:.3f}{unit}"
            )


if __name__ == "__main__":
    main()
