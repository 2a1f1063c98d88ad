"""`ri gaps`: the figures across complete interviews, checked by hand on a handful of them,
and the output the catalogue's owners read."""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reverse_interview import cli
from reverse_interview.cli import app
from reverse_interview.gaps import (
    CUSTOM_NOTE,
    Filler,
    GapFigures,
    group_wishes,
    start_of,
    summarise,
    wish_key,
)
from reverse_interview.models import (
    ArenaAnswers,
    Catalogue,
    Gap,
    Growth,
    Interview,
    Match,
    MatchedOffering,
)
from reverse_interview.store import Store
from reverse_interview.tally import ArenaCount, GapCount, ModeCount, OfferingCount, Tally, WishCount
from tests.helpers import make_catalogue, offering

runner = CliRunner()
MARCH = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def catalogue() -> Catalogue:
    return make_catalogue(
        offering("mentor-circle", arenas=("leadership",), modes=("mentoring",)),
        offering("k8s-course", arenas=("technical-growth",), modes=("coursework",), capacity=0),
        offering("old-course", arenas=("technical-growth",), modes=("coursework",), active=False),
        offering(
            "pairing", title="Pairing rotation", arenas=("teamwork",), modes=("peer-learning",)
        ),
    )


def arena(arena_id: str, name: str | None = None, *, custom: bool = False) -> ArenaAnswers:
    return ArenaAnswers(arena_id, name or arena_id, custom, "s", "l", "o")


def presented(offering_id: str, title: str) -> MatchedOffering:
    return MatchedOffering(offering_id, title, "people", ("in this arena",), 1.0)


def done(
    interview_id: str,
    *,
    arenas: tuple[ArenaAnswers, ...],
    preferred: tuple[str, ...],
    gaps: tuple[Gap, ...],
    matches: tuple[Match, ...] = (),
    at: dt.datetime = MARCH,
    status: str = "complete",
) -> Interview:
    return Interview(
        id=interview_id,
        status=status,  # type: ignore[arg-type]
        candidate=f"Candidate {interview_id}",
        started_at=at,
        updated_at=at + dt.timedelta(minutes=40),
        arenas=arenas,
        growth=Growth(preferred),
        matches=matches,
        gaps=gaps,
    )


def gap(arena_id: str, mode: str | None) -> Gap:
    return Gap(arena_id, mode, f"no {mode or 'offering'} for {arena_id}")


HANDFUL = (
    done(
        "aaaa0001",
        arenas=(arena("technical-growth"), arena("leadership")),
        preferred=("coursework", "mentoring", "self-directed"),
        gaps=(gap("technical-growth", "coursework"), gap("leadership", None)),
        matches=(
            Match("technical-growth", ()),
            Match("leadership", (presented("mentor-circle", "Mentor Circle"),)),
        ),
    ),
    done(
        "bbbb0002",
        arenas=(
            arena("technical-growth"),
            arena("public-speaking", "Public speaking", custom=True),
        ),
        preferred=("mentoring", "coursework"),
        gaps=(gap("technical-growth", "coursework"), gap("public-speaking", None)),
        matches=(Match("public-speaking", (presented("pairing", "Pairing rotation"),)),),
    ),
    done(
        "cccc0003",
        arenas=(arena("leadership"), arena("teamwork")),
        preferred=("peer-learning", "mentoring"),
        # The same gap said twice in one interview is still one candidate.
        gaps=(gap("teamwork", "coaching"), gap("teamwork", "coaching")),
        matches=(
            Match("leadership", (presented("mentor-circle", "Mentor Circle"),)),
            Match(
                "teamwork",
                (
                    presented("pairing", "Pairing rotation"),
                    presented("retired-club", "Retired Club"),
                ),
            ),
        ),
    ),
    # A draft counts for nothing, whatever it holds.
    done(
        "dddd0004",
        arenas=(arena("technical-growth"),),
        preferred=("coursework",),
        gaps=(gap("technical-growth", "coursework"),),
        matches=(Match("technical-growth", (presented("mentor-circle", "Mentor Circle"),)),),
        status="draft",
    ),
    # Completed the year before.
    done(
        "eeee0005",
        arenas=(arena("teamwork"),),
        preferred=("coaching",),
        gaps=(gap("teamwork", None),),
        at=dt.datetime(2025, 6, 1, 12, 0, tzinfo=dt.UTC),
    ),
)


