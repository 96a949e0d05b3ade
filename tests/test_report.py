"""Where the class is weak: trainees export anonymous summaries, the instructor's report adds them up."""

from __future__ import annotations

import getpass
import json
import os
import re
import socket
import time
import tracemalloc
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from massage_quiz.cli import main
from massage_quiz.drill import export
from massage_quiz.drill.progress import Store
from massage_quiz.drill.scheduling import AGAIN, GOOD, scheduler_for
from massage_quiz.errors import MassageQuizError
from massage_quiz.report import exports

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
EXPORTED = "2026-03-09T18:00:00+00:00"
SECRET = "my-typed-answer-7731"

# Each trainee's answers: item id -> results in order (True right, False wrong).
CLASS = {
    "ana": {
        "acupoint/shenshu/code": [False, True],
        "acupoint/mingmen/code": [False, False],
        "contraindication/deep-vein-thrombosis/rule": [False],
        "technique/palm-pushing/direction": [True],
    },
    "ben": {
        "acupoint/shenshu/code": [False],
        "acupoint/mingmen/code": [True],
        "contraindication/deep-vein-thrombosis/rule": [False, False],
        "question/mingmen-code": [True],
    },
    "cai": {
        "acupoint/shenshu/code": [False, False],
        "acupoint/mingmen/code": [True],
        "technique/palm-pushing/direction": [False, True],
        "question/removed-question": [False],
    },
}


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Days in the summary are local days: pin the zone so they are the same everywhere."""
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.setenv("MASSAGE_QUIZ_NOW", EXPORTED)
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def record(path: Path, answers: dict[str, list[bool]], start: datetime = T0) -> None:
    """Answer the items in a fresh progress file, a minute apart."""
    moment = start
    with Store(path) as store:
        for item_id, results in answers.items():
            for right in results:
                moment += timedelta(minutes=1)
                store.record(item_id, moment, GOOD if right else AGAIN, right, SECRET, scheduler_for())


def exported(folder: Path, who: str, answers: dict[str, list[bool]], *options: str, start: datetime = T0) -> Path:
    """The summary ``who`` exports with massage-quiz stats --export."""
    state, target = folder / f"{who}.sqlite3", folder / f"{who}.json"
    record(state, answers, start)
    result = CliRunner().invoke(main, ["stats", "--state", str(state), "--export", str(target), *options])
    assert result.exit_code == 0, result.output
    return target


@pytest.fixture
def class_files(tmp_path: Path) -> list[Path]:
    """The three trainees' summaries, Ana's with her name, each started a few minutes apart."""
    return [
        exported(tmp_path, who, answers, *(["--name", "Ana"] if who == "ana" else []), start=T0 + timedelta(minutes=10 * n))
        for n, (who, answers) in enumerate(CLASS.items())
    ]


def run(*args: str) -> object:
    return CliRunner().invoke(main, list(args))


# Ana's answers to Shènshū's code as stats --export writes them, without the scheduler's stability and due day.
SHENSHU_EXPORTED = {
    "id": "acupoint/shenshu/code",
    "kind": "acupoint",
    "topic": "acupoints",
    "attempts": 2,
    "wrong": 1,
    "days": 1,
    "days_wrong": 1,
    "lapses": 0,
    "last": "right",
    "last_review": "2026-03-02",
}


# ---- stats --export ----


def test_the_summary_holds_counts_and_days_and_nothing_typed(tmp_path: Path) -> None:
    state = tmp_path / getpass.getuser() / "progress.sqlite3"
    state.parent.mkdir()
    record(state, CLASS["ana"])
    target = tmp_path / "ana.json"
    result = run("stats", "--state", str(state), "--export", str(target))
    assert result.exit_code == 0
    assert result.output == f"Wrote {target}: 4 questions, no answers you typed. Give it to your instructor.\n"
    text = target.read_text(encoding="utf-8")
    for private in (SECRET, str(tmp_path), getpass.getuser(), socket.gethostname()):
        assert private not in text
    data = json.loads(text)
    assert list(data) == ["format", "version", "trainee", "name", "exported", "items"]
    # The report reads what the export writes: every key in its table of a summary's shape, in the same order.
    assert list(data)[2:] == [key.name for key in exports.SUMMARY_KEYS]
    assert all(list(item) == [key.name for key in exports.ITEM_KEYS] for item in data["items"])
    assert (data["format"], data["version"], data["name"], data["exported"]) == (export.FORMAT, 2, None, "2026-03-09")
    assert len(data["trainee"]) == 16
    assert [{k: v for k, v in item.items() if k not in ("stability", "due")} for item in data["items"]] == [
        {
            "id": "acupoint/mingmen/code",
            "kind": "acupoint",
            "topic": "acupoints",
            "attempts": 2,
            "wrong": 2,
            "days": 1,
            "days_wrong": 1,
            "lapses": 0,
            "last": "wrong",
            "last_review": "2026-03-02",
        },
        SHENSHU_EXPORTED,
        {
            "id": "contraindication/deep-vein-thrombosis/rule",
            "kind": "contraindication",
            "topic": "contraindications",
            "attempts": 1,
            "wrong": 1,
            "days": 1,
            "days_wrong": 1,
            "lapses": 0,
            "last": "wrong",
            "last_review": "2026-03-02",
        },
        {
            "id": "technique/palm-pushing/direction",
            "kind": "technique",
            "topic": "techniques",
            "attempts": 1,
            "wrong": 0,
            "days": 1,
            "days_wrong": 0,
            "lapses": 0,
            "last": "right",
            "last_review": "2026-03-02",
        },
    ]
    assert all(isinstance(item["stability"], float) and item["due"] >= "2026-03-02" for item in data["items"])


def test_a_name_only_when_the_trainee_gives_one(tmp_path: Path) -> None:
    record(tmp_path / "p.sqlite3", CLASS["ben"])
    result = run("stats", "--state", str(tmp_path / "p.sqlite3"), "--export", "-", "--name", "  Ben   Li ")
    assert result.exit_code == 0
    assert json.loads(result.output)["name"] == "Ben Li"
    assert exports.parse(result.output, "-").name == "Ben Li"


def test_exports_of_one_progress_file_share_the_anonymous_id_and_others_differ(tmp_path: Path) -> None:
    ana = exported(tmp_path, "ana", CLASS["ana"])
    first = json.loads(ana.read_text())["trainee"]
    record(tmp_path / "ana.sqlite3", {"question/mingmen-code": [True]}, T0 + timedelta(days=2))
    assert run("stats", "--state", str(tmp_path / "ana.sqlite3"), "--export", str(ana)).exit_code == 0
    again = json.loads(ana.read_text())
    assert again["trainee"] == first and len(again["items"]) == 5
    other = exported(tmp_path, "ben", CLASS["ana"])  # the very same answers at the very same times
    assert json.loads(other.read_text())["trainee"] != first


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--name", "   "], "Error: --name is empty: give the name your instructor should see, or leave --name out"),
        (["--name", "x" * 81], "Error: --name must be printable text of at most 80 characters"),
        (["--name", "a\x1bb"], "Error: --name must be printable text of at most 80 characters"),
    ],
)
def test_a_bad_name_is_refused(tmp_path: Path, args: list[str], message: str) -> None:
    record(tmp_path / "p.sqlite3", CLASS["ben"])
    result = run("stats", "--state", str(tmp_path / "p.sqlite3"), "--export", "-", *args)
    assert (result.exit_code, result.output) == (1, message + "\n")


def test_nothing_to_export_before_the_first_answer(tmp_path: Path) -> None:
    state = tmp_path / "p.sqlite3"
    result = run("stats", "--state", str(state), "--export", str(tmp_path / "s.json"))
    assert (result.exit_code, result.output) == (1, f"Error: no answers on record in {state} yet: drill first, then export\n")
    assert not (tmp_path / "s.json").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--name", "Ana"], "Error: --name and --force go with --export FILE"),
        (["--force"], "Error: --name and --force go with --export FILE"),
        (["--json", "--export", "-"], "Error: --json and --export go separately: --export writes its own JSON"),
    ],
)
def test_options_that_do_not_go_together(args: list[str], message: str) -> None:
    result = run("stats", *args)
    assert result.exit_code == 2 and message in result.output


@pytest.mark.parametrize("command", ["export", "html"])
def test_a_file_massage_quiz_did_not_write_is_kept_unless_forced(tmp_path: Path, class_files: list[Path], command: str) -> None:
    target = tmp_path / ("summary.json" if command == "export" else "report.html")
    target.write_text("my own notes\n")
    if command == "export":
        args = ["stats", "--state", str(tmp_path / "ana.sqlite3"), "--export", str(target)]
        what = "progress summary"
    else:
        args = ["report", *map(str, class_files), "--html", str(target)]
        what = "class report"
    refused = run(*args)
    assert refused.exit_code == 1
    assert refused.output == (
        f"Error: {target} exists and is not a {what} massage-quiz wrote, so it was left as it is: "
        "choose another name, or replace it with --force\n"
    )
    assert target.read_text() == "my own notes\n"
    assert run(*args, "--force").exit_code == 0
    written = target.read_text()
    assert written != "my own notes\n"
    assert run(*args).exit_code == 0  # its own file it replaces without asking
    assert target.read_text() == written
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []


@pytest.mark.parametrize(
    ("place", "message"),
    [
        ("folder", "Error: {t} is a folder: give a file name, such as {t}/{name}"),
        ("missing/x", "Error: the folder {t}/missing does not exist: create it first"),
        ("dangling", "Error: {t} is a link to a file that does not exist: remove the link, or choose another name"),
        ("fifo", "Error: {t} is not a regular file (a device or a pipe): choose another name"),
    ],
)
@pytest.mark.parametrize("command", ["export", "html"])
def test_a_place_that_cannot_take_the_file_is_named(
    tmp_path: Path, class_files: list[Path], place: str, message: str, command: str
) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    os.mkfifo(tmp_path / "fifo")
    target = tmp_path / place
    if command == "export":
        result = run("stats", "--state", str(tmp_path / "ana.sqlite3"), "--export", str(target))
        name = "progress-summary.json"
    else:
        result = run("report", *map(str, class_files), "--html", str(target))
        name = "class-report.html"
    expected = message.format(t=tmp_path if place == "missing/x" else target, name=name)
    assert (result.exit_code, result.output) == (1, expected + "\n")


# ---- report ----

TABLE = """\
3 trainees (Ana and 2 without a name), exported on 2026-03-09.
Weakness = wrong at the first try of the day: each day a trainee met a question, was the
first answer that day wrong? The drill asks a missed question again until it is answered
right, so the last answer hides the miss; the first try of each day does not.

