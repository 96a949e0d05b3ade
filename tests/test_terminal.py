"""The drill in a real pseudo-terminal: keys, Ctrl-C, Ctrl-D, kill -9, and progress kept."""

from __future__ import annotations

import json
import signal
import sqlite3
from pathlib import Path

import pexpect
import pty_helpers
import pytest

pytestmark = pytest.mark.slow

NOW = pty_helpers.NOW


_command = pty_helpers.command


def spawn(state: Path, *args: str, extra_env: dict[str, str] | None = None) -> pexpect.spawn:
    return pty_helpers.spawn(state, *args, env=extra_env)


def next_question(child: pexpect.spawn) -> None:
    """After a wrong answer the drill waits for Enter: press it."""
    child.expect_exact("Enter: next question · q: quit > ")
    child.sendline("")


def reviews(state: Path) -> list[tuple]:
    with sqlite3.connect(state) as db:
        return db.execute("SELECT item_id, rating FROM reviews ORDER BY id").fetchall()


def test_answer_then_ctrl_c_then_progress_is_kept(isolated_user_state: Path) -> None:
    child = spawn(isolated_user_state, "drill", "--topic", "acupoints")
    child.expect_exact("Shènshū 肾俞\r\nType its code, written like LU1 or EX-HN3")
    pty_helpers.answer(child, "bl 23")
    child.expect_exact("Right.")
    child.expect_exact("Enter: good (in 10 minutes) · h: hard (in 5 minutes) · e: easy (in 6 days) · q: quit")
    child.expect_exact("Rating > ")
    child.send("e\r")  # e and Enter typed at once: rate it Easy instead of Good, and it says so
    child.expect_exact("Recorded as Easy: it comes back Sun 08 Mar 09:00 (in 6 days).")
    child.expect_exact("Mìngmén 命门\r\nType its code, written like LU1 or EX-HN3")  # the next item
    child.sendline("GV 40")
    child.expect_exact("Not quite.")
    child.expect_exact("It comes back in this session, after a few other questions.")
    next_question(child)
    child.expect_exact("[3/11]")  # the missed item is one more question this session
    child.expect_exact("> ")
    child.sendintr()
    # CPython's readline notices a Ctrl-C that lands between drawing the prompt and waiting
    # for a key only at the next key (seen once in 25 runs on a loaded machine); a trainee
    # then presses it again, and so does the test.
    if child.expect_exact(["Session over: 2 answered, 1 right.", pexpect.TIMEOUT], timeout=5) == 1:
        child.sendintr()
        child.expect_exact("Session over: 2 answered, 1 right.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert reviews(isolated_user_state) == [("acupoint/shenshu/code", 4), ("acupoint/mingmen/code", 1)]

    again = spawn(isolated_user_state, "stats", "--json")
    again.expect(pexpect.EOF)
    data = json.loads(again.before[again.before.index("{") :])
    assert data["reviews"] == 2 and data["items_seen"] == 2


def test_colour_on_a_terminal_and_none_with_no_color(isolated_user_state: Path) -> None:
    child = spawn(isolated_user_state, "drill", "--limit", "1")
    child.expect_exact("[1/1]")
    child.expect_exact("Number or text")
    assert "\x1b[" in child.before + child.after
    child.sendeof()
    child.expect(pexpect.EOF)
    plain = spawn(isolated_user_state, "drill", "--limit", "1", extra_env={"NO_COLOR": "1"})
    plain.expect_exact("Number or text > ")
    assert "\x1b[" not in plain.before
    plain.sendeof()  # Ctrl-D ends the session cleanly too
    plain.expect_exact("Session over: 0 answered, 0 right.")
    plain.expect(pexpect.EOF)
    plain.close()
    assert plain.exitstatus == 0


def test_kill_9_loses_at_most_the_question_on_screen(isolated_user_state: Path) -> None:
    child = spawn(isolated_user_state, "drill", "--topic", "acupoints")
    pty_helpers.answer(child, "BL23")
    child.expect_exact("e: easy")
    child.send("\r")
    child.expect_exact("[2/10]")
    pty_helpers.answer(child, "du4")
    child.expect_exact("e: easy")  # answered, feedback on screen, rating key not pressed
    child.kill(signal.SIGKILL)
    child.close()
    assert reviews(isolated_user_state) == [("acupoint/shenshu/code", 3), ("acupoint/mingmen/code", 3)]

    restarted = spawn(isolated_user_state, "drill", "--topic", "acupoints")
    restarted.expect_exact("Today: 8 questions.")
    pty_helpers.quit_session(restarted)


def test_nothing_due_offers_practice_interactively(isolated_user_state: Path) -> None:
    child = spawn(isolated_user_state, "drill", "--new-per-day", "0")
    child.expect_exact("Nothing is due now, and today's new items are done.")
    child.expect_exact("Practise anyway, without changing your schedule?")
    child.expect_exact("[y/N] ")
    child.sendline("y")
    child.expect_exact("Practice: 10 questions.")
    child.sendline("q")
    child.expect_exact("Practice does not change your schedule.")
    child.expect(pexpect.EOF)
    assert reviews(isolated_user_state) == []
