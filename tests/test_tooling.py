"""The code is kept tidy by tools, run here so that the README's test command (and CI) runs them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "command",
    [
        [sys.executable, "-m", "ruff", "check", "."],
        [sys.executable, "-m", "ruff", "format", "--check", "."],
        [sys.executable, "-m", "mypy"],  # strict, over src/ (see pyproject.toml)
    ],
    ids=["ruff-check", "ruff-format", "mypy-strict"],
)
def test_the_tree_is_clean(command: list[str]) -> None:
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_blanket_type_ignore() -> None:
    for path in (ROOT / "src").rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if "type: ignore" in line:
                assert "type: ignore[" in line and "#" in line.split("type: ignore[", 1)[1], (
                    f"{path}:{number}: name the code and say why"
                )


def test_tests_never_reach_the_real_user_folders(monkeypatch: pytest.MonkeyPatch) -> None:
    import os
    import tempfile

    from massage_quiz.catalogue.cache import cache_dir
    from massage_quiz.drill.progress import default_path

    monkeypatch.delenv("MASSAGE_QUIZ_STATE")
    monkeypatch.delenv("MASSAGE_QUIZ_CACHE")
    temporary = os.path.realpath(tempfile.gettempdir())
    assert os.path.realpath(default_path()).startswith(temporary)
    assert os.path.realpath(cache_dir()).startswith(temporary)
