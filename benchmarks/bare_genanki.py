"""Baseline for the build benchmark: genanki alone writing the same notes.

    python benchmarks/bare_genanki.py NOTES.json OUT.apkg

NOTES.json lists the notes massage-quiz would write (kind, id, fields,
tags), prepared beforehand by the benchmark outside the timed run. This
script does only what any genanki deck generator must do: make the models,
the decks and the notes (with GUIDs from their ids), and write the package.
"""

from __future__ import annotations

import json
import sys

import genanki

from massage_quiz.anki import notetypes
from massage_quiz.facets.table import TABLE


def main(notes_path: str, out_path: str) -> None:
    with open(notes_path, encoding="utf-8") as stream:
        notes = json.load(stream)
    models = {
        kind: genanki.Model(
            nt.id,
            nt.name,
            fields=[{"name": f} for f in nt.fields],
            templates=[{"name": t.name, "qfmt": t.front, "afmt": t.back} for t in nt.templates],
            css=notetypes.CSS,
            sort_field_index=nt.fields.index(nt.sort_field),
        )
        for kind, nt in notetypes.note_types().items()
    }
    decks = {kind: genanki.Deck(t.subdeck_id, f"{notetypes.DECK_NAME}::{t.subdeck}") for kind, t in TABLE.items()}
    for kind, entry_id, fields, tags in notes:
        guid = genanki.guid_for("massage-quiz", kind, entry_id)
        decks[kind].add_note(genanki.Note(model=models[kind], fields=fields, tags=tags, guid=guid))
    genanki.Package([genanki.Deck(notetypes.PARENT_DECK_ID, notetypes.DECK_NAME), *decks.values()]).write_to_file(out_path)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
