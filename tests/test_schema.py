"""The JSON Schema and the loader are one description of the format, and agree."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from generate_schemas import json_schema, json_schema_text

from massage_quiz.catalogue.folders import Folder
from massage_quiz.catalogue.loader import load_folders
from massage_quiz.errors import ContentError

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("folder", ["cards", "quizzes"])
def test_shipped_schema_is_the_generated_one(folder: str) -> None:
    shipped = ROOT / "schemas" / f"{folder}.schema.json"
    assert shipped.read_text(encoding="utf-8") == json_schema_text(folder), "run: python scripts/generate_schemas.py"
    jsonschema.Draft7Validator.check_schema(json.loads(shipped.read_text(encoding="utf-8")))


@pytest.mark.parametrize(
    "path", sorted(p.relative_to(ROOT).as_posix() for p in [*ROOT.glob("cards/*.yaml"), *ROOT.glob("quizzes/*.yaml")])
)
def test_bundled_files_pass_the_schema_and_carry_the_editor_hint(path: str) -> None:
    folder = path.split("/")[0]
    text = (ROOT / path).read_text(encoding="utf-8")
    assert text.startswith(f"# yaml-language-server: $schema=../schemas/{folder}.schema.json\n")
    assert list(jsonschema.Draft7Validator(json_schema(folder)).iter_errors(yaml.safe_load(text))) == []


GOOD = {
    "quizzes": "questions:\n  - id: q\n    type: typed\n    prompt: What is it?\n    answer: BL23\n    source: notes\n",
    "cards": "acupoints:\n  - id: p\n    code: BL23\n    pinyin: Shènshū\n    location: L2, 1.5 B-cun lateral\n    source: WHO\n",
}
BAD = [
    ("quizzes", GOOD["quizzes"] + "    colour: red\n"),
    ("quizzes", GOOD["quizzes"].replace("    answer: BL23\n", "")),
    ("quizzes", GOOD["quizzes"].replace("id: q", "id: Not An Id")),
    ("quizzes", GOOD["quizzes"].replace("prompt: What is it?", "prompt: [a, b]")),
    ("quizzes", GOOD["quizzes"].replace("type: typed", "type: essay")),
    ("quizzes", GOOD["quizzes"].replace("type: typed", "type: true-false")),
    ("quizzes", GOOD["quizzes"].replace("type: typed", "type: choice")),
    ("quizzes", GOOD["quizzes"].replace("type: typed", "type: order")),
    ("quizzes", GOOD["quizzes"] + "    distractors: [BL25]\n"),
    (
        "quizzes",
        GOOD["quizzes"].replace("type: typed", "type: true-false").replace("answer: BL23", "answer: true")
        + "    accept: [yes]\n",
    ),
    ("quizzes", GOOD["quizzes"] + "    tags: [two words]\n"),
    ("quizzes", GOOD["quizzes"] + "    technique: palm-pushing\n    acupoint: shenshu\n"),
    ("quizzes", GOOD["quizzes"].replace("questions:", "questoins:")),
    ("quizzes", GOOD["quizzes"].replace("prompt: What is it?", "prompt: ''")),
    ("quizzes", "questions:\n  - id: q\n    type: order\n    prompt: p\n    answer: [a, a]\n"),
    ("cards", GOOD["cards"].replace("code: BL23", "code: BL70")),
    ("cards", GOOD["cards"].replace("code: BL23", "code: XY3")),
    ("cards", GOOD["cards"].replace("code: BL23", "code: EX-B07")),
    ("cards", GOOD["cards"] + "    meridan: Bladder\n"),
    ("cards", "contraindications:\n  - id: c\n    condition: X\n    rule: maybe\n"),
    ("cards", "techniques:\n  - id: t\n    name: T\n"),
    ("cards", "questions: []\n"),
]


def _loader_accepts(folder: str, text: str, tmp_path: Path) -> bool:
    root = tmp_path / "content"
    (root / folder).mkdir(parents=True)
    (root / folder / "file.yaml").write_text(text, encoding="utf-8")
    try:
        load_folders([Folder(root, "content")])
    except ContentError:
        return False
    return True


def _schema_accepts(folder: str, text: str) -> bool:
    return not list(jsonschema.Draft7Validator(json_schema(folder)).iter_errors(yaml.safe_load(text)))


@pytest.mark.parametrize("folder", ["cards", "quizzes"])
def test_both_accept_a_good_file(folder: str, tmp_path: Path) -> None:
    assert _loader_accepts(folder, GOOD[folder], tmp_path)
    assert _schema_accepts(folder, GOOD[folder])


@pytest.mark.parametrize(("folder", "text"), BAD, ids=[f"bad-{n}" for n in range(len(BAD))])
def test_both_reject_a_bad_file(folder: str, text: str, tmp_path: Path) -> None:
    assert not _loader_accepts(folder, text, tmp_path)
    assert not _schema_accepts(folder, text)
