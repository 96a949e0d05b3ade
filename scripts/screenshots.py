"""Render the deck's cards in headless Chromium as Anki's clients show them, measure them, and take screenshots.

Regenerate the screenshots shown in docs/deck.md (phone width, light and night),
and those of the class report in docs/instructors.md::

    python scripts/screenshots.py

The cards are the real Anki engine's output: the deck is built, imported into
a fresh Collection, and each card's ``question()`` and ``answer()`` (which
carry the note type's CSS) are shown in a page whose ``<body>`` has the
classes Anki's clients give it (``card cardN``, plus ``nightMode`` on the
desktop and AnkiMobile or ``night_mode`` on AnkiDroid), with the media read
from the collection's media folder. Chromium is Debian's (``chromium``),
driven through Playwright; no browser is downloaded.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DOCS_SHOTS = ROOT / "docs" / "screenshots"
T0 = 1_767_225_600  # 2026-01-01: a fixed build time, so the deck is the same on every run

WIDTHS = (360, 1024)
# Light, then night mode as each client marks it: desktop and AnkiMobile use
# ``nightMode`` (the desktop adds ``night_mode`` too), AnkiDroid ``night_mode``.
MODES = {"light": "", "nightMode": "nightMode", "night_mode": "night_mode"}

# The cards shown in docs/deck.md: (note key, template, side).
DOC_CARDS = (
    ("acupoint:shenshu", "Name → code", "answer"),
    ("acupoint:dachangshu", "Location", "answer"),
    ("question:shenshu-location", "Question", "answer"),
)

_TYPE = re.compile(r"\[\[type:([^\]]+)\]\]")


def chromium() -> str | None:
    """Debian's Chromium (or $MASSAGE_QUIZ_CHROMIUM), or None when it is not installed."""
    named = os.environ.get("MASSAGE_QUIZ_CHROMIUM")
    if named:
        return named
    return shutil.which("chromium") or shutil.which("chromium-browser")


@dataclass(frozen=True)
class Side:
    """One side of one card, as Anki renders it, ready to show in a browser."""

    name: str  # file-name stem: kind-template-entry-side
    note_type: str
    template: str
    side: str  # "question" or "answer"
    ord: int  # the template's index: the body carries class cardN with N = ord + 1
    html: str


def slug(text: str) -> str:
    """A file-name part: lowercase words joined by hyphens (→ written "to")."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("→", "to")).strip("-")


def _plain(field: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", field)).strip()


def sides(col: Any, card_ids: list[int]) -> Iterator[Side]:
    """Both sides of each card, with the type-in box as the clients fill it in (the right answer typed)."""
    for cid in card_ids:
        card = col.get_card(cid)
        note = card.note()
        model = note.note_type()
        template = model["tmpls"][card.ord]["name"]
        key = note["Key"].split(":", 1)[1]
        stem = f"{slug(model['name'].removeprefix('massage-quiz '))}-{slug(template)}-{key}"
        question = _TYPE.sub('<input type="text" id="typeans" placeholder="type here">', card.question())

        def compared(match: re.Match[str], note: Any = note) -> str:
            expected = _plain(note[match.group(1)])
            return str(col.compare_answer(expected, expected))

        answer = _TYPE.sub(compared, card.answer())
        yield Side(f"{stem}-question", model["name"], template, "question", card.ord, question)
        yield Side(f"{stem}-answer", model["name"], template, "answer", card.ord, answer)


def representative_sides(col: Any) -> list[Side]:
    """For every note type and template, both sides of the card with the longest back; and every back with a picture."""
    chosen: list[Side] = []
    for model in col.models.all():
        for template in model["tmpls"]:
            ids = col.find_cards(f'"note:{model["name"]}" "card:{template["name"]}"')
            if not ids:
                continue
            answers = {cid: col.get_card(cid).answer() for cid in ids}
            longest = max(ids, key=lambda cid: (len(answers[cid]), -cid))
            chosen += sides(col, [longest])
            pictured = [cid for cid in ids if "<img" in answers[cid] and cid != longest]
            chosen += [side for side in sides(col, pictured) if side.side == "answer"]  # fronts show no picture
    return chosen


def page_html(side: Side, media_dir: Path, mode: str) -> str:
    """The page a client shows: the card's HTML (with its <style>) in a body classed as Anki's clients class it."""
    night = MODES[mode]
    classes = f"card card{side.ord + 1}" + (f" {night}" if night else "")
    base = media_dir.resolve().as_uri() + "/"
    return (
        '<!doctype html><html><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<base href="{base}"></head><body class="{classes}"><div id="qa">{side.html}</div></body></html>'
    )


# Measured in the page: overflow, font sizes, images, and every text element's colour on its background.
MEASURE = """
() => {
  const px = (el) => parseFloat(getComputedStyle(el).fontSize);
  const body = document.body;
  const opaque = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const bg = getComputedStyle(e).backgroundColor;
      if (bg && bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent') return bg;
    }
    return getComputedStyle(document.documentElement).backgroundColor || 'rgb(255, 255, 255)';
  };
  const texts = [];
  for (const el of document.querySelectorAll('#qa *, #qa')) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    const r = el.getBoundingClientRect();
    if (!own || r.width === 0) continue;
    texts.push({tag: el.tagName, cls: String(el.className), text: el.textContent.trim().slice(0, 40),
                inAnswer: !!el.closest('.answer'),
                color: getComputedStyle(el).color, background: opaque(el), size: px(el)});
  }
  const answer = document.querySelector('.answer');
  const images = [...document.images].map((img) => {
    const r = img.getBoundingClientRect();
    return {src: img.getAttribute('src'), complete: img.complete, natural: img.naturalWidth,
            left: r.left, right: r.right, width: r.width};
  });
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    bodySize: px(body),
    bodyColor: getComputedStyle(body).color,
    bodyBackground: opaque(body),
    answerSize: answer ? px(answer) : null,
    answerNumber: (document.querySelector('.answer .option') || {}).textContent || null,
    typeans: [...document.querySelectorAll('#typeans')].map((e) => ({color: getComputedStyle(e).color,
      background: opaque(e)})),
    texts, images,
  };
}
"""


def rgb(css: str) -> tuple[float, float, float]:
    """The red, green and blue of a CSS rgb() colour."""
    values = [float(v) for v in re.findall(r"[\d.]+", css)[:3]]
    return values[0], values[1], values[2]


def contrast(foreground: str, background: str) -> float:
    """The WCAG contrast ratio of two CSS rgb() colours."""

    def luminance(css: str) -> float:
        def channel(c: float) -> float:
            c /= 255
            return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = (channel(c) for c in rgb(css))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def svg_width(svg: str) -> float:
    """The width of a picture's viewBox, in SVG units."""
    match = re.search(r'viewBox="0 0 ([\d.]+) ', svg)
    assert match, "a picture without a viewBox"
    return float(match.group(1))


