"""The drill's terminal: line editing on a real terminal, safe reading of any input, and the width to wrap to."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import sys
import textwrap

from massage_quiz import output
from massage_quiz.errors import Unreadable as Unreadable  # still importable from here

MAX_ANSWER = 500  # characters: no answer is longer; a longer line is pasted by mistake
_ECHOED = 200  # characters of a piped answer shown in the transcript
_NARROWEST = 20  # columns: below this, lines are left for the terminal to fold (no crash)
_ESCAPES = re.compile(r"(\x1b\[[0-9;]*m)")
_PIECE = 64 * 1024  # characters of a piped line read at a time
_ENDLESS = 16 * 1024 * 1024  # characters without a line end after which input is taken to have ended (/dev/zero)


class Terminal:
    """Reads answers and keys; a pipe gives one answer a line."""

    def __init__(self) -> None:
        self.interactive = sys.stdin.isatty() and sys.stdout.isatty()
        self.editing = False
        reconfigure = getattr(sys.stdin, "reconfigure", None)
        if reconfigure is not None:
            # Invalid UTF-8 becomes U+FFFD, refused below, never a crash. A stream already read
            # from (the instructor's wizard) cannot change: a decode error there ends the input.
            with contextlib.suppress(io.UnsupportedOperation, ValueError):
                reconfigure(errors="replace")
        if self.interactive:
            self.editing = _line_editing()

    def line(self, prompt: str, remember: bool = True) -> str:
        """Read one answer (EOFError at the end of input, KeyboardInterrupt on Ctrl-C, Unreadable for junk).

        A line not ``remember``ed (a rating, an Enter to go on) is kept out of the arrow-key history of answers.
        """
        shown = output.style(prompt, fg="cyan")
        if self.editing:
            shown = _ESCAPES.sub("\x01\\1\x02", shown)  # readline must not count colour codes as columns
        try:
            answer = input(shown) if self.interactive else piped_line(shown)
        except UnicodeDecodeError:
            raise EOFError from None  # the stream cannot go on past undecodable bytes: end cleanly
        if self.editing and not remember and answer.strip():
            _forget_last()
        if not self.interactive:
            echoed = answer if len(answer) <= _ECHOED else answer[:_ECHOED] + "…"
            output.echo(echoed)  # so a transcript of piped input reads like a session
        if "\ufffd" in answer:
            raise Unreadable("That line is not readable text (UTF-8); type it again.")
        if len(answer) > MAX_ANSWER:
            raise Unreadable(f"That answer is over {MAX_ANSWER} characters; type a shorter one.")
        return answer


def _forget_last() -> None:
    """Drop the line just read from readline's history."""
    import readline

    length = readline.get_current_history_length()
    if length:
        readline.remove_history_item(length - 1)


def _line_editing() -> bool:
    """Turn on readline (arrow keys, Home/End, history) for input(); only on a terminal, to keep start-up light."""
    try:
        import readline  # noqa: F401  (importing it is what makes input() edit lines)
    except ImportError:  # pragma: no cover  (Windows without pyreadline)
        return False
    return True


def width() -> int:
    """The columns to wrap to: the terminal's, at most 100, never so few that wrapping fails."""
    return max(min(shutil.get_terminal_size((80, 24)).columns, 100) - 1, _NARROWEST)


def wrap(text: str, indent: str = "", hanging: str | None = None) -> str:
    """Wrap text to the terminal, never breaking a word or a hyphenated label; hanzi count as two columns, as shown."""
    later = indent if hanging is None else hanging
    return "\n".join(
        _fill_wide(part, width(), indent, later)
        if output.columns(part) != len(part)
        else textwrap.fill(
            part, width(), initial_indent=indent, subsequent_indent=later, break_long_words=False, break_on_hyphens=False
        )
        for part in text.split("\n")
    )


def wrap_parts(parts: list[str], separator: str = " · ") -> str:
    """Join short parts (a status line's choices) with ``separator``, wrapping between parts, never inside one that fits."""
    columns = width()
    lines: list[str] = []
    current = ""
    for part in parts:
        candidate = f"{current}{separator}{part}" if current else part
        if current and output.columns(candidate) > columns:
            lines.append(current)
            current = part
        else:
            current = candidate
    if current:
        lines.append(current)
    return "\n".join(wrap(line) for line in lines)


def _fill_wide(text: str, columns: int, indent: str, hanging: str) -> str:
    """Greedy word wrapping by terminal columns (textwrap counts characters, and a hanzi takes two columns)."""
    lines: list[str] = []
    prefix, current = indent, ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and output.columns(prefix + candidate) > columns:
            lines.append(prefix + current)
            prefix, current = hanging, word
        else:
            current = candidate
    if current:
        lines.append(prefix + current)
    return "\n".join(lines)


def piped_line(prompt: str) -> str:
    """One line of piped input, as ``input()`` reads it, but never more than a piece of it held at once.

    ``input()`` holds a whole line, so input without line ends (``< /dev/zero``) would fill
    memory: the rest of a line too long to be an answer is read and dropped a piece at a time,
    and input that never ends its line is taken to have ended.
    """
    sys.stdout.write(prompt)
    sys.stdout.flush()
    line = sys.stdin.readline(_PIECE)
    if not line:
        raise EOFError
    dropped = 0
    while not line.endswith("\n") and len(line) >= _PIECE:
        more = sys.stdin.readline(_PIECE)
        if not more or more.endswith("\n"):
            break
        dropped += len(more)
        if dropped > _ENDLESS:
            raise EOFError
    return line.removesuffix("\n")
