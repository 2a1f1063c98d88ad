"""The snapshot of a cached catalogue (snapshot.py): what `ri run` reads back instead of
building step 5's index again. Read back, it must give exactly what building gives: the same
offerings, matches, gaps and highlight suggestions; damaged or foreign, it is passed over."""

from __future__ import annotations

import datetime as dt
import random
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from reverse_interview import index
from reverse_interview.catalogue import load
from reverse_interview.errors import Refused
from reverse_interview.matching import MatchResult, match
from reverse_interview.models import ArenaAnswers, Catalogue, Growth
from reverse_interview.search import find_offering, search
from reverse_interview.snapshot import SUFFIX
from tests.helpers import EXAMPLE_CATALOGUE

TODAY = dt.date(2026, 11, 30)
WORDS = [
    *("kubernetes", "cloud", "rust", "python", "leadership", "feedback", "coaching", "budget"),
    *("writing", "café", "naïve", "front-end", "on-call", "o'reilly", "team's", "½", "Straße"),
    *("security", "data", "mentoring", "time"),
]


def catalogue_file(folder: Path, count: int = 300) -> Path:
    """The example catalogue with `count` more offerings of every kind: full, withdrawn, for
    some roles, taking obstacles away, sharing summaries and tags, with words that fold."""
    rng = random.Random(5)
    lines = [EXAMPLE_CATALOGUE.read_text(encoding="utf-8").rstrip("\n")]
    for n in range(count):
        words = rng.sample(WORDS, 4)
        lines += [
            f"  - id: extra-{n:04d}",
            f'    title: "{words[0].title()} {words[1]} {n % 40}"',
            f"    category: {rng.choice(['people', 'resources', 'opportunities'])}",
            f"    arenas: [{rng.choice(['technical-growth', 'teamwork', 'leadership'])}]",
            f"    modes: [{rng.choice(['coursework', 'mentoring', 'self-directed'])}]",
            f'    summary: "About {words[2]} and {words[3]}."'
            if n % 3
            else '    summary: "A shared summary about growing."',
            f'    tags: ["{words[0]}", "{words[3]}"]',
        ]
        if n % 7 == 0:
            lines.append("    capacity: 0")
        if n % 11 == 0:
            lines.append("    active: false")
        if n % 5 == 0:
            lines.append("    roles: [nurse]")
        if n % 4 == 0:
            lines.append("    removes: [time]")
        if n % 6 == 0:
            lines.append("    last_reviewed: 2026-06-01")
    path = folder / "offerings.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def snapshots(cache: Path) -> list[Path]:
    return sorted(cache.glob(f"catalogue-*{SUFFIX}"))


def prepared(path: Path, cache: Path) -> Catalogue:
    """The catalogue as `ri run` has it once its read-ahead is done: read from its cache file
    (the first load checks the YAML and writes that file)."""
    load(path, cache=cache, today=TODAY)
    catalogue = load(path, cache=cache, today=TODAY)
    index.prepare(catalogue)
    return catalogue


ANSWERS = (
    ArenaAnswers(
        "technical-growth",
        "Technical growth",
        strengths="python",
        learn="Kubernetes and rust, and one day front-end work",
        obstacles="no time at all",
    ),
    ArenaAnswers("leadership", "Leadership", learn="giving feedback, coaching a team"),
    ArenaAnswers("teamwork", "Teamwork", learn="naive cafe security data, not writing"),
)
QUERIES = ("k", "ku", "kube", "cloud guild", "extra-0003", "cafe", "strasse", "½", "o'r", "zz")


def outcome(catalogue: Catalogue) -> tuple[list[MatchResult], list[list[str]], list[str]]:
    """Everything step 5 shows from a catalogue: matches and gaps (for two roles), the
    highlight suggestions, and what a typed highlight finds or why it is refused."""
    found = [
        match(ANSWERS, Growth(preferred=("mentoring", "coursework")), catalogue, role=role)
        for role in (None, "nurse")
    ]
    suggested = [[o.id for o in search(catalogue, q, limit=8)] for q in QUERIES]
    named = []
    for typed in ("extra-0007", "Cloud Guild", "extra-0011", "nothing like it"):
        try:
            named.append(find_offering(catalogue, typed).id)
        except Refused as refused:  # the refusal's words are compared
            named.append(str(refused))
    return (found, suggested, named)


