"""Generate synthetic but valid content, and a progress database, for the benchmarks.

    python benchmarks/generate.py content DIR --entries 10000
    python benchmarks/generate.py progress FILE --reviews 100000

(``exports`` makes progress summaries of many trainees from one real one, for `report`.)

The content is marked synthetic in every entry: it exists to be measured,
never to be studied. Entries are spread over all kinds, about a thousand to a
file, and every question refers to a generated entry.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

PER_FILE = 1000
SOURCE = "Synthetic benchmark content (not for study)"


def _technique(n: int) -> str:
    return f"""\
  - id: bench-technique-{n}
    name: Synthetic technique {n}
    chinese: 推法
    pinyin: tuī fǎ
    hand_position: Both hands straightened, heel of the palm on the skin (synthetic {n}).
    direction: From the upper waist downward along both sides of the spine (synthetic {n}).
    force: Moderate.
    rhythm: Slow and even.
    effects: [Synthetic effect {n}, Another synthetic effect]
    tags: [bench]
    source: {SOURCE}
"""


def _code(n: int) -> str:
    """A distinct extra-point code for point ``n``: WHO numbers have at most four digits, so 9,000 to a region."""
    return f"EX-{('B', 'HN', 'CA', 'UE', 'LE')[n // 9000]}{1000 + n % 9000}"


def _acupoint(n: int) -> str:
    return f"""\
  - id: bench-acupoint-{n}
    code: {_code(n)}
    pinyin: Hécheng {n}
    hanzi: 合成
    english: Synthetic point {n}
    location: Level with the lower border of a spinous process, {n % 4 + 1} B-cun lateral (synthetic {n}).
    pressing: With the thumb, at moderate pressure.
    sensation: Soreness and distension.
    tags: [bench]
    source: {SOURCE}
"""


def _contraindication(n: int) -> str:
    rule = ("refer", "avoid-area", "adapt")[n % 3]
    return f"""\
  - id: bench-rule-{n}
    condition: Synthetic condition {n}
    rule: {rule}
    details: Synthetic details {n}.
    source: {SOURCE}
"""


def _question(n: int, counts: dict[str, int]) -> str:
    # Questions go round every card entry in turn, so no entry is left uncovered.
    cards = counts["technique"] + counts["acupoint"] + counts["contraindication"]
    target = (n - n // 5) % cards  # counts only the questions that refer to an entry
    if n % 5 == 4:
        body = "    type: order\n    answer: [First step, Second step, Third step]\n"
    elif target < counts["technique"]:
        body = (
            f"    type: choice\n    answer: Right option {n}\n    distractors: [Wrong option A, Another wrong option B]\n"
            f"    technique: bench-technique-{target}\n"
        )
    elif target < counts["technique"] + counts["acupoint"]:
        point = target - counts["technique"]
        body = f"    type: typed\n    answer: {_code(point)}\n    acupoint: bench-acupoint-{point}\n"
    else:
        rule = target - counts["technique"] - counts["acupoint"]
        body = f"    type: true-false\n    answer: {'true' if n % 2 else 'false'}\n    contraindication: bench-rule-{rule}\n"
    return f"""\
  - id: bench-question-{n}
    prompt: Synthetic question number {n}?
{body}    explanation: Synthetic explanation {n}.
    tags: [bench]
    source: {SOURCE}
