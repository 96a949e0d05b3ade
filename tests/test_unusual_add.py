"""add with unusual files and answers: the file keeps its form, nothing typed is lost, nothing is written over."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from massage_quiz.cli import main

CITED = "WHO Standard Acupuncture Point Locations (2008)"
# A true/false question: kind, prompt, answer, explanation, tags, about, source, confirm.
TRUE_FALSE = "3\n{prompt}\nt\nIt is on the midline.\n{tags}\n\n" + CITED + "\ny\n"
EXISTING = (
    "questions:\n    - id: four-a\n      type: typed\n      prompt: Which vessel holds GV4?\n      answer: Governor Vessel\n"
    "      accept:\n          - Du Mai\n      explanation: GV stands for it.\n      source: " + CITED + "\n"
)


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["init", "course"]).exit_code == 0
    return tmp_path / "course"


def add(args: list[str], answers: str):
    return CliRunner().invoke(main, ["add", "--content", "course", *args], input=answers)


@pytest.mark.parametrize(
    ("bom", "newline"),
    [(b"", b"\n"), (b"", b"\r\n"), (b"\xef\xbb\xbf", b"\n"), (b"\xef\xbb\xbf", b"\r\n")],
    ids=["lf", "crlf", "bom-lf", "bom-crlf"],
)
def test_the_file_keeps_its_bom_and_line_endings(course: Path, bom: bytes, newline: bytes) -> None:
    target = course / "quizzes" / "four.yaml"
    target.write_bytes(bom + EXISTING.encode().replace(b"\n", newline))
    result = add(["--file", str(target)], TRUE_FALSE.format(prompt="GV3 lies below L4.", tags=""))
    assert result.exit_code == 0, result.output
    data = target.read_bytes()
    assert data.startswith(bom + EXISTING.encode().replace(b"\n", newline))  # the old text, byte for byte
    assert data.count(b"\xef\xbb\xbf") == len(bom) // 3
    assert (b"\r\n" in data[len(bom + EXISTING.encode()) :]) == (newline == b"\r\n")  # the new lines end the same way
    assert (
        b"\n      prompt: GV3 lies below L4.\r\n" in data
        if newline == b"\r\n"
        else b"\n      prompt: GV3 lies below L4.\n" in data
    )
    assert CliRunner().invoke(main, ["check", "--strict", "--content", "course"]).exit_code == 0


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("notes.txt", "check reads only files ending in .yaml that are not hidden"),
        (".hidden.yaml", "check reads only files ending in .yaml that are not hidden"),
        ("drafts/.old/x.yaml", "check reads only files ending in .yaml that are not hidden"),
        ("../elsewhere.yaml", "is not in the quizzes/ folder of course"),
    ],
)
def test_targets_check_would_never_load_are_refused(course: Path, name: str, message: str) -> None:
    target = name if name.startswith("..") else str(course / "quizzes" / name)
    result = add(["--file", target], TRUE_FALSE.format(prompt="GV3 lies below L4.", tags=""))
    assert result.exit_code == 2
    assert message in result.output
    assert not (course / "quizzes" / "notes.txt").exists() and not (course / "quizzes" / ".hidden.yaml").exists()


def test_a_bare_file_name_is_a_file_in_the_quizzes_folder(course: Path) -> None:
    result = add(["--file", "week-3.yaml"], TRUE_FALSE.format(prompt="GV3 lies below L4.", tags=""))
    assert result.exit_code == 0, result.output
    assert "GV3 lies below L4." in (course / "quizzes" / "week-3.yaml").read_text()


def test_a_wrong_tag_is_asked_again_not_thrown_away(course: Path) -> None:
    answers = TRUE_FALSE.format(prompt="GV3 lies below L4.", tags="Week 3!\nweek-3")
    result = add(["--file", "week-3.yaml"], answers)
    assert result.exit_code == 0, result.output
    assert "'Week', '3!': a tag is lowercase letters, digits and hyphens" in result.output
    assert "    tags:\n      - week-3\n" in (course / "quizzes" / "week-3.yaml").read_text()


def test_two_adds_at_once_keep_both_questions(course: Path) -> None:
    import subprocess
    import sys

    command = [sys.executable, "-m", "massage_quiz", "add", "--content", "course", "--file", "shared.yaml"]
    processes = [
        subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for _ in range(2)
    ]
    outputs = [
        process.communicate(TRUE_FALSE.format(prompt=f"GV{n} lies on the posterior midline.", tags=""), timeout=60)[0]
        for n, process in zip((3, 4), processes, strict=True)
    ]
    assert [process.returncode for process in processes] == [0, 0], outputs
    text = (course / "quizzes" / "shared.yaml").read_text()
    assert "GV3 lies on the posterior midline." in text and "GV4 lies on the posterior midline." in text


def test_a_failed_check_puts_back_exactly_what_was_there(course: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = course / "quizzes" / "four.yaml"
    before = b"\xef\xbb\xbf" + EXISTING.encode().replace(b"\n", b"\r\n")
    target.write_bytes(before)
    from massage_quiz.authoring import wizard

    monkeypatch.setattr(wizard, "appended", lambda original, fields: original + "\n  - id: broken\n")
    result = add(["--file", str(target)], TRUE_FALSE.format(prompt="GV3 lies below L4.", tags=""))
    assert result.exit_code == 1
    assert target.read_bytes() == before


def test_add_waits_for_another_add_holding_the_folder(course: Path) -> None:
    import subprocess
    import sys
    import time

    from massage_quiz.authoring.wizard import quiz_file_lock

    command = [sys.executable, "-m", "massage_quiz", "add", "--content", "course", "--file", "waiting.yaml"]
    with quiz_file_lock(course / "quizzes"):
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        assert process.stdin is not None
        process.stdin.write(TRUE_FALSE.format(prompt="GV3 lies below L4.", tags=""))
        process.stdin.flush()
        time.sleep(3)  # ample time to ask, preview and write, were it not waiting
        assert not (course / "quizzes" / "waiting.yaml").exists()
        assert process.poll() is None
    output, _ = process.communicate(timeout=60)  # closes its stdin: the answers were all sent
    assert process.returncode == 0, output
    assert "GV3 lies below L4." in (course / "quizzes" / "waiting.yaml").read_text()
