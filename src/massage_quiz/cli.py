"""The command line: a click group that hands every command to the library.

Commands are imported only when they run, so ``massage-quiz --help`` and
the start of the drill stay quick: the group lists each command's one-line
help from the table below (a test keeps it equal to the commands' own).
"""

from __future__ import annotations

import contextlib
import errno
import importlib
import os
import re
import signal
import sys
import threading
from typing import Any, NoReturn

import click

from massage_quiz import __version__, output
from massage_quiz.errors import ContentError, MassageQuizError

# name -> (module under massage_quiz.commands, attribute, one-line help)
COMMANDS = {
    "drill": ("drill", "drill", "Drill what is due today, then a few new items."),
    "check": ("check", "check", "Check the bundled content and instructor folders for mistakes."),
    "build": ("build", "build", "Build the Anki deck (.apkg) from the bundled content and instructor folders."),
    "stats": ("stats", "stats", "Show your progress: what is due, and per topic; or --export it for your instructor."),
    "report": ("report", "report", "Show the class's weakest questions and topics, from trainees' stats --export files."),
    "init": ("init", "init", "Create an instructor folder with commented examples that pass check."),
    "add": ("add", "add", "Write a new question step by step and add it to a quiz file."),
    "list": ("listing", "list_", "List every entry and question with its id (to refer to it, or to show it)."),
    "course": ("course", "course", "Install the courses your instructors hand out (.apkg files), list and remove them."),
    "show": ("show", "show", "Show an entry or question as the drill asks it and as its Anki cards read."),
    "sheet": ("sheet", "sheet", "Print a practice or exam sheet (PDF) with its answer key on pages of its own."),
    "sync": ("sync", "sync", "Sync with Anki (AnkiWeb or a school's server): one memory on every device."),
    "exam": ("exam", "exam", "Sit a timed practice exam: no feedback until the end, then every miss explained."),
}


_GROUP_OPTIONS = ("-h", "--help", "--version")


class _Group(click.Group):
    """Loads commands lazily; turns the domain exception into a clean message, anything unexpected into a crash report."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, attribute, _ = COMMANDS[name]
        command: click.Command = getattr(importlib.import_module(f"massage_quiz.commands.{module}"), attribute)
        return command

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """``massage-quiz --limit 3`` is ``massage-quiz drill --limit 3``: options the group lacks go to the drill."""
        if args and args[0].startswith("-") and args[0] not in _GROUP_OPTIONS:
            args = ["drill", *args]
        return super().parse_args(ctx, args)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, help_) for name, (_, _, help_) in COMMANDS.items()])

    def invoke(self, ctx: click.Context) -> object:
        # SIGTERM ends the program as Ctrl-C does, through every clean-up on the way
        # (no half-written deck left behind, the progress file closed).
        if threading.current_thread() is threading.main_thread():  # signals can only be set there
            signal.signal(signal.SIGTERM, _terminated)
        try:
            result = super().invoke(ctx)
            if sys.stdout is not None:
                sys.stdout.flush()  # a full disk behind standard output shows here, not as the interpreter exits
            return result
        except ContentError as exc:
            for problem in exc.problems:
                output.echo(str(problem), err=True)
                if problem.excerpt:
                    output.echo(problem.excerpt, err=True)
            count = len(exc.problems)
            output.error(f"{count} problem{'s' if count != 1 else ''} found.")
            ctx.exit(exc.exit_code)
        except MassageQuizError as exc:
            output.error(f"Error: {exc}")
            ctx.exit(exc.exit_code)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except BrokenPipeError:
            # Whoever read the output stopped (massage-quiz list | head): stop quietly, as Unix tools do.
            with contextlib.suppress(OSError, ValueError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(1)
        except OSError as exc:
            # Standard output closed or full, or a path the system refuses (a name over 255 bytes, a
            # read-only disk) that no check before caught: one line, never a crash report.
            failure = output.stdout_failure(exc) or _path_failure(exc)
            if failure is None:
                _crashed(ctx, exc)
            output.error(f"Error: {failure}")
            ctx.exit(1)
        except RuntimeError as exc:
            # Path.resolve() on a loop of symbolic links (Python 3.11 raises this, not OSError).
            looped = re.fullmatch(r"Symlink loop from '(.*)'", str(exc))
            if looped is None:
                _crashed(ctx, exc)
            output.error(f"Error: cannot use {looped[1]}: {_PATH_ERRORS[errno.ELOOP]}; nothing was changed")
            ctx.exit(1)
        except Exception as exc:  # the one place an unexpected error is caught: see crash.py
            _crashed(ctx, exc)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        output.guard_standard_streams()
        try:
            return super().main(*args, **kwargs)
        except OSError as exc:  # --help or --version, shown before any command runs, into a closed or full stream
            failure = output.stdout_failure(exc)
            if failure is None:
                raise
            output.error(f"Error: {failure}")
            sys.exit(1)
        finally:
            output.quiet_stand_ins()  # the exit code already says whether all was shown


def _crashed(ctx: click.Context, exc: Exception) -> NoReturn:
    from massage_quiz import crash

    output.error(crash.message(exc, crash.write_report(exc, crash.argv())))
    ctx.exit(crash.EXIT_SOFTWARE)


# What the system can refuse about a path given on the command line or in the environment.
_PATH_ERRORS = {
    errno.ENAMETOOLONG: "the name is too long (the system allows 255 bytes for each part of a path)",
    errno.ELOOP: "it is a loop of symbolic links",
    errno.EROFS: "it is on a read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EISDIR: "it is a folder",
    errno.ENOENT: "no such file or folder",
    errno.EIO: "the disk could not be read or written (an input/output error)",
}


def _path_failure(exc: OSError) -> str | None:
    """One line for an OSError about a named path, or None for any other."""
    if exc.filename is None and "No usable temporary directory" in str(exc):  # tempfile tried TMPDIR, /tmp, … and the cwd
        return "no folder for temporary files can be written (TMPDIR, /tmp or here): set TMPDIR to one; nothing was changed"
    if exc.filename is None or exc.errno not in _PATH_ERRORS:
        return None
    shown = os.fsdecode(exc.filename)
    shown = shown if len(shown) <= 80 else f"{shown[:60]}…{shown[-10:]}"
    return f"cannot use {shown}: {_PATH_ERRORS[exc.errno]}; nothing was changed"


def _terminated(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


@click.group(cls=_Group, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="massage-quiz")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Study lumbar and back massage: a terminal drill and an Anki deck.

    Run with no command to start today's drill; the drill's options work
    without the command too (massage-quiz --limit 3).
    """
    if ctx.invoked_subcommand is None:
        from massage_quiz.commands.drill import drill

        ctx.invoke(drill)