"""


# A whole course: the 361 WHO standard points, 30 techniques, and a question about each.
COURSE = {"technique": 30, "acupoint": 361, "contraindication": 0, "question": 489}


def content(folder: Path, entries: int, counts: dict[str, int] | None = None) -> dict[str, int]:
    """Write ``entries`` entries across all kinds (or ``counts`` of each) into folder/cards and folder/quizzes."""
    if counts is None:
        counts = {"technique": entries // 20, "acupoint": entries // 10, "contraindication": entries // 20}
        counts["question"] = entries - sum(counts.values())
    makers = {
        "technique": ("cards", "techniques", _technique),
        "acupoint": ("cards", "acupoints", _acupoint),
        "contraindication": ("cards", "contraindications", _contraindication),
        "question": ("quizzes", "questions", lambda n: _question(n, counts)),
    }
    for kind, count in counts.items():
        sub, section, make = makers[kind]
        (folder / sub).mkdir(parents=True, exist_ok=True)
        for start in range(0, count, PER_FILE):
            chunk = "".join(make(n) for n in range(start, min(start + PER_FILE, count)))
            (folder / sub / f"bench-{kind}-{start // PER_FILE:03d}.yaml").write_text(f"{section}:\n{chunk}", encoding="utf-8")
    return counts


def progress(path: Path, reviews: int, item_ids: list[str], now: datetime, due_share: float = 0.1) -> None:
    """A progress database holding ``reviews`` answers spread over two years, for ``item_ids``.

    About ``due_share`` of the items fell due in the last days, so the drill has questions to ask.
    """
    from massage_quiz.drill.progress import Store

    Store(path).close()  # the real schema, version and identity
    rng = random.Random(7)
    db = sqlite3.connect(path)
    start = now - timedelta(days=730)
    rows = []
    for n in range(reviews):
        moment = start + timedelta(seconds=rng.randrange(730 * 86400))
        rows.append((item_ids[n % len(item_ids)], int(moment.timestamp()), rng.choice((1, 3, 3, 3, 4)), 1, "answer", None))
    with db:
        db.executemany(
            "INSERT INTO reviews (item_id, reviewed_at, rating, correct, answer, card_before) VALUES (?, ?, ?, ?, ?, ?)", rows
        )
        for number, item_id in enumerate(item_ids):
            days = 1 + number % 60
            due = now - timedelta(days=days % 7 + 1) if number < len(item_ids) * due_share else now + timedelta(days=days)
            card = {
                "card_id": 1,
                "state": 2,
                "step": None,
                "stability": 30.0,
                "difficulty": 5.0,
                "due": due.isoformat(),
                "last_review": (due - timedelta(days=30)).isoformat(),
            }
            db.execute(
                "INSERT INTO items (item_id, card, state, stability, due, first_review, last_review, reps, lapses) VALUES (?, ?, 2, 30.0, ?, ?, ?, ?, 0)",
                (
                    item_id,
                    json.dumps(card),
                    int(due.timestamp()),
                    int(start.timestamp()),
                    int((due - timedelta(days=30)).timestamp()),
                    reviews // len(item_ids),
                ),
            )
    db.close()


def exports(folder: Path, count: int, template: Path) -> list[Path]:
    """``count`` progress summaries of as many trainees, each a copy of ``template`` (a real `stats --export`) with its own
    trainee id and its own counts, written as massage-quiz writes them; their paths."""
    data = json.loads(template.read_text(encoding="utf-8"))
    rng = random.Random(5)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        items = []
        for item in data["items"]:
            attempts = rng.randint(1, 12)
            wrong = rng.randint(0, attempts - 1)
            # Counts that add up, as `report` checks them: answered on 1..attempts days, first tries wrong on at
            # most as many days as there were wrong answers, lapses at most the wrong answers.
            days = rng.randint(1, attempts)
            counts = {"days": days, "days_wrong": rng.randint(0, min(days, wrong)), "lapses": rng.randint(0, wrong)}
            last = rng.choice(("right", "right", "wrong"))
            items.append({**item, "attempts": attempts, "wrong": wrong, **counts, "last": last})
        summary = {**data, "trainee": f"{rng.getrandbits(64):016x}", "name": f"Trainee {n}", "items": items}
        path = folder / f"trainee-{n:04d}.json"
        path.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    c = sub.add_parser("content")
    c.add_argument("folder", type=Path)
    c.add_argument("--entries", type=int, default=10000)
    c.add_argument("--course", action="store_true", help="a whole course's cards instead: 361 points, 30 techniques")
    p = sub.add_parser("progress")
    p.add_argument("file", type=Path)
    p.add_argument("--reviews", type=int, default=100000)
    args = parser.parse_args()
    if args.what == "content":
        print(content(args.folder, args.entries, COURSE if args.course else None))
    else:
        from massage_quiz.items.load import load_items

        ids = [item.id for item in load_items()]
        progress(args.file, args.reviews, ids, datetime.now(UTC))


if __name__ == "__main__":
    main()
