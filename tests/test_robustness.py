"""Drill input never crashes and never loses an answer: odd characters, huge lines, bad bytes, a 1-column terminal."""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from massage_quiz.cli import main

NOW = "2026-03-02T09:00:00+00:00"


def _reviews(state: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(state) as db:
        return db.execute("SELECT item_id, answer FROM reviews ORDER BY id").fetchall()


@pytest.mark.parametrize(
    ("junk", "says"),
    [
        (b"\xc2\xb2\n", "Pick a number from 1 to 5"),  # ² is 2 after NFKC: a valid choice, graded; the next line ends it
        (b"5" * 5000 + b"\n", "Pick a number from 1 to 5, or type words from one option."),
        (b"x" * 1_000_000 + b"\n", "That answer is over 500 characters; type a shorter one."),
        (b"\xff\xfe refer\n", "That line is not readable text (UTF-8); type it again."),
        (b"\xff", "That line is not readable text (UTF-8); type it again."),  # bad bytes, then the end of input
    ],
)
def test_junk_gets_a_clear_reprompt_and_the_answers_before_it_are_kept(
    isolated_user_state: Path, monkeypatch: pytest.MonkeyPatch, junk: bytes, says: str
) -> None:
    monkeypatch.setenv("MASSAGE_QUIZ_NOW", NOW)
    monkeypatch.setenv("TZ", "UTC")
    # The first contraindication is asked first: a rule question with three options.
    first = CliRunner().invoke(main, ["--topic", "contraindications", "--limit", "2"], input=b"refer\n" + junk + b"9\n")
    assert first.exit_code == 0, first.output
    assert first.exception is None
    assert "Traceback" not in first.output
    assert _reviews(isolated_user_state)[0][1] == "refer"
    if junk != b"\xc2\xb2\n":
        assert says in first.output
    assert first.output.rstrip().splitlines()[-2].startswith("Session over:")


def test_a_one_column_terminal_does_not_crash(isolated_user_state: Path) -> None:
    env = {"COLUMNS": "1", "MASSAGE_QUIZ_NOW": NOW, "TZ": "UTC"}
    result = CliRunner().invoke(
        main, ["--topic", "acupoints", "--tag", "lumbar", "--limit", "40", "--new-per-day", "40"], input="\n" * 60, env=env
    )
    assert result.exit_code == 0, result.output
    assert result.exception is None
    assert "Session over: 40 answered, 0 right." in " ".join(
        result.output.split()
    )  # wrapped to one column; --limit 40 counts relearning steps too  # --limit 40 counts relearning steps too


LINES = st.lists(st.text(max_size=40), max_size=12).map(lambda lines: "\n".join(lines) + "\n")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answers=LINES, topic=st.sampled_from(["techniques", "acupoints", "contraindications", "questions"]))
@example(answers="²\n" + "5" * 5000 + "\n", topic="contraindications")
def test_any_answer_lines_end_cleanly(isolated_user_state: Path, answers: str, topic: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        state = Path(folder) / "progress.sqlite3"
        env = {"MASSAGE_QUIZ_STATE": str(state), "MASSAGE_QUIZ_NOW": NOW, "TZ": "UTC"}
        result = CliRunner().invoke(main, ["--topic", topic, "--limit", "4"], input=answers, env=env)
        assert result.exit_code in (0, 1, 2), result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        assert "Traceback" not in result.output
        # Count the drill's verdicts, which start a line; a typed answer is echoed after its prompt, so
        # an answer that reads "✗ Not quite." is not a verdict.
        lines = result.output.splitlines()
        answered = sum(line.startswith(("✓ Right.", "✗ Not quite.")) for line in lines)
        if state.exists():
            assert len(_reviews(state)) == answered  # every graded answer is on disk
