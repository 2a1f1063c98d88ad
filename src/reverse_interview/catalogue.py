"""offerings.yaml -> a validated Catalogue, every problem at its file:line:column.

The file is composed once into YAML nodes (PyYAML's C parser when there is one) and checked
and built in a single pass over those nodes, so a problem can always name the line and
column of the key or value at fault, and all of a file's problems are reported together.
Each offering is checked as soon as it is composed and its nodes dropped, so memory grows with
the offerings kept, not with the YAML tree of the whole file.
Nothing is ever constructed from a YAML tag: object-building tags are refused, and so are
aliases, before anything is expanded.

The checking itself is catalogue_file.py's. A valid catalogue is cached (catalogue_cache.py)
in the folder the caller names (the commands: `paths.cache_dir()`), keyed by the SHA-256 of
the file's bytes (and ri's version): `ri run` then pays for a hash and a JSON read, not YAML.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO, cast

from reverse_interview import catalogue_cache, yamlfile
from reverse_interview.catalogue_file import Parsed, parse
from reverse_interview.errors import CatalogueError, Problem, UserError
from reverse_interview.models import (
    CATEGORIES,
    STANDARD_OBSTACLES,
    Catalogue,
    CatalogueIdentity,
    Offering,
)

GIT_TIMEOUT_SECONDS = 5
REVIEW_AGE = dt.timedelta(days=365)


# --- the public API ------------------------------------------------------------------------


def load(path: Path, *, cache: Path | None = None, today: dt.date | None = None) -> Catalogue:
    """The validated catalogue at `path`; with a `cache` folder (the commands pass
    `paths.cache_dir()`), read from there when this exact content was checked before."""
    data = _read(path)
    sha256 = hashlib.sha256(data).hexdigest()
    parsed = catalogue_cache.read(cache, sha256, path, _read) if cache is not None else None
    if parsed is not None:
        return _assemble(path, sha256, parsed, today)
    # Checking, caching and assembling make one object per value and no garbage at all.
    with yamlfile.collector_paused():
        parsed = parse(path, data)
        if cache is not None:
            catalogue_cache.write(cache, sha256, parsed)
        return _assemble(path, sha256, parsed, today)


def load_ahead(path: Path, *, cache: Path, today: dt.date | None = None) -> Callable[[], Catalogue]:
    """`load`, begun now and finished by the function it returns, so that the caller can set
    itself up meanwhile (`ri run` imports the terminal's libraries and opens the store).

    A catalogue already cached is read at once. One that must be checked (it changed) is
    checked by a child process, on another core where there is one: the child hands back the
    cache file's first line (what the first prompt needs) as soon as the check is done, then
    writes the cache, from which the offerings are read when first looked at. A catalogue with
    problems is checked again here, to say what they are. Without fork (Windows), or with
    other threads running, it is all done at once.
    """
    import threading

    data = _read(path)
    sha256 = hashlib.sha256(data).hexdigest()
    parsed = catalogue_cache.read(cache, sha256, path, _read)
    fork = getattr(os, "fork", None)
    if parsed is None and (fork is None or threading.active_count() > 1):
        with yamlfile.collector_paused():
            parsed = parse(path, data)
            catalogue_cache.write(cache, sha256, parsed)
    if parsed is not None:
        done = _assemble(path, sha256, parsed, today)
        return lambda: done
    assert fork is not None
    reading, writing = os.pipe()
    child = fork()
    if child == 0:  # the child: check, hand the first line over, cache; never return
        status = 1
        try:
            os.close(reading)
            with yamlfile.collector_paused():
                checked = parse(path, data)
                with os.fdopen(writing, "wb") as pipe:
                    pipe.write(catalogue_cache.first_line(sha256, checked))
                catalogue_cache.write(cache, sha256, checked)
            status = 0
        finally:
            os._exit(status)
    os.close(writing)
    ended: list[int] = []

    def wait() -> None:
        if not ended:
            ended.append(os.waitpid(child, 0)[1])

    def rest() -> BinaryIO:
        wait()  # the cache file is whole once the child has ended
        handle = catalogue_cache.cache_file(cache, sha256).open("rb")
        handle.readline()
        return handle

    def finish() -> Catalogue:
        with os.fdopen(reading, "rb") as pipe:
            first = pipe.readline()
        cached = catalogue_cache.cache_file(cache, sha256)
        ready = (
            catalogue_cache.from_header(json.loads(first), rest, path, sha256, cached, _read)
            if first
            else None
        )
        if ready is None:  # problems (or the child failed): checked here, to say what
            wait()
            with yamlfile.collector_paused():
                return _assemble(path, sha256, parse(path, data), today)
        return _assemble(path, sha256, ready, today)

    return finish


def check(
    path: Path,
    *,
    strict: bool = False,
    cache: Path | None = None,
    today: dt.date | None = None,
) -> Catalogue:
    """Validate `path` in full, never from the cache (a `cache` folder is refreshed).

    With `strict`, warnings are problems too.
    """
    data = _read(path)
    sha256 = hashlib.sha256(data).hexdigest()
    with yamlfile.collector_paused():
        parsed = parse(path, data)
        if cache is not None:
            catalogue_cache.write(cache, sha256, parsed)
    if strict:
        notes = _notes(parsed, today)
        if notes:
            raise CatalogueError(
                [
                    Problem(yamlfile.name_of(path), line, column, f"{text} (--strict)")
                    for line, column, text in notes
                ]
            )
    return _assemble(path, sha256, parsed, today)


def git_identity(identity: CatalogueIdentity) -> CatalogueIdentity:
    """`identity` with the HEAD commit of the git repository holding the file, and whether
    the file has uncommitted changes; both None outside a repository or without git."""
    return GitLookup(identity).result()


class GitLookup:
    """`git_identity`, started now and read later: git runs beside whatever ri does meanwhile
    (`ri run` asks it before importing the terminal's libraries and reads it at the first
    question, so that the first prompt never waits for git)."""

    def __init__(self, identity: CatalogueIdentity) -> None:
        import subprocess

        self.identity = identity
        file = Path(identity.path)
        command = ["git", "-C", str(file.parent), "status", "--porcelain=v2", "--branch"]
        env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
        # One git, not two: the header says the commit, the lines after it any change to the
        # file (untracked included).
        self._git: subprocess.Popen[str] | None
        try:
            self._git = subprocess.Popen(
                [*command, "--", file.name],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
                env=env,
            )
        except (OSError, subprocess.SubprocessError, ValueError):
            self._git = None
        self._result: CatalogueIdentity | None = None

    def result(self) -> CatalogueIdentity:
        if self._result is None:
            self._result = self._read()
        return self._result

    def _read(self) -> CatalogueIdentity:
        import subprocess

        status: str | None = None
        if self._git is not None:
            try:
                out, _ = self._git.communicate(timeout=GIT_TIMEOUT_SECONDS)
                status = out if self._git.returncode == 0 else None
            except (OSError, subprocess.SubprocessError, ValueError):
                self._git.kill()
                self._git.wait()
        commit: str | None = None
        changed = False
        for line in (status or "").splitlines():
            if line.startswith("# branch.oid "):
                found = line.removeprefix("# branch.oid ").strip()
                commit = found if found != "(initial)" else None
            elif line.strip() and not line.startswith("#"):
                changed = True
        if commit is None:
            return replace(self.identity, git_commit=None, git_dirty=None)
        return replace(self.identity, git_commit=commit, git_dirty=changed)


def select(
    catalogue: Catalogue,
    *,
    arena: str | None = None,
    mode: str | None = None,
    category: str | None = None,
) -> tuple[Offering, ...]:
    """The active offerings, in catalogue order, in `arena`, with `mode`, of `category`."""
    if arena is not None and catalogue.arena(arena) is None:
        known = ", ".join(a.id for a in catalogue.arenas)
        raise UserError(f"unknown arena `{arena}`: the catalogue's arenas are {known}")
    if mode is not None and catalogue.mode(mode) is None:
        known = ", ".join(m.id for m in catalogue.modes)
        raise UserError(f"unknown mode `{mode}`: the catalogue's modes are {known}")
    if category is not None and category not in CATEGORIES:
        raise UserError(f"unknown category `{category}`: use {', '.join(CATEGORIES)}")
    return tuple(
        o
        for o in catalogue.offerings
        if o.active
        and (arena is None or arena in o.arenas)
        and (mode is None or mode in o.modes)
        and (category is None or o.category == category)
    )


def summary_line(path: Path, catalogue: Catalogue) -> str:
    """One line for `ri offerings check`: what the catalogue holds, and how many warnings."""
    total = len(catalogue.offerings)
    active = sum(1 for o in catalogue.offerings if o.active)
    return (
        f"{yamlfile.name_of(path)}: ok — {catalogue.organisation}, {_count(total, 'offering')} "
        f"({active} active, {total - active} inactive), {_count(len(catalogue.arenas), 'arena')}, "
        f"{_count(len(catalogue.modes), 'mode')}, {_count(len(catalogue.warnings), 'warning')}"
    )


# --- reading ---------------------------------------------------------------------------------


# Room for 100,000 offerings of about 2 kB each; stated in the README.
CATALOGUE_LIMIT_MB = 200


def _read(path: Path) -> bytes:
    return yamlfile.read_bytes(
        path,
        CatalogueError,
        what="a catalogue file",
        missing=(
            "give the catalogue's path (--catalogue or RI_CATALOGUE), "
            "or start one with: ri offerings init"
        ),
        limit_mb=CATALOGUE_LIMIT_MB,
    )


# --- from parsed content to a Catalogue ----------------------------------------------------


def _notes(parsed: Parsed, today: dt.date | None) -> list[tuple[int | None, int | None, str]]:
    """Every warning of the catalogue as read on `today`, in line order."""
    today = today or dt.date.today()
    notes = list(parsed.notes)
    if parsed.oldest_review is None or today - parsed.oldest_review <= REVIEW_AGE:
        reviews: Sequence[tuple[int, int, int]] = ()  # none too old: the offerings stay unread
    else:
        reviews = parsed.reviews
    for line, column, index in reviews:
        offering = parsed.offerings[index]
        reviewed = offering.last_reviewed
        if reviewed is not None and offering.active and today - reviewed > REVIEW_AGE:
            notes.append(
                (
                    line,
                    column,
                    f"offering `{offering.id}` was last reviewed on {reviewed.isoformat()}, "
                    "more than a year ago: check it still holds",
                )
            )
    notes.sort(key=lambda n: (n[0] or 0, n[1] or 0))
    return notes


def _absolute(path: Path) -> str:
    return yamlfile.name_of(path) if str(path) == yamlfile.STDIN else str(Path(path).resolve())


def _assemble(path: Path, sha256: str, parsed: Parsed, today: dt.date | None) -> Catalogue:
    where = yamlfile.name_of(path)
    return Catalogue(
        organisation=parsed.organisation,
        pitch=parsed.pitch,
        arenas=parsed.arenas,
        modes=parsed.modes,
        obstacles=parsed.obstacles or STANDARD_OBSTACLES,
        offerings=cast("tuple[Offering, ...]", parsed.offerings),
        identity=CatalogueIdentity(path=_absolute(path), sha256=sha256),
        warnings=tuple(
            str(Problem(where, line, col, text)) for line, col, text in _notes(parsed, today)
        ),
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
