"""Concepts the code once defined twice, now defined once: each test would have caught the two copies disagreeing."""

from __future__ import annotations

import pytest

from massage_quiz import characters, output

EVERY_CHARACTER = [chr(n) for n in range(0x3000)] + [chr(n) for n in range(0xFE00, 0x10000)]


def test_content_that_loads_prints_unchanged_so_every_character_output_strips_is_refused_by_content() -> None:
    stripped = {c for c in EVERY_CHARACTER if output.clean(c) == ""}
    assert stripped  # the control characters, DEL, the bidirectional overrides
    assert {c for c in stripped if not characters.INVISIBLE.match(c)} == set()
    assert {c for c in stripped if not characters.ONE_LINE_UNPRINTABLE.match(c)} == set()


def test_a_one_line_name_refuses_what_output_strips_and_tab_and_newline_besides() -> None:
    refused = {c for c in EVERY_CHARACTER if characters.ONE_LINE_UNPRINTABLE.match(c)}
    assert refused == {c for c in EVERY_CHARACTER if output.clean(c) == ""} | {"\t", "\n"}


@pytest.mark.parametrize("char", ["\u00ad", "\u200b", "\u200e", "\u2060", "\ufeff", "\u001f"])
def test_content_refuses_what_no_trainee_can_see_or_type(char: str) -> None:
    from massage_quiz.catalogue.specs import _invisible_problem

    assert _invisible_problem(f"Shen{char}shu") is not None
    assert _invisible_problem("Shenshu\tand\nmore") is None
