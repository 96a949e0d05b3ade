"""The class report's HTML page in headless Chromium: bars as long as the data says, nothing fetched, every text escaped.

Without Debian's chromium the test is skipped, unless
MASSAGE_QUIZ_REQUIRE_BROWSER=1 (set by .ci/run whenever it has chromium).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import screenshots as shots

from massage_quiz.report import html, known, ranking, tally
from massage_quiz.report.exports import Result, Summary

EXECUTABLE = shots.chromium()
REQUIRED = os.environ.get("MASSAGE_QUIZ_REQUIRE_BROWSER") == "1"
pytestmark = pytest.mark.skipif(
    EXECUTABLE is None and not REQUIRED, reason="Debian's chromium is not installed (apt-get install chromium)"
)

HOSTILE_NAME = "<script>document.title='pwned'</script> & Co"
HOSTILE_ID = 'question/<img src="x" onerror="document.title=1">'


def result(item_id: str, days: int, days_wrong: int) -> Result:
    kind = item_id.split("/")[0]
    topic = {"contraindication": "contraindications", "question": "questions"}.get(kind, kind + "s")
    return Result(
        item_id, kind, topic, days + days_wrong, days_wrong, days, days_wrong, 0, "right", "2026-03-02", 1.0, "2026-03-04"
    )


def trainee(n: int, name: str | None, results: list[Result]) -> Summary:
    return Summary.of(f"t{n}.json", f"{n:016x}", name, "2026-03-09", tuple(results))


# Four trainees; the shares of first tries wrong: the unknown question 1/1, shenshu 3/4, mingmen 2/5, tapping 1/2, pregnancy 1/3.
CLASS = [
    trainee(
        0, HOSTILE_NAME, [result("acupoint/shenshu/code", 1, 1), result("acupoint/mingmen/code", 1, 1), result(HOSTILE_ID, 1, 1)]
    ),
    trainee(1, None, [result("acupoint/shenshu/code", 1, 1), result("acupoint/mingmen/code", 2, 1)]),
    trainee(
        2,
        "Ben",
        [result("acupoint/shenshu/code", 1, 1), result("acupoint/mingmen/code", 1, 0), result("technique/tapping/effects", 1, 1)],
    ),
    trainee(
        3,
        None,
        [
            result("acupoint/shenshu/code", 1, 0),
            result("acupoint/mingmen/code", 1, 0),
            result("technique/tapping/effects", 1, 0),
            result("contraindication/pregnancy/rule", 3, 1),
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
    by_source = {summary.source: summary for summary in CLASS}
    counted = tally.Tally(known.load(), lambda path: by_source[str(path)])
    for summary in CLASS:
        counted.add(Path(summary.source))
    return counted.report()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if EXECUTABLE is None:
        pytest.fail("MASSAGE_QUIZ_REQUIRE_BROWSER=1 but Debian's chromium is not installed", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=EXECUTABLE)
        yield launched
        launched.close()


@contextlib.contextmanager
def opened(browser: Any, path: Path, width: int) -> Iterator[tuple[Any, list[str]]]:
    """The page at ``width``, and every request it made (any other than the page itself is refused); closed after."""
    page = browser.new_page(viewport={"width": width, "height": 800})
    requests: list[str] = []

    def handle(route: Any) -> None:
        requests.append(route.request.url)
        if route.request.url == path.as_uri():
            route.continue_()
        else:
            route.abort()

    try:
        page.route("**/*", handle)
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        yield page, requests
    finally:
        page.close()


@contextlib.contextmanager
def written(browser: Any, report: ranking.ClassReport, tmp_path: Path, width: int) -> Iterator[Any]:
    """The report as ``html.write`` writes it, open at ``width``."""
    path = tmp_path / "report.html"
    html.write(report, path, top=10)
    with opened(browser, path, width) as (page, _):
        yield page


@pytest.mark.parametrize("width", [390, 1280])
def test_bars_follow_the_data_and_nothing_is_fetched(
    browser: Any, report: ranking.ClassReport, tmp_path: Path, width: int
) -> None:
    # Without its Content-Security-Policy (which would block, not reveal, a stray reference) the page still fetches nothing.
    text = html.page(report, top=10)
    assert text.count(html.CSP) == 1
    path = tmp_path / "report.html"
    path.write_text(text.replace(html.CSP, ""), encoding="utf-8")
    with opened(browser, path, width) as (page, requests):
        assert requests == [path.as_uri()]
        bars = page.evaluate(BARS)
        expected = (
            [("at-risk", p.safety.share) for p in report.at_risk if p.safety]
            + [("topics", w.share) for w in report.topics]
            + [("items", w.share) for w in report.weak_items]
        )
        assert [lst for lst, _ in expected].count("at-risk") == 1
        assert [(b["list"], round(b["share"], 4)) for b in bars] == [(lst, round(s, 4)) for lst, s in expected]
        assert [round(s, 4) for lst, s in expected if lst == "items"] == [1.0, 0.75, 0.5, 0.4, 0.3333]
        for bar in bars:
            assert bar["track"] > 100
            assert abs(bar["width"] - bar["share"] * bar["track"]) <= 1.5, bar
            assert bar["background"] not in ("rgba(0, 0, 0, 0)", "transparent")
        measured = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert measured[0] <= measured[1], "the page is wider than the screen"


def test_every_text_is_escaped(browser: Any, report: ranking.ClassReport, tmp_path: Path) -> None:
    with written(browser, report, tmp_path, 1024) as page:
        assert page.title() == "Where the class is weak"
        assert page.evaluate("() => document.querySelectorAll('script, img').length") == 0
        text = page.inner_text("body")
        assert HOSTILE_NAME in text
        assert HOSTILE_ID in text
        assert "4 trainees (<script>document.title='pwned'</script> & Co, Ben and 2 without a name)" in text
        assert "Shènshū 肾俞 · Type its code, written like LU1 or EX-HN3" in text


def test_the_bars_print(browser: Any, report: ranking.ClassReport, tmp_path: Path) -> None:
    with written(browser, report, tmp_path, 700) as page:
        page.emulate_media(media="print")
        for bar in page.evaluate(BARS):
            assert abs(bar["width"] - bar["share"] * bar["track"]) <= 1.5, bar
            assert bar["background"] not in ("rgba(0, 0, 0, 0)", "transparent")
        assert page.pdf()[:5] == b"%PDF-"


CELLS = """
() => [...document.querySelectorAll('#people tbody tr')].map((row) => ({
  who: row.querySelector('th').firstChild.textContent,
  atRisk: row.classList.contains('at-risk'),
  cells: [...row.querySelectorAll('td')].map((cell) => [cell.innerText.split('\\n')[0], cell.dataset.wrong, cell.dataset.of,
    cell.classList.contains('risk'), parseFloat(getComputedStyle(cell).fontSize)]),
}))
"""


@pytest.mark.parametrize("width", [390, 1280])
def test_the_trainee_table_fits_and_says_what_the_data_says(
    browser: Any, report: ranking.ClassReport, tmp_path: Path, width: int
) -> None:
    with written(browser, report, tmp_path, width) as page:
        rows = page.evaluate(CELLS)
        columns = ["contraindications", "techniques", "acupoints", "questions"]
        assert [r["who"] for r in rows] == [p.label for p in report.people]
        assert rows[0] == {
            "who": "t3.json",
            "atRisk": True,
            "cells": [["33%", "1", "3", True, rows[0]["cells"][0][4]], ["0%", "0", "1", False, rows[0]["cells"][1][4]]]
            + [[c[0], c[1], c[2], False, c[4]] for c in rows[0]["cells"][2:]],
        }
        for row, person in zip(rows, report.people, strict=True):
            for cell, topic in zip(row["cells"], columns, strict=True):
                share = person.topics.get(topic)
                if share is None:
                    assert cell[:3] == ["–", None, None]
                else:
                    assert cell[:3] == [f"{round(100 * share.share)}%", str(share.wrong), str(share.of)]
                assert cell[4] >= 12  # readable on a phone
        scroll = page.evaluate("() => { const s = document.querySelector('.scroll'); return [s.scrollWidth, s.clientWidth]; }")
        assert scroll[0] <= scroll[1], "the trainee table needs scrolling sideways"
        measured = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert measured[0] <= measured[1], "the page is wider than the screen"
