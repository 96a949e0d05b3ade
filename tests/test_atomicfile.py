"""One atomic writer for text and bytes: all or nothing, with the permissions a new file would get."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from massage_quiz import atomicfile


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_gets_the_mode_open_would_give_it(tmp_path: Path, umask_022) -> None:
    atomicfile.write_text(tmp_path / "new.yaml", "questions:\n")
    atomicfile.write_bytes(tmp_path / "new.bin", b"\x00")
    assert mode(tmp_path / "new.yaml") == mode(tmp_path / "new.bin") == 0o644  # not mkstemp's 0o600


def test_an_existing_file_keeps_its_mode(tmp_path: Path, umask_022) -> None:
    target = tmp_path / "mine.yaml"
    target.write_text("old")
    target.chmod(0o600)
    atomicfile.write_text(target, "new\r\n")
    assert mode(target) == 0o600
    assert target.read_bytes() == b"new\r\n"  # line endings written as given


def test_a_failed_write_leaves_the_old_file_and_no_partial_file(tmp_path: Path) -> None:
    target = tmp_path / "deck.apkg"
    target.write_bytes(b"old deck")

    def fail(partial: Path) -> None:
        partial.write_bytes(b"half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        atomicfile.write_with(target, fail)
    assert target.read_bytes() == b"old deck"
    assert [p.name for p in tmp_path.iterdir()] == ["deck.apkg"]


def test_init_and_add_make_files_with_the_same_permissions(tmp_path: Path, umask_022, monkeypatch) -> None:
    from click.testing import CliRunner

    from massage_quiz.cli import main

    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["init", "course"]).exit_code == 0
    answers = "1\nWhat is the code of Mìngmén?\nGV4\n\n\n\n\n\ny\ncourse/quizzes/added.yaml\n"
    result = CliRunner().invoke(main, ["add", "--content", "course"], input=answers)
    assert result.exit_code == 0, result.output
    assert mode(tmp_path / "course" / "quizzes" / "added.yaml") == mode(tmp_path / "course" / "quizzes" / "week-1.yaml") == 0o644
