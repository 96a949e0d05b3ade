"""The caches of compiled content: exact, invalidated by any change, never trusted blindly."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from massage_quiz.catalogue import cache
from massage_quiz.catalogue.catalogue import from_json, to_json
from massage_quiz.catalogue.folders import all_folders
from massage_quiz.catalogue.loader import load, load_folders
from massage_quiz.cli import main
from massage_quiz.items.compile import items
from massage_quiz.items.load import load_items


def test_catalogue_round_trips_through_the_cache_format() -> None:
    original = load_folders(all_folders())
    cache.write("round-trip", "key", to_json(original))
    again = from_json(cache.read("round-trip", "key"))  # type: ignore[arg-type]
    assert list(again.entries()) == list(original.entries())
    assert [e.origin for e in again.entries()] == [e.origin for e in original.entries()]
    assert [e.origin.fields for e in again.entries()] == [e.origin.fields for e in original.entries()]
    assert again.summary() == original.summary()
    assert again.get("acupoint", "shenshu") == original.get("acupoint", "shenshu")


def test_items_from_the_cache_equal_items_built_afresh() -> None:
    fresh = items(load_folders(all_folders()))
    assert load_items() == fresh  # builds and writes the cache
    assert load_items() == fresh  # reads it
    assert list(cache.cache_dir().glob("items-*.json"))


QUESTION = "questions:\n  - id: cached\n    type: typed\n    prompt: Code of Mìngmén?\n    answer: {answer}\n    explanation: x\n    acupoint: mingmen\n    source: WHO\n"


def test_an_edit_is_seen_even_when_size_and_time_are_unchanged(make_folder, tmp_path: Path) -> None:
    folder = make_folder({"quizzes/q.yaml": QUESTION.format(answer="GV4")})
    path = tmp_path / folder / "quizzes" / "q.yaml"
    assert load((folder,)).get("question", "cached").answer == "GV4"
    stat = path.stat()
    path.write_text(QUESTION.format(answer="GV3"), encoding="utf-8")  # same size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same modification time
    assert load((folder,)).get("question", "cached").answer == "GV3"
    assert [i.answer for i in load_items((folder,)) if i.id == "question/cached"] == ["GV3"]


def test_errors_are_never_hidden_by_the_cache(make_folder, tmp_path: Path) -> None:
    folder = make_folder({"quizzes/q.yaml": QUESTION.format(answer="GV4")})
    assert CliRunner().invoke(main, ["check", "--content", folder]).exit_code == 0
    (tmp_path / folder / "quizzes" / "q.yaml").write_text(QUESTION.format(answer="GV4") + "    colour: red\n")
    result = CliRunner().invoke(main, ["check", "--content", folder])
    assert result.exit_code == 1
    assert "unknown key 'colour'" in result.output


@pytest.mark.parametrize("damage", [b"", b"not json", b'{"key": [], "value": 3}', b'{"key": "x"}'])
def test_a_damaged_cache_is_rebuilt(damage: bytes) -> None:
    catalogue = load_folders(all_folders())
    expected, count = catalogue.summary(), len(items(catalogue))
    load()
    load_items()
    for path in cache.cache_dir().glob("*.json"):
        path.write_bytes(damage)
    assert load().summary() == expected
    assert len(load_items()) == count


def test_an_unwritable_cache_only_costs_time(monkeypatch, tmp_path: Path) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be")
    monkeypatch.setenv("MASSAGE_QUIZ_CACHE", str(blocked / "cache"))
    assert load_items() == items(load_folders(all_folders()))
    assert load().summary().startswith("5 techniques")


def test_the_cache_key_is_a_cryptographic_digest_of_every_part() -> None:
    assert cache.digest([b"ab", b"c"]) != cache.digest([b"a", b"bc"])  # parts cannot run into each other
    assert len(cache.digest([b"x"])) == 64  # SHA-256, not a 32-bit checksum that collides


def test_the_cache_stores_any_json_value_under_its_key() -> None:
    cache.write("anything", "key-1", {"a": [1, "二"]})
    assert cache.read("anything", "key-1") == {"a": [1, "二"]}
    assert cache.read("anything", "key-2") is None  # stale
    assert cache.read("nothing", "key-1") is None  # missing


def test_the_warm_drill_loads_no_yaml_or_attrs(tmp_path: Path) -> None:
    import subprocess

    env = {**os.environ}
    code = (
        "import sys\nfrom massage_quiz.items.load import load_items\nload_items()\n"
        "print(sorted(m for m in ('yaml', 'attrs', 'genanki', 'fsrs', 'fpdf', 'anki') if m in sys.modules))"
    )
    subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True)  # warms the cache
    warm = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True)
    assert warm.stdout == "[]\n"


def test_benchmark_content_is_valid_and_covered(tmp_path: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    try:
        import generate
    finally:
        sys.path.pop(0)
    counts = generate.content(tmp_path / "bench", 300)
    assert counts == {"technique": 15, "acupoint": 30, "contraindication": 15, "question": 240}
    result = CliRunner().invoke(main, ["check", "--strict", "--content", str(tmp_path / "bench")])
    assert result.exit_code == 0, result.output
    assert result.output == "OK: 20 techniques, 40 acupoints, 39 contraindications, 349 questions from 16 files in 2 folders.\n"
    shutil.rmtree(tmp_path / "bench")


def test_distractors_touch_a_bounded_number_of_answers_per_item(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from massage_quiz.items import compile as compiling

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    try:
        import generate
    finally:
        sys.path.pop(0)
    draws: list[tuple[int, int]] = []  # (answers in the pool, answers looked at) per item
    drawn = compiling.Pool.distractors

    def counted(pool: compiling.Pool, correct: str, rng: object, also_true: tuple[str, ...] = ()) -> list[str]:
        before = pool.touched
        result = drawn(pool, correct, rng, also_true)  # type: ignore[arg-type]
        draws.append((len(pool.texts), pool.touched - before))
        return result

    monkeypatch.setattr(compiling.Pool, "distractors", counted)
    generate.content(tmp_path / "bench", 2000)
    items(load_folders(all_folders((str(tmp_path / "bench"),))))
    # Pools far larger than the bound, so looking at every answer per item (quadratic) would fail.
    assert max(size for size, _ in draws) >= 200
    assert max(looked for _, looked in draws) <= 64


def test_the_catalogue_cache_is_no_larger_than_the_yaml(tmp_path: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    try:
        import generate
    finally:
        sys.path.pop(0)
    generate.content(tmp_path / "bench", 2000)
    folders = all_folders((str(tmp_path / "bench"),))
    load(((str(tmp_path / "bench")),))  # writes the cache
    (written,) = cache.cache_dir().glob("catalogue-*.json")
    yaml_size = sum(p.stat().st_size for f in folders for p in f.path.rglob("*.yaml"))
    assert written.stat().st_size <= yaml_size


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=7) | st.dictionaries(st.text(max_size=3), inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None)
@given(JSON)
def test_the_cache_writes_long_lists_in_chunks_as_the_same_json(value: object) -> None:
    import io
    import json

    out = io.BytesIO()
    chunk, cache.CHUNK = cache.CHUNK, 2  # chunks of two, so that short lists are written in several
    try:
        cache._write_json(out, value)
    finally:
        cache.CHUNK = chunk
    assert json.loads(out.getvalue()) == value


def _generated(tmp_path: Path, entries: int) -> list:
    """The folders of ``entries`` generated entries (benchmarks/generate.py), over the bundled content."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    try:
        import generate
    finally:
        sys.path.pop(0)
    generate.content(tmp_path / f"c{entries}", entries)
    return all_folders((str(tmp_path / f"c{entries}"),))


