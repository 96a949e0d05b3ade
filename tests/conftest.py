"""Shared fixtures: tests never touch the real home directory or the user's content."""

from __future__ import annotations

import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def pinned_time_zone(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run every test in UTC, so that what it prints in local time is the same on any machine.

    Tests marked ``machine_time_zone`` keep the machine's zone instead: they must
    hold in any zone at any hour, and CI runs them a second time with TZ chosen
    so that the local time is 02:30, before Anki's day starts at 4 a.m.
    """
    if request.node.get_closest_marker("machine_time_zone"):
        yield
        return
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture(autouse=True)
def isolated_user_state(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point progress at a temporary file and forget any instructor folders of the host."""
    state = tmp_path_factory.mktemp("state") / "progress.sqlite3"
    monkeypatch.setenv("MASSAGE_QUIZ_STATE", str(state))
    monkeypatch.setenv("MASSAGE_QUIZ_CACHE", str(tmp_path_factory.mktemp("cache")))
    # Should any code path ask platformdirs after all, it finds these, never the real ones.
    home = tmp_path_factory.mktemp("home")
    for variable in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(variable, str(home / variable.lower()))
    monkeypatch.delenv("MASSAGE_QUIZ_CONTENT", raising=False)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.delenv("MASSAGE_QUIZ_NOW", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    return state


@pytest.fixture
def make_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Create an instructor folder from {relative path: YAML text}; cwd is its parent."""
    monkeypatch.chdir(tmp_path)

    def make(files: dict[str, str | bytes], name: str = "class") -> str:
        for relative, text in files.items():
            path = tmp_path / name / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        for sub in ("cards", "quizzes"):
            (tmp_path / name / sub).mkdir(parents=True, exist_ok=True)
        return name

    return make


@pytest.fixture(scope="session")
def deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled content's deck, built once for every test that only reads it (the sync tests import it)."""
    from click.testing import CliRunner

    from massage_quiz.cli import main

    folder = tmp_path_factory.mktemp("deck")
    path = folder / "lumbar-back-massage.apkg"
    # Its own cache and progress file: a session fixture runs outside any one test's isolated state.
    env = {
        "MASSAGE_QUIZ_CACHE": str(folder / "cache"),
        "MASSAGE_QUIZ_STATE": str(folder / "progress.sqlite3"),
        "MASSAGE_QUIZ_CONTENT": None,
        "SOURCE_DATE_EPOCH": None,
    }
    result = CliRunner().invoke(main, ["build", "-o", str(path)], env=env)
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Anki sync server on localhost with one user, empty for each test."""
    from sync_helpers import serving

    yield from serving(tmp_path_factory.mktemp("server"))
