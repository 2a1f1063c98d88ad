"""`ri run`: wires the catalogue, the store, the engine and the terminal together.

Everything that could fail is checked before the first question (the catalogue, the store, the
interview to resume), so that nothing fails in front of the candidate.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from reverse_interview import paths
from reverse_interview.errors import Interrupted
from reverse_interview.interview import Engine, Preset
from reverse_interview.models import Catalogue, Interview

if TYPE_CHECKING:
    from rich.console import Console

    from reverse_interview.catalogue import GitLookup
    from reverse_interview.store import Store


def run(
    *,
    catalogue_option: Path | None,
    store_option: str | None,
    candidate: str | None,
    role: str | None,
    interviewer: str | None,
    resume: str | None,
    answers: Path | None,
    ready: Callable[[], None] | None = None,
) -> str:
    """Run or resume an interview (or read one from a file); returns its ID.

    `ready` is called once everything is set up, just before the first question is asked."""
    from reverse_interview.catalogue import GitLookup, load, load_ahead
    from reverse_interview.store import Store

    path, cache = paths.catalogue_path(catalogue_option), paths.cache_dir()
    if answers is not None:
        catalogue = load(path, cache=cache)
        catalogue = replace(catalogue, identity=GitLookup(catalogue.identity).result())
        preset = Preset(candidate=candidate, role=role, interviewer=interviewer)
        return _from_file(answers, catalogue, paths.store_location(store_option), preset)
    # A catalogue that changed since it was cached is checked beside the terminal's set-up:
    # the libraries of the first prompt are imported meanwhile.
    loading = load_ahead(path, cache=cache)
    import reverse_interview.prompts  # noqa: F401

    catalogue = loading()
    git = GitLookup(catalogue.identity)  # runs while the store opens and the terminal is set up
    if interviewer is None:
        interviewer = paths.default_interviewer()  # asked only when neither is given
    preset = Preset(candidate=candidate, role=role, interviewer=interviewer)
    try:
        with Store.open(paths.store_location(store_option)) as store:
            # A read-only file, a damaged page, a login without a role: found now, not after
            # the candidate's first answer.
            store.check_writable()
            previous: Interview | None = None
            if resume is not None:
                previous = store.load(store.resolve(resume))
            return _live(catalogue, git, store, previous, preset, ready)
    finally:
        git.result()  # git has ended (it has, unless the store was refused first)


def _from_file(path: Path, catalogue: Catalogue, store_location: str, preset: Preset) -> str:
    """Read and check the whole file first: a refused file leaves no trace, not even a store."""
    from reverse_interview.answers import read_answers
    from reverse_interview.store import Store

    interview = read_answers(
        path, catalogue, preset, default_interviewer=paths.default_interviewer()
    )
    with Store.open(store_location) as store:
        interview = replace(interview, id=store.new_id())
        store.save(interview)
    if sys.stdout.isatty():
        _print_summary(interview, catalogue)
    print(interview.id)
    return interview.id


def _live(
    catalogue: Catalogue,
    git: GitLookup,
    store: Store,
    previous: Interview | None,
    preset: Preset,
    ready: Callable[[], None] | None,
) -> str:
    from reverse_interview.prompts import TerminalAsker
    from reverse_interview.render.console import BOLD, DIM, line_without_rich
    from reverse_interview.text import visible

    catalogue = replace(catalogue, identity=git.result())
    # Rich is loaded when first drawn with: the first question is questionary's alone.
    asker = TerminalAsker()
    line_without_rich(
        [
            ("Reverse interview", BOLD),
            (f" · {visible(catalogue.organisation)} · {catalogue.offerable_count} offerings", ""),
            (" · each answer is saved as it is given", DIM),
        ]
    )
    if previous is not None:
        name = visible(previous.candidate) or "no name yet"
        line_without_rich([(f"Resuming interview {previous.id} with {name}.", "")])
    start, reviewing = _read_ahead(catalogue)
    asker.when_drawn = start
    engine = Engine(asker, catalogue, store.save, store.new_id, reviewing)
    if ready is not None:
        ready()
    try:
        interview = engine.run(previous, preset)
    except (KeyboardInterrupt, EOFError):
        print()
        stopped = engine.interview
        raise Interrupted(
            stopped.id if stopped else None, stopped.status if stopped else "draft"
        ) from None
    from rich.text import Text

    _print_summary(interview, catalogue, asker.console)
    asker.console.print(
        Text(f"Interview saved. See it again with: ri report {interview.id}", style="bold")
    )
    print(interview.id)
    return interview.id


def _read_ahead(
    catalogue: Catalogue,
) -> tuple[Callable[[], None], Callable[[Interview], None]]:
    """Work for step 5 done in the background, so that it opens at once whatever the
    catalogue's size: the matching index (read back from the catalogue's snapshot, or built
    and kept there), the answers matched each time the review opens (step 5 then finds the
    result, or what it looked up), the highlight search's index, then every offering read.

    Returns what starts it, once the first question is on the screen (before, it would slow
    drawing it), and what hands it the answers. Anything that goes wrong here happens again
    at step 5, where it is reported.
    """
    import queue
    import threading

    reviewed: queue.SimpleQueue[Interview] = queue.SimpleQueue()

    def work() -> None:
        try:
            from reverse_interview import index
            from reverse_interview.answering import match_interview

            def match_latest(wait: bool) -> None:
                if wait or not reviewed.empty():
                    interview = reviewed.get()
                    while not reviewed.empty():  # only the latest answers matter
                        interview = reviewed.get()
                    match_interview(interview, catalogue)

            index.indexed(catalogue)
            match_latest(wait=False)  # a resumed interview opens at the review
            index.prepare(catalogue)  # the highlight search's part
            read_all = getattr(catalogue.offerings, "read_all", None)
            if read_all is not None:  # what its suggestions will name
                read_all()
            while True:
                match_latest(wait=True)
        except Exception:
            pass  # step 5 does the same work, and reports what went wrong there

    def start() -> None:
        threading.Thread(target=work, name="ri-read-ahead", daemon=True).start()

    return start, reviewed.put


def _print_summary(
    interview: Interview, catalogue: Catalogue, console: Console | None = None
) -> None:
    from reverse_interview.render import terminal
    from reverse_interview.report import build_report

    out = console or terminal.console()
    out.print(terminal.report_renderable(build_report(interview, catalogue)))
