"""The store: records come back as they were saved, migrate forward, stay private, and go
for good when deleted; `ri list` and `ri delete` as a user meets them."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from reverse_interview import cli
from reverse_interview.cli import app
from reverse_interview.errors import NotFound, StoreError
from reverse_interview.models import (
    ArenaAnswers,
    CatalogueIdentity,
    Gap,
    Growth,
    Interview,
    Match,
    MatchedOffering,
    OfferingSnapshot,
    Outcome,
    Struck,
)
from reverse_interview.store import Store, records, sqlite_schema
from reverse_interview.store import base as store_base
from reverse_interview.store.base import Migration
from reverse_interview.store.sqlite import SqliteStore
from reverse_interview.store.sqlite_schema import SCHEMA_VERSION
from tests.helpers import ROOT

FIXTURES = ROOT / "tests" / "fixtures"
EXAMPLE_CATALOGUE = ROOT / "offerings.yaml"
ANSWERS = FIXTURES / "answers-minimal.yaml"
RUN = ["run", "--answers", str(ANSWERS), "--catalogue", str(EXAMPLE_CATALOGUE)]
runner = CliRunner()
T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


def interview(interview_id: str, **fields: object) -> Interview:
    values: dict[str, object] = {
        "candidate": f"Candidate {interview_id}",
        "started_at": T0,
        "updated_at": T0,
    }
    values.update(fields)
    return Interview(id=interview_id, **values)  # type: ignore[arg-type]


def full_interview(interview_id: str, candidate: str = "Ada Lovelace") -> Interview:
    """A complete record with every part filled, None and "" both present."""
    return Interview(
        id=interview_id,
        status="complete",
        candidate=candidate,
        role="Platform engineer",
        interviewer="Grace Hopper",
        started_at=T0,
        updated_at=T0 + dt.timedelta(minutes=45),
        catalogue=CatalogueIdentity("/srv/offerings.yaml", "b" * 64, "c0ffee", True),
        pitch_done=True,
        arenas=(
            ArenaAnswers("technical-growth", "Technical growth", False, "Go", "K8s", "no time"),
            ArenaAnswers("public-speaking", "Public speaking", True, "", None, "stage fright"),
        ),
        growth=Growth(("mentoring", "coursework"), None),
        reviewed=True,
        matches=(
            Match(
                "technical-growth",
                (
                    MatchedOffering("cloud-guild", "Cloud Guild", "people", ("arena", "mode"), 2.5),
                    MatchedOffering("library", "Library", "resources", (), 0.0),
                ),
            ),
            Match("public-speaking", ()),
        ),
        highlights=("cloud-guild",),
        gaps=(Gap("public-speaking", None, "Nothing for public speaking yet."),),
        snapshots=(
            OfferingSnapshot("cloud-guild", "Cloud Guild", "people"),
            OfferingSnapshot("library", "Library", "resources"),
        ),
        notes="Asked about remote work.",
    )


@pytest.fixture
def db(store_path: Path) -> Iterator[SqliteStore]:
    with SqliteStore.open_file(store_path) as opened:
        yield opened


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def set_user_version(path: Path, version: int) -> None:
    raw = sqlite3.connect(str(path))
    raw.execute(f"PRAGMA user_version = {version}")
    raw.commit()
    raw.close()


# --- records come back as saved -------------------------------------------------------------

texts = st.text(max_size=30)
maybe_texts = st.none() | texts
slugs = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8})?", fullmatch=True)
moments = st.datetimes(
    min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2100, 1, 1), timezones=st.just(dt.UTC)
)
interviews = st.builds(
    Interview,
    id=st.from_regex(r"[a-z0-9-]{1,12}", fullmatch=True),
    status=st.sampled_from(["draft", "complete"]),
    candidate=maybe_texts,
    role=maybe_texts,
    interviewer=maybe_texts,
    started_at=moments,
    updated_at=moments,
    catalogue=st.none()
    | st.builds(CatalogueIdentity, texts, texts, maybe_texts, st.none() | st.booleans()),
    pitch_done=st.booleans(),
    arenas=st.lists(
        st.builds(ArenaAnswers, slugs, texts, st.booleans(), maybe_texts, maybe_texts, maybe_texts),
        max_size=4,
    ).map(tuple),
    growth=st.builds(Growth, st.lists(slugs, max_size=4).map(tuple), maybe_texts),
    reviewed=st.booleans(),
    finished=st.frozensets(st.sampled_from(["arenas", "ranking", "highlights"])),
    matches=st.lists(
        st.builds(
            Match,
            slugs,
            st.lists(
                st.builds(
                    MatchedOffering,
                    slugs,
                    texts,
                    st.sampled_from(["people", "resources", "opportunities"]),
                    st.lists(texts, max_size=3).map(tuple),
                    st.floats(allow_nan=False),
                ),
                max_size=3,
            ).map(tuple),
        ),
        max_size=3,
    ).map(tuple),
    highlights=st.lists(slugs, max_size=3).map(tuple),
    gaps=st.lists(st.builds(Gap, slugs, st.none() | slugs, texts), max_size=3).map(tuple),
    snapshots=st.lists(
        st.builds(OfferingSnapshot, slugs, texts, st.sampled_from(["people", "resources"])),
        max_size=3,
    ).map(tuple),
    notes=maybe_texts,
    struck=st.lists(st.builds(Struck, slugs, slugs), max_size=3).map(tuple),
    outcome=st.none()
    | st.builds(
        Outcome,
        st.sampled_from(["hired", "declined", "not-offered", "withdrew"]),
        st.none() | st.dates(),
    ),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(first=interviews, second=interviews)
def test_a_saved_interview_loads_back_equal_and_a_later_save_replaces_it(
    db: SqliteStore, first: Interview, second: Interview
) -> None:
    db.save(first)
    assert db.load(first.id) == first
    again = Interview(**{**second.__dict__, "id": first.id})
    db.save(again)
    assert db.load(first.id) == again
    assert db.count() == len(db.list(limit=None))


def test_none_and_empty_answers_stay_different(db: SqliteStore) -> None:
    record = full_interview("n0ne")
    db.save(record)
    back = db.load("n0ne")
    speaking = back.arenas[1]
    assert speaking.strengths == "" and speaking.learn is None
    assert back == record


def test_a_save_that_fails_leaves_the_previous_version_whole(db: SqliteStore) -> None:
    good = full_interview("keep1")
    db.save(good)
    broken = Interview(**{**good.__dict__, "arenas": (ArenaAnswers("x", None),)})  # type: ignore[arg-type]
    with pytest.raises(sqlite3.IntegrityError):
        db.save(broken)
    assert db.load("keep1") == good


def test_struck_matches_and_the_outcome_are_saved_at_once_and_come_back(db: SqliteStore) -> None:
    record = full_interview("strk0001")
    db.save(record)
    struck = (Struck("technical-growth", "library"), Struck("technical-growth", "cloud-guild"))
    db.set_struck("strk0001", struck)
    db.set_outcome("strk0001", Outcome("hired", dt.date(2027, 1, 4)))
    # Another connection (another process) sees both at once: each was its own commit.
    with SqliteStore.open_file(db.path) as other:
        back = other.load("strk0001")
    assert back.struck == struck
    assert back.outcome == Outcome("hired", dt.date(2027, 1, 4))
    assert back.updated_at > record.updated_at
    assert back.matches == record.matches and back.notes == record.notes
    db.set_struck("strk0001", ())
    db.set_outcome("strk0001", None)
    back = db.load("strk0001")
    assert back.struck == () and back.outcome is None
    with pytest.raises(NotFound):
        db.set_outcome("nosuch01", Outcome("declined"))
    with pytest.raises(NotFound):
        db.set_struck("nosuch01", struck)


def test_save_refuses_an_id_that_breaks_the_id_rules(db: SqliteStore) -> None:
    with pytest.raises(ValueError):
        db.save(interview("Not An ID"))


def test_new_ids_are_short_and_never_one_already_stored(
    db: SqliteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = {db.new_id() for _ in range(200)}
    assert len(ids) == 200
    assert all(store_base.ID_RE.match(i) and len(i) <= 12 for i in ids)
    db.save(interview("taken123"))
    offered = iter(["taken123", "fresh456"])
    monkeypatch.setattr(store_base, "random_id", lambda: next(offered))
    assert db.new_id() == "fresh456"


# --- opening: permissions, versions, files that are not stores --------------------------------


def test_a_new_store_is_owner_only_whatever_the_umask(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "interviews.db"
    old = os.umask(0)
    try:
        with Store.open(path) as db:
            db.save(full_interview("perm1"))
            wal = path.with_name(path.name + "-wal")
            assert wal.exists()
            assert stat.S_IMODE(wal.stat().st_mode) & 0o077 == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "deep").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "deep" / "er").stat().st_mode) == 0o700


def test_a_store_from_a_newer_ri_is_refused_and_left_untouched(store_path: Path) -> None:
    with Store.open(store_path) as db:
        db.save(full_interview("new1"))
    set_user_version(store_path, SCHEMA_VERSION + 1)
    before = digest(store_path)
    files_before = sorted(p.name for p in store_path.parent.iterdir())

    with pytest.raises(StoreError) as refused:
        Store.open(store_path)
    assert str(store_path) in refused.value.message
    assert "newer" in refused.value.message

    result = runner.invoke(app, ["list", "--store", str(store_path)])
    assert result.exit_code == 1
    assert "newer ri" in result.output and str(store_path) in result.output
    assert "Traceback" not in result.output

    assert digest(store_path) == before
    assert sorted(p.name for p in store_path.parent.iterdir()) == files_before


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"organisation: Example Org\n", "not an SQLite database"),
        (b"SQLite format 3\x00" + bytes(84) + b"\xff" * 200, "not a usable ri store"),
    ],
)
def test_a_file_that_is_not_a_store_is_refused_by_name(
    store_path: Path, content: bytes, says: str
) -> None:
    store_path.parent.mkdir(parents=True)
    store_path.write_bytes(content)
    with pytest.raises(StoreError) as refused:
        Store.open(store_path)
    assert str(store_path) in refused.value.message and says in refused.value.message
    assert store_path.read_bytes() == content


def test_another_programs_database_is_not_taken_over(store_path: Path) -> None:
    store_path.parent.mkdir(parents=True)
    raw = sqlite3.connect(str(store_path))
    raw.execute("CREATE TABLE accounts (name TEXT)")
    raw.commit()
    raw.close()
    before = digest(store_path)
    with pytest.raises(StoreError, match="not an ri store"):
        Store.open(store_path)
    assert digest(store_path) == before


def test_a_folder_where_the_store_should_be_is_refused(store_path: Path) -> None:
    store_path.mkdir(parents=True)
    with pytest.raises(StoreError, match="is a folder"):
        Store.open(store_path)


def test_a_store_that_cannot_be_created_says_why(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match="cannot"):
        Store.open(blocker / "interviews.db")


# --- migrations -------------------------------------------------------------------------------


def expected_v1_records() -> list[Interview]:
    """What tests/fixtures/make_store_v1.py wrote, as models."""
    return [
        Interview(
            id="v1done01",
            status="complete",
            candidate="Ada Lovelace",
            role="Platform engineer",
            interviewer="Grace Hopper",
            started_at=dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC),
            updated_at=dt.datetime(2026, 3, 2, 9, 45, tzinfo=dt.UTC),
            catalogue=CatalogueIdentity(
                "/srv/hr/offerings.yaml",
                "a" * 64,
                "0123456789abcdef0123456789abcdef01234567",
                False,
            ),
            pitch_done=True,
            arenas=(
                ArenaAnswers(
                    "technical-growth",
                    "Technical growth",
                    False,
                    "Go, Postgres",
                    "Kubernetes",
                    "no time",
                ),
                ArenaAnswers("public-speaking", "Public speaking", True, "", "talks", None),
            ),
            growth=Growth(("mentoring", "coursework"), "Pairing beats slides for me."),
            reviewed=True,
            matches=(
                Match(
                    "technical-growth",
                    (
                        MatchedOffering(
                            "cloud-guild",
                            "Cloud Guild",
                            "people",
                            ("in Technical growth", "mentoring, their first choice"),
                            2.5,
                        ),
                    ),
                ),
                Match("public-speaking", ()),
            ),
            highlights=("cloud-guild",),
            gaps=(
                Gap("public-speaking", None, "Nothing yet for public speaking."),
                Gap("technical-growth", "coursework", "No course in this arena yet."),
            ),
            snapshots=(OfferingSnapshot("cloud-guild", "Cloud Guild", "people"),),
            notes="Strong on distributed systems.",
            # Version 1 saved a step's parts together: what a record holds is finished.
            finished=frozenset({"arenas", "ranking", "highlights"}),
        ),
        Interview(
            id="v1draft2",
            status="draft",
            candidate="Zoë Ŧest",
            started_at=dt.datetime(2026, 3, 5, 14, 30, tzinfo=dt.UTC),
            updated_at=dt.datetime(2026, 3, 5, 14, 32, 10, tzinfo=dt.UTC),
            pitch_done=True,
            arenas=(ArenaAnswers("leadership", "Leadership growth", False, "", None, None),),
            finished=frozenset({"arenas"}),
        ),
    ]


def copy_of_v1_store(tmp_path: Path) -> Path:
    copy = tmp_path / "old" / "interviews.db"
    copy.parent.mkdir()
    shutil.copyfile(FIXTURES / "store-v1.db", copy)
    return copy


def test_a_version_1_store_migrates_in_place_and_loses_nothing(tmp_path: Path) -> None:
    path = copy_of_v1_store(tmp_path)
    raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == 1
    raw.close()

    with SqliteStore.open_file(path) as db:
        assert [db.load(i.id) for i in expected_v1_records()] == expected_v1_records()
        assert [row.id for row in db.list()] == ["v1draft2", "v1done01"]
        # Version 2 knows when each complete interview was completed.
        assert db.tally(since=dt.datetime(2026, 3, 2, tzinfo=dt.UTC)).interviews == 1
        assert db.tally(since=dt.datetime(2026, 3, 3, tzinfo=dt.UTC)).interviews == 0
        # Version 5 counts for `ri gaps` as it goes, starting from what was there.
        assert db.tally() == db._counted_tally(None) and db.tally().interviews == 1
        db.save(full_interview("after001"))
    raw = sqlite3.connect(str(path))
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    raw.close()
    with Store.open(path) as db:
        assert db.count() == 3


def test_a_migration_that_fails_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = copy_of_v1_store(tmp_path)
    broken = Migration(SCHEMA_VERSION + 1, "broken", ("CREATE TABLE extra (a)", "NOT SQL AT ALL"))
    monkeypatch.setattr(sqlite_schema, "MIGRATIONS", (*sqlite_schema.MIGRATIONS, broken))
    monkeypatch.setattr(sqlite_schema, "SCHEMA_VERSION", broken.version)
    with pytest.raises(StoreError, match=str(path)):
        Store.open(path)
    raw = sqlite3.connect(str(path))
    # Version 2 went through in its own transaction; the broken one left no table behind.
    assert raw.execute("PRAGMA user_version").fetchone()[0] == broken.version - 1
    tables = {row[0] for row in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    raw.close()
    assert "extra" not in tables


def test_two_openers_of_an_old_store_migrate_it_once(tmp_path: Path) -> None:
    path = copy_of_v1_store(tmp_path)
    with Store.open(path) as first, Store.open(path) as second:
        assert first.count() == second.count() == 2


# --- ids and prefixes -------------------------------------------------------------------------


@pytest.fixture
def three(db: SqliteStore) -> SqliteStore:
    db.save(interview("abc12345", candidate="Ada Lovelace"))
    db.save(interview("abd00000", candidate="Grace\nHopper"))
    db.save(interview("xyz99999", candidate="Alan Turing"))
    return db


def test_a_unique_prefix_or_the_full_id_finds_the_interview(three: SqliteStore) -> None:
    assert three.resolve("abc") == "abc12345"
    assert three.resolve("x") == "xyz99999"
    assert three.resolve("abd00000") == "abd00000"
    assert three.resolve(" ABC1 ") == "abc12345"


def test_an_ambiguous_prefix_lists_the_candidates_on_one_line(three: SqliteStore) -> None:
    with pytest.raises(NotFound) as ambiguous:
        three.resolve("ab")
    message = ambiguous.value.message
    assert "abc12345 (Ada Lovelace)" in message and "abd00000 (Grace Hopper)" in message
    assert "\n" not in message and str(three.path) in message


@pytest.mark.parametrize("prefix", ["q", "abc2", "", "a b", "../x", "abc123456789x"])
def test_an_unknown_prefix_names_the_store(three: SqliteStore, prefix: str) -> None:
    with pytest.raises(NotFound) as unknown:
        three.resolve(prefix)
    assert unknown.value.message.startswith(f"no interview with ID or prefix '{prefix}' in ")
    assert str(three.path) in unknown.value.message


def test_a_prefix_lookup_uses_the_primary_key(three: SqliteStore) -> None:
    plan = three._db.execute(
        "EXPLAIN QUERY PLAN SELECT id, candidate FROM interviews WHERE id > ? AND id < ?",
        ("ab", "ab~"),
    ).fetchall()
    assert "SEARCH" in str([tuple(row) for row in plan])


# --- listing ------------------------------------------------------------------------------------


def test_the_list_is_newest_first_with_ties_by_id_and_filters_by_status(db: SqliteStore) -> None:
    db.save(interview("old", started_at=T0 - dt.timedelta(days=3), status="complete"))
    db.save(interview("newb", started_at=T0))
    db.save(interview("newa", started_at=T0, status="complete"))
    db.save(interview("mid", started_at=T0 - dt.timedelta(days=1)))
    assert [r.id for r in db.list()] == ["newa", "newb", "mid", "old"]
    assert [r.id for r in db.list(limit=2)] == ["newa", "newb"]
    assert [r.id for r in db.list(status="complete")] == ["newa", "old"]
    assert db.count() == 4 and db.count(status="draft") == 2
    row = db.summary("newa")
    assert (row.candidate, row.status, row.started_at) == ("Candidate newa", "complete", T0)
    with pytest.raises(NotFound):
        db.summary("gone")


@pytest.mark.parametrize(
    ("status", "index"), [(None, "interviews_newest"), ("draft", "interviews_by_status")]
)
def test_listing_reads_an_index_instead_of_sorting_the_store(
    db: SqliteStore, status: str | None, index: str
) -> None:
    where = " WHERE status = 'draft'" if status else ""
    plan = str(
        [
            tuple(row)
            for row in db._db.execute(
                f"EXPLAIN QUERY PLAN SELECT * FROM interviews{where}"
                " ORDER BY started_at DESC, id LIMIT 50"
            ).fetchall()
        ]
    )
    assert index in plan and "TEMP B-TREE" not in plan


# --- deleting -----------------------------------------------------------------------------------


def test_a_deleted_interview_leaves_no_trace_in_the_files(
    db: SqliteStore, store_path: Path
) -> None:
    name = "Quillon Zarathustra-Vex"
    record = full_interview("del12345", candidate=name)
    db.save(record)
    # Earlier versions of the record (a name corrected, an answer added) leave old copies of
    # rows behind in the file and the log: they must go too.
    db.save(Interview(**{**record.__dict__, "candidate": name + " Jr", "notes": name * 20}))
    db.save(record)
    db.save(full_interview("stay0001", candidate="Someone Else"))
    wal = store_path.with_name(store_path.name + "-wal")

    def raw_bytes() -> bytes:
        return store_path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")

    assert name.encode() in raw_bytes()
    db.delete("del12345")
    assert name.encode() not in raw_bytes()
    assert b"Quillon" not in raw_bytes()
    with pytest.raises(NotFound):
        db.load("del12345")
    assert db.load("stay0001").candidate == "Someone Else"
    for table in (part.table for part in records.PARTS):
        left = db._db.execute(
            f"SELECT count(*) FROM {table} WHERE interview_id = 'del12345'"
        ).fetchone()
        assert tuple(left) == (0,), table
    with pytest.raises(NotFound):
        db.delete("del12345")


# --- two processes at once ----------------------------------------------------------------------

WRITER = textwrap.dedent(
    """
    import sys, datetime as dt
    from pathlib import Path
    from reverse_interview.models import Interview, ArenaAnswers, Gap
    from reverse_interview.store import Store

    path, tag = Path(sys.argv[1]), sys.argv[2]
    with Store.open(path) as db:
        for n in range(50):
            record = Interview(id=f"{tag}-{n:03d}", candidate=f"{tag} {n}")
            db.save(record)
            for step in range(3):
                record = record.touch(
                    arenas=(ArenaAnswers("teamwork", "Teamwork", learn=f"step {step}"),),
                    gaps=(Gap("teamwork", None, "none"),),
                    status="complete" if step == 2 else "draft",
                )
                db.save(record)
    print("done", tag)
    """
)


def test_two_processes_saving_at_once_both_keep_every_answer(tmp_path: Path) -> None:
    path = tmp_path / "shared" / "interviews.db"  # created by whichever process comes first
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), tag],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for tag in ("one", "two")
    ]
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        assert out.startswith("done")
    with Store.open(path) as db:
        assert db.count() == 100
        assert db.count(status="complete") == 100
        for tag in ("one", "two"):
            for n in range(50):
                record = db.load(f"{tag}-{n:03d}")
                assert record.candidate == f"{tag} {n}"
                assert record.arenas[0].learn == "step 2"
        assert db.tally().gaps[0].interviews == 100


OPENER = """
import sys, time
from pathlib import Path
from reverse_interview.store import Store
start = float(sys.argv[2])
while time.time() < start:
    pass
