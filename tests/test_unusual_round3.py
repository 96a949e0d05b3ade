"""Round 3 of unusual input on the newer commands: inputs never replaced, links written through, hostile packages,
unwritable course folders, two installs at once, long names, closed or full streams: one line, nothing lost."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import shutil
import sqlite3
import struct
import subprocess
import sys
import time
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pexpect
import pty_helpers
import pytest
from click.testing import CliRunner

from massage_quiz.cli import main
from massage_quiz.course.installed import courses_dir
from tests import test_course
from tests.test_course import WEEK_3, build, run

NOW = "2026-03-02T09:00:00+00:00"


course = test_course.course  # the instructor folder test_course builds its courses from, version 1


def answered(state: Path) -> None:
    """Answer two questions, so ``state`` is a progress file with answers in it."""
    result = CliRunner().invoke(main, ["--state", str(state), "--limit", "2"], input="1\n1\n", env={"MASSAGE_QUIZ_NOW": NOW})
    assert result.exit_code == 0, result.output


def cli(*args: str, env: dict[str, str] | None = None, stdin: object = subprocess.DEVNULL, **kwargs: object):
    """Run massage-quiz in a process of its own (for what CliRunner cannot fake: closed descriptors, a memory limit)."""
    return subprocess.run(
        [sys.executable, "-m", "massage_quiz", *args],
        env={**os.environ, "MASSAGE_QUIZ_NOW": NOW, **(env or {})},
        stdin=stdin,
        capture_output=kwargs.pop("capture_output", True),
        text=True,
        timeout=120,
        **kwargs,  # type: ignore[arg-type]
    )


# ---------------------------------------------------------------- --force never replaces an input


def _progress(d: Path) -> Path:
    answered(d / "progress.sqlite3")
    return d / "progress.sqlite3"


def _collection(d: Path) -> Path:
    from anki.collection import Collection

    Collection(str(d / "collection.anki2")).close()
    return d / "collection.anki2"


def _journal(d: Path) -> Path:
    (d / "progress.sqlite3-wal").write_bytes(b"\x37\x7f\x06\x82" + bytes(60))
    return d / "progress.sqlite3-wal"


def _shared_memory(d: Path) -> Path:
    _progress(d)
    (d / "progress.sqlite3-shm").write_bytes(b"")  # empty, as SQLite may leave it
    return d / "progress.sqlite3-shm"


def _course_apkg(d: Path) -> Path:
    folder = d / "myclass"
    (folder / "quizzes").mkdir(parents=True)
    (folder / "quizzes" / "week-3.yaml").write_text(WEEK_3, encoding="utf-8")
    (folder / "course.yaml").write_text("id: spring-term\nname: Spring term\nversion: 1\n")
    result = CliRunner().invoke(main, ["build", "--content", str(folder), "-o", str(d / "course.apkg")])
    assert result.exit_code == 0, result.output
    return d / "course.apkg"


def _summary(d: Path) -> Path:
    state = _progress(d)
    result = CliRunner().invoke(main, ["stats", "--state", str(state), "--export", str(d / "ana.json")])
    assert result.exit_code == 0, result.output
    return d / "ana.json"


def _large_summary(d: Path) -> Path:
    """A summary of over 1 MB (a class's whole year, say), cut short by a copy: still known by its start."""
    data = json.loads(_summary(d).read_text())
    data["items"] *= 5000
    text = json.dumps(data, indent=2)
    (d / "year.json").write_text(text[: len(text) // 2])
    return d / "year.json"


def _yaml(d: Path) -> Path:
    (d / "week-3.yaml").write_text(WEEK_3, encoding="utf-8")
    return d / "week-3.yaml"


def _key(d: Path) -> Path:
    (d / "sync-key.json").write_text(json.dumps({"hkey": "secret", "endpoint": None, "username": "ana"}))
    return d / "sync-key.json"


INPUTS: dict[str, Callable[[Path], Path]] = {
    "progress": _progress,
    "collection": _collection,
    "journal": _journal,
    "shared-memory": _shared_memory,
    "course": _course_apkg,
    "summary": _summary,
    "large-summary": _large_summary,
    "yaml": _yaml,
    "sync-key": _key,
}


def _export_args(d: Path, target: Path) -> list[str]:
    (d / "mine").mkdir()
    return ["stats", "--state", str(_progress(d / "mine")), "--export", str(target)]


def _report_args(d: Path, target: Path) -> list[str]:
    (d / "class").mkdir()
    return ["report", str(_summary(d / "class")), "--html", str(target)]


WRITERS: dict[str, Callable[[Path, Path], list[str]]] = {
    "stats --export": _export_args,
    "sheet -o": lambda d, t: ["sheet", "--seed", "1", "-o", str(t)],
    "report --html": _report_args,
    "build -o": lambda d, t: ["build", "-o", str(t)],
    "show --picture": lambda d, t: ["show", "shenshu", "--picture", str(t)],
}

# Where the file is the command's own kind, replacing it is the command's ordinary work.
OWN = {("stats --export", "summary"), ("stats --export", "large-summary"), ("build -o", "course")}


@pytest.mark.parametrize(("writer", "kind"), [(w, k) for w in WRITERS for k in INPUTS if (w, k) not in OWN])
def test_force_never_replaces_a_file_massage_quiz_reads(tmp_path: Path, writer: str, kind: str) -> None:
    (tmp_path / "in").mkdir()
    target = INPUTS[kind](tmp_path / "in")
    before = target.read_bytes()
    args = WRITERS[writer](tmp_path, target)
    for force in ([], ["--force"]):
        result = CliRunner().invoke(main, [*args, *force])
        assert result.exit_code == 1, result.output
        last = result.output.strip().splitlines()[-1]
        assert last.startswith(f"Error: {target} is ")
        assert "which massage-quiz reads, so it was left as it is: choose another name" in last
        assert "--force" not in last
        assert target.read_bytes() == before
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".partial")]


# ---------------------------------------------------------------- writing through a symbolic link


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (["build"], ["build"]),
        (["stats", "--export", "{t}", "--name", "Ana"], ["stats", "--export", "{t}", "--name", "Bea"]),
        (["sheet", "--seed", "1", "--count", "3", "-o", "{t}"], ["sheet", "--seed", "2", "--count", "3", "-o", "{t}"]),
        (["report", "{s}", "--html", "{t}"], ["report", "{s}", "{s2}", "--html", "{t}"]),  # a second trainee: another page
    ],
    ids=["build", "stats-export", "sheet", "report-html"],
)
def test_a_link_is_written_through_to_its_target_and_stays_a_link(
    tmp_path: Path, isolated_user_state: Path, monkeypatch: pytest.MonkeyPatch, first: list[str], second: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    answered(isolated_user_state)
    (tmp_path / "s").mkdir()
    summary = _summary(tmp_path / "s")
    data = json.loads(summary.read_text())
    (tmp_path / "s" / "ben.json").write_text(json.dumps({**data, "trainee": "1" * len(data["trainee"]), "name": "Ben"}))
    shared = tmp_path / "class-folder"
    shared.mkdir()
    real = shared / "file"
    fill = {"t": str(real), "s": str(summary), "s2": str(tmp_path / "s" / "ben.json")}
    if first == ["build"]:
        first, second = ["build", "-o", "{t}"], ["build", "-o", "{t}"]
    made = CliRunner().invoke(main, [a.format(**fill) for a in first], env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert made.exit_code == 0, made.output
    old = real.read_bytes()
    (tmp_path / "link").symlink_to(real)
    fill["t"] = "link"
    again = CliRunner().invoke(main, [a.format(**fill) for a in second], env={"SOURCE_DATE_EPOCH": "1767312000"})
    assert again.exit_code == 0, again.output
    assert (tmp_path / "link").is_symlink()  # the link is kept...
    assert os.readlink(tmp_path / "link") == str(real)
    assert real.read_bytes() != old  # ...and the file it points to is the new one
    assert sorted(p.name for p in shared.iterdir()) == ["file"]


# ---------------------------------------------------------------- hostile packages


def _member(name: str, data: bytes | None = None, *, zeros: int = 0, claimed: int | None = None, flags: int = 0):
    """A deflated zip member, its header claiming ``claimed`` bytes whatever it holds."""
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    parts, crc = [], 0
    chunks = [data] if data is not None else [b"\0" * (1 << 20)] * (zeros >> 20)
    for chunk in chunks:
        parts.append(squeeze.compress(chunk))
        crc = zlib.crc32(chunk, crc)
    parts.append(squeeze.flush())
    size = sum(map(len, chunks))
    return name.encode(), b"".join(parts), crc, size if claimed is None else claimed, flags


def _zip(path: Path, members: list[tuple[bytes, bytes, int, int, int]]) -> Path:
    """Write the zip by hand, so its headers can say what zipfile would never write."""
    body, central = bytearray(), bytearray()
    for name, raw, crc, size, flags in members:
        offset = len(body)
        body += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, 8, 0, 0x21, crc, len(raw), size, len(name), 0) + name + raw
        central += (
            struct.pack(
                "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, flags, 8, 0, 0x21, crc, len(raw), size, len(name), 0, 0, 0, 0,
                0o644 << 16, offset,
            )
            + name
        )  # fmt: skip
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), len(body), 0)
    path.write_bytes(bytes(body + central + end))
    return path


