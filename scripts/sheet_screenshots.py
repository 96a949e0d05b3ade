"""Render the practice sheet that docs/instructors.md shows: its two pages of questions and its key, as PNG.

Regenerate the three screenshots (needs poppler's pdftoppm, and a Chinese font for the hanzi)::

    python scripts/sheet_screenshots.py

The sheet is made by the very command the guide shows (``GUIDE_COMMAND``),
with SOURCE_DATE_EPOCH set so that the file is the same at every run. The
pictures in docs/ were made with DejaVu Sans and WenQuanYi Micro Hei as the
fonts fontconfig finds (FONTCONFIG_FILE can name a configuration with just
those, as tests/test_sheet.py does).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS_SHOTS = ROOT / "docs" / "screenshots"
GUIDE_COMMAND = ["sheet", "--topic", "acupoints", "--count", "10", "--seed", "9", "-o", "week-3.pdf"]
RESOLUTION = 80  # dots per inch: an A4 page is then 662 pixels wide, enough to read every label


def make(folder: Path) -> tuple[str, Path]:
    """Run the guide's command in ``folder``; what it printed, and the PDF it wrote."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
    result = subprocess.run(
        [sys.executable, "-m", "massage_quiz", *GUIDE_COMMAND], cwd=folder, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout, folder / GUIDE_COMMAND[-1]


def main() -> None:
    """Write docs/screenshots/sheet-questions.png, sheet-questions-2.png and sheet-key.png."""
    with tempfile.TemporaryDirectory() as scratch:
        printed, pdf = make(Path(scratch))
        match = re.search(r"answer key on pages? (\d+)", printed)
        assert match, printed
        for name, page in (("sheet-questions", 1), ("sheet-questions-2", 2), ("sheet-key", int(match.group(1)))):
            stem = Path(scratch) / name
            subprocess.run(
                ["pdftoppm", "-png", "-r", str(RESOLUTION), "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(stem)],
                check=True,
            )
            DOCS_SHOTS.mkdir(parents=True, exist_ok=True)
            (DOCS_SHOTS / f"{name}.png").write_bytes(stem.with_suffix(".png").read_bytes())
            print(f"Wrote {DOCS_SHOTS / name}.png")


if __name__ == "__main__":
    main()
