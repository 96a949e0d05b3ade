"""The deck, checked by importing it into the real Anki engine."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import attrs
import pytest
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition
from anki.scheduler_pb2 import CardAnswer
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from massage_quiz.anki import notetypes
from massage_quiz.anki import package as deck
from massage_quiz.catalogue.catalogue import Catalogue
from massage_quiz.catalogue.folders import Folder, bundled_folder
from massage_quiz.catalogue.loader import load, load_folders
from massage_quiz.cli import main
from massage_quiz.errors import MassageQuizError
from massage_quiz.facets import table

IF_NEWER = ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER
T0 = 1_767_225_600  # 2026-01-01T00:00:00Z


def import_apkg(col: Collection, path: Path):
    """Import as Anki's import dialog does by default: update notes and note types if newer."""
    options = ImportAnkiPackageOptions(update_notes=IF_NEWER, update_notetypes=IF_NEWER, with_scheduling=False)
    return col.import_anki_package(ImportAnkiPackageRequest(package_path=str(path), options=options)).log


def visible_text(rendered: str) -> str:
    """What a trainee reads: no styles or scripts, no tags, entities resolved."""
    import html

    without_style = re.sub(r"<(style|script)>.*?</(style|script)>", "", rendered, flags=re.S)
    # A tag stands for a space at most: an inline span ("1.5 <span>B-cun</span>") adds none a reader sees.
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", without_style)))


def build_to(catalogue: Catalogue, path: Path, timestamp: float, previous: Path | None = None) -> Path:
    deck.build(catalogue, path, timestamp, previous)
    return path


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load()


