"""After the call: recording how it ended, and the plan that keeps the promise after a hire."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import replace
from pathlib import Path

import icalendar
import pytest
from typer.testing import CliRunner

from reverse_interview.cli import app
from reverse_interview.errors import UserError
from reverse_interview.models import Interview, Match, Outcome, Struck
from reverse_interview.render import ics as render_ics
from reverse_interview.render import json as render_json
from reverse_interview.render import markdown as render_markdown
from reverse_interview.render import terminal
from reverse_interview.report import build_plan
from reverse_interview.store import Store
from tests.test_follow_up import seen
from tests.test_render import (
    catalogue,
    hostile_interview,
    interview,
    matched,
    rendered_markdown,
    words,
)
from tests.test_report_cli import stored_interview, write_catalogue

runner = CliRunner()
START = dt.date(2027, 1, 11)
HIRED = Outcome("hired", START)


def hired(**changes: object) -> Interview:
    return interview(outcome=HIRED, **changes)


def plan_texts(plan: object) -> dict[str, str]:
    from reverse_interview.render import html as render_html

    return {
        "text": terminal.plan_plain(plan),  # type: ignore[arg-type]
        "markdown": rendered_markdown(render_markdown.plan_markdown(plan))[1],  # type: ignore[arg-type]
        "html": seen(render_html.plan_html(plan)),  # type: ignore[arg-type]
    }


# --- the plan, pure ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("outcome", "said"),
    [
        (None, "has no outcome recorded"),
        (Outcome("declined"), "is recorded as declined"),
        (Outcome("hired"), "no start date"),
    ],
)
def test_a_plan_is_only_for_a_hire_with_a_first_day(outcome: Outcome | None, said: str) -> None:
    with pytest.raises(UserError) as refused:
        build_plan(interview(outcome=outcome), catalogue())
    assert said in refused.value.message
    assert "ri outcome 7f3k2a9q hired --start DATE" in refused.value.message


def test_check_ins_fall_30_60_and_90_days_after_the_start() -> None:
    plan = build_plan(hired(), catalogue())
    assert [(c.days, c.on) for c in plan.check_ins] == [
        (30, dt.date(2027, 2, 10)),
        (60, dt.date(2027, 3, 12)),
        (90, dt.date(2027, 4, 11)),
    ]


def test_the_plan_says_per_goal_who_to_ask_and_the_first_step() -> None:
    plan = build_plan(hired(), catalogue())
    for kind, text in plan_texts(plan).items():
        said = words(text).replace("\\", "")
        technical = said[said.index("Technical growth") : said.index("Leadership growth")]
        assert "Their goal, in their words" in technical, kind
        assert "Run Kubernetes in production" in technical, kind
        assert "Cloud Guild" in technical and "Kubernetes Course" in technical, kind
        assert "Owner: Platform team · Contact: Jane Roe" in technical, kind
        assert "First step: Ask Jane Roe for an introduction in the first week." in technical
        leadership = said[said.index("Leadership growth") : said.index("How they grow best")]
        assert "Still open" in leadership, kind
        assert "We have no coursework for leadership today." in leadership, kind
        assert "Day 30: Wednesday 10 February 2027" in said, kind
        assert "Day 90: Sunday 11 April 2027" in said, kind
        # Checked against the catalogue: what can't be kept is said once, honestly.
        assert said.count("Retired Lab") == 1 and "no longer available" in said, kind
        assert "INTERNAL-NOTE" not in said, kind


def test_struck_offerings_never_reach_the_plan_or_the_follow_up() -> None:
    from reverse_interview.render import html as render_html

    struck = hired(struck=(Struck("technical-growth", "k8s-course"),))
    plan = build_plan(struck, catalogue())
    for kind, text in plan_texts(plan).items():
        assert "Kubernetes Course" not in text, kind
    assert "k8s-course" not in render_json.plan_json(plan)
    follow_up = plan.report
    for text in (
        terminal.report_plain(follow_up, for_candidate=True),
        render_markdown.report_markdown(follow_up, for_candidate=True),
        render_html.report_html(follow_up, for_candidate=True),
        terminal.report_plain(follow_up, for_candidate=False),
    ):
        assert "Kubernetes Course" not in text
    data = json.loads(render_json.report_json(follow_up))
    assert data["struck"] == [{"arena": "technical-growth", "id": "k8s-course"}]
    assert "k8s-course" not in [o["id"] for m in data["matches"] for o in m["offerings"]]
    assert "k8s-course" not in data["withdrawn"]


def test_an_offering_struck_in_one_arena_stays_where_it_was_presented() -> None:
    both = hired(
        matches=(
            Match("technical-growth", (matched("cloud-guild", "Cloud Guild", "people"),)),
            Match("leadership", (matched("cloud-guild", "Cloud Guild", "people"),)),
        ),
        struck=(Struck("leadership", "cloud-guild"),),
    )
    data = json.loads(render_json.plan_json(build_plan(both, catalogue())))
    offered = {a["id"]: [o["id"] for o in a["offerings"]] for a in data["arenas"]}
    assert offered == {"technical-growth": ["cloud-guild"], "leadership": []}


def test_the_plan_as_json() -> None:
    data = json.loads(render_json.plan_json(build_plan(hired(), catalogue())))
    assert data["outcome"] == {"status": "hired", "start": "2027-01-11"}
    assert [c["date"] for c in data["check_ins"]] == ["2027-02-10", "2027-03-12", "2027-04-11"]
    guild = data["arenas"][0]["offerings"][0]
    assert (guild["id"], guild["owner"], guild["contact"]) == (
        "cloud-guild",
        "Platform team",
        "Jane Roe",
    )
    assert guild["first_step"] == "Ask Jane Roe for an introduction in the first week"
    assert data["arenas"][0]["goal"] == "Run Kubernetes in production"
    assert data["arenas"][1]["gaps"][0]["mode"] == "coursework"


# --- the calendar ---------------------------------------------------------------------------------


def test_the_calendar_reads_back_with_the_three_check_ins() -> None:
    plan = build_plan(hired(), catalogue())
    text = render_ics.plan_ics(plan, now=dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC))
    calendar = icalendar.Calendar.from_ical(text)
    events = list(calendar.walk("VEVENT"))
    assert [e.decoded("DTSTART") for e in events] == [
        dt.date(2027, 2, 10),
        dt.date(2027, 3, 12),
        dt.date(2027, 4, 11),
    ]
    assert [e.decoded("DTEND") - e.decoded("DTSTART") for e in events] == [dt.timedelta(1)] * 3
    assert [str(e["UID"]) for e in events] == [
        "7f3k2a9q-day30@reverse-interview",
        "7f3k2a9q-day60@reverse-interview",
        "7f3k2a9q-day90@reverse-interview",
    ]
    assert events[0].decoded("DTSTAMP") == dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
    assert str(events[0]["SUMMARY"]) == "Day 30 check-in: Ada Lovelace, development plan"
    description = str(events[0]["DESCRIPTION"])
    assert "Their goal: Run Kubernetes in production" in description
    assert "Cloud Guild: Ask Jane Roe for an introduction in the first week" in description


@pytest.mark.parametrize(
    "text", ["a; b, c \\ d\nnew line", "<script>alert(1)</script>", "\x1b[2J é 🎉" * 20]
)
def test_the_calendar_escapes_folds_and_ends_lines_crlf(text: str) -> None:
    plan = build_plan(replace(hostile_interview(text), outcome=HIRED), catalogue())
    raw = render_ics.plan_ics(plan)
    assert raw.endswith("END:VCALENDAR\r\n")
    lines = raw.split("\r\n")[:-1]
    assert all("\n" not in line and "\r" not in line for line in lines)
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    assert "\x1b" not in raw
    event = next(iter(icalendar.Calendar.from_ical(raw).walk("VEVENT")))
    goal = " ".join(text.replace("\x1b", "␛").split())
    assert f"Their goal: {goal}" in str(event["DESCRIPTION"])


# --- the commands -------------------------------------------------------------------------------


@pytest.fixture
def stored(tmp_path: Path, store_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    store_path.parent.mkdir(parents=True, exist_ok=True)
    catalogue_file = write_catalogue(tmp_path)
    monkeypatch.setenv("RI_CATALOGUE", str(catalogue_file))
    stored_interview(store_path, catalogue_file)
    return catalogue_file


def ri(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.usefixtures("stored")
def test_an_outcome_is_saved_and_shown_by_list_and_the_report(store_path: Path) -> None:
    code, out, err = ri("outcome", "q7x", "hired", "--start", "2027-01-11")
    assert code == 0, err
    assert "q7x2m9k4 (Ada Lovelace): hired, starting 11 January 2027" in out
    assert "ri plan q7x2m9k4" in out
    with Store.open(store_path) as db:
        assert db.load("q7x2m9k4").outcome == HIRED
    code, out, _ = ri("list")
    assert "hired 2027-01-11" in out
    rows = json.loads(ri("list", "--format", "json")[1])
    assert rows[0]["outcome"] == {"status": "hired", "start": "2027-01-11"}
    report = json.loads(ri("report", "q7x", "--format", "json")[1])
    assert report["outcome"] == {"status": "hired", "start": "2027-01-11"}

    assert ri("outcome", "q7x", "withdrew")[0] == 0
    report = json.loads(ri("report", "q7x", "--format", "json")[1])
    assert report["outcome"] == {"status": "withdrew", "start": None}


@pytest.mark.usefixtures("stored")
@pytest.mark.parametrize(
    "args",
    [
        ("fired",),
        ("declined", "--start", "2027-01-11"),
        ("hired", "--start", "next monday"),
        ("hired", "--start", "2027-02-30"),
        (),
    ],
)
def test_a_wrong_outcome_is_wrong_usage_and_changes_nothing(
    args: tuple[str, ...], store_path: Path
) -> None:
    code, out, err = ri("outcome", "q7x", *args)
    assert code == 2
    assert "Traceback" not in out + err
    with Store.open(store_path) as db:
        assert db.load("q7x2m9k4").outcome is None


def test_an_outcome_for_an_unknown_interview_is_a_user_error() -> None:
    code, _, err = ri("outcome", "zzzz", "declined")
    assert code == 1
    assert "zzzz" in err


@pytest.mark.usefixtures("stored")
def test_the_plan_is_refused_until_the_hire_is_recorded() -> None:
    code, out, err = ri("plan", "q7x")
    assert code == 1
    assert out == ""
    assert "ri outcome q7x2m9k4 hired --start DATE" in err
    ri("outcome", "q7x", "declined")
    code, _, err = ri("plan", "q7x")
    assert code == 1
    assert "is recorded as declined" in err


@pytest.mark.usefixtures("stored")
@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("text", "Day 30: Wednesday 10 February 2027"),
        ("markdown", "## Technical growth"),
        ("html", "<h1>Development plan: Ada Lovelace</h1>"),
        ("json", '"start": "2027-01-11"'),
        ("ics", "DTSTART;VALUE=DATE:20270210"),
    ],
)
def test_the_plan_in_every_format(fmt: str, expected: str, tmp_path: Path) -> None:
    ri("outcome", "q7x", "hired", "--start", "2027-01-11")
    code, out, err = ri("plan", "q7x", "--format", fmt)
    assert code == 0, err
    assert expected in out
    assert "Leads Circle" in re.sub(r"\r?\n ", "", out)  # a calendar's lines are folded
    target = tmp_path / f"plan.{fmt}"
    code, out, err = ri("plan", "q7x", "--format", fmt, "-o", str(target))
    assert code == 0 and out == ""
    assert expected in target.read_text(encoding="utf-8")
