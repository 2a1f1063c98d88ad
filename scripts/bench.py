"""Measure ri against the performance section of SPEC.md; see scripts/bench.

Every ratio is taken the same way: the two commands' runs alternate (A, B, A, B...), each
pair gives one ratio, and the figure is the median of those ratios, so that both sides see
the same machine at the same moment. Each baseline does the same work the same way: the same
file, in the same git situation (every catalogue sits in one temporary git repository, the
example copied next to the generated ones), the same interview. The large catalogues and
stores are generated from a fixed seed through ri's own code.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

import pexpect

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "offerings.yaml"
BIN = Path(sys.executable).parent
RI = str(BIN / "ri")
PY = sys.executable
ENTER = "\r"
# The clock every prompt of `ri run` starts with, "[00:03]": a prompt has been drawn.
QMARK = r"\[\d\d:\d\d\]"
# Typed into the highlight search one key at a time; it finds offerings in every catalogue here.
SEARCH_KEYS = "lead"
# Figures SPEC asks for that this ri cannot be measured on yet, said as such in the report.
NOT_MEASURED: list[str] = []

_WORDS = (
    "cloud kubernetes python rust design architecture testing security data analytics "
    "feedback conflict leadership management strategy writing speaking presentation "
    "negotiation coaching mentoring time budget career networking accessibility product "
    "quality reliability observability finance marketing sales research hiring onboarding "
    "wellbeing resilience focus delegation planning estimation communication facilitation"
)
WORDS = _WORDS.split()
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


# --- what is printed -------------------------------------------------------------------------


@dataclass
class Figure:
    name: str
    ours: float  # median of ri's own runs: seconds, or the figure's own unit
    base: float | None  # median of the baseline's runs (None: an absolute figure)
    ratio: float | None  # median of the per-pair ratios
    target: float | None  # the ratio allowed
    limit: float | None = None  # an absolute bound on `ours` as well (same unit)
    unit: str = "s"  # "s" for times; otherwise the unit `ours` is in
    note: str = ""

    @property
    def met(self) -> bool:
        ratio_ok = self.target is None or (self.ratio is not None and self.ratio <= self.target)
        limit_ok = self.limit is None or self.ours <= self.limit
        return ratio_ok and limit_ok

    def shown(self, value: float | None) -> str:
        if value is None:
            return "-"
        if self.unit == "s":
            return f"{value * 1000:,.0f} ms" if value >= 0.01 else f"{value * 1000:.1f} ms"
        return f"{value:,.1f} {self.unit}"

    def bound(self) -> str:
        parts = []
        if self.target is not None:
            parts.append(f"<={self.target:g}x")
        if self.limit is not None:
            parts.append(f"<{self.shown(self.limit)}")
        return ", ".join(parts)


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()} ({platform.platform(terse=True)})"
    )


def report(figures: list[Figure], settings: str) -> int:
    print(f"Machine: {machine()}")
    print(f"Settings: {settings}")
    print()
    print("| figure | ri | baseline | ratio | bound | met |")
    print("|---|---:|---:|---:|---|---|")
    for f in figures:
        ratio = f"{f.ratio:.2f}x" if f.ratio is not None else "-"
        base = f.shown(f.base) if f.base is not None else (f.note or "-")
        print(
            f"| {f.name} | {f.shown(f.ours)} | {base} | {ratio} | {f.bound()} | "
            f"{'yes' if f.met else '**NO**'} |"
        )
    missed = [f for f in figures if not f.met]
    print()
    for line in NOT_MEASURED:
        print(line)
    print(f"{len(figures) - len(missed)} of {len(figures)} figures within bound")
    return 1 if missed else 0


# --- measuring -------------------------------------------------------------------------------


def paired(
    name: str,
    target: float | None,
    pairs: int,
    ours: Callable[[], float],
    base: Callable[[], float],
    *,
    limit: float | None = None,
) -> Figure:
    """Alternate ri's runs with the baseline's (one warm-up pair first, not counted)."""
    ours()
    base()
    mine, theirs, ratios = [], [], []
    for _ in range(pairs):
        a = ours()
        b = base()
        mine.append(a)
        theirs.append(b)
        ratios.append(a / b if b > 0 else float("inf"))
    print(f"  {name}: {statistics.median(ratios):.2f}x", file=sys.stderr)
    return Figure(
        name,
        statistics.median(mine),
        statistics.median(theirs),
        statistics.median(ratios),
        target,
        limit,
    )


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def peak_memory(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """(seconds, peak resident bytes) of one whole process."""
    start = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"bench: {' '.join(command)} failed ({child.returncode})")
    return elapsed, usage.ru_maxrss * 1024  # Linux counts kilobytes


def spawn(args: list[str], env: dict[str, str], program: str = RI) -> pexpect.spawn:
    child = pexpect.spawn(
        program, args, env=env, timeout=120, dimensions=(45, 120), encoding="utf-8"
    )
    # pexpect sleeps 50 ms before every send (for programs that echo a password typed before
    # they turn echo off): a clock started before send() would count that sleep as ri's. Every
    # key here is sent once the prompt is drawn and the terminal quiet, so the sleep is not
    # needed, and the clock starts when the key is written.
    child.delaybeforesend = None
    return child


def settle(child: pexpect.spawn, quiet: float, at_least: int = 1) -> tuple[float, str]:
    """The output that follows, and when it ended: read until `at_least` characters have come
    and the terminal has then been silent for `quiet` s (a redraw that comes later than that,
    after a first one, is not counted)."""
    last = time.perf_counter()
    seen: list[str] = []
    count = 0
    while True:
        try:
            chunk = child.read_nonblocking(65536, timeout=quiet if count >= at_least else 60)
        except pexpect.TIMEOUT:
            if count >= at_least:
                return last, "".join(seen)
            raise
        last = time.perf_counter()
        seen.append(chunk)
        count += len(chunk)


def stop(child: pexpect.spawn) -> None:
    child.kill(9)
    child.close(force=True)


def to_prompt(args: list[str], env: dict[str, str], program: str = RI) -> float:
    """Seconds from starting a process in a pseudo-terminal to its first prompt."""
    start = time.perf_counter()
    child = spawn(args, env, program)
    child.expect("candidate's name")
    elapsed = time.perf_counter() - start
    stop(child)
    return elapsed


def libraries_to_prompt(env: dict[str, str]) -> float:
    """The baseline of the first prompt: the libraries imported, then the same words shown."""
    code = 'import typer, questionary, rich.console, yaml; print("The candidate\'s name:")'
    return to_prompt(["-c", code], env, PY)


@dataclass
class StepFive:
    review_to_step5: float  # Enter on the review -> step 5's first prompt drawn
    keystroke: float  # the slowest key typed in the highlight search -> its suggestions drawn


def step_five(interview_id: str, env: dict[str, str], quiet: float) -> StepFive:
    """Resume an interview waiting at the review; go on to step 5; type in the search."""
    child = spawn(["run", "--resume", interview_id], env)
    try:
        child.expect("Anything to change")
        settle(child, quiet, at_least=0)
        start = time.perf_counter()
        child.send(ENTER)  # "All correct: go on to step 5" is the default
        child.expect("Step 5 of 5")
        child.expect(QMARK)
        end, rest = settle(child, quiet, at_least=0)
        drawn = end - start
        screen = str(child.before) + str(child.after) + str(child.buffer) + rest
        while "Add a highlight" not in screen:  # a prompt before the highlights: accept it
            child.send(ENTER)
            child.expect(QMARK)
            screen = str(child.after) + str(child.buffer) + settle(child, quiet, at_least=0)[1]
        slowest = 0.0
        for key in SEARCH_KEYS:
            start = time.perf_counter()
            child.send(key)
            slowest = max(slowest, settle(child, quiet)[0] - start)
        return StepFive(drawn, slowest)
    finally:
        stop(child)


def index_kept(interview_id: str, env: dict[str, str], cache: Path) -> None:
    """Resume an interview at the review and wait until ri has kept the catalogue's index
    beside its cache (a snapshot, `*.ready`), or a minute has passed."""
    before = set(cache.glob("*.ready"))
    child = spawn(["run", "--resume", interview_id], env)
    try:
        child.expect("Anything to change")
        deadline = time.perf_counter() + 60
        while time.perf_counter() < deadline and set(cache.glob("*.ready")) <= before:
            time.sleep(0.2)  # written whole under another name, then renamed: whole once seen
    finally:
        stop(child)


# --- generated data --------------------------------------------------------------------------


def big_catalogue(path: Path, count: int, rng: random.Random) -> None:
    lines = ["organisation: Bench Org", "offerings:"]
    for n in range(count):
        words = rng.sample(WORDS, 4)
        lines += [
            f"  - id: offering-{n:06d}",
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


def git_repository(folder: Path, files: list[Path]) -> None:
    """Commit `files` in a new repository at `folder`: every catalogue in the same situation."""
    env = dict(os.environ, GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@localhost")
    env.update(GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="bench@localhost")

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(folder), *args], env=env, check=True, capture_output=True)

    git("init", "-q")
    git("add", *(f.name for f in files))
    git("commit", "-q", "-m", "bench catalogues")


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


def interviews(catalogue_path: Path, folder: Path, count: int, rng: random.Random) -> list[Any]:
    """`count` complete interviews read through ri's answers path (IDs left empty)."""
    from reverse_interview.answers import read_answers
    from reverse_interview.catalogue import load

    catalogue = load(catalogue_path)
    work = folder / "answers.yaml"
    made = []
    for _ in range(count):
        answers_file(work, rng, rng.randint(1, 4))
        made.append(read_answers(work, catalogue))
    return made


