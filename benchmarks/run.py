"""Measure start-up, check and build, each beside its baseline from the same run.

    python benchmarks/run.py [--runs 7]

Prints a Markdown table: the median of several runs and their spread
(min–max), the baseline's, their ratio and the target. Machines here are
noisy, so figures are compared as ratios to baselines measured in the same
run, interleaved with them. Peak memory is the child's maximum RSS.
Everything is generated in a temporary folder and deleted afterwards.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
PY = str(Path(sys.executable))
MQ = str(BIN / "massage-quiz")


def timed(cmd: list[str], env: dict[str, str], cwd: Path, before=None) -> tuple[float, int]:
    """Wall time and peak memory (KiB) of one run of ``cmd``."""
    if before:
        before()
    start = time.perf_counter()
    process = subprocess.Popen(cmd, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"benchmark command failed ({process.returncode}): {' '.join(cmd)}\n{process.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss


class Row:
    def __init__(self, what: str, target: str, limit: float | None, absolute: bool = False) -> None:
        self.what, self.target, self.limit, self.absolute = what, target, limit, absolute
        self.figure: list[float] = []
        self.base: list[float] = []
        self.memory: list[int] = []
        self.base_memory: list[int] = []
        self.baseline = ""

    def ratio(self) -> float | None:
        return statistics.median(self.figure) / statistics.median(self.base) if self.base else None

    def met(self) -> str:
        if self.limit is None:
            return ""
        value = statistics.median(self.figure) if self.absolute else self.ratio()
        return "yes" if value is not None and value <= self.limit else "**no**"


def measure(row: Row, runs: int, cmd, env, cwd, base_cmd=None, base_env=None, before=None, base_before=None) -> Row:
    """Interleave runs of the command and its baseline; one untimed warm-up each."""
    timed(cmd, env, cwd, before)
    if base_cmd:
        timed(base_cmd, base_env or env, cwd, base_before)
    for _ in range(runs):
        seconds, memory = timed(cmd, env, cwd, before)
        row.figure.append(seconds)
        row.memory.append(memory)
        if base_cmd:
            seconds, memory = timed(base_cmd, base_env or env, cwd, base_before)
            row.base.append(seconds)
            row.base_memory.append(memory)
    return row


def fmt(values: list[float]) -> str:
    if not values:
        return ""
    return f"{statistics.median(values) * 1000:.0f} ms ({min(values) * 1000:.0f}–{max(values) * 1000:.0f})"


def table(rows: list[Row]) -> str:
    lines = [
        "| measure | median (min–max) | baseline | baseline median (min–max) | ratio | target | met | peak memory |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        ratio = r.ratio()
        memory = f"{statistics.median(r.memory) / 1024:.0f} MiB" + (
            f" (baseline {statistics.median(r.base_memory) / 1024:.0f} MiB)" if r.base_memory else ""
        )
        lines.append(
            f"| {r.what} | {fmt(r.figure)} | {r.baseline} | {fmt(r.base)} | {'' if ratio is None else f'{ratio:.2f}x'} "
            f"| {r.target} | {r.met()} | {memory} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each quick measure (heavy ones use fewer)")
    args = parser.parse_args()
    runs, heavy = args.runs, max(3, args.runs // 2)
    sys.path.insert(0, str(HERE))
    import generate

    work = Path(tempfile.mkdtemp(prefix="mq-bench-"))
    try:
        base_env = {k: v for k, v in os.environ.items() if not k.startswith("MASSAGE_QUIZ")}
        base_env.update(
            {"NO_COLOR": "1", "MASSAGE_QUIZ_CACHE": str(work / "cache"), "MASSAGE_QUIZ_STATE": str(work / "empty.sqlite3")}
        )
        sizes = {n: work / f"content-{n}" for n in (1000, 10000, 50000)}
        for n, folder in sizes.items():
            generate.content(folder, n)
        subprocess.run([MQ, "stats"], env=base_env, check=True, stdout=subprocess.DEVNULL)  # warms the items cache
        full = work / "full.sqlite3"
        subprocess.run([PY, str(HERE / "generate.py"), "progress", str(full), "--reviews", "100000"], env=base_env, check=True)
        full_env = {**base_env, "MASSAGE_QUIZ_STATE": str(full)}

        def fresh_state() -> None:
            (work / "empty.sqlite3").unlink(missing_ok=True)
            for suffix in ("-wal", "-shm"):
                Path(str(work / "empty.sqlite3") + suffix).unlink(missing_ok=True)

        def cold_cache() -> None:
            shutil.rmtree(work / "cold-cache", ignore_errors=True)

        cold_env = {**base_env, "MASSAGE_QUIZ_CACHE": str(work / "cold-cache")}
        rows = []

        r = Row("`massage-quiz --help`", "≤ 1.3x", 1.3)
        r.baseline = '`python -c "import click"`'
        rows.append(measure(r, runs, [MQ, "--help"], base_env, work, [PY, "-c", "import click"]))

        drill = [MQ, "drill", "--limit", "1"]
        r = Row("first question, bundled content, empty progress", "≤ 2x", 2.0)
        r.baseline = '`python -c "import click, yaml"`'
        rows.append(measure(r, runs, drill, base_env, work, [PY, "-c", "import click, yaml"], before=fresh_state))

        r = Row("first question, no cache yet (first start after an update)", "(informative)", None)
        r.baseline = '`python -c "import click, yaml"`'
        rows.append(
            measure(
                r, runs, drill, cold_env, work, [PY, "-c", "import click, yaml"], before=lambda: (fresh_state(), cold_cache())
            )
        )

        r = Row("first question, 100,000 reviews on record", "≤ 1.2x", 1.2)
        r.baseline = "first question, empty progress"
        rows.append(measure(r, runs, drill, full_env, work, drill, base_env, base_before=fresh_state))

        check = {n: [MQ, "check", "--content", str(folder)] for n, folder in sizes.items()}
        parse = [
            PY,
            "-c",
            "import sys, yaml, pathlib\nfor p in sorted(pathlib.Path(sys.argv[1]).rglob('*.yaml')): yaml.load(p.read_text(), Loader=yaml.CSafeLoader)",
        ]
        for n in (1000, 10000):
            r = Row(
                f"`check` on {n:,} entries",
                "< 2 s" if n == 10000 else "(informative)",
                2.0 if n == 10000 else None,
                absolute=True,
            )
            r.baseline = "PyYAML's C loader reading the same files"
            rows.append(measure(r, heavy, check[n], cold_env, work, [*parse, str(sizes[n])], before=cold_cache))
        ten = rows[-1]
        r = Row("`check` on 50,000 entries", "≤ 5.5x the 10,000 figure", 5.5)
        r.baseline = "`check` on 10,000 entries"
        rows.append(measure(r, heavy, check[50000], cold_env, work, check[10000], before=cold_cache, base_before=cold_cache))

        notes = work / "notes.json"
        subprocess.run(
            [
                PY,
                "-c",
                (
                    "import json, sys\nfrom massage_quiz.catalogue.loader import load_folders\nfrom massage_quiz.catalogue.folders import all_folders\n"
                    "from massage_quiz.facets.table import TABLE\nc = load_folders(all_folders((sys.argv[1],)))\n"
                    "json.dump([[e.kind, e.id, TABLE[e.kind].values(e, c), TABLE[e.kind].tags(e)] for e in c.entries()], open(sys.argv[2], 'w'))"
                ),
                str(sizes[10000]),
                str(notes),
            ],
            env=base_env,
            check=True,
        )
        bare = [PY, str(HERE / "bare_genanki.py"), str(notes), str(work / "bare.apkg")]
        build = [MQ, "build", "--content", str(sizes[10000]), "-o", str(work / "deck.apkg")]

        def no_deck() -> None:
            (work / "deck.apkg").unlink(missing_ok=True)

        r = Row("`build` on 10,000 entries, after `check` (content compiled)", "≤ 1.5x", 1.5)
        r.baseline = "bare genanki script writing the same notes"
        subprocess.run(check[10000], env=base_env, check=True, stdout=subprocess.DEVNULL)
        rows.append(measure(r, heavy, build, base_env, work, bare, before=no_deck))
        r = Row("`build` on 10,000 entries, content not compiled yet", "≤ 1.5x", 1.5)
        r.baseline = "bare genanki script writing the same notes"
        rows.append(measure(r, heavy, build, cold_env, work, bare, before=lambda: (no_deck(), cold_cache())))

        print(
            f"massage-quiz benchmarks, {time.strftime('%Y-%m-%d')}, Python {sys.version.split()[0]}, {os.cpu_count()} cores; "
            f"{runs} runs of quick measures, {heavy} of heavy ones.\n"
        )
        print(table(rows))
        print(
            f"\n`check` 50,000 / 10,000: {statistics.median(rows[-3].figure) / statistics.median(ten.figure):.2f}x "
            "(the 50,000 row's ratio uses the 10,000 runs interleaved with it)."
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