@pytest.fixture
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """--since is a date on the reader's clock: pin the clock to UTC."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def counted(db: Store, cat: Catalogue, *, since: dt.date | None) -> GapFigures:
    """What `ri gaps` does: the store counts, `summarise` sets the counts against `cat`."""
    return summarise(db.tally(since=start_of(since)), cat, since=since)


@pytest.fixture
def filled(store_path: Path) -> Iterator[Store]:
    with Store.open(store_path) as db:
        for record in HANDFUL:
            db.save(record)
        yield db


def test_gaps_are_counted_per_candidate_across_complete_interviews(filled: Store) -> None:
    figures = counted(filled, catalogue(), since=None)
    assert figures.interviews == 4
    assert [(g.arena, g.mode, g.candidates, g.now_filled) for g in figures.gaps] == [
        ("technical-growth", "coursework", 2, False),  # only a full and an inactive course
        ("leadership", None, 1, True),
        ("public-speaking", None, 1, None),  # their own arena: cannot be judged
        ("teamwork", None, 1, True),
        ("teamwork", "coaching", 1, False),
    ]
    by_need = {(g.arena, g.mode): g for g in figures.gaps}
    assert by_need["leadership", None].filled_by == (Filler("mentor-circle", "Mentor Circle"),)
    assert by_need["teamwork", None].filled_by == (Filler("pairing", "Pairing rotation"),)
    speaking = by_need["public-speaking", None]
    assert speaking.custom and speaking.arena_name == "Public speaking"
    assert speaking.note == CUSTOM_NOTE
    assert by_need["technical-growth", "coursework"].arena_name == "Technical growth"
    assert by_need["technical-growth", "coursework"].mode_name == "Coursework"
    assert [(g.arena, g.mode) for g in figures.open_gaps] == [
        ("technical-growth", "coursework"),
        ("public-speaking", None),
        ("teamwork", "coaching"),
    ]


def test_the_most_wanted_arenas_modes_and_offerings(filled: Store) -> None:
    figures = counted(filled, catalogue(), since=None)
    assert [(a.arena, a.name, a.custom, a.candidates) for a in figures.arenas] == [
        ("leadership", "Leadership growth", False, 2),
        ("teamwork", "Peer relationships and teamwork", False, 2),
        ("technical-growth", "Technical growth", False, 2),
        ("public-speaking", "Public speaking", True, 1),
    ]
    # Ranked by how many have the mode in their top two, then as first choice.
    assert [(m.mode, m.top_two, m.first_choice, m.candidates) for m in figures.modes] == [
        ("mentoring", 3, 1, 3),
        ("coursework", 2, 1, 2),
        ("coaching", 1, 1, 1),
        ("peer-learning", 1, 1, 1),
        ("self-directed", 0, 0, 1),
    ]
    assert figures.modes[-1].name == "Self-directed learning"
    assert [(o.id, o.title, o.presented, o.offered_now) for o in figures.offerings] == [
        ("mentor-circle", "Mentor Circle", 2, True),
        ("pairing", "Pairing rotation", 2, True),
        (
            "retired-club",
            "Retired Club",
            1,
            False,
        ),  # named from the record: gone from the catalogue
    ]


def test_since_counts_interviews_completed_on_or_after_that_day(filled: Store, utc: None) -> None:
    figures = counted(filled, catalogue(), since=dt.date(2026, 1, 1))
    assert figures.interviews == 3
    assert ("teamwork", None) not in {(g.arena, g.mode) for g in figures.gaps}
    assert counted(filled, catalogue(), since=MARCH.date()).interviews == 3
    assert counted(filled, catalogue(), since=dt.date(2026, 3, 3)).interviews == 0


def test_since_goes_by_when_the_interview_was_completed_not_last_edited(
    store_path: Path, utc: None
) -> None:
    record = HANDFUL[0]
    with Store.open(store_path) as db:
        db.save(Interview(**{**record.__dict__, "status": "draft"}))
        db.save(record)  # completed on 2 March
        later = record.updated_at + dt.timedelta(days=30)
        db.save(Interview(**{**record.__dict__, "notes": "typed up", "updated_at": later}))
        assert counted(db, catalogue(), since=dt.date(2026, 3, 2)).interviews == 1
        assert counted(db, catalogue(), since=dt.date(2026, 3, 3)).interviews == 0


def test_a_gap_in_an_arena_the_catalogue_dropped_is_not_called_filled(filled: Store) -> None:
    smaller = Catalogue(
        organisation="Test Org",
        arenas=tuple(a for a in catalogue().arenas if a.id != "teamwork"),
        modes=catalogue().modes,
        offerings=catalogue().offerings,
        identity=catalogue().identity,
    )
    figures = counted(filled, smaller, since=None)
    dropped = next(g for g in figures.gaps if (g.arena, g.mode) == ("teamwork", None))
    assert dropped.now_filled is None and dropped.note == "no longer an arena of the catalogue"


def test_summarise_needs_only_a_tally_and_a_catalogue() -> None:
    """No store at all: the counts go in, the figures come out, in the catalogue's words."""
    tally = Tally(
        interviews=2,
        gaps=(GapCount("teamwork", "mentoring", 1), GapCount("leadership", "coursework", 2)),
        arenas=(ArenaCount("leadership", "Leadership", False, 2),),
        modes=(ModeCount("mentoring", 1, 2, 2),),
        offerings=(OfferingCount("gone", "Gone Thing", "people", 1),),
    )
    figures = summarise(tally, catalogue(), since=None)
    assert [(g.arena, g.candidates) for g in figures.gaps] == [("leadership", 2), ("teamwork", 1)]
    assert figures.modes[0].name == catalogue().mode_name("mentoring")
    assert figures.offerings[0].offered_now is False


