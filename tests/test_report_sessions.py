"""The class report from real drill sessions: a miss the drill has the trainee relearn still shows, trainee by trainee.

Progress is made by the drill's own session (``session.run``, which asks a
missed question again until it is answered right) with the real scheduler,
exported by ``stats --export``, and read back by ``report``.
"""

from __future__ import annotations

import json
import sqlite3
import time
import weakref
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import demo_class
import pytest
from click.testing import CliRunner

from massage_quiz.cli import main
from massage_quiz.drill import export
from massage_quiz.drill.progress import Store
from massage_quiz.report import exports, html, tally

DVT = "contraindication/deep-vein-thrombosis/rule"
PREGNANCY = "contraindication/pregnancy/rule"
SHENSHU = "acupoint/shenshu/code"
MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Days in the summary are local days: pin the zone and the export's day."""
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.setenv("MASSAGE_QUIZ_NOW", "2026-03-12T17:00:00+00:00")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def wrong_first(*missed: str) -> Any:
    """A trainee who gets the ``missed`` questions wrong at the first try of the sitting and every other answer right."""
    return lambda item, attempt: not (item.id in missed and attempt == 1)


def exported(folder: Path, who: str, days: list[tuple[list[str], Any]]) -> Path:
    """The summary of ``who`` after one real drill session a day, each over its questions, answered as its rule says."""
    state = folder / f"{who}.sqlite3"
    with Store(state) as store:
        for n, (item_ids, decide) in enumerate(days):
            demo_class.drill(store, item_ids, MONDAY + timedelta(days=n), decide)
    target = folder / f"{who}.json"
    result = CliRunner().invoke(main, ["stats", "--state", str(state), "--export", str(target)])
    assert result.exit_code == 0, result.output
    return target


