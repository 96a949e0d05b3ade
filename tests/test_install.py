"""The package installs like any other and works with no checkout around."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def build_temp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The temp folder the wheel's build sees, to find what the build leaves there."""
    return tmp_path_factory.mktemp("build-temp")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory, build_temp: Path) -> Path:
    """The wheel a school would hand out, built once, as docs/install.md says: pip's normal, isolated build."""
    dist = tmp_path_factory.mktemp("dist")
    # No --no-build-isolation: pip makes a fresh build environment from build-system.requires
    # alone, as it does for every user, so the build hook cannot lean on the test environment.
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
        capture_output=True,
        text=True,
        env={**_without_test_paths(), "TMPDIR": str(build_temp)},
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (found,) = dist.glob("massage_quiz-*.whl")
    return found


def _without_test_paths() -> dict[str, str]:
    """This environment, less what would point a child at the checkout or the test's content."""
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "MASSAGE_QUIZ_CONTENT", "VIRTUAL_ENV")}


@pytest.mark.slow
def test_the_isolated_build_leaves_nothing_in_the_temp_folder(wheel: Path, build_temp: Path) -> None:
    assert wheel.name == "massage_quiz-0.1.0-py3-none-any.whl"
    assert sorted(p.name for p in build_temp.glob("massage-quiz-build-*")) == []


@pytest.mark.slow
def test_a_failed_build_says_why_and_leaves_nothing_in_the_temp_folder(tmp_path: Path) -> None:
    """Content that does not compile fails the wheel's build hook; its temporary folder goes too."""
    tree = tmp_path / "tree"
    for name in ("src", "cards", "quizzes", "schemas"):
        shutil.copytree(ROOT / name, tree / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "hatch_build.py", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, tree / name)
    (tree / "cards" / "techniques.yaml").write_text("techniques:\n  - id: [unclosed\n", encoding="utf-8")
    temp = tmp_path / "temp"
    temp.mkdir()
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path / "dist"),
            str(tree),
        ],
        capture_output=True,
        text=True,
        env={**_without_test_paths(), "TMPDIR": str(temp)},
    )
    assert built.returncode != 0
    assert "techniques.yaml" in built.stdout + built.stderr
    assert sorted(p.name for p in temp.glob("massage-quiz-build-*")) == []


def test_python_dash_m(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "massage_quiz", "--version"], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "massage-quiz, version 0.1.0\n"


@pytest.mark.slow
def test_wheel_installed_in_a_fresh_venv_checks_from_anywhere(tmp_path: Path, wheel: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(
        subprocess.check_output([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], text=True).strip()
    )
    # Install the wheel itself for real; borrow its dependencies from the test
    # environment (a path in a .pth is added without running that folder's own
    # .pth files, so the editable checkout does not leak in).
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)]
        if _pip_has_python_option()
        else [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--prefix", str(venv), str(wheel)],
        check=True,
        capture_output=True,
    )
    (site / "_borrowed_deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "MASSAGE_QUIZ_CONTENT")}
    where = subprocess.run(
        [python, "-c", "import massage_quiz; print(massage_quiz.__file__)"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
    )
    assert where.stdout.startswith(str(site)), where
    result = subprocess.run([venv / "bin" / "massage-quiz", "check"], capture_output=True, text=True, cwd=elsewhere, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "OK: 5 techniques, 10 acupoints, 24 contraindications, 109 questions from 12 files in 1 folder.\n"
    # The first start after an update: no cache, the items shipped in the wheel serve, nothing is compiled.
    first = subprocess.run(
        [
            python,
            "-c",
            "import sys\nfrom massage_quiz.items.load import load_items\nload_items()\nprint(sorted(m for m in ('yaml', 'attrs') if m in sys.modules))",
        ],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env={**env, "MASSAGE_QUIZ_CACHE": str(tmp_path / "new-cache")},
    )
    assert first.stdout == "[]\n", first.stderr


def _pip_has_python_option() -> bool:
    out = subprocess.run([sys.executable, "-m", "pip", "--version"], capture_output=True, text=True).stdout
    major, minor = (int(x) for x in out.split()[1].split(".")[:2])
    return (major, minor) >= (22, 3)


def test_start_up_imports_no_heavy_modules() -> None:
    code = "import sys, massage_quiz.cli; print(sorted(m for m in ('genanki', 'fsrs', 'platformdirs', 'sqlite3', 'fpdf', 'anki') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout == "[]\n"


@pytest.mark.slow
def test_the_wheel_installed_with_pipx_runs_from_any_directory(tmp_path: Path, wheel: Path) -> None:
    """What docs/install.md tells a school: build the wheel once, hand it out, `pipx install` it."""
    pipx_env = {
        **{k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")},
        "PIPX_HOME": str(tmp_path / "pipx"),
        "PIPX_BIN_DIR": str(tmp_path / "bin"),
        "PIPX_MAN_DIR": str(tmp_path / "man"),
    }
    # As docs/install.md writes it: from the wheel's folder, with "./" (older pipx reads a
    # bare file name as a package name).
    installed = subprocess.run(
        [sys.executable, "-m", "pipx", "install", "--python", sys.executable, f"./{wheel.name}"],
        capture_output=True,
        text=True,
        env=pipx_env,
        cwd=wheel.parent,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    anywhere = tmp_path / "anywhere"
    anywhere.mkdir()
    env = {**pipx_env, "PATH": f"{tmp_path / 'bin'}{os.pathsep}/usr/bin:/bin"}
    version = subprocess.run(["massage-quiz", "--version"], capture_output=True, text=True, cwd=anywhere, env=env)
    assert version.returncode == 0, version.stderr
    assert version.stdout == "massage-quiz, version 0.1.0\n"
    check = subprocess.run(["massage-quiz", "check"], capture_output=True, text=True, cwd=anywhere, env=env)
    assert check.returncode == 0, check.stderr
    assert check.stdout.startswith("OK: ")


def test_the_wheel_ships_the_items_a_fresh_compile_gives(wheel: Path) -> None:
    import json

    from massage_quiz.catalogue.folders import bundled_folder
    from massage_quiz.catalogue.loader import load_folders
    from massage_quiz.items import shipped
    from massage_quiz.items.compile import items

    with zipfile.ZipFile(wheel) as archive:
        data = json.loads(archive.read("massage_quiz/content/items.json"))
    assert data["key"] == shipped.content_digest(bundled_folder())
    assert data["value"] == json.loads(json.dumps([list(i) for i in items(load_folders([bundled_folder()]))]))
