"""The documentation says what the code does."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from generate_schemas import reference_tables

ROOT = Path(__file__).resolve().parent.parent


def test_authoring_reference_matches_the_schema() -> None:
    text = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    generated = text.split("<!-- generated: reference tables -->\n", 1)[1].split("<!-- end of generated tables -->", 1)[0]
    assert generated == reference_tables()


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = re.search(r"<!-- test-command -->\n```sh\n(.+)\n```", readme).group(1)
    extracted = subprocess.run(
        ["awk", "/<!-- test-command -->/ {found=1; next} found && /^[^`]/ {print; exit}", str(ROOT / "README.md")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert extracted == command
    assert "pytest" in command


def test_readme_documents_every_stats_key() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for key in ("reviews", "items_seen", "due_now", "due_today", "due_this_week", "next_due", "topics"):
        assert f"`{key}`" in readme


def test_the_deck_page_shows_the_screenshots_the_script_makes() -> None:
    import screenshots

    text = (ROOT / "docs" / "deck.md").read_text(encoding="utf-8")
    shown = set(re.findall(r"\]\((screenshots/[^)]+\.png)\)", text))
    made = set()
    for key, template, side in screenshots.DOC_CARDS:
        kind, entry = key.split(":")
        stem = f"{kind}-{screenshots.slug(template)}-{entry}-{side}"
        made |= {f"screenshots/{stem}-light.png", f"screenshots/{stem}-night.png"}
    assert shown == made
    assert all((ROOT / "docs" / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for name in shown)