def report_json(*files: Path) -> dict[str, Any]:
    result = CliRunner().invoke(main, ["report", *map(str, files), "--json"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_a_miss_relearned_in_the_same_sitting_still_shows_as_weak(tmp_path: Path) -> None:
    asked = [DVT, SHENSHU, PREGNANCY, "technique/palm-pushing/direction"]
    dan = exported(tmp_path, "dan", [(asked, wrong_first(DVT))])
    eve = exported(tmp_path, "eve", [(asked, wrong_first())])
    with sqlite3.connect(tmp_path / "dan.sqlite3") as db:
        # The session asked the missed question again until it was right: the last answer hides the miss.
        assert db.execute("SELECT correct FROM reviews WHERE item_id = ? ORDER BY id", (DVT,)).fetchall() == [(0,), (1,)]
    item = next(i for i in json.loads(dan.read_text())["items"] if i["id"] == DVT)
    assert (item["attempts"], item["wrong"], item["last"], item["days"], item["days_wrong"]) == (2, 1, "right", 1, 1)
    data = report_json(dan, eve)
    dvt = next(i for i in data["items"] if i["id"] == DVT)
    assert (dvt["first_tries"], dvt["first_tries_wrong"], dvt["share_first_wrong"]) == (2, 1, 0.5)
    assert data["items"][0]["id"] == DVT  # the class's weakest question
    assert data["topics"][0]["topic"] == "contraindications"
    people = {p["label"]: p for p in data["people"]}
    assert people["dan.json"]["at_risk"] and not people["eve.json"]["at_risk"]
    assert [m["id"] for m in people["dan.json"]["missed_safety"]] == [DVT]
    assert people["dan.json"]["topics"]["contraindications"] == {
        "first_tries": 2,
        "first_tries_wrong": 1,
        "share_first_wrong": 0.5,
    }
    table = CliRunner().invoke(main, ["report", str(dan), str(eve)]).output
    assert "  dan.json: 50% of first tries wrong (1 of 2), missed:\n" in table
    assert "    1 of 1  Deep vein thrombosis · What do you do: refer, wait until it…\n" in table


def test_a_question_known_on_a_later_day_counts_that_day(tmp_path: Path) -> None:
    days = [([DVT], wrong_first(DVT)), ([DVT], wrong_first()), ([DVT], wrong_first(DVT))]
    summary = exported(tmp_path, "fin", days)
    item = json.loads(summary.read_text())["items"][0]
    assert (item["attempts"], item["wrong"], item["days"], item["days_wrong"]) == (5, 2, 3, 2)
    assert report_json(summary)["people"][0]["missed_safety"][0] | {"prompt": None} == {
        "id": DVT,
        "prompt": None,
        "first_tries": 3,
        "first_tries_wrong": 2,
    }


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The made-up class of scripts/demo_class.py, drilled by the real session and exported."""
    folder = tmp_path_factory.mktemp("demo")
    files = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TZ", "UTC")
        time.tzset()
        for path in demo_class.write_class(folder / "progress"):
            with Store(path) as store:
                data = export.summary(store, datetime(2026, 3, 12, 12, tzinfo=UTC), demo_class.NAMES.get(path.stem))
            files.append(folder / f"{path.stem}.json")
            export.write(data, files[-1])
    time.tzset()
    return files


def by_topic(summary: Path) -> dict[str, tuple[int, int]]:
    """First tries wrong and made per topic, added up straight from the summary file."""
    sums: dict[str, tuple[int, int]] = {}
    for item in json.loads(summary.read_text())["items"]:
        wrong, made = sums.get(item["topic"], (0, 0))
        sums[item["topic"]] = (wrong + item["days_wrong"], made + item["days"])
    return sums


def test_the_trainee_table_is_what_the_summaries_say(demo: list[Path], tmp_path: Path) -> None:
    data = report_json(*demo)
    assert len(data["people"]) == len(demo) == 8
    for person in data["people"]:
        expected = by_topic(Path(person["file"]))
        assert {t: (s["first_tries_wrong"], s["first_tries"]) for t, s in person["topics"].items()} == expected
        safety = expected.get("contraindications", (0, 0))
        assert person["at_risk"] == (safety[0] > 0 and safety[0] / safety[1] >= 0.25)
        missed = {i["id"]: i for i in json.loads(Path(person["file"]).read_text())["items"] if i["topic"] == "contraindications"}
        assert {m["id"] for m in person["missed_safety"]} == {k for k, i in missed.items() if i["days_wrong"]}
    assert [p["label"] for p in data["people"] if p["at_risk"]] == ["gus.json", "ben.json"]
    # The page shows the same cells.
    page = tmp_path / "r.html"
    assert CliRunner().invoke(main, ["report", *map(str, demo), "--html", str(page)]).exit_code == 0
    text = page.read_text()
    for person in data["people"]:
        row = text.split(f'<th scope="row">{person["label"]}', 1)[1].split("</tr>", 1)[0]
        for topic in ("contraindications", "techniques", "acupoints", "questions"):
            share = person["topics"][topic]
            assert f'data-wrong="{share["first_tries_wrong"]}" data-of="{share["first_tries"]}"' in row


def test_the_report_holds_one_summary_at_a_time(demo: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Thirty trainees (the class's summaries under other ids), one of them handed in twice: older first, so it is read again to be taken away.
    files = []
    for n in range(30):
        data = json.loads(demo[n % len(demo)].read_text())
        data["trainee"] = f"{n:016x}"
        files.append(tmp_path / f"t{n}.json")
        files[-1].write_text(json.dumps(data))
    newer = json.loads(files[3].read_text())
    newer["items"][0]["attempts"] += 1
    files.append(tmp_path / "t3-later.json")
    files[-1].write_text(json.dumps(newer))
    alive: list[weakref.ref[exports.Summary]] = []
    most = 0
    reads = []
    real = exports.read

    def counting(path: str | Path) -> exports.Summary:
        nonlocal most
        most = max(most, sum(ref() is not None for ref in alive))
        summary = real(path)
        alive.append(weakref.ref(summary))
        reads.append(Path(path).name)
        return summary

    monkeypatch.setattr(exports, "read", counting)
    data = report_json(*files)
    assert data["trainees"] == 30
    assert most == 0  # when each file is read, no summary read before it is still held
    assert reads == [f.name for f in files[:-1]] + ["t3-later.json", "t3.json"]  # t3.json again, to take it away
    first = sum(json.loads(f.read_text())["items"][0]["attempts"] for f in files[:3] + files[4:])
    assert data["people"][3]["file"] != str(files[3]) and first > 0


def test_the_page_names_those_at_risk_first(demo: list[Path]) -> None:
    data = report_json(*demo)
    text = html.page(__import__("massage_quiz.report.build", fromlist=["from_files"]).from_files(tuple(demo))[0], top=10)
    at_risk = text.split('<ol class="bars" id="at-risk">', 1)[1].split("</ol>", 1)[0]
    assert [p["label"] for p in data["people"] if p["at_risk"]] == [
        part.split("</div>", 1)[0] for part in at_risk.split('<div class="label">')[1:]
    ]


def test_counting_column_by_column_or_item_by_item_gives_the_same_report(
    demo: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Ben hands in an older summary after his newer one, Gus a newer one after his older: both are taken away again.
    files = list(demo)
    for name, drop in (("ben", True), ("gus", False)):
        data = json.loads(next(f for f in demo if f.stem == name).read_text())
        for item in data["items"][:3]:
            item["attempts"] += -1 if drop and item["attempts"] > item["days"] else 1
        files.append(tmp_path / f"{name}-other.json")
        files[-1].write_text(json.dumps(data))
    reports = []
    for blocks in (0, 1, 8):
        monkeypatch.setattr(tally, "MAX_BLOCKS", blocks)
        reports.append(CliRunner().invoke(main, ["report", *map(str, files), "--json"]))
    assert all(r.exit_code == 0 for r in reports)
    assert reports[0].stdout == reports[1].stdout == reports[2].stdout
    assert reports[0].stderr.count("are from the same trainee") == 2
    data = json.loads(reports[0].stdout)
    assert data["trainees"] == 8
    # Every item's sums are those of the summaries counted, straight from the files.
    counted = [Path(p["file"]) for p in data["people"]]
    for item in data["items"]:
        rows = [i for f in counted for i in json.loads(f.read_text())["items"] if i["id"] == item["id"]]
        assert (item["trainees"], item["first_tries"], item["first_tries_wrong"], item["attempts"]) == (
            len(rows),
            sum(i["days"] for i in rows),
            sum(i["days_wrong"] for i in rows),
            sum(i["attempts"] for i in rows),
        )


def test_the_table_lists_five_missed_safety_questions_and_counts_the_rest(tmp_path: Path) -> None:
    from massage_quiz.items.load import load_items

    safety = sorted(i.id for i in load_items() if i.topic == "contraindications")[:7]
    summary = exported(tmp_path, "hal", [(safety, wrong_first(*safety))])
    table = CliRunner().invoke(main, ["report", str(summary)]).output
    assert "  hal.json: 100% of first tries wrong (7 of 7), missed:\n" in table
    listed = table.split("missed:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert len(listed) == 6 and all(line.startswith("    1 of 1  ") for line in listed[:5])
    assert listed[5] == "    and 2 more (--json and --html show them all)"
    assert len(report_json(summary)["people"][0]["missed_safety"]) == 7


def test_an_answer_stored_late_counts_by_its_time(tmp_path: Path) -> None:
    # Answers brought from Anki by sync are stored after answers made later: the first of the day is found by time.
    from massage_quiz.drill.scheduling import AGAIN, GOOD, scheduler_for

    with Store(tmp_path / "p.sqlite3") as store:
        store.record(DVT, MONDAY + timedelta(hours=2), AGAIN, False, "", scheduler_for())
        store.record(DVT, MONDAY + timedelta(hours=1), GOOD, True, "", scheduler_for())  # earlier, stored later
        store.record(DVT, MONDAY + timedelta(days=1), AGAIN, False, "", scheduler_for())
        midnight = MONDAY.replace(hour=0) + timedelta(days=2)  # Wednesday begins (the zone is UTC)
        store.record(SHENSHU, midnight - timedelta(minutes=1), GOOD, True, "", scheduler_for())
        store.record(SHENSHU, midnight + timedelta(minutes=1), AGAIN, False, "", scheduler_for())
        items = {i["id"]: i for i in export.summary(store, MONDAY + timedelta(days=3))["items"]}
    assert (items[DVT]["days"], items[DVT]["days_wrong"], items[DVT]["last"]) == (2, 1, "wrong")
    assert (items[SHENSHU]["days"], items[SHENSHU]["days_wrong"], items[SHENSHU]["last_review"]) == (2, 1, "2026-03-04")


def test_trainees_of_the_same_file_name_are_told_apart_by_their_paths(demo: list[Path], tmp_path: Path) -> None:
    files = []
    for n, source in enumerate(f for f in demo if f.stem in ("ben", "dina")):  # two trainees without a name
        (tmp_path / f"class{n}").mkdir()
        files.append(tmp_path / f"class{n}" / "summary.json")
        files[-1].write_bytes(source.read_bytes())
    labels = sorted(p["label"] for p in report_json(*files)["people"])
    assert labels == [f"summary.json ({files[0]})", f"summary.json ({files[1]})"]
