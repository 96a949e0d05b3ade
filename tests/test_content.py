"""The bundled content: complete, sourced, and true to the seed and the content facts."""

from __future__ import annotations

from collections import Counter

import pytest

from massage_quiz.catalogue import codes
from massage_quiz.catalogue.catalogue import Catalogue
from massage_quiz.catalogue.loader import load
from massage_quiz.drill.grading import typed_matches


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load()


def test_every_entry_names_its_source(catalogue: Catalogue) -> None:
    unsourced = [f"{e.kind}:{e.id}" for e in catalogue.entries() if not e.source]
    assert unsourced == []


def test_the_five_methods_of_the_seed(catalogue: Catalogue) -> None:
    assert [t.id for t in catalogue.techniques] == [
        "palm-pushing",
        "pressing-kneading",
        "point-pressing",
        "percussion",
        "tapping",
    ]
    tapping = catalogue.get("technique", "tapping")
    assert any("Slapping" in name for name in tapping.other_names)
    assert tapping.chinese == "拍法" and tapping.pinyin == "pāi fǎ"
    assert catalogue.get("technique", "point-pressing").acupoints == ("shenshu", "weizhong", "mingmen")


# Code, pinyin and hanzi from the content facts' acupoint table.
ACUPOINT_TABLE = [
    ("BL23", "Shènshū", "肾俞"),
    ("GV4", "Mìngmén", "命门"),
    ("BL40", "Wěizhōng", "委中"),
    ("BL25", "Dàchángshū", "大肠俞"),
    ("BL52", "Zhìshì", "志室"),
    ("GV3", "Yāoyángguān", "腰阳关"),
    ("BL60", "Kūnlún", "昆仑"),
    ("GB30", "Huántiào", "环跳"),
    ("EX-B7", "Yāoyǎn", "腰眼"),
    ("Ashi", "Āshì", "阿是穴"),
]


def test_acupoints_match_the_content_facts(catalogue: Catalogue) -> None:
    assert [(a.code, a.pinyin, a.hanzi) for a in catalogue.acupoints] == ACUPOINT_TABLE


@pytest.mark.parametrize(
    ("code", "level", "lateral"),
    [
        ("BL23", "L2", "1.5 B-cun lateral"),
        ("BL52", "L2", "3 B-cun lateral"),
        ("GV4", "L2", "posterior midline"),
        ("BL25", "L4", "1.5 B-cun lateral"),
        ("GV3", "L4", "posterior midline"),
    ],
)
def test_lumbar_point_locations(catalogue: Catalogue, code: str, level: str, lateral: str) -> None:
    point = next(a for a in catalogue.acupoints if a.code == code)
    assert f"spinous process of {level}" in point.location
    assert lateral in point.location


def test_shu_is_written_with_one_tone_throughout(catalogue: Catalogue) -> None:
    text = " ".join(str(getattr(e, f, "")) for e in catalogue.entries() for f in ("pinyin", "prompt", "answer", "explanation"))
    assert "shù" not in text.lower()
    assert "shū" in text


def test_weizhong_is_never_bl54(catalogue: Catalogue) -> None:
    weizhong = catalogue.get("acupoint", "weizhong")
    assert weizhong.code == "BL40"
    assert not typed_matches("BL54", weizhong.code, weizhong.code_spellings)
    assert all(codes.canonical(s) == "BL40" for s in weizhong.code_spellings)


def test_disputed_location_is_marked(catalogue: Catalogue) -> None:
    assert "3.5 to 4" in catalogue.get("acupoint", "yaoyan").disputed


# Questions that repeated a card facet were removed (content review), so the
# technique and code topics hold fewer instructor questions than before.
@pytest.mark.parametrize(
    ("topic", "least"),
    [("hand-position", 4), ("direction", 3), ("acupoint-code", 4), ("acupoint-location", 6), ("contraindication", 6)],
)
def test_questions_cover_each_topic(catalogue: Catalogue, topic: str, least: int) -> None:
    counts = Counter(tag for q in catalogue.questions for tag in q.tags)
    assert counts[topic] >= least


def test_at_least_forty_questions_of_all_four_kinds(catalogue: Catalogue) -> None:
    assert len(catalogue.questions) >= 40
    assert {q.type for q in catalogue.questions} == {"typed", "choice", "true-false", "order"}


def test_code_questions_agree_with_the_cards(catalogue: Catalogue) -> None:
    for question in catalogue.questions:
        if "acupoint-code" in question.tags and question.type == "typed" and codes.canonical(question.answer):
            point = catalogue.get("acupoint", question.acupoint)
            assert question.answer == point.code, question.id


def test_contraindication_rules_from_the_content_facts(catalogue: Catalogue) -> None:
    rules = {c.id: c.rule for c in catalogue.contraindications}
    assert {k for k, v in rules.items() if v == "refer"} == {
        "cauda-equina-syndrome",
        "spinal-fracture",
        "spinal-malignancy",
        "spinal-infection",
        "bone-infection",
        "deep-vein-thrombosis",
        # Pass 6 (content-facts-3.md): urgent causes of back pain, spinal and not.
        "spinal-cord-compression",
        "aortic-aneurysm",
        "kidney-infection",
    }
    # Pass 6, content-facts-3.md corrections 1 and 6: fever and contagious skin disease are "no massage
    # until cleared" ("systemically contraindicated"), not a referral.
    assert {k for k, v in rules.items() if v == "postpone"} == {
        "fever-acute-infection",
        "lice-scabies",
        "fungal-infection-large",
        "shingles-acute",
    }
    # Corrected per content-facts-addendum section 7: a known recent fracture is local (Werner & Benjamin);
    # tumour sites are adapted, not avoided (the popliteal fossa, whose sources differ on avoid vs adapt, is
    # taught on Wěizhōng's card since pass 4); the seed's two keep off the lower back unless a physician
    # guides the massage, in the seed's own words; pregnancy too since pass 5 (NCCIH: talk with the provider first).
    assert {k for k, v in rules.items() if v == "avoid-area"} == {
        "wounds-skin-lesions",
        "recent-fracture-dislocation",
        "fresh-surgical-site",
    }
    assert {k for k, v in rules.items() if v == "physician"} == {"severe-lumbar-spine-disease", "skin-disease", "pregnancy"}
