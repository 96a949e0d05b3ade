"""``massage-quiz init``: a new instructor folder with commented examples that pass check."""

from __future__ import annotations

import json
from pathlib import Path

from massage_quiz import atomicfile
from massage_quiz.catalogue.coursefile import slug
from massage_quiz.catalogue.folders import bundled_folder
from massage_quiz.catalogue.kinds import FOLDER_TOPICS

# Every schema file massage-quiz writes names its generator in its description.
SCHEMA_MARK = "scripts/generate_schemas.py"

QUIZ_EXAMPLE = """\
# yaml-language-server: $schema=../schemas/quizzes.schema.json
# Questions for your class. massage-quiz asks them in the terminal drill and
# puts them in the Anki deck (tagged massage::question).
#
# Each question starts with "- id:". The id is the question's identity in
# every trainee's progress and in Anki: reword freely, never change the id.
# After editing, run:   massage-quiz check --content {folder}
# See the instructors' guide for every key and every check message.

questions:
  # Typed answer: the trainee types it. Codes match in any spelling
  # (bl23, UB-23); "accept" lists other answers that also count.
  - id: week-1-weizhong-site
    type: typed
    prompt: Which point lies at the midpoint of the popliteal crease, at the back of the knee?
    answer: Wěizhōng
    accept: [委中, BL40]
    explanation: Wěizhōng is BL40. BL54 is a different point (Zhìbiān) in the WHO numbering.
    acupoint: weizhong          # the card entry it is about, by its id
    tags: [week-1, acupoint-location]
    source: WHO Standard Acupuncture Point Locations (WHO WPRO 2008)

  # Multiple choice: the answer is shown among the distractors, shuffled.
  - id: week-1-percussion-hands
    type: choice
    prompt: Which part of the hand strikes the waist in percussion?
    answer: The hypothenar eminence or the hollow of the fist
    distractors:
      - The heel of the palm or the thenar eminence
      - The tip of the thumb or the point of the elbow
    explanation: Both hands are half-closed into fists and alternate rhythmically.
    technique: percussion
    tags: [week-1, hand-position]
    source: 'Zhang Xiuhong, "What are the methods for lumbar and back massage?", Cainiu Health, 2025-05-08'

  # True or false: the answer is true or false.
  - id: week-1-dvt-refer
    type: true-false
    prompt: A client with a deep vein thrombosis should not be massaged, and should be referred.
    answer: true
    explanation: Deep vein thrombosis is in the group "do not massage; refer".
    contraindication: deep-vein-thrombosis
    tags: [week-1, contraindication]
    source: "Werner R, A Massage Therapist's Guide to Pathology (systemic and local contraindications)"

  # Put in order: list the steps in the right order; trainees see them jumbled.
  - id: week-1-lumbar-levels
    type: order
    prompt: Order these points from top to bottom.
    answer:
      - Mìngmén (GV4), below L2
      - Yāoyángguān (GV3), below L4
    explanation: GV4 lies below the spinous process of L2, GV3 below that of L4.
    tags: [week-1, acupoint-location]
    source: WHO Standard Acupuncture Point Locations (WHO WPRO 2008)
"""

CARDS_EXAMPLE = """\
# yaml-language-server: $schema=../schemas/cards.schema.json
# Card entries of your own: techniques, acupoints, contraindications.
# Each becomes Anki cards and drill questions. Never write a fact without
# its source. To add entries, replace "[]" with a list like the example:
#
# acupoints:
#   - id: my-point              # lowercase words joined by hyphens
#     code: BL23                # the WHO code
#     pinyin: Shènshū
#     location: Level with the lower border of the spinous process of L2, 1.5 B-cun lateral to the posterior midline.
#     source: WHO Standard Acupuncture Point Locations (WHO WPRO 2008)
#
# (Shènshū is already in the bundled content as "shenshu": an id may be used
# only once, so pick a point that is not there yet.)

techniques: []
acupoints: []
contraindications: []
"""

COURSE_EXAMPLE = """\
# Your course, as trainees see it when they install the deck you build
# (massage-quiz course add FILE.apkg) and in: massage-quiz course list
#
# id:      the course's identity on every trainee's computer. Never change it,
#          or trainees get a second course instead of an update.
# name:    the course's name, as trainees see it.
# version: raise it (1, 2, 3 ... or 1.1, 1.2) each time you hand out a new
#          build: a trainee's massage-quiz replaces an older version with a
#          newer one and keeps their progress, and will not go back to an
#          older one by mistake.
id: {id}
name: {name}
version: 1
"""


def create(folder: Path, shown: str) -> list[tuple[str, str]]:
    """Create the folder's files; return (path, what happened) for each. Existing YAML is kept."""
    report = []
    name = folder.resolve().name or "my-course"
    files = {
        "quizzes/week-1.yaml": QUIZ_EXAMPLE.format(folder=shown),
        "cards/my-cards.yaml": CARDS_EXAMPLE,
        "course.yaml": COURSE_EXAMPLE.format(id=slug(name), name=json.dumps(name, ensure_ascii=False)),
    }
    for relative, text in files.items():
        path = folder / relative
        if path.exists():
            report.append((relative, "kept (already there)"))
        else:
            atomicfile.write_text(path, text)
            report.append((relative, "created"))
    shipped = bundled_folder().path / "schemas"
    for name in FOLDER_TOPICS:
        path = folder / "schemas" / f"{name}.schema.json"
        report.append((f"schemas/{name}.schema.json", _copy_schema(shipped / path.name, path)))
    return report


def _copy_schema(shipped: Path, path: Path) -> str:
    """Bring a schema file up to date, but never overwrite a file massage-quiz did not write."""
    text = shipped.read_text(encoding="utf-8")
    if not path.exists():
        atomicfile.write_text(path, text)
        return "created"
    try:
        old = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        old = ""
    if old == text:
        return "kept (up to date)"
    if SCHEMA_MARK not in old:
        return "kept (not written by massage-quiz)"
    atomicfile.write_text(path, text)
    return "updated"
