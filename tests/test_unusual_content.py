"""Unusual content: every case a located one-line message or a clean load, never a traceback, for every command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from anki.collection import Collection
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from massage_quiz.cli import main

CITED = "WHO Standard Acupuncture Point Locations (2008)"


def question(
    answer: str = "GV4", prompt: str = "Which code has the point below L2 on the midline?", kind: str = "typed", extra: str = ""
) -> str:
    return (
        f"questions:\n  - id: q1\n    type: {kind}\n    prompt: {prompt}\n    answer: {answer}\n{extra}"
        f"    explanation: Because.\n    source: {CITED}\n"
    )


def technique_path(path: str) -> str:
    return (
        "techniques:\n  - id: t1\n    name: Lifting\n    hand_position: Palms.\n"
        f"    direction: From L5 upward along both sides of the spine.\n    path: {path}\n    source: {CITED}\n"
    )


CASES = [
    # YAML 1.1 numbers crashed every command.
    ("quizzes/q.yaml", question(answer="3:1"), None),
    ("quizzes/q.yaml", question(answer="010"), None),
    ("quizzes/q.yaml", question(answer="0x1F"), None),
    (
        "cards/t.yaml",
        technique_path("{start: L5, end: L1, lateral: 1:30}"),
        "cards/t.yaml:6:41: path: lateral: expected a distance in B-cun, such as 1.5 (a decimal number)",
    ),
    (
        "cards/t.yaml",
        technique_path("{start: L5, end: L1, lateral: 1.5, both_sides: 0777}"),
        "cards/t.yaml:6:58: path: both_sides: expected true or false",
    ),
    (
        "cards/t.yaml",
        technique_path("{start: L5, end: L1, lateral: .nan}"),
        "cards/t.yaml:6:41: path: lateral: expected a distance in B-cun, such as 1.5 (a decimal number)",
    ),
    # Characters no trainee can see or type; U+001F made Anki reject the whole deck.
    (
        "quizzes/q.yaml",
        question(prompt='"Which\\x1fcode?"'),
        "quizzes/q.yaml:4:13: prompt: text holds an invisible character U+001F (a control character) at character 6: delete it",
    ),
    (
        "quizzes/q.yaml",
        question(prompt='"Which\\0code?"'),
        "quizzes/q.yaml:4:13: prompt: text holds an invisible character U+0000 (a control character) at character 6: delete it",
    ),
    (
        "quizzes/q.yaml",
        question(prompt='"Which\\x85code?"'),
        "quizzes/q.yaml:4:13: prompt: text holds an invisible character U+0085 (a control character) at character 6: delete it",
    ),
    (
        "quizzes/q.yaml",
        question(answer='"GV\\u200b4"'),
        "quizzes/q.yaml:5:13: answer: text holds an invisible character U+200B (zero width space) at character 3: delete it",
    ),
    (
        "quizzes/q.yaml",
        question(prompt='"Which \\u202ecode?"'),
        "quizzes/q.yaml:4:13: prompt: text holds an invisible character U+202E (right-to-left override) at character 7: delete it",
    ),
    (
        "quizzes/q.yaml",
        question(answer='"\\ufeffGV4"'),
        "quizzes/q.yaml:5:13: answer: text holds an invisible character U+FEFF (zero width no-break space) at character 1: delete it",
    ),
    # Content that could never be answered right.
    (
        "quizzes/q.yaml",
        question(answer="Shеnshū", prompt="Which point is BL23?"),
        "quizzes/q.yaml:5:13: answer: 'Shеnshū' mixes Latin letters with Cyrillic 'е' in 'Shеnshū'",
    ),
    (
        "quizzes/q.yaml",
        question(answer='"?!"'),
        "quizzes/q.yaml:5:13: answer: '?!' has no letter or digit: no typed answer can ever match it",
    ),
    (
        "quizzes/q.yaml",
        question(answer="q"),
        "quizzes/q.yaml:5:13: answer: 'q' is the word that ends the drill: no trainee can give it as an answer",
    ),
    (
        "quizzes/q.yaml",
        question(answer='"2"', kind="choice", extra='    distractors: ["1", "3"]\n'),
        "quizzes/q.yaml:5:13: answer: '2' is a number, and a number typed at a choice question picks an option by its position",
    ),
    # Deep nesting hit Python's recursion limit.
    (
        "quizzes/q.yaml",
        "questions: " + "[" * 1000 + "]" * 1000 + "\n",
        "quizzes/q.yaml:1:43: lists and mappings nested more than 32 deep",
    ),
]


@pytest.mark.parametrize(("relative", "text", "message"), CASES)
@pytest.mark.parametrize("command", [["check"], ["build", "-o", "out.apkg"], ["list"], ["drill", "--limit", "1"]])
def test_unusual_content(make_folder, tmp_path: Path, relative: str, text: str, message: str | None, command: list[str]) -> None:
    folder = make_folder({relative: text})
    result = CliRunner().invoke(main, [*command, "--content", folder], input="q\n")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output and "unexpected error" not in result.output
    if message is None:
        assert result.exit_code == 0, result.output
    else:
        assert result.exit_code == 1
        assert f"{folder}/{message}" in result.output
        assert not (tmp_path / "out.apkg").exists()


def test_a_file_name_that_is_not_utf8(make_folder, tmp_path: Path) -> None:
    folder = make_folder({})
    name = "第三周.yaml".encode("gbk")
    (tmp_path / folder / "quizzes").joinpath(name.decode("utf-8", "surrogateescape")).write_text(
        question(answer="maybe", kind="true-false")
    )
    for command in (["check"], ["drill", "--limit", "1"], ["list"]):
        result = CliRunner().invoke(main, [*command, "--content", folder], input="q\n")
        assert result.exit_code == 1, result.output
        assert result.output.startswith(
            f"{folder}/quizzes/\\xb5\\xda\\xc8\\xfd\\xd6\\xdc.yaml:5:13: answer: a true-false question needs"
        )


@pytest.mark.parametrize(
    ("markup", "shows"),
    [
        ("Listen: [sound:evil.mp3]", "Listen: [sound:evil.mp3]"),
        ("Formula [$]x^2[/$] here", "Formula [$]x^2[/$] here"),
        ("Formula [latex]x^2[/latex] here", "Formula [latex]x^2[/latex] here"),
        ("Inline \\(x^2\\) and display \\[y\\]", "Inline \\(x^2\\) and display \\[y\\]"),
    ],
)
def test_anki_markup_in_content_stays_text(make_folder, tmp_path: Path, markup: str, shows: str) -> None:
    import html as entities

    from test_deck import import_apkg

    folder = make_folder({"quizzes/q.yaml": question(prompt=f"'{markup}'")})
    assert CliRunner().invoke(main, ["build", "-o", "deck.apkg", "--content", folder]).exit_code == 0
    col = Collection(str(tmp_path / "c.anki2"))
    try:
        import_apkg(col, tmp_path / "deck.apkg")
        (card_id,) = col.find_cards('"Key:question:q1"')
        card = col.get_card(card_id)
        body = card.question().split("</style>")[-1]
        assert not card.question_av_tags()  # nothing to play
        assert "latex-" not in body  # no LaTeX image made
        assert not re.search(r"\[(sound:|\$\]|latex\])|\\[(\[]", body)  # no tag, no MathJax delimiter, in the HTML
        assert shows in entities.unescape(re.sub(r"<[^>]+>", "", body))  # yet it reads as written
    finally:
        col.close()


def test_only_texts_holding_a_bracket_or_a_backslash_are_searched_for_markup(
    make_folder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every field of every note is escaped: the markup search, a regular expression, runs only where markup can be."""
    from massage_quiz.catalogue.folders import all_folders
    from massage_quiz.catalogue.loader import load_folders
    from massage_quiz.facets import fields
    from massage_quiz.facets.table import TABLE

    searched: list[str] = []
    real = fields._ANKI_MARKUP

    class Counting:
        def sub(self, replace: object, text: str) -> str:
            searched.append(text)
            return real.sub(replace, text)  # type: ignore[arg-type]

    monkeypatch.setattr(fields, "_ANKI_MARKUP", Counting())
    folder = make_folder({"quizzes/q.yaml": question(prompt="'Listen: [sound:evil.mp3]'")})
    catalogue = load_folders(all_folders((folder,)))
    for entry in catalogue.entries():
        TABLE[entry.kind].values(entry, catalogue)
    assert searched == ["Listen: [sound:evil.mp3]"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list("questions:- id[]{}'\"#&*!|>%@`\\ \n\t:x1.0qé肾\x1f\u200b")), max_size=120))
def test_arbitrary_yamlish_text_never_gives_a_traceback(make_folder, text: str) -> None:
    folder = make_folder({"quizzes/q.yaml": text})
    result = CliRunner().invoke(main, ["check", "--content", folder])
    assert result.exit_code in (0, 1, 2), (text, result.output, result.exception)
    assert "Traceback" not in result.output and "unexpected error" not in result.output
