"""One definition of every question: each drill item is the Anki card of the same facet, worded the same.

The cards are read back from the real Anki engine; nothing here counts
items or cards by a fixed number, so rewording either side, or adding a
facet to one and not the other, fails.
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

import attrs
import pytest
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition

from massage_quiz.anki import package
from massage_quiz.catalogue.catalogue import Catalogue
from massage_quiz.catalogue.folders import Folder, all_folders
from massage_quiz.catalogue.loader import load_folders
from massage_quiz.facets import table
from massage_quiz.facets.facet import Facet
from massage_quiz.facets.table import TABLE, TYPED
from massage_quiz.items.compile import items
from massage_quiz.items.item import Item

ROOT = Path(__file__).resolve().parent.parent
IF_NEWER = ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER


def words(text: str) -> str:
    """Every visible character, spacing and list markers aside (they differ where tags meet text)."""
    return "".join(re.sub(r"(?m)[•─]|^\s*\d+\.\s", " ", text).split())


def visible(rendered: str) -> str:
    """What a trainee reads on a card: no styles or scripts, no tags, no type-in box, entities resolved."""
    text = re.sub(r"<(style|script)>.*?</(style|script)>", "", rendered, flags=re.S)
    text = re.sub(r"\[\[type:\w+\]\]", "", text)
    text = re.sub(r"<(br|/div|/li|hr)[^>]*>", "\n", text)
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


def imported(catalogue: Catalogue, tmp_path: Path) -> Collection:
    path = tmp_path / "deck.apkg"
    package.build(catalogue, path, 1_767_225_600)
    col = Collection(str(tmp_path / "collection.anki2"))
    options = ImportAnkiPackageOptions(update_notes=IF_NEWER, update_notetypes=IF_NEWER, with_scheduling=False)
    col.import_anki_package(ImportAnkiPackageRequest(package_path=str(path), options=options))
    return col


def facet_of(item: Item) -> Facet:
    kind, _, *name = item.id.split("/")
    return next(f for f in TABLE[kind].facets if f.name == (name[0] if name else ""))


def assert_drill_and_deck_agree(catalogue: Catalogue, tmp_path: Path) -> int:
    """Every item is a card with the same prompt and facts, and every card is an item; returns the count."""
    col = imported(catalogue, tmp_path)
    try:
        drilled = items(catalogue)
        assert len({i.id for i in drilled}) == len(drilled)
        for item in drilled:
            kind, entry_id = item.entry
            facet = facet_of(item)
            (card_id,) = col.find_cards(f'"Key:{kind}:{entry_id}" "card:{facet.card}"')
            card = col.get_card(card_id)
            front, back = visible(card.question()), visible(card.answer())
            label = TABLE[kind].label
            options = "".join(item.options) if facet.options_field else ""
            shown_front = words(front)
            assert shown_front.startswith(words(label + item.prompt)), item.id
            rest = shown_front[len(words(label + item.prompt)) :]
            assert rest in (words(options), words("True or false?")), item.id  # the options the drill shows itself
            for line in item.facts:
                assert words(line) in words(back), (item.id, line)
            answer = " ".join(item.options[i] for i in item.correct) if item.form == "order" else item.answer
            assert words(answer) in words(back), item.id
            assert words("Source:" + "".join(item.source)) in words(back) or not item.source, item.id
        assert col.card_count() == len(drilled)  # and no card that the drill does not ask
        return len(drilled)
    finally:
        col.close()


def test_the_bundled_drill_and_deck_ask_the_same_facets(tmp_path: Path) -> None:
    assert assert_drill_and_deck_agree(load_folders(all_folders()), tmp_path) > 100


def test_a_generated_folder_drills_and_cards_the_same_facets(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import generate
    finally:
        sys.path.pop(0)
    generate.content(tmp_path / "generated", 200)
    catalogue = load_folders([Folder(tmp_path / "generated", "generated")])
    assert assert_drill_and_deck_agree(catalogue, tmp_path) > 200


def test_a_facet_added_to_the_table_shows_in_the_deck_and_the_drill(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    points = TABLE["acupoint"]
    meridian = Facet(
        "meridian",
        "Meridian",
        "Meridian",
        '<div class="title">{{Name}}</div><div class="ask">On which meridian does it lie?</div>',
        '<div class="answer">{{Meridian}}</div>',
        ("Meridian",),
        TYPED,
        lambda e: e.meridian or "",  # type: ignore[union-attr]
    )
    monkeypatch.setitem(table.TABLE, "acupoint", attrs.evolve(points, facets=(*points.facets, meridian)))
    catalogue = load_folders(all_folders())
    (item,) = [i for i in items(catalogue) if i.id == "acupoint/shenshu/meridian"]
    assert item.prompt == "Shènshū\nOn which meridian does it lie?" and item.answer == "Bladder" and item.form == "typed"
    col = imported(catalogue, tmp_path)
    try:
        (card_id,) = col.find_cards('"Key:acupoint:shenshu" "card:Meridian"')
        assert "On which meridian does it lie?" in visible(col.get_card(card_id).question())
        assert "Bladder" in visible(col.get_card(card_id).answer())
    finally:
        col.close()
    (tmp_path / "again").mkdir()
    assert_drill_and_deck_agree(catalogue, tmp_path / "again")


def test_the_drill_feedback_shows_what_the_back_shows_besides_the_answer() -> None:
    catalogue = load_folders(all_folders())
    (code,) = [i for i in items(catalogue) if i.id == "acupoint/shenshu/code"]
    # The meridian and the location were on the card's back but not in the drill's feedback.
    assert "Meridian: Bladder" in code.facts
    assert any(line.startswith("Location: Level with the lower border of the spinous process of L2") for line in code.facts)
