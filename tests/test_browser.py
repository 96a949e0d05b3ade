"""Every card of the bundled deck, as the real Anki engine renders it, shown in headless Chromium and measured.

For every note type and card template both sides of the card with the
longest back, and every back with a picture, at 360 px and 1024 px, light and
night (``nightMode`` and ``night_mode``, as Anki's clients set them).
Screenshots of every back are written to build/card-screenshots/.

Without Debian's chromium the test is skipped, unless
MASSAGE_QUIZ_REQUIRE_BROWSER=1 (set by .ci/run whenever it has chromium):
then a missing browser fails the run instead of skipping it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import screenshots as shots

SHOTS = Path(__file__).resolve().parent.parent / "build" / "card-screenshots"

EXECUTABLE = shots.chromium()
REQUIRED = os.environ.get("MASSAGE_QUIZ_REQUIRE_BROWSER") == "1"
pytestmark = pytest.mark.skipif(
    EXECUTABLE is None and not REQUIRED, reason="Debian's chromium is not installed (apt-get install chromium)"
)


@pytest.fixture(scope="module")
def measured(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[shots.Side, str, int, dict, dict[str, str]]]:
    """Every side at every width and mode, with what the page measured and the pictures' SVG by name."""
    if EXECUTABLE is None:
        pytest.fail("MASSAGE_QUIZ_REQUIRE_BROWSER=1 but Debian's chromium is not installed", pytrace=False)
    scratch = tmp_path_factory.mktemp("browser")
    SHOTS.mkdir(parents=True, exist_ok=True)
    col = shots.imported_deck(scratch)
    browser = shots.Browser(EXECUTABLE)
    results = []
    try:
        media_dir = Path(col.media.dir())
        svgs = {p.name: p.read_text(encoding="utf-8") for p in media_dir.iterdir() if p.suffix == ".svg"}
        for side in shots.representative_sides(col):
            for mode in shots.MODES:
                for width in shots.WIDTHS:
                    page = browser.show(side, media_dir, mode, width, scratch)
                    results.append((side, mode, width, page.evaluate(shots.MEASURE), svgs))
                    if side.side == "answer" and mode != "night_mode":
                        page.screenshot(path=str(SHOTS / f"{side.name}-{mode}-{width}.png"), full_page=True)
    finally:
        browser.close()
        col.close()
    return results


def test_every_note_type_and_template_is_shown(measured) -> None:
    from massage_quiz.anki import notetypes

    shown = {(side.note_type, side.template) for side, *_ in measured}
    expected = {(nt.name, t.name) for nt in notetypes.note_types().values() for t in nt.templates}
    assert shown == expected
    assert len(measured) == len({(s.name, m, w) for s, m, w, *_ in measured})


def test_no_page_overflows_sideways(measured) -> None:
    wide = [(s.name, m, w, r["scrollWidth"]) for s, m, w, r, _ in measured if r["scrollWidth"] > r["innerWidth"]]
    assert not wide, f"pages wider than the screen (screenshots in {SHOTS}): {wide}"


def test_the_answer_is_larger_than_body_text_and_than_anything_outside_it(measured) -> None:
    for side, mode, width, r, _ in measured:
        if side.side != "answer":
            continue
        assert r["answerSize"] is not None, side.name
        assert r["answerSize"] > r["bodySize"], (side.name, mode, width)
        inside = max(t["size"] for t in r["texts"] if t["inAnswer"])
        outside = max(t["size"] for t in r["texts"] if not t["inAnswer"])
        assert inside >= outside, (side.name, mode, width, inside, outside)


def test_a_typed_code_is_the_largest_text_on_its_back(measured) -> None:
    backs = [r for s, _, _, r, _ in measured if s.template == "Name → code" and s.side == "answer"]
    assert backs
    for r in backs:
        biggest = max(r["texts"], key=lambda t: t["size"])
        assert biggest["inAnswer"] and "answer" in biggest["cls"], biggest


def test_every_picture_loads_and_fits_the_screen(measured) -> None:
    pictures = 0
    for side, mode, width, r, _ in measured:
        for image in r["images"]:
            pictures += 1
            assert image["complete"] and image["natural"] > 0, (side.name, image["src"])
            assert image["left"] >= 0 and image["right"] <= width, (side.name, mode, width, image)
    assert pictures > 0


def test_map_labels_are_at_least_11_px_on_a_phone(measured) -> None:
    checked = 0
    for side, _, width, r, svgs in measured:
        if width != 360:
            continue
        for image in r["images"]:
            svg = svgs[image["src"]]
            drawn = shots.smallest_font(svg) * image["width"] / shots.svg_width(svg)
            assert drawn >= 11, (side.name, image["src"], drawn)
            checked += 1
    assert checked


@pytest.mark.parametrize("mode", list(shots.MODES))
def test_text_contrasts_with_its_background(measured, mode) -> None:
    low = []
    for side, m, width, r, _ in measured:
        if m != mode:
            continue
        assert shots.contrast(r["bodyColor"], r["bodyBackground"]) >= 4.5, (side.name, width)
        for t in r["texts"] + r["typeans"]:
            ratio = shots.contrast(t["color"], t["background"])
            if ratio < 4.5:
                low.append((side.name, width, t.get("text"), t["color"], t["background"], round(ratio, 2)))
    assert not low, low


