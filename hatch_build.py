"""Build hook: compile the bundled content's study items into the wheel (see massage_quiz/items/shipped.py)."""

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
# The source tree goes first on the child's own sys.path rather than in PYTHONPATH: under
# pip's build isolation PYTHONPATH carries pip's sitecustomize, which sets up the isolated
# build environment (where build-system.requires put attrs and PyYAML) and must stay as is.
COMPILE = (
    "import sys\nsys.path.insert(0, sys.argv[1])\nfrom pathlib import Path\n"
    "from massage_quiz.catalogue.folders import bundled_folder\n"
    "from massage_quiz.items.shipped import write\nwrite(bundled_folder(), Path(sys.argv[2]))\n"
)


class ShippedItemsHook(BuildHookInterface):
    """Add massage_quiz/content/items.json to a wheel (not to an editable install, whose content may change)."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Compile the items into a temporary file and have the wheel carry it."""
        if self.target_name != "wheel" or version == "editable":
            return
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        env.pop("MASSAGE_QUIZ_CONTENT", None)
        self.temporary = Path(tempfile.mkdtemp(prefix="massage-quiz-build-"))
        out = self.temporary / "items.json"
        try:
            subprocess.run([sys.executable, "-c", COMPILE, str(ROOT / "src"), str(out)], cwd=ROOT, env=env, check=True)
        except BaseException:
            # finalize() is not called when initialize() fails: leave nothing in the temp folder.
            shutil.rmtree(self.temporary, ignore_errors=True)
            raise
        build_data["force_include"][str(out)] = "massage_quiz/content/items.json"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        """Remove the temporary file once the wheel holds it."""
        temporary = getattr(self, "temporary", None)
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
