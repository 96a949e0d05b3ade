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


STAGES = (
    "catalogue",
    "facets",
    "course",
    "items",
    "anki",
    "drill",
    "report",
    "sheet",
    "sync",
    "authoring",
    "commands",
)  # in the order data flows


def import_graph() -> dict[str, set[str]]:
    """Every module of the package and the package modules it imports, at the top or inside a function."""
    import ast

    root = ROOT / "src" / "massage_quiz"
    modules = {
        ".".join(p.relative_to(root.parent).with_suffix("").parts).removesuffix(".__init__"): p for p in root.rglob("*.py")
    }
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("massage_quiz"):
                for alias in node.names:
                    target = f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in modules else node.module
                    if target != name:
                        graph[name].add(target)
    return graph


def test_no_import_circles() -> None:
    graph = import_graph()

    def in_a_circle(start: str) -> bool:
        seen, todo = set(), list(graph[start])
        while todo:
            module = todo.pop()
            if module == start:
                return True
            if module not in seen:
                seen.add(module)
                todo.extend(graph.get(module, ()))
        return False

    assert [module for module in graph if in_a_circle(module)] == []


def test_stages_import_only_from_the_stages_before_them() -> None:
    def stage(module: str) -> int | None:
        part = module.split(".")[1] if module.count(".") else ""
        return STAGES.index(part) if part in STAGES else None

    backwards = []
    for module, targets in import_graph().items():
        for target in targets:
            here, there = stage(module), stage(target)
            # anki and drill are parallel stages: neither may import the other.
            parallel = {here, there} == {STAGES.index("anki"), STAGES.index("drill")}
            if here is not None and there is not None and (there > here or parallel) and here != there:
                backwards.append((module, target))
    assert backwards == []


def test_every_folder_of_the_package_is_a_stage_or_a_library_that_imports_no_stage() -> None:
    root = ROOT / "src" / "massage_quiz"
    folders = {path.parent.name for path in root.glob("*/__init__.py")}
    # bodymap is geometry drawn by several stages; it may import nothing of theirs.
    assert folders - set(STAGES) == {"bodymap"}
    graph = import_graph()
    reaches = {t.split(".")[1] for m, ts in graph.items() if m.startswith("massage_quiz.bodymap") for t in ts}
    assert reaches <= {"bodymap"}


def test_the_readme_map_lists_the_stages_in_the_order_the_test_enforces() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    text = readme.split("## Developing", 1)[1].split("```text", 1)[1].split("```", 1)[0]
    import re

    listed = [m.group(1) for m in re.finditer(r"^[ ->|]*([a-z]+)/ ", text, re.MULTILINE)]
    assert [folder for folder in listed if folder in STAGES] == list(STAGES)


def test_an_unexpected_error_gives_a_message_and_a_report_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from massage_quiz.catalogue import loader
    from massage_quiz.catalogue.cache import cache_dir
    from massage_quiz.cli import main

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(loader, "load_cached", broken)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 70
    (report,) = (cache_dir() / "crash-reports").iterdir()
    assert result.output == (
        "massage-quiz stopped on an unexpected error (ZeroDivisionError: a bug). Nothing you had saved was lost.\n"
        f"A report was written to {report}; please send it to whoever gave you massage-quiz.\n"
    )
    assert "Traceback" not in result.output
    text = report.read_text()
    assert "command: massage-quiz" in text and "ZeroDivisionError: a bug" in text and "Traceback" in text


def test_a_reader_that_goes_away_ends_the_command_quietly(monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from massage_quiz import output
    from massage_quiz.cli import main

    def gone(*args: object, **kwargs: object) -> None:
        raise BrokenPipeError(32, "Broken pipe")  # as when piped into `head`, which stopped reading

    monkeypatch.setattr(output, "echo", gone)
    result = CliRunner().invoke(main, ["list"])
    assert result.exit_code == 1
    assert "unexpected error" not in result.output
