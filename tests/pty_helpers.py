"""massage-quiz in a real pseudo-terminal: one way to start it, for every test that types at it."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pexpect

NOW = "2026-03-02T09:00:00+00:00"  # a Monday, 09:00 UTC: the day every terminal test drills on


def command() -> str:
    """The console script installed beside the test interpreter."""
    script = shutil.which("massage-quiz", path=str(Path(sys.executable).parent))
    assert script, "the console script is installed beside the test interpreter"
    return script


def spawn(
    state: Path,
    *args: str,
    env: dict[str, str] | None = None,
    drop: tuple[str, ...] = ("NO_COLOR",),
    dimensions: tuple[int, int] = (40, 100),
    encoding: str | None = "utf-8",
) -> pexpect.spawn:
    """Start massage-quiz ARGS on a terminal of ``dimensions``, with its progress in ``state``, at NOW in UTC.

    ``drop`` leaves variables of the test's environment out (colour is shown unless
    NO_COLOR is given back in ``env``); ``encoding`` None sends and reads bytes.
    """
    merged = {k: v for k, v in os.environ.items() if k not in drop}
    merged.update({"MASSAGE_QUIZ_STATE": str(state), "MASSAGE_QUIZ_NOW": NOW, "TZ": "UTC", "TERM": "xterm", **(env or {})})
    return pexpect.spawn(command(), list(args), env=merged, encoding=encoding, timeout=20, dimensions=dimensions)


def answer(child: pexpect.spawn, text: str) -> None:
    """Wait for the prompt, then type ``text`` and Enter."""
    child.expect_exact("> ")
    child.sendline(text)


def quit_session(child: pexpect.spawn) -> None:
    """Type q and Enter, and wait for massage-quiz to end."""
    child.sendline("q")
    child.expect(pexpect.EOF)
