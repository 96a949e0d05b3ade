"""Instructors: init, add, list, show, warnings, and the guide's worked example."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from massage_quiz.cli import main

ROOT = Path(__file__).resolve().parent.parent
GUIDE = (ROOT / "docs" / "instructors.md").read_text(encoding="utf-8")


def run(args: list[str], answers: str | None = None, **env: str):
    return CliRunner().invoke(main, args, input=answers, env=env or None)


def console_block(after: str) -> str:
    """The ```console block of the guide that starts with the command ``after``."""
    match = re.search(r"```console\n(\$ " + re.escape(after) + r"\n.*?)```", GUIDE, flags=re.S)
    assert match, after
    return match.group(1)


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_init_makes_a_folder_that_passes_strict_check(here: Path) -> None:
    result = run(["init", "myclass"])
    assert result.exit_code == 0
    assert "$ massage-quiz init myclass\n" + result.output == console_block("massage-quiz init myclass")
    check = run(["check", "--strict", "--content", "myclass"])
    assert check.exit_code == 0, check.output
    assert check.output == "OK: 5 techniques, 10 acupoints, 24 contraindications, 113 questions from 14 files in 2 folders.\n"
    for name in ("quizzes/week-1.yaml", "cards/my-cards.yaml"):
        folder = name.split("/")[0]
        assert (
            (here / "myclass" / name).read_text().startswith(f"# yaml-language-server: $schema=../schemas/{folder}.schema.json\n")
        )


def test_init_keeps_existing_files(here: Path) -> None:
    (here / "myclass" / "quizzes").mkdir(parents=True)
    (here / "myclass" / "quizzes" / "week-1.yaml").write_text("questions: []\n")
    result = run(["init", "myclass"])
    assert "kept (already there)   myclass/quizzes/week-1.yaml" in result.output
    assert (here / "myclass" / "quizzes" / "week-1.yaml").read_text() == "questions: []\n"


def test_the_guides_worked_example(here: Path, tmp_path: Path) -> None:
    import anki.collection as anki
    from test_deck import import_apkg, visible_text

    assert run(["init", "myclass"]).exit_code == 0
    marker = "<!-- worked-example: myclass/quizzes/week-3.yaml -->\n```yaml\n"
    example = GUIDE.split(marker, 1)[1].split("```", 1)[0]
    (here / "myclass" / "quizzes" / "week-3.yaml").write_text(example, encoding="utf-8")

    check = run(["check", "--strict", "--content", "myclass"])
    assert "$ massage-quiz check --content myclass\n" + check.output == console_block("massage-quiz check --content myclass")

    build = run(["build", "--content", "myclass", "-o", "lumbar-back-massage.apkg"])
    assert build.exit_code == 0, build.output
    col = anki.Collection(str(tmp_path / "c.anki2"))
    try:
        import_apkg(col, here / "lumbar-back-massage.apkg")
        (cid,) = col.find_cards('"Key:question:week-3-iliac-crest"')
        assert "crosses which spinous process?" in visible_text(col.get_card(cid).question())
        assert "L4" in visible_text(col.get_card(cid).answer())
    finally:
        col.close()

    drill = run(["drill", "--content", "myclass", "--tag", "week-3"], "fourth lumbar\n")
    assert "The line across the highest points of the iliac crests crosses which" in drill.output
    assert "✓ Right." in drill.output

    # Step 6 of the guide, with the same answers as its transcript.
    transcript = console_block("massage-quiz add --content myclass")
    answers = [
        "3",
        "Weizhong lies at the midpoint of the popliteal crease.",
        "t",
        "WHO 2008 location.",
        "week-3",
        "weizhong",
        "WHO Standard Acupuncture Point Locations (WHO WPRO 2008)",
        "y",
        "myclass/quizzes/week-3.yaml",
    ]
    add = run(["add", "--content", "myclass"], "\n".join(answers) + "\n")
    assert add.exit_code == 0, add.output
    assert "$ massage-quiz add --content myclass\n" + add.output == transcript
    text = (here / "myclass" / "quizzes" / "week-3.yaml").read_text(encoding="utf-8")
    assert text.startswith(example)


CHOICE_ANSWERS = "2\nIn palm pushing, which way do the hands push?\nDownward, from the upper waist\nUpward: from the sacrum\n# In circles\n\n\n\npalm-pushing\nZhang Xiuhong, Cainiu Health, 2025\ny\n\n"


