"""No keystroke is lost or misapplied in a real pseudo-terminal: the rating line, the wait after a miss, 50x20."""

from __future__ import annotations

import io
import re
import time
from pathlib import Path

import pexpect
import pty_helpers
import pytest

from massage_quiz import output
from tests.test_terminal import _command, reviews

pytestmark = pytest.mark.slow

NOW = pty_helpers.NOW
_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def spawn(state: Path, rows: int, columns: int) -> tuple[pexpect.spawn, io.StringIO]:
    child = pty_helpers.spawn(
        state, "drill", "--topic", "acupoints", drop=("NO_COLOR", "COLUMNS", "LINES"), dimensions=(rows, columns)
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
    pty_helpers.answer(child, "bl23")
    child.expect_exact("Rating > ")
    child.send("h")
    time.sleep(0.3)  # a moment later, Enter
    child.send("\r")
    child.expect(r"Recorded as Hard: it comes back Mon 02 Mar 09:05\s+\(in 5 minutes\)\.")
    child.expect_exact("Mìngmén 命门")
    child.expect_exact("> ")
    time.sleep(0.3)  # were the Enter taken as an answer, "Not quite." would show now
    pty_helpers.quit_session(child)
    assert "Not quite" not in seen.getvalue()
    assert reviews(isolated_user_state) == [("acupoint/shenshu/code", 2)]
    if size[1] == 50:
        too_wide = [line for line in _lines(seen) if output.columns(line) > 50]
        assert too_wide == []
        assert "(in 5 minutes)" in seen.getvalue()  # a status line wraps between its parts, never mid-word


def test_e_and_enter_typed_at_once_rate_easy(isolated_user_state: Path) -> None:
    child, _ = spawn(isolated_user_state, 40, 100)
    pty_helpers.answer(child, "bl23")
    child.expect_exact("Rating > ")
    child.send("e\r")
    child.expect_exact("Recorded as Easy")
    child.expect_exact("Mìngmén 命门")
    pty_helpers.quit_session(child)
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
    pty_helpers.answer(child, "q")
    child.expect(pexpect.EOF)
    assert reviews(isolated_user_state) == [("acupoint/shenshu/code", 1)]
    if size[1] == 50:
        assert [line for line in _lines(seen) if output.columns(line) > 50] == []


def test_a_body_map_question_keeps_its_text_on_a_50x20_screen(isolated_user_state: Path, tmp_path: Path) -> None:
    """In tmux at 50x20, what is on the screen while the drill waits for the answer: the question, not only the map."""
    import os
    import shlex
    import shutil
    import subprocess
    from datetime import UTC, datetime

    from massage_quiz.drill.progress import Store
    from massage_quiz.drill.scheduling import scheduler_for
    from massage_quiz.items.load import load_items

    tmux = shutil.which("tmux")
    if tmux is None:
        pytest.skip("tmux is not installed")
    with Store(isolated_user_state) as store:  # codes and names known: a location (with its map) comes first
        for item in load_items():
            if item.id.endswith(("/code", "/name")):
                store.record(item.id, datetime(2026, 3, 2, 9, tzinfo=UTC), 3, True, "right", scheduler_for())
    env = {"MASSAGE_QUIZ_STATE": str(isolated_user_state), "MASSAGE_QUIZ_NOW": NOW, "TZ": "UTC", "TERM": "xterm"}
    command = " ".join(
        [
            "env",
            *(f"{k}={shlex.quote(v)}" for k, v in env.items()),
            _command(),
            "drill",
            "--topic",
            "acupoints",
            "--tag",
            "lumbar",
            "--new-per-day",
            "40",
        ]
    )
    socket = str(tmp_path / "tmux.sock")
    base = [tmux, "-S", socket, "-f", os.devnull]
    subprocess.run([*base, "new-session", "-d", "-x", "50", "-y", "20", command], check=True)
    try:
        screen = ""
        for _ in range(100):
            screen = subprocess.run([*base, "capture-pane", "-p"], capture_output=True, text=True).stdout
            if "Number or text >" in screen:
                break
            time.sleep(0.1)
        assert "Number or text >" in screen, screen
        assert "Where is it?" in screen, screen  # the question is on the screen with its options
        assert all(len(line) <= 50 for line in screen.splitlines())
    finally:
        subprocess.run([*base, "kill-server"], capture_output=True)