Safety first: 2 of 3 trainees at risk on contraindications
At risk: 25% or more of their first tries at questions on contraindications wrong. Each
question they missed is shown with the days its first try was wrong, of the days it was
asked.
  Ana: 100% of first tries wrong (1 of 1), missed:
    1 of 1  Deep vein thrombosis · What do you do: refer, wait until it…
  ben.json: 100% of first tries wrong (1 of 1), missed:
    1 of 1  Deep vein thrombosis · What do you do: refer, wait until it…
Not yet asked any question on contraindications: cai.json.

Trainees: first tries wrong per topic, those at risk on safety first
Trainee   contraindications  techniques  acupoints  questions
Ana                100% 1/1      0% 0/1   100% 2/2          -  at risk
ben.json           100% 1/1           -    50% 1/2     0% 0/1  at risk
cai.json                  -    100% 1/1    50% 1/2   100% 1/1

Topic              first tries wrong  all answers wrong  trainees
contraindications  100%  2 of 2       100%  3 of 3              2
acupoints           67%  4 of 6        67%  6 of 9              3
questions           50%  1 of 2        50%  1 of 2              2
techniques          50%  1 of 2        33%  1 of 3              2

Weakest questions: all 5 that someone answered wrong
#  first tries wrong  all answers wrong  question
1  100%  3 of 3        80%  4 of 5       Shènshū 肾俞 · Type its code, written like LU1 or EX-HN3
2  100%  2 of 2       100%  3 of 3       Deep vein thrombosis · What do you do: refer, wait until it…
3  100%  1 of 1       100%  1 of 1       question/removed-question
4   50%  1 of 2        33%  1 of 3       Palm pushing 掌推法 zhǎng tuī fǎ · Where does it start, and wh…
5   33%  1 of 3        50%  2 of 4       Mìngmén 命门 · Type its code, written like LU1 or EX-HN3
"""


def test_the_table_ranks_by_first_tries_and_names_trainees_at_risk_on_safety(class_files: list[Path]) -> None:
    result = run("report", *map(str, class_files))
    assert result.exit_code == 0
    assert result.output == TABLE


def test_top_limits_the_questions_shown(class_files: list[Path]) -> None:
    result = run("report", *map(str, class_files), "--top", "2")
    lines = result.output.splitlines()
    assert lines[-4:] == [
        "Weakest questions: the 2 weakest of the 5 that someone answered wrong",
        "#  first tries wrong  all answers wrong  question",
        "1  100%  3 of 3        80%  4 of 5       Shènshū 肾俞 · Type its code, written like LU1 or EX-HN3",
        "2  100%  2 of 2       100%  3 of 3       Deep vein thrombosis · What do you do: refer, wait until it…",
    ]


def test_a_class_with_no_mistakes_says_so(tmp_path: Path) -> None:
    files = [exported(tmp_path, "dee", {"acupoint/shenshu/code": [True]})]
    again = run("stats", "--state", str(tmp_path / "dee.sqlite3"), "--export", str(files[0]))
    assert again.output == f"Wrote {files[0]}: 1 question, no answers you typed. Give it to your instructor.\n"
    result = run("report", *map(str, files))
    assert result.output.endswith("\nNo trainee answered any question wrong: no weak questions to show.\n")
    assert "1 trainee, exported on 2026-03-09." in result.output


def test_json_gives_every_question_and_trainee_with_their_counts(class_files: list[Path]) -> None:
    result = run("report", *map(str, class_files), "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert list(data) == [
        "trainees",
        "names",
        "exported",
        "measure",
        "safety_topic",
        "at_risk_share",
        "people",
        "topics",
        "items",
    ]
    assert (data["trainees"], data["names"], data["exported"]) == (3, ["Ana"], {"first": "2026-03-09", "last": "2026-03-09"})
    assert (data["safety_topic"], data["at_risk_share"]) == ("contraindications", 0.25)
    assert [t["topic"] for t in data["topics"]] == ["contraindications", "acupoints", "questions", "techniques"]
    assert data["topics"][1] == {
        "topic": "acupoints",
        "trainees": 3,
        "first_tries": 6,
        "first_tries_wrong": 4,
        "share_first_wrong": 0.6667,
        "attempts": 9,
        "wrong": 6,
        "lapses": 0,
    }
    assert len(data["items"]) == 6  # the question nobody got wrong too
    assert data["items"][0] == {
        "id": "acupoint/shenshu/code",
        "prompt": "Shènshū 肾俞 · Type its code, written like LU1 or EX-HN3",
        "topic": "acupoints",
        "trainees": 3,
        "first_tries": 3,
        "first_tries_wrong": 3,
        "share_first_wrong": 1.0,
        "attempts": 5,
        "wrong": 4,
        "lapses": 0,
    }
    assert data["items"][2]["id"] == "question/removed-question" and data["items"][2]["prompt"] is None
    assert [(p["label"], p["at_risk"]) for p in data["people"]] == [("Ana", True), ("ben.json", True), ("cai.json", False)]
    assert data["people"][0] == {
        "label": "Ana",
        "name": "Ana",
        "file": str(class_files[0]),
        "trainee": json.loads(class_files[0].read_text())["trainee"],
        "exported": "2026-03-09",
        "at_risk": True,
        "topics": {
            "contraindications": {"first_tries": 1, "first_tries_wrong": 1, "share_first_wrong": 1.0},
            "techniques": {"first_tries": 1, "first_tries_wrong": 0, "share_first_wrong": 0.0},
            "acupoints": {"first_tries": 2, "first_tries_wrong": 2, "share_first_wrong": 1.0},
        },
        "missed_safety": [
            {
                "id": "contraindication/deep-vein-thrombosis/rule",
                "prompt": "Deep vein thrombosis · What do you do: refer, wait until it clears, avoid the area, massage only as a physician guides, or adapt?",
                "first_tries": 1,
                "first_tries_wrong": 1,
            }
        ],
    }


def test_instructor_questions_are_labelled_from_the_content_folders(tmp_path: Path, make_folder) -> None:  # type: ignore[no-untyped-def]
    folder = make_folder(
        {
            "quizzes/week-3.yaml": """
            questions:
              - id: week3-gate
                type: typed
                prompt: Which point is the Gate of Life?
                answer: GV4
                source: Class notes
            """
        }
    )
    files = [exported(tmp_path, "eve", {"question/week3-gate": [False]})]
    without = run("report", *map(str, files))
    assert re.fullmatch(r"1  100%  1 of 1 +100%  1 of 1 +question/week3-gate", without.output.splitlines()[-1])
    labelled = run("report", *map(str, files), "--content", folder)
    assert labelled.exit_code == 0, labelled.output
    assert re.fullmatch(r"1  100%  1 of 1 +100%  1 of 1 +Which point is the Gate of Life\?", labelled.output.splitlines()[-1])


@pytest.mark.parametrize("newer_first", [True, False])
def test_two_summaries_of_one_trainee_count_once_the_newer(tmp_path: Path, class_files: list[Path], newer_first: bool) -> None:
    older = tmp_path / "ana-week-1.json"
    older.write_bytes(class_files[0].read_bytes())
    record(tmp_path / "ana.sqlite3", {"acupoint/mingmen/code": [True]}, T0 + timedelta(days=3))
    assert run("stats", "--state", str(tmp_path / "ana.sqlite3"), "--export", str(class_files[0])).exit_code == 0
    pair = [str(class_files[0]), str(older)] if newer_first else [str(older), str(class_files[0])]
    result = run("report", *pair, *map(str, class_files[1:]), "--json")
    assert result.exit_code == 0
    assert result.stderr == (
        f"warning: {older} and {class_files[0]} are from the same trainee: only {class_files[0]}, the newer, is counted\n"
    )
    data = json.loads(result.stdout)
    assert data["trainees"] == 3
    mingmen = next(i for i in data["items"] if i["id"] == "acupoint/mingmen/code")
    # Ana's newer summary: wrong twice on the first day, right at the first try three days later.
    assert (mingmen["trainees"], mingmen["first_tries"], mingmen["first_tries_wrong"], mingmen["attempts"]) == (3, 4, 1, 5)
    assert sum(t["first_tries"] for t in data["topics"]) == sum(i["first_tries"] for i in data["items"]) == 13
    assert [p["file"] for p in data["people"]].count(str(class_files[0])) == 1 and str(older) not in str(data["people"])


def test_a_copy_of_a_summary_is_counted_once(tmp_path: Path, class_files: list[Path]) -> None:
    copy = tmp_path / "copy.json"
    copy.write_bytes(class_files[2].read_bytes())
    result = run("report", *map(str, class_files), str(copy))
    assert (
        result.stderr == f"warning: {class_files[2]} and {copy} are one trainee's summary with the same answers: counted once\n"
    )
    assert result.stdout == TABLE


def test_the_page_says_when_nobody_was_wrong_and_over_which_days(tmp_path: Path) -> None:
    files = [
        exported(tmp_path, "dee", {"acupoint/shenshu/code": [True]}),
        exported(tmp_path, "eve", {"acupoint/shenshu/code": [True]}, "--name", "Eve & <Co>", start=T0 + timedelta(hours=1)),
    ]
    data = json.loads(files[1].read_text())
    files[1].write_text(json.dumps(data | {"exported": "2026-03-11"}))
    page = tmp_path / "r.html"
    assert run("report", *map(str, files), "--html", str(page)).exit_code == 0
    text = page.read_text()
    assert "2 trainees (Eve &amp; &lt;Co&gt; and 1 without a name), exported from 2026-03-09 to 2026-03-11." in text
    assert '<p class="none">No trainee answered any question wrong.</p>' in text


def test_the_same_file_twice_is_counted_once(class_files: list[Path]) -> None:
    result = run("report", *map(str, class_files), str(class_files[1]))
    assert result.exit_code == 0
    assert result.stderr == f"warning: {class_files[1]} is given twice: it is counted once\n"
    assert result.stdout == TABLE


def summary(
    items: list[dict[str, object]], trainee: str = "0123456789abcdef", name: str | None = None, exported: str = "2026-03-09"
) -> dict[str, object]:
    """A summary as stats --export writes it, around ``items``: the one place the tests spell its keys."""
    return {"format": export.FORMAT, "version": 2, "trainee": trainee, "name": name, "exported": exported, "items": items}


def summary_text(**changes: object) -> str:
    data = summary([{**SHENSHU_EXPORTED, "stability": 2.3, "due": "2026-03-05"}])
    item = dict(data["items"][0])  # type: ignore[index]
    for key, value in changes.items():
        if key.startswith("item_"):
            item[key.removeprefix("item_")] = value
        else:
            data[key] = value
    if "items" not in changes:
        data["items"] = [item]
    return json.dumps(data)


def bommed(text: str, bom: bytes = b"\xef\xbb\xbf") -> bytes:
    """A summary as Windows Notepad saves it: a byte order mark, and CRLF line ends."""
    return bom + text.replace("\n", "\r\n").encode("utf-8")


def nested(depth: int) -> str:
    return summary_text().replace('"items": [', '"items": [' + "[" * depth + "]" * depth + ", ", 1)


WHOLE = "a whole number up to 1,000,000"
HOOK_FROM = exports._HOOK_FROM
BAD_INPUTS = [
    ("missing", None, "{f} does not exist"),
    ("folder", None, "{f} is a folder: name the summary files in it, such as {f}/*.json"),
    ("pipe", None, "{f} is not a regular file (a device or a pipe): name a summary file"),
    ("huge", None, "{f} is too large to be a progress summary (over 20 MB)"),
    ("latin1", b"\xe9t\xe9", "{f} is not a progress summary: it is not UTF-8 text"),
    ("empty", "", "{f} is not a progress summary: it is not JSON (Expecting value: line 1 column 1 (char 0))"),
    ("stats-json", '{"reviews": 3}', "{f} is not a progress summary: make one with massage-quiz stats --export FILE"),
    ("a-list", "[1, 2]", "{f} is not a progress summary: make one with massage-quiz stats --export FILE"),
    (
        "newer",
        summary_text(version=3),
        "{f} was written by a newer massage-quiz (summary version 3): upgrade massage-quiz to read it",
    ),
    (
        "older",
        summary_text(version=1),
        "{f} is a summary from an older massage-quiz (version 1), without the first try of each day this report "
        "ranks by: ask the trainee for a new one (massage-quiz stats --export FILE)",
    ),
    ("version-text", summary_text(version="1"), "{f} is damaged: its version should be a whole number, not '1'"),
    (
        "version-huge",
        summary_text(version=10**400),
        "{f} is damaged: its version should be a whole number, not one of 401 digits",
    ),
    ("no-trainee", summary_text(trainee=""), "{f} is damaged: trainee should be an id"),
    ("long-name", summary_text(name="x" * 81), "{f} is damaged: name should be a name of at most 80 characters, or null"),
    ("bad-day", summary_text(exported="9 March"), "{f} is damaged: exported should be a day written YYYY-MM-DD"),
    ("items-object", summary_text(items={}), "{f} is damaged: items should be a list"),
    ("item-text", summary_text(items=["shenshu"]), "{f} is damaged: items[0] should be an object"),
    ("no-attempts", summary_text(item_attempts=None), f"{{f}} is damaged: items[0].attempts should be {WHOLE}"),
    # A key the writer always writes, left out: said missing, even where null would do (due, stability, name).
    ("no-due-key", summary_text().replace(', "due": "2026-03-05"', ""), "{f} is damaged: items[0].due is missing"),
    ("no-stability-key", summary_text().replace('"stability": 2.3, ', ""), "{f} is damaged: items[0].stability is missing"),
    ("no-name-key", summary_text().replace('"name": null, ', ""), "{f} is damaged: name is missing"),
    ("negative", summary_text(item_lapses=-1), f"{{f}} is damaged: items[0].lapses should be {WHOLE}"),
    ("absurd-attempts", summary_text(item_attempts=10**400), f"{{f}} is damaged: items[0].attempts should be {WHOLE}"),
    ("float-count", summary_text(item_wrong=1.0), f"{{f}} is damaged: items[0].wrong should be {WHOLE}"),
    ("no-days", summary_text(item_days=None), f"{{f}} is damaged: items[0].days should be {WHOLE}"),
    ("last-bool", summary_text(item_last=True), '{f} is damaged: items[0].last should be "right" or "wrong"'),
    ("more-wrong", summary_text(item_wrong=3), "{f} is damaged: items[0] has 3 wrong of 2 attempts"),
    (
        "more-days",
        summary_text(item_days=3),
        "{f} is damaged: items[0] has 1 first tries wrong on 3 days, with 1 wrong of 2 attempts",
    ),
    (
        "days-wrong-not-wrong",
        summary_text(item_wrong=0),
        "{f} is damaged: items[0] has 1 first tries wrong on 1 days, with 0 wrong of 2 attempts",
    ),
    ("lapses", summary_text(item_lapses=3), "{f} is damaged: items[0] has 3 lapses in 2 attempts"),
    (
        "infinite",
        summary_text().replace("2.3", "1e999"),
        "{f} is damaged: items[0].stability should be a number of days up to 1,000,000, or null",
    ),
    (
        "nan",
        summary_text().replace("2.3", "NaN"),
        "{f} is not a progress summary: it is not JSON (NaN is not a number JSON allows)",
    ),
    (
        "due-time",
        summary_text(item_due="2026-03-05T10:00"),
        "{f} is damaged: items[0].due should be a day written YYYY-MM-DD or null",
    ),
    (
        "twice",
        summary_text(items=[json.loads(summary_text())["items"][0]] * 2),
        "{f} is damaged: item acupoint/shenshu/code is listed twice",
    ),
    ("nested", nested(100_000), "{f} is not a progress summary: it is nested too deeply"),
    (
        "digits",
        summary_text().replace('"lapses": 0', '"lapses": ' + "9" * 4400),
        "{f} is not a progress summary: it holds a number of over 4,300 digits",
    ),
    ("utf16-damaged", bommed(summary_text(item_wrong=3), b"\xff\xfe"), "{f} is not a progress summary: it is not UTF-8 text"),
]


@pytest.mark.parametrize("hooked", [False, True], ids=["small", "large"])
@pytest.mark.parametrize(("name", "content", "message"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_a_bad_file_is_named_and_nothing_is_written(
    tmp_path: Path,
    class_files: list[Path],
    name: str,
    content: str | bytes | None,
    message: str,
    hooked: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A large summary's items are made tuples as JSON reads them: the same faults get the same messages.
    monkeypatch.setattr(exports, "_HOOK_FROM", 0 if hooked else 10**9)
    bad = tmp_path / f"{name}.json"
    if name == "folder":
        bad.mkdir()
    elif name == "pipe":
        os.mkfifo(bad)
    elif name == "huge":
        with bad.open("wb") as handle:
            handle.truncate(20_000_001)  # sparse: no disk used
    elif isinstance(content, bytes):
        bad.write_bytes(content)
    elif content is not None:
        bad.write_text(content, encoding="utf-8")
    page = tmp_path / "report.html"
    result = run("report", *map(str, class_files), str(bad), "--html", str(page))
    usage = name == "missing"  # a file named on the command line that is not there: a usage error, as click's
    assert (result.exit_code, result.output) == (2 if usage else 1, "Error: " + message.format(f=bad) + "\n")
    assert not page.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".html" or ".partial" in p.name) == []


def test_a_hand_edited_name_cannot_drive_the_terminal(tmp_path: Path) -> None:
    edited = tmp_path / "edited.json"
    edited.write_text(summary_text(name="Ana\u202e\x9b31m"), encoding="utf-8")
    for args in ([], ["--json"]):
        result = run("report", str(edited), *args)
        assert result.exit_code == 0
        assert "\u202e" not in result.output and "\x9b" not in result.output and "Ana31m" in result.output


def test_report_needs_a_file() -> None:
    result = run("report")
    assert result.exit_code == 2 and "Missing argument 'FILES...'" in result.output


def test_html_is_written_besides_the_table(tmp_path: Path, class_files: list[Path]) -> None:
    page = tmp_path / "report.html"
    result = run("report", *map(str, class_files), "--html", str(page))
    assert result.exit_code == 0
    assert result.output == TABLE + f"Wrote {page}\n"
    with_json = run("report", *map(str, class_files), "--html", str(page), "--json")
    assert with_json.stderr == f"Wrote {page}\n" and json.loads(with_json.stdout)["trainees"] == 3
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!doctype html>") and "Shènshū 肾俞 · Type its code, written like LU1 or EX-HN3" in text
    assert "http:" not in text and "https:" not in text and "<script" not in text and "src=" not in text


# ---- the summary format, both ways ----

DAYS = st.dates(min_value=datetime(2020, 1, 1).date(), max_value=datetime(2040, 1, 1).date()).map(lambda d: d.isoformat())
ITEM_IDS = st.from_regex(r"(acupoint|technique|question)/[a-z0-9-]{1,12}(/[a-z-]{1,8})?", fullmatch=True)


@st.composite
def summaries(draw: st.DrawFn) -> dict[str, object]:
    """A summary as stats --export writes it, with any counts, names and days."""
    ids = draw(st.lists(ITEM_IDS, unique=True, max_size=8))
    items = []
    for item_id in sorted(ids):
        attempts = draw(st.integers(1, 500))
        wrong = draw(st.integers(0, attempts))
        days = draw(st.integers(1, attempts))
        items.append(
            {
                "id": item_id,
                "kind": item_id.split("/")[0],
                "topic": draw(st.sampled_from(["acupoints", "techniques", "questions"])),
                "attempts": attempts,
                "wrong": wrong,
                "days": days,
                "days_wrong": draw(st.integers(0, min(days, wrong))),
                "lapses": draw(st.integers(0, min(50, attempts))),
                "last": draw(st.sampled_from(["right", "wrong"])),
                "last_review": draw(DAYS),
                "stability": draw(st.none() | st.floats(0, 36500).map(lambda f: round(f, 1))),
                "due": draw(st.none() | DAYS),
            }
        )
    name = draw(st.none() | st.text(min_size=1, max_size=20).filter(lambda s: not s.isspace()))
    trainee = draw(st.text("0123456789abcdef", min_size=16, max_size=16))
    return summary(items, trainee, name, draw(DAYS))


@given(summaries(), st.sampled_from(["plain", "notepad-utf8", "notepad-utf16"]), st.sampled_from([0, 10**9]))
@settings(max_examples=80, deadline=None)
def test_a_summary_reads_back_as_written(data: dict[str, object], saved: str, hook_from: int) -> None:
    exports._HOOK_FROM = hook_from  # restored below: a given test cannot take monkeypatch
    text = export.text(data)
    raw = {
        "plain": text.encode("utf-8"),
        "notepad-utf8": bommed(text),
        "notepad-utf16": b"\xff\xfe" + text.replace("\n", "\r\n").encode("utf-16-le"),
    }[saved]
    try:
        read = exports.parse(raw, "s.json")
    finally:
        exports._HOOK_FROM = HOOK_FROM  # set back
    assert (read.trainee, read.name, read.exported) == (data["trainee"], data["name"], data["exported"])
    written = data["items"]
    assert isinstance(written, list)
    assert [r._asdict() for r in read.results] == written


ANSWERS = st.dictionaries(
    st.sampled_from(
        ["acupoint/shenshu/code", "acupoint/mingmen/code", "question/mingmen-code", "technique/tapping/force-rhythm"]
    ),
    st.lists(st.booleans(), min_size=1, max_size=6),
    min_size=1,
)


@given(ANSWERS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_summary_counts_what_was_answered(tmp_path: Path, answers: dict[str, list[bool]]) -> None:
    state = tmp_path / f"{time.monotonic_ns()}.sqlite3"
    record(state, answers)
    with Store(state) as store:
        data = export.summary(store, T0)
    read = exports.parse(export.text(data), "s.json")
    assert {r.id: (r.attempts, r.wrong, r.days, r.days_wrong, r.last_right) for r in read.results} == {
        item_id: (len(results), results.count(False), 1, int(not results[0]), results[-1]) for item_id, results in answers.items()
    }


# ---- the guide's example is real output ----

GUIDE = (Path(__file__).resolve().parent.parent / "docs" / "instructors.md").read_text(encoding="utf-8")


def console_block(after: str) -> str:
    """The ```console block of the guide that starts with the command ``after``."""
    match = re.search(r"```console\n(\$ " + re.escape(after) + r"\n.*?)```", GUIDE, flags=re.S)
    assert match, after
    return match.group(1)


def test_the_guide_shows_what_the_demo_class_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import demo_class

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MASSAGE_QUIZ_NOW", "2026-03-12T17:00:00+00:00")
    files = []
    for path in demo_class.write_class(tmp_path / "progress"):
        name = demo_class.NAMES.get(path.stem)
        args = ["stats", "--export", f"{path.stem}.json", *(["--name", name] if name else [])]
        result = CliRunner().invoke(main, args, env={"MASSAGE_QUIZ_STATE": str(path)})
        assert result.exit_code == 0, result.output
        if path.stem == "ana":
            assert "$ massage-quiz stats --export ana.json --name Ana\n" + result.output == console_block(
                "massage-quiz stats --export ana.json --name Ana"
            )
        files.append(f"{path.stem}.json")
    report = run("report", *sorted(files), "--html", "class-report.html")
    command = "massage-quiz report *.json --html class-report.html"
    assert f"$ {command}\n" + report.output == console_block(command)
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    shown = re.search(r"\$ massage-quiz report \*\.json --top 3 --html class-report.html\n(.*?)```", readme, flags=re.S)
    assert shown and run("report", *sorted(files), "--top", "3", "--html", "class-report.html").output == shown.group(1)
    assert (
        "$ massage-quiz stats --export ana.json --name Ana\n"
        + console_block("massage-quiz stats --export ana.json --name Ana").split("\n", 1)[1]
        in readme
    )