COLLECTION = _member("collection.anki2", b"SQLite format 3\x00")

PACKAGES = {
    "nested-media": ([COLLECTION, _member("media", b"[" * 200_000 + b"]" * 200_000)], "is a plain Anki deck without"),
    "encrypted-media": ([COLLECTION, _member("media", b"{}", flags=0x1)], "is encrypted"),
    "nested-course": (
        [COLLECTION, _member("media", b'{"0": "_massage-quiz-course.json"}'), _member("0", b"[" * 200_000)],
        "the course inside is damaged (nested too deeply)",
    ),
    "encrypted-course": (
        [COLLECTION, _member("media", b'{"0": "_massage-quiz-course.json"}'), _member("0", b"{}", flags=0x1)],
        "is encrypted",
    ),
}


@pytest.mark.parametrize("command", [["course", "add"], ["drill", "--deck"]])
@pytest.mark.parametrize("name", list(PACKAGES))
def test_a_hostile_package_gets_one_line_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, command: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    members, says = PACKAGES[name]
    _zip(tmp_path / "deck.apkg", members)
    result = CliRunner().invoke(main, [*command, "deck.apkg"])
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Error: deck.apkg")
    assert says in result.output
    assert len(result.output.splitlines()) == 1
    assert not courses_dir().exists()


