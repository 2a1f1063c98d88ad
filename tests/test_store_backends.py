"""The store's behaviour, the same on both backends: every test here runs against an SQLite
file and against a real PostgreSQL server (as an admin login; the role tests are in
test_team_store.py)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from reverse_interview.cli import app
from reverse_interview.errors import NotFound
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
from reverse_interview.store import Store
from reverse_interview.store.transfer import dump_line

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


def full_interview(
    interview_id: str, candidate: str = "Ada Lovelace", **fields: object
) -> Interview:
    values: dict[str, object] = dict(
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
        finished=frozenset({"arenas", "ranking", "highlights"}),
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
        gaps=(
            Gap("public-speaking", None, "Nothing for public speaking yet."),
            Gap("technical-growth", "coursework", "No course here yet."),
        ),
        snapshots=(
            OfferingSnapshot("cloud-guild", "Cloud Guild", "people"),
            OfferingSnapshot("library", "Library", "resources"),
        ),
        notes="Asked about remote work.",
        struck=(Struck("technical-growth", "library"),),
        outcome=Outcome("hired", dt.date(2027, 1, 4)),
    )
    values.update(fields)
    return Interview(id=interview_id, **values)  # type: ignore[arg-type]


# --- records come back as saved -------------------------------------------------------------

# PostgreSQL's text cannot hold NUL (the store shows one as a visible symbol instead).
texts = st.text(
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=20
)
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
        max_size=3,
    ).map(tuple),
    growth=st.builds(Growth, st.lists(slugs, max_size=3).map(tuple), maybe_texts),
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
                    st.lists(texts, max_size=2).map(tuple),
                    st.floats(allow_nan=False, allow_infinity=False, width=32),
                ),
                max_size=2,
            ).map(tuple),
        ),
        max_size=2,
    ).map(tuple),
    highlights=st.lists(slugs, max_size=2).map(tuple),
    gaps=st.lists(st.builds(Gap, slugs, st.none() | slugs, texts), max_size=2).map(tuple),
    snapshots=st.lists(
        st.builds(OfferingSnapshot, slugs, texts, st.sampled_from(["people", "resources"])),
        max_size=2,
    ).map(tuple),
    notes=maybe_texts,
    struck=st.lists(st.builds(Struck, slugs, slugs), max_size=2).map(tuple),
    outcome=st.none()
    | st.builds(
        Outcome,
        st.sampled_from(["hired", "declined", "not-offered", "withdrew"]),
        st.none() | st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)),
    ),
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(first=interviews, second=interviews)
def test_a_saved_interview_loads_back_equal_and_a_later_save_replaces_it(
    any_store: Store, first: Interview, second: Interview
) -> None:
    any_store.save(first)
    assert any_store.load(first.id) == first
    again = Interview(**{**second.__dict__, "id": first.id})
    any_store.save(again)
    assert any_store.load(first.id) == again
    # ...and it travels through export and import unchanged.
    assert list(any_store.export()) == [again] or again in list(any_store.export())


def test_struck_matches_and_the_outcome_are_each_saved_at_once(
    any_store: Store, location: str
) -> None:
    record = full_interview("strk0001", struck=(), outcome=None)
    any_store.save(record)
    struck = (Struck("technical-growth", "library"), Struck("technical-growth", "cloud-guild"))
    any_store.set_struck("strk0001", struck)
    any_store.set_outcome("strk0001", Outcome("declined"))
    with Store.open(location) as other:  # another connection sees both: each was committed
        back = other.load("strk0001")
    assert (back.struck, back.outcome) == (struck, Outcome("declined"))
    assert back.updated_at > record.updated_at
    assert back.matches == record.matches and back.notes == record.notes
    with pytest.raises(NotFound):
        any_store.set_outcome("nosuch01", Outcome("withdrew"))


def test_gaps_count_apart_what_candidates_who_declined_wanted(any_store: Store) -> None:
    any_store.save(full_interview("left0001", outcome=None))
    any_store.save(full_interview("stay0001", outcome=None))
    any_store.set_outcome("left0001", Outcome("declined"))
    any_store.set_outcome("stay0001", Outcome("hired", dt.date(2027, 1, 4)))
    tally = any_store.tally()
    assert (tally.interviews, tally.outcomes, tally.left) == (2, 2, 1)
    course = next(g for g in tally.gaps if g.mode == "coursework")
    assert (course.interviews, course.left) == (2, 1)
    any_store.set_outcome("left0001", Outcome("hired", dt.date(2027, 2, 1)))
    tally = any_store.tally()
    assert (tally.outcomes, tally.left) == (2, 0)


def test_a_store_can_be_written_before_the_first_question(any_store: Store) -> None:
    any_store.check_writable()
    assert any_store.count() == 0  # the probe was rolled back


# --- ids, prefixes, listing -------------------------------------------------------------------


@pytest.fixture
def three(any_store: Store) -> Store:
    any_store.save(interview("abc12345", candidate="Ada Lovelace"))
    any_store.save(interview("abd00000", candidate="Grace\nHopper"))
    any_store.save(interview("xyz99999", candidate="Alan Turing"))
    return any_store


def test_prefixes_find_one_interview_or_list_the_candidates(three: Store) -> None:
    assert three.resolve("abc") == "abc12345"
    assert three.resolve(" XY ") == "xyz99999"
    with pytest.raises(NotFound) as ambiguous:
        three.resolve("ab")
    message = ambiguous.value.message
    assert "abc12345 (Ada Lovelace)" in message and "abd00000 (Grace Hopper)" in message
    with pytest.raises(NotFound) as unknown:
        three.resolve("q")
    assert three.describe() in unknown.value.message
    assert three.new_id() not in {"abc12345", "abd00000", "xyz99999"}
    assert three.id_taken("abc12345") and not three.id_taken("abc")


def test_the_list_is_newest_first_and_filters_by_status(any_store: Store) -> None:
    any_store.save(interview("old", started_at=T0 - dt.timedelta(days=3), status="complete"))
    any_store.save(interview("newb", started_at=T0))
    any_store.save(interview("newa", started_at=T0, status="complete"))
    any_store.save(interview("mid", started_at=T0 - dt.timedelta(days=1)))
    assert [r.id for r in any_store.list()] == ["newa", "newb", "mid", "old"]
    assert [r.id for r in any_store.list(limit=2)] == ["newa", "newb"]
    assert [r.id for r in any_store.list(status="complete")] == ["newa", "old"]
    assert any_store.count() == 4 and any_store.count(status="draft") == 2
    assert any_store.summary("newa").started_at == T0


def test_ri_list_and_report_work_the_same_on_both(any_store: Store) -> None:
    any_store.save(full_interview("same0001"))
    listed = runner.invoke(app, ["list", "--format", "json"])
    assert listed.exit_code == 0, listed.output
    assert [row["id"] for row in json.loads(listed.output)] == ["same0001"]


# --- deleting -----------------------------------------------------------------------------------


def test_delete_removes_one_and_every_part_of_it(any_store: Store) -> None:
    any_store.save(full_interview("del00001"))
    any_store.save(full_interview("stay0001", candidate="Someone Else"))
    any_store.delete("del00001")
    with pytest.raises(NotFound):
        any_store.load("del00001")
    with pytest.raises(NotFound):
        any_store.delete("del00001")
    assert any_store.load("stay0001").candidate == "Someone Else"
    assert [i.id for i in any_store.export()] == ["stay0001"]


def test_retention_deletes_what_was_last_changed_before_then(any_store: Store) -> None:
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    any_store.save(interview("olddraft", updated_at=now - dt.timedelta(days=200)))
    any_store.save(interview("olddone", status="complete", updated_at=now - dt.timedelta(days=181)))
    any_store.save(interview("newdraft", updated_at=now - dt.timedelta(days=10)))

    result = runner.invoke(app, ["delete", "--older-than", "180d", "--status", "draft", "--yes"])
    assert result.exit_code == 0, result.output
    assert "Deleted 1 draft interview(s)" in result.output
    assert sorted(r.id for r in any_store.list()) == ["newdraft", "olddone"]

    without_yes = runner.invoke(app, ["delete", "--older-than", "180d"])
    assert without_yes.exit_code == 2 and "--yes" in without_yes.output
    assert any_store.count() == 2

    result = runner.invoke(app, ["delete", "--older-than", "180d", "--yes"])
    assert result.exit_code == 0 and "Deleted 1 interview(s)" in result.output
    assert [r.id for r in any_store.list()] == ["newdraft"]


@pytest.mark.parametrize(
    "args",
    [["delete"], ["delete", "abc", "--older-than", "3d"], ["delete", "--older-than", "soon"]],
)
def test_delete_needs_an_id_or_an_age_in_days(args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output


# --- export and import --------------------------------------------------------------------------


def test_export_then_import_into_an_empty_store_is_a_lossless_copy(
    any_store: Store, tmp_path: Path
) -> None:
    records = [full_interview("copy0001"), interview("copy0002", candidate='Zoë "\\n" Ŧest')]
    for record in records:
        any_store.save(record)
    exported = runner.invoke(app, ["export"])
    assert exported.exit_code == 0, exported.output
    lines = exported.output.splitlines()
    assert len(lines) == 2 and all(json.loads(line)["id"] for line in lines)
    first = json.loads(lines[0])
    assert first["struck"] == [{"arena": "technical-growth", "id": "library"}]
    assert first["outcome"] == {"status": "hired", "start": "2027-01-04"}
    assert first["arenas"][0]["learn"] == "K8s"

    other = tmp_path / "other.db"
    imported = runner.invoke(app, ["import", "-", "--store", str(other)], input=exported.output)
    assert imported.exit_code == 0, imported.output
    assert "2 new" in imported.output
    again = runner.invoke(app, ["import", "-", "--store", str(other)], input=exported.output)
    assert "0 new, 0 updated, 2 already there" in again.output
    with Store.open(str(other)) as copy:
        assert sorted(copy.export(), key=lambda i: i.id) == records


def test_export_since_a_date_leaves_older_ones_out(any_store: Store) -> None:
    any_store.save(interview("early001", updated_at=T0 - dt.timedelta(days=30)))
    any_store.save(interview("late0001", updated_at=T0))
    result = runner.invoke(app, ["export", "--since", "2026-10-20"])
    assert [json.loads(line)["id"] for line in result.output.splitlines()] == ["late0001"]


def test_import_refuses_the_whole_file_naming_the_bad_line(
    any_store: Store, tmp_path: Path
) -> None:
    good = dump_line(full_interview("good0001"))
    bad = json.loads(dump_line(interview("bad00001")))
    bad["status"] = "finished"
    path = tmp_path / "moving.jsonl"
    path.write_text(f"{good}\n{json.dumps(bad)}\n", encoding="utf-8")
    result = runner.invoke(app, ["import", str(path)])
    assert result.exit_code == 1
    assert f"{path}:2:" in result.output and "status" in result.output
    assert "Traceback" not in result.output
    assert any_store.count() == 0

    path.write_text(f"{good}\nnot json\n", encoding="utf-8")
    result = runner.invoke(app, ["import", str(path)])
    assert result.exit_code == 1 and f"{path}:2: not a valid interview" in result.output
    assert any_store.count() == 0


def test_import_from_sqlite_into_postgresql_and_back(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    team = request.getfixturevalue("team")
    laptop = tmp_path / "laptop.db"
    records = [full_interview("move0001"), interview("move0002")]
    with Store.open(str(laptop)) as db:
        for record in records:
            db.save(record)
    exported = runner.invoke(app, ["export", "--store", str(laptop)])
    moved = runner.invoke(app, ["import", "-", "--store", team.url()], input=exported.output)
    assert moved.exit_code == 0, moved.output
    with Store.open(team.url()) as shared:
        assert sorted(shared.export(), key=lambda i: i.id) == records
    back = runner.invoke(app, ["export", "--store", team.url()])
    assert sorted(back.output.splitlines()) == sorted(exported.output.splitlines())


# --- ri gaps counts the same on both ------------------------------------------------------------


def test_the_tally_counts_interviews_not_mentions(any_store: Store) -> None:
    any_store.save(full_interview("tally001"))
    any_store.save(
        full_interview(
            "tally002",
            started_at=T0 + dt.timedelta(days=1),
            updated_at=T0 + dt.timedelta(days=1, hours=1),
        )
    )
    any_store.save(full_interview("tally003", status="draft"))
    tally = any_store.tally()
    assert tally.interviews == 2
    assert {(g.arena, g.mode, g.interviews) for g in tally.gaps} == {
        ("public-speaking", None, 2),
        ("technical-growth", "coursework", 2),
    }
    assert {(a.arena, a.custom, a.interviews) for a in tally.arenas} == {
        ("technical-growth", False, 2),
        ("public-speaking", True, 2),
    }
    assert {(m.mode, m.first_choice, m.top_two, m.interviews) for m in tally.modes} == {
        ("mentoring", 2, 2, 2),
        ("coursework", 0, 2, 2),
    }
    assert {(o.offering, o.interviews) for o in tally.offerings} == {
        ("cloud-guild", 2),
        ("library", 2),
    }
    later = any_store.tally(since=T0 + dt.timedelta(days=1))
    assert later.interviews == 1


def test_the_running_counts_of_ri_gaps_always_equal_a_count_from_scratch(
    any_store: Store,
) -> None:
    from typing import Any

    counted: Any = any_store

    def check() -> None:
        assert any_store.tally() == counted._counted_tally(None)

    check()
    any_store.save(full_interview("run00001"))
    any_store.save(full_interview("run00002", growth=Growth(("coursework",), None)))
    any_store.save(interview("run00003"))  # a draft counts for nothing
    check()
    # Edited after completion: the old gaps are taken back, the new ones counted.
    edited = full_interview("run00001", gaps=(Gap("teamwork", "mentoring", "No mentor yet."),))
    any_store.save(edited)
    check()
    assert {(g.arena, g.interviews) for g in any_store.tally().gaps} >= {("teamwork", 1)}
    # Reopened (back to a draft), then completed again.
    any_store.save(Interview(**{**edited.__dict__, "status": "draft"}))
    check()
    assert any_store.tally().interviews == 1
    any_store.save(edited)
    any_store.delete("run00002")
    check()
    assert any_store.tally().interviews == 1
    any_store.import_interviews([full_interview(f"imp{n:05d}") for n in range(5)])
    check()
    assert any_store.tally().interviews == 6
    gone = any_store.delete_older_than(dt.datetime(2100, 1, 1, tzinfo=dt.UTC))
    assert gone == 7
    check()
    assert any_store.tally() == any_store.tally().__class__(0, (), (), (), ())


def test_a_large_import_keeps_every_record_and_the_running_counts_right(
    any_store: Store,
) -> None:
    """An import is written in batches (one statement per table, the counts refreshed once per
    batch): more than a batch, new, changed and unchanged records, and one ID twice."""
    from typing import Any

    from reverse_interview.store.base import IMPORT_BATCH

    counted: Any = any_store
    total = IMPORT_BATCH * 2 + 7
    any_store.save(full_interview("big00003"))
    any_store.save(full_interview("big00005", status="draft"))
    moving = [
        full_interview(
            f"big{n:05d}", growth=Growth(("coursework",) if n % 3 else ("mentoring",), None)
        )
        for n in range(total)
    ]
    moving[5] = full_interview("big00005", status="draft")  # as it is already: unchanged
    done = any_store.import_interviews([*moving, full_interview("big00001", status="draft")])
    assert (done.added, done.replaced, done.unchanged) == (total - 2, 2, 1)
    assert any_store.count() == total
    assert any_store.load("big00001").status == "draft"  # the later of the two lines stands
    assert any_store.load("big00003") == moving[3]
    assert any_store.tally() == counted._counted_tally(None)
    assert any_store.tally().interviews == total - 2
    again = any_store.import_interviews(moving[:10])
    assert (again.added, again.replaced, again.unchanged) == (0, 1, 9)
    twice = any_store.import_interviews(
        [interview("twice001"), interview("twice001", candidate="Later")]
    )
    assert (twice.added, twice.replaced) == (1, 1)
    assert any_store.load("twice001").candidate == "Later"


def test_the_count_of_interviews_follows_every_change(any_store: Store) -> None:
    """`ri list` says how many there are from counts kept as interviews come, go and change."""

    def check() -> None:
        for status in (None, "draft", "complete"):
            shown = any_store.list(status=status, limit=None)
            assert any_store.count(status=status) == len(shown), status

    check()
    any_store.save(interview("cnt00001"))
    any_store.save(full_interview("cnt00002"))
    check()
    any_store.save(full_interview("cnt00001"))  # completed
    any_store.save(interview("cnt00002"))  # reopened
    any_store.save(interview("cnt00002"))  # saved again as it was
    check()
    assert (any_store.count(status="draft"), any_store.count(status="complete")) == (1, 1)
    moving = [full_interview(f"cnt1{n:04d}") for n in range(3)]
    any_store.import_interviews([*moving, interview("cnt00001")])
    check()
    assert any_store.count() == 5 and any_store.count(status="complete") == 3
    any_store.delete("cnt00002")
    assert any_store.delete_older_than(T0 + dt.timedelta(hours=1), status="complete") == 3
    check()
    assert any_store.count() == 1


def test_topic_and_full_gaps_are_counted_by_wish_apart_from_mode_gaps(any_store: Store) -> None:
    from typing import Any

    counted: Any = any_store
    any_store.save(
        full_interview(
            "wish0001",
            gaps=(
                Gap("teamwork", None, "Nothing for it.", "topic", "Public speaking"),
                Gap("teamwork", "mentoring", "No mentor yet.", "mode"),
                Gap("teamwork", None, "Full.", "full", "kubernetes", "k8s-course"),
            ),
        )
    )
    # Said twice in one interview, in other case: still one candidate.
    said_twice = (
        Gap("teamwork", None, "Nothing for it.", "topic", "public speaking"),
        Gap("teamwork", None, "Nothing for it.", "topic", "public speaking "),
    )
    any_store.save(full_interview("wish0002", gaps=said_twice))
    any_store.save(interview("wish0003", gaps=said_twice))  # a draft counts for nothing
    tally = any_store.tally()
    # Topic and full gaps no longer land in a mode gap of "anything at all".
    assert [(g.arena, g.mode, g.interviews) for g in tally.gaps] == [("teamwork", "mentoring", 1)]
    assert [(w.kind, w.wish, w.offering, w.interviews) for w in tally.wishes] == [
        ("topic", "public speaking", None, 2),
        ("full", "kubernetes", "k8s-course", 1),
    ]
    assert tally == counted._counted_tally(None)
    assert any_store.tally(since=T0 - dt.timedelta(days=1)).wishes == tally.wishes
    any_store.delete("wish0002")
    assert [(w.wish, w.interviews) for w in any_store.tally().wishes] == [
        ("kubernetes", 1),
        ("public speaking", 1),
    ]
    assert any_store.tally() == counted._counted_tally(None)
