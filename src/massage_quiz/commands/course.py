"""``massage-quiz course``: install, list and remove the courses instructors hand out as .apkg files."""

from __future__ import annotations

from pathlib import Path

import click

from massage_quiz import output


@click.group()
def course() -> None:
    """Install the courses your instructors hand out (.apkg files), list and remove them.

    An installed course's questions join the drill; its Anki deck is the same
    file, imported in Anki with File > Import.
    """


@course.command()
@click.argument("package", type=click.Path(path_type=Path))
@click.option(
    "--downgrade",
    "--force",
    "force",
    is_flag=True,
    help="Install even an older version than the one installed (--force is its old name, still accepted).",
)
def add(package: Path, force: bool) -> None:
    """Install the course in PACKAGE (an .apkg built by massage-quiz build).

    A newer version of an installed course replaces it; your progress on the
    questions it keeps stays.
    """
    from massage_quiz.course import installed
    from massage_quiz.course.package import read

    bundle = read(package)
    from massage_quiz.authoring.scaffold import CARDS_EXAMPLE, QUIZ_EXAMPLE

    examples = installed.ids_in(QUIZ_EXAMPLE + CARDS_EXAMPLE)  # every course made with init may still hold them
    with installed.locked():  # another course add at once waits, then sees what this one installed
        unchanged = installed.plan(bundle, package, force, examples)
        if unchanged is not None:
            output.echo(unchanged)
            return
        old, new = installed.install(bundle, package)
    what = f"{new.entries} entr{'y' if new.entries == 1 else 'ies'}, {new.items} item{'s' if new.items != 1 else ''}"
    if old is None:
        output.echo(f"Installed the course {new.name!r} version {new.version} ({what}).")
    elif old.version == new.version:  # rebuilt without raising the version (a dated one, built twice in a day)
        output.echo(
            f"Updated the course {new.name!r} version {new.version}, whose content changed ({what}); your progress is kept."
        )
    else:
        output.echo(
            f"Updated the course {new.name!r} from version {old.version} to {new.version} ({what}); your progress is kept."
        )
    output.echo("Drill it with: massage-quiz drill")


@course.command(name="list")
@click.option(
    "--json",
    "json_",
    is_flag=True,
    help="Print as JSON: a list of {id, name, version, built, installed, entries, items, digest, source}.",
)
def list_(json_: bool) -> None:
    """List the installed courses."""
    from massage_quiz.course import installed

    courses = installed.listing()
    if json_:
        output.print_json([c._asdict() for c in courses])
        return
    broken = installed.damaged()
    for name in broken:  # on standard error, so the table (or the JSON) stays as it was
        output.echo(
            f"The installed course {name!r} is damaged and left out of the drill: remove it with "
            f"massage-quiz course remove {name}, then add its .apkg again with massage-quiz course add FILE.apkg",
            err=True,
        )
    if not courses:
        if not broken:
            output.echo("No course is installed. Install one with: massage-quiz course add FILE.apkg")
        return
    rows = [("Course", "Id", "Version", "Entries", "Items", "Installed")]
    rows += [(c.name, c.id, c.version, str(c.entries), str(c.items), c.installed) for c in courses]
    widths = [max(output.columns(r[n]) for r in rows) for n in range(len(rows[0]))]
    for row in rows:
        # Names and ids to the left, the counts to the right, the date last.
        cells = [
            output.pad(cell, w) if n < 3 else output.pad(cell, w, right=True) if n < 5 else cell
            for n, (cell, w) in enumerate(zip(row, widths, strict=True))
        ]
        output.echo("  ".join(cells).rstrip())


@course.command()
@click.argument("course_id", metavar="ID")
def remove(course_id: str) -> None:
    """Remove the installed course ID; your progress stays, for a later reinstall."""
    from massage_quiz.course import installed

    with installed.locked():
        gone = installed.remove(course_id)
    output.echo(f"Removed {gone}. Your progress on it is kept.")
