"""Write the progress files of a made-up class, for the class report's documentation and screenshot.

    python scripts/demo_class.py DIR

Eight trainees answer the same two dozen bundled questions over a week,
each question as hard as its line below says, drawn from a seeded random
generator so every run writes the same answers. Their progress files are
real ones (``DIR/<name>.sqlite3``): export each with ``massage-quiz stats
--state DIR/<name>.sqlite3 --export <name>.json``.
"""

from __future__ import annotations

import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

TRAINEES = ("ana", "ben", "cai", "dina", "eli", "fay", "gus", "hana")
NAMES = {"ana": "Ana", "cai": "Cai", "eli": "Eli"}  # those who add their name to their summary (--name)
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

# Question -> the chance of a wrong answer at the first try; each later try halves it.
QUESTIONS = {
    "acupoint/shenshu/code": 0.3,
    "acupoint/mingmen/code": 0.2,
    "acupoint/zhishi/location": 0.8,
    "acupoint/yaoyan/location": 0.9,
    "acupoint/dachangshu/code": 0.5,
    "acupoint/weizhong/pressing": 0.4,
    "acupoint/huantiao/location": 0.7,
    "acupoint/kunlun/name": 0.3,
    "technique/palm-pushing/direction": 0.2,
    "technique/tapping/force-rhythm": 0.5,
    "technique/percussion/hand-position": 0.4,
    "technique/pressing-kneading/effects": 0.3,
    "contraindication/deep-vein-thrombosis/rule": 0.7,
    "contraindication/cauda-equina-syndrome/signs": 0.8,
    "contraindication/spinal-fracture/rule": 0.6,
    "contraindication/pregnancy/rule": 0.5,
    "contraindication/severe-osteoporosis/rule": 0.4,
    "contraindication/skin-disease/rule": 0.1,
    "question/count-up-to-l2": 0.7,
    "question/level-of-l2-points": 0.5,
    "question/bl54-is-not-weizhong": 0.4,
    "question/dvt-rule": 0.3,
    "question/iliac-crest-line": 0.6,
    "question/twelfth-rib": 0.2,
}


def write_class(folder: Path) -> list[Path]:
    """Each trainee's progress file in ``folder``, answered as the table above says."""
    from massage_quiz.drill.progress import Store
    from massage_quiz.drill.scheduling import AGAIN, GOOD, scheduler_for

    rng = random.Random(2026)
    schedule = scheduler_for()
    written = []
    folder.mkdir(parents=True, exist_ok=True)
    for n, name in enumerate(TRAINEES):
        path = folder / f"{name}.sqlite3"
        path.unlink(missing_ok=True)
        moment = START + timedelta(hours=n)
        with Store(path) as store:
            for day in range(rng.randint(2, 5)):  # how often this trainee drilled
                moment = START + timedelta(days=2 * day, hours=n)
                for item_id, chance in QUESTIONS.items():
                    if rng.random() < 0.25:  # not every question every time
                        continue
                    wrong = rng.random() < chance / (2**day)
                    moment += timedelta(minutes=1)
                    store.record(item_id, moment, AGAIN if wrong else GOOD, not wrong, "", schedule)
        written.append(path)
    return written


def main() -> int:
    """Write the class into the folder named on the command line."""
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    for path in write_class(Path(sys.argv[1])):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