def test_a_package_whose_headers_lie_about_sizes_is_read_bounded(tmp_path: Path) -> None:
    """256 MB of zeros in 260 KB, its headers claiming 100 bytes: refused within 320 MB of address space."""
    lying = _zip(tmp_path / "lying.apkg", [COLLECTION, _member("media", zeros=256 << 20, claimed=100)])
    collection_lies = _zip(tmp_path / "deck.apkg", [_member("collection.anki2", zeros=256 << 20, claimed=100)])
    cases = [
        (["course", "add", str(lying)], f"Error: {lying}: the package is damaged (Bad CRC-32 for file 'media')"),
        (["drill", "--deck", str(lying)], f"Error: {lying}: the package is damaged (Bad CRC-32 for file 'media')"),
        (["build", "-o", str(collection_lies)], f"Error: {collection_lies} is an Anki package (a deck or a course)"),
        (["build", "--previous", str(collection_lies), "-o", str(tmp_path / "new.apkg")], "cannot read the previous deck"),
    ]
    limit = 320 * 1024 * 1024
    for args, says in cases:
        result = cli(*args, preexec_fn=lambda: __import__("resource").setrlimit(__import__("resource").RLIMIT_AS, (limit, limit)))
        assert result.returncode == 1, result.stderr
        assert says in result.stderr
        assert "unexpected error" not in result.stderr


# ---------------------------------------------------------------- course add where courses cannot be written


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Make ``folder`` read-only for real: a read-only mount when root (whom permissions do not stop), else chmod."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    held = folder.parent / (folder.name + ".held")
    shutil.copytree(folder, held)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("root here, yet no read-only mount can be made")
    try:
        shutil.copytree(held, folder, dirs_exist_ok=True)
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        yield
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


