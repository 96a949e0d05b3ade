"""Safety facts held tighter: a desired retention per topic and tag, in the drill and, after sync, in Anki."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sync_helpers import PASSWORD, USER, Phone, days_ago

from massage_quiz.anki.cards import card_of
from massage_quiz.catalogue.coursefile import read, retention
from massage_quiz.catalogue.folders import Folder
from massage_quiz.cli import main
from massage_quiz.drill.progress import Store
from massage_quiz.drill.retention import Policy, policy
from massage_quiz.drill.scheduling import GOOD, fuzzed, interval, scheduler_for
from massage_quiz.items.item import Item
from massage_quiz.items.load import load_items
from massage_quiz.sync import local

TECHNIQUE = Item("technique/palm-pushing/effects", "techniques", "choice", "?", "a", tags=("seed",))
CONTRAINDICATION = Item("contraindication/skin-disease/rule", "contraindications", "choice", "?", "a", tags=("seed",))
QUIZ_RED_FLAG = Item("question/numb-saddle", "questions", "choice", "?", "a", tags=("contraindication", "red-flag"))


def test_contraindications_and_red_flags_are_held_at_095_by_default() -> None:
    rules = policy(0.9)
    assert rules.of(TECHNIQUE) == 0.9
    assert rules.of(CONTRAINDICATION) == 0.95
    assert rules.of(QUIZ_RED_FLAG) == 0.95
    assert rules.retentions([TECHNIQUE, CONTRAINDICATION]) == {CONTRAINDICATION.id: 0.95}
    assert rules.reason(CONTRAINDICATION) == "topic contraindications"
    assert rules.reason(TECHNIQUE) == "default"
    # A trainee who asks for more than the safety setting gets it everywhere: a setting never lowers an item.
    assert policy(0.97).of(CONTRAINDICATION) == 0.97
    assert Policy(0.9, {"techniques": 0.8}, {}).of(TECHNIQUE) == 0.9


def test_the_instructor_sets_retention_in_course_yaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "cards").mkdir()
    (tmp_path / "course.yaml").write_text(
        "retention:\n  topics: {contraindications: 0.97, techniques: 0.92}\n  tags: {percussion: 0.93}\n"
    )
    assert read(Folder(tmp_path, "course"))[1] == []
    monkeypatch.delenv("MASSAGE_QUIZ_CONTENT", raising=False)
    rules = policy(0.9, (str(tmp_path),))
    assert rules.of(CONTRAINDICATION) == 0.97
    assert rules.of(TECHNIQUE) == 0.92
    assert rules.of(QUIZ_RED_FLAG) == 0.95  # the built-in tags stay unless named
    assert rules.of(TECHNIQUE._replace(tags=("percussion",))) == 0.93


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("retention: 0.95\n", "retention holds topics and/or tags"),
        ("retention:\n  topic: {contraindications: 0.95}\n", "unknown key 'topic' under retention (did you mean 'topics'?)"),
        (
            "retention:\n  topics: {contraindication: 0.95}\n",
            "unknown topic 'contraindication' (did you mean 'contraindications'?)",
        ),
        ("retention:\n  topics: {techniques: 1.5}\n", "retention of 'techniques': expected a number from 0.7 to 0.99"),
        ("retention:\n  tags: {red-flag: high}\n", "retention of 'red-flag': expected a number from 0.7 to 0.99"),
        ("retention:\n  tags: {red-flag: true}\n", "retention of 'red-flag': expected a number"),
        ("retention:\n  tags: {red-flag: .nan}\n", "retention of 'red-flag': expected a number"),
        ("retention:\n  tags: [red-flag]\n", "retention: tags names each one's retention"),
    ],
)
def test_a_wrong_retention_in_course_yaml_is_one_clear_problem_and_changes_nothing(
    tmp_path: Path, text: str, message: str
) -> None:
    (tmp_path / "course.yaml").write_text(text)
    problems = read(Folder(tmp_path, "course"))[1]
    assert len(problems) == 1 and message in problems[0].message, problems
    assert retention(Folder(tmp_path, "course")) == {"topics": {}, "tags": {}}


def test_check_reports_a_wrong_retention(tmp_path: Path, isolated_user_state: Path) -> None:
    (tmp_path / "cards").mkdir()
    (tmp_path / "course.yaml").write_text("retention:\n  topics: {techniques: 0.5}\n")
    result = CliRunner().invoke(main, ["check", "--content", str(tmp_path)])
    assert result.exit_code == 1
    assert "retention of 'techniques': expected a number from 0.7 to 0.99" in result.output


def _days(later: int, earlier: datetime) -> float:
    return (later - earlier.timestamp()) / 86400


def _fuzz_range(days: int) -> range:
    import random

    seen = {fuzzed(days, random.Random(seed)) for seed in range(400)}
    return range(min(seen), max(seen) + 1)


def test_a_contraindication_and_a_technique_with_the_same_history_fall_due_at_their_retentions(
    server: str, deck: Path, isolated_user_state: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    phone = Phone(tmp_path / "phone", deck, server)
    assert phone.sync() == "full"
    items = load_items()
    safety = next(i for i in items if i.topic == "contraindications" and i.form == "choice")
    plain = next(
        i for i in items if i.topic == "techniques" and i.form == "choice" and not set(i.tags) & {"red-flag", "contraindication"}
    )
    # The same history for both: learnt 30 days ago (both learning steps), then right 25 days ago.
    # At noon (the tests run in UTC): answers 10 minutes apart never straddle Anki's 4 a.m. day start,
    # whatever the hour the test runs at.
    learnt = days_ago(30).replace(hour=12, minute=0, second=0, microsecond=0)
    with Store(isolated_user_state) as store:
        for item in (safety, plain):
            for moment in (learnt, learnt + timedelta(minutes=10), learnt + timedelta(days=5)):
                store.record(item.id, moment, GOOD, True, "x", scheduler_for())
        assert store.card(safety.id) == store.card(plain.id)

    # In the drill: both due, both answered right at the same moment.
    moment = days_ago(2).replace(microsecond=0)  # due 18 to 25 days after learning, as fuzzed
    monkeypatch.setenv("MASSAGE_QUIZ_NOW", moment.isoformat())
    answers = "".join(f"{i.options[i.correct]}\n" for i in sorted((safety, plain), key=lambda i: i.id))
    result = CliRunner().invoke(main, ["drill", "--new-per-day", "0"], input=answers)
    assert result.exit_code == 0, result.output
    assert result.output.count("✓ Right.") == 2, result.output
    with Store(isolated_user_state) as store:
        states = store.states()
    assert states[safety.id].stability == states[plain.id].stability
    stability = states[plain.id].stability
    assert stability is not None
    held, usual = interval(stability, 0.95), interval(stability, 0.9)
    assert held < usual * 0.6  # about 46 days for every 100
    assert round(_days(states[safety.id].due, moment)) in _fuzz_range(held)
    assert round(_days(states[plain.id].due, moment)) in _fuzz_range(usual)

    # After sync, in Anki: the phone has each card due at its own retention.
    monkeypatch.delenv("MASSAGE_QUIZ_NOW")
    login = CliRunner().invoke(main, ["sync", "--login", "--server", server], input=f"{USER}\n{PASSWORD}\n")
    assert login.exit_code == 0, login.output
    result = CliRunner().invoke(main, ["sync"])
    assert result.exit_code == 0, result.output
    phone.sync()
    cards = local.course_cards(phone.col)
    safety_card, plain_card = (phone.col.get_card(cards[card_of(i.id)]) for i in (safety, plain))
    assert safety_card.memory_state.stability == pytest.approx(plain_card.memory_state.stability)
    anki_stability = plain_card.memory_state.stability
    # Each card is due on the drill's own (fuzzed) date, on Anki's day grid: one memory, one date.
    for item, card, wanted in ((safety, safety_card, 0.95), (plain, plain_card, 0.9)):
        assert card.due == (states[item.id].due - phone.col.crt) // 86_400
        assert card.ivl in _fuzz_range(interval(anki_stability, wanted))
    assert safety_card.ivl < plain_card.ivl
    assert safety_card.desired_retention == pytest.approx(0.95)
    assert safety_card.due - plain_card.due == safety_card.ivl - plain_card.ivl  # reviewed on the same day
    # The deck's own preset carries the trainee's retention and the parameters the drill uses (FSRS's defaults, unfitted).
    preset = phone.col.decks.config_dict_for_deck_id(plain_card.did)
    assert preset["name"] == "massage-quiz"
    assert preset["desiredRetention"] == pytest.approx(0.9)
    assert preset["fsrsParams6"] == []
    assert phone.col.decks.config_dict_for_deck_id(1)["name"] == "Default"


def test_stats_says_what_holding_safety_items_tighter_costs(isolated_user_state: Path) -> None:
    from datetime import UTC

    items = load_items()
    safety = [i for i in items if i.topic == "contraindications"][:4]
    learnt = datetime(2026, 1, 5, 9, tzinfo=UTC)
    with Store(isolated_user_state) as store:
        for item in safety:
            for moment in (learnt, learnt + timedelta(minutes=10), learnt + timedelta(days=5)):
                store.record(item.id, moment, GOOD, True, "x", scheduler_for())
        stability = store.states()[safety[0].id].stability
    assert stability is not None
    result = CliRunner().invoke(main, ["stats", "--json"], env={"MASSAGE_QUIZ_NOW": "2026-01-20T09:00:00+00:00"})
    group = json.loads(result.output)["retention"]["held_tighter"][0]
    assert group["name"] == "topic contraindications" and group["in_review"] == 4
    assert group["per_day"] == round(4 / interval(stability, 0.95), 2)
    assert group["per_day_at_default"] == round(4 / interval(stability, 0.9), 2)
    text = CliRunner().invoke(main, ["stats"], env={"MASSAGE_QUIZ_NOW": "2026-01-20T09:00:00+00:00"}).output
    assert (
        f"0.95 topic contraindications (44 items): {group['per_day']:.2f} reviews a day now, against {group['per_day_at_default']:.2f} at 0.90"
        in " ".join(text.split())  # stats wraps the line to the terminal
    )


def test_an_installed_course_carries_its_instructors_retention(tmp_path: Path, isolated_user_state: Path) -> None:
    folder = tmp_path / "myclass"
    assert CliRunner().invoke(main, ["init", str(folder)]).exit_code == 0
    course = folder / "course.yaml"
    course.write_text(course.read_text() + "retention:\n  topics: {techniques: 0.93}\n  tags: {percussion: 0.96}\n")
    deck = tmp_path / "myclass.apkg"
    built = CliRunner().invoke(main, ["build", "--content", str(folder), "-o", str(deck)])
    assert built.exit_code == 0, built.output
    assert policy(0.9).of(TECHNIQUE) == 0.9  # not installed yet
    added = CliRunner().invoke(main, ["course", "add", str(deck)])
    assert added.exit_code == 0, added.output
    rules = policy(0.9)
    assert rules.of(TECHNIQUE) == 0.93
    assert rules.of(TECHNIQUE._replace(tags=("percussion",))) == 0.96
    assert rules.of(CONTRAINDICATION) == 0.95  # the built-in safety setting stays


def test_after_sync_anki_schedules_with_the_parameters_the_drill_adopted(
    server: str, deck: Path, isolated_user_state: Path, tmp_path: Path
) -> None:
    from massage_quiz.drill.memorymodel import Fitted
    from massage_quiz.drill.scheduling import default_parameters

    phone = Phone(tmp_path / "phone", deck, server)
    assert phone.sync() == "full"
    # A trainee whose fit was adopted: slower-growing stability and a steeper forgetting curve.
    own = (*default_parameters()[:8], 1.0, *default_parameters()[9:20], 0.5)
    plain = next(i for i in load_items() if i.topic == "techniques" and i.form == "choice")
    learnt = days_ago(30).replace(hour=12, minute=0, second=0, microsecond=0)  # never across 4 a.m.
    with Store(isolated_user_state) as store:
        store.save_memory_model(Fitted(0, 900, 500, 120, own, 0.30, 0.35, 0.05, 0.08, True))
        schedule = scheduler_for(parameters=store.parameters())
        for moment in (learnt, learnt + timedelta(minutes=10), learnt + timedelta(days=5)):
            store.record(plain.id, moment, GOOD, True, "x", schedule)
    login = CliRunner().invoke(main, ["sync", "--login", "--server", server], input=f"{USER}\n{PASSWORD}\n")
    assert login.exit_code == 0, login.output
    result = CliRunner().invoke(main, ["sync"])
    assert result.exit_code == 0, result.output
    phone.sync()
    card = phone.col.get_card(local.course_cards(phone.col)[card_of(plain.id)])
    preset = phone.col.decks.config_dict_for_deck_id(card.did)
    assert preset["fsrsParams6"] == pytest.approx(list(own), abs=1e-4)
    # Anki's own FSRS computed the card's memory with the trainee's parameters, not with its defaults.
    assert card.decay == pytest.approx(0.5, abs=1e-4)
    with_own = phone.col.compute_memory_state(card.id).stability
    assert card.memory_state.stability == pytest.approx(with_own, rel=1e-4)  # stored as 32-bit
    preset["fsrsParams6"] = []
    phone.col.decks.update_config(preset)
    with_defaults = phone.col.compute_memory_state(card.id).stability
    assert abs(with_own - with_defaults) > 1
    assert card.ivl in _fuzz_range(interval(with_own, 0.9, own))  # the drill's own fuzzed date
    with Store(isolated_user_state) as store:
        assert card.due == (store.states()[plain.id].due - phone.col.crt) // 86_400


def test_a_fit_that_changes_the_parameters_gives_both_sides_one_memory_state_per_card(
    server: str, deck: Path, isolated_user_state: Path, tmp_path: Path
) -> None:
    """Anki's cards answered under the old parameters and the drill's items alike: each memory recomputed with the new ones."""
    from massage_quiz.drill.memorymodel import Fitted
    from massage_quiz.drill.progress import from_epoch
    from massage_quiz.drill.scheduling import default_parameters

    phone = Phone(tmp_path / "phone", deck, server)
    assert phone.sync() == "full"
    on_phone = phone.review(3)  # under Anki's defaults: the phone has never seen the trainee's parameters
    assert phone.sync() == "normal"
    # A first answer's stability is w[rating - 1]: these parameters give a Good 4.0 days, not FSRS's 2.3.
    own = (*default_parameters()[:2], 4.0, *default_parameters()[3:8], 1.0, *default_parameters()[9:20], 0.5)
    item_of = local.items_by_card(phone.col, [item.id for item in load_items()])
    plain = next(i for i in load_items() if i.topic == "techniques" and i.id not in {item_of[cid] for cid in on_phone})
    learnt = days_ago(30).replace(hour=12, minute=0, second=0, microsecond=0)  # never across 4 a.m.
    with Store(isolated_user_state) as store:
        for moment in (learnt, learnt + timedelta(minutes=10), learnt + timedelta(days=5)):
            store.record(plain.id, moment, GOOD, True, "x", scheduler_for())
        due_before = store.states()[plain.id].due
        store.save_memory_model(Fitted(0, 900, 500, 120, own, 0.30, 0.35, 0.05, 0.08, True))
        state = store.states()[plain.id]
        answers = [(rating, from_epoch(at)) for _item, at, rating in store.history()]
    replayed = scheduler_for(parameters=own).replay(answers)
    assert replayed is not None
    # In the drill, at once: the memory of the whole history under the new parameters, the due date kept.
    assert state.stability == replayed.card["stability"]
    assert state.due == due_before
    login = CliRunner().invoke(main, ["sync", "--login", "--server", server], input=f"{USER}\n{PASSWORD}\n")
    assert login.exit_code == 0, login.output
    result = CliRunner().invoke(main, ["sync"])
    assert result.exit_code == 0, result.output
    phone.sync()
    with Store(isolated_user_state) as store:
        states = store.states()
    for cid in [*on_phone, local.course_cards(phone.col)[card_of(plain.id)]]:
        card = phone.col.get_card(cid)
        assert card.decay == pytest.approx(0.5, abs=1e-4)
        # One memory: Anki's state of the card is the drill's of the item (Anki stores it in 32 bits).
        assert card.memory_state.stability == pytest.approx(states[item_of[cid]].stability, rel=1e-4)
    for cid in on_phone:
        assert phone.col.get_card(cid).memory_state.stability == pytest.approx(4.0, rel=1e-4)


def test_a_sync_fits_once_on_both_sides_answers_in_the_transaction_that_brings_anki_s(
    server: str, deck: Path, isolated_user_state: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fit sees the phone's answers as they are added, runs once, and its parameters reach the preset in the same sync."""
    from massage_quiz.drill import fitting
    from massage_quiz.drill.memorymodel import Fitted
    from massage_quiz.drill.scheduling import default_parameters

    phone = Phone(tmp_path / "phone", deck, server)
    assert phone.sync() == "full"
    on_phone = phone.review(3)
    assert phone.sync() == "normal"
    item_of = local.items_by_card(phone.col, [item.id for item in load_items()])
    plain = next(i for i in load_items() if i.topic == "techniques" and i.id not in {item_of[cid] for cid in on_phone})
    with Store(isolated_user_state) as store:
        store.record(plain.id, days_ago(3), GOOD, True, "x", scheduler_for())
    own = (*default_parameters()[:2], 4.0, *default_parameters()[3:])
    fits: list[int] = []

    def fit(history: list[tuple[str, int, int]], now: int) -> Fitted:
        fits.append(len(history))
        return Fitted(now, len(history), 3, 1, own, 0.3, 0.35, 0.05, 0.08, True)

    monkeypatch.setattr(fitting, "MIN_ITEMS", 0)  # a fit is due from the first answers (fitting itself is faked)
    monkeypatch.setattr(fitting, "fit", fit)
    from massage_quiz.drill import fsrs6

    replayed: list[object] = []
    review = fsrs6.Formulas.review
    monkeypatch.setattr(fsrs6.Formulas, "review", lambda *args: replayed.append(args) or review(*args))
    login = CliRunner().invoke(main, ["sync", "--login", "--server", server], input=f"{USER}\n{PASSWORD}\n")
    assert login.exit_code == 0, login.output
    result = CliRunner().invoke(main, ["sync"])
    assert result.exit_code == 0, result.output
    assert fits == [1 + len(on_phone)]  # once, on the terminal's answer and the phone's
    assert len(replayed) == 1 + len(on_phone)  # each answer replayed once, with the fit's parameters
    with Store(isolated_user_state) as store:
        assert store.parameters() == own
        states = store.states()
    phone.sync()
    for cid in on_phone:
        assert states[item_of[cid]].stability == pytest.approx(4.0)  # replayed with the fit's parameters
        assert phone.col.get_card(cid).memory_state.stability == pytest.approx(4.0, rel=1e-4)
    assert phone.col.decks.config_dict_for_deck_id(phone.col.get_card(on_phone[0]).did)["fsrsParams6"] == pytest.approx(
        list(own), abs=1e-4
    )


def test_every_mistake_in_course_yaml_is_reported_in_one_run(tmp_path: Path) -> None:
    (tmp_path / "course.yaml").write_text(
        "id: My Class\nretention:\n  topics: {techniques: 1.5, massage: 0.9, acupoints: 0.95}\n  tagz: {}\n  tags: {Red: 0.9}\n"
    )
    keys, problems = read(Folder(tmp_path, "course"))
    assert keys == {}
    assert [(p.line, p.col, p.message.split(":")[0]) for p in problems] == [
        (1, 5, "id"),
        (3, 24, "retention of 'techniques'"),
        (3, 29, "retention"),  # unknown topic 'massage'
        (4, 3, "unknown key 'tagz' under retention (did you mean 'tags'?); it holds topics and tags"),
        (5, 10, "retention"),  # the tag 'Red'
    ]
    assert retention(Folder(tmp_path, "course")) == {"topics": {}, "tags": {}}
