"""The one domain exception type, and the located problems content can have."""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple


class ProblemCode(StrEnum):
    """What kind of problem a Problem is, for code (and check --json) to act on without reading its English message."""

    INVALID = "invalid"  # a value or key the content's rules refuse (the default)
    YAML_SYNTAX = "yaml-syntax"  # the file is not YAML the reader accepts (tabs, syntax, duplicate keys, depth)
    DUPLICATE_ID = "duplicate-id"  # an id defined twice; Problem.related is the first place
    UNKNOWN_REFERENCE = "unknown-reference"  # a reference that names no entry
    LINT = "lint"  # a doubt about content that loads (check's warnings)


class Problem(NamedTuple):
    """One thing wrong (or doubtful) in a content file, at a place the user can find (sorts by place)."""

    path: str
    line: int
    col: int
    message: str
    severity: str = "error"
    excerpt: str = ""  # the line of the file, and a caret under the place (YAML syntax errors)
    code: ProblemCode = ProblemCode.INVALID
    subject: str = ""  # what the problem is about, where code needs it (the id defined twice)
    related: str = ""  # another place it involves, as path:line:col (where the id was defined first)

    def as_json(self) -> dict[str, str | int]:
        """The problem as check --json prints it."""
        return {
            "file": self.path,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "code": str(self.code),
            "message": self.message,
        }

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else f"{self.severity}: "
        return f"{self.path}:{self.line}:{self.col}: {prefix}{self.message}"


class MassageQuizError(Exception):
    """An error the user can act on; the CLI prints its message, never a traceback."""

    exit_code = 1


class ContentError(MassageQuizError):
    """The content has problems; each is reported on its own line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageProblem(MassageQuizError):
    """The command line named something that is not there (exit 2, like click's usage errors)."""

    exit_code = 2


class ProgressError(MassageQuizError):
    """The progress file cannot be used; it has been left as it was."""


class SyncError(MassageQuizError):
    """The sync could not be done; whatever was saved before stays saved."""


class Damaged(MassageQuizError):
    """The course in a file cannot be read; the message says why, in one line."""


class ScratchFull(MassageQuizError):
    """The temporary folder cannot take what massage-quiz must put there first (a full disk, say)."""

    def __init__(self, exc: OSError) -> None:
        import tempfile

        super().__init__(
            f"the temporary folder {tempfile.gettempdir()} cannot be written ({exc.strerror or exc}): free some space "
            "there, or set TMPDIR to a folder with room; nothing was written"
        )


# Signals between the parts of one command, each caught before the CLI sees it.


class Quit(Exception):
    """The trainee asked to stop (q, Ctrl-C or Ctrl-D at a question)."""


class Unreadable(Exception):
    """A line that is not an answer: not valid text, or far too long."""


class Unprintable(Exception):
    """Characters that no font of the sheet has a glyph for."""

    def __init__(self, chars: set[str]) -> None:
        super().__init__("".join(sorted(chars)))
        self.chars = chars