def test_night_mode_is_dark_in_both_spellings(measured) -> None:
    for side, mode, _, r, _ in measured:
        background = sum(shots.rgb(r["bodyBackground"]))
        assert (background < 150) == (mode != "light"), (side.name, mode, r["bodyBackground"])


def test_the_type_in_box_follows_night_mode(measured) -> None:
    boxes = [(m, box) for s, m, _, r, _ in measured if s.side == "question" for box in r["typeans"]]
    assert {m for m, _ in boxes} == set(shots.MODES)
    for mode, box in boxes:
        assert (sum(shots.rgb(box["background"])) < 150) == (mode != "light"), (mode, box)


def test_a_choice_back_marks_the_right_option(measured) -> None:
    backs = [r for s, _, _, r, _ in measured if s.template == "Question" and s.side == "answer"]
    marked = [[t for t in r["texts"] if t["tag"] == "LI" and t["cls"] == "right"] for r in backs]
    assert backs and all(len(m) == 1 for m in marked)  # the representative question is a choice question
    for r, (right,) in zip(backs, marked, strict=True):
        others = [t for t in r["texts"] if t["tag"] == "LI" and t["cls"] != "right" and not t["inAnswer"]]
        assert others and all(t["color"] != right["color"] for t in others)
        assert (
            r["answerNumber"]
            == str(1 + [t["text"] for t in r["texts"] if t["tag"] == "LI" and not t["inAnswer"]].index(right["text"])) + "."
        )


# What the cards' answer panel must hold, read as a trainee reads it on a phone (400 px).
PANEL = """() => {
  const panel = document.querySelector('.answer');
  const breaks = [...document.querySelectorAll('.nowrap')].map(e => e.getClientRects().length);
  const bold = [...document.querySelectorAll('b')].map(e => [e.textContent, getComputedStyle(e).fontWeight]);
  const text = document.body.innerText;
  return {panel: panel ? panel.innerText : null, breaks, bold, text};
}"""


@pytest.fixture(scope="module")
def panels(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], dict]:
    """The answer side of a few cards at 400 px, light: what the panel says, how B-cun and the labels are drawn."""
    if EXECUTABLE is None:
        pytest.fail("MASSAGE_QUIZ_REQUIRE_BROWSER=1 but Debian's chromium is not installed", pytrace=False)
    scratch = tmp_path_factory.mktemp("panels")
    col = shots.imported_deck(scratch)
    browser = shots.Browser(EXECUTABLE)
    wanted = {
        ("contraindication:cauda-equina-syndrome", "What to do"),
        ("contraindication:cauda-equina-syndrome", "Signs"),
        ("contraindication:spinal-infection", "What to do"),
        ("technique:percussion", "Force and rhythm"),
        ("acupoint:zhishi", "Location"),
        ("acupoint:dachangshu", "Location"),
        ("acupoint:yaoyan", "Location"),
    }
    found: dict[tuple[str, str], dict] = {}
    try:
        media_dir = Path(col.media.dir())
        for key, template in wanted:
            (cid,) = col.find_cards(f'"Key:{key}" "card:{template}"')
            (side,) = [s for s in shots.sides(col, [cid]) if s.side == "answer"]
            found[(key, template)] = browser.show(side, media_dir, "light", 400, scratch).evaluate(PANEL)
    finally:
        browser.close()
        col.close()
    return found


@pytest.mark.parametrize(
    ("key", "template", "urgency"),
    [
        ("contraindication:cauda-equina-syndrome", "What to do", "send the client to an emergency department now"),
        ("contraindication:cauda-equina-syndrome", "Signs", "send the client to an emergency department now"),
        ("contraindication:spinal-infection", "What to do", "refer promptly to a doctor"),
    ],
)
def test_a_red_flags_answer_panel_says_how_urgently_and_where(panels, key: str, template: str, urgency: str) -> None:
    assert "Do not massage; refer the client" in panels[(key, template)]["panel"]
    assert urgency in panels[(key, template)]["panel"]


def test_force_rhythm_and_signs_are_labelled_in_bold_like_the_other_rows(panels) -> None:
    bold = dict(panels[("technique:percussion", "Force and rhythm")]["bold"])
    assert int(bold["Force:"]) >= 600 and int(bold["Rhythm:"]) >= 600, bold
    assert int(dict(panels[("contraindication:cauda-equina-syndrome", "Signs")]["bold"])["Signs:"]) >= 600


def test_b_cun_never_breaks_at_its_hyphen_on_a_phone(panels) -> None:
    shown = [p for (key, _), p in panels.items() if key.startswith("acupoint:") and "B-cun" in p["text"]]
    assert shown
    for page in shown:
        assert page["breaks"] and all(lines == 1 for lines in page["breaks"]), page["breaks"]
        assert page["text"].count("B-cun") == len(page["breaks"])  # every B-cun is kept whole
