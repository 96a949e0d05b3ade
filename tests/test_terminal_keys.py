"""No keystroke is lost or misapplied in a real pseudo-terminal: the rating line, the wait after a miss, 50x20."""

from __future__ import annotations

import io
import re
import time
from pathlib import Path

import pexpect
import pytest

from massage_quiz import output
from tests.test_terminal import _command, reviews

pytestmark = pytest.mark.slow

NOW = "2026-03-02T09:00:00+00:00"
_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def spawn(state: Path, rows: int, columns: int) -> tuple[pexpect.spawn, io.StringIO]:
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS", "LINES")}
    env.update({"MASSAGE_QUIZ_STATE": str(state), "MASSAGE_QUIZ_NOW": NOW, "TZ": "UTC", "TERM": "xterm"})
    child = pexpect.spawn(
        _command(), ["drill", "--topic", "acupoints"], env=env, encoding="utf-8", timeout=20, dimensions=(rows, columns)
    )
    seen = io.StringIO()
    child.logfile_read = seen
    return child, seen


def _lines(seen: io.StringIO) -> list[str]:
    return [_ESCAPE.sub("", line) for line in seen.getvalue().replace("\r\n", "\n").split("\n")]


@pytest.mark.parametrize("size", [(40, 100), (20, 50)])
def test_h_then_enter_a_moment_later_rates_hard_and_never_answers_the_next_question(
    isolated_user_state: Path, size: tuple[int, int]
) -> None:
    child, seen = spawn(isolated_user_state, *size)
    child.expect_exact("> ")
    child.sendline("bl23")
    child.expect_exact("Rating > ")
    child.send("h")
    time.sleep(0.3)  # a moment later, Enter
    child.send("\r")
    child.expect(r"Recorded as Hard: it comes back Mon 02 Mar 09:05\s+\(in 5 minutes\)\.")
    child.expect_exact("Mìngmén 命门")
    child.expect_exact("> ")
    time.sleep(0.3)  # were the Enter taken as an answer, "Not quite." would show now
    child.sendline("q")
    child.expect(pexpect.EOF)
    assert "Not quite" not in seen.getvalue()
    assert reviews(isolated_user_state) == [("acupoint/shenshu/code", 2)]
    if size[1] == 50:
        too_wide = [line for line in _lines(seen) if output.columns(line) > 50]
        assert too_wide == []
        assert "(in 5 minutes)" in seen.getvalue()  # a status line wraps between its parts, never mid-word


def test_e_and_enter_typed_at_once_rate_easy(isolated_user_state: Path) -> None:
    child, _ = spawn(isolated_user_state, 40, 100)
    child.expect_exact("> ")
    child.sendline("bl23")
    child.expect_exact("Rating > ")
    child.send("e\r")
    child.expect_exact("Recorded as Easy")
    child.expect_exact("Mìngmén 命门")
    child.sendline("q")
    child.expect(pexpect.EOF)
    assert reviews(isolated_user_state) == [("acupoint/shenshu/code", 4)]


@pytest.mark.parametrize("size", [(40, 100), (20, 50)])
def test_after_a_miss_the_drill_waits_and_keys_typed_ahead_answer_nothing(
    isolated_user_state: Path, size: tuple[int, int]
) -> None:
    child, seen = spawn(isolated_user_state, *size)
    child.expect_exact("> ")
    child.send("BL25\rgv4\r")  # a wrong answer, then keys typed ahead for a question not yet shown
    child.expect_exact("The answer: BL23")
    child.expect_exact("Not taken as an answer")
    child.expect_exact("Enter: next question · q: quit > ")
    assert "Mìngmén" not in seen.getvalue()  # the next question waits for the trainee
    child.sendline("")
    child.expect_exact("Mìngmén 命门")
    child.expect_exact("> ")
    child.sendline("q")
    child.expect(pexpect.EOF)
    assert reviews(isolated_user_state) == [("acupoint/shenshu/code", 1)]
    if size[1] == 50:
        assert [line for line in _lines(seen) if output.columns(line) > 50] == []
