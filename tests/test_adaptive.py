"""A memory model per trainee: FSRS's parameters fitted to a simulated trainee's reviews, adopted only when they predict better."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

import fsrs_rs_python
import pytest
from simulated_trainee import simulate

from massage_quiz.drill import fitting
from massage_quiz.drill.migrations import MIGRATIONS, SCHEMA_VERSION
from massage_quiz.drill.progress import ProgressError, Store
from massage_quiz.drill.scheduling import GOOD, default_parameters, scheduler_for


def _load(store: Store, history: list[tuple[str, int, int]]) -> None:
    """Put answers in the progress file in one transaction, as a sync brings Anki's."""
    by_item: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for n, (item_id, at, rating) in enumerate(history):
        by_item[item_id].append((at * 1000 + n % 1000, rating))
    store.add_from_anki(dict(by_item), scheduler_for())


def test_fitted_parameters_predict_a_simulated_trainee_better_than_the_defaults() -> None:
    history = simulate(300, 200)
    fitted = fitting.fit(history, 0)
    assert fitted is not None
    assert fitted.adopted
    assert fitted.held_out >= 100
    assert fitted.fitted_log_loss < fitted.default_log_loss
    assert fitted.fitted_rmse < fitted.default_rmse
    # And on reviews the fit never saw: another stretch of the same trainee's life.
    unseen = [item for _, item in fitting.training_items(simulate(300, 200, seed=99))]
    mine = fsrs_rs_python.FSRS(list(fitted.parameters)).evaluate(unseen)
    usual = fsrs_rs_python.FSRS(list(default_parameters())).evaluate(unseen)
    assert mine.log_loss < usual.log_loss
    assert mine.rmse_bins < usual.rmse_bins


@pytest.mark.parametrize(("items", "days"), [(0, 1), (5, 10), (15, 30)])
def test_too_few_reviews_keep_the_defaults(tmp_path: Path, items: int, days: int) -> None:
    history = simulate(items, days) if items else []
    assert fitting.fit(history, 0) is None
    with Store(tmp_path / "p.sqlite3") as store:
        _load(store, history)
        assert fitting.refresh(store, 0) is None
        assert store.memory_model() is None
        assert store.parameters() is None


def test_the_progress_file_adopts_the_fit_and_schedules_with_it(tmp_path: Path) -> None:
    with Store(tmp_path / "p.sqlite3") as store:
        _load(store, simulate(150, 150))
        fitted = fitting.refresh(store, 1_000)
        assert fitted is not None and fitted.adopted
        assert store.parameters() == fitted.parameters
        assert store.memory_model() == fitted
        assert fitting.refresh(store, 2_000) is None  # nothing new since: no refit
    with Store(tmp_path / "p.sqlite3") as store:  # kept across sessions
        assert store.parameters() == fitted.parameters
    # The trainee forgets faster than the average: the fitted schedule brings a known item back sooner.
    now = datetime(2026, 3, 2, 9, tzinfo=UTC)
    card = {
        "card_id": 1,
        "state": 2,
        "step": None,
        "stability": 20.0,
        "difficulty": 5.0,
        "due": now.isoformat(),
        "last_review": "2026-02-10T09:00:00+00:00",
    }
    usual = datetime.fromisoformat(scheduler_for()(card, GOOD, now)["due"])
    own = datetime.fromisoformat(scheduler_for(parameters=fitted.parameters)(card, GOOD, now)["due"])
    assert own < usual


def _memory(store: Store) -> dict[str, tuple[object, ...]]:
    """Each item's card as the progress file holds it, and the card kept for re-grading its last answer."""
    befores = dict(
        store.rows("SELECT item_id, card_before FROM reviews WHERE id IN (SELECT max(id) FROM reviews GROUP BY item_id)")
    )
    return {item_id: (state.card, befores[item_id]) for item_id, state in store.states().items()}


