"""``massage-quiz sync``: one memory across phone, desktop and terminal, through Anki's own sync."""

from __future__ import annotations

from pathlib import Path

import click

from massage_quiz import output
from massage_quiz.commands.common import content_option, retention_option, state_option

CHOICES = ("download", "upload", "cancel")


@click.command()
@click.option(
    "--login", "log_in", is_flag=True, help="Log in to a sync server (asks for username and password) and keep its key."
)
@click.option(
    "--server",
    metavar="URL",
    default=None,
    help="With --login: the sync server's address, such as https://anki.example-school.org/ [default: AnkiWeb].",
)
@retention_option("Desired retention the drill schedules Anki's reviews with (as drill --retention).")
@state_option
@content_option
def sync(log_in: bool, server: str | None, retention: float, state: Path | None, content_dirs: tuple[str, ...]) -> None:
    """Sync with Anki (AnkiWeb or a school's server): one memory on every device.

    Answers made in the terminal are added to your Anki collection, answers
    made in Anki on any device are added to the drill, and the collection is
    synced. Run it again at any time: nothing is counted twice.
    """
    from massage_quiz.sync import run

    if log_in:
        from massage_quiz.sync import engine

        engine.require()  # before the prompts: without Anki's engine the typing would be for nothing
        if server is not None:
            from massage_quiz.sync.key import server_address

            server = server_address(server)  # before the prompts: a mistyped address costs no typing
        username = _ask("Username (e-mail)")
        password = _ask("Password", hidden=True)
        key = run.login(state, server, username, password)
        output.echo(f"Logged in to {key.server} as {key.username}; only the server's key was kept, never the password.")
        return
    if server is not None:
        raise click.UsageError("--server is given with --login (the server is remembered from then on)")

    def choose() -> str:
        output.echo(run.CONFLICT)
        return _choose()

    outcome = run.sync(state, content_dirs, retention, choose)
    if outcome.full:
        output.echo(
            f"The whole collection was {'downloaded from' if outcome.full == 'download' else 'uploaded to'} {outcome.server}."
        )
    output.echo(
        f"Synced with {outcome.server}: {outcome.sent} answer{'s' if outcome.sent != 1 else ''} from the terminal sent to Anki, "
        f"{outcome.received} from Anki added to the drill."
    )
    if outcome.unmatched:
        output.echo(f"{outcome.unmatched} answers are for items the deck no longer has; they stay in the drill only.")


def _choose() -> str:
    """Download, upload or cancel: asked as click asks on a terminal; piped input read a piece at a time, as ``_ask`` does."""
    import sys

    prompt = "Download, upload or cancel?"
    if sys.stdin.isatty():
        answer: str = click.prompt(prompt, type=click.Choice(CHOICES), default="download")
        return answer
    from massage_quiz.drill.terminal import piped_line

    while True:
        try:
            line = piped_line(f"{prompt} ({', '.join(CHOICES)}) [download]: ")
        except EOFError:
            raise click.Abort from None
        output.echo()  # the answer was read, not echoed: end the prompt's line
        choice = line.strip().lower() or "download"
        if choice in CHOICES:
            return choice
        shown = repr(line[:40] + ("…" if len(line) > 40 else ""))
        output.echo(f"Error: {shown} is not one of {', '.join(repr(c) for c in CHOICES)}.")


def _ask(prompt: str, hidden: bool = False) -> str:
    """Ask on a terminal as click does; read piped input a piece at a time (so ``< /dev/zero`` cannot fill memory), never echoed."""
    import sys

    if sys.stdin.isatty():
        answer: str = click.prompt(prompt, hide_input=hidden)
        return answer
    from massage_quiz.drill.terminal import MAX_ANSWER, piped_line

    try:
        line = piped_line(f"{prompt}: ")
    except EOFError:
        raise click.Abort from None
    output.echo()
    if not line.strip() or len(line) > MAX_ANSWER:
        raise click.UsageError(f"the {prompt.split()[0].lower()} must be a line of 1 to {MAX_ANSWER} characters")
    return line
