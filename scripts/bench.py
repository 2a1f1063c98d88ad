"""Measure ri against the performance targets of SPEC.md; see scripts/bench.

Every figure is a median over several whole-process runs, divided by a baseline measured in
the same run, so the ratios hold on a noisy machine. The big catalogue and store are built
from a fixed seed through ri's own code.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pexpect

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "offerings.yaml"
BIN = Path(sys.executable).parent
RI = str(BIN / "ri")
PY = sys.executable

WORDS = (
    "cloud kubernetes python rust design architecture testing security data analytics "
    "feedback conflict leadership management strategy writing speaking presentation "
    "negotiation coaching mentoring time budget career networking accessibility product "
    "quality reliability observability finance marketing sales research hiring onboarding "
    "wellbeing resilience focus delegation planning estimation communication facilitation"
).split()
ARENAS = ("technical-growth", "teamwork", "leadership", "personal-development")
MODES = (
    "coursework",
    "mentoring",
    "apprenticeship",
    "coaching",
    "peer-learning",
    "stretch-assignments",
    "self-directed",
)
CATEGORIES = ("people", "resources", "opportunities")


@dataclass
class Figure:
    name: str
    median: float
    baseline: float | None
    target: float
    unit: str = "x"

    @property
    def value(self) -> float:
        return self.median / self.baseline if self.baseline else self.median

    @property
    def met(self) -> bool:
        return self.value <= self.target


def big_catalogue(path: Path, count: int, rng: random.Random) -> None:
    lines = ["organisation: Bench Org", "offerings:"]
    for n in range(count):
        words = rng.sample(WORDS, 4)
        lines += [
            f"  - id: offering-{n:05d}",
            f"    title: {words[0].title()} {words[1]} programme {n}",
            f"    category: {rng.choice(CATEGORIES)}",
            f"    arenas: [{', '.join(rng.sample(ARENAS, rng.randint(1, 2)))}]",
            f"    modes: [{', '.join(rng.sample(MODES, rng.randint(1, 3)))}]",
            f"    summary: Helps with {words[2]} and {words[3]} through practice.",
            f"    tags: [{', '.join(words)}]",
            f"    owner: Team {n % 37}",
            f"    capacity: {rng.randint(1, 20)}",
            "    last_reviewed: 2026-06-01",
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def answers_file(path: Path, rng: random.Random, arena_count: int = 3) -> None:
    arenas = rng.sample(ARENAS, arena_count)
    body = ["candidate: Bench Candidate", "role: Engineer", "arenas:"]
    for arena in arenas:
        body += [
            f"  - arena: {arena}",
            f"    strengths: {' '.join(rng.sample(WORDS, 3))}",
            f"    learn: {' '.join(rng.sample(WORDS, 4))}",
            "    obstacles: no time and no senior peer",
        ]
    body += ["growth:", f"  preferred: [{', '.join(rng.sample(MODES, 3))}]"]
    path.write_text("\n".join(body) + "\n", encoding="utf-8")


def fill_store(store_path: Path, catalogue_path: Path, count: int, rng: random.Random) -> str:
    """`count` complete interviews through ri's own answers path and store; returns one ID."""
    from dataclasses import replace

    from reverse_interview.answers import read_answers
    from reverse_interview.catalogue import load
    from reverse_interview.store import Store

    catalogue = load(catalogue_path)
    work = store_path.parent / "answers.yaml"
    templates = []
    for _ in range(20):
        answers_file(work, rng, rng.randint(1, 4))
        templates.append(read_answers(work, catalogue))
    last = ""
    with Store.open(store_path) as store:
        for n in range(count):
            interview = replace(templates[n % len(templates)], id=store.new_id())
            interview = replace(interview, candidate=f"Candidate {n}")
            store.save(interview)
            last = interview.id
    return last


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def to_first_prompt(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    child = pexpect.spawn(RI, args, env=env, timeout=60, dimensions=(50, 120))
    child.expect("candidate's name")
    elapsed = time.perf_counter() - start
    child.kill(9)
    child.close()
    return elapsed


def median(runs: int, measure: Callable[[], float]) -> float:
    measure()  # warm the file cache once
    return statistics.median(measure() for _ in range(runs))


def main() -> int:
    parser = argparse.ArgumentParser(description="Measure ri against SPEC.md's targets.")
    parser.add_argument("--quick", action="store_true", help="fewer runs, smaller data")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    options = parser.parse_args()
    runs = 3 if options.quick else 9
    size = 2_000 if options.quick else 10_000
    rng = random.Random(20261126)

    work = Path(tempfile.mkdtemp(prefix="ri-bench-"))
    env = dict(os.environ)
    env.update(RI_CACHE=str(work / "cache"), NO_COLOR="1", TERM="xterm-256color")
    env.pop("RI_CATALOGUE", None)
    # Let Python cache compiled modules, as on any installed machine: a development
    # environment that forbids it would time the compiler, not ri.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["RI_CACHE"] = env["RI_CACHE"]
    try:
        big = work / "big.yaml"
        big_catalogue(big, size, rng)
        empty_store = work / "empty.db"
        full_store = work / "full.db"
        print(f"building a {size}-interview store...", file=sys.stderr)
        some_id = fill_store(full_store, EXAMPLE, size, rng)
        fill_store(empty_store, EXAMPLE, 1, rng)  # one interview to report on
        with_empty = dict(env, RI_STORE=str(empty_store), RI_CATALOGUE=str(EXAMPLE))
        with_full = dict(env, RI_STORE=str(full_store), RI_CATALOGUE=str(EXAMPLE))
        from reverse_interview.store import Store

        with Store.open(empty_store) as store:
            empty_id = store.list(limit=1)[0].id

        figures: list[Figure] = []

        def ratio(name: str, target: float, ours: Callable[[], float], base: Callable[[], float]):
            baseline = median(runs, base)
            figures.append(Figure(name, median(runs, ours), baseline, target))

        import_typer = [PY, "-c", "import typer"]
        ratio(
            "ri --help / import typer",
            2.0,
            lambda: timed([RI, "--help"], env),
            lambda: timed(import_typer, env),
        )
        prompt_libs = [PY, "-c", "import typer, questionary, rich.console, yaml"]
        run_env = dict(env, RI_STORE=str(work / "runs.db"), RI_CATALOGUE=str(EXAMPLE))
        ratio(
            "ri run to first prompt / import libs",
            1.5,
            lambda: to_first_prompt(["run"], run_env),
            lambda: timed(prompt_libs, env),
        )
        yaml_load = [
            PY,
            "-c",
            "import sys, yaml; yaml.load(open(sys.argv[1]), Loader=yaml.CSafeLoader)",
            str(big),
        ]
        ratio(
            f"offerings check ({size}) / C YAML load",
            2.0,
            lambda: timed([RI, "offerings", "check", str(big)], env),
            lambda: timed(yaml_load, env),
        )
        big_env = dict(run_env, RI_CATALOGUE=str(big))
        subprocess.run([RI, "offerings", "check", str(big)], env=env, capture_output=True)
        ratio(
            f"ri run first prompt, {size} offerings / example",
            1.5,
            lambda: to_first_prompt(["run"], big_env),
            lambda: to_first_prompt(["run"], run_env),
        )
        figures.append(Figure(f"match one interview, {size} offerings (ms)", *match_ms(big, rng)))
        ratio(
            f"ri list, {size} interviews / one",
            1.5,
            lambda: timed([RI, "list"], with_full),
            lambda: timed([RI, "list"], with_empty),
        )
        ratio(
            f"ri report, {size} interviews / one",
            1.2,
            lambda: timed([RI, "report", some_id], with_full),
            lambda: timed([RI, "report", empty_id], with_empty),
        )
        ratio(
            f"ri gaps, {size} interviews / one",
            3.0,
            lambda: timed([RI, "gaps"], with_full),
            lambda: timed([RI, "gaps"], with_empty),
        )
        return report(figures)
    finally:
        if options.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


def match_ms(big: Path, rng: random.Random) -> tuple[float, None, float, str]:
    from reverse_interview.answers import read_answers
    from reverse_interview.catalogue import load
    from reverse_interview.matching import match

    work = big.parent / "one.yaml"
    answers_file(work, rng, 4)
    interview = read_answers(work, load(big))
    timings = []
    for _ in range(7):
        # A fresh catalogue each time: a live interview matches once, so the first call counts.
        catalogue = load(big)
        start = time.perf_counter()
        match(interview.arenas, interview.growth, catalogue)
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), None, 100.0, "ms"


def report(figures: list[Figure]) -> int:
    width = max(len(f.name) for f in figures)
    print(f"{'figure':<{width}}  {'median':>9}  {'ratio':>6}  {'target':>7}  met")
    for f in figures:
        shown = f"{f.median * 1000:.0f} ms" if f.unit == "x" else f"{f.median:.1f} ms"
        value = f"{f.value:.2f}" if f.unit == "x" else "-"
        target = f"{f.target:.1f}x" if f.unit == "x" else f"<{f.target:.0f} ms"
        print(f"{f.name:<{width}}  {shown:>9}  {value:>6}  {target:>7}  {'yes' if f.met else 'NO'}")
    missed = [f for f in figures if not f.met]
    print(f"{len(figures) - len(missed)} of {len(figures)} targets met")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
