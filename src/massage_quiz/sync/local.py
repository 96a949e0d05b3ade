"""The trainee's local Anki collection, beside the progress file: the course deck imported into it, FSRS on."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from massage_quiz import atomicfile
from massage_quiz.catalogue.folders import Folder, content_key
from massage_quiz.drill.progress import default_path
from massage_quiz.errors import SyncError

if TYPE_CHECKING:
    from anki.collection import Collection
    from anki.dbproxy import DBProxy

    from massage_quiz.anki.notes import DeckNotes


class Place(NamedTuple):
    """Where one trainee's sync files live: one set per progress file, so another progress file is another terminal."""

    progress: Path
    folder: Path

    @property
    def collection(self) -> Path:
        """The local Anki collection."""
        return self.folder / "collection.anki2"

    @property
    def key(self) -> Path:
        """The sync key file."""
        return self.folder / "sync-key.json"

    @property
    def deck(self) -> Path:
        """The deck last imported (its notes' times are kept, so a re-import changes only what changed)."""
        return self.folder / "deck.apkg"

    @property
    def imported(self) -> Path:
        """The content key of the deck last imported."""
        return self.folder / "imported.txt"


def place(state: Path | None) -> Place:
    """The sync files of the progress file ``state`` (default: the user's)."""
    progress = state or default_path()
    return Place(progress, progress.parent / f"{progress.stem}-anki")


def open_collection(where: Place) -> Collection:
    """Open (or create) the local collection."""
    from anki.collection import Collection

    try:
        # The collection holds the trainee's review history: theirs alone to read, like the key.
        where.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        return Collection(str(where.collection))
    except OSError as exc:
        raise SyncError(f"cannot create {where.folder}: {exc.strerror or exc}") from None
    except Exception as exc:  # the engine raises its own DBError and others for a damaged or locked file
        raise SyncError(_unopenable(where, str(exc))) from None


def _unopenable(where: Place, text: str) -> str:
    """One line for a local collection the engine cannot open, without the engine's debug text."""
    if "NotADatabase" in text or "DatabaseCorrupt" in text:
        return (
            f"the local Anki collection {where.collection} is damaged. It is only a copy, rebuilt on the next sync "
            f"without it: every answer made here is in the progress file {where.progress}, and the server keeps the "
            f"rest. Delete {where.collection} and run massage-quiz sync again"
        )
    if "already open" in text:
        return f"the local Anki collection {where.collection} is in use by another sync: wait for it to end, then sync again"
    found = re.search(r'Some\("(.*?)"\)', text)  # the engine's own words, without its debug wrapping
    return f"cannot open the local Anki collection {where.collection}: {found[1] if found else text.splitlines()[0][:200]}"


def study(content_dirs: tuple[str, ...]) -> tuple[list[Folder], str]:
    """The folders the drill studies (installed courses included) and their content key, which the deck is made from."""
    from massage_quiz.items.load import study_folders

    folders = study_folders(content_dirs)
    return folders, content_key(folders)


def fsrs_on(col: Collection) -> bool:
    """Turn FSRS on in the collection if it is off (the drill schedules with FSRS; so must Anki, for one memory); True if it was off."""
    if col.get_config("fsrs", False):
        return False
    col.set_config("fsrs", True)
    return True


def imported_key(where: Place) -> str | None:
    """The content key of the deck last imported, if any."""
    return where.imported.read_text(encoding="utf-8") if where.imported.exists() else None


def note_type_ids() -> list[int]:
    """The course's note types, one per kind (the facet table's, imported only when asked for)."""
    from massage_quiz.facets.table import TABLE

    return [int(table.note_type_id) for table in TABLE.values()]


def ensure_deck(
    col: Collection, where: Place, content_dirs: tuple[str, ...], studied: tuple[list[Folder], str] | None = None
) -> bool:
    """Import the course deck when the content changed or the collection lacks it; turn FSRS on. True if imported.

    ``studied`` is ``study(content_dirs)``, when the caller has it already.
    """
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest
    from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition

    from massage_quiz.items.load import sparing_damaged_courses

    fsrs_on(col)
    folders, key = studied or study(content_dirs)  # what the drill asks: installed courses included
    present = set(note_type_ids()) <= {int(m["id"]) for m in col.models.all()}
    if present and imported_key(where) == key:
        return False
    from massage_quiz.anki import notes

    # The notes `check` or `build` cached, else the catalogue they cached, if current (no YAML read, no note
    # rendered twice); a damaged installed course is named and left out.
    rendered = sparing_damaged_courses(notes.load, folders)
    if present and holds_deck(col, rendered):
        # A first sync onto a phone's collection that imported this very deck: nothing for the import to change.
        atomicfile.write_text(where.imported, key)
        return False
    from massage_quiz.anki import package  # genanki: only when the deck is made, never on a sync with nothing new

    package.build(rendered, where.deck, package.build_timestamp(), force=True)
    newer = ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER
    # Without scheduling: the import never touches a card's reviews or due date.
    options = ImportAnkiPackageOptions(update_notes=newer, update_notetypes=newer, with_scheduling=False)
    col.import_anki_package(ImportAnkiPackageRequest(package_path=str(where.deck), options=options))
    atomicfile.write_text(where.imported, key)
    return True