def open_store(target: str) -> Any:
    from reverse_interview.store import Store

    return Store.open(target)


def fill_store(target: str, templates: list[Any], count: int, shared: Any) -> None:
    """`count` interviews, `shared` (the interview both stores hold) in the middle; loaded
    through the store's own import (one transaction), as `ri import` does."""
    from reverse_interview.store import random_id

    def made() -> Any:
        ids = {shared.id}
        for n in range(count):
            if n == count // 2:
                yield shared
                continue
            while (new := random_id()) in ids:
                pass
            ids.add(new)
            yield replace(templates[n % len(templates)], id=new, candidate=f"Candidate {n}")

    with open_store(target) as store:
        store.import_interviews(made())


def at_review(interview: Any) -> Any:
    """`interview` as it stands when the review opens: everything asked, nothing matched."""
    return replace(
        interview,
        status="draft",
        reviewed=False,
        matches=(),
        gaps=(),
        highlights=(),
        snapshots=(),
        notes=None,
        finished=frozenset({"arenas", "ranking"}),
    )


def saving_one_answer(full: Any, empty: Any, interview: Any, pairs: int, label: str) -> Figure:
    """In-process: one answer changed and saved, to the full store then the one-interview store."""
    from reverse_interview.models import ArenaAnswers

    def one_answer(store: Any, n: int) -> float:
        first = interview.arenas[0]
        changed = ArenaAnswers(first.id, first.name, first.custom, f"answer {n}", None, None)
        draft = interview.touch(arenas=(changed, *interview.arenas[1:]), status="draft")
        start = time.perf_counter()
        store.save(draft)
        return time.perf_counter() - start

    rounds = max(pairs * 5, 25)
    counter = iter(range(10**9))
    return paired(
        f"saving one answer, {label}",
        1.2,
        rounds,
        lambda: one_answer(full, next(counter)),
        lambda: one_answer(empty, next(counter)),
    )


