"""check's guard rails against content that loads but would teach badly: each a warning at its place, an error with --strict."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from massage_quiz.catalogue.lint import answer_stands_out, balanced, not_a_citation
from massage_quiz.catalogue.records import Question
from massage_quiz.cli import main

CITED = "WHO Standard Acupuncture Point Locations (2008)"


def question(body: str, qid: str = "q-one") -> str:
    return f"  - id: {qid}\n{body}    explanation: Because.\n    source: {CITED}\n"


@pytest.mark.parametrize(
    ("questions", "message"),
    [
        pytest.param(
            question(
                "    type: choice\n    prompt: Which is another name for tapping?\n    answer: Slapping\n"
                "    distractors: [Percussion (击法, jī fǎ), Kneading]\n    technique: tapping\n"
            ),
            "quizzes/q.yaml:6:18: warning: distractors: 'Percussion (击法' has unbalanced brackets",
            id="flow-list-split-inside-brackets",
        ),
        pytest.param(
            question("    type: typed\n    prompt: Which point is level with L4, lateral?\n    answer: bl 25\n"),
            "quizzes/q.yaml:5:13: warning: answer 'bl 25' is the code BL25: the drill accepts it in any spelling and shows BL25;"
            " write 'BL25'",
            id="a-code-answer-not-written-the-who-way",
        ),
        pytest.param(
            question("    type: typed\n    prompt: Which point is Dàchángshū?\n    answer: BL70\n"),
            "quizzes/q.yaml:5:13: warning: answer 'BL70' is not a WHO code: the Bladder meridian has points BL1 to BL67",
            id="a-code-answer-that-is-no-who-code",
        ),
        pytest.param(
            question("    type: typed\n    prompt: Which extra point is Yāoyǎn?\n    answer: EX-Q7\n"),
            "quizzes/q.yaml:5:13: warning: answer 'EX-Q7' is not an extra-point code",
            id="an-extra-point-answer-that-is-no-code",
        ),
        pytest.param(
            question("    type: typed\n    prompt: Older books write Du4. What is its code?\n    answer: GV4\n"),
            "quizzes/q.yaml:4:13: warning: the prompt gives the answer away: 'Du4' is GV4, the answer",
            id="older-spelling-of-the-code-in-the-prompt",
        ),
        pytest.param(
            question(
                "    type: typed\n    prompt: Percussion strikes with the hypothenar eminence. With what?\n    answer: Hypothenar eminence\n"
            ),
            "quizzes/q.yaml:4:13: warning: the prompt gives the answer away: it contains 'Hypothenar eminence'",
            id="text-answer-in-the-prompt",
        ),
        pytest.param(
            question("    type: typed\n    prompt: Which code has Shènshū (肾俞)?\n    answer: UB23\n    acupoint: shenshu\n"),
            "quizzes/q.yaml:2:9: warning: question 'q-one' repeats the card 'Name → code' of acupoint 'shenshu'",
            id="repeats-the-code-card",
        ),
        pytest.param(
            question("    type: true-false\n    prompt: GV4 lies on the midline.\n    answer: true\n", "q-one")
            + question("    type: true-false\n    prompt: GV4 lies on the midline.\n    answer: true\n", "q-two"),
            "quizzes/q.yaml:8:9: warning: question/q-two asks the same question as question/q-one: reword one of them",
            id="same-prompt-twice",
        ),
        pytest.param(
            question(
                "    type: choice\n    prompt: Where do supports go for a prone client?\n"
                "    answer: Under the ankles, and as needed the pelvis and sternum, sized with the client\n"
                "    distractors: [Nowhere, Under the head only]\n"
            ),
            "quizzes/q.yaml:5:13: warning: the answer (77 characters) is much longer than every wrong option (at most 19)",
            id="answer-given-away-by-its-length",
        ),
        pytest.param(
            "  - id: q-one\n    type: true-false\n    prompt: GV4 lies on the midline.\n    answer: true\n"
            "    explanation: x\n    source: 'Seed article: Zhang Xiuhong'\n",
            "quizzes/q.yaml:7:13: warning: source 'Seed article: Zhang Xiuhong' is a note to the project, not a citation",
            id="internal-source",
        ),
        pytest.param(
            "  - id: q-one\n    type: true-false\n    prompt: GV4 lies on the midline.\n    answer: true\n"
            "    explanation: x\n    source: test\n",
            "quizzes/q.yaml:7:13: warning: source 'test' does not read as a citation",
            id="not-a-citation",
        ),
    ],
)
def test_each_guard_rail_warns_at_its_place_and_fails_strict(make_folder, questions: str, message: str) -> None:
    folder = make_folder({"quizzes/q.yaml": "questions:\n" + questions})
    result = CliRunner().invoke(main, ["check", "--content", folder])
    assert result.exit_code == 0, result.output
    assert f"{folder}/{message}" in result.output
    strict = CliRunner().invoke(main, ["check", "--strict", "--content", folder])
    assert strict.exit_code == 1
    assert "--strict treats them as errors" in strict.output


def test_the_bundled_content_passes_strict() -> None:
    result = CliRunner().invoke(main, ["check", "--strict"])
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("Percussion (击法, jī fǎ)", True),
        ("Percussion (击法", False),
        ("jī fǎ)", False),
        ("a [b (c)] d", True),
        ("a (b]", False),
        ("《中医辞海》", True),
    ],
)
def test_balanced(text: str, ok: bool) -> None:
    assert balanced(text) is ok


@pytest.mark.parametrize(
    ("source", "ok"),
    [
        ('Zhang Xiuhong, "What are the methods for lumbar and back massage?", Cainiu Health, 2025-05-08', True),
        ("WHO Standard Acupuncture Point Locations in the Western Pacific Region (WHO WPRO 2008)", True),
        ("Deadman, A Manual of Acupuncture", True),
        ("WHO", False),
        ("Class notes", False),
        ("project content facts", False),
        ("github.com/someone/tcm-points", False),
    ],
)
def test_what_reads_as_a_citation(source: str, ok: bool) -> None:
    assert (not_a_citation(source) is None) is ok


@pytest.mark.parametrize(
    ("answer", "distractors", "warned"),
    [
        ("Pressing and kneading", ("Palm pushing", "Percussion", "Tapping"), False),  # names differ in length: fine
        ("From light to heavy, then back to light", ("From heavy to light, then released",), False),
        ("Under the ankles, and as needed the pelvis and sternum", ("Nowhere", "Under the head only"), True),
        ("A long answer of forty-one characters, ok", ("A wrong option of thirty characters",), False),
    ],
)
def test_an_answer_much_longer_than_its_wrong_options_is_warned(answer: str, distractors: tuple[str, ...], warned: bool) -> None:
    q = Question(id="q", type="choice", prompt="Which?", answer=answer, distractors=distractors)
    assert (answer_stands_out(q) is not None) is warned


@pytest.mark.parametrize("colliding", [False, True], ids=["real-hashes", "every-hash-the-same"])
def test_same_prompt_twice_compares_the_texts_whatever_their_hashes(make_folder, monkeypatch, colliding: bool) -> None:
    """Questions are remembered by their text's hash: two texts with one hash are still told apart, and each found again."""
    from massage_quiz.facets import lint

    if colliding:
        monkeypatch.setattr(lint, "hash", lambda text: 0, raising=False)
    ask = "    type: true-false\n    prompt: {}\n    answer: true\n"
    texts = ("GV4 lies on the midline.", "BL23 lies lateral.", "GV4 lies on the midline.", "BL23 lies lateral.")
    folder = make_folder(
        {"quizzes/q.yaml": "questions:\n" + "".join(question(ask.format(t), f"q-{n}") for n, t in enumerate(texts))}
    )
    result = CliRunner().invoke(main, ["check", "--content", folder])
    assert result.exit_code == 0, result.output
    assert [line for line in result.output.splitlines() if "same question" in line] == [
        "class/quizzes/q.yaml:14:9: warning: question/q-2 asks the same question as question/q-0: reword one of them",
        "class/quizzes/q.yaml:20:9: warning: question/q-3 asks the same question as question/q-1: reword one of them",
    ]
