"""Baseline for the sheet benchmark: fpdf2 alone drawing the same pages.

    python benchmarks/bare_fpdf.py prepare PAGES.json --count N --seed S [--content DIR]
    python benchmarks/bare_fpdf.py draw PAGES.json OUT.pdf

``prepare`` (outside the timed run) asks massage-quiz what a sheet of N
questions would print: the fonts it reads (the cut-down copies a warm sheet
reads), the title, every question's text, options and body map, and the key.
``draw`` is the baseline: it does only what any fpdf2 sheet generator must do
with those pages: add the fonts, write each question and its options, draw
each map from its SVG, write the key, and save the PDF. Issue 28's target for
``sheet`` is "1.5x ``import fpdf`` plus the pages it draws": this is that.
"""

from __future__ import annotations

import argparse
import io
import json
import os
from pathlib import Path
from typing import Any


def prepare(pages: Path, count: int, seed: int, content: tuple[str, ...]) -> None:
    """Write what a sheet of ``count`` questions prints, as plain JSON, for ``draw``."""
    from massage_quiz import sheet
    from massage_quiz.items.compile import items
    from massage_quiz.items.load import sparing_damaged_courses, study_folders
    from massage_quiz.sheet import draw, fonts, questions
    from massage_quiz.sheet.document import Sheet

    catalogue, key = sparing_damaged_courses(sheet._cached, study_folders(content, dict(os.environ)))
    asked = items(catalogue)
    chosen = questions.choose(asked, catalogue, (), (), count, seed)
    tasks = questions.tasks(chosen, catalogue, seed)
    found = fonts.trimmed(fonts.find_fonts(), key, lambda: sheet._content_texts(asked, catalogue))
    probe = Sheet("a4", "", found)  # only to turn each map into the SVG fpdf2 reads, as the sheet does
    pages.write_text(
        json.dumps(
            {
                "fonts": [str(f.path) if f else None for f in (found.regular, found.bold, found.chinese)],
                "title": sheet.default_title(content),
                "sections": {name: list(texts) for name, texts in questions.SECTIONS.items()},
                "tasks": [
                    {
                        "section": t.section,
                        "prompt": t.prompt,
                        "options": list(t.options),
                        "key": t.key,
                        "blank_map": t.blank_map and draw._svg(probe, t.blank_map).getvalue().decode(),
                        "key_map": t.key_map and draw._svg(probe, t.key_map).getvalue().decode(),
                    }
                    for t in tasks
                ],
            }
        ),
        encoding="utf-8",
    )


def draw_pages(pages: Path, out: Path) -> None:
    """Draw the prepared pages with fpdf2 alone and write the PDF."""
    import logging

    from fpdf import FPDF

    logging.getLogger("fpdf.svg").setLevel(logging.ERROR)  # as the sheet does: the maps' <title> and <marker>
    data: dict[str, Any] = json.loads(pages.read_text(encoding="utf-8"))
    regular, bold, chinese = data["fonts"]
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=19)
    pdf.add_font("Text", "", regular)
    pdf.add_font("Text", "B", bold or regular)
    if chinese and any("\u4e00" <= c <= "\u9fff" for t in data["tasks"] for c in t["prompt"] + t["key"]):
        pdf.add_font("Chinese", "", chinese)
        pdf.set_fallback_fonts(["Chinese"], exact_match=False)
    pdf.add_page()
    pdf.set_font("Text", "B", 16)
    pdf.multi_cell(0, 8, data["title"], new_x="LMARGIN", new_y="NEXT")
    section = None
    for number, task in enumerate(data["tasks"], 1):
        if task["section"] != section:
            section = task["section"]
            title, instruction = data["sections"][section]
            pdf.set_font("Text", "B", 12)
            pdf.multi_cell(0, 7, title, new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("Text", "", 9)
            pdf.multi_cell(0, 5, instruction, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Text", "", 10)
        pdf.multi_cell(0, 5, f"{number}. {task['prompt']}", new_x="LMARGIN", new_y="NEXT")
        for option in task["options"]:
            pdf.rect(pdf.l_margin + 9, pdf.get_y() + 1, 4, 4)
            pdf.set_x(pdf.l_margin + 15)
            pdf.multi_cell(0, 5, option, new_x="LMARGIN", new_y="NEXT")
        if task["blank_map"]:
            pdf.image(io.BytesIO(task["blank_map"].encode()), x=pdf.l_margin + 9, w=60)
        pdf.ln(4)
    pdf.add_page()
    pdf.set_font("Text", "B", 16)
    pdf.multi_cell(0, 8, "Key", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Text", "", 10)
    for number, task in enumerate(data["tasks"], 1):
        pdf.multi_cell(0, 5, f"{number}. {task['key']}", new_x="LMARGIN", new_y="NEXT")
        if task["key_map"]:
            pdf.image(io.BytesIO(task["key_map"].encode()), x=pdf.l_margin + 9, w=40)
    pdf.output(str(out))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("prepare")
    p.add_argument("pages", type=Path)
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--content", action="append", default=[])
    d = commands.add_parser("draw")
    d.add_argument("pages", type=Path)
    d.add_argument("out", type=Path)
    args = parser.parse_args()
    if args.command == "prepare":
        prepare(args.pages, args.count, args.seed, tuple(args.content))
    else:
        draw_pages(args.pages, args.out)


if __name__ == "__main__":
    main()