def matching_ms(catalogue_path: Path, answers: list[Any]) -> float:
    """In-process, once the index is built: the median time to match one interview."""
    from reverse_interview.catalogue import load
    from reverse_interview.matching import match

    catalogue = load(catalogue_path)
    match(answers[0].arenas, answers[0].growth, catalogue)  # builds the index
    timings = []
    for interview in answers[1:]:
        start = time.perf_counter()
        match(interview.arenas, interview.growth, catalogue)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


class Postgres:
    """A throwaway local PostgreSQL server (the tests' own, tests/pgserver.py) with two team
    stores on it, `ri store init` done: the full one and the one-interview one."""

    LOGIN = "ri_bench_admin"

    def __init__(self) -> None:
        self.server: Any = None
        self.why_not = ""

    def start(self) -> list[tuple[str, str, str]]:
        if os.environ.get("RI_BENCH_NO_POSTGRES"):
            self.why_not = "left out (--no-postgres)"
            return []
        sys.path.insert(0, str(ROOT))
        try:
            import psycopg  # noqa: F401
            from tests.pgserver import PgServer, find_binaries

            from reverse_interview.store import postgres_admin
        except ImportError as error:
            self.why_not = f"cannot import what it needs ({error})"
            return []
        bin_dir = find_binaries()
        if bin_dir is None:
            self.why_not = "no PostgreSQL binaries under /usr/lib/postgresql"
            return []
        # Commits synced to the disk, as on a team's server (and as SQLite's are).
        self.server = PgServer(bin_dir, durable=True)
        try:
            self.server.start()
            urls = []
            for database in ("ri_full", "ri_one"):
                self.server.execute(f"CREATE DATABASE {database}")
                owner = self.server.url(database=database)
                postgres_admin.init(owner)
                postgres_admin.grant(owner, self.LOGIN, "admin")
                urls.append(self.server.url(self.LOGIN, database))
        except Exception as error:  # whatever it is, the report says it was not measured
            self.why_not = f"the server or its stores did not start ({error})"
            self.stop()
            return []
        return [("PostgreSQL", urls[0], urls[1])]

    def settle(self) -> None:
        """Vacuum and analyse both stores once filled, as autovacuum soon does on a team's
        server: measured meanwhile, `ri` would share the machine with that vacuum."""
        for database in ("ri_full", "ri_one"):
            self.server.execute("VACUUM ANALYZE", database=database)

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None