def test_add_by_piped_input_keeps_the_file_and_passes_check(here: Path) -> None:
    run(["init", "myclass"])
    week1 = here / "myclass" / "quizzes" / "week-1.yaml"
    before = week1.read_text(encoding="utf-8")
    result = run(["add", "--content", "myclass", "--file", "myclass/quizzes/week-1.yaml"], CHOICE_ANSWERS)
    assert result.exit_code == 0, result.output
    assert "Added question 'in-palm-pushing-which-way' to myclass/quizzes/week-1.yaml." in result.output
    after = week1.read_text(encoding="utf-8")
    assert after.startswith(before)
    assert after[len(before) :] == (
        "\n"
        "  - id: in-palm-pushing-which-way\n"
        "    type: choice\n"
        "    prompt: In palm pushing, which way do the hands push?\n"
        "    answer: Downward, from the upper waist\n"
        "    distractors:\n"
        '      - "Upward: from the sacrum"\n'
        '      - "# In circles"\n'
        "    technique: palm-pushing\n"
        "    source: Zhang Xiuhong, Cainiu Health, 2025\n"
    )
    assert run(["check", "--content", "myclass"]).exit_code == 0
    second = run(["add", "--content", "myclass", "--file", "myclass/quizzes/week-1.yaml"], CHOICE_ANSWERS)
    assert "Added question 'in-palm-pushing-which-way-2'" in second.output


def test_add_to_a_new_file_with_a_list_indented_differently(here: Path) -> None:
    run(["init", "myclass"])
    other = here / "myclass" / "quizzes" / "flush.yaml"
    other.write_text(
        "questions:\n# a comment\n- id: flush-one\n  type: true-false\n  prompt: GV4 is on the midline.\n  answer: true\n  explanation: x\n  acupoint: mingmen\n  source: WHO Standard Acupuncture Point Locations, 2008\n"
    )
    result = run(
        ["add", "--content", "myclass", "--file", str(other)],
        "typed\nCode of the point 3 B-cun out at L2?\nBL52\nUB52\n\nexpl\nweek-2\nzhishi\nWHO Standard Acupuncture Point Locations, 2008\ny\n",
    )
    assert result.exit_code == 0, result.output
    assert "\n- id: code-of-the-point-3\n  type: typed\n" in other.read_text()
    assert run(["check", "--strict", "--content", "myclass"]).exit_code == 0


def test_add_needs_an_instructor_folder(here: Path) -> None:
    result = run(["add"], "")
    assert result.exit_code == 2
    assert "name your folder with --content DIR (make one with: massage-quiz init DIR)" in result.output


def test_add_stopped_midway_writes_nothing(here: Path) -> None:
    run(["init", "myclass"])
    before = sorted(p.name for p in (here / "myclass" / "quizzes").iterdir())
    result = run(["add", "--content", "myclass"], "1\nHalf a question\n")
    assert result.exit_code == 1
    assert result.output.endswith("Error: stopped; nothing was written\n")
    assert sorted(p.name for p in (here / "myclass" / "quizzes").iterdir()) == before


def test_add_in_a_pseudo_terminal(here: Path, isolated_user_state) -> None:
    import os
    import shutil
    import sys

    import pexpect

    run(["init", "myclass"])
    script = shutil.which("massage-quiz", path=str(Path(sys.executable).parent))
    child = pexpect.spawn(
        script, ["add", "--content", "myclass"], cwd=str(here), encoding="utf-8", timeout=20, env={**os.environ, "TERM": "xterm"}
    )
    for prompt, answer in [
        ("Kind of question", "4"),
        ("Question, as the trainee reads it", "Order from the midline outward."),
        ("1. ", "Mìngmén (GV4)"),
        ("2. ", "Shènshū (BL23)"),
        ("3. ", ""),
        ("Explanation", "GV4 midline, BL23 1.5 B-cun."),
        ("Tags", "week-2"),
        ("Which entry", "?"),
        ("acupoint:shenshu  Shènshū (BL23)", None),
        ("Which entry", "mingmen"),
        ("Source", "WHO Standard Acupuncture Point Locations, 2008"),
        ("Order, e.g. 3 1 2", None),
        ("Add this question?", "y"),
        ("Add it to which quiz file?", ""),
    ]:
        child.expect_exact(prompt)
        if answer is not None:
            child.sendline(answer)
    child.expect_exact("Added question 'order-from-the-midline-outward' to myclass/quizzes/questions.yaml")
    child.expect(pexpect.EOF)
    assert run(["check", "--strict", "--content", "myclass"]).exit_code == 0


