"""Build hook: compile the bundled content's study items into the wheel (see massage_quiz/drill/shipped.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

ROOT = Path(__file__).resolve().parent
# Run in a fresh interpreter from the source tree, so the items are compiled by
# exactly the code the wheel ships, never by an installed copy.
COMPILE = (
    "import sys\nfrom pathlib import Path\nfrom massage_quiz.catalogue.folders import bundled_folder\n"
    "from massage_quiz.drill.shipped import write\nwrite(bundled_folder(), Path(sys.argv[1]))\n"
)


class ShippedItemsHook(BuildHookInterface):
    """Add massage_quiz/content/items.json to a wheel (not to an editable install, whose content may change)."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Compile the items into a temporary file and have the wheel carry it."""
        if self.target_name != "wheel" or version == "editable":
            return
        self.temporary = Path(tempfile.mkdtemp(prefix="massage-quiz-build-"))
        out = self.temporary / "items.json"
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONDONTWRITEBYTECODE": "1"}
        env.pop("MASSAGE_QUIZ_CONTENT", None)
        subprocess.run([sys.executable, "-c", COMPILE, str(out)], cwd=ROOT, env=env, check=True)
        build_data["force_include"][str(out)] = "massage_quiz/content/items.json"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        """Remove the temporary file once the wheel holds it."""
        temporary = getattr(self, "temporary", None)
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