def test_checking_holds_a_bounded_amount_per_entry(tmp_path: Path) -> None:
    """What `check` holds at its peak grows by at most 850 bytes an entry (it was 1,300: the YAML tree, a Built per entry,
    the cache made whole, the lint's texts; then 877: origins, copies of ids, the lint's table, the cache a thousand at a time)."""
    import gc
    import tracemalloc

    from massage_quiz.anki import notes
    from massage_quiz.facets import lint

    def peak(entries: int) -> int:
        folders = _generated(tmp_path, entries)
        gc.collect()
        tracemalloc.start()
        try:
            catalogue = load_folders(folders)
            cache.write(f"check-{entries}", "key", to_json(catalogue))
            lint.warnings(catalogue)
            notes.keep(folders, catalogue, "key")  # the notes, for the build that follows: a chunk at a time
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    peak(500)  # what a first load allocates once (caches, tables) falls outside the counts below
    small, large = peak(1000), peak(3000)  # files of a thousand entries: the same YAML tree at a time in both
    assert (large - small) / 2000 <= 850


def test_a_loaded_catalogue_holds_under_540_bytes_an_entry_and_the_lint_under_70_more(tmp_path: Path) -> None:
    """Counted after loading: the records, their texts and origins, the index (613 bytes an entry before origins were
    one integer each and references held their entry's own id); while the lint looks for questions asked twice,
    what it adds (107 bytes an entry with a dictionary of every question's hash); and while `check` keeps the notes."""
    import gc
    import tracemalloc

    from massage_quiz.anki import notes
    from massage_quiz.facets import lint

    def held(entries: int) -> tuple[int, int, int]:
        folders = _generated(tmp_path, entries)
        gc.collect()
        tracemalloc.start()
        try:
            catalogue = load_folders(folders)
            gc.collect()
            loaded = tracemalloc.get_traced_memory()[0]
            tracemalloc.reset_peak()
            lint.same_prompt_twice(catalogue)
            linted = tracemalloc.get_traced_memory()[1] - loaded
            tracemalloc.reset_peak()
            notes.keep(folders, catalogue, "key")
            return loaded, linted, tracemalloc.get_traced_memory()[1] - loaded
        finally:
            tracemalloc.stop()

    held(500)  # what a first load allocates once (caches, tables) falls outside the counts below
    (small, small_lint, small_notes), (large, large_lint, large_notes) = held(1000), held(3000)
    assert (large - small) / 2000 <= 540
    assert (large_lint - small_lint) / 2000 <= 70
    # Each note's fields written as they are rendered, and positions as arrays (the turns taken as one list of numbers
    # for a moment: 45 bytes an entry); a dictionary of positions by (kind, id) added 130 bytes an entry.
    assert (large_notes - small_notes) / 2000 <= 60


def test_the_cache_knows_from_a_files_first_bytes_whether_it_holds_a_key(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv(cache.ENV_CACHE, str(tmp_path))
    assert not cache.holds("notes-x", "k1")  # no file
    cache.write("notes-x", "k1", {"notes": iter([[1, 2]] * 500), "media": {}})
    assert cache.holds("notes-x", "k1") and not cache.holds("notes-x", "k2") and not cache.holds("notes-y", "k1")
    assert cache.read("notes-x", "k1") == {"notes": [[1, 2]] * 500, "media": {}}
    (tmp_path / "notes-x.json").write_bytes(b'{"ke')  # cut short
    assert not cache.holds("notes-x", "k1")


def test_lists_of_text_are_held_once() -> None:
    techniques = load_folders(all_folders()).of("technique")
    assert techniques[0].tags == techniques[1].tags == ("seed",)
    assert techniques[0].tags is techniques[1].tags
