"""One command-line surface: -o for the one file a command writes (old names kept), repeatable filters, exit codes, check --json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from massage_quiz.cli import main


def run(*args: str) -> object:
    return CliRunner().invoke(main, list(args))


def test_list_keeps_every_topic_given_not_only_the_last() -> None:
    both = json.loads(run("list", "--json", "--topic", "acupoints", "--topic", "techniques").output)
    assert {row["topic"] for row in both} == {"acupoints", "techniques"}
    one = json.loads(run("list", "--json", "--topic", "techniques").output)
    assert {row["topic"] for row in one} == {"techniques"}
    assert [row for row in both if row["topic"] == "techniques"] == one


@pytest.mark.parametrize("old", ["--picture", "-o", "--output"])
def test_show_writes_its_picture_with_o_and_with_the_old_name(old: str, tmp_path: Path) -> None:
    result = run("show", "shenshu", old, str(tmp_path / "a.svg"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "a.svg").read_text(encoding="utf-8").startswith("<svg")


@pytest.mark.parametrize(
    ("command", "old"),
    [(["report", "x.json"], "--html"), (["stats"], "--export"), (["show", "shenshu"], "--picture")],
)
def test_every_command_writing_one_file_names_it_o_and_keeps_its_old_name(command: list[str], old: str) -> None:
    shown = run(*command[:1], "--help").output
    assert "-o, --output" in shown and old in shown


def test_course_add_names_its_flag_downgrade_and_still_takes_force(tmp_path: Path) -> None:
    assert "--downgrade, --force" in run("course", "add", "--help").output
    for flag in ("--downgrade", "--force"):  # both parsed: the error is the missing file's, not an unknown option
        result = run("course", "add", str(tmp_path / "none.apkg"), flag)
        assert (result.exit_code, result.output) == (2, f"Error: {tmp_path / 'none.apkg'} does not exist\n")


# Something named on the command line that is not there is a usage error (2), in every command alike, as click's own.
MISSING = [
    (["build", "--previous", "{t}/none.apkg", "-o", "{t}/deck.apkg"], "'--previous': File '{t}/none.apkg' does not exist."),
    (["report", "{t}/none.json"], "{t}/none.json does not exist"),
    (["course", "add", "{t}/none.apkg"], "{t}/none.apkg does not exist"),
    (["drill", "--deck", "{t}/none.apkg"], "{t}/none.apkg does not exist"),
    (["check", "--content", "{t}/none"], "content folder '{t}/none' does not exist or is not a folder"),
    (["sheet", "-o", "{t}/x.pdf", "--content", "{t}/none"], "content folder '{t}/none' does not exist or is not a folder"),
    (["list", "--content", "{t}/none"], "content folder '{t}/none' does not exist or is not a folder"),
]


@pytest.mark.parametrize(("args", "message"), MISSING, ids=[" ".join(a[:2]) for a, _ in MISSING])
def test_a_missing_input_exits_2_in_every_command(args: list[str], message: str, tmp_path: Path) -> None:
    result = run(*(a.format(t=tmp_path) for a in args))
    assert result.exit_code == 2
    assert message.format(t=tmp_path) in result.output
    assert "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_check_json_is_an_empty_list_for_clean_content() -> None:
    result = run("check", "--json")
    assert (result.exit_code, json.loads(result.output)) == (0, [])


def test_check_json_gives_each_problem_its_place_severity_and_code(make_folder) -> None:
    folder = make_folder(
        {
            "quizzes/a.yaml": """
                questions:
                  - id: q1
                    type: typed
                    question: Which point is BL23?
                    answer: Shenshu
                    source: a book
                  - id: q1
                    type: typed
                    question: Which point is BL25?
                    answer: Dachangshu
                    source: a book
            """,
            "quizzes/b.yaml": "questions:\n  - id: q3\n\ttype: typed\n",
        }
    )
    result = run("check", "--json", "--content", folder)
    assert result.exit_code == 1
    problems = json.loads(result.output)
    assert {(p["file"], p["code"], p["severity"]) for p in problems} >= {
        ("class/quizzes/a.yaml", "duplicate-id", "error"),
        ("class/quizzes/b.yaml", "yaml-syntax", "error"),
    }
    duplicate = next(p for p in problems if p["code"] == "duplicate-id")
    assert (duplicate["line"], duplicate["col"]) == (7, 9)
    assert duplicate["message"].startswith("duplicate question id 'q1': already defined at class/quizzes/a.yaml:2:")
    assert all(set(p) == {"file", "line", "col", "severity", "code", "message"} for p in problems)


def test_check_json_and_coverage_go_separately() -> None:
    result = run("check", "--json", "--coverage")
    assert result.exit_code == 2 and "--json and --coverage go separately" in result.output


def test_a_duplicate_id_carries_its_id_and_first_place_for_code_to_act_on(make_folder) -> None:
    from massage_quiz.catalogue.loader import load
    from massage_quiz.errors import ContentError, ProblemCode

    text = "questions:\n  - id: q1\n    type: typed\n    question: A?\n    answer: B\n    source: s\n"
    folder = make_folder({"quizzes/a.yaml": text, "quizzes/b.yaml": text})
    with pytest.raises(ContentError) as raised:
        load((folder,))
    (problem,) = [p for p in raised.value.problems if p.code is ProblemCode.DUPLICATE_ID]
    assert (problem.subject, problem.related) == ("q1", "class/quizzes/a.yaml:2:9")
