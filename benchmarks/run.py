"""Measure start-up, check and build, each beside its baseline from the same run.

    python benchmarks/run.py [--runs 7] [--only PATTERN]

Prints a Markdown table: the median of several runs and their spread
(min–max), the baseline's, their ratio and the target. Machines here are
noisy, so figures are compared as ratios to baselines measured in the same
run, interleaved with them. Peak memory is the child's maximum RSS.
Everything is generated in a temporary folder and deleted afterwards,
including the copy of massage-quiz measured: the wheel built from this
checkout, installed there as a user would have it.
"""

from __future__ import annotations

import argparse
import importlib.util
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = str(Path(sys.executable))
ROOT = HERE.parent


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
    def __init__(
        self, what: str, target: str, limit: float | None, absolute: bool = False, on_memory: bool = False, check=None
    ) -> None:
        self.what, self.target, self.limit, self.absolute, self.on_memory = what, target, limit, absolute, on_memory
        self.check = check  # a target that is not a plain ratio: a function of the row, True when met
        self.figure: list[float] = []
        self.base: list[float] = []
        self.memory: list[int] = []
        self.base_memory: list[int] = []
        self.baseline = ""

    def ratio(self) -> float | None:
        if self.on_memory:
            return statistics.median(self.memory) / statistics.median(self.base_memory)
        return statistics.median(self.figure) / statistics.median(self.base) if self.base else None

    def met(self) -> str:
        if self.check is not None:
            return "yes" if self.check(self) else "**no**"
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
            f"| {r.what} | {fmt(r.figure)} | {r.baseline} | {fmt(r.base)} | {'' if ratio is None else f'{ratio:.2f}x'}"
            f"{' (memory)' if r.on_memory else ''} "
            f"| {r.target} | {r.met()} | {memory} |"
        )
    return "\n".join(lines)


SWEEP = (2000, 4000, 10000)


def sweep(what: str, runs: int, command, env, cwd, before=None) -> tuple[str, dict[int, list[float]]]:
    """Run ``command(n)`` for every size of SWEEP, interleaved, one untimed warm-up each."""
    times: dict[int, list[float]] = {n: [] for n in SWEEP}
    for n in SWEEP:
        timed(command(n), env, cwd, before and (lambda n=n: before(n)))
    for _ in range(runs):
        for n in SWEEP:
            times[n].append(timed(command(n), env, cwd, before and (lambda n=n: before(n)))[0])
    return what, times


def sweep_table(sweeps: list[tuple[str, dict[int, list[float]]]]) -> str:
    """Medians per size and the growth for twice the content: 2.00x is linear."""
    head = " | ".join(f"{n:,} entries" for n in SWEEP)
    lines = [
        f"| measure | {head} | x for 2x the content (2,000 → 4,000) | x for 2x the content (4,000 → 10,000, per doubling) |",
        "|---|" + "---|" * len(SWEEP) + "---|---|",
    ]
    for what, times in sweeps:
        med = {n: statistics.median(v) for n, v in times.items()}
        first = med[4000] / med[2000]
        second = (med[10000] / med[4000]) ** (math.log(2) / math.log(10000 / 4000))
        cells = " | ".join(fmt(times[n]) for n in SWEEP)
        lines.append(f"| {what} | {cells} | {first:.2f}x | {second:.2f}x |")
    return "\n".join(lines)


def edit(folder: Path) -> None:
    """Change a content file the way an author would (here, a comment), so every cache is stale."""
    path = folder / "cards" / "bench-technique-000.yaml"
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"# edited {time.perf_counter_ns()}\n")


def install(work: Path) -> tuple[str, str]:
    """Build the wheel of this checkout and install it under ``work``: its console script and the folder for PYTHONPATH.

    The wheel, not the editable checkout, is what users run: it carries the
    bundled content's compiled items (hatch_build.py). Its dependencies are
    this interpreter's.
    """
    dist, target = work / "dist", work / "installed"
    subprocess.run([PY, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist), str(ROOT)], check=True)
    (wheel,) = dist.glob("massage_quiz-*.whl")
    subprocess.run([PY, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)], check=True)
    # Bytecode as an installed copy has it: a first import compiles no source.
    subprocess.run([PY, "-m", "compileall", "-q", str(target)], check=True, stdout=subprocess.DEVNULL)
    return str(target / "bin" / "massage-quiz"), str(target)


