"""The code cards' type-in, graded as fairly as the drill: in the real Anki engine's comparison, typed in Chromium.

The card's own script runs in a browser as a client runs it; what it leaves in
the box is what Anki's engine (``col.compare_answer``) compares. Without
Debian's chromium these are skipped, unless MASSAGE_QUIZ_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import screenshots as shots

from massage_quiz.catalogue import codes

EXECUTABLE = shots.chromium()
REQUIRED = os.environ.get("MASSAGE_QUIZ_REQUIRE_BROWSER") == "1"
needs_browser = pytest.mark.skipif(
    EXECUTABLE is None and not REQUIRED, reason="Debian's chromium is not installed (apt-get install chromium)"
)


@pytest.fixture(scope="module")
def deck(tmp_path_factory: pytest.TempPathFactory) -> Any:
    col = shots.imported_deck(tmp_path_factory.mktemp("typein"))
    yield col
    col.close()


@pytest.fixture(scope="module")
def browser() -> Any:
    if EXECUTABLE is None:
        pytest.fail("MASSAGE_QUIZ_REQUIRE_BROWSER=1 but Debian's chromium is not installed", pytrace=False)
    opened = shots.Browser(EXECUTABLE)
    yield opened
    opened.close()


def _code_card(col: Any, point: str) -> Any:
    (cid,) = col.find_cards(f'"Key:acupoint:{point}" "card:Name → code"')
    return col.get_card(cid)


def _page(browser: Any, col: Any, html: str, scratch: Path) -> Any:
    side = shots.Side("typein", "acupoint", "Name → code", "question", 0, html)
    return browser.show(side, Path(col.media.dir()), "light", 360, scratch)


def test_the_engine_keeps_the_script_on_both_sides(deck: Any) -> None:
    card = _code_card(deck, "shenshu")
    assert "mqCanonical" in card.question() and "[[type:Code]]" in card.question()
    assert "mqCanonical" in card.answer()


@needs_browser
@pytest.mark.parametrize(
    ("typed", "point", "right"),
    [
        ("bl23", "shenshu", True),
        ("UB23", "shenshu", True),
        ("BL-23", "shenshu", True),
        ("ub 023", "shenshu", True),
        ("Bladder 23", "shenshu", True),
        ("du4", "mingmen", True),
        ("ex-b7", "yaoyan", True),
        ("BL23", "shenshu", True),
        ("bl25", "shenshu", False),
        ("bl2", "shenshu", False),
        ("BL54", "weizhong", False),
        ("shenshu", "shenshu", False),
    ],
)
def test_a_code_typed_in_any_spelling_is_compared_as_who_writes_it(
    deck: Any, browser: Any, tmp_path: Path, typed: str, point: str, right: bool
) -> None:
    card = _code_card(deck, point)
    html = shots._TYPE.sub('<input type="text" id="typeans">', card.question())
    page = _page(browser, deck, html, tmp_path)
    page.click("#typeans")
    page.keyboard.type(typed)  # key by key, as a trainee types
    page.keyboard.press("Enter")
    value = page.eval_on_selector("#typeans", "(box) => box.value")
    compared = deck.compare_answer(card.note()["Code"], value)  # what Anki shows on the back
    assert ("typearrow" not in compared and "typeBad" not in compared) is right, (typed, value, compared)


@needs_browser
@pytest.mark.parametrize(("typed", "says"), [("bl23", True), ("UB-23", True), ("Bladder 23", True), ("BL25", False), ("", False)])
def test_the_back_says_right_when_a_client_compared_the_text_as_typed(
    deck: Any, browser: Any, tmp_path: Path, typed: str, says: bool
) -> None:
    card = _code_card(deck, "shenshu")
    compared = deck.compare_answer(card.note()["Code"], typed)  # AnkiDroid's own box: the text as typed
    page = _page(browser, deck, shots._TYPE.sub(lambda _: compared, card.answer()), tmp_path)
    note = page.query_selector(".typefair")
    assert (note is not None) is says
    if says:
        assert note.text_content() == f"✔ Right: {typed} is BL23, written another way."


@needs_browser
def test_the_script_reads_codes_as_the_drill_does(deck: Any, browser: Any, tmp_path: Path) -> None:
    spellings = ["bl23", "UB 023", "B23", "V.23", "bl_0023", "ＢＬ２３", "Du4", "Ren-4", "KID3", "SJ5", "Liv3", "VB30"]
    spellings += ["ex-b7", "EX B 7", "EX-HN3", "ashi", "Bladder 40", "governing vessel 4", "San Jiao 5", "Gall Bladder 30"]
    spellings += ["BL70", "BL0", "EX-B0", "XY3", "", "23", "bl", "LU 12", "Bladder 70", "ＢＬ７０", "EXQ7", "bl 2 3"]
    spellings += [f"{prefix} {n}" for prefix, count in codes.WHO_POINT_COUNTS.items() for n in (1, count, count + 1)]
    page = _page(browser, deck, _code_card(deck, "shenshu").question(), tmp_path)
    got = page.evaluate("(all) => all.map((s) => mqCanonical(s))", spellings)
    assert got == [codes.canonical(s) for s in spellings]


@needs_browser
@pytest.mark.parametrize(("typed", "says"), [("Ex-BW-7", True), ("ex bw 7", True), ("EX-BW-6", False), ("BW7", False)])
def test_the_back_says_right_for_a_spelling_the_card_lists(
    deck: Any, browser: Any, tmp_path: Path, typed: str, says: bool
) -> None:
    """Woodley's Ex-BW-7, listed on Yāoyǎn's card ("Older books write …"), is right in Anki as it is in the drill."""
    card = _code_card(deck, "yaoyan")
    compared = deck.compare_answer(card.note()["Code"], typed)  # Anki marks it a mismatch, letter by letter
    page = _page(browser, deck, shots._TYPE.sub(lambda _: compared, card.answer()), tmp_path)
    note = page.query_selector(".typefair")
    assert (note is not None) is says
    if says:
        assert note.text_content() == f"✔ Right: {typed} is EX-B7, written another way."
