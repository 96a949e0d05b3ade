"""All terminal output goes through here: control characters stripped, colour only where wanted."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
from typing import IO, Any

import click

from massage_quiz import characters

_CONTROL = characters.CONTROL


def clean(text: str) -> str:
    """Remove control characters so content can never drive the terminal."""
    return _CONTROL.sub("", text)


def columns(text: str) -> int:
    """How many terminal columns ``text`` takes: hanzi and other wide characters two, combining marks none."""
    import unicodedata

    return sum(
        0 if unicodedata.combining(char) else 2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in clean(text)
    )


def pad(text: str, width: int, right: bool = False) -> str:
    """``text`` padded with spaces to ``width`` terminal columns (on the left when ``right``)."""
    spaces = " " * max(width - columns(text), 0)
    return spaces + text if right else text + spaces


def colour_wanted(stream: IO[str] | None = None) -> bool:
    """Colour only on a terminal that shows it: never when NO_COLOR is set, nor on TERM=dumb."""
    stream = stream or sys.stdout
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def style(text: str, *, err: bool = False, fg: str | None = None, bold: bool | None = None, dim: bool | None = None) -> str:
    """Apply click styles when colour is wanted on that stream."""
    stream = sys.stderr if err else sys.stdout
    return click.style(text, fg=fg, bold=bold, dim=dim) if colour_wanted(stream) else text


def echo(
    text: str = "",
    *,
    err: bool = False,
    nl: bool = True,
    fg: str | None = None,
    bold: bool | None = None,
    dim: bool | None = None,
) -> None:
    """Print cleaned text, styled if colour is wanted."""
    click.echo(style(clean(text), err=err, fg=fg, bold=bold, dim=dim), err=err, nl=nl)


def print_json(data: Any) -> None:
    """Print ``data`` as indented JSON in UTF-8, cleaned as all output is (a name from a hand-edited file cannot drive the terminal)."""
    import json

    # json escapes C0 controls itself, but leaves DEL, C1 and the bidirectional overrides raw.
    click.echo(clean(json.dumps(data, indent=2, ensure_ascii=False)))


def error(text: str) -> None:
    """Print an error message on standard error (if standard error cannot take it, there is nowhere else to say it)."""
    try:
        echo(text, err=True, fg="red")
    except (OSError, ValueError):
        stand_in = _stand_in(sys.stderr)
        if stand_in is not None:
            stand_in.reported = True


_CLOSED = "it is closed"


class _Closed(io.RawIOBase):
    """Standard output or error that was closed when massage-quiz started: every write fails, as on a closed descriptor."""

    def writable(self) -> bool:
        return True

    reported = False  # once the failure is reported, what is left goes nowhere (as the last flush at exit)

    def write(self, data: Any) -> int:
        if self.reported:
            return len(data)
        raise OSError(errno.EBADF, _CLOSED)


def guard_standard_streams() -> None:
    """Put /dev/null on a standard stream that was closed at start, so no file massage-quiz opens takes its number.

    A closed standard input then reads as empty (the drill ends at once, as with
    ``< /dev/null``); a closed standard output or error fails on the first write,
    so no command reports success having shown nothing.
    """
    for fd, name in ((0, "stdin"), (1, "stdout"), (2, "stderr")):
        try:
            os.fstat(fd)
            continue
        except OSError:
            pass
        try:
            null = os.open(os.devnull, os.O_RDWR)
        except OSError:
            continue
        if null != fd:
            os.dup2(null, fd)
            os.close(null)
        if fd == 0:
            sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115  (standard input, kept open)
        else:
            setattr(sys, name, io.TextIOWrapper(io.BufferedWriter(_Closed()), encoding="utf-8"))


def stdout_failure(exc: OSError) -> str | None:
    """The one line for an error writing to standard output or error (closed, or full as /dev/full is); None if not that."""
    if exc.filename is not None:
        return None
    stream = _stream_written(exc)
    if stream is None:
        return None
    name = "standard error" if stream == 2 else "standard output"
    why = "it is closed" if exc.errno == errno.EBADF else exc.strerror or str(exc)
    # Let what is still buffered go nowhere, so the interpreter's last flush does not fail again at exit.
    for fd, attribute in ((1, "stdout"), (2, "stderr")) if stream == 2 else ((1, "stdout"),):
        current = getattr(sys, attribute)
        stand_in = _stand_in(current)
        if stand_in is not None:
            stand_in.reported = True
        elif current is getattr(sys, f"__{attribute}__"):
            with contextlib.suppress(OSError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), fd)
        else:
            continue  # a stream put in place by a caller (a test's runner): theirs
        setattr(sys, attribute, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115  (to the end of the run)
    return f"cannot write to {name}: {why}"


def _stream_written(exc: OSError) -> int | None:
    """1 or 2 if ``exc`` was raised writing to standard output or error, else None.

    Told by where it was raised: in click's ``echo`` or ``prompt``, in ``input()`` showing the
    drill's prompt, or in the last flush of standard output; a closed stream is told by its stand-in.
    """
    if _stand_in(sys.stdout) is not None and exc.errno == errno.EBADF and exc.strerror == _CLOSED:
        return 1
    frame, traceback = None, exc.__traceback__
    while traceback is not None:
        frame, traceback = traceback.tb_frame, traceback.tb_next
    if frame is None:
        return None
    place = (frame.f_globals.get("__name__"), frame.f_code.co_name)
    if place == ("click.utils", "echo"):
        with contextlib.suppress(AttributeError, OSError, ValueError):
            return 2 if frame.f_locals["file"].fileno() == 2 else 1
        return 1
    ours = (
        ("massage_quiz.drill.terminal", "line"),
        ("massage_quiz.drill.terminal", "piped_line"),
        ("massage_quiz.cli", "invoke"),
    )
    if place[0] == "click.termui" or place in ours:
        return 1
    return None


def _stand_in(stream: object) -> _Closed | None:
    """The stand-in under ``stream``, if it is one ``guard_standard_streams`` put in place of a closed stream."""
    raw = getattr(getattr(stream, "buffer", None), "raw", None)
    return raw if isinstance(raw, _Closed) else None


def quiet_stand_ins() -> None:
    """Let the stand-ins for closed streams take what is left silently, so the interpreter's last flush cannot fail."""
    for stream in (sys.stdout, sys.stderr):
        stand_in = _stand_in(stream)
        if stand_in is not None:
            stand_in.reported = True