def smallest_font(svg: str) -> float:
    """The smallest font-size (in SVG units) that any text of a picture can have."""
    return min(float(size) for size in re.findall(r"font-size:([\d.]+)px", svg))


def imported_deck(scratch: Path) -> Any:
    """Build the bundled deck and import it into a fresh Collection in ``scratch``, as Anki's import dialog does."""
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
    from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition

    from massage_quiz.anki import package
    from massage_quiz.catalogue.loader import load

    path = scratch / "deck.apkg"
    package.build(load(), path, T0)
    col = Collection(str(scratch / "collection.anki2"))
    newer = ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER
    options = ImportAnkiPackageOptions(update_notes=newer, update_notetypes=newer, with_scheduling=False)
    col.import_anki_package(ImportAnkiPackageRequest(package_path=str(path), options=options))
    return col


class Browser:
    """Headless Chromium through Playwright, one page reused for every card."""

    def __init__(self, executable: str) -> None:
        from playwright.sync_api import sync_playwright

        self._manager = sync_playwright()
        self._playwright = self._manager.start()
        self._browser = self._playwright.chromium.launch(executable_path=executable, args=["--allow-file-access-from-files"])
        self._pages: dict[int, Any] = {}

    def show(self, side: Side, media_dir: Path, mode: str, width: int, scratch: Path) -> Any:
        """Load one side at one width and mode; return the Playwright page."""
        target = scratch / f"{side.name}-{mode}-{width}.html"
        target.write_text(page_html(side, media_dir, mode), encoding="utf-8")
        return self.open(target, width)

    def open(self, target: Path, width: int) -> Any:
        """Load a page from a file at one width; return the Playwright page."""
        page = self._pages.get(width)
        if page is None:
            page = self._pages[width] = self._browser.new_page(viewport={"width": width, "height": 800}, device_scale_factor=1)
        page.goto(target.as_uri())
        page.wait_for_load_state("load")
        return page

    def close(self) -> None:
        """Close the browser and stop Playwright."""
        self._browser.close()
        self._manager.__exit__(None, None, None)


def doc_screenshots(executable: str, out: Path = DOCS_SHOTS) -> list[Path]:
    """Write the screenshots docs/deck.md shows: each DOC_CARDS side at phone width, light and night."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        col = imported_deck(scratch)
        browser = Browser(executable)
        try:
            media_dir = Path(col.media.dir())
            for key, template, side_name in DOC_CARDS:
                (cid,) = col.find_cards(f'"Key:{key}" "card:{template}"')
                side = next(s for s in sides(col, [cid]) if s.side == side_name)
                for mode in ("light", "nightMode"):
                    page = browser.show(side, media_dir, mode, 360, scratch)
                    target = out / f"{side.name}-{'night' if mode != 'light' else 'light'}.png"
                    page.screenshot(path=str(target), full_page=True)
                    written.append(target)
        finally:
            browser.close()
            col.close()
    return written


# The class report shown in docs/instructors.md: file name -> screen width.
REPORT_SHOTS = {"report.png": 1280, "report-phone.png": 390}


def demo_report_html(scratch: Path) -> Path:
    """The class report of scripts/demo_class.py's made-up class, as massage-quiz report --html writes it."""
    from datetime import UTC, datetime

    import demo_class

    from massage_quiz.drill import export
    from massage_quiz.drill.progress import Store
    from massage_quiz.report import build, html

    files = []
    for path in demo_class.write_class(scratch / "progress"):
        with Store(path) as store:
            summary = export.summary(store, datetime(2026, 3, 12, 12, tzinfo=UTC), demo_class.NAMES.get(path.stem))
        files.append(scratch / f"{path.stem}.json")
        export.write(summary, files[-1])
    target = scratch / "class-report.html"
    html.write(build.from_files(tuple(files))[0], target, top=10)
    return target


def report_screenshots(executable: str, out: Path = DOCS_SHOTS) -> list[Path]:
    """Write the class report's screenshots docs/instructors.md shows (REPORT_SHOTS)."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as scratch_name:
        page_file = demo_report_html(Path(scratch_name))
        browser = Browser(executable)
        try:
            for name, width in REPORT_SHOTS.items():
                browser.open(page_file, width).screenshot(path=str(out / name), full_page=True)
                written.append(out / name)
        finally:
            browser.close()
    return written


def main() -> int:
    """Regenerate docs/screenshots/ from the current deck and the demo class's report."""
    executable = chromium()
    if executable is None:
        print("screenshots: Debian's chromium is not installed (apt-get install chromium)", file=sys.stderr)
        return 1
    for path in doc_screenshots(executable) + report_screenshots(executable):
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
