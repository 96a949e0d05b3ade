"""The command line: a click group that hands every command to the library."""

from __future__ import annotations

import click

from massage_quiz import __version__, output
from massage_quiz.commands import add, build, check, drill, init, listing, show, stats
from massage_quiz.errors import ContentError, MassageQuizError


class _Group(click.Group):
    """Turn the one domain exception into a clean message and exit code, in one place."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except ContentError as exc:
            for problem in exc.problems:
                output.echo(str(problem), err=True)
            count = len(exc.problems)
            output.error(f"{count} problem{'s' if count != 1 else ''} found.")
            ctx.exit(exc.exit_code)
        except MassageQuizError as exc:
            output.error(f"Error: {exc}")
            ctx.exit(exc.exit_code)


@click.group(cls=_Group, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="massage-quiz")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Study lumbar and back massage: a terminal drill and an Anki deck.

    Run with no command to start today's drill.
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(drill.drill)


main.add_command(check.check)
main.add_command(build.build)
main.add_command(drill.drill)
main.add_command(stats.stats)
main.add_command(init.init)
main.add_command(listing.list_)
main.add_command(show.show)
main.add_command(add.add)
