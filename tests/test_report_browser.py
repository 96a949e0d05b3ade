"""The class report's HTML page in headless Chromium: bars as long as the data says, nothing fetched, every text escaped.

Without Debian's chromium the test is skipped, unless
MASSAGE_QUIZ_REQUIRE_BROWSER=1 (set by .ci/run whenever it has chromium).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import screenshots as shots

from massage_quiz.drill.load import load_items
from massage_quiz.report import html, ranking
from massage_quiz.report.exports import Export, Result

EXECUTABLE = shots.chromium()
REQUIRED = os.environ.get("MASSAGE_QUIZ_REQUIRE_BROWSER") == "1"
pytestmark = pytest.mark.skipif(
    EXECUTABLE is None and not REQUIRED, reason="Debian's chromium is not installed (apt-get install chromium)"
)

HOSTILE_NAME = "<script>document.title='pwned'</script> & Co"
HOSTILE_ID = 'question/<img src="x" onerror="document.title=1">'


def result(item_id: str, attempts: int, wrong: int, last_right: bool) -> Result:
    kind = item_id.split("/")[0]
    return Result(item_id, kind, kind + "s", attempts, wrong, 0, last_right, "2026-03-02", 1.0, "2026-03-04")


def trainee(n: int, name: str | None, results: list[Result]) -> Export:
    return Export(f"t{n}.json", f"{n:016x}", name, "2026-03-09", tuple(results))


# Four trainees; the shares of wrong last answers: the unknown question 1/1, shenshu 3/4, mingmen 2/4, tapping 1/2, pregnancy 0/1.
CLASS = [
    trainee(
        0,
        HOSTILE_NAME,
        [
            result("acupoint/shenshu/code", 2, 2, False),
            result("acupoint/mingmen/code", 1, 1, False),
            result(HOSTILE_ID, 1, 1, False),
        ],
    ),
    trainee(1, None, [result("acupoint/shenshu/code", 1, 1, False), result("acupoint/mingmen/code", 2, 1, False)]),
    trainee(
        2,
        "Ben",
        [
            result("acupoint/shenshu/code", 3, 1, False),
            result("acupoint/mingmen/code", 1, 0, True),
            result("technique/tapping/effects", 2, 1, False),
        ],
    ),
    trainee(
        3,
        None,
        [
            result("acupoint/shenshu/code", 1, 0, True),
            result("acupoint/mingmen/code", 1, 0, True),
            result("technique/tapping/effects", 1, 0, True),
            result("contraindication/pregnancy/rule", 2, 1, True),
        ],
    ),
]

BARS = """
() => [...document.querySelectorAll('.fill')].map((fill) => ({
  list: fill.closest('ol').id,
  share: parseFloat(fill.dataset.share),
  width: fill.getBoundingClientRect().width,
  track: fill.parentElement.clientWidth,
  background: getComputedStyle(fill).backgroundColor,
}))
"""


@pytest.fixture(scope="module")
def report() -> ranking.ClassReport:
    return ranking.rank(CLASS, load_items())


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if EXECUTABLE is None:
        pytest.fail("MASSAGE_QUIZ_REQUIRE_BROWSER=1 but Debian's chromium is not installed", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=EXECUTABLE)
        yield launched
        launched.close()


def opened(browser: Any, path: Path, width: int) -> tuple[Any, list[str]]:
    """The page at ``width``, and every request it made (any other than the page itself is refused)."""
    page = browser.new_page(viewport={"width": width, "height": 800})
    requests: list[str] = []

    def handle(route: Any) -> None:
        requests.append(route.request.url)
        if route.request.url == path.as_uri():
            route.continue_()
        else:
            route.abort()

    page.route("**/*", handle)
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, requests


@pytest.mark.parametrize("width", [360, 1024])
def test_bars_follow_the_data_and_nothing_is_fetched(
    browser: Any, report: ranking.ClassReport, tmp_path: Path, width: int
) -> None:
    # Without its Content-Security-Policy (which would block, not reveal, a stray reference) the page still fetches nothing.
    text = html.page(report, top=10)
    assert text.count(html.CSP) == 1
    path = tmp_path / "report.html"
    path.write_text(text.replace(html.CSP, ""), encoding="utf-8")
    page, requests = opened(browser, path, width)
    try:
        assert requests == [path.as_uri()]
        bars = page.evaluate(BARS)
        expected = [("topics", w.share) for w in report.topics] + [("items", w.share) for w in report.weak_items]
        assert [(b["list"], round(b["share"], 4)) for b in bars] == [(lst, round(s, 4)) for lst, s in expected]
        assert [round(s, 4) for lst, s in expected if lst == "items"] == [1.0, 0.75, 0.5, 0.5, 0.0]
        for bar in bars:
            assert bar["track"] > 100
            assert abs(bar["width"] - bar["share"] * bar["track"]) <= 1.5, bar
            assert bar["background"] not in ("rgba(0, 0, 0, 0)", "transparent")
        measured = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert measured[0] <= measured[1], "the page is wider than the screen"
    finally:
        page.close()


def test_every_text_is_escaped(browser: Any, report: ranking.ClassReport, tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    html.write(report, path, top=10)
    page, _ = opened(browser, path, 1024)
    try:
        assert page.title() == "Where the class is weak"
        assert page.evaluate("() => document.querySelectorAll('script, img').length") == 0
        text = page.inner_text("body")
        assert HOSTILE_NAME in text
        assert HOSTILE_ID in text
        assert "4 trainees (<script>document.title='pwned'</script> & Co, Ben and 2 without a name)" in text
        assert "Shènshū 肾俞 · Type its code, written like LU1 or EX-HN3" in text
    finally:
        page.close()


def test_the_bars_print(browser: Any, report: ranking.ClassReport, tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    html.write(report, path, top=10)
    page, _ = opened(browser, path, 700)
    try:
        page.emulate_media(media="print")
        for bar in page.evaluate(BARS):
            assert abs(bar["width"] - bar["share"] * bar["track"]) <= 1.5, bar
            assert bar["background"] not in ("rgba(0, 0, 0, 0)", "transparent")
        assert page.pdf()[:5] == b"%PDF-"
    finally:
        page.close()
