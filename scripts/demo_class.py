"""Write the progress files of a made-up class, for the class report's documentation, screenshots and tests.

    python scripts/demo_class.py DIR

Eight trainees drill the same two dozen bundled questions over a week with
the drill's own session (``massage_quiz.drill.session.run``): a missed
question comes back in the same sitting until it is answered right, and
every answer is scheduled and stored as in a real drill. Each question is
as hard as its line below says, and some trainees find some topics harder
(``HARDER``), all drawn from a seeded random generator so every run writes
the same answers. The progress files are real ones (``DIR/<name>.sqlite3``):
export each with ``massage-quiz stats --state DIR/<name>.sqlite3 --export
<name>.json``.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import random
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

TRAINEES = ("ana", "ben", "cai", "dina", "eli", "fay", "gus", "hana")
NAMES = {"ana": "Ana", "cai": "Cai", "eli": "Eli"}  # those who add their name to their summary (--name)
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
# Trainee -> topic -> how much likelier a wrong first try is for them (Ben and Gus struggle with safety).
HARDER = {"ben": {"contraindication": 3.0, "question": 1.3}, "gus": {"contraindication": 2.4}, "fay": {"acupoint": 1.5}}

# Question -> the chance of a wrong answer at the first try; each later day halves it.
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
    "contraindication/deep-vein-thrombosis/rule": 0.35,
    "contraindication/cauda-equina-syndrome/signs": 0.4,
    "contraindication/spinal-fracture/rule": 0.3,
    "contraindication/pregnancy/rule": 0.25,
    "contraindication/severe-osteoporosis/rule": 0.2,
    "contraindication/skin-disease/rule": 0.05,
    "question/count-up-to-l2": 0.7,
    "question/level-of-l2-points": 0.5,
    "question/bl54-is-not-weizhong": 0.4,
    "question/dvt-rule": 0.3,
    "question/iliac-crest-line": 0.6,
    "question/twelfth-rib": 0.2,
}


def right_answer(item: Any) -> str:
    """An answer the drill grades right for ``item`` (as shown, options shuffled)."""
    from massage_quiz.drill import asking

    if item.form == "typed":
        candidates = [item.answer]
    elif item.form == "choice":
        candidates = [str(item.correct + 1)]
    elif item.form == "true-false":
        candidates = ["true" if item.correct else "false"]
    else:  # order: the steps' numbers in the right order
        candidates = [" ".join(str(i + 1) for i in item.correct)]
    right = [c for c in candidates if asking.grade(item, c)]
    assert right, f"no right answer found for {item.id}"
    return str(right[0])


class ScriptedTerminal:
    """The drill's terminal with a trainee at it: right or wrong as ``decide(item, try)`` says, never what they typed matters."""

    interactive = False
    editing = False

    def __init__(self, decide: Callable[[Any, int], bool]) -> None:
        self.decide = decide
        self.item: Any = None
        self.tries: dict[str, int] = {}
        self.verdict = True

    def showing(self, item: Any) -> None:
        """The session shows ``item``: decide now whether this try is right."""
        self.item = item
        self.tries[item.id] = self.tries.get(item.id, 0) + 1
        self.verdict = self.decide(item, self.tries[item.id])

    def line(self, prompt: str, remember: bool = True) -> str:
        """The trainee's answer to the question on screen."""
        item = self.item
        if item.form == "recall":
            return ("y" if self.verdict else "n") if prompt.startswith("Did you remember") else ""
        return right_answer(item) if self.verdict else ""  # an empty answer is the drill's "I don't know"


@contextlib.contextmanager
def sitting(terminal: ScriptedTerminal) -> Iterator[None]:
    """The drill's output kept quiet, and each question shown told to the scripted trainee."""
    from massage_quiz.drill import asking

    shown = asking.show

    def show(number: int, total: int, item: Any, again: bool) -> None:
        terminal.showing(item)
        shown(number, total, item, again)

    asking.show = show
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            yield
    finally:
        asking.show = shown


def drill(store: Any, item_ids: list[str], start: datetime, decide: Callable[[Any, int], bool]) -> int:
    """One real drill session over ``item_ids`` from ``start``, twenty seconds an answer; the answers given."""
    from massage_quiz.drill import session
    from massage_quiz.drill.scheduling import scheduler_for
    from massage_quiz.items.load import load_items

    by_id = {item.id: item for item in load_items()}
    clock = itertools.count()
    terminal = ScriptedTerminal(decide)
    with sitting(terminal):
        outcome = session.run(
            [by_id[i] for i in item_ids],
            store,
            scheduler_for(),
            terminal,  # type: ignore[arg-type]  # a stand-in with the Terminal methods the session calls
            lambda: start + timedelta(seconds=20 * next(clock)),
        )
    return outcome.answered


def write_class(folder: Path) -> list[Path]:
    """Each trainee's progress file in ``folder``, drilled as the tables above say."""
    from massage_quiz.drill.progress import Store

    rng = random.Random(2026)
    written = []
    folder.mkdir(parents=True, exist_ok=True)
    for n, name in enumerate(TRAINEES):
        path = folder / f"{name}.sqlite3"
        path.unlink(missing_ok=True)
        harder = HARDER.get(name, {})
        with Store(path) as store:
            for day in range(rng.randint(2, 5)):  # how often this trainee drilled
                asked = [i for i in QUESTIONS if rng.random() >= 0.25]  # not every question every time

                def decide(item: Any, attempt: int, day: int = day, harder: dict[str, float] = harder) -> bool:
                    chance = min(QUESTIONS[item.id] * harder.get(item.id.split("/")[0], 1.0), 0.95) / 2**day
                    return bool(rng.random() >= (chance if attempt == 1 else chance / 4))

                drill(store, asked, START + timedelta(days=2 * day, hours=n), decide)
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
