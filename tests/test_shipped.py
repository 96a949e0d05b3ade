"""The bundled content's items shipped in the wheel: used only when they are exactly what compiling would give."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from massage_quiz.catalogue import cache
from massage_quiz.catalogue.folders import Folder, all_folders, bundled_folder
from massage_quiz.catalogue.loader import load_folders
from massage_quiz.items import load, shipped
from massage_quiz.items.compile import items


@pytest.fixture
def wheel_items(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Items shipped as the build hook writes them, where an installed wheel keeps them."""
    path = tmp_path / "content" / "items.json"
    path.parent.mkdir()
    shipped.write(bundled_folder(), path)
    monkeypatch.setattr(shipped, "SHIPPED", path)
    return path


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the times the drill compiles items from the YAML."""
    calls: list[int] = []
    real = load._compile

    def counting(folders: list[Folder], key: str) -> list[object]:
        calls.append(1)
        return real(folders, key)  # type: ignore[return-value]

    monkeypatch.setattr(load, "_compile", counting)
    return calls


def test_the_first_start_after_an_update_reads_the_shipped_items(wheel_items: Path, compiled: list[int]) -> None:
    assert load.load_items() == items(load_folders(all_folders()))
    assert compiled == []
    assert load.load_items() == items(load_folders(all_folders()))  # then from the cache it wrote
    assert compiled == []
    assert list(cache.cache_dir().glob("items-*.json"))


def test_with_no_shipped_items_the_drill_compiles(compiled: list[int]) -> None:
    assert not shipped.SHIPPED.exists()  # a checkout, not a wheel
    load.load_items()
    assert compiled == [1]


def test_instructor_folders_are_never_served_from_the_shipped_items(wheel_items: Path, compiled: list[int], make_folder) -> None:
    folder = make_folder({"cards/extra.yaml": "techniques: []\n"})
    load.load_items((folder,))
    assert compiled == [1]


def test_items_shipped_for_other_content_are_not_used(wheel_items: Path, tmp_path: Path) -> None:
    copy = tmp_path / "edited"
    for sub in ("cards", "quizzes"):
        shutil.copytree(bundled_folder().path / sub, copy / sub)
    assert shipped.read(Folder(copy, "edited", bundled=True)) is not None  # the same bytes at the same places
    path = copy / "cards" / "techniques.yaml"
    path.write_bytes(path.read_bytes() + b"# an edit\n")
    assert shipped.read(Folder(copy, "edited", bundled=True)) is None


def test_items_shipped_by_another_version_are_not_used(wheel_items: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import massage_quiz

    monkeypatch.setattr(massage_quiz, "__version__", "0.0.0-other")
    assert shipped.read(bundled_folder()) is None


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"not json",
        b'{"key": "x", "value": []}',
        b'{"value": []}',
        b'{"key": "%s", "value": 3}',
        b'{"key": "%s", "value": [[1]]}',
    ],
)
def test_damaged_shipped_items_are_compiled_afresh(wheel_items: Path, compiled: list[int], damage: bytes) -> None:
    wheel_items.write_bytes(damage.replace(b"%s", shipped.content_digest(bundled_folder()).encode()))
    assert load.load_items() == items(load_folders(all_folders()))
    assert compiled == [1]