@pytest.mark.parametrize(
    ("setting", "says"),
    [
        ("courses-a-file", "Error: cannot install the course in {data}/courses: {data}/courses is a file, not a folder; nothing was changed"),
        ("xdg-a-file", "Error: cannot install the course in {xdg}/massage-quiz/courses: {xdg} is a file, not a folder; nothing was changed"),
        ("data-read-only", "Error: cannot install the course in {data}/courses: "),
        ("courses-read-only", "Error: cannot install the course in {data}/courses: "),
        ("home-read-only", "Error: cannot install the course in {home}/.local/share/massage-quiz/courses: "),
    ],
)  # fmt: skip
def test_course_add_where_courses_cannot_be_written(
    course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, setting: str, says: str
) -> None:
    build(course, "week-3.apkg")
    data, home, xdg = tmp_path / "data", tmp_path / "home", tmp_path / "xdg"
    data.mkdir()
    home.mkdir()
    env = {"MASSAGE_QUIZ_STATE": str(data / "progress.sqlite3")}
    if setting == "courses-a-file":
        (data / "courses").write_text("not a folder")
    if setting == "courses-read-only":
        (data / "courses").mkdir()
    if setting in ("xdg-a-file", "home-read-only"):
        monkeypatch.delenv("MASSAGE_QUIZ_STATE")
        monkeypatch.delenv("XDG_DATA_HOME")
        monkeypatch.setenv("HOME", str(home))
        env = {}
    if setting == "xdg-a-file":
        xdg.write_text("not a folder")
        env = {"XDG_DATA_HOME": str(xdg)}
    folder = {"data-read-only": data, "courses-read-only": data / "courses", "home-read-only": home}.get(setting)
    with read_only(folder) if folder else contextlib.nullcontext():
        result = run("course", "add", "week-3.apkg", env=env)
    assert result.exit_code == 1, result.output
    assert result.output.startswith(says.format(data=data, home=home, xdg=xdg))
    assert len(result.output.splitlines()) == 1
    if folder:
        assert "read-only" in result.output or "you may not write" in result.output
    assert (tmp_path / "week-3.apkg").exists()


# ---------------------------------------------------------------- courses that share an id, two installs at once


def test_another_course_with_the_same_id_is_refused_even_with_force(course: Path, tmp_path: Path) -> None:
    build(course, "ours.apkg")
    assert run("course", "add", "ours.apkg").exit_code == 0
    (course / "course.yaml").write_text("id: spring-term\nname: Dr Lee's class\nversion: 5\n")
    (course / "quizzes" / "week-3.yaml").write_text(WEEK_3.replace("week-3-iliac-crest", "lee-iliac-crest"), encoding="utf-8")
    build(course, "theirs.apkg")
    for force in ([], ["--force"]):
        result = run("course", "add", "theirs.apkg", *force)
        assert (result.exit_code, result.output) == (
            1,
            "Error: theirs.apkg holds the course \"Dr Lee's class\", but the installed course 'Spring term: lower back' "
            "has the same id (spring-term), so it was left as it is: ask the instructor for a deck with an id of its own, "
            "or replace 'Spring term: lower back' with massage-quiz course remove spring-term, then add theirs.apkg again\n",
        )
    listed = json.loads(run("course", "list", "--json").output)
    assert [(c["name"], c["version"]) for c in listed] == [("Spring term: lower back", "1")]


