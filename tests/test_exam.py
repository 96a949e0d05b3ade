"""``massage-quiz exam``: in a real terminal, paused and resumed or ended, its result file; its clock; its bad input."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pexpect
import pty_helpers
import pytest
from click.testing import CliRunner

from massage_quiz.cli import main
from massage_quiz.drill import exam, examresult
from massage_quiz.drill.progress import Store
from massage_quiz.items.item import Item
from massage_quiz.items.load import load_items

NOW = pty_helpers.NOW


def spawn(state: Path, *args: str) -> pexpect.spawn:
    return pty_helpers.spawn(state, *args, env={"NO_COLOR": "1"})


def on_screen(screen: str) -> Item:
    """The exam question shown: the item each line of whose prompt is a line of the screen."""
    lines = {line.strip() for line in screen.splitlines()}
    found = [i for i in load_items() if i.form in exam.EXAM_FORMS and all(part.strip() in lines for part in i.prompt.split("\n"))]
    assert len(found) == 1, (screen, found)
    return found[0]


def answer(item: Item, right: bool) -> str:
    if item.form == "choice":
        return item.options[item.correct if right else (item.correct + 1) % len(item.options)]
    assert item.form == "typed", item
    return item.answer if right else "zzz"


def next_question(child: pexpect.spawn, number: int, total: int) -> Item:
    child.expect_exact(f"[{number}/{total}]")
    child.expect_exact("> ")
    return on_screen(child.before)


def reviews(state: Path) -> int:
    with sqlite3.connect(state) as db:
        return int(db.execute("SELECT count(*) FROM reviews").fetchone()[0])


@pytest.mark.slow
def test_an_exam_paused_with_ctrl_c_is_resumed_and_its_result_written(isolated_user_state: Path, tmp_path: Path) -> None:
    child = spawn(isolated_user_state, "exam", "--count", "3", "--topic", "acupoints", "--minutes", "20")
    child.expect_exact("Exam: 3 questions, 20 minutes. No feedback until the end")
    child.expect_exact("Your answers do not change your schedule")
    first = next_question(child, 1, 3)
    child.sendline(answer(first, right=True))
    second = next_question(child, 2, 3)
    child.sendline(answer(second, right=False))
    next_question(child, 3, 3)
    child.sendintr()
    child.expect_exact("Exam paused: 2 of 3 answered")
    child.expect_exact("massage-quiz exam resumes it")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "Right." not in child.before and "Not quite." not in child.before  # no feedback before the end

    result_file = tmp_path / "result.txt"
    child = spawn(isolated_user_state, "exam", "-o", str(result_file))
    child.expect_exact("Resuming the exam started 2026-03-02 09:00 UTC: 2 of 3 answered")
    third = next_question(child, 3, 3)
    child.sendline(answer(third, right=True))
    child.expect_exact("Score: 2 of 3 (67 %)")
    child.expect_exact("Acupoints")
    child.expect_exact("Missed: 1")
    child.expect_exact(f"Wrote {result_file}.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    text = result_file.read_text(encoding="utf-8")
    assert text.startswith("massage-quiz practice exam\n")
    assert "Counted as review: no, your schedule is unchanged" in text
    assert "Score: 2 of 3 (67 %)" in text
    flat = " ".join(text.split())  # the result is wrapped to the page
    assert f"Your answer: {answer(second, right=False)}" in flat
    assert f"The answer: {examresult.right_answer(second)}" in flat
    assert all(" ".join(fact.split()) in flat for fact in second.facts)  # why: the facts the drill teaches from
    assert all(len(line) <= examresult.WIDTH for line in text.splitlines())  # printable as it is
    assert reviews(isolated_user_state) == 0  # without --record the schedule is untouched
    with Store(isolated_user_state) as store:
        assert exam.unfinished(store) is None


@pytest.mark.slow
def test_an_exam_left_with_ctrl_d_is_ended_and_scored_as_json(isolated_user_state: Path, tmp_path: Path) -> None:
    child = spawn(isolated_user_state, "exam", "--count", "2", "--topic", "acupoints", "--record")
    child.expect_exact("Your answers count as reviews")
    first = next_question(child, 1, 2)
    child.sendline(answer(first, right=True))
    next_question(child, 2, 2)
    child.sendeof()
    child.expect_exact("Exam paused: 1 of 2 answered")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert reviews(isolated_user_state) == 1  # --record: the answer moved the schedule, as in the drill

    target = tmp_path / "result.json"
    result = CliRunner().invoke(main, ["exam", "--end", "-o", str(target), "--json"], env={"MASSAGE_QUIZ_NOW": NOW})
    assert result.exit_code == 0, result.output
    assert "Score: 1 of 2 (50 %)" in result.output
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["kind"] == "massage-quiz exam result" and data["counted_as_review"] is True
    assert data["score"] == {"right": 1, "total": 2, "percent": 50}
    assert [q["your_answer"] is None for q in data["questions"]] == [False, True]
    assert data["questions"][1]["answer"] == examresult.right_answer(on_id(data["questions"][1]["id"]))
    # Ended: nothing left to resume or end.
    again = CliRunner().invoke(main, ["exam", "--end"])
    assert again.exit_code == 1
    assert again.output == "Error: there is no unfinished exam to end: massage-quiz exam starts one\n"


def on_id(item_id: str) -> Item:
    return next(i for i in load_items() if i.id == item_id)


class Scripted:
    """A terminal that answers from a list and moves a clock forward by each answer's seconds."""

    interactive = False

    def __init__(self, answers: list[tuple[str, float]]) -> None:
        self.answers = answers
        self.seconds = 0.0

    def line(self, prompt: str, remember: bool = True) -> str:
        text, seconds = self.answers.pop(0)
        self.seconds += seconds
        return text

    def elapsed(self) -> float:
        return self.seconds