with Store.open(Path(sys.argv[1])) as store:
    print(store.count())
"""


def test_several_processes_opening_a_new_store_together_all_get_in(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    for round_ in range(8):
        path = tmp_path / f"round-{round_}" / "interviews.db"
        start = str(time.time() + 0.5)  # all four start opening at the same moment
        openers = [
            subprocess.Popen(
                [sys.executable, "-c", OPENER, str(path), start],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
            for _ in range(4)
        ]
        for opener in openers:
            out, err = opener.communicate(timeout=60)
            assert opener.returncode == 0, err
            assert out.strip() == "0"


# --- ri list and ri delete ----------------------------------------------------------------------


def test_ri_list_on_an_empty_store_says_how_to_start(store_path: Path) -> None:
    result = runner.invoke(app, ["list", "--store", str(store_path)])
    assert result.exit_code == 0
    assert "No interviews stored yet" in result.output and "ri run" in result.output


def test_ri_list_prints_names_as_typed_and_says_when_it_shows_only_some(db: SqliteStore) -> None:
    db.save(interview("mark0001", candidate="[bold]x[/] <script>", started_at=T0))
    db.save(interview("plain002", candidate="Ada", started_at=T0 - dt.timedelta(hours=1)))
    db.save(interview("plain003", candidate="Bob", started_at=T0 - dt.timedelta(hours=2)))

    result = runner.invoke(app, ["list", "--limit", "2"])
    assert result.exit_code == 0, result.output
    assert "[bold]x[/] <script>" in result.output
    assert result.output.index("mark0001") < result.output.index("plain002")
    assert "plain003" not in result.output
    assert "showing 2 of 3 interviews; --all for every one" in result.output

    everything = runner.invoke(app, ["list", "--all"])
    assert "plain003" in everything.output and "showing" not in everything.output


cell_texts = st.text(
    alphabet=st.characters(
        categories=["L", "N", "Zs", "Pd"], exclude_characters="\u00ad", include_characters="\n\t"
    ),
    max_size=30,
)


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.tuples(cell_texts, cell_texts, cell_texts), min_size=1, max_size=6),
    width=st.sampled_from([60, 100, 160]),
)
@example(rows=[("", "", "\u1160")], width=60)  # a letter no cell wide, found on Rich 14.0
def test_ri_list_draws_its_columns_as_the_table_would_or_folds_them(
    rows: list[tuple[str, str, str]], width: int
) -> None:
    """The fast way of drawing the list (a fraction of the table's cost) draws exactly what
    the table draws; where the columns are too wide for the terminal, the table folds them."""
    import io

    from rich.cells import cell_len
    from rich.text import Text

    from reverse_interview.render import interviews
    from reverse_interview.render.terminal import console

    cells = [
        [Text(t) for t in ("abc12345", name, role, "draft", outcome, "2026-11-02 09:00", "09:45")]
        for name, role, outcome in rows
    ]
    fast, table = io.StringIO(), io.StringIO()
    drawn = interviews.print_columns(console(file=fast, width=width, plain=True), cells)
    console(file=table, width=width, plain=True).print(interviews.table(cells))
    if drawn:
        assert fast.getvalue() == table.getvalue()
    else:
        assert fast.getvalue() == ""
        # In cells, as a terminal draws them: some letters take none (U+1160), some two.
        assert max(cell_len(line) for line in table.getvalue().splitlines()) <= width


def test_ri_list_drawn_in_columns_keeps_its_colours_in_a_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import io

    from rich.console import Console
    from rich.text import Text

    from reverse_interview.render import interviews

    monkeypatch.delenv("NO_COLOR", raising=False)
    out = io.StringIO()
    terminal = Console(file=out, width=100, force_terminal=True, color_system="standard")
    row = [Text("abc12345"), Text("(no name yet)", style="dim"), Text("Engineer")]
    row += [Text("draft", style="yellow"), Text(""), Text("2026-11-02 09:00"), Text("09:45")]
    assert interviews.print_columns(terminal, [row])
    drawn = out.getvalue()
    assert "\x1b[1mID\x1b[0m" in drawn and "\x1b[33mdraft\x1b[0m" in drawn
    assert "\x1b[2m(no name yet)\x1b[0m" in drawn


def test_ri_list_json_gives_the_documented_fields(db: SqliteStore) -> None:
    db.save(full_interview("json0001"))
    db.save(interview("json0002", started_at=T0 - dt.timedelta(days=1)))
    result = runner.invoke(app, ["list", "--format", "json", "--status", "complete"])
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert rows == [
        {
            "id": "json0001",
            "status": "complete",
            "candidate": "Ada Lovelace",
            "role": "Platform engineer",
            "interviewer": "Grace Hopper",
            "started_at": "2026-11-02T09:00:00+00:00",
            "updated_at": "2026-11-02T09:45:00+00:00",
            "outcome": None,
        }
    ]


def test_ri_list_refuses_an_unknown_status() -> None:
    result = runner.invoke(app, ["list", "--status", "done"])
    assert result.exit_code == 2
    assert "'done' is not one of 'draft', 'complete'" in result.output


def test_ri_delete_without_a_terminal_asks_for_yes(three: SqliteStore) -> None:
    result = runner.invoke(app, ["delete", "abc"])
    assert result.exit_code == 2
    assert "--yes" in result.output
    assert three.count() == 3


def test_ri_delete_yes_removes_it_by_prefix(three: SqliteStore) -> None:
    result = runner.invoke(app, ["delete", "xy", "--yes"])
    assert result.exit_code == 0
    assert "Deleted interview xyz99999" in result.output
    assert three.count() == 2


def test_ri_delete_asks_and_a_no_keeps_it(
    three: SqliteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "is_terminal", lambda: True)
    kept = runner.invoke(app, ["delete", "abc"], input="n\n")
    assert kept.exit_code == 0 and "Nothing deleted" in kept.output
    assert "abc12345 (Ada Lovelace)" in kept.output
    assert three.count() == 3
    gone = runner.invoke(app, ["delete", "abc"], input="y\n")
    assert gone.exit_code == 0 and "Deleted interview abc12345" in gone.output
    assert three.count() == 2


def test_ctrl_c_at_the_delete_question_exits_130_and_keeps_it(
    three: SqliteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(prompt: str) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "is_terminal", lambda: True)
    monkeypatch.setattr("builtins.input", interrupted)
    result = runner.invoke(app, ["delete", "abc"])
    assert result.exit_code == 130
    assert "nothing deleted" in result.output
    assert three.count() == 3


@pytest.mark.parametrize(
    ("prefix", "says"),
    [("ab", "matches 2 interviews"), ("zzz", "no interview with ID or prefix 'zzz'")],
)
def test_ri_delete_with_an_ambiguous_or_unknown_prefix_deletes_nothing(
    three: SqliteStore, prefix: str, says: str
) -> None:
    result = runner.invoke(app, ["delete", prefix, "--yes"])
    assert result.exit_code == 1
    assert says in result.output and "Traceback" not in result.output
    assert three.count() == 3


# --- hostile files: owner-only whatever was there, only regular files, damage said plainly -----


def ri_out(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def modes(path: Path) -> dict[str, int]:
    found = {}
    for suffix in ("", "-wal", "-shm"):
        side = Path(f"{path}{suffix}")
        if side.exists():
            found[side.name] = stat.S_IMODE(side.stat().st_mode)
    return found


def test_a_dangling_symlink_gets_an_owner_only_store_behind_it(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere" / "real.db"
    target.parent.mkdir()
    link = tmp_path / "interviews.db"
    link.symlink_to(target)
    old = os.umask(0o022)
    try:
        assert ri_out(*RUN, "--store", str(link))[0] == 0
    finally:
        os.umask(old)
    assert link.is_symlink() and target.exists()
    assert set(modes(target).values()) == {0o600}, modes(target)


def test_an_empty_file_made_by_another_tool_is_adopted_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "k.db"
    path.touch(mode=0o644)
    Path(f"{path}-wal").touch(mode=0o644)  # a stale, empty log as well
    os.chmod(path, 0o644)
    os.chmod(f"{path}-wal", 0o644)
    assert ri_out(*RUN, "--store", str(path))[0] == 0
    assert set(modes(path).values()) == {0o600}, modes(path)
    with Store.open(str(path)) as db:
        assert db.count() == 1


def test_a_store_that_is_not_a_regular_file_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.db"
    os.mkfifo(fifo)
    started = time.monotonic()
    for args in (["list"], RUN, ["export"]):
        code, out = ri_out(*args, "--store", str(fifo))
        assert code == 1 and "not a regular file" in out and str(fifo) in out, out
    assert time.monotonic() - started < 10
    code, out = ri_out("list", "--store", "/dev/zero")
    assert code == 1 and "not a regular file" in out


@pytest.fixture
def damaged(tmp_path: Path) -> Path:
    """A store of many interviews with every other page overwritten."""
    path = tmp_path / "damaged.db"
    with Store.open(str(path)) as db:
        db.import_interviews(
            full_interview(f"dmg{n:05d}", candidate=f"Candidate {n}") for n in range(300)
        )
    size = path.stat().st_size
    with path.open("r+b") as handle:
        for page in range(2, size // 4096, 2):
            handle.seek(page * 4096)
            handle.write(b"\x0d\xff\xff\xff" * 4)
    return path


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["list", "--all"],
        ["report", "dmg00001"],
        ["gaps"],
        ["delete", "dmg00002", "--yes"],
        ["export"],
        ["run", "--answers", "ANSWERS"],
    ],
)
def test_a_damaged_store_is_one_clear_message_in_every_command(
    damaged: Path, args: list[str]
) -> None:
    args = [str(ANSWERS) if a == "ANSWERS" else a for a in args]
    if args[0] in ("report", "gaps", "run"):
        args = [*args, "--catalogue", str(EXAMPLE_CATALOGUE)]
    code, out = ri_out(*args, "--store", str(damaged))
    if args[0] == "delete" and code == 0:
        pytest.fail("a delete in a damaged store reported success")
    assert code == 1, out
    assert f"the store {damaged} is damaged" in out and "backup" in out
    assert len(out.strip().splitlines()) == 1


def test_ri_run_finds_a_damaged_or_read_only_store_before_the_first_question(
    damaged: Path, tmp_path: Path
) -> None:
    import pexpect

    env = {**os.environ, "RI_CATALOGUE": str(EXAMPLE_CATALOGUE), "TERM": "xterm"}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "reverse_interview", "run", "--store", str(damaged)],
        env=env,
        encoding="utf-8",
        timeout=30,
        dimensions=(45, 120),
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert "is damaged" in str(child.before) and "Step 1" not in str(child.before)

    read_only = tmp_path / "read-only.db"
    with Store.open(str(read_only)) as db:
        db.save(full_interview("ro000001"))
    made = subprocess.run(["chattr", "+i", str(read_only)], capture_output=True, check=False)
    if made.returncode != 0:
        pytest.skip(f"this file system cannot make a file read-only for root: {made.stderr!r}")
    try:
        child = pexpect.spawn(
            sys.executable,
            ["-m", "reverse_interview", "run", "--store", str(read_only)],
            env=env,
            encoding="utf-8",
            timeout=30,
            dimensions=(45, 120),
        )
        child.expect(pexpect.EOF)
        child.close()
    finally:
        subprocess.run(["chattr", "-i", str(read_only)], check=False)
    assert child.exitstatus == 1
    assert f"cannot write to the store {read_only}" in str(child.before)
    assert "Step 1" not in str(child.before)
