"""Answer matching: codes in any spelling, text without fuss, never a wrong point."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from massage_quiz.catalogue import codes
from massage_quiz.drill.grading import choice_index, order_indexes, text_matches, true_false, typed_matches

ALL_CODES = [f"{prefix}{n}" for prefix, count in codes.WHO_POINT_COUNTS.items() for n in range(1, count + 1)]
ALIASES_OF = {
    canonical: [alias for alias, c in codes.PREFIX_ALIASES.items() if c == canonical] for canonical in codes.WHO_POINT_COUNTS
}


def test_361_who_points() -> None:
    assert len(ALL_CODES) == 361


@pytest.mark.parametrize(
    "answer", ["BL23", "bl23", "BL-23", "bl 023", "Bl.23", " BL23 ", "UB23", "ub-23", "B23", "V23", "bl_0023"]
)
def test_spellings_of_bl23_accepted(answer: str) -> None:
    assert typed_matches(answer, "BL23")


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("Du4", "GV4"),
        ("DU 4", "GV4"),
        ("dm4", "GV4"),
        ("VG4", "GV4"),
        ("Ren4", "CV4"),
        ("RN-4", "CV4"),
        ("RM4", "CV4"),
        ("K3", "KI3"),
        ("KID3", "KI3"),
        ("TW5", "TE5"),
        ("TH5", "TE5"),
        ("SJ5", "TE5"),
        ("TB5", "TE5"),
        ("Liv3", "LR3"),
        ("LV3", "LR3"),
        ("VB30", "GB30"),
        ("ex-b7", "EX-B7"),
        ("EX B 7", "EX-B7"),
        ("ashi", "Ashi"),
    ],
)
def test_older_prefixes_understood(answer: str, expected: str) -> None:
    assert codes.canonical(answer) == expected


@pytest.mark.parametrize(
    "answer", ["BL25", "BL2", "BL230", "BL54", "BL 4 0", "BL40", "GV23", "B", "23", "", "bl", "BL-", "Weizhong"]
)
def test_near_misses_rejected_for_bl23(answer: str) -> None:
    assert not typed_matches(answer, "BL23")


def test_bl54_is_never_weizhong() -> None:
    assert not typed_matches("BL54", "BL40", ("UB40", "B40", "V40"))
    assert not typed_matches("UB54", "BL40", ("UB40",))
    assert typed_matches("ub 40", "BL40", ("UB40",))


def _spell(code: str, data: st.DataObject) -> str:
    """Some spelling of ``code`` that a trainee might type."""
    prefix, number = code.rstrip("0123456789"), code[len(code.rstrip("0123456789")) :]
    prefix = data.draw(st.sampled_from([prefix, *ALIASES_OF[prefix]]))
    prefix = "".join(data.draw(st.sampled_from([c.lower(), c.upper()])) for c in prefix)
    zeros = "0" * data.draw(st.integers(0, 2))
    sep = data.draw(st.sampled_from(["", " ", "-", ".", " - "]))
    return f"{prefix}{sep}{zeros}{number}"


@given(st.data())
def test_every_spelling_of_the_right_code_is_accepted(data: st.DataObject) -> None:
    code = data.draw(st.sampled_from(ALL_CODES))
    assert typed_matches(_spell(code, data), code)


@given(st.data())
def test_no_spelling_of_another_code_is_ever_accepted(data: st.DataObject) -> None:
    expected = data.draw(st.sampled_from(ALL_CODES))
    other = data.draw(st.sampled_from(ALL_CODES).filter(lambda c: c != expected))
    assert not typed_matches(_spell(other, data), expected)


@given(expected=st.sampled_from(ALL_CODES), answer=st.text(max_size=12))
def test_any_accepted_text_names_the_expected_point(expected: str, answer: str) -> None:
    if typed_matches(answer, expected):
        assert codes.canonical(answer) == expected


@pytest.mark.parametrize(
    ("answer", "expected", "variants", "ok"),
    [
        ("elbow", "Elbow", (), True),
        ("  The ELBOW. ", "Elbow", ("the elbow",), True),
        ("soreness, distension!", "Soreness and distension", ("soreness distension",), True),
        ("yaoyan", "Yāoyǎn", (), True),
        ("腰眼", "Yāoyǎn", ("腰眼",), True),
        ("elbows", "Elbow", (), False),
        ("", "Elbow", (), False),
        ("...", "Elbow", (), False),
        ("down", "Downward", ("down", "downwards"), True),
        ("up", "Downward", ("down", "downwards"), False),
    ],
)
def test_text_answers(answer, expected, variants, ok) -> None:
    assert text_matches(answer, expected, variants) is ok


@pytest.mark.parametrize(
    ("answer", "index"),
    [("1", 0), ("3", 2), (" 2. ", 1), ("4", None), ("0", None), ("palm pushing", 1), ("Percussion!", 2), ("kneading", None)],
)
def test_choice_by_number_or_text(answer, index) -> None:
    assert choice_index(answer, ("Tapping", "Palm pushing", "Percussion")) == index


@pytest.mark.parametrize(
    ("answer", "value"), [("t", True), ("True", True), ("yes", True), ("F", False), ("no", False), ("maybe", None)]
)
def test_true_false(answer, value) -> None:
    assert true_false(answer) is value


@pytest.mark.parametrize(
    ("answer", "indexes"),
    [
        ("3 1 2", [2, 0, 1]),
        ("3,1,2", [2, 0, 1]),
        ("312", [2, 0, 1]),
        ("1 2", None),
        ("1 1 2", None),
        ("4 1 2", None),
        ("abc", None),
    ],
)
def test_order_answers(answer, indexes) -> None:
    assert order_indexes(answer, 3) == indexes
