"""The last resort: an unexpected error becomes one short message and a report file, never a traceback on screen."""

from __future__ import annotations

import platform
import sys
import time
import traceback
from pathlib import Path

from massage_quiz import __version__

EXIT_SOFTWARE = 70  # sysexits.h: an internal software error


def write_report(exc: BaseException, argv: list[str]) -> Path | None:
    """Write what happened, with the traceback, to a new file in the cache folder; None if it cannot be written."""
    from massage_quiz.catalogue.cache import cache_dir

    folder = cache_dir() / "crash-reports"
    text = (
        f"massage-quiz {__version__} on Python {platform.python_version()} ({platform.platform()})\n"
        f"command: {' '.join(argv)}\n\n" + "".join(traceback.format_exception(exc))
    )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"crash-{time.strftime('%Y%m%d-%H%M%S')}-{id(exc):x}.txt"
        path.write_text(text, encoding="utf-8", errors="backslashreplace")
    except OSError:
        return None
    return path


def message(exc: BaseException, report: Path | None) -> str:
    """The lines shown instead of a traceback."""
    what = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
    where = f"A report was written to {report}" if report else "No report could be written (the cache folder is not writable)"
    return (
        f"massage-quiz stopped on an unexpected error ({what}). Nothing you had saved was lost.\n"
        f"{where}; please send it to whoever gave you massage-quiz."
    )


def argv() -> list[str]:
    """The command line as typed, for the report."""
    return ["massage-quiz", *sys.argv[1:]]