# --- the run ---------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description="Measure ri against SPEC.md's targets.")
    parser.add_argument("--quick", action="store_true", help="fewer runs, smaller data")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--pairs", type=int, help="alternated pairs per figure")
    parser.add_argument(
        "--no-postgres", action="store_true", help="leave out the PostgreSQL store figures"
    )
    options = parser.parse_args()
    quick = options.quick
    if options.no_postgres:
        os.environ["RI_BENCH_NO_POSTGRES"] = "1"
    pairs = options.pairs or (3 if quick else 9)
    checked = 2_000 if quick else 10_000  # SPEC: the check on 10,000 offerings
    large = 10_000 if quick else 100_000  # SPEC: 100,000 offerings
    stored = 2_000 if quick else 100_000  # SPEC: 100,000 interviews
    quiet = 0.4 if quick else 0.6
    rng = random.Random(20261126)

    work = Path(tempfile.mkdtemp(prefix="ri-bench-"))
    env = dict(os.environ)
    env.update(RI_CACHE=str(work / "cache"), NO_COLOR="1", TERM="xterm-256color")
    env.update(COLUMNS="120", LINES="45")
    # pexpect does not answer prompt_toolkit's cursor-position requests as a terminal would:
    # unanswered, each costs a wait (a second on leaving every prompt) that no user sees.
    env["PROMPT_TOOLKIT_NO_CPR"] = "1"
    env.pop("RI_CATALOGUE", None)
    env.pop("RI_STORE", None)
    # Let Python cache compiled modules, as on any installed machine: a development
    # environment that forbids it would time the compiler, not ri.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["RI_CACHE"] = env["RI_CACHE"]
    settings = (
        f"{pairs} alternated pairs per figure (median of per-pair ratios); "
        f"catalogues of {checked:,} and {large:,} offerings; stores of {stored:,} interviews"
        + ("; --quick: smaller than SPEC's sizes" if quick else "")
    )
    try:
        figures = run(work, env, pairs, checked, large, stored, quiet, rng)
        return report(figures, settings)
    finally:
        if options.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


