"""Compile the catalogue into an Anki package (.apkg) that updates in place on re-import."""

from __future__ import annotations

import itertools
import json
import sqlite3
import tempfile
import time
import zipfile
from pathlib import Path

import attrs
import genanki

from massage_quiz import atomicfile
from massage_quiz.anki import notes, notetypes
from massage_quiz.anki.cards import guid_for
from massage_quiz.anki.notes import DeckNotes
from massage_quiz.anki.target import UNREADABLE, ScratchFull, check_place, package_collection, refuse_foreign
from massage_quiz.catalogue.catalogue import Catalogue
from massage_quiz.catalogue.folders import Environ
from massage_quiz.course import bundle
from massage_quiz.course.bundle import Bundle
from massage_quiz.errors import MassageQuizError
from massage_quiz.facets.table import TABLE
from massage_quiz.sourcedate import source_date_epoch

DEFAULT_FILENAME = "lumbar-back-massage.apkg"


def build_timestamp(environ: Environ | None = None) -> float:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else now.

    Anki applies an update only when the note is newer than the one in the
    collection, so a real build must carry its real time.
    """
    seconds = source_date_epoch(environ)
    return time.time() if seconds is None else float(seconds)


def _model(note_type: notetypes.NoteType) -> genanki.Model:
    return genanki.Model(
        note_type.id,
        note_type.name,
        fields=[{"name": name} for name in note_type.fields],
        templates=[{"name": t.name, "qfmt": t.front, "afmt": t.back} for t in note_type.templates],
        css=notetypes.CSS,
        sort_field_index=note_type.fields.index(note_type.sort_field),
    )


@attrs.frozen
class DeckSummary:
    """Notes and cards of one kind."""

    name: str
    notes: int
    cards: int


def make_decks(source: Catalogue | DeckNotes) -> tuple[list[genanki.Deck], list[DeckSummary]]:
    """Build the deck, every note in it, its cards placed in the new-card order of ``order``.

    One deck, topics told apart by tags (as the most-used shared decks do):
    with Anki's default options new cards are gathered deck by deck, so with
    a subdeck per topic a trainee's first days would all be acupoints. Cards
    that an earlier build put in a subdeck stay there on re-import.
    """
    rendered = notes.render(source) if isinstance(source, Catalogue) else source
    deck = genanki.Deck(
        notetypes.PARENT_DECK_ID,
        notetypes.DECK_NAME,
        description="Lumbar and back massage: techniques, acupoints and contraindications, from sourced facts.",
    )
    models = {kind: _model(notetypes.note_type(kind)) for kind in TABLE}
    counts = {kind: [0, 0] for kind in TABLE}
    for kind, entry_id, fields, tags, due in rendered.notes:
        note = genanki.Note(model=models[kind], fields=fields, tags=tags, guid=guid_for(kind, entry_id), due=due)
        counts[kind][0] += 1
        counts[kind][1] += len(note.cards)
        deck.add_note(note)
    return [deck], [DeckSummary(table.subdeck, *counts[kind]) for kind, table in TABLE.items()]


def media(catalogue: Catalogue) -> dict[str, str]:
    """The pictures the notes show, by media file name."""
    return notes.pictures(catalogue)


@attrs.frozen
class Previous:
    """What the previous build of the deck held: each note's and note type's content and time."""

    notes: dict[str, tuple[object, int]] = attrs.field(factory=dict)
    models: dict[str, tuple[object, int]] = attrs.field(factory=dict)

    @classmethod
    def read(cls, path: Path | None) -> Previous:
        """Read a previous .apkg; a missing file gives an empty record, a damaged one an error."""
        if path is None or not path.exists():
            return cls()
        if not path.is_file():  # a device such as /dev/full would be read forever
            raise MassageQuizError(f"the previous deck {path} is not a regular file; use --previous to name another")
        try:
            with package_collection(path) as connection:
                notes: dict[str, tuple[object, int]] = {
                    guid: ((mid, flds, tags), mod)
                    for guid, mid, flds, tags, mod in connection.execute("select guid, mid, flds, tags, mod from notes")
                }
                (models_json,) = connection.execute("select models from col").fetchone()
        except UNREADABLE as exc:
            raise MassageQuizError(
                f"cannot read the previous deck {path}: {exc}; use --previous to name another, or delete it"
            ) from None
        models = {mid: (notetypes.model_content(model), model["mod"]) for mid, model in json.loads(models_json).items()}
        return cls(notes, models)

    @classmethod
    def of_ours(cls, path: Path) -> Previous | None:
        """What ``path`` holds if it is a deck massage-quiz built (it has our note types); None otherwise."""
        try:
            held = cls.read(path)
        except ScratchFull:
            raise  # the deck may well be ours: say what is wrong, never that it is someone else's
        except (MassageQuizError, ValueError):
            return None
        ours = {str(table.note_type_id) for table in TABLE.values()}
        return held if ours & set(held.models) else None


def write_apkg(
    decks: list[genanki.Deck], path: Path, timestamp: float, previous: Previous | None = None, media: dict[str, str] | None = None
) -> None:
    """Write the decks and media files to ``path`` atomically; the same input gives the same bytes."""
    atomicfile.write_with(path, lambda partial: _write_zip(decks, partial, timestamp, previous or Previous(), media or {}))


def _keep_unchanged_times(connection: sqlite3.Connection, previous: Previous) -> None:
    """Give unchanged notes and note types the time they had in the previous build.

    Anki updates a note on import only when it is newer than its copy in the
    collection; keeping the old time for what did not change means a
    re-import updates exactly the notes that changed, and nothing else.
    """
    kept: dict[str, int] = {}
    for note_id, guid, mid, flds, tags in connection.execute("select id, guid, mid, flds, tags from notes"):
        old = previous.notes.get(guid)
        if old is not None and old[0] == (mid, flds, tags):
            kept[str(note_id)] = old[1]
    # One statement for all notes, joined on the primary key: a statement per note
    # on the unindexed guid column made a rebuild quadratic (11.6x a fresh build at 10,000 notes).
    connection.execute(
        "update notes set mod = kept.value from json_each(?) as kept where notes.id = cast(kept.key as integer)",
        (json.dumps(kept),),
    )
    (models_json,) = connection.execute("select models from col").fetchone()
    models = json.loads(models_json)
    for mid, model in models.items():
        old = previous.models.get(mid)
        if old is not None and old[0] == notetypes.model_content(model):
            model["mod"] = old[1]
    connection.execute("update col set models = ?", (json.dumps(models),))


def _write_zip(decks: list[genanki.Deck], target: Path, timestamp: float, previous: Previous, media: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        database = Path(scratch) / "collection.anki2"
        connection = sqlite3.connect(database)
        try:
            genanki.Package(decks).write_to_db(connection.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
            if previous.notes or previous.models:
                _keep_unchanged_times(connection, previous)
            connection.commit()
        finally:
            connection.close()
        # Fixed entry dates and attributes, so identical input zips identically.
        date = time.gmtime(max(timestamp, 315532800))[:6]  # zip dates start in 1980
        # Media: numbered entries in a fixed (sorted) order, named by the entry's id
        # so that a re-import replaces a picture rather than adding another.
        names = sorted(media)
        entries = [
            ("collection.anki2", database.read_bytes()),
            ("media", json.dumps({str(n): name for n, name in enumerate(names)}).encode()),
        ]
        entries += [(str(n), media[name].encode("utf-8")) for n, name in enumerate(names)]
        # Level 1: twice as fast as the default for a file 8% larger (measured on 10,000 notes).
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            for name, data in entries:
                info = zipfile.ZipInfo(name, date_time=date)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, data, compresslevel=1)


def build(
    source: Catalogue | DeckNotes,
    path: Path,
    timestamp: float,
    previous: Path | None = None,
    force: bool = False,
    course: Bundle | None = None,
) -> list[DeckSummary]:
    """Compile ``source`` (a catalogue, or its notes already rendered) into an .apkg at ``path``; return the counts per kind.

    ``course`` travels inside as a media file no card shows, for the terminal
    drill (``massage-quiz course add``); Anki keeps it and ignores it.

    ``previous`` is the last deck handed out (by default ``path`` itself, when
    massage-quiz built it): notes unchanged since then keep their time, so a
    re-import updates only what changed. A file at ``path`` that massage-quiz
    did not build is never replaced unless ``force`` is given.
    """
    check_place(path)
    held = Previous.of_ours(path) if path.exists() else None  # the deck is read once, for both uses
    if path.exists() and held is None:
        refuse_foreign(path, force)
    # Someone else's file, replaced with --force, is no previous deck.
    before = Previous.read(previous) if previous is not None else held or Previous()
    rendered = notes.render(source) if isinstance(source, Catalogue) else source
    decks, summaries = make_decks(rendered)
    try:
        files = dict(rendered.media)
        if course is not None:
            files[bundle.MEDIA_NAME] = bundle.dumps(course)
        write_apkg(decks, path, timestamp, before, files)
    except OSError as exc:
        raise MassageQuizError(f"cannot write {path}: {exc.strerror or exc}; nothing was written") from None
    except sqlite3.Error as exc:  # the collection is made in the temporary folder first: TMPDIR full, say
        raise MassageQuizError(
            f"cannot build the deck in the temporary folder {tempfile.gettempdir()} ({exc}): free some space there, "
            "or set TMPDIR to a folder with room; nothing was written"
        ) from None
    return summaries
