"""The YAML mistakes a non-programmer makes: each gets a message that says what to do, the line and a caret."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from massage_quiz.cli import main

HEAD = "questions:\n  - id: q1\n    type: typed\n"
TAIL = "    answer: GV4\n    explanation: GV4 is below L2.\n    source: WHO Standard Acupuncture Point Locations (2008)\n"


@pytest.mark.parametrize(
    ("text", "message", "excerpt"),
    [
        pytest.param(
            HEAD + "     prompt: Which code?\n" + TAIL,
            "quizzes/q.yaml:4:6: this key is indented 1 space more than the key on line 3: the keys of one entry start in the same column",
            "         prompt: Which code?\n         ^",
            id="one-space-too-many",
        ),
        pytest.param(
            HEAD + "   prompt: Which code?\n" + TAIL,
            "quizzes/q.yaml:4:4: this key is indented 1 space less than the key on line 3: the keys of one entry start in the same column",
            "       prompt: Which code?\n       ^",
            id="one-space-too-few",
        ),
        pytest.param(
            HEAD + "      prompt: Which code?\n" + TAIL,
            "quizzes/q.yaml:4:7: this key is indented 2 spaces more than the key on line 3",
            "          prompt: Which code?\n          ^",
            id="two-spaces-too-many",
        ),
        pytest.param(
            HEAD + "    prompt Which code?\n" + TAIL,
            "quizzes/q.yaml:4:5: a key needs a colon after it: write 'prompt: ...'",
            "        prompt Which code?\n        ^",
            id="missing-colon",
        ),
        pytest.param(
            HEAD + "    prompt: Which code?\n" + TAIL + "    id: q2\n    type: typed\n    prompt: Which other?\n" + TAIL,
            "quizzes/q.yaml:8:5: a second 'id:' in one entry (the first is at line 2): if a new entry starts here, begin its first line with '- '",
            "        id: q2\n        ^",
            id="forgotten-dash",
        ),
        pytest.param(
            HEAD
            + "    prompt: Is GV4 on the midline? Say yes or no.\n    answer: no\n    explanation: It is.\n    source: WHO Standard Acupuncture Point Locations (2008)\n",
            "quizzes/q.yaml:5:13: answer: YAML reads a bare yes, no, on, off, true or false as true/false: put the answer in quotes, e.g. answer: 'no'",
            None,
            id="answer-no",
        ),
        pytest.param(
            HEAD + "    prompt: Code: which is it?\n" + TAIL,
            "quizzes/q.yaml:4:17: YAML syntax error: mapping values are not allowed in this context (text that contains ': ' must be put in quotes)",
            "        prompt: Code: which is it?\n                    ^",
            id="colon-in-text",
        ),
    ],
)
def test_a_real_mistake_gets_a_message_that_says_what_to_do(make_folder, text: str, message: str, excerpt: str | None) -> None:
    folder = make_folder({"quizzes/q.yaml": text})
    result = CliRunner().invoke(main, ["check", "--content", folder])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith(f"{folder}/{message}")
    if excerpt is not None:
        assert "\n".join(lines[1:3]) == excerpt
    assert lines[-1] == "1 problem found."


@pytest.mark.parametrize("reference", ["mingmen", "GV4", "gv 4", "Du4", "Mingmen", "Mìngmén", "命门", "Gate of Life"])
def test_a_reference_may_use_the_id_the_code_or_a_name(make_folder, reference: str) -> None:
    from massage_quiz.catalogue.loader import load

    folder = make_folder(
        {
            "quizzes/q.yaml": "questions:\n  - id: q1\n    type: true-false\n    prompt: It lies on the posterior midline.\n"
            f"    answer: true\n    acupoint: {reference}\n    explanation: x\n    source: WHO Standard Acupuncture Point Locations (2008)\n"
        }
    )
    assert load((folder,)).get("question", "q1").acupoint == "mingmen"  # type: ignore[union-attr]