def run(
    work: Path,
    env: dict[str, str],
    pairs: int,
    checked: int,
    large: int,
    stored: int,
    quiet: float,
    rng: random.Random,
) -> list[Figure]:
    say = lambda text: print(text, file=sys.stderr)  # noqa: E731
    repo = work / "catalogues"
    repo.mkdir()
    example = repo / "example.yaml"
    shutil.copyfile(EXAMPLE, example)
    small_big = repo / f"offerings-{checked}.yaml"
    big = repo / f"offerings-{large}.yaml"
    say(f"generating catalogues of {checked:,} and {large:,} offerings...")
    big_catalogue(small_big, checked, rng)
    big_catalogue(big, large, rng)
    git_repository(repo, [example, small_big, big])
    figures: list[Figure] = []

    def ri_env(catalogue: Path, **more: str) -> dict[str, str]:
        values = dict(env, RI_CATALOGUE=str(catalogue), RI_STORE=str(work / "runs.db"))
        values.update(more)
        return values

    say("ri --help, the first prompt...")
    figures.append(
        paired(
            "`ri --help` / `import typer`",
            1.5,
            pairs,
            lambda: timed([RI, "--help"], env),
            lambda: timed([PY, "-c", "import typer"], env),
        )
    )
    figures.append(
        paired(
            "`ri run` to the first prompt (example) / import its libraries",
            1.2,
            pairs,
            lambda: to_prompt(["run"], ri_env(example)),
            lambda: libraries_to_prompt(env),
        )
    )

    say(f"checking {checked:,} offerings...")
    compose = (
        "import gc, sys, yaml; gc.disable(); "
        "yaml.compose(open(sys.argv[1], encoding='utf-8'), Loader=yaml.CSafeLoader)"
    )
    figures.append(
        paired(
            f"`ri offerings check`, {checked:,} offerings / yaml.compose (C, gc paused)",
            1.5,
            pairs,
            lambda: timed([RI, "offerings", "check", str(small_big)], env),
            lambda: timed([PY, "-c", compose, str(small_big)], env),
        )
    )
    fresh = iter(range(10**6))

    def uncached() -> str:
        return str(work / f"cold-{next(fresh)}")

    figures.append(
        paired(
            f"first `ri run` after the catalogue changed, {checked:,} offerings / the check",
            1.0,
            pairs,
            lambda: to_prompt(["run"], ri_env(small_big, RI_CACHE=uncached())),
            lambda: timed(
                [RI, "offerings", "check", str(small_big)], dict(env, RI_CACHE=uncached())
            ),
        )
    )

    say(f"checking {large:,} offerings (peak memory)...")
    size = big.stat().st_size
    memory = [peak_memory([RI, "offerings", "check", str(big)], env)[1] for _ in range(3)]
    peak = statistics.median(memory)
    figures.append(
        Figure(
            f"peak memory of `ri offerings check`, {large:,} offerings / file size",
            peak / 2**20,
            size / 2**20,
            peak / size,
            8.0,
            unit="MB",
        )
    )

    say(f"{large:,} offerings against the example: first prompt, step 5, the search...")
    subprocess.run([RI, "offerings", "check", str(example)], env=env, capture_output=True)
    figures.append(
        paired(
            f"`ri run` to the first prompt, {large:,} offerings / example",
            2.0,
            pairs,
            lambda: to_prompt(["run"], ri_env(big)),
            lambda: to_prompt(["run"], ri_env(example)),
        )
    )
    resumed: dict[Path, tuple[str, Any]] = {}
    for catalogue in (big, example):
        (interview,) = interviews(catalogue, work, 1, random.Random(7))
        store = work / f"review-{catalogue.stem}.db"
        with open_store(str(store)) as opened:
            draft = at_review(replace(interview, id=opened.new_id()))
        resumed[catalogue] = (str(store), draft)

    def at_step_five(catalogue: Path) -> StepFive:
        store, draft = resumed[catalogue]
        with open_store(store) as opened:
            opened.save(draft)  # back at the review, as before every run
        return step_five(draft.id, ri_env(catalogue, RI_STORE=store), quiet)

    # The first `ri run` after a catalogue changed builds step 5's index in the background
    # (during steps 1 to 4 of a live interview) and keeps it beside the cache for the next.
    # The figures are of the runs after it: one run is left until it has kept it.
    for catalogue in (big, example):
        store, draft = resumed[catalogue]
        with open_store(store) as opened:
            opened.save(draft)
        index_kept(draft.id, ri_env(catalogue, RI_STORE=store), Path(env["RI_CACHE"]))

    seen: dict[str, list[StepFive]] = {"big": [], "example": []}

    def session(kind: str, catalogue: Path) -> Callable[[], float]:
        def measure() -> float:
            seen[kind].append(at_step_five(catalogue))
            return seen[kind][-1].review_to_step5

        return measure

    figures.append(
        paired(
            f"review -> step 5 drawn, {large:,} offerings / example",
            1.5,
            pairs,
            session("big", big),
            session("example", example),
        )
    )
    ours = [s.keystroke for s in seen["big"][1:]]
    theirs = [s.keystroke for s in seen["example"][1:]]
    ratios = [a / b for a, b in zip(ours, theirs, strict=True)]
    figures.append(
        Figure(
            f"a key in the highlight search -> suggestions drawn (slowest of {SEARCH_KEYS!r}), "
            f"{large:,} offerings / example",
            statistics.median(ours),
            statistics.median(theirs),
            statistics.median(ratios),
            2.0,
            limit=0.050,
        )
    )
    say(f"matching in-process, {large:,} offerings...")
    answers = interviews(big, work, 12, random.Random(11))
    figures.append(
        Figure(
            f"matching one interview in-process, {large:,} offerings, index built",
            matching_ms(big, answers),
            None,
            None,
            None,
            limit=0.100,
            note="(absolute)",
        )
    )

    templates = interviews(example, work, 20, rng)
    with open_store(str(work / "id.db")) as opened:
        shared = replace(templates[0], id=opened.new_id(), candidate="The Same Candidate")
    return figures + store_run(work, env, example, templates, shared, stored, pairs)


