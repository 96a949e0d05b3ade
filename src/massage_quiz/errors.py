"""The one domain exception type, and the located problems content can have."""

from __future__ import annotations

from typing import NamedTuple


class Problem(NamedTuple):
    """One thing wrong (or doubtful) in a content file, at a place the user can find (sorts by place)."""

    path: str
    line: int
    col: int
    message: str
    severity: str = "error"
    excerpt: str = ""  # the line of the file, and a caret under the place (YAML syntax errors)

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