def test_list_and_show(here: Path) -> None:
    text = run(["list", "--topic", "techniques"])
    assert text.output == (
        "Techniques:\n"
        "  palm-pushing       Palm pushing  [seed]\n"
        "  pressing-kneading  Pressing and kneading  [seed]\n"
        "  point-pressing     Point pressing  [seed]\n"
        "  percussion         Percussion  [seed]\n"
        "  tapping            Tapping  [seed]\n"
    )
    tagged = run(["list", "--tag", "red-flag", "--topic", "contraindications"]).output.splitlines()
    assert tagged[0] == "Contraindications:" and all("[red-flag" in line for line in tagged[1:]) and len(tagged) > 3
    unknown = run(["list", "--tag", "nope"])
    assert unknown.exit_code == 2
    assert unknown.output.startswith("Error: no entry has the tag 'nope'; the tags are: acupoint-code, ")
    rows = json.loads(run(["list", "--json"]).output)
    shenshu = next(r for r in rows if r["id"] == "shenshu")
    assert shenshu["path"].endswith("cards/acupoints.yaml")
    assert {k: v for k, v in shenshu.items() if k != "path"} == {
        "topic": "acupoints",
        "kind": "acupoint",
        "id": "shenshu",
        "title": "Shènshū (BL23)",
        "tags": ["seed", "lumbar"],
        "line": 20,
        "items": ["acupoint/shenshu/code", "acupoint/shenshu/name", "acupoint/shenshu/location", "acupoint/shenshu/pressing"],
    }
    shown = run(["show", "shenshu"]).output
    assert (
        "── In the drill (acupoint/shenshu/code) ──\nShènshū 肾俞\nType its code, written like LU1 or EX-HN3\n>\nAnswer: BL23\n"
        in shown
    )
    assert (
        "── Anki card “Name → code”: front ──\nAcupoint\nShènshū 肾俞\nType its code, written like LU1 or EX-HN3\n[type the answer]\n── back ──"
        in shown
    )
    assert shown.count("── Anki card") == 4


@pytest.mark.parametrize(
    ("wanted", "message"),
    [
        ("shenshuu", "Error: no entry has the id 'shenshuu' (did you mean 'shenshu'?); massage-quiz list shows them all\n"),
        ("acupoint:nowhere", "Error: no acupoint has the id 'nowhere'; massage-quiz list shows them all\n"),
    ],
)
def test_show_unknown_ids(wanted: str, message: str) -> None:
    result = run(["show", wanted])
    assert result.exit_code == 1
    assert result.output == message


WARNED = """\
questions:
  - id: bare
    type: choice
    prompt: Which is it?
    answer: Tapping
    distractors: [tapping, Percussion, Percussion]
"""


def test_warnings_strict_and_coverage(make_folder) -> None:
    folder = make_folder(
        {
            "quizzes/w.yaml": WARNED,
            "cards/c.yaml": "contraindications:\n  - id: new-rule\n    condition: Something\n    rule: adapt\n",
        }
    )
    result = run(["check", "--content", folder])
    assert result.exit_code == 0
    assert result.output == (
        f"{folder}/cards/c.yaml:2:9: warning: contraindication 'new-rule' names no source: add 'source:'\n"
        f"{folder}/cards/c.yaml:2:9: warning: no question is about contraindication 'new-rule' (see check --coverage)\n"
        f"{folder}/quizzes/w.yaml:2:9: warning: question 'bare' has no explanation: trainees learn most from one\n"
        f"{folder}/quizzes/w.yaml:2:9: warning: question 'bare' names no source: add 'source:'\n"
        f"{folder}/quizzes/w.yaml:6:18: warning: distractor 'Percussion' is listed twice\n"
        f"{folder}/quizzes/w.yaml:6:18: warning: distractor 'tapping' repeats the answer\n"
        "OK: 5 techniques, 10 acupoints, 25 contraindications, 110 questions from 14 files in 2 folders (6 warnings).\n"
    )
    strict = run(["check", "--strict", "--content", folder])
    assert strict.exit_code == 1
    assert strict.output.endswith("6 warnings found; --strict treats them as errors.\n")
    coverage = run(["check", "--coverage", "--content", folder])
    assert (
        "Coverage (card entries that some question is about):\n  techniques           5 of 5\n  acupoints           10 of 10\n  contraindications   24 of 25\n    not covered: new-rule\n"
        in coverage.output
    )
