"""Fitting a trainee's FSRS parameters on 10,000 and 50,000 reviews: time and peak memory, each in a fresh process.

Usage: .venv/bin/python benchmarks/fit_bench.py [--runs 3]

The reviews come from a simulated trainee (FSRS with parameters of its own,
scheduled with the defaults, as the drill schedules a new trainee), made
once outside the timed runs. Each run is a fresh interpreter that reads
them, fits (``massage_quiz.drill.fitting.fit``: the 80/20 time split, the
fit by fsrs-rs and both evaluations) and reports the fit's own time and the
process's peak resident memory. The baseline is the same process doing all
but the fit (reading the reviews and importing fsrs-rs), so the memory
column shows what fitting adds. Target (issue 27): under 2 s for 50,000
reviews, and memory that grows no faster than the reviews.
"""

from __future__ import annotations

import argparse
import heapq
import json
import random
import statistics
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

SIZES = (10_000, 50_000)
TARGET_SECONDS = 2.0

_CHILD = """
import json, resource, sys, time
history = [tuple(r) for r in json.load(open(sys.argv[1]))]
import fsrs_rs_python  # noqa: F401
from massage_quiz.drill import fitting
start = time.perf_counter()
fitted = fitting.fit(history, 0) if sys.argv[2] == "fit" else None
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak, "adopted": None if fitted is None else fitted.adopted,
                  "items": None if fitted is None else fitted.trained_on + fitted.held_out}))
"""


def simulate(reviews: int, seed: int = 1) -> list[tuple[str, int, int]]:
    """About ``reviews`` answers of a trainee who forgets faster than FSRS's defaults expect, drilled on the defaults."""
    from fsrs import Card, Rating, Scheduler
    from fsrs.scheduler import DEFAULT_PARAMETERS

    memory = (*DEFAULT_PARAMETERS[:2], 0.5, 1.5, *DEFAULT_PARAMETERS[4:8], 1.0, *DEFAULT_PARAMETERS[9:20], 0.5)
    rng = random.Random(seed)
    drill, mind = Scheduler(enable_fuzzing=False), Scheduler(parameters=memory, enable_fuzzing=False)
    start = datetime(2024, 1, 1, 9, tzinfo=UTC)
    items = max(reviews // 12, 1)
    scheduled = {n: Card(card_id=n + 1, due=start + timedelta(hours=n)) for n in range(items)}
    remembered = {n: Card(card_id=n + 1, due=start) for n in range(items)}
    queue = [(card.due, n) for n, card in scheduled.items()]
    heapq.heapify(queue)
    answers: list[tuple[str, int, int]] = []
    while len(answers) < reviews:
        moment, number = heapq.heappop(queue)
        card, truth = scheduled[number], remembered[number]
        recall = 0.75 if truth.last_review is None else mind.get_card_retrievability(truth, moment)
        rating = (Rating.Hard if rng.random() < 0.15 else Rating.Good) if rng.random() < recall else Rating.Again
        scheduled[number], _ = drill.review_card(card, rating, moment)
        remembered[number], _ = mind.review_card(truth, rating, moment)
        heapq.heappush(queue, (scheduled[number].due, number))
        answers.append((f"item/{number}/x", int(moment.timestamp()), int(rating)))
    return answers


def measure(path: Path, mode: str) -> dict[str, float]:
    """One fresh process reading the reviews at ``path`` and fitting them (mode "fit") or not ("read")."""
    out = subprocess.run([sys.executable, "-c", _CHILD, str(path), mode], check=True, capture_output=True, text=True)
    result: dict[str, float] = json.loads(out.stdout)
    return result


def main() -> None:
    """Print the table of fit times and peak memory."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    print(f"{'reviews':>8} {'FSRS items':>10} {'fit s (median, min-max)':>26} {'peak MB':>8} {'read only MB':>13} {'adopted':>8}")
    with tempfile.TemporaryDirectory() as scratch:
        for size in SIZES:
            path = Path(scratch) / f"{size}.json"
            path.write_text(json.dumps(simulate(size)))
            fits = [measure(path, "fit") for _ in range(runs)]
            base = measure(path, "read")
            times = [f["seconds"] for f in fits]
            spread = f"{statistics.median(times):.2f} ({min(times):.2f}-{max(times):.2f})"
            peak = max(f["peak_mb"] for f in fits)
            verdict = "" if size != SIZES[-1] else ("  target met" if max(times) < TARGET_SECONDS else "  OVER TARGET")
            print(
                f"{size:>8} {fits[0]['items']:>10} {spread:>26} {peak:>8.0f} {base['peak_mb']:>13.0f} {fits[0]['adopted']!s:>8}{verdict}"
            )


if __name__ == "__main__":
    main()
