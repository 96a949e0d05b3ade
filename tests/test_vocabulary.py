"""The domain's words (kinds, forms, question types, rules) and facet ids: each defined once, and everything agreeing with it."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from massage_quiz.bodymap import LANDMARKS, REGIONS, Region
from massage_quiz.catalogue.folders import all_folders
from massage_quiz.catalogue.ids import FacetParts, facet_id, kind_of, parse
from massage_quiz.catalogue.kinds import KINDS, QUESTION_TYPES, RULES, EntryKind, Form, QuestionType, Rule
from massage_quiz.catalogue.loader import load_folders
from massage_quiz.drill import asking
from massage_quiz.facets.table import TABLE, facet_of
from massage_quiz.items.compile import items
from massage_quiz.items.load import _item

PART = st.text(st.characters(blacklist_characters="/", blacklist_categories=("Cs",)), min_size=1, max_size=12)


@given(PART, PART, st.one_of(st.just(""), PART))
def test_a_facet_id_parses_back_into_the_parts_it_was_made_from(kind: str, entry: str, facet: str) -> None:
    made = facet_id(kind, entry, facet)
    assert parse(made) == FacetParts(kind, entry, facet)
    assert kind_of(made) == kind


@pytest.mark.parametrize("text", ["", "acupoint", "a/b/c/d", "acupoint/shenshu/code/extra"])
def test_text_of_another_shape_is_no_facet_id(text: str) -> None:
    assert parse(text) is None


def test_the_tables_of_plain_words_are_the_enums_values() -> None:
    # Plain strings, not members: they reach click's choices, YAML and repr() in error messages.
    assert [kind.name for kind in KINDS] == list(EntryKind) and all(type(kind.name) is str for kind in KINDS)
    assert list(RULES) == list(Rule) and all(type(rule) is str for rule in RULES)
    assert tuple(QuestionType) == QUESTION_TYPES and all(type(kind) is str for kind in QUESTION_TYPES)
    assert set(TABLE) == set(EntryKind)
    assert {str(form) for form in Form} == {*QUESTION_TYPES, "recall"}
    assert tuple(Region) == REGIONS and all(type(region) is str for region in REGIONS)
    assert set(LANDMARKS) == set(Region) - {Region.LOWER_BACK}  # the lower back is found by its level, not a landmark


def test_every_form_has_its_own_prompt() -> None:
    (item, *_) = items(load_folders(all_folders()))
    prompts = [asking.answer_prompt(item._replace(form=form)) for form in Form]
    assert len(set(prompts)) == len(Form)


def test_every_item_id_names_its_entry_and_a_facet_of_the_table_and_survives_the_cache() -> None:
    compiled = items(load_folders(all_folders()))
    assert {item.form for item in compiled} == set(Form)
    for item in compiled:
        parts = parse(item.id)
        assert parts is not None, item.id
        assert (parts.kind, parts.entry) == item.entry
        assert parts.facet in [facet.name for facet in TABLE[parts.kind].facets], item.id
        again = _item(json.loads(json.dumps(list(item))))
        assert again == item and type(again.form) is Form
        if item.form == Form.CHOICE:
            assert item.options[item.right_option()] in (item.answer, *item.accept)
        if item.form == Form.ORDER:
            assert sorted(item.right_order()) == list(range(len(item.options)))


def test_the_sections_the_table_names_are_the_sections_a_sheet_prints() -> None:
    from massage_quiz.sheet.questions import CODES, MAPS, NAMES, SECTIONS, SITUATIONS, section_of

    papers = {facet.paper for table in TABLE.values() for facet in table.facets} - {""}
    assert papers == {MAPS, CODES, NAMES, SITUATIONS} and papers <= set(SECTIONS)
    compiled = items(load_folders(all_folders()))
    assert {section_of(item) for item in compiled} == set(SECTIONS)
    assert all(facet_of(item.id) is not None for item in compiled)


def test_note_fields_are_joined_to_the_note_type_by_name_and_a_disagreement_is_refused() -> None:
    import attrs

    catalogue = load_folders(all_folders())
    for kind, table in TABLE.items():
        entry = catalogue.of(kind)[0]
        named = table.field_values(entry, catalogue)
        assert tuple(named) == table.fields and table.values(entry, catalogue) == list(named.values())
        swapped = attrs.evolve(table, fields=(table.fields[1], table.fields[0], *table.fields[2:]))
        with pytest.raises(AssertionError, match="not the note type's"):
            swapped.values(entry, catalogue)


def test_an_entrys_keys_are_its_records_attributes_and_a_disagreement_is_refused() -> None:
    import attrs

    from massage_quiz.catalogue import specs

    for spec in specs.SPECS.values():
        attributes = {a.name: a for a in attrs.fields(spec.record) if a.name != "origin"}
        assert {f.name for f in spec.fields} == set(attributes)
        assert {f.name for f in spec.fields if f.required} == {n for n, a in attributes.items() if a.default is attrs.NOTHING}
    assert [f.name for f in specs.TECHNIQUE.fields if f.required] == ["id", "name", "hand_position"]
    with pytest.raises(TypeError, match="are not the Technique record's"):
        specs._spec("technique", specs.TECHNIQUE.record, specs.TECHNIQUE.fields[:-1])


@pytest.mark.parametrize("form", ["essay", "Typed", ["typed"], None])
def test_a_cached_item_of_a_form_this_version_does_not_know_is_not_trusted(form: object) -> None:
    (item, *_) = items(load_folders(all_folders()))
    row = json.loads(json.dumps(list(item)))
    row[2] = form
    with pytest.raises((ValueError, TypeError)):
        _item(row)
