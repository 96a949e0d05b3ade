"""``massage-quiz check``: every kind of bad input is reported with its place."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from massage_quiz.catalogue.yamlreader import MAX_FILE_BYTES
from massage_quiz.cli import main

BUNDLED_SUMMARY = "OK: 5 techniques, 10 acupoints, 24 contraindications, 109 questions from 12 files in 1 folder.\n"

GOOD_QUESTION = """\
questions:
  - id: my-question
    type: typed
    prompt: What is the WHO code of the point 1.5 B-cun lateral to the lower border of L2?
    answer: BL23
    acupoint: shenshu
    source: WHO Standard Acupuncture Point Locations (2008)
    explanation: Shènshū is Bladder 23.
"""

# (file, text, expected problem lines with the path relative to the folder)
BAD_INPUTS = [
    pytest.param(
        "quizzes/q.yaml",
        "questions:\n  - id: a\n    type: typed\n    prompt: [oops\n",
        ["quizzes/q.yaml:5:1: YAML syntax error: did not find expected ',' or ']'"],
        id="syntax-error",
    ),
    pytest.param(
        "quizzes/q.yaml",
        GOOD_QUESTION.replace("prompt: What is", "prompt: Code: what is"),
        [
            "quizzes/q.yaml:4:17: YAML syntax error: mapping values are not allowed in this context (text that contains ': ' must be put in quotes)"
        ],
        id="colon-in-plain-text",
    ),
    pytest.param(
        "quizzes/q.yaml",
        GOOD_QUESTION + "    prompt: again\n",
        ["quizzes/q.yaml:9:5: duplicate key 'prompt' (first at line 4)"],
        id="duplicate-key",
    ),
    pytest.param(
        "quizzes/q.yaml",
        GOOD_QUESTION + "    explaination: x\n",
        ["quizzes/q.yaml:9:5: unknown key 'explaination' in a question (did you mean 'explanation'?)"],
        id="unknown-key",
    ),
    pytest.param(
        "quizzes/q.yaml",
        GOOD_QUESTION.replace("type: typed", "type: multiple"),
        ["quizzes/q.yaml:3:11: type: 'multiple' is not one of: typed, choice, true-false, order"],
        id="bad-type",
    ),
    pytest.param(
        "quizzes/q.yaml",
        GOOD_QUESTION.replace(
            "prompt: What is the WHO code of the point 1.5 B-cun lateral to the lower border of L2?", "prompt: [a, b]"
        ),
        ["quizzes/q.yaml:4:13: prompt: expected text, found a list"],
        id="wrong-type",
    ),
    pytest.param(
        "quizzes/q.yaml",
        GOOD_QUESTION.replace("    answer: BL23\n", ""),
        ["quizzes/q.yaml:2:5: question 'my-question' is missing required key 'answer'"],
        id="missing-field",
    ),
    pytest.param(
        "quizzes/q.yaml",
        GOOD_QUESTION.replace("id: my-question", "id: bl54-is-not-weizhong"),
        [
            "quizzes/q.yaml:2:9: duplicate question id 'bl54-is-not-weizhong': already defined at {bundled}/quizzes/acupoints.yaml:9:9"
        ],
        id="duplicate-id-across-folders",
    ),
    pytest.param(
        "quizzes/q.yaml",
        GOOD_QUESTION.replace("acupoint: shenshu", "acupoint: shenshuu"),
        [
            "quizzes/q.yaml:6:15: acupoint: no acupoint has the id, code or name 'shenshuu' (did you mean 'shenshu', Shènshū (BL23)?)"
        ],
        id="missing-reference",
    ),
    pytest.param(
        "quizzes/q.yaml",
        GOOD_QUESTION.replace("id: my-question", "id: My Question"),
        ["quizzes/q.yaml:2:9: id: id 'My Question' must be lowercase words joined by hyphens, e.g. 'palm-pushing'"],
        id="bad-id",
    ),
    pytest.param(
        "quizzes/q.yaml",
        GOOD_QUESTION + "    tags: [hand position]\n",
        ["quizzes/q.yaml:9:12: tags: tag 'hand position' must be lowercase letters, digits and hyphens, with no spaces"],
        id="tag-with-space",
    ),
    pytest.param(
        "cards/a.yaml",
        "acupoints:\n  - id: x\n    code: BL70\n    pinyin: X\n    location: Y\n",
        ["cards/a.yaml:3:11: code: 'BL70' is not a WHO code: the Bladder meridian has points BL1 to BL67"],
        id="code-out-of-range",
    ),
    pytest.param(
        "cards/a.yaml",
        "acupoints:\n  - id: x\n    code: XY3\n    pinyin: X\n    location: Y\n",
        [
            "cards/a.yaml:3:11: code: 'XY3' is not a WHO code: unknown prefix 'XY' (WHO prefixes: LU, LI, ST, SP, HT, SI, BL, KI, PC, TE, GB, LR, GV, CV)"
        ],
        id="code-unknown-prefix",
    ),
    pytest.param(
        "cards/a.yaml",
        "acupoints:\n  - id: x\n    code: UB23\n    pinyin: X\n    location: Y\n",
        ["cards/a.yaml:3:11: code: write the code as 'BL23', the WHO spelling (list other spellings under code_spellings)"],
        id="code-old-spelling",
    ),
    pytest.param(
        "cards/a.yaml",
        "acupoints:\n  - id: x\n    code: EX-Q1\n    pinyin: X\n    location: Y\n",
        [
            "cards/a.yaml:3:11: code: 'EX-Q1' is not an extra-point code: use one of EX-HN, EX-CA, EX-B, EX-UE, EX-LE followed by a number, e.g. EX-B7"
        ],
        id="code-bad-extra",
    ),
    pytest.param(
        "cards/a.yaml",
        "acupoints:\n  - id: x\n    code: BL40\n    code_spellings: [UB40, BL54]\n    pinyin: X\n    location: Y\n",
        ["cards/a.yaml:4:21: code_spellings: 'BL54' is BL54, a different point from BL40"],
        id="spelling-of-another-point",
    ),
    pytest.param("quizzes/q.yaml", "", ["quizzes/q.yaml:1:1: file is empty"], id="empty-file"),
    pytest.param("quizzes/q.yaml", "# only a comment\n", ["quizzes/q.yaml:1:1: file is empty"], id="comment-only-file"),
    pytest.param(
        "quizzes/q.yaml",
        "questions:\n  - id: caf\xe9\n".encode("latin-1"),
        ["quizzes/q.yaml:2:12: file is not UTF-8 text (byte 0xe9); save it as UTF-8"],
        id="not-utf8",
    ),
    pytest.param(
        "quizzes/q.yaml",
        "questions:\n\t- id: a\n",
        ["quizzes/q.yaml:2:1: tab used for indentation; indent with spaces"],
        id="tab-indent",
    ),
    pytest.param(
        "quizzes/q.yaml",
        GOOD_QUESTION.replace("prompt: What", "prompt: &p What"),
        ["quizzes/q.yaml:4:13: anchors (&p) are not allowed: write each value out"],
        id="anchor",
    ),
    pytest.param(
        "quizzes/q.yaml",
        "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n",
        ["quizzes/q.yaml:1:4: anchors (&a) are not allowed: write each value out"],
        id="alias-bomb",
    ),
    pytest.param(
        "quizzes/q.yaml",
        GOOD_QUESTION.replace("answer: BL23", "answer: !!python/object:os.system x"),
        ["quizzes/q.yaml:5:13: YAML tags (!!python/object:os.system) are not allowed"],
        id="python-tag",
    ),
    pytest.param(
        "quizzes/q.yaml",
        GOOD_QUESTION + "---\nquestions: []\n",
        ["quizzes/q.yaml:9:1: only one YAML document per file: remove the '---' line"],
        id="two-documents",
    ),
    pytest.param(
        "quizzes/q.yaml",
        "questoins:\n  - id: a\n",
        ["quizzes/q.yaml:1:1: unknown section 'questoins' in quizzes/: expected 'questions:' (did you mean 'questions'?)"],
        id="unknown-section",
    ),
    pytest.param(
        "quizzes/q.yaml",
        "acupoints: []\n",
        ["quizzes/q.yaml:1:1: unknown section 'acupoints' in quizzes/: expected 'questions:' (acupoints belong in cards/)"],
        id="section-in-wrong-folder",
    ),
    pytest.param(
        "quizzes/q.yaml",
        "- id: a\n",
        ["quizzes/q.yaml:1:1: a file in quizzes/ must start with 'questions:' and a list of entries"],
        id="list-at-top",
    ),
    pytest.param(
        "quizzes/q.yaml",
        "questions:\n  id: a\n",
        ["quizzes/q.yaml:2:3: questions: expected a list of entries (each starting with '- id:'), found a mapping (key: value)"],
        id="mapping-not-list",
    ),
    pytest.param(
        "quizzes/q.yaml",
        GOOD_QUESTION.replace("type: typed", "type: true-false"),
        ["quizzes/q.yaml:5:13: answer: a true-false question needs the answer true or false"],
        id="true-false-needs-bool",
    ),
    pytest.param(
        "quizzes/q.yaml",
        GOOD_QUESTION.replace("type: typed", "type: choice"),
        ["quizzes/q.yaml:5:13: a choice question needs distractors: a list of wrong options"],
        id="choice-needs-distractors",
    ),
    pytest.param(
        "quizzes/q.yaml",
        GOOD_QUESTION.replace("type: typed", "type: order"),
        ["quizzes/q.yaml:5:13: answer: an order question needs a list of at least two steps, in the right order"],
        id="order-needs-list",
    ),
    pytest.param(
        "quizzes/q.yaml",
        GOOD_QUESTION + "    distractors: [BL25]\n",
        ["quizzes/q.yaml:9:18: distractors: only choice questions have distractors, not typed"],
        id="distractors-on-typed",
    ),
    pytest.param(
        "quizzes/q.yaml",
        GOOD_QUESTION + "    technique: palm-pushing\n",
        ["quizzes/q.yaml:9:16: a question is about one entry: give only one of acupoint, technique"],
        id="two-abouts",
    ),
    pytest.param(
        "cards/c.yaml",
        "contraindications:\n  - id: x\n    condition: Y\n    rule: refers\n",
        [
            "cards/c.yaml:4:11: rule: 'refers' is not one of: refer, postpone, avoid-area, physician, adapt (did you mean 'refer'?)"
        ],
        id="bad-rule",
    ),
]


def _run(args: list[str]):
    return CliRunner().invoke(main, args)


def test_bundled_content_is_clean() -> None:
    result = _run(["check"])
    assert result.exit_code == 0, result.output
    assert result.output == BUNDLED_SUMMARY


@pytest.mark.parametrize(("relative", "text", "expected"), BAD_INPUTS)
def test_bad_input_is_reported_with_its_place(make_folder, relative, text, expected) -> None:
    from massage_quiz.catalogue.folders import bundled_folder

    folder = make_folder({relative: text})
    result = _run(["check", "--content", folder])
    bundled = bundled_folder().display(bundled_folder().path / "x").rsplit("/", 1)[0]
    lines = [f"{folder}/{line.format(bundled=bundled)}" for line in expected]
    count = len(lines)
    # Syntax errors also quote their line with a caret under the place (indented; see the YAML mistakes table).
    shown = "".join(line + "\n" for line in result.output.splitlines() if not line.startswith("    "))
    assert shown == "\n".join(lines) + f"\n{count} problem{'s' if count > 1 else ''} found.\n"
    assert result.exit_code == 1
    assert "Traceback" not in result.output


def test_every_problem_in_one_run(make_folder) -> None:
    folder = make_folder(
        {
            "quizzes/a.yaml": GOOD_QUESTION.replace("acupoint: shenshu", "acupoint: nowhere"),
            "quizzes/b.yaml": "questions:\n\t- x\n",
            "cards/c.yaml": "acupoints:\n  - id: y\n    code: BL99\n    pinyin: Y\n",
        }
    )
    result = _run(["check", "--content", folder])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{folder}/cards/c.yaml:2:5: acupoint 'y' is missing required key 'location'",
        f"{folder}/cards/c.yaml:3:11: code: 'BL99' is not a WHO code: the Bladder meridian has points BL1 to BL67",
        f"{folder}/quizzes/a.yaml:6:15: acupoint: no acupoint has the id, code or name 'nowhere'",
        f"{folder}/quizzes/b.yaml:2:1: tab used for indentation; indent with spaces",
        "4 problems found.",
    ]


def test_enormous_file_is_refused_unread(make_folder, tmp_path) -> None:
    folder = make_folder({"quizzes/big.yaml": "questions: []\n"})
    big = tmp_path / folder / "quizzes" / "big.yaml"
    with big.open("ab") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    result = _run(["check", "--content", folder])
    assert result.exit_code == 1
    assert result.output == (
        f"{folder}/quizzes/big.yaml:1:1: file is too large ({MAX_FILE_BYTES + 1:,} bytes; "
        f"the limit is {MAX_FILE_BYTES:,}); split it into several files\n1 problem found.\n"
    )


def test_instructor_folder_is_layered_over_bundled_content(make_folder) -> None:
    folder = make_folder({"quizzes/week1.yaml": GOOD_QUESTION})
    result = _run(["check", "--content", folder])
    assert result.exit_code == 0, result.output
    assert result.output == "OK: 5 techniques, 10 acupoints, 24 contraindications, 110 questions from 13 files in 2 folders.\n"


def test_content_folders_from_the_environment(make_folder, tmp_path, monkeypatch) -> None:
    one = make_folder({"quizzes/a.yaml": GOOD_QUESTION}, name="one")
    two = make_folder(
        {"quizzes/b.yaml": GOOD_QUESTION.replace("my-question", "other").replace("of L2", "of L2, on the right")}, name="two"
    )
    monkeypatch.setenv("MASSAGE_QUIZ_CONTENT", f"{one}:{two}")
    result = _run(["check"])
    assert result.output == "OK: 5 techniques, 10 acupoints, 24 contraindications, 111 questions from 14 files in 3 folders.\n"


def test_same_id_in_two_instructor_folders_names_both(make_folder) -> None:
    one = make_folder({"quizzes/a.yaml": GOOD_QUESTION}, name="one")
    two = make_folder({"quizzes/b.yaml": GOOD_QUESTION}, name="two")
    result = _run(["check", "--content", one, "--content", two])
    assert result.exit_code == 1
    assert (
        result.output
        == "two/quizzes/b.yaml:2:9: duplicate question id 'my-question': already defined at one/quizzes/a.yaml:2:9\n1 problem found.\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "--content", "missing"], "Error: content folder 'missing' does not exist or is not a folder\n"),
        (["check", "--frobnicate"], "Error: No such option"),
    ],
)
def test_usage_errors_exit_2(args, message, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = _run(args)
    assert result.exit_code == 2
    assert message in result.output


def test_folder_without_cards_or_quizzes_is_a_usage_error(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    result = _run(["check", "--content", "empty"])
    assert result.exit_code == 2
    assert result.output == "Error: content folder 'empty' has neither a cards/ nor a quizzes/ folder\n"