def test_an_answer_after_the_time_is_up_is_shown_but_not_counted(isolated_user_state: Path) -> None:
    items = [i for i in load_items() if i.form == "typed"][:3]
    with Store(isolated_user_state) as store:
        sitting = exam.start(store, items, exam.Settings(minutes=1), exam_now())
        terminal = Scripted([(items[0].answer, 20), (items[1].answer, 50), (items[2].answer, 5)])
        done = exam.sit(store, sitting, exam.Asking({i.id: i for i in items}, terminal, terminal.elapsed, exam_now, None))  # type: ignore[arg-type]
        assert done is True
        assert terminal.answers == [(items[2].answer, 5)]  # never asked: the time was up
        data = examresult.result(exam.finish(store, sitting, exam_now()), {i.id: i for i in items})
    assert data["score"] == {"right": 1, "total": 3, "percent": 33}
    assert [q["late"] for q in data["questions"]] == [False, True, False]
    assert data["seconds_used"] == 60
    assert "(after the time was up)" in examresult.text(data)


def exam_now():
    from datetime import datetime

    return datetime.fromisoformat(NOW)


def test_a_paused_exam_resumes_with_the_time_it_had_left(isolated_user_state: Path) -> None:
    items = [i for i in load_items() if i.form == "typed"][:2]
    with Store(isolated_user_state) as store:
        sitting = exam.start(store, items, exam.Settings(minutes=2), exam_now())
        terminal = Scripted([(items[0].answer, 30), ("q", 15)])
        assert (
            exam.sit(store, sitting, exam.Asking({i.id: i for i in items}, terminal, terminal.elapsed, exam_now, None)) is False
        )  # type: ignore[arg-type]
        paused = exam.unfinished(store)
        assert paused is not None and paused.used == 45 and paused.left == 75
        assert exam.paused(paused).startswith("Exam paused: 1 of 2 answered, 1:15 left")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--json"], "--json goes with -o FILE"),
        (["--force"], "--force goes with -o FILE"),
        (["--end", "--new"], "--end scores the unfinished exam and --new discards it"),
        (["--count", "0"], "0 is not in the range 1<=x<=500"),
        (["--minutes", "nan"], "is not a number in the range"),
        (["--tag", "no-such-tag"], "no exam questions match the --topic and --tag given"),
        (["--end"], "there is no unfinished exam to end"),
    ],
)
def test_bad_exam_options_get_one_line_and_change_nothing(isolated_user_state: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["exam", *args], input="")
    assert result.exit_code in (1, 2), result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_the_result_file_never_overwrites_a_file_massage_quiz_did_not_make(isolated_user_state: Path, tmp_path: Path) -> None:
    mine = tmp_path / "notes.txt"
    mine.write_text("my own notes\n")
    result = CliRunner().invoke(main, ["exam", "--count", "1", "-o", str(mine)], input="")
    assert result.exit_code == 1
    assert "exists and is not an exam result massage-quiz wrote" in result.output
    assert mine.read_text() == "my own notes\n"
    with Store(isolated_user_state) as store:
        assert exam.unfinished(store) is None  # refused before any exam began
    folder = CliRunner().invoke(main, ["exam", "-o", str(tmp_path)], input="")
    assert folder.exit_code == 1 and "is a folder" in folder.output