def test_the_guide_shows_the_report_screenshots() -> None:
    import screenshots

    shown = set(re.findall(r"\]\((screenshots/report[^)]*\.png)\)", GUIDE))
    assert shown == {f"screenshots/{name}" for name in screenshots.REPORT_SHOTS}
    docs = Path(__file__).resolve().parent.parent / "docs"
    assert all((docs / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for name in shown)


JUNK = (
    st.none()
    | st.booleans()
    | st.integers(-3, 3)
    | st.integers(10**6 - 1, 10**6 + 1)
    | st.floats(allow_nan=False, allow_infinity=False)
)  # JSON has neither: refused as "not JSON", tested above
JUNK = (
    JUNK
    | st.sampled_from(["", " ", "right", "wrong", "2026-03-02", "x" * 201, "acupoints"])
    | st.lists(st.integers(), max_size=1)
)


@given(summaries(), st.data(), st.sampled_from([0, 10**9]))
@settings(max_examples=150, deadline=None)
def test_any_damage_to_an_item_is_named_in_one_line(data: dict[str, object], draw: st.DataObject, hook_from: int) -> None:
    items = data["items"]
    assert isinstance(items, list)
    if not items:
        return
    n = draw.draw(st.integers(0, len(items) - 1))
    key = draw.draw(st.sampled_from(sorted(items[n])))
    items[n][key] = draw.draw(JUNK)
    exports._HOOK_FROM = hook_from  # a given test cannot take monkeypatch
    try:
        read = exports.parse(export.text(data), "s.json")
    except MassageQuizError as exc:
        message = str(exc)
        assert message.startswith("s.json is damaged: ") and "\n" not in message and "None" not in message.split(": ", 1)[1][:12]
        assert message.startswith(f"s.json is damaged: items[{n}]") or "listed twice" in message
    else:
        assert read.results[n]._asdict()[key] == items[n][key]
    finally:
        exports._HOOK_FROM = HOOK_FROM  # set back


@pytest.mark.parametrize(
    "content",
    ["[" * 100_000 + "]" * 100_000, '{"format": ' + "9" * 5000 + "}", "\ufeff" + summary_text()],
    ids=["nested", "digits", "notepad"],
)
def test_export_judges_any_file_in_its_way_in_one_line(tmp_path: Path, content: str) -> None:
    record(tmp_path / "p.sqlite3", CLASS["ben"])
    target = tmp_path / "summary.json"
    target.write_text(content, encoding="utf-8")
    result = run("stats", "--state", str(tmp_path / "p.sqlite3"), "--export", str(target))
    if content.startswith("\ufeff"):  # a summary re-saved by Notepad is still one massage-quiz wrote: replaced
        assert result.exit_code == 0 and json.loads(target.read_text())["version"] == export.VERSION
    else:
        assert result.exit_code == 1
        assert result.output.startswith(f"Error: {target} exists and is not a progress summary massage-quiz wrote")
        assert target.read_text(encoding="utf-8") == content


def _held_while_reporting(trainees: int) -> int:
    """The most bytes held while ``trainees`` whole-course summaries are counted, ranked and shown as a table."""
    from massage_quiz.items.load import load_items
    from massage_quiz.report import known, table, tally

    items = load_items()
    # Every item answered, every first try on one day of two wrong: each trainee misses every safety question.
    whole = [
        {
            "id": item.id,
            "kind": item.entry[0] or "question",
            "topic": item.topic,
            "attempts": 3,
            "wrong": 1,
            "days": 2,
            "days_wrong": 1,
            "lapses": 1,
            "last": "right",
            "last_review": "2026-03-02",
            "stability": 2.3,
            "due": "2026-03-05",
        }
        for item in items
    ]
    text = json.dumps(summary(whole, name="Trainee 0000"))
    # Each summary read from its own text, as from its own file: no two share a string.
    counted = tally.Tally(
        known.of_items(items),
        lambda path: exports.parse(text.replace("0123456789abcdef", path.stem).replace("0000", path.stem[-4:]), str(path)),
    )
    tracemalloc.start()
    try:
        for n in range(trainees):
            counted.add(Path(f"{n:016x}.json"))
        lines = sum(1 for _ in table.lines(counted.report(), 10))
        assert lines > trainees
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_the_report_holds_a_small_row_per_trainee_and_one_summary_at_most() -> None:
    # Counted in bytes, not timed: 100 trainees more hold no summary more, only about 1.3 KB each (their row,
    # their names and the safety questions they missed: what the table shows), whatever the course's size.
    _held_while_reporting(1)  # what is made once (caches, the items' labels) made before counting
    few = _held_while_reporting(10)
    # Each trainee here misses all 44 safety questions (12 bytes each); it was 11.6 KB a trainee before rows were made compact.
    assert _held_while_reporting(110) - few < 100 * 1500


def test_an_older_summary_that_changed_before_it_is_taken_away_stops_the_report() -> None:
    from massage_quiz.report import known, tally

    # The same answers in all (what the tally checks on the second read), but more first tries wrong the second time.
    older = [summary_text(), summary_text(item_wrong=2, item_days=2, item_days_wrong=2)]
    texts = {"older.json": older, "newer.json": [summary_text(item_attempts=3, item_days_wrong=0)]}
    counted = tally.Tally(known.load(), lambda path: exports.parse(texts[Path(path).name].pop(0), str(path)))
    counted.add("older.json")
    counted.add("newer.json")
    with pytest.raises(MassageQuizError, match="changed while the report was being made"):
        counted.report()


def test_a_report_imports_neither_the_summary_writer_nor_attrs_nor_what_only_writers_need(tmp_path: Path) -> None:
    import subprocess
    import sys

    # Counted, not timed: the modules a report loads are its fixed cost, what a small class waits for before the first summary.
    (tmp_path / "a.json").write_text(summary_text(), encoding="utf-8")
    code = (
        "import sys\nfrom massage_quiz.cli import main\n"
        "try:\n    main(['report', sys.argv[1]])\nexcept SystemExit:\n    pass\n"
        "unwanted = ('attrs', 'massage_quiz.drill.export', 'massage_quiz.ownedfile', 'massage_quiz.items.compile', 'yaml',"
        " 'tempfile', 'shutil')\n"
        "print(sorted(m for m in unwanted if m in sys.modules), file=sys.stderr)"
    )
    runs = [
        subprocess.run([sys.executable, "-c", code, str(tmp_path / "a.json")], capture_output=True, text=True, check=True)
        for _ in range(2)
    ]
    assert runs[0].stdout == runs[1].stdout and "Weakest questions" in runs[1].stdout
    assert runs[1].stderr.splitlines()[-1] == "[]"  # the second from the caches the first wrote


def test_a_warm_report_labels_no_item_and_reads_no_items(monkeypatch: pytest.MonkeyPatch) -> None:
    from massage_quiz.items import load
    from massage_quiz.report import known

    labelled: list[str] = []
    loaded: list[int] = []
    label, items_of = known.label, load.items_of
    monkeypatch.setattr(known, "label", lambda item: labelled.append(item.id) or label(item))
    monkeypatch.setattr(load, "items_of", lambda folders: loaded.append(1) or items_of(folders))
    first = known.load()
    assert len(labelled) == len(first) > 100 and loaded == [1]  # every item of the content, labelled once
    labelled.clear()
    loaded.clear()
    # Then from the labels' own cache: the drill's items neither read nor labelled again.
    assert known.load() == first
    assert labelled == [] and loaded == []
    pushing = first["technique/palm-pushing/effects"]
    assert pushing == known.Known("techniques", "Palm pushing 掌推法 zhǎng tuī fǎ · What does it do?")


def test_the_table_makes_only_the_missed_safety_questions_it_shows(monkeypatch: pytest.MonkeyPatch) -> None:
    from massage_quiz.items.load import load_items
    from massage_quiz.report import known, table, tally

    items = load_items()
    safety = [item for item in items if item.topic == "contraindications"]
    # Every safety question missed at a first try by each of 10 trainees: all at risk, each with every one missed.
    whole = [
        {
            **SHENSHU_EXPORTED,
            "id": item.id,
            "kind": "contraindication",
            "topic": item.topic,
            "stability": 2.3,
            "due": "2026-03-05",
        }
        for item in safety
    ]
    texts = {f"{n}.json": json.dumps(summary(whole, trainee=f"{n:016x}")) for n in range(10)}
    counted = tally.Tally(known.of_items(items), lambda path: exports.parse(texts[str(path)], str(path)))
    for name in texts:
        counted.add(name)
    made: list[str] = []
    missed = tally.Missed
    monkeypatch.setattr(tally, "Missed", lambda *fields: made.append(fields[0]) or missed(*fields))
    lines = list(table.lines(counted.report(), 10))
    assert len(safety) > table.MISSED_SHOWN and sum("more (--json and --html show them all)" in line for line in lines) == 10
    # Counted, not timed: ranking makes each trainee several times, and made every missed question each time.
    assert len(made) == 10 * table.MISSED_SHOWN


def test_reading_a_class_runs_no_cycle_collection(tmp_path: Path) -> None:
    import gc

    from massage_quiz.items.load import load_items
    from massage_quiz.report import build

    # As many items as a whole course has (a few thousand): the bundled content's, and as many more no longer in it.
    ids = [f"{item.id}{old}" for item in load_items() for old in ("", *(f"-old{k}" for k in range(10)))]
    whole = [{**SHENSHU_EXPORTED, "id": item_id, "stability": 2.3, "due": "2026-03-05"} for item_id in ids]
    paths = []
    for n in range(30):
        paths.append(tmp_path / f"{n}.json")
        paths[-1].write_text(json.dumps(summary(whole, trainee=f"{n:016x}")), encoding="utf-8")
    build.from_files([str(paths[0])])  # the content's labels cached: what is counted is the reading
    collections: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    gc.callbacks.append(count)
    try:
        # Counted, not timed: a summary's thousands of small objects, made again for each trainee, made Python's
        # cycle collector run over and over (99 times here), finding nothing: summaries hold no cycles.
        report, _ = build.from_files(list(map(str, paths)))
    finally:
        gc.callbacks.remove(count)
    assert report.trainees == 30 and len(report.items) == len(whole) > 2000
    assert len(collections) <= 1  # the one young collection due as soon as the collector is back on
    assert gc.isenabled()