def test_parameters_that_change_recompute_every_items_memory_and_keep_its_due_date(tmp_path: Path) -> None:
    """As Anki does when a preset's parameters change: the next answer schedules as the whole history would with the new ones."""
    from massage_quiz.drill.progress import from_epoch

    own = (*default_parameters()[:2], 4.0, *default_parameters()[3:8], 1.0, *default_parameters()[9:20], 0.5)
    with Store(tmp_path / "p.sqlite3") as store:
        _load(store, simulate(40, 60))
        old = store.states()
        histories: dict[str, list[tuple[int, datetime]]] = defaultdict(list)
        for item_id, at, rating in store.history():
            histories[item_id].append((rating, from_epoch(at)))
        store.save_memory_model(fitting.Fitted(5, 900, 400, 100, own, 0.30, 0.35, 0.05, 0.08, True))
        new = store.states()
        for item_id, state in new.items():
            replayed = scheduler_for(parameters=own).replay(histories[item_id])
            assert replayed is not None
            assert (state.stability, state.card["difficulty"]) == (replayed.card["stability"], replayed.card["difficulty"])
            assert state.stability != old[item_id].stability
            # The due date, the state and the step are kept: only the memory changes.
            assert (state.due, state.state, state.card["step"], state.card["due"]) == (
                old[item_id].due,
                old[item_id].state,
                old[item_id].card["step"],
                old[item_id].card["due"],
            )
        # The next answer, from the recomputed memory, is the card a replay of the whole history gives.
        item_id, history = next(iter(histories.items()))
        moment = history[-1][1] + timedelta(days=9)
        store.record(item_id, moment, GOOD, True, "x", scheduler_for(parameters=own))
        replayed = scheduler_for(parameters=own).replay([*history, (GOOD, moment)])
        assert replayed is not None
        assert store.card(item_id) == replayed.card

        kept = _memory(store)
        store.save_memory_model(fitting.Fitted(6, 950, 400, 100, own, 0.30, 0.35, 0.05, 0.08, True))
        assert _memory(store) == kept  # the same parameters again: nothing recomputed
        # A later fit not adopted puts FSRS's defaults back, and the memory made with them.
        store.save_memory_model(fitting.Fitted(7, 1200, 500, 120, own, 0.40, 0.35, 0.05, 0.04, False))
        assert store.parameters() is None
        for item_id, state in store.states().items():
            answers = [*histories[item_id], *([(GOOD, moment)] if item_id == next(iter(histories)) else [])]
            replayed = scheduler_for().replay(answers)
            assert replayed is not None
            assert state.stability == replayed.card["stability"]


