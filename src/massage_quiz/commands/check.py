"""``massage-quiz check``: load and validate all content, report every problem."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from massage_quiz import output
from massage_quiz.commands.common import content_option, json_option
from massage_quiz.errors import ContentError

if TYPE_CHECKING:
    from massage_quiz.catalogue.catalogue import Catalogue


@click.command()
@click.option("--coverage", is_flag=True, help="List, per topic, the card entries that no question is about.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 1), e.g. in a course's own CI.")
@json_option("Print every problem as JSON: a list of {file, line, col, severity, code, message} (codes in docs/instructors.md).")
@content_option
def check(coverage: bool, strict: bool, json_: bool, content_dirs: tuple[str, ...]) -> None:
    """Check the bundled content and instructor folders for mistakes.

    Every problem is printed as path:line:col: message, warnings too (with
    --json, as a JSON list, each with a code that names its kind). Exit
    status: 0 when the content is clean (warnings allowed), 1 when there are
    errors (or warnings, with --strict), 2 for a usage error.
    """
    if json_ and coverage:
        raise click.UsageError("--json and --coverage go separately: --json lists the problems only")
    from massage_quiz.catalogue import lint
    from massage_quiz.facets import lint as facet_lint

    if json_:
        _check_json(content_dirs, strict)
        return
    catalogue = _loaded(content_dirs)
    warnings = facet_lint.warnings(catalogue)
    for warning in warnings:
        output.echo(str(warning), err=True, fg="yellow")
    if coverage:
        output.echo("Coverage (card entries that some question is about):")
        for topic in lint.coverage(catalogue):
            output.echo(f"  {topic.topic:<18} {topic.covered:>3} of {topic.total}")
            for entry_id in topic.missing:
                output.echo(f"    not covered: {entry_id}")
    count = len(warnings)
    noted = f" ({count} warning{'s' if count != 1 else ''})" if count else ""
    if strict and warnings:
        output.error(f"{count} warning{'s' if count != 1 else ''} found; --strict treats them as errors.")
        sys.exit(1)
    output.echo(f"OK: {catalogue.summary()}{noted}.")


def _check_json(content_dirs: tuple[str, ...], strict: bool) -> None:
    """Print the problems (errors, else warnings) as JSON on standard output; exit 1 as check does without --json."""
    from massage_quiz.facets import lint as facet_lint

    try:
        problems = facet_lint.warnings(_loaded(content_dirs))
    except ContentError as exc:  # the content does not load: its errors (warnings need content that loads)
        problems = exc.problems
    output.print_json([problem.as_json() for problem in problems])
    if any(p.severity == "error" for p in problems) or (strict and problems):
        sys.exit(1)


def _loaded(content_dirs: tuple[str, ...]) -> Catalogue:
    """The content, validated (ContentError if it has errors); its notes kept for the `build` that usually follows."""
    from massage_quiz.anki import notes
    from massage_quiz.catalogue.folders import all_folders, content_key
    from massage_quiz.catalogue.loader import load_cached

    folders = all_folders(content_dirs)
    key = content_key(folders)
    catalogue = load_cached(folders, key)
    notes.keep(folders, catalogue, key)
    return catalogue