def test_a_prepared_catalogue_is_kept_and_read_back_exactly(tmp_path: Path) -> None:
    path, cache = catalogue_file(tmp_path), tmp_path / "cache"
    built = prepared(path, cache)
    assert not index.indexed(built).restored
    (kept,) = snapshots(cache)
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600  # candidates' organisation data: owner's
    again = load(path, cache=cache, today=TODAY)
    assert tuple(again.offerings) == tuple(built.offerings)
    assert index.indexed(again).restored
    assert outcome(again) == outcome(built)
    assert len(outcome(built)[1][0]) == 8  # the comparison compares something
    # Read back, it is not written again.
    before = kept.stat().st_mtime_ns
    index.prepare(again)
    assert kept.stat().st_mtime_ns == before


def flipped(data: bytes, at: int) -> bytes:
    return data[:at] + bytes(b ^ 0x55 for b in data[at : at + 100]) + data[at + 100 :]


@pytest.mark.parametrize(
    ("damage", "matching_read_back"),
    [
        # Damage inside: found when that part is read (the offerings a piece at a time, when
        # first needed, the index's parts whole), and that part is read or built again.
        (lambda data: data[: len(data) // 2], None),  # cut short
        (lambda data: flipped(data, len(data) // 3), None),
        (lambda data: flipped(data, len(data) - 150), True),  # in the search's part alone
        # Not a snapshot of this ri's: nothing of it is read.
        (lambda data: b"not a snapshot\n" + data, False),
        (lambda data: data.replace(b'"format": 1', b'"format": 99', 1), False),
        (lambda data: b"", False),
    ],
)
def test_a_damaged_or_foreign_snapshot_is_passed_over(
    tmp_path: Path, damage: Callable[[bytes], bytes], matching_read_back: bool | None
) -> None:
    path, cache = catalogue_file(tmp_path, 60), tmp_path / "cache"
    built = prepared(path, cache)
    (kept,) = snapshots(cache)
    kept.write_bytes(damage(kept.read_bytes()))
    again = load(path, cache=cache, today=TODAY)
    assert outcome(again) == outcome(built)
    assert tuple(again.offerings) == tuple(built.offerings)
    if matching_read_back is not None:
        assert index.indexed(again).restored is matching_read_back
    # What was built again, or found damaged, is kept again whole by a later run.
    index.prepare(again)
    prepared(path, cache)
    last = load(path, cache=cache, today=TODAY)
    index.prepare(last)
    assert index.indexed(last).restored and index.indexed(last).shown.search_restored
    assert outcome(last) == outcome(built)


def test_an_offering_piece_damaged_is_read_from_the_cache_file_instead(tmp_path: Path) -> None:
    """The offerings are read back a piece at a time when first needed: a piece found
    damaged then, the offerings come from the cache file, every one of them."""
    path, cache = catalogue_file(tmp_path, 2500), tmp_path / "cache"
    built = prepared(path, cache)
    (kept,) = snapshots(cache)
    data = kept.read_bytes()
    kept.write_bytes(flipped(data, len(data) // 4))  # among the offerings' pieces
    again = load(path, cache=cache, today=TODAY)
    assert index.indexed(again).restored  # the index itself is whole
    assert [again.offerings[at] for at in range(len(built.offerings))] == list(built.offerings)
    assert outcome(again) == outcome(built)
    # Found damaged, it is removed, and the next run keeps a whole one.
    assert snapshots(cache) == []
    third = prepared(path, cache)
    assert tuple(load(path, cache=cache, today=TODAY).offerings) == tuple(third.offerings)
    assert len(snapshots(cache)) == 1


def test_a_snapshot_of_other_content_is_not_read(tmp_path: Path) -> None:
    """Keyed by the catalogue's SHA-256, as its cache file is: a changed catalogue is read
    from its own new cache, never from the old snapshot."""
    path, cache = catalogue_file(tmp_path, 60), tmp_path / "cache"
    prepared(path, cache)
    path.write_text(path.read_text(encoding="utf-8").replace("extra-0001", "extra-9999"))
    changed = load(path, cache=cache, today=TODAY)
    assert changed.offering("extra-9999") is not None
    assert not index.indexed(changed).restored


def test_a_snapshot_goes_with_its_cache_file(tmp_path: Path) -> None:
    path, cache = catalogue_file(tmp_path, 20), tmp_path / "cache"
    prepared(path, cache)
    (kept,) = snapshots(cache)
    kept.with_suffix(".jsonl").unlink()
    # Any later cache write prunes what is left over.
    other = tmp_path / "other.yaml"
    other.write_bytes(EXAMPLE_CATALOGUE.read_bytes() + b"\n# another\n")
    load(other, cache=cache, today=TODAY)
    assert snapshots(cache) == []