@pytest.fixture
def col(tmp_path: Path):
    collection = Collection(str(tmp_path / "collection.anki2"))
    yield collection
    collection.close()


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A copy of the bundled content that a test may edit."""
    root = tmp_path / "content"
    for sub in ("cards", "quizzes"):
        shutil.copytree(bundled_folder().path / sub, root / sub)
    return root


def load_copy(root: Path) -> Catalogue:
    return load_folders([Folder(root, str(root))])


def test_field_lists_are_a_pinned_contract() -> None:
    # Changing any of these makes Anki import a second note type and skip the
    # notes: see docs/deck.md before touching them.
    assert {kind: (nt.id, nt.fields) for kind, nt in notetypes.note_types().items()} == {
        "technique": (
            1_763_900_101,
            (
                "Key",
                "Name",
                "Chinese",
                "OtherNames",
                "HandPosition",
                "Direction",
                "ForceRhythm",
                "Endpoint",
                "Effects",
                "Acupoints",
                "Tradition",
                "Cautions",
                "Source",
                "PathPicture",
            ),
        ),
        "acupoint": (
            1_763_900_102,
            (
                "Key",
                "Name",
                "Code",
                "CodeSpellings",
                "Hanzi",
                "English",
                "Meridian",
                "Location",
                "Disputed",
                "Pressing",
                "Sensation",
                "Cautions",
                "Notes",
                "Source",
                "LocationPicture",
            ),
        ),
        "contraindication": (1_763_900_103, ("Key", "Condition", "Rule", "Details", "AppliesTo", "Signs", "Source")),
        "question": (1_763_900_104, ("Key", "Prompt", "Choices", "Answer", "Explanation", "Type", "About", "Source")),
    }


def test_guid_depends_on_kind_and_id_only() -> None:
    assert deck.guid_for("acupoint", "shenshu") == deck.guid_for("acupoint", "shenshu")
    assert deck.guid_for("acupoint", "shenshu") != deck.guid_for("question", "shenshu")


def test_fresh_import(col: Collection, catalogue: Catalogue, tmp_path: Path) -> None:
    log = import_apkg(col, build_to(catalogue, tmp_path / "d.apkg", T0))
    assert len(log.new) == 148 and not log.updated and not log.duplicate
    counts = {}
    for kind in ("technique", "acupoint", "contraindication", "question"):
        search = f'"note:massage-quiz {kind}"'
        counts[kind] = (len(col.find_notes(search)), len(col.find_cards(search)))
    assert counts == {"technique": (5, 16), "acupoint": (10, 31), "contraindication": (24, 44), "question": (109, 109)}
    # One deck, topics told apart by tags: Anki's default options then mix them on the first days.
    assert {col.decks.name(col.get_card(cid).did) for cid in col.find_cards("")} == {notetypes.DECK_NAME}
    assert not col.get_empty_cards().notes
    for cid in col.find_cards(""):
        card = col.get_card(cid)
        assert visible_text(card.question()).strip(), cid
        assert "Source:" in visible_text(card.answer())


def _card(col: Collection, key: str, template: str):
    (cid,) = col.find_cards(f'"Key:{key}" "card:{template}"')
    return col.get_card(cid)


@pytest.mark.parametrize(
    ("key", "template", "question_has", "answer_has"),
    [
        (
            "acupoint:shenshu",
            "Name → code",
            ["Shènshū", "肾俞", "Type its code, written like LU1 or EX-HN3"],
            ["BL23", "UB23", "L2", "1.5 B-cun"],
        ),
        (
            "acupoint:weizhong",
            "Code → name",
            ["BL40", "Which point is this?"],
            ["Wěizhōng", "委中", "popliteal crease", "Bladder 54"],
        ),
        ("acupoint:zhishi", "Location", ["Zhìshì", "BL52", "Where is it?"], ["3 B-cun lateral", "spinous process of L2"]),
        (
            "acupoint:yaoyan",
            "Location",
            ["Yāoyǎn", "EX-B7", "The sources differ on this location."],
            ["about 3.5 cun", "Sources differ:", "3.5 to 4 cun"],
        ),
        ("acupoint:mingmen", "Pressing", ["Mìngmén", "How is it pressed"], ["thumb or the elbow", "Soreness and distension"]),
        ("acupoint:ashi", "Location", ["Āshì", "Where is it?"], ["found by pressing where it is tender"]),
        ("technique:palm-pushing", "Hand position", ["Palm pushing", "掌推法"], ["heel of the palm or the thenar eminence"]),
        (
            "technique:palm-pushing",
            "Direction",
            ["Palm pushing", "which way"],
            ["upper waist", "downward along both sides of the spine"],
        ),
        (
            "technique:percussion",
            "Force and rhythm",
            ["Percussion", "How is the force applied?"],
            ["Force: Moderate.", "Rhythm: Rhythmic and slightly fast"],
        ),
        ("technique:tapping", "Effects", ["Tapping", "What does it do?"], ["Disperses blood stasis.", "Slapping"]),
        ("technique:point-pressing", "Effects", ["Point pressing"], ["Shènshū (BL23), Wěizhōng (BL40), Mìngmén (GV4)"]),
        (
            "contraindication:deep-vein-thrombosis",
            "What to do",
            [
                "Deep vein thrombosis",
                "refer, wait until it clears, avoid the area, massage only as a physician guides, or adapt?",
            ],
            ["Do not massage; refer the client"],
        ),
        (
            "contraindication:cauda-equina-syndrome",
            "Signs",
            ["Loss of bowel control.", "what do you do?"],
            ["Cauda equina", "emergency department now"],
        ),
        ("contraindication:tumour-site", "What to do", ["tumour or cancer area"], ["Adapt", "health care provider approves"]),
        (
            "question:shenshu-location",
            "Question",
            ["1.5 B-cun lateral to the posterior midline?", "Dàchángshū (BL25)"],
            ["Shènshū (BL23)", "BL52 at 3 B-cun"],
        ),
        (
            "question:count-up-to-l2",
            "Question",
            ["Put the steps for finding Shènshū (BL23) in order.", "Walk the fingers up"],
            ["1.5 B-cun lateral"],
        ),
    ],
)
def test_cards_render_the_facts(col, catalogue, tmp_path, key, template, question_has, answer_has) -> None:
    import_apkg(col, build_to(catalogue, tmp_path / "d.apkg", T0))
    card = _card(col, key, template)
    question, answer = visible_text(card.question()), visible_text(card.answer())
    for text in question_has:
        assert text in question
    for text in answer_has:
        assert text in answer


def test_missing_facets_make_no_cards(col, catalogue, tmp_path) -> None:
    import_apkg(col, build_to(catalogue, tmp_path / "d.apkg", T0))
    # Point pressing has no direction in the sources; Ashi has no code; Dàchángshū no pressing advice.
    assert not col.find_cards('"Key:technique:point-pressing" "card:Direction"')
    assert not col.find_cards('"Key:acupoint:ashi" "card:Name → code"')
    assert not col.find_cards('"Key:acupoint:dachangshu" card:Pressing')


def test_sort_field_first_field_and_tags(col, catalogue, tmp_path) -> None:
    import_apkg(col, build_to(catalogue, tmp_path / "d.apkg", T0))
    for nt in notetypes.note_types().values():
        model = col.models.get(nt.id)
        assert model["sortf"] == nt.fields.index(nt.sort_field)
    keys = [col.get_note(nid).fields[0] for nid in col.find_notes("")]
    assert len(keys) == len(set(keys)) == 148
    tags = set(col.tags.all())
    assert {"massage::technique::palm-pushing", "massage::acupoint::shenshu", "massage::contraindication::refer"} <= tags
    assert all(" " not in tag for tag in tags)
    note = col.get_note(col.find_notes('"Key:question:shenshu-location"')[0])
    assert set(note.tags) == {"massage::question", "massage::acupoint::shenshu", "massage::tag::acupoint-location"}
    # One tree: no loose top-level tags such as "seed" beside the deck's own.
    assert "massage::tag::seed" in tags
    assert all(tag.startswith("massage::") for tag in tags), sorted(tags)


def test_reimporting_an_unchanged_rebuild_changes_nothing(col, catalogue, tmp_path) -> None:
    import_apkg(col, build_to(catalogue, tmp_path / "a.apkg", T0))
    before = {nid: (col.get_note(nid).fields, col.get_note(nid).mod) for nid in col.find_notes("")}
    cards_before = sorted(col.find_cards(""))
    for path, stamp in ((tmp_path / "a.apkg", T0), (tmp_path / "b.apkg", T0 + 86400)):
        log = import_apkg(col, build_to(catalogue, path, stamp, previous=tmp_path / "a.apkg"))
        assert not log.new and not log.updated
        assert len(log.duplicate) == 148
    after = {nid: (col.get_note(nid).fields, col.get_note(nid).mod) for nid in col.find_notes("")}
    assert after == before
    assert sorted(col.find_cards("")) == cards_before


def _review(col: Collection, card) -> None:
    card.start_timer()
    states = col._backend.get_scheduling_states(card.id)
    col.sched.answer_card(col.sched.build_answer(card=card, states=states, rating=CardAnswer.GOOD))


def test_an_edit_updates_that_note_in_place_and_keeps_its_history(col, content_copy, tmp_path) -> None:
    import_apkg(col, build_to(load_copy(content_copy), tmp_path / "a.apkg", T0))
    card = _card(col, "acupoint:shenshu", "Location")
    _review(col, card)
    assert col.db.scalar("select count() from revlog where cid=?", card.id) == 1
    notes, cards = col.note_count(), col.card_count()

    path = content_copy / "cards" / "acupoints.yaml"
    path.write_text(
        path.read_text().replace(
            "Level with the lower border of the spinous process of L2, 1.5 B-cun\n      lateral",
            "Level with the lower border of L2's spinous process, 1.5 B-cun\n      lateral",
        )
    )
    log = import_apkg(col, build_to(load_copy(content_copy), tmp_path / "b.apkg", T0 + 3600, tmp_path / "a.apkg"))

    assert [entry.id.nid for entry in log.updated] == [card.nid]
    assert not log.new
    assert (col.note_count(), col.card_count()) == (notes, cards)
    updated = col.get_card(card.id)
    assert "L2's spinous process" in visible_text(updated.answer())
    assert updated.reps == 1
    assert col.db.scalar("select count() from revlog where cid=?", card.id) == 1


def test_a_new_entry_adds_just_its_note(col, content_copy, tmp_path) -> None:
    import_apkg(col, build_to(load_copy(content_copy), tmp_path / "a.apkg", T0))
    (content_copy / "quizzes" / "extra.yaml").write_text(
        "questions:\n  - id: extra-question\n    type: true-false\n    prompt: GV4 lies on the posterior midline.\n"
        "    answer: true\n    acupoint: mingmen\n    source: WHO 2008\n"
    )
    log = import_apkg(col, build_to(load_copy(content_copy), tmp_path / "b.apkg", T0 + 3600, tmp_path / "a.apkg"))
    assert len(log.new) == 1 and not log.updated
    assert col.find_notes('"Key:question:extra-question"')
    assert col.note_count() == 149


def test_a_template_edit_reaches_the_collection(col, catalogue, tmp_path, monkeypatch) -> None:
    import_apkg(col, build_to(catalogue, tmp_path / "a.apkg", T0))
    points = table.TABLE["acupoint"]
    old = points.facets[2]
    edited = attrs.evolve(old, front=old.front.replace("Where is it?", "Where do you find this point?"))
    monkeypatch.setitem(table.TABLE, "acupoint", attrs.evolve(points, facets=(*points.facets[:2], edited, *points.facets[3:])))
    log = import_apkg(col, build_to(catalogue, tmp_path / "b.apkg", T0 + 3600, tmp_path / "a.apkg"))
    assert not log.new and not log.updated
    assert "Where do you find this point?" in visible_text(_card(col, "acupoint:zhishi", "Location").question())
    assert [m.name for m in col.models.all_names_and_ids() if m.name.startswith("massage-quiz acupoint")] == [
        "massage-quiz acupoint"
    ]


def test_content_is_escaped_text(col, tmp_path, make_folder) -> None:
    folder = make_folder(
        {
            "quizzes/x.yaml": (
                "questions:\n  - id: html-question\n    type: typed\n"
                "    prompt: 'Is <b>this</b> bold? <script>alert(1)</script> & 腰眼'\n"
                "    answer: '<i>no</i>'\n    source: test\n"
            )
        }
    )
    catalogue = load((folder,))
    import_apkg(col, build_to(catalogue, tmp_path / "d.apkg", T0))
    question = _card(col, "question:html-question", "Question").question()
    assert "&lt;b&gt;this&lt;/b&gt;" in question and "<script>" not in question
    assert "Is <b>this</b> bold? <script>alert(1)</script> & 腰眼" in visible_text(question)
    assert "<i>no</i>" in visible_text(_card(col, "question:html-question", "Question").answer())


def test_reproducible_with_source_date_epoch(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(T0))
    runner = CliRunner()
    assert runner.invoke(main, ["build", "-o", "one.apkg"]).exit_code == 0
    assert runner.invoke(main, ["build", "-o", "two.apkg"]).exit_code == 0
    assert (tmp_path / "one.apkg").read_bytes() == (tmp_path / "two.apkg").read_bytes()
    with zipfile.ZipFile(tmp_path / "one.apkg") as archive:
        assert {info.date_time for info in archive.infolist()} == {(2026, 1, 1, 0, 0, 0)}


def test_a_rebuild_of_unchanged_content_reads_its_notes_from_the_cache(make_folder, tmp_path, monkeypatch) -> None:
    """Counted: unchanged content loads no catalogue and renders no note (the same deck, byte for byte); an edit, once each."""
    from massage_quiz.anki import notes
    from massage_quiz.catalogue import loader

    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(T0))
    text = (
        "questions:\n  - id: q-one\n    type: true-false\n    prompt: {}\n    answer: true\n"
        "    explanation: Because.\n    source: WHO Standard Acupuncture Point Locations (2008), p. 1\n"
    )
    folder = make_folder({"quizzes/q.yaml": text.format("GV4 lies on the midline.")})
    runner = CliRunner()

    def build(name: str) -> bytes:
        result = runner.invoke(main, ["build", "--content", folder, "-o", name])
        assert result.exit_code == 0, result.output
        return (tmp_path / name).read_bytes()

    first = build("first.apkg")
    calls: list[str] = []
    render, load_cached = notes.render, loader.load_cached
    monkeypatch.setattr(notes, "render", lambda catalogue: calls.append("render") or render(catalogue))
    monkeypatch.setattr(loader, "load_cached", lambda *args: calls.append("load") or load_cached(*args))
    assert build("second.apkg") == first
    assert calls == []
    (tmp_path / folder / "quizzes" / "q.yaml").write_text(text.format("GV4 lies below L2."), encoding="utf-8")
    edited = build("third.apkg")
    assert calls == ["load", "render"]
    with zipfile.ZipFile(tmp_path / "third.apkg") as archive:
        assert "GV4 lies below L2." in archive.read("collection.anki2").decode("utf-8", "replace")
    assert edited != first


def test_a_build_right_after_check_reads_the_notes_check_kept(make_folder, tmp_path, monkeypatch) -> None:
    """Counted: `check` renders and caches the notes once; the `build` after it loads no catalogue and renders nothing,
    and writes the same deck, byte for byte, as a build without `check`; content with errors keeps no notes."""
    from massage_quiz.anki import notes
    from massage_quiz.catalogue import cache, loader

    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(T0))
    text = (
        "questions:\n  - id: q-one\n    type: true-false\n    prompt: GV4 lies on the midline.\n    answer: true\n"
        "    explanation: Because.\n    source: WHO Standard Acupuncture Point Locations (2008), p. 1\n"
    )
    folder = make_folder({"quizzes/q.yaml": text})
    runner = CliRunner()
    assert runner.invoke(main, ["build", "--content", folder, "-o", "alone.apkg"]).exit_code == 0
    for kept in cache.cache_dir().glob("notes-*.json"):
        kept.unlink()
    calls: list[str] = []
    each_note, load_cached = notes.each_note, loader.load_cached
    monkeypatch.setattr(notes, "each_note", lambda catalogue: calls.append("render") or each_note(catalogue))
    monkeypatch.setattr(loader, "load_cached", lambda *args: calls.append("load") or load_cached(*args))
    for _ in range(2):  # the second check finds the notes kept already: it renders none again
        assert runner.invoke(main, ["check", "--content", folder]).exit_code == 0
    assert calls == ["load", "render", "load"]
    calls.clear()
    assert runner.invoke(main, ["build", "--content", folder, "-o", "after.apkg"]).exit_code == 0
    assert calls == []
    assert (tmp_path / "after.apkg").read_bytes() == (tmp_path / "alone.apkg").read_bytes()

    for kept in cache.cache_dir().glob("notes-*.json"):
        kept.unlink()
    (tmp_path / folder / "quizzes" / "q.yaml").write_text(text.replace("answer: true", "answer: maybe"), encoding="utf-8")
    for flags in ([], ["--json"]):
        assert runner.invoke(main, ["check", *flags, "--content", folder]).exit_code == 1
    assert list(cache.cache_dir().glob("notes-*.json")) == []


def test_new_card_positions_take_the_kinds_in_turn_seed_first(catalogue) -> None:
    from massage_quiz.anki import order
    from massage_quiz.selection import in_turn

    kinds = [list(catalogue.of(kind)) for kind in catalogue.by_kind]
    seed = in_turn([[e for e in group if "seed" in e.tags] for group in kinds])
    rest = in_turn([[e for e in group if "seed" not in e.tags] for group in kinds])
    expected = {(e.kind, e.id): n for n, e in enumerate(seed + rest, start=1)}
    positions = order.new_positions(catalogue)
    assert {
        (e.kind, e.id): positions[e.kind][n] for e in catalogue.entries() for n in [catalogue.of(e.kind).index(e)]
    } == expected
    assert sorted(expected.values()) == list(range(1, len(expected) + 1))


def test_rebuilding_over_the_last_deck_keeps_unchanged_notes_times(tmp_path, monkeypatch) -> None:
    import sqlite3

    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    for stamp in (T0, T0 + 86400):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(stamp))
        assert runner.invoke(main, ["build"]).exit_code == 0
    with zipfile.ZipFile(tmp_path / "lumbar-back-massage.apkg") as archive:
        (tmp_path / "c.anki2").write_bytes(archive.read("collection.anki2"))
    connection = sqlite3.connect(tmp_path / "c.anki2")
    assert connection.execute("select distinct mod from notes").fetchall() == [(T0,)]
    connection.close()


def test_a_damaged_previous_deck_is_reported(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "old.apkg").write_text("not a zip")
    result = CliRunner().invoke(main, ["build", "--previous", "old.apkg"])
    assert result.exit_code == 1
    assert result.output == (
        "Error: cannot read the previous deck old.apkg: File is not a zip file; use --previous to name another, or delete it\n"
    )
    assert not (tmp_path / "lumbar-back-massage.apkg").exists()


def test_build_prints_a_summary(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    assert result.output == (
        "Wrote lumbar-back-massage.apkg: the course 'Lumbar and back massage', version 0.1.0 (id lumbar-back-massage)\n"
        "  Techniques               5 notes    16 cards\n"
        "  Acupoints               10 notes    31 cards\n"
        "  Contraindications       24 notes    44 cards\n"
        "  Instructor questions   109 notes   109 cards\n"
        "  Total                  148 notes   200 cards\n"
    )
    assert (tmp_path / "lumbar-back-massage.apkg").stat().st_mode & 0o044


def test_content_errors_leave_no_file(make_folder, tmp_path) -> None:
    folder = make_folder({"quizzes/bad.yaml": "questions:\n  - id: x\n"})
    result = CliRunner().invoke(main, ["build", "--content", folder, "-o", "out/deck.apkg"])
    assert result.exit_code == 1
    assert result.output == (
        f"{folder}/quizzes/bad.yaml:2:5: question 'x' is missing required key 'answer'\n"
        f"{folder}/quizzes/bad.yaml:2:5: question 'x' is missing required key 'prompt'\n"
        f"{folder}/quizzes/bad.yaml:2:5: question 'x' is missing required key 'type'\n"
        "3 problems found.\n"
    )
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_failed_write_leaves_the_old_deck_and_no_partial_file(tmp_path, monkeypatch, catalogue) -> None:
    target = build_to(catalogue, tmp_path / "deck.apkg", T0)
    before = target.read_bytes()

    def explode(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(deck, "_write_zip", explode)
    with pytest.raises(MassageQuizError, match=r"cannot write .*deck\.apkg: disk full; nothing was written"):
        deck.build(catalogue, target, T0)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["deck.apkg"]


def test_show_renders_every_card_as_anki_does(col, catalogue, tmp_path) -> None:
    from massage_quiz.anki.preview import card_texts

    import_apkg(col, build_to(catalogue, tmp_path / "d.apkg", T0))

    def words(text: str) -> str:
        # Spacing differs where tags meet text; every visible character must agree.
        return "".join(re.sub(r"[•─]|\[type the answer\]|\b\d+\.", " ", text).split())

    compared = 0
    for entry in catalogue.entries():
        cards = {name: (front, back) for name, front, back in card_texts(entry, catalogue)}
        for template in notetypes.note_type(entry.kind).templates:
            found = col.find_cards(f'"Key:{entry.kind}:{entry.id}" "card:{template.name}"')
            assert (template.name in cards) == bool(found), (entry.id, template.name)
            if found:
                front, back = cards[template.name]
                card = col.get_card(found[0])
                anki_front = re.sub(r"\[\[type:\w+\]\]", "", visible_text(card.question()))
                anki_back = re.sub(r"\[\[type:\w+\]\]", "", visible_text(card.answer()))
                assert words(front) == words(anki_front)
                assert words(back) == words(anki_back)
                compared += 1
    assert compared == 200


def test_the_first_new_cards_mix_the_topics_seed_first(col, catalogue, tmp_path) -> None:
    import_apkg(col, build_to(catalogue, tmp_path / "d.apkg", T0))
    col.decks.select(col.decks.id_for_name(notetypes.DECK_NAME))
    # Anki's default options: 20 new cards a day, gathered deck by deck, sorted by card type.
    assert col.decks.config_dict_for_deck_id(col.decks.selected())["new"]["perDay"] == 20
    first = [col.get_card(queued.card.id) for queued in col.sched.get_queued_cards(fetch_limit=20).cards]
    assert len(first) == 20
    kinds = {card.note()["Key"].split(":")[0] for card in first}
    assert {"technique", "acupoint", "contraindication"} <= kinds
    seed = {f"{e.kind}:{e.id}" for e in catalogue.entries() if "seed" in e.tags}
    assert all(card.note()["Key"] in seed for card in first)


DECK_BEFORE = Path(__file__).parent / "data" / "deck-before-issue-13.apkg"  # built by the release before the card redesign


def test_the_redesigned_cards_reach_a_collection_that_imported_the_old_deck(catalogue, tmp_path) -> None:
    col = Collection(str(tmp_path / "trainee.anki2"))
    import_apkg(col, DECK_BEFORE)
    card = _card(col, "acupoint:shenshu", "Name → code")
    # The old styling and wording, as trainees have them (read from the card: col.models caches).
    assert "night_mode" not in card.question() and "Also written: UB23" in visible_text(card.answer())
    old_deck = card.did
    _review(col, card)
    red_flag = _card(col, "contraindication:cauda-equina-syndrome", "What to do")
    assert 'class="urgent"' not in red_flag.answer()  # the old panel: "refer" alone
    _review(col, red_flag)
    notes, cards = col.note_count(), col.card_count()
    # Entries the content review removed since (pass 4) stay in the trainee's collection, untouched.
    keys = {f"{e.kind}:{e.id}" for e in catalogue.entries()}
    gone = [nid for nid in col.find_notes("") if col.get_note(nid)["Key"] not in keys]
    assert sorted(col.get_note(nid)["Key"] for nid in gone) == ["contraindication:popliteal-fossa", "question:zhishi-distance"]
    gone_cards = sum(len(col.get_note(nid).cards()) for nid in gone)
    # Entries added since (pass 6) arrive as new notes.
    added = keys - {col.get_note(nid)["Key"] for nid in col.find_notes("")}

    log = import_apkg(col, build_to(catalogue, tmp_path / "new.apkg", T0 + 86400))
    # Read back from the file, as the trainee's Anki will on its next start (col.models caches note types).
    col.close()
    col = Collection(str(tmp_path / "trainee.anki2"))

    assert len(log.new) == len(added) and not log.duplicate and len(log.updated) == notes - len(gone)
    # Every facet has its card, once: the contraindications now asked from a client's situation gain
    # their Signs card, and nothing is doubled.
    from massage_quiz.items.compile import items

    assert (col.note_count(), col.card_count()) == (notes + len(added), len(items(catalogue)) + gone_cards)
    assert col.card_count() > cards
    for kind, nt in notetypes.note_types().items():
        model = col.models.get(nt.id)
        assert model["css"] == notetypes.CSS, kind
        assert [(t["name"], t["qfmt"], t["afmt"]) for t in model["tmpls"]] == [(t.name, t.front, t.back) for t in nt.templates]
    ours = sorted(m.name for m in col.models.all_names_and_ids() if m.name.startswith("massage-quiz"))
    assert ours == sorted(nt.name for nt in notetypes.note_types().values())  # no second copy of any note type
    again = col.get_card(card.id)
    assert again.reps == 1 and again.did == old_deck  # its history, and the subdeck the trainee had it in
    assert col.db.scalar("select count() from revlog where cid=?", card.id) == 1
    assert "Older books write UB23" in visible_text(again.answer())
    # A red flag's answer panel now says how urgently the client is sent, on the card the trainee has reviewed.
    red_again = col.get_card(red_flag.id)
    assert red_again.reps == 1 and red_again.note().mid == notetypes.note_types()["contraindication"].id
    urgent = (
        '<div class="urgent">Do not massage; send the client to an emergency department now, to be seen within hours. '
        "Back pain with pain in one leg is not a sign of it on its own.</div>"
    )
    assert f'<div class="answer rule">Do not massage; refer the client{urgent}</div>' in red_again.answer()
    # Every note's tags moved under the one tree (Anki lists the emptied old tags until Check Database).
    kept = [nid for nid in col.find_notes("") if nid not in gone]
    assert all(tag.startswith("massage::") for nid in kept for tag in col.get_note(nid).tags)
    col.close()


def test_night_mode_rules_spell_out_both_classes_without_is() -> None:
    # Older Android web views drop a whole rule that uses :is(); every night rule names both classes.
    assert ":is(" not in notetypes.CSS
    rules = [line for line in notetypes.CSS.splitlines() if "nightMode" in line or "night_mode" in line]
    assert rules and all(("nightMode" in r) == ("night_mode" in r) for r in rules)


def test_a_signs_card_the_content_withdraws_keeps_every_review_and_is_offered_to_empty_cards(col, content_copy, tmp_path) -> None:
    """Issue 25: pregnancy's "What may this be?" card goes (recognise: false) without losing a review."""
    # The deck as built before: no entry said recognise: false, so every contraindication had its Signs card.
    for name in ("contraindications.yaml", "safety.yaml"):
        path = content_copy / "cards" / name
        path.write_text(re.sub(r"\n    recognise: false", "", path.read_text(encoding="utf-8")), encoding="utf-8")
    before = load_copy(content_copy)
    assert all(c.recognise for c in before.contraindications)
    import_apkg(col, build_to(before, tmp_path / "before.apkg", T0))
    rule, signs = _card(col, "contraindication:pregnancy", "What to do"), _card(col, "contraindication:pregnancy", "Signs")
    _review(col, rule)
    _review(col, signs)
    notes, cards = col.note_count(), col.card_count()
    assert not col.get_empty_cards().notes

    after = load()
    withdrawn = {f"contraindication:{c.id}" for c in after.contraindications if not c.recognise}
    assert "contraindication:pregnancy" in withdrawn
    log = import_apkg(col, build_to(after, tmp_path / "after.apkg", T0 + 86400, tmp_path / "before.apkg"))

    assert not log.new and {n.fields[0] for n in log.updated} == withdrawn  # the rest are unchanged (Anki: duplicate)
    assert (col.note_count(), col.card_count()) == (notes, cards)  # Anki deletes no card on import
    assert col.models.get(notetypes.note_types()["contraindication"].id)["flds"][5]["name"] == "Signs"
    for card in (rule, signs):
        again = col.get_card(card.id)
        assert again.reps == 1 and col.db.scalar("select count() from revlog where cid=?", card.id) == 1
    assert col.get_note(rule.nid)["Signs"] == ""
    # Tools → Empty Cards offers exactly the withdrawn Signs cards, and only those.
    empty = {cid for note in col.get_empty_cards().notes for cid in note.card_ids}
    keys = {col.get_card(cid).note()["Key"] for cid in empty}
    assert signs.id in empty and keys == withdrawn
    assert all(col.get_card(cid).template()["name"] == "Signs" for cid in empty)


@given(
    st.sampled_from(["acupoint", "technique", "question", "contraindication"]),
    st.text(st.characters(exclude_categories=("Cs",)), min_size=1),
)
def test_note_guids_are_genankis(kind: str, entry_id: str) -> None:
    import genanki

    assert deck.guid_for(kind, entry_id) == genanki.guid_for("massage-quiz", kind, entry_id)
