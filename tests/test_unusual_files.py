"""Unusual files and places: one line naming the path and what to do; nothing half written; nothing overwritten."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from massage_quiz.cli import main


def run(args: list[str]):
    return CliRunner().invoke(main, args)


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# ---------------------------------------------------------------------------- build -o


@pytest.mark.parametrize(
    ("make", "target", "message"),
    [
        (lambda d: (d / "my-cards.apkg").write_bytes(b"PK\x03\x04 a trainee's own export"), "my-cards.apkg",
         "Error: my-cards.apkg exists and is not a deck that massage-quiz built, so it was left as it is: choose another name with -o, or replace it with --force"),
        (lambda d: (d / "notes.apkg").write_text("my notes"), "notes.apkg", "Error: notes.apkg exists and is not a deck that massage-quiz built"),
        (lambda d: (d / "dir.apkg").mkdir(), "dir.apkg", "Error: dir.apkg is a folder: give a file name, such as dir.apkg/lumbar-back-massage.apkg"),
        (lambda d: None, "missing/deck.apkg", "Error: the folder missing does not exist: create it first, or choose another place with -o"),
        (lambda d: (d / "link.apkg").symlink_to(d / "nowhere.apkg"), "link.apkg", "Error: link.apkg is a link to a file that does not exist"),
        (lambda d: None, "/dev/full", "Error: /dev/full is not a regular file (a device or a pipe): choose another name with -o"),
    ],
    ids=["foreign-apkg", "foreign-text", "folder", "missing-folder", "dangling-link", "device"],
)  # fmt: skip
def test_build_refuses_places_it_must_not_write(here: Path, make, target: str, message: str) -> None:
    make(here)
    before = {p.name: p.read_bytes() for p in here.iterdir() if p.is_file()}
    result = run(["build", "-o", target])
    assert result.exit_code == 1
    assert message in result.output
    assert {p.name: p.read_bytes() for p in here.iterdir() if p.is_file()} == before  # nothing changed
    assert not any(".partial" in name for name in files(here))


def test_force_replaces_a_foreign_file_and_a_deck_of_ours_needs_no_force(here: Path) -> None:
    (here / "my-cards.apkg").write_text("my notes")
    assert run(["build", "-o", "my-cards.apkg", "--force"]).exit_code == 0
    assert (here / "my-cards.apkg").read_bytes().startswith(b"PK")
    assert run(["build", "-o", "my-cards.apkg"]).exit_code == 0  # now it is ours


@pytest.mark.parametrize(
    ("code", "words"),
    [(errno.ENOSPC, "No space left on device"), (errno.EACCES, "Permission denied"), (errno.EROFS, "Read-only file system")],
)
def test_a_write_that_fails_says_why_and_leaves_nothing(
    here: Path, monkeypatch: pytest.MonkeyPatch, code: int, words: str
) -> None:
    from massage_quiz.anki import package

    def failing(*args: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(package, "_write_zip", failing)
    result = run(["build", "-o", "deck.apkg"])
    assert result.exit_code == 1
    assert result.output == f"Error: cannot write deck.apkg: {words}; nothing was written\n"
    assert files(here) == []


def test_sigterm_during_a_build_leaves_no_partial_file(here: Path) -> None:
    code = (
        "import os, signal\n"
        "from massage_quiz.anki import package\n"
        "write = package._write_zip\n"
        "def killed(*args):\n"
        "    write(*args)\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "package._write_zip = killed\n"
        "from massage_quiz.cli import main\n"
        "main(['build', '-o', 'deck.apkg'])\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=here, capture_output=True, text=True, timeout=120)
    assert result.returncode == 128 + 15, result.stderr
    assert "Traceback" not in result.stderr
    assert files(here) == []


# ---------------------------------------------------------------------------- content files


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda q: (q / "week.yaml").mkdir(), "quizzes/week.yaml:1:1: is a folder, not a content file: rename it so its name does not end in .yaml"),
        (lambda q: (q / "gone.yaml").symlink_to(q / "nowhere.yaml"), "quizzes/gone.yaml:1:1: is a link to a file that does not exist: remove the link or restore the file"),
        (lambda q: (q / "zero.yaml").symlink_to("/dev/zero"), "quizzes/zero.yaml:1:1: is not a regular file (a device, a pipe or a socket): remove it from the folder"),
        (lambda q: os.mkfifo(q / "pipe.yaml"), "quizzes/pipe.yaml:1:1: is not a regular file (a device, a pipe or a socket): remove it from the folder"),
    ],
    ids=["folder", "dangling-link", "device", "pipe"],
)  # fmt: skip
def test_content_that_is_not_a_file_is_reported_never_skipped(make_folder, tmp_path: Path, make, message: str) -> None:
    folder = make_folder({})
    make(tmp_path / folder / "quizzes")
    for command in (["check"], ["drill", "--limit", "1"], ["list"], ["build", "-o", "x.apkg"]):
        result = run([*command, "--content", folder])
        assert result.exit_code == 1, (command, result.output)
        assert result.output == f"{folder}/{message}\n1 problem found.\n"


def test_an_unreadable_file_or_folder_is_reported(make_folder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = make_folder({"quizzes/locked/q.yaml": "questions: []\n", "quizzes/secret.yaml": "questions: []\n"})
    locked = tmp_path / folder / "quizzes" / "locked"
    secret = tmp_path / folder / "quizzes" / "secret.yaml"
    scandir, listdir, read_bytes = os.scandir, os.listdir, Path.read_bytes

    def deny(path):  # tests run as root, whom permissions do not stop: deny as the kernel would
        if Path(path) == locked:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(os, "scandir", lambda path=".": deny(path) or scandir(path))
    monkeypatch.setattr(os, "listdir", lambda path=".": deny(path) or listdir(path))
    monkeypatch.setattr(
        Path,
        "read_bytes",
        lambda self: (
            (_ for _ in ()).throw(PermissionError(errno.EACCES, "Permission denied")) if self == secret else read_bytes(self)
        ),
    )
    result = run(["check", "--content", folder])
    assert result.exit_code == 1
    assert f"{folder}/quizzes/locked:1:1: cannot read this folder (Permission denied): fix its permissions" in result.output
    assert f"{folder}/quizzes/secret.yaml:1:1: cannot read file: Permission denied" in result.output


# ---------------------------------------------------------------------------- show --picture


@pytest.mark.parametrize(
    ("make", "target", "message"),
    [
        (lambda d: (d / "mine.svg").write_text("<svg>my own drawing</svg>"), "mine.svg",
         "Error: mine.svg exists and is not a picture massage-quiz drew, so it was left as it is: choose another name, or replace it with --force"),
        (lambda d: (d / "pics").mkdir(), "pics", "Error: Invalid value for '-o' / '--output' / '--picture': File 'pics' is a directory."),
        (lambda d: None, "missing/x.svg", "Error: the folder missing does not exist: create it first"),
    ],
    ids=["foreign-file", "folder", "missing-folder"],
)  # fmt: skip
def test_show_picture_never_replaces_what_it_did_not_draw(here: Path, make, target: str, message: str) -> None:
    make(here)
    before = {p.name: p.read_bytes() for p in here.iterdir() if p.is_file()}
    result = run(["show", "shenshu", "--picture", target])
    assert result.exit_code in (1, 2)
    assert result.output.endswith(message + "\n")
    assert {p.name: p.read_bytes() for p in here.iterdir() if p.is_file()} == before


def test_show_picture_replaces_its_own_picture_and_others_with_force(here: Path) -> None:
    assert run(["show", "shenshu", "--picture", "bl23.svg"]).exit_code == 0
    assert run(["show", "mingmen", "--picture", "bl23.svg"]).exit_code == 0  # its own: replaced
    assert "Mìngmén" in (here / "bl23.svg").read_text()
    (here / "mine.svg").write_text("<svg>my own drawing</svg>")
    assert run(["show", "shenshu", "--picture", "mine.svg", "--force"]).exit_code == 0
    assert "Shènshū" in (here / "mine.svg").read_text()


def test_a_content_file_that_vanishes_while_loading_is_reported(
    make_folder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_folder({"quizzes/q.yaml": "questions: []\n"})
    target = tmp_path / folder / "quizzes" / "q.yaml"
    read_bytes = Path.read_bytes

    def vanishing(self: Path) -> bytes:
        if self == target:  # listed a moment ago, deleted (or moved) by the time it is read
            raise FileNotFoundError(errno.ENOENT, "No such file or directory")
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", vanishing)
    result = run(["check", "--content", folder])
    assert result.exit_code == 1
    assert result.output == f"{folder}/quizzes/q.yaml:1:1: cannot read file: No such file or directory\n1 problem found.\n"
