"""All terminal output goes through here: control characters stripped, colour only where wanted."""

from __future__ import annotations

import os
import re
import sys
from typing import IO

import click

# C0 and C1 control characters (but newline and tab), DEL, and the Unicode
# bidirectional overrides that can make text display other than it reads.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


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
    """Colour only on a terminal, and never when NO_COLOR is set."""
    stream = stream or sys.stdout
    if os.environ.get("NO_COLOR"):
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


def error(text: str) -> None:
    """Print an error message on standard error."""
    echo(text, err=True, fg="red")