def test_a_second_course_add_waits_and_never_puts_an_older_version_over_a_newer(course: Path, tmp_path: Path) -> None:
    from massage_quiz.course import installed
    from massage_quiz.course.package import read

    build(course, "v1.apkg")
    assert run("course", "add", "v1.apkg").exit_code == 0
    for version in (2, 3):
        (course / "course.yaml").write_text(f'id: spring-term\nname: "Spring term: lower back"\nversion: {version}\n')
        build(course, f"v{version}.apkg")
    with open(courses_dir().parent / ".courses.lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # as a course add of version 3 in another window holds it
        second = subprocess.Popen(
            [sys.executable, "-m", "massage_quiz", "course", "add", "v2.apkg"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ},
        )
        time.sleep(2)
        assert second.poll() is None  # it waits for the lock
        installed.install(read(Path("v3.apkg")), Path("v3.apkg"))  # what the other window does meanwhile
    out, _ = second.communicate(timeout=60)
    assert second.returncode == 1
    assert "holds version 2 of the course 'Spring term: lower back', older than version 3, which is installed" in out
    assert [c.version for c in installed.listing()] == ["3"]


# ---------------------------------------------------------------- names over 255 bytes


LONG = "a" * 300 + ".x"


@pytest.mark.parametrize(
    "args",
    [
        ["build", "-o", LONG],
        ["stats", "--export", LONG],
        ["stats", "--state", LONG],
        ["report", LONG],
        ["report", "{summary}", "--html", LONG],
        ["sheet", "-o", LONG],
        ["drill", "--deck", LONG],
        ["drill", "--state", LONG],
        ["course", "add", LONG],
        ["show", "shenshu", "--picture", LONG],
        ["check", "--content", LONG],
        ["list", "--content", LONG],
        ["init", LONG],
        ["sync", "--state", LONG],
        ["add", "--content", LONG],
    ],
    ids=lambda a: " ".join(a[:2]),
)
def test_a_name_over_255_bytes_gets_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_user_state: Path, args: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    answered(isolated_user_state)
    summary = _summary(tmp_path)
    result = CliRunner().invoke(main, [a.format(summary=summary) for a in args], input="")
    assert result.exit_code in (1, 2), result.output
    assert "unexpected error" not in result.output
    error = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(error) == 1, result.output
    assert "too long" in error[0] or "aaaaa" in error[0], result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ana.json", "progress.sqlite3"]


# ---------------------------------------------------------------- standard streams closed or full


def _closing(fd: int) -> Callable[[], None]:
    return lambda: os.close(fd)


@pytest.mark.parametrize(
    ("args", "stream", "code", "says"),
    [
        (["stats"], "full", 1, "Error: cannot write to standard output: No space left on device"),
        (["course", "list"], "full", 1, "Error: cannot write to standard output: No space left on device"),
        (["stats", "--export", "-"], "full", 1, "Error: cannot write to standard output: No space left on device"),
        (["drill", "--limit", "1"], "full", 1, "Error: cannot write to standard output: No space left on device"),
        (["stats", "--export", "-"], "closed", 1, "Error: cannot write to standard output: it is closed"),
        (["stats"], "closed", 1, "Error: cannot write to standard output: it is closed"),
        (["course", "list"], "closed", 1, "Error: cannot write to standard output: it is closed"),
        (["drill", "--limit", "1"], "closed", 1, "Error: cannot write to standard output: it is closed"),
        (["--version"], "full", 1, "Error: cannot write to standard output: No space left on device"),
        (["build", "--help"], "closed", 1, "Error: cannot write to standard output: it is closed"),
        (["sync", "--login"], "full", 1, "Error: cannot write to standard output: No space left on device"),
        (["sync", "--login"], "closed", 1, "Error: cannot write to standard output: it is closed"),
        (["drill", "--limit", "1"], "stdin-closed", 0, ""),
        (["stats", "--export", "-"], "both-closed", 1, ""),
    ],
)
def test_a_closed_or_full_standard_stream_gets_one_line_and_never_success(
    isolated_user_state: Path, args: list[str], stream: str, code: int, says: str
) -> None:
    answered(isolated_user_state)
    before = sqlite3.connect(isolated_user_state).execute("SELECT count(*) FROM reviews").fetchone()
    with open(os.devnull if stream != "full" else "/dev/full", "w") as sink:
        kwargs: dict[str, object] = {"stdout": sink, "stderr": subprocess.PIPE, "capture_output": False}
        if stream in ("closed", "stdin-closed", "both-closed"):
            kwargs["preexec_fn"] = {
                "closed": _closing(1),
                "stdin-closed": _closing(0),
                "both-closed": lambda: (os.close(1), os.close(2)),
            }[stream]
            if stream == "stdin-closed":
                kwargs["stdout"] = subprocess.PIPE
        result = cli(*args, **kwargs)
    assert result.returncode == code, result.stderr
    assert (result.stderr or "") == (f"{says}\n" if says else "")
    if stream == "stdin-closed":
        assert "Session over: 0 answered, 0 right." in result.stdout  # as with < /dev/null
    assert sqlite3.connect(isolated_user_state).execute("SELECT count(*) FROM reviews").fetchone() == before


# ---------------------------------------------------------------- a full disk, a read-only one


@contextlib.contextmanager
def small_disk(folder: Path, size: str) -> Iterator[None]:
    """A real file system of ``size`` at ``folder`` (a tmpfs; root only, else the test is skipped)."""
    folder.mkdir(exist_ok=True)
    if os.geteuid() != 0:
        pytest.skip("a small file system needs root")
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True).returncode:
        pytest.skip("no tmpfs can be mounted here")
    try:
        yield
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def test_build_with_a_full_temporary_folder_gets_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import genanki

    monkeypatch.chdir(tmp_path)

    def full(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")  # what SQLite says when TMPDIR fills up

    monkeypatch.setattr(genanki.Package, "write_to_db", full)
    result = CliRunner().invoke(main, ["build", "-o", "deck.apkg"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: cannot build the deck in the temporary folder ")
    assert result.output.endswith(
        " (database or disk is full): free some space there, or set TMPDIR to a folder with room; nothing was written\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_build_with_tmpdir_on_a_really_full_disk(tmp_path: Path) -> None:
    scratch = tmp_path / "tmp"
    with small_disk(scratch, "256k"):
        # Nearly full: room for Python's check that the folder can be written, none for the deck's collection.
        subprocess.run(["dd", "if=/dev/zero", f"of={scratch / 'fill'}", "bs=4k", "count=60"], capture_output=True)
        result = cli("build", "-o", str(tmp_path / "deck.apkg"), env={"TMPDIR": str(scratch)})
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith(f"Error: cannot build the deck in the temporary folder {scratch} (")
    assert "set TMPDIR to a folder with room" in result.stderr
    assert not (tmp_path / "deck.apkg").exists()


@pytest.mark.parametrize(
    ("how", "says"),
    [
        ("read-only", "the disk holding it is read-only, and SQLite must write a journal beside it even to read it"),
        ("full", "the disk holding it is full. It was left untouched; free some space, then try again"),
    ],
)
@pytest.mark.parametrize("args", [["stats"], ["drill", "--limit", "1"], ["stats", "--export", "-"]])
def test_an_intact_progress_file_on_a_read_only_or_full_disk_is_said_to_be_so(
    tmp_path: Path, isolated_user_state: Path, how: str, says: str, args: list[str]
) -> None:
    disk = tmp_path / "disk"
    with small_disk(disk, "1m"):
        answered(disk / "progress.sqlite3")
        kept = (disk / "progress.sqlite3").read_bytes()
        if how == "read-only":
            subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        else:
            subprocess.run(["dd", "if=/dev/zero", f"of={disk / 'fill'}", "bs=4k"], capture_output=True)
        result = cli(*args, env={"MASSAGE_QUIZ_STATE": str(disk / "progress.sqlite3")})
        assert (disk / "progress.sqlite3").read_bytes() == kept
    assert result.returncode == 1
    assert result.stderr == f"Error: cannot open the progress file {disk / 'progress.sqlite3'}: {says}" + (
        ". It was left untouched; make that disk writable, or copy the file to a folder you can write and name the copy "
        "with --state\n"
        if how == "read-only"
        else "\n"
    )
    assert "move it away" not in result.stderr


@pytest.mark.parametrize(
    ("name", "read_only", "full", "says"),
    [
        ("SQLITE_CANTOPEN", True, False, "is read-only"),
        ("SQLITE_IOERR_SHMSIZE", False, True, "is full"),
        ("SQLITE_READONLY", False, False, "is read-only"),
        ("SQLITE_BUSY", False, False, "stayed busy"),
        ("SQLITE_NOTADB", False, False, None),  # damaged, or not a progress file: said elsewhere
        ("SQLITE_CORRUPT", False, False, None),
    ],
)
def test_what_keeps_a_progress_file_closed_is_told_by_sqlites_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, read_only: bool, full: bool, says: str | None
) -> None:
    """The same as above where no small disk can be made: SQLite's code and the disk's state, injected."""
    from massage_quiz.drill import progressfile

    error = sqlite3.OperationalError("unable to open database file" if "CANTOPEN" in name else "disk I/O error")
    error.sqlite_errorname = name  # type: ignore[attr-defined]
    flags = os.ST_RDONLY if read_only else 0
    monkeypatch.setattr(
        os, "statvfs", lambda _: os.statvfs_result((4096, 4096, 100, 100, 0 if full else 50, 10, 10, 10, flags, 255))
    )
    message = progressfile.unopenable(tmp_path / "progress.sqlite3", error)
    if says is None:
        assert message is None
    else:
        assert message is not None and says in message and "move it away" not in message


# ---------------------------------------------------------------- sync --login


@pytest.mark.parametrize(
    ("server", "says"),
    [
        ("http://[::1", "Error: 'http://[::1' is not a sync server's address (Invalid IPv6 URL)"),
        ("https://anki.example.org:99999/", "(Port out of range 0-65535)"),
        ("https://anki.example.org:0/", "(port 0)"),
        ("https://anki.example.org:http/", "(Port could not be cast to integer value as 'http')"),
        ("https://" + "a" * 5000 + ".org/", "(the server's name is too long)"),
        ("https://" + "a" * 64 + ".org/", "(the server's name is too long)"),
        ("https://anki..org/", "(the server's name has an empty part)"),
        ("anki.example.org", "is not a sync server's address: write it in full"),
    ],
)
def test_sync_login_refuses_a_bad_address_before_asking_anything(server: str, says: str) -> None:
    result = CliRunner().invoke(main, ["sync", "--login", "--server", server], input="ana@example.org\nsecret\n")
    assert result.exit_code == 1
    assert "Username" not in result.output
    assert says in result.output
    assert len(result.output.splitlines()) == 1
    assert len(result.output) < 300


def test_sync_login_without_the_engine_says_so_before_asking(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "anki.collection", None)  # as where the anki package is not installed
    result = CliRunner().invoke(main, ["sync", "--login"], input="ana@example.org\nsecret\n")
    assert result.exit_code == 1
    assert "Username" not in result.output
    assert result.output.startswith("Error: ")
    assert "anki" in result.output.lower()


def test_a_sync_key_readable_by_others_is_made_owner_only(tmp_path: Path) -> None:
    from massage_quiz.sync import key

    folder = tmp_path / "progress-anki"
    folder.mkdir(mode=0o755)
    path = folder / "sync-key.json"
    path.write_text(json.dumps({"hkey": "k", "endpoint": None, "username": "ana"}))
    path.chmod(0o644)  # as a backup restores it
    assert key.load(path) == key.Key("k", None, "ana")
    assert path.stat().st_mode & 0o777 == 0o600


# ---------------------------------------------------------------- damaged course, damaged collection


@pytest.mark.parametrize(
    "args",
    [
        ["drill", "--topic", "acupoints", "--limit", "1"],
        ["stats"],
        ["sheet", "--seed", "1", "--count", "2", "-o", "sheet.pdf"],
    ],
    ids=lambda a: a[0],
)
def test_a_damaged_installed_course_is_named_and_the_rest_runs(course: Path, args: list[str]) -> None:
    build(course, "week-3.apkg")
    assert run("course", "add", "week-3.apkg").exit_code == 0
    (courses_dir() / "spring-term" / "quizzes" / "week-3.yaml").write_text("questions: [\n", encoding="utf-8")
    result = run(*args, input="q\n")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Warning: the installed course 'spring-term' is damaged (")
    assert (
        "so its questions are left out: remove it with massage-quiz course remove spring-term, then add its .apkg again"
        in result.output
    )
    if args[0] == "drill":
        assert "Session over: 0 answered, 0 right." in result.output


def test_course_list_shows_a_damaged_course_rather_than_none(course: Path) -> None:
    build(course, "week-3.apkg")
    assert run("course", "add", "week-3.apkg").exit_code == 0
    (courses_dir() / "spring-term" / "course.json").unlink()
    result = run("course", "list")
    assert result.exit_code == 0
    assert result.output == (
        "The installed course 'spring-term' is damaged and left out of the drill: remove it with massage-quiz course "
        "remove spring-term, then add its .apkg again with massage-quiz course add FILE.apkg\n"
    )
    assert run("course", "remove", "spring-term").exit_code == 0
    assert run("course", "list").output.startswith("No course is installed.")


def test_a_damaged_local_collection_is_said_to_be_a_copy_that_can_be_rebuilt(isolated_user_state: Path) -> None:
    from massage_quiz.sync import local
    from massage_quiz.sync.engine import SyncError

    where = local.place(isolated_user_state)
    where.folder.mkdir()
    where.collection.write_bytes(b"not a database " * 500)
    with pytest.raises(SyncError) as caught:
        local.open_collection(where)
    message = str(caught.value)
    assert message.startswith(f"the local Anki collection {where.collection} is damaged. It is only a copy")
    assert f"every answer made here is in the progress file {isolated_user_state}" in message
    assert "DbError" not in message and "SqliteFailure" not in message


# ---------------------------------------------------------------- TERM=dumb


@pytest.mark.parametrize(("term", "coloured"), [("xterm", True), ("dumb", False)])
def test_term_dumb_gets_no_colour(isolated_user_state: Path, term: str, coloured: bool) -> None:
    from tests.test_terminal import spawn

    child = spawn(isolated_user_state, "drill", "--limit", "1", "--topic", "acupoints", extra_env={"TERM": term})
    pty_helpers.answer(child, "q")
    child.expect(pexpect.EOF)
    assert ("\x1b[" in child.before) is coloured


@pytest.mark.parametrize(
    "args",
    [
        ["build", "-o", "loop"],
        ["stats", "--export", "loop"],
        ["stats", "--state", "loop"],
        ["sheet", "-o", "loop"],
        ["report", "loop"],
        ["show", "shenshu", "--picture", "loop"],
        ["drill", "--deck", "loop"],
        ["drill", "--state", "loop"],
        ["course", "add", "loop"],
        ["init", "loop"],
        ["check", "--content", "loop"],
    ],
    ids=" ".join,
)
def test_a_loop_of_links_gets_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_user_state: Path, args: list[str]
) -> None:
    answered(isolated_user_state)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "loop").symlink_to("loop-back")
    (tmp_path / "loop-back").symlink_to("loop")
    result = CliRunner().invoke(main, args, input="")
    assert result.exit_code in (1, 2), result.output
    assert "unexpected error" not in result.output
    assert "loop" in next(line for line in result.output.splitlines() if line.startswith("Error:"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["loop", "loop-back"]


@pytest.mark.parametrize(
    ("kind", "says"),
    [
        ("summary", "a progress summary (read by massage-quiz report)"),
        ("course", "an Anki package (a deck or a course)"),
        ("yaml", "a YAML file (content or a course's description)"),
        ("sync-key", "a sync key"),
    ],
)
@pytest.mark.parametrize("command", [["stats"], ["drill", "--limit", "1"]])
def test_state_naming_another_input_is_never_called_damaged(tmp_path: Path, kind: str, says: str, command: list[str]) -> None:
    target = INPUTS[kind](tmp_path)
    before = target.read_bytes()
    result = CliRunner().invoke(main, [*command, "--state", str(target)], input="")
    assert (result.exit_code, result.output) == (
        1,
        f"Error: {target} is {says}, not a massage-quiz progress file; it was left untouched: name your progress file with --state\n",
    )
    assert target.read_bytes() == before


def test_course_remove_where_courses_cannot_be_written(course: Path) -> None:
    build(course, "week-3.apkg")
    assert run("course", "add", "week-3.apkg").exit_code == 0
    with read_only(courses_dir()):
        result = run("course", "remove", "spring-term")
        assert (courses_dir() / "spring-term" / "course.json").is_file()
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: cannot remove the course from {courses_dir()}: ")
    assert "read-only" in result.output or "you may not write" in result.output
    assert len(result.output.splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["drill", "--limit", "1"], 0, "Session over: 0 answered, 0 right."),  # as at the end of input
        (["sync", "--login"], 1, "Aborted!"),
    ],
)
def test_input_that_never_ends_its_line_cannot_fill_memory(args: list[str], code: int, says: str) -> None:
    """Standard input from /dev/zero: 16 MB without a line end is taken as the end of input, within 600 MB of address space."""
    import resource

    limit = 600 * 1024 * 1024
    with open("/dev/zero", "rb") as zeros:
        result = cli(*args, stdin=zeros, preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit)))
    assert result.returncode == code, result.stderr
    assert says in result.stdout + result.stderr
    assert "unexpected error" not in result.stderr