def test_answers_from_anki_that_make_a_fit_due_replay_each_answer_once_with_the_new_parameters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sync's answers, the fit they make due and every memory it changes: one transaction, one replay of each answer."""
    from massage_quiz.drill import fsrs6
    from massage_quiz.drill.progress import from_epoch

    own = (*default_parameters()[:2], 4.0, *default_parameters()[3:8], 1.0, *default_parameters()[9:20], 0.5)
    history = simulate(30, 60)
    by_item: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for n, (item_id, at, rating) in enumerate(history):
        by_item[item_id].append((at * 1000 + n % 1000, rating))
    items = sorted(by_item)
    earlier = {item_id: answers[: len(answers) // 2] for item_id, answers in by_item.items()}
    arriving = {item_id: by_item[item_id][len(earlier[item_id]) :] for item_id in items[:10]}
    fitted = fitting.Fitted(5, 900, 400, 100, own, 0.30, 0.35, 0.05, 0.08, True)
    with Store(tmp_path / "p.sqlite3") as store:
        store.add_from_anki(earlier, scheduler_for())
        old = store.states()
        reviews_done: list[object] = []
        review = fsrs6.Formulas.review

        def counted(*args: object) -> fsrs6.Answered:
            reviews_done.append(args)
            return review(*args)  # type: ignore[arg-type]

        monkeypatch.setattr(fsrs6.Formulas, "review", counted)
        seen: list[int] = []
        added = store.add_from_anki(arriving, scheduler_for(), lambda s: seen.append(s.review_count()) or fitted)
        monkeypatch.undo()
        assert added == sum(map(len, arriving.values()))
        assert seen == [sum(map(len, earlier.values())) + added]  # the fit sees the answers just added
        assert store.memory_model() == fitted and store.parameters() == own
        assert len(reviews_done) == store.review_count()  # every answer replayed once, not twice
        states = store.states()
        for item_id in items:
            answers = [(rating, from_epoch(at // 1000)) for at, rating in [*earlier[item_id], *arriving.get(item_id, [])]]
            replayed = scheduler_for(parameters=own).replay(answers)
            assert replayed is not None
            if item_id in arriving:  # answered again: rescheduled by the new parameters
                assert states[item_id].card == replayed.card
            else:  # only the memory: the due date stays
                assert states[item_id].stability == replayed.card["stability"]
                assert states[item_id].due == old[item_id].due


def test_answers_from_anki_are_replayed_with_the_parameters_the_file_holds(tmp_path: Path) -> None:
    """A schedule made before another process kept a fit still replays with the fit's parameters (those in the file)."""
    own = (*default_parameters()[:2], 4.0, *default_parameters()[3:])
    at = int(datetime(2026, 3, 2, 12, tzinfo=UTC).timestamp())
    with Store(tmp_path / "p.sqlite3") as store:
        store.save_memory_model(fitting.Fitted(5, 900, 400, 100, own, 0.30, 0.35, 0.05, 0.08, True))
        store.add_from_anki({"acupoint/p1/code": [(at * 1000, GOOD)]}, scheduler_for())
        assert store.states()["acupoint/p1/code"].stability == 4.0


def test_a_fit_that_fails_is_its_own_error_and_adds_no_answer(tmp_path: Path) -> None:
    at = int(datetime(2026, 3, 2, 12, tzinfo=UTC).timestamp())

    def refit(_store: Store) -> fitting.Fitted | None:
        raise ValueError("the optimiser failed")

    with Store(tmp_path / "p.sqlite3") as store:
        with pytest.raises(ValueError, match="the optimiser failed"):  # not "the progress file is damaged"
            store.add_from_anki({"acupoint/p1/code": [(at * 1000, GOOD)]}, scheduler_for(), refit)
        assert store.review_count() == 0
        assert store.states() == {}


def test_a_fit_and_the_memory_it_changes_are_kept_together_or_not_at_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    own = (*default_parameters()[:2], 4.0, *default_parameters()[3:])
    with Store(tmp_path / "p.sqlite3") as store:
        _load(store, simulate(10, 30))
        kept = _memory(store)

        def fails(*_args: object) -> None:
            raise sqlite3.OperationalError("disk I/O error")

        monkeypatch.setattr(Store, "_remember", fails)
        with pytest.raises(ProgressError):
            store.save_memory_model(fitting.Fitted(5, 900, 400, 100, own, 0.30, 0.35, 0.05, 0.08, True))
        assert store.memory_model() is None
        assert _memory(store) == kept


def test_a_fit_that_predicts_worse_is_kept_but_not_adopted(tmp_path: Path) -> None:
    worse = fitting.Fitted(5, 900, 400, 100, default_parameters(), 0.40, 0.35, 0.1, 0.09, False)
    with Store(tmp_path / "p.sqlite3") as store:
        store.save_memory_model(worse)
        assert store.memory_model() == worse
        assert store.parameters() is None


def test_refit_waits_for_a_fifth_more_answers() -> None:
    last = fitting.Fitted(5, 1000, 400, 100, default_parameters(), 0.3, 0.35, 0.1, 0.09, True)
    assert fitting.due_for_refit(None, 10)
    assert not fitting.due_for_refit(last, 1100)
    assert fitting.due_for_refit(last, 1200)
    small = last._replace(reviews=210)
    assert not fitting.due_for_refit(small, 255)  # a fifth more, but fewer than 50 new answers
    assert fitting.due_for_refit(small, 260)


def test_fitted_parameters_stay_within_the_bounds_the_scheduler_accepts() -> None:
    from fsrs import Scheduler

    # fsrs-rs computes in 32-bit floats: its 0.8 is 0.800000011920929, over fsrs's upper bound.
    raw = [float(p) for p in fsrs_rs_python.DEFAULT_PARAMETERS]
    raw[15], raw[20] = 0.800000011920929, 0.8000000119
    Scheduler(parameters=fitting.bounded(raw))  # raises if any is out of bounds


def test_a_schema_1_file_is_migrated_keeping_every_answer(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path)
    MIGRATIONS[0](db)  # the file as massage-quiz with schema 1 made it
    db.execute(f"PRAGMA application_id = {int.from_bytes(b'MQuz', 'big')}")
    db.execute("PRAGMA user_version = 1")
    db.execute("INSERT INTO reviews (item_id, reviewed_at, rating, correct, answer) VALUES ('a/b/c', 5, 3, 1, 'x')")
    db.execute("CREATE TABLE trainee (id TEXT NOT NULL)")  # made at first use by schema-1 versions
    db.execute("INSERT INTO trainee VALUES ('0123456789abcdef')")
    db.commit()
    db.close()
    with Store(path) as store:
        assert store.review_count() == 1
        assert store.trainee_id() == "0123456789abcdef"
        assert store.revlog_ids() == set()
        assert store.memory_model() is None
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == len(MIGRATIONS)
    db.close()


def test_the_drill_refits_after_a_session_and_says_what_it_found(isolated_user_state: Path) -> None:
    from click.testing import CliRunner

    from massage_quiz.cli import main

    with Store(isolated_user_state) as store:
        _load(store, simulate(150, 150))
    result = CliRunner().invoke(
        main,
        ["drill", "--limit", "1", "--topic", "acupoints"],
        input="BL23\n",
        env={"MASSAGE_QUIZ_NOW": "2026-09-01T09:00:00+00:00"},
    )
    assert result.exit_code == 0, result.output
    assert "Your memory model was fitted to your" in result.output
    assert "so your schedule now uses it." in " ".join(result.output.split())  # wrapped to the terminal
    with Store(isolated_user_state) as store:
        fitted = store.memory_model()
        assert fitted is not None and store.parameters() == fitted.parameters
    # The next session: nothing new enough to fit again, nothing said.
    again = CliRunner().invoke(
        main,
        ["drill", "--limit", "1", "--topic", "acupoints"],
        input="BL23\n",
        env={"MASSAGE_QUIZ_NOW": "2026-09-01T09:05:00+00:00"},
    )
    assert "memory model" not in again.output