def sync_bench_import() -> str:
    """The baseline of the sync rows: Anki importing a deck into an empty collection (sync_bench.py's own)."""
    import sync_bench

    return sync_bench.IMPORT


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each quick measure (heavy ones use fewer)")
    parser.add_argument(
        "--only", metavar="PATTERN", help="measure only the rows and sweeps whose name matches this regular expression"
    )
    args = parser.parse_args()
    runs, heavy = args.runs, max(3, args.runs // 2)

    def want(what: str) -> bool:
        return args.only is None or re.search(args.only, what, re.IGNORECASE) is not None

    sys.path.insert(0, str(HERE))
    import generate

    work = Path(tempfile.mkdtemp(prefix="mq-bench-"))
    try:
        MQ, installed = install(work)
        base_env = {k: v for k, v in os.environ.items() if not k.startswith("MASSAGE_QUIZ") and k != "PYTHONDONTWRITEBYTECODE"}
        base_env.update(
            {
                "NO_COLOR": "1",
                "MASSAGE_QUIZ_CACHE": str(work / "cache"),
                "MASSAGE_QUIZ_STATE": str(work / "empty.sqlite3"),
                "PYTHONPATH": installed,
            }
        )
        sizes = {n: work / f"content-{n}" for n in (*SWEEP, 50000, 100000)}

        def ensure(*ns: int) -> None:
            for n in ns:
                if not sizes[n].exists():
                    generate.content(sizes[n], n)

        course = work / "course"
        subprocess.run([MQ, "stats"], env=base_env, check=True, stdout=subprocess.DEVNULL)  # warms the items cache
        full = work / "full.sqlite3"
        if want("first question, 100,000 reviews on record, items due"):
            subprocess.run(
                [PY, str(HERE / "generate.py"), "progress", str(full), "--reviews", "100000"], env=base_env, check=True
            )
        full_env = {**base_env, "MASSAGE_QUIZ_STATE": str(full)}
        one_due = {}
        for name, item_id in (("map", "acupoint/shenshu/location"), ("plain", "acupoint/shenshu/code")):
            one_due[name] = work / f"due-{name}.sqlite3"
            code = (
                "import sys; from datetime import UTC, datetime; from pathlib import Path; sys.path.insert(0, sys.argv[3]); import generate\n"
                "generate.progress(Path(sys.argv[1]), 1, [sys.argv[2]], datetime.now(UTC), due_share=1.0)"
            )
            subprocess.run([PY, "-c", code, str(one_due[name]), item_id, str(HERE)], env=base_env, check=True)

        def fresh_state() -> None:
            (work / "empty.sqlite3").unlink(missing_ok=True)
            for suffix in ("-wal", "-shm"):
                Path(str(work / "empty.sqlite3") + suffix).unlink(missing_ok=True)

        def cold_cache() -> None:
            shutil.rmtree(work / "cold-cache", ignore_errors=True)

        cold_env = {**base_env, "MASSAGE_QUIZ_CACHE": str(work / "cold-cache")}
        rows: list[Row] = []
        drill = [MQ, "drill", "--limit", "1"]

        def add(r: Row, *args, ensure_sizes: tuple[int, ...] = (), **kwargs) -> Row | None:
            """Measure the row if --only wants it, generating the content it reads first."""
            if not want(r.what):
                return None
            ensure(*ensure_sizes)
            rows.append(measure(r, *args, **kwargs))
            return rows[-1]

        r = Row("`massage-quiz --help`", "≤ 1.3x", 1.3)
        r.baseline = '`python -c "import click"`'
        add(r, runs, [MQ, "--help"], base_env, work, [PY, "-c", "import click"])

        r = Row("first question, bundled content, empty progress", "≤ 2x", 2.0)
        r.baseline = '`python -c "import click, yaml"`'
        add(r, runs, drill, base_env, work, [PY, "-c", "import click, yaml"], before=fresh_state)

        r = Row("first question, no cache yet (first start after an update)", "≤ 2.0x", 2.0)
        r.baseline = '`python -c "import click, yaml"`'
        add(r, runs, drill, cold_env, work, [PY, "-c", "import click, yaml"], before=lambda: (fresh_state(), cold_cache()))

        r = Row("first question, a body map shown (one item due)", "≤ 1.2x", 1.2)
        r.baseline = "first question, no map (one item due)"
        due_one = [*drill, "--new-per-day", "0"]
        add(
            r,
            runs,
            due_one,
            {**base_env, "MASSAGE_QUIZ_STATE": str(one_due["map"])},
            work,
            due_one,
            {**base_env, "MASSAGE_QUIZ_STATE": str(one_due["plain"])},
        )

        r = Row("first question, 100,000 reviews on record, items due", "≤ 1.2x", 1.2)
        r.baseline = "first question, empty progress"
        add(r, runs, drill, full_env, work, drill, base_env, base_before=fresh_state)

        def after_edit(folder: Path):
            return lambda: (edit(folder), fresh_state())

        def drill_in(folder: Path) -> list[str]:
            return [*drill, "--content", str(folder)]

        check = {n: [MQ, "check", "--content", str(folder)] for n, folder in sizes.items()}
        r = Row("first question right after an edit, 2,000 entries", "≤ 1.5x", 1.5)
        r.baseline = "`check` right after the same edit"
        add(
            r,
            runs,
            drill_in(sizes[2000]),
            base_env,
            work,
            check[2000],
            before=after_edit(sizes[2000]),
            base_before=after_edit(sizes[2000]),
            ensure_sizes=(2000,),
        )
        r = Row("first question right after an edit, 4,000 entries", "≤ 2.2x the 2,000 figure", 2.2)
        r.baseline = "the same, 2,000 entries"
        add(
            r,
            runs,
            drill_in(sizes[4000]),
            base_env,
            work,
            drill_in(sizes[2000]),
            before=after_edit(sizes[4000]),
            base_before=after_edit(sizes[2000]),
            ensure_sizes=(2000, 4000),
        )
        r = Row("first question right after an edit, a course (361 points, 30 techniques, 489 questions)", "≤ 1.5x", 1.5)
        r.baseline = "`check` right after the same edit"
        if want(r.what):
            generate.content(course, 0, generate.COURSE)
        add(
            r,
            runs,
            drill_in(course),
            base_env,
            work,
            [MQ, "check", "--content", str(course)],
            before=after_edit(course),
            base_before=after_edit(course),
        )

        for what, cmd in (
            ("`list`", [MQ, "list", "--content", str(sizes[2000])]),
            ("`show`", [MQ, "show", "bench-acupoint-7", "--content", str(sizes[2000])]),
        ):
            r = Row(f"{what}, 2,000 entries, cache warm", "≤ 1.2x", 1.2)
            r.baseline = "`check`, cache warm"
            if want(r.what):
                ensure(2000)
                subprocess.run(check[2000], env=base_env, check=True, stdout=subprocess.DEVNULL)  # warm
            add(r, runs, cmd, base_env, work, check[2000])

        parse = [
            PY,
            "-c",
            "import sys, yaml, pathlib\nfor p in sorted(pathlib.Path(sys.argv[1]).rglob('*.yaml')): yaml.load(p.read_text(), Loader=yaml.CSafeLoader)",
        ]
        r = Row("`check` on 10,000 entries", "< 2 s", 2.0, absolute=True)
        r.baseline = "PyYAML's C loader reading the same files"
        ten = add(r, heavy, check[10000], cold_env, work, [*parse, str(sizes[10000])], before=cold_cache, ensure_sizes=(10000,))
        r = Row("`check` on 50,000 entries", "≤ 5.5x the 10,000 figure", 5.5)
        r.baseline = "`check` on 10,000 entries"
        fifty = add(
            r,
            heavy,
            check[50000],
            cold_env,
            work,
            check[10000],
            before=cold_cache,
            base_before=cold_cache,
            ensure_sizes=(10000, 50000),
        )
        r = Row("`check` on 100,000 entries: peak memory", "≤ 3.5x", 3.5, on_memory=True)
        r.baseline = "PyYAML's C loader reading the same files"
        hundred = add(
            r, heavy, check[100000], cold_env, work, [*parse, str(sizes[100000])], before=cold_cache, ensure_sizes=(100000,)
        )
        if hundred:
            cache_size = sum(p.stat().st_size for p in (work / "cold-cache").glob("catalogue-*.json"))
            yaml_size = sum(p.stat().st_size for p in sizes[100000].rglob("*.yaml"))
            from massage_quiz.catalogue.folders import bundled_folder

            bundled = bundled_folder().path
            yaml_size += sum(p.stat().st_size for sub in ("cards", "quizzes") for p in (bundled / sub).rglob("*.yaml"))

        def build_in(n: int, deck: str = "deck.apkg") -> list[str]:
            return [MQ, "build", "--content", str(sizes[n]), "-o", str(work / deck)]

        def no_deck(deck: str = "deck.apkg") -> None:
            (work / deck).unlink(missing_ok=True)

        notes = work / "notes.json"
        bare = [PY, str(HERE / "bare_genanki.py"), str(notes), str(work / "bare.apkg")]
        if want("`build` on 10,000 entries"):
            ensure(10000)
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
            subprocess.run(check[10000], env=base_env, check=True, stdout=subprocess.DEVNULL)

        def no_notes() -> None:
            no_deck()
            for cached in (work / "cache").glob("notes-*.json"):
                cached.unlink()

        def checked() -> None:
            no_notes()  # what `check` keeps is made again, not left from an earlier run
            subprocess.run(check[10000], env=base_env, check=True, stdout=subprocess.DEVNULL)

        # Three rows: the `build` right after `check` (which keeps the notes it renders), one with the catalogue
        # compiled but no notes cached (after `list` or `show`: every note rendered, then cached), and every later
        # one while the content is unchanged (the notes read from that cache).
        r = Row("`build` on 10,000 entries, right after `check` (notes kept by `check`)", "≤ 1.5x", 1.5)
        r.baseline = "bare genanki script writing the same notes"
        add(r, heavy, build_in(10000), base_env, work, bare, before=checked)
        r = Row("`build` on 10,000 entries, catalogue compiled, notes not cached (after `list`)", "≤ 1.5x", 1.5)
        r.baseline = "bare genanki script writing the same notes"
        add(r, heavy, build_in(10000), base_env, work, bare, before=no_notes)
        r = Row("`build` on 10,000 entries, content unchanged since the last build (notes cached)", "≤ 1.5x", 1.5)
        r.baseline = "bare genanki script writing the same notes"
        add(r, heavy, build_in(10000), base_env, work, bare, before=no_deck)
        r = Row("`build` on 10,000 entries, content not compiled yet", "≤ 1.5x", 1.5)
        r.baseline = "bare genanki script writing the same notes"
        add(r, heavy, build_in(10000), cold_env, work, bare, before=lambda: (no_deck(), cold_cache()))
        r = Row("`build` on 10,000 entries onto its own previous deck", "≤ 1.2x", 1.2)
        r.baseline = "`build` on 10,000 entries, no previous deck"
        if want(r.what):
            subprocess.run(build_in(10000, "again.apkg"), env=base_env, check=True, stdout=subprocess.DEVNULL)
        add(r, heavy, build_in(10000, "again.apkg"), base_env, work, build_in(10000), before=None, base_before=no_deck)

        # `drill --deck`: the course inside a deck, against the same course installed (both caches warm).
        r = Row("`drill --deck`, a course of 10,000 entries, second start", "≤ 1.3x", 1.3)
        r.baseline = "first question, the same course installed"
        if want(r.what):
            ensure(10000)
            course_deck = work / "course-10000.apkg"
            subprocess.run(build_in(10000, course_deck.name), env=base_env, check=True, stdout=subprocess.DEVNULL)
            installed_env = {**base_env, "MASSAGE_QUIZ_STATE": str(work / "with-course" / "progress.sqlite3")}
            subprocess.run([MQ, "course", "add", str(course_deck)], env=installed_env, check=True, stdout=subprocess.DEVNULL)
            add(r, runs, [*drill, "--deck", str(course_deck)], base_env, work, drill, installed_env, before=fresh_state)

        # `sync`: a real sync server on localhost, a phone and a terminal with as many answers each
        # (sync_bench.SyncCase), every run from the same saved state, interleaved with Anki's own
        # import of the same deck into an empty collection, as a process.
        anki_import = [PY, "-c", sync_bench_import()]
        for reviews in (1000, 10000, 20000):
            first_what = f"first `sync`, {reviews:,} answers each way"
            again_what = f"`sync` with nothing new, {reviews:,} answers each way"
            if not (want(first_what) or want(again_what)):
                continue
            if importlib.util.find_spec("anki") is None:
                print(f"skipped: {first_what} (Anki's engine is not installed: pip install -e '.[sync]')", file=sys.stderr)
                continue
            ensure(2000)
            import sync_bench

            case = sync_bench.SyncCase(work / f"sync-{reviews}", sizes[2000], reviews, MQ, base_env)
            try:
                imported = work / f"sync-{reviews}" / "imported.anki2"

                def empty_collection(imported: Path = imported) -> None:
                    for suffix in ("", "-wal", "-shm"):
                        Path(f"{imported}{suffix}").unlink(missing_ok=True)

                base = [*anki_import, str(case.deck), str(imported)]
                r = Row(first_what, "≤ 2x", 2.0)
                r.baseline = "Anki importing the same deck (a process)"
                add(r, heavy, [MQ, "sync"], case.env, work, base, base_env, before=case.first, base_before=empty_collection)
                r = Row(again_what, "≤ 1x", 1.0)
                r.baseline = "Anki importing the same deck (a process)"
                add(r, heavy, [MQ, "sync"], case.env, work, base, base_env, before=case.again, base_before=empty_collection)
            finally:
                case.close()

        # `report`: whole-course summaries (every item of the course answered) of as many trainees,
        # against json.load of the same files; peak memory beside the largest summary.
        exports_of: dict[int, list[Path]] = {}

        def exports(count: int) -> list[Path]:
            if not exports_of:
                if not course.exists():
                    generate.content(course, 0, generate.COURSE)
                course_env = {
                    **base_env,
                    "MASSAGE_QUIZ_STATE": str(work / "whole-course.sqlite3"),
                    "MASSAGE_QUIZ_CONTENT": str(course),
                }
                code = (
                    "import sys; from datetime import UTC, datetime; from pathlib import Path; sys.path.insert(0, sys.argv[2]); import generate\n"
                    "from massage_quiz.items.load import load_items\n"
                    "ids = [item.id for item in load_items()]\n"
                    "generate.progress(Path(sys.argv[1]), 3 * len(ids), ids, datetime.now(UTC))"
                )
                subprocess.run([PY, "-c", code, course_env["MASSAGE_QUIZ_STATE"], str(HERE)], env=course_env, check=True)
                template = work / "template.json"
                subprocess.run([MQ, "stats", "--export", str(template)], env=course_env, check=True, stdout=subprocess.DEVNULL)
                made = generate.exports(work / "exports", 1000, template)
                for n in (30, 300, 1000):
                    exports_of[n] = made[:n]
            return exports_of[count]

        load_json = [PY, "-c", "import json, sys\nfor p in sys.argv[1:]:\n    with open(p, 'rb') as f: json.load(f)"]
        report_rows: dict[int, Row] = {}
        for count in (30, 300, 1000):
            r = Row(f"`report` over {count:,} whole-course summaries", "≤ 2x", 2.0)
            r.baseline = "`json.load` of the same files"
            if want(r.what):
                files = [str(p) for p in exports(count)]
                measured = add(r, heavy, [MQ, "report", "--content", str(course), *files], base_env, work, [*load_json, *files])
                if measured:
                    report_rows[count] = measured
        if 30 in report_rows and 1000 in report_rows:
            # The same runs as the rows above, read for their memory: no more runs of the slowest command.
            largest = max(p.stat().st_size for p in exports(1000))
            r = Row(
                "`report` over 1,000 whole-course summaries: peak memory",
                f"≤ 3x the largest summary ({largest / 2**20:.1f} MiB) above the 30-summary peak",
                None,
                on_memory=True,
                check=lambda row, largest=largest: (
                    (statistics.median(row.memory) - statistics.median(row.base_memory)) * 1024 <= 3 * largest
                ),
            )
            r.baseline = "`report` over 30 of them"
            r.figure, r.memory = report_rows[1000].figure, report_rows[1000].memory
            r.base, r.base_memory = report_rows[30].figure, report_rows[30].memory
            rows.append(r)

        # `sheet`: a practice sheet of 10 and of 50 questions, against importing fpdf2, and from a
        # 10,000-entry folder against the drill's first question from the same (cached) folder.
        def sheet(count: int, *content: str) -> list[str]:
            return [MQ, "sheet", "--count", str(count), "--seed", "1", "--force", "-o", str(work / "sheet.pdf"), *content]

        # Issue 28's target is "1.5x `import fpdf` plus the pages it draws": `bare_fpdf.py draw` is fpdf2
        # alone drawing the same pages (texts, boxes, maps, key) from what `prepare` wrote before the timing.
        for count in (10, 50):
            r = Row(f"`sheet` of {count} questions", "≤ 1.5x" if count == 10 else "", 1.5 if count == 10 else None)
            r.baseline = "fpdf2 alone drawing the same pages (`bare_fpdf.py`)"
            pages = work / f"pages-{count}.json"
            if want(r.what):
                bare = [PY, str(HERE / "bare_fpdf.py")]
                subprocess.run([*bare, "prepare", str(pages), "--count", str(count), "--seed", "1"], env=base_env, check=True)
            add(
                r,
                runs,
                sheet(count),
                base_env,
                work,
                [PY, str(HERE / "bare_fpdf.py"), "draw", str(pages), str(work / "bare.pdf")],
            )
        r = Row("`sheet` of 10 questions, against importing fpdf2 alone", "", None)
        r.baseline = '`python -c "import fpdf"`'
        add(r, runs, sheet(10), base_env, work, [PY, "-c", "import fpdf"])
        r = Row("`sheet` of 10 questions, 10,000 entries, cache warm", "", None)
        r.baseline = "first question, the same folder, cache warm"
        if want(r.what):
            ensure(10000)
            subprocess.run(drill_in(sizes[10000]), env=base_env, check=True, stdout=subprocess.DEVNULL)  # warm
        add(r, runs, sheet(10, "--content", str(sizes[10000])), base_env, work, drill_in(sizes[10000]), ensure_sizes=(10000,))

        # `stats --export` at 100,000 and 1,000,000 reviews: at most 2.1x per doubling (10x the reviews: 2.1^log2(10)).
        per_ten = 2.1 ** math.log2(10)
        r = Row("`stats --export`, 1,000,000 reviews", f"≤ {per_ten:.1f}x (2.1x per doubling)", per_ten)
        r.baseline = "`stats --export`, 100,000 reviews"
        if want(r.what):
            for n in (100_000, 1_000_000):
                subprocess.run(
                    [PY, str(HERE / "generate.py"), "progress", str(work / f"reviews-{n}.sqlite3"), "--reviews", str(n)],
                    env=base_env,
                    check=True,
                )

        def export(n: int) -> tuple[list[str], dict[str, str]]:
            out = work / f"export-{n}.json"
            return [MQ, "stats", "--export", str(out), "--force"], {
                **base_env,
                "MASSAGE_QUIZ_STATE": str(work / f"reviews-{n}.sqlite3"),
            }

        big, small = export(1_000_000), export(100_000)
        add(r, heavy, big[0], big[1], work, small[0], small[1])

        sweeps = []
        for what, command, env, before in (
            ("`check`, no cache", lambda n: check[n], cold_env, lambda n: cold_cache()),
            ("first question right after an edit", lambda n: drill_in(sizes[n]), base_env, lambda n: after_edit(sizes[n])()),
            ("`list`, cache warm", lambda n: [MQ, "list", "--content", str(sizes[n])], base_env, None),
            (
                "`build`, no previous deck",
                lambda n: build_in(n, f"sweep-{n}.apkg"),
                base_env,
                lambda n: no_deck(f"sweep-{n}.apkg"),
            ),
            ("`build` onto its previous deck", lambda n: build_in(n, f"sweep-{n}.apkg"), base_env, None),
        ):
            if want(what):
                ensure(*SWEEP)
                for n in SWEEP:
                    subprocess.run(check[n], env=base_env, check=True, stdout=subprocess.DEVNULL)
                sweeps.append(sweep(what, heavy, command, env, work, before))

        print(
            f"massage-quiz benchmarks, {time.strftime('%Y-%m-%d')}, Python {sys.version.split()[0]}, {os.cpu_count()} cores; "
            f"{runs} runs of quick measures, {heavy} of heavy ones.\n"
        )
        if rows:
            print(table(rows))
        if ten and fifty:
            print(
                f"\n`check` 50,000 / 10,000: {statistics.median(fifty.figure) / statistics.median(ten.figure):.2f}x "
                "(the 50,000 row's ratio uses the 10,000 runs interleaved with it)."
            )
        if hundred:
            print(
                f"\nThe catalogue cache at 100,000 entries: {cache_size / 1e6:.1f} MB, the YAML it holds "
                f"(with the bundled content): {yaml_size / 1e6:.1f} MB, {cache_size / yaml_size:.2f}x (target: ≤ 1x).\n"
            )
        if sweeps:
            print(f"\n{sweep_table(sweeps)}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