@pytest.mark.parametrize("make", [os.mkfifo, os.mkdir], ids=["pipe", "folder"])
def test_a_sync_key_that_is_not_a_file_is_refused_at_once(tmp_path: Path, make: Callable[[Path], None]) -> None:
    from massage_quiz.sync import key
    from massage_quiz.sync.engine import SyncError

    path = tmp_path / "sync-key.json"
    make(path)
    mode = path.stat().st_mode
    with pytest.raises(SyncError, match="is not a regular file: remove it, then run massage-quiz sync --login again"):
        key.load(path)  # a pipe would be read forever
    assert path.stat().st_mode == mode


def test_no_usable_temporary_folder_gets_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["build", "-o", "deck.apkg"]).exit_code == 0

    def none(*args: object, **kwargs: object) -> str:
        raise FileNotFoundError(errno.ENOENT, f"No usable temporary directory found in ['{tmp_path}', '/tmp']")

    monkeypatch.setattr(tempfile, "gettempdir", none)  # as where TMPDIR, /tmp, /var/tmp and the folder here are all read-only
    monkeypatch.setattr(tempfile, "_get_default_tempdir", none)
    monkeypatch.setattr(tempfile, "tempdir", None)
    built = CliRunner().invoke(main, ["build", "-o", "other.apkg"])
    assert built.exit_code == 1
    assert built.output.startswith("Error: cannot write other.apkg: No usable temporary directory found in [")
    drilled = CliRunner().invoke(main, ["drill", "--deck", "deck.apkg"], input="")
    assert (drilled.exit_code, drilled.output) == (
        1,
        "Error: no folder for temporary files can be written (TMPDIR, /tmp or here): set TMPDIR to one; nothing was changed\n",
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.apkg"]
