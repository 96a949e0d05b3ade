"""The teaching drill in a real pseudo-terminal: relearning, line editing, h/e, shuffled options, the bare command."""

from __future__ import annotations

import re
from pathlib import Path

import pexpect
import pty_helpers
import pytest

from tests.test_terminal import next_question, reviews, spawn

pytestmark = pytest.mark.slow


def test_a_missed_item_is_relearned_in_the_same_session(isolated_user_state: Path) -> None:
    child = spawn(isolated_user_state, "--topic", "acupoints")
    child.expect_exact("Shènshū 肾俞")
    pty_helpers.answer(child, "BL25")
    child.expect_exact("It comes back in this session, after a few other questions.")
    for _ in range(3):  # three other questions, not known
        next_question(child)
        pty_helpers.answer(child, "")
    next_question(child)
    child.expect_exact("· once more")
    child.expect_exact("Shènshū 肾俞")
    pty_helpers.answer(child, "BL23")
    child.expect_exact("Right.")
    child.expect_exact("Rating > ")
    child.sendline("q")
    child.expect_exact("Relearned: 1 missed item answered right before the end.")
    child.expect(pexpect.EOF)
    assert reviews(isolated_user_state)[0] == ("acupoint/shenshu/code", 1)
    assert reviews(isolated_user_state)[-1] == ("acupoint/shenshu/code", 3)


def test_arrow_keys_edit_the_answer(isolated_user_state: Path) -> None:
    child = spawn(isolated_user_state, "--topic", "acupoints")
    child.expect_exact("> ")
    child.send("b 23")
    child.send("\x1b[D\x1b[D\x1b[D")  # three times left: back to just after the "b"
    child.send("l\r")
    child.expect_exact("Right.")
    child.expect_exact("q: quit")
    child.send("\r")
    child.expect_exact("Mìngmén 命门")
    child.expect_exact("> ")
    child.send("4")
    child.send("\x1b[H")  # Home
    child.send("GV\r")
    child.expect_exact("Right.")
    child.expect_exact("q: quit")
    child.send("\r")
    child.expect_exact("> ")
    child.send("\x1b[A\r")  # up: the last answer again, from the history
    child.expect_exact("Not quite.")
    pty_helpers.quit_session(child)
    import sqlite3

    with sqlite3.connect(isolated_user_state) as db:
        assert [a for (a,) in db.execute("SELECT answer FROM reviews ORDER BY id")] == ["bl 23", "GV4", "GV4"]


def test_hard_is_confirmed_with_when_it_comes_back(isolated_user_state: Path) -> None:
    child = spawn(isolated_user_state, "--topic", "acupoints")
    pty_helpers.answer(child, "bl23")
    child.expect(r"h: hard \((in \d+ minutes?)\)")
    promised = child.match.group(1)
    child.sendline("h")
    child.expect_exact(f"Recorded as Hard: it comes back Mon 02 Mar 09:05 ({promised}).")
    pty_helpers.quit_session(child)
    assert reviews(isolated_user_state) == [("acupoint/shenshu/code", 2)]


def _options(text: str) -> list[str]:
    return re.findall(r"^  \d\. (.+?)\r$", text, flags=re.M)


def test_options_are_shuffled_again_when_an_item_comes_back(isolated_user_state: Path) -> None:
    child = spawn(isolated_user_state, "--topic", "contraindications")
    child.expect_exact("Number or text > ")
    first = _options(child.before)
    child.sendline("")
    for _ in range(3):
        next_question(child)
        pty_helpers.answer(child, "")
    next_question(child)
    child.expect_exact("· once more")
    child.expect_exact("Number or text > ")
    again = _options(child.before)
    assert sorted(first) == sorted(again) and len(first) == 5  # the five rules
    assert first != again
    pty_helpers.quit_session(child)


def test_the_bare_command_with_the_drills_options(isolated_user_state: Path) -> None:
    child = spawn(isolated_user_state, "--limit", "2", "--topic", "acupoints")
    child.expect_exact("Today: 2 questions.")
    child.expect_exact("[1/2] Acupoints")
    child.sendline("q")
    child.expect_exact("Session over: 0 answered, 0 right.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_bad_bytes_on_a_one_column_terminal_are_asked_again(isolated_user_state: Path) -> None:
    child = pty_helpers.spawn(
        isolated_user_state, "--topic", "contraindications", drop=("NO_COLOR", "COLUMNS"), dimensions=(24, 1), encoding=None
    )
    child.expect_exact("> ")
    child.send(b"\xff\xfe\r")
    child.expect_exact("That line is not readable text (UTF-8); type it again.")
    child.expect_exact("> ")
    child.send("q\r")
    child.expect_exact("Session over: 0")  # wrapped between words, at the narrowest width the drill wraps to
    child.expect_exact("answered, 0 right.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