def store_run(
    work: Path,
    env: dict[str, str],
    example: Path,
    templates: list[Any],
    shared: Any,
    stored: int,
    pairs: int,
) -> list[Figure]:
    figures: list[Figure] = []
    server = Postgres()
    try:
        postgres = server.start()
        targets = [("SQLite", str(work / "full.db"), str(work / "one.db")), *postgres]
        for backend, full, one in targets:
            print(f"building a {stored:,}-interview store ({backend})...", file=sys.stderr)
            fill_store(full, templates, stored, shared)
            fill_store(one, templates, 1, shared)
            if backend == "PostgreSQL":
                server.settle()
            full_env = dict(env, RI_STORE=full, RI_CATALOGUE=str(example))
            one_env = dict(env, RI_STORE=one, RI_CATALOGUE=str(example))
            label = f"{stored:,} interviews / one ({backend})"
            for name, command, target in (
                ("`ri list`", ["list"], 1.2),
                ("`ri report ID`", ["report", shared.id], 1.2),
                ("`ri gaps`", ["gaps"], 2.0),
            ):
                figures.append(
                    paired(
                        f"{name}, {label}",
                        target,
                        pairs,
                        partial(timed, [RI, *command], full_env),
                        partial(timed, [RI, *command], one_env),
                    )
                )
            with open_store(full) as full_store, open_store(one) as one_store:
                figures.append(saving_one_answer(full_store, one_store, shared, pairs, label))
        if postgres:
            _, _, pg_one = postgres[0]
            with open_store(pg_one) as pg_store, open_store(targets[0][2]) as sqlite_store:
                label = "PostgreSQL / SQLite, one-interview stores"
                figure = saving_one_answer(pg_store, sqlite_store, shared, pairs, label)
            figure.target = 3.0
            figures.append(figure)
        else:
            NOT_MEASURED.append(
                "PostgreSQL: the store figures above on a PostgreSQL store, and saving one "
                f"answer there / SQLite (<=3x): NOT MEASURED, {server.why_not}"
            )
    finally:
        server.stop()
    return figures


if __name__ == "__main__":
    sys.exit(main())
