"""Unusual settings in the environment: each refused with one line naming the setting, never a traceback."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from massage_quiz.cli import main


@pytest.mark.parametrize(
    ("env", "code", "message"),
    [
        (
            {"MASSAGE_QUIZ_RETENTION": "nan"},
            2,
            "Error: Invalid value for '--retention': 'nan' is not a number in the range 0.7<=x<=0.99.",
        ),
        ({"MASSAGE_QUIZ_RETENTION": "inf"}, 2, "Error: Invalid value for '--retention': inf is not in the range 0.7<=x<=0.99."),
        ({"MASSAGE_QUIZ_NEW_PER_DAY": "-1"}, 2, "Error: Invalid value for '--new-per-day': -1 is not in the range x>=0."),
        (
            {"MASSAGE_QUIZ_NOW": "yesterday"},
            1,
            "Error: MASSAGE_QUIZ_NOW must be an ISO 8601 time such as 2026-01-01T09:00:00+00:00, not 'yesterday'",
        ),
        ({"MASSAGE_QUIZ_NOW": "2026-01-01T09:00"}, 1, "Error: MASSAGE_QUIZ_NOW needs a time zone, e.g. 2026-01-01T09:00+00:00"),
        ({"MASSAGE_QUIZ_CONTENT": "/nonexistent"}, 2, "Error: content folder '/nonexistent' does not exist or is not a folder"),
        (
            {"MASSAGE_QUIZ_STATE": "/tmp"},
            1,
            "Error: the progress file /tmp is a folder: name a file, such as /tmp/progress.sqlite3",
        ),
        (
            {"MASSAGE_QUIZ_STATE": "/dev/null"},
            1,
            "Error: the progress file /dev/null is not a regular file (a device or a pipe): choose another with --state",
        ),
    ],
)
def test_a_bad_setting_for_the_drill(env: dict[str, str], code: int, message: str) -> None:
    result = CliRunner().invoke(main, ["drill", "--limit", "1"], input="q\n", env=env)
    assert result.exit_code == code
    assert result.output.rstrip().endswith(message)
    assert "unexpected error" not in result.output


def test_an_unusable_cache_folder_only_costs_time() -> None:
    result = CliRunner().invoke(main, ["drill", "--limit", "1"], input="q\n", env={"MASSAGE_QUIZ_CACHE": "/dev/null"})
    assert result.exit_code == 0
    assert result.output.endswith("Session over: 0 answered, 0 right.\n")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-1", "Error: SOURCE_DATE_EPOCH must be between 0 and 4354819199 (the last time a zip file can hold), not -1"),
        (
            "99999999999",
            "Error: SOURCE_DATE_EPOCH must be between 0 and 4354819199 (the last time a zip file can hold), not 99999999999",
        ),
        ("1e9", "Error: SOURCE_DATE_EPOCH must be a whole number of seconds, not '1e9'"),
    ],
)
def test_a_bad_source_date_epoch(tmp_path, monkeypatch: pytest.MonkeyPatch, value: str, message: str) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build"], env={"SOURCE_DATE_EPOCH": value})
    assert result.exit_code == 1
    assert result.output == message + "\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("value", ["", "  ", "1767225600", "0", "4354819199", "-1", "99999999999", "1e9", "yesterday", "１２３"])
def test_build_and_sheet_read_source_date_epoch_alike(tmp_path, monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    """One reading of SOURCE_DATE_EPOCH: every command that writes a file accepts or refuses a value alike, in the same words."""
    monkeypatch.chdir(tmp_path)
    env = {"SOURCE_DATE_EPOCH": value}
    build = CliRunner().invoke(main, ["build", "-o", "deck.apkg"], env=env)
    sheet = CliRunner().invoke(main, ["sheet", "-o", "sheet.pdf", "--count", "2", "--seed", "1"], env=env)
    assert build.exit_code == sheet.exit_code, (build.output, sheet.output)
    if build.exit_code:
        assert build.exit_code == 1 and build.output == sheet.output  # the same one line
        assert list(tmp_path.iterdir()) == []
    else:
        assert (tmp_path / "deck.apkg").is_file() and (tmp_path / "sheet.pdf").is_file()