def test_an_empty_store_gives_empty_figures(store_path: Path) -> None:
    with Store.open(store_path) as db:
        figures = counted(db, catalogue(), since=None)
    assert figures == GapFigures(0, None, (), (), (), ())


# --- ri gaps as the catalogue's owners read it ---------------------------------------------------


@pytest.fixture
def with_catalogue(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "load_catalogue", lambda option, **_: catalogue())


def test_ri_gaps_reads_as_a_to_do_list(filled: Store, with_catalogue: None) -> None:
    result = runner.invoke(app, ["gaps"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("What candidates wanted and we could not offer")
    assert "Across 4 complete interviews" in out
    still, now = out.index("Still open"), out.index("Now filled by the current catalogue")
    assert still < out.index("Technical growth · Coursework") < now
    assert now < out.index("Leadership growth · anything at all")
    assert "now filled by: Mentor Circle" in out
    assert "can't tell" in out and "Public speaking (their own arena)" in out
    assert out.index("Most wanted arenas") < out.index("Most wanted ways to grow")
    assert "Retired Club (people) no longer offered" in out

    def bar(label: str) -> int:
        line = next(line for line in out.splitlines() if label in line)
        return line.count("█")

    assert bar("Technical growth · Coursework") > bar("Peer relationships and teamwork · Coaching")


def test_ri_gaps_prints_a_candidates_own_arena_as_typed(
    store_path: Path, with_catalogue: None
) -> None:
    odd = "[red]Boom[/] <b>*x*</b>"
    with Store.open(store_path) as db:
        db.save(
            done(
                "odd00001",
                arenas=(arena("red-boom", odd, custom=True),),
                preferred=("mentoring",),
                gaps=(gap("red-boom", None),),
            )
        )
    result = runner.invoke(app, ["gaps"])
    assert result.exit_code == 0
    assert odd in result.output


def test_ri_gaps_json_has_stable_keys(filled: Store, with_catalogue: None) -> None:
    result = runner.invoke(app, ["gaps", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert list(data) == [
        "interviews",
        "since",
        "gaps",
        "wishes",
        "arenas",
        "modes",
        "offerings",
        "outcomes",
    ]
    assert data["interviews"] == 4 and data["since"] is None
    assert data["gaps"][1] == {
        "arena": "leadership",
        "arena_name": "Leadership growth",
        "custom": False,
        "mode": None,
        "mode_name": None,
        "candidates": 1,
        "now_filled": True,
        "filled_by": [{"id": "mentor-circle", "title": "Mentor Circle"}],
        "note": None,
        "declined_or_withdrew": 0,
    }
    assert data["arenas"][0] == {
        "arena": "leadership",
        "name": "Leadership growth",
        "custom": False,
        "candidates": 2,
    }
    assert data["modes"][0] == {
        "mode": "mentoring",
        "name": "Mentoring",
        "first_choice": 1,
        "top_two": 3,
        "candidates": 3,
    }
    assert data["offerings"][2] == {
        "id": "retired-club",
        "title": "Retired Club",
        "category": "people",
        "presented": 1,
        "offered_now": False,
    }


def test_ri_gaps_since_filters_and_says_so(filled: Store, with_catalogue: None, utc: None) -> None:
    result = runner.invoke(app, ["gaps", "--since", "2026-01-01"])
    assert result.exit_code == 0
    assert "Across 3 complete interviews completed since 2026-01-01" in result.output
    data = json.loads(runner.invoke(app, ["gaps", "--since", "2026-01-01", "-f", "json"]).output)
    assert data["since"] == "2026-01-01" and data["interviews"] == 3


def test_ri_gaps_refuses_a_date_it_cannot_read(with_catalogue: None) -> None:
    result = runner.invoke(app, ["gaps", "--since", "last week"])
    assert result.exit_code == 2
    assert "2026-01-31" in result.output


@pytest.mark.parametrize("args", [[], ["--format", "json"]])
def test_ri_gaps_on_an_empty_store_is_friendly(with_catalogue: None, args: list[str]) -> None:
    result = runner.invoke(app, ["gaps", *args])
    assert result.exit_code == 0
    if args:
        assert json.loads(result.output)["gaps"] == []
    else:
        assert re.search(r"No complete interviews yet", result.output)


def test_ri_gaps_with_a_real_catalogue_file(filled: Store, tmp_path: Path) -> None:
    path = tmp_path / "offerings.yaml"
    path.write_text(
        "organisation: Test Org\n"
        "offerings:\n"
        "  - id: team-coach\n"
        "    title: Team coach\n"
        "    category: people\n"
        "    arenas: [teamwork]\n"
        "    modes: [coaching]\n"
        "    summary: A coach for the whole team.\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["gaps", "--catalogue", str(path), "-f", "json"])
    assert result.exit_code == 0, result.output
    needs = {(g["arena"], g["mode"]): g for g in json.loads(result.output)["gaps"]}
    assert needs["teamwork", "coaching"]["filled_by"] == [
        {"id": "team-coach", "title": "Team coach"}
    ]
    assert needs["technical-growth", "coursework"]["now_filled"] is False


def test_fillers_beyond_three_are_counted_not_listed(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    many = make_catalogue(
        *(offering(f"m{n}", arenas=("leadership",), modes=("mentoring",)) for n in range(5))
    )
    monkeypatch.setattr(cli, "load_catalogue", lambda option, **_: many)
    with Store.open(store_path) as db:
        db.save(HANDFUL[0])
    out = runner.invoke(app, ["gaps"]).output
    assert "now filled by: M0, M1, M2 and 2 more" in out


def test_when_the_catalogue_now_meets_every_gap_it_says_so(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    grown = make_catalogue(
        offering("tech-course", arenas=("technical-growth",), modes=("coursework",)),
        offering("lead-mentor", arenas=("leadership",), modes=("mentoring",)),
    )
    monkeypatch.setattr(cli, "load_catalogue", lambda option, **_: grown)
    with Store.open(store_path) as db:
        db.save(HANDFUL[0])
    out = runner.invoke(app, ["gaps"]).output
    said = " ".join(out.split())
    assert "2 ways of learning we lacked (0 still open, 2 now filled by the catalogue)" in said
    assert "0 wishes nothing met, 0 wishes only a full offering would have met" in said
    assert "Nothing still open" in out and "Still open:" not in out


def wished(arena_id: str, kind: str, wish: str, n: int, offering: str | None = None) -> WishCount:
    return WishCount(arena_id, kind, wish, offering, n)


def test_wishes_with_the_same_significant_words_are_one_group() -> None:
    groups = group_wishes(
        (
            wished("leadership", "topic", "Public speaking", 2),
            wished("leadership", "topic", "speaking in public", 3),
            wished("leadership", "topic", "public speakers", 1),
            wished("leadership", "topic", "public policy", 4),
            # Other arena, other kind, other full offering: never the same group.
            wished("teamwork", "topic", "public speaking", 1),
            wished("leadership", "full", "public speaking", 1, "toastmasters"),
            wished("leadership", "full", "public speaking", 1, "stage-club"),
        )
    )
    assert [[c.wish for c in g] for g in groups] == [
        ["speaking in public", "Public speaking", "public speakers"],
        ["public policy"],
        ["public speaking"],
        ["public speaking"],
        ["public speaking"],
    ]
    assert [g[0].offering for g in groups[2:]] == ["stage-club", "toastmasters", None]
    assert wish_key("the") == ("the",) and wish_key("THE") == ("the",)


def test_wish_gaps_say_which_full_offering_has_places_again() -> None:
    tally = Tally(
        3,
        (),
        (ArenaCount("technical-growth", "Technical growth", False, 3),),
        (),
        (),
        wishes=(
            wished("technical-growth", "full", "kubernetes", 2, "k8s-course"),
            wished("technical-growth", "full", "Kubernetes!", 1, "k8s-course"),
            wished("technical-growth", "full", "pairing", 1, "pairing"),
            wished("technical-growth", "topic", "rust", 1),
        ),
    )
    wishes = summarise(tally, catalogue(), since=None).wishes
    assert [(w.kind, w.wish, w.also, w.candidates, w.now_filled) for w in wishes] == [
        ("full", "kubernetes", ("Kubernetes!",), 3, False),
        ("full", "pairing", (), 1, True),
        ("topic", "rust", (), 1, None),
    ]
    full = catalogue().offering("k8s-course")
    assert full is not None and wishes[0].offering == Filler("k8s-course", full.title)


def test_ri_gaps_shows_a_topic_gap_said_in_two_interviews_once_with_its_count(
    store_path: Path, with_catalogue: None
) -> None:
    def topic(wish: str) -> Gap:
        return Gap("technical-growth", None, f"We have nothing for {wish} today.", "topic", wish)

    with Store.open(store_path) as db:
        for n, wish in enumerate(("Rust programming", "programming in Rust", "Haskell")):
            db.save(
                done(
                    f"wish{n:04d}",
                    arenas=(arena("technical-growth"),),
                    preferred=("coursework",),
                    gaps=(topic(wish),),
                )
            )
    result = runner.invoke(app, ["gaps"])
    assert result.exit_code == 0, result.output
    out = result.output
    section = out[out.index("Wishes nothing met, in the candidates' words") :]
    lines = [line for line in section.splitlines() if "rust" in line]
    assert len(lines) == 2  # the wish, and its other wording beneath it
    assert re.search(r"^\s*2 +█+ +“(rust programming|programming in rust)”", lines[0])
    assert "also said:" in lines[1]
    assert re.search(r"^\s*1 +█+ +“haskell”", section, re.M)
    assert "anything at all" not in out and "No gaps" not in out

    data = json.loads(runner.invoke(app, ["gaps", "--format", "json"]).output)
    assert data["gaps"] == []
    assert [(w["kind"], w["candidates"], w["now_filled"]) for w in data["wishes"]] == [
        ("topic", 2, None),
        ("topic", 1, None),
    ]
    assert data["wishes"][1]["wish"] == "haskell"