def holds_deck(col: Collection, rendered: DeckNotes) -> bool:
    """True if importing the deck of ``rendered`` could change nothing in ``col``; its missing pictures are written.

    The collection holds the deck when each of the course's note types is
    the deck's (name, fields, templates, styling, sort field), each note is
    there with the deck's fields and tags, with every card the deck makes
    for it, and each picture is in the media folder with the deck's bytes or
    absent (then written, as the import would). Anything else, and the deck
    is imported as before.
    """
    from massage_quiz.anki import notetypes
    from massage_quiz.anki.cards import guid_for
    from massage_quiz.facets.table import TABLE, carded

    for note_type in notetypes.note_types().values():
        model = col.models.get(note_type.id)  # type: ignore[arg-type]  # NotetypeId is a NewType of int
        if model is None or notetypes.model_content(model) != notetypes.content(note_type):
            return False
    ids = ", ".join(map(str, note_type_ids()))
    notes = {
        str(guid): (int(mid), str(flds), set(str(tags).split()))
        for guid, mid, flds, tags in database(col).all(f"select guid, mid, flds, tags from notes where mid in ({ids})")
    }
    cards = set(course_cards(col))
    for kind, entry_id, fields, tags, _due in rendered.notes:
        table = TABLE[kind]
        guid = guid_for(kind, entry_id)
        if notes.get(guid) != (table.note_type_id, "\x1f".join(fields), set(tags)):
            return False
        # A card for each facet whose field is filled in, as Anki makes them; its ord is the facet's place in the table.
        made = carded(table, dict(zip(table.fields, fields, strict=True)))
        if any((guid, table.facets.index(facet)) not in cards for facet in made):
            return False
    return _pictures_held(col, rendered.media)


def _pictures_held(col: Collection, media: dict[str, str]) -> bool:
    """True if every picture is in the media folder with these bytes or was absent and is now written there."""
    folder = Path(col.media.dir())
    absent = []
    for name, svg in media.items():
        data = svg.encode("utf-8")
        try:
            if (folder / name).read_bytes() != data:
                return False
        except FileNotFoundError:
            absent.append((name, data))
    # write_data keeps the name of a file that is not there (the import would have written these the same way).
    return all(col.media.write_data(name, data) == name for name, data in absent)


def database(col: Collection) -> DBProxy:
    """The open collection's database (it is closed only for a moment, during a full sync)."""
    assert col.db is not None, "the collection is open"
    return col.db


def course_cards(col: Collection) -> dict[tuple[str, int], int]:
    """Every card of the course in the collection, by (note GUID, template ord)."""
    ids = ", ".join(map(str, note_type_ids()))
    rows = database(col).all(f"select c.id, n.guid, c.ord from cards c join notes n on n.id = c.nid where n.mid in ({ids})")
    return {(str(guid), int(ord_)): int(cid) for cid, guid, ord_ in rows}


def items_by_card(col: Collection, item_ids: list[str]) -> dict[int, str]:
    """The drill item of each course card, matched by note GUID and template, never by text."""
    from massage_quiz.anki.cards import card_of

    cards = course_cards(col)
    found = {}
    for item_id in item_ids:
        key = card_of(item_id)
        if key is not None and key in cards:
            found[cards[key]] = item_id
    return found


def course_digest(col: Collection, note_types: list[int]) -> str | None:
    """A digest of every card of these note types (id, note GUID, template, deck), in one query; None if a note type is missing.

    ``items_by_card`` is made of these cards and the items' ids alone, and
    ``decks_of`` the course cards' of their decks: with the same content
    and the same digest, both are what they were.
    """
    import hashlib

    ids = ", ".join(str(int(mid)) for mid in note_types)
    present = database(col).scalar(f"select count() from notetypes where id in ({ids})")
    if int(present) != len(set(note_types)):
        return None
    rows = database(col).scalar(
        f"""select coalesce(group_concat(row, ' '), '') from (
              select c.id || ':' || n.guid || ':' || c.ord || ':' || c.did as row
              from cards c join notes n on n.id = c.nid where n.mid in ({ids}) order by c.id)"""
    )
    return hashlib.sha256(str(rows).encode()).hexdigest()


def decks_of(col: Collection, card_ids: Iterable[int]) -> list[int]:
    """The decks holding these cards."""
    ids = ", ".join(str(int(cid)) for cid in card_ids)
    if not ids:
        return []
    return sorted(int(did) for (did,) in database(col).all(f"select distinct did from cards where id in ({ids})"))
