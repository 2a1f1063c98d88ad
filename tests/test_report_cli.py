"""`ri report` as a user meets it: a stored interview, a catalogue file, every format."""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reverse_interview import catalogue as catalogue_module
from reverse_interview.cli import app
from reverse_interview.models import (
    ArenaAnswers,
    CatalogueIdentity,
    Gap,
    Growth,
    Interview,
    Match,
    MatchedOffering,
    OfferingSnapshot,
)
from reverse_interview.store import Store

runner = CliRunner()
WHEN = dt.datetime(2026, 11, 26, 9, 30, tzinfo=dt.UTC)

CATALOGUE = """\
organisation: Example Org
offerings:
  - id: cloud-guild
    title: Cloud Guild
    category: people
    arenas: [technical-growth]
    modes: [mentoring]
    summary: Engineers who run the platform take newcomers under their wing.
    contact: Priya Raman
    capacity: 3
  - id: k8s-course
    title: Kubernetes Course
    category: resources
    arenas: [technical-growth]
    modes: [coursework]
    summary: A paid course in work time.
  - id: leads-circle
    title: Leads Circle
    category: people
    arenas: [leadership]
    modes: [mentoring]
    summary: A monthly circle for people new to leading.
"""


def write_catalogue(folder: Path, text: str = CATALOGUE, name: str = "offerings.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def without_cloud_guild(text: str) -> str:
    start = text.index("  - id: cloud-guild")
    end = text.index("  - id: k8s-course")
    return text[:start] + text[end:]


def stored_interview(store: Path, catalogue: Path, **changes: object) -> Interview:
    """A complete interview matched against `catalogue`, saved in `store`."""
    identity = catalogue_module.load(catalogue).identity
    values: dict[str, object] = {
        "id": "q7x2m9k4",
        "status": "complete",
        "candidate": "Ada Lovelace",
        "role": "Platform engineer",
        "interviewer": "Grace Hopper",
        "started_at": WHEN,
        "updated_at": WHEN,
        "catalogue": CatalogueIdentity(identity.path, identity.sha256, None, None),
        "arenas": (
            ArenaAnswers(
                "technical-growth",
                "Technical growth",
                strengths="Python",
                learn="Kubernetes, properly",
                obstacles="no time",
            ),
            ArenaAnswers("leadership", "Leadership growth", learn="lead a small team"),
        ),
        "growth": Growth(("mentoring", "coursework")),
        "matches": (
            Match(
                "technical-growth",
                (
                    MatchedOffering("cloud-guild", "Cloud Guild", "people", ("mentoring, 1st",)),
                    MatchedOffering("k8s-course", "Kubernetes Course", "resources", ("course",)),
                ),
            ),
            Match(
                "leadership",
                (MatchedOffering("leads-circle", "Leads Circle", "people", ("leadership",)),),
            ),
        ),
        "highlights": ("cloud-guild",),
        "gaps": (Gap("leadership", "coursework", "We have no coursework for leadership today."),),
        "snapshots": (
            OfferingSnapshot("cloud-guild", "Cloud Guild", "people"),
            OfferingSnapshot("k8s-course", "Kubernetes Course", "resources"),
            OfferingSnapshot("leads-circle", "Leads Circle", "people"),
        ),
        "notes": "Interviewer-only remark",
    }
    values.update(changes)
    record = Interview(**values)  # type: ignore[arg-type]
    with Store.open(store) as db:
        db.save(record)
    return record


@pytest.fixture
def setup(tmp_path: Path, store_path: Path) -> tuple[Path, Path]:
    store_path.parent.mkdir(parents=True, exist_ok=True)
    catalogue = write_catalogue(tmp_path)
    stored_interview(store_path, catalogue)
    return store_path, catalogue


def report(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["report", *args])
    return result.exit_code, result.stdout, result.stderr


def test_report_shows_the_summary_by_id_prefix(setup: tuple[Path, Path]) -> None:
    _, catalogue = setup
    code, out, err = report("q7x", "--catalogue", str(catalogue))
    assert code == 0, err
    assert "Reverse interview: Ada Lovelace" in out
    assert "Kubernetes, properly" in out
    assert "People who can help them succeed" in out
    assert "Cloud Guild" in out
    assert "Gaps — don't promise these" in out
    assert "Interviewer-only remark" in out
    assert "\x1b[" not in out


def test_unknown_id_is_a_user_error(setup: tuple[Path, Path]) -> None:
    _, catalogue = setup
    code, out, err = report("zzzz", "--catalogue", str(catalogue))
    assert code == 1
    assert "zzzz" in err
    assert "Traceback" not in err + out


@pytest.mark.usefixtures("setup")
def test_candidate_json_is_refused_as_wrong_usage() -> None:
    code, out, err = report("q7x", "--for", "candidate", "--format", "json")
    assert code == 2
    assert "--for candidate" in err
    assert out == ""


@pytest.mark.usefixtures("setup")
def test_an_email_for_the_interviewer_is_refused_as_wrong_usage() -> None:
    code, out, err = report("q7x", "--format", "eml")
    assert code == 2
    assert "--for candidate" in err
    assert out == ""


def test_the_follow_up_email_is_written_ready_to_open(
    setup: tuple[Path, Path], tmp_path: Path
) -> None:
    import email
    from email import policy

    _, catalogue = setup
    target = tmp_path / "follow-up.eml"
    code, _, err = report(
        "q7x",
        "--for",
        "candidate",
        "--format",
        "eml",
        "-o",
        str(target),
        "--catalogue",
        str(catalogue),
    )
    assert code == 0, err
    message = email.message_from_bytes(target.read_bytes(), policy=policy.default)
    assert message["Subject"] == (
        "Following up on our conversation: the Platform engineer role at Example Org"
    )
    assert message["X-Unsent"] == "1"
    plain = message.get_body(("plain",))
    page = message.get_body(("html",))
    assert plain is not None and page is not None
    assert "Hi Ada," in plain.get_content()
    assert "Leads Circle" in page.get_content()


def test_json_report_is_one_object_with_the_contract_fields(setup: tuple[Path, Path]) -> None:
    _, catalogue = setup
    code, out, _ = report("q7x2m9k4", "--format", "json", "--catalogue", str(catalogue))
    assert code == 0
    data = json.loads(out)
    assert data["id"] == "q7x2m9k4"
    assert data["catalogue"]["sha256"] == catalogue_module.load(catalogue).identity.sha256
    assert [m["arena"] for m in data["matches"]] == ["technical-growth", "leadership"]
    assert data["highlights"] == ["cloud-guild"]
    assert data["withdrawn"] == []
    assert data["catalogue_changed"] is False


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], "── Technical growth"),
        (["--format", "markdown"], "## Technical growth"),
        (["--format", "json"], '"id": "q7x2m9k4"'),
        (["--for", "candidate"], "Hi Ada,"),
        (["--for", "candidate", "--format", "markdown"], "Hi Ada,"),
        (["--format", "html"], "<h2>Technical growth</h2>"),
        (["--for", "candidate", "--format", "html"], "<p>Hi Ada,</p>"),
        (["--for", "candidate", "--format", "eml"], "X-Unsent: 1"),
    ],
)
def test_output_writes_the_file_and_nothing_on_stdout(
    setup: tuple[Path, Path], tmp_path: Path, args: list[str], expected: str
) -> None:
    _, catalogue = setup
    target = tmp_path / "out" / "report.txt"
    target.parent.mkdir()
    code, out, err = report("q7x", "--catalogue", str(catalogue), "-o", str(target), *args)
    assert code == 0, err
    assert out == ""
    assert str(target) in err
    written = target.read_text(encoding="utf-8")
    assert expected in written
    assert "\x1b[" not in written
    assert os.listdir(target.parent) == ["report.txt"]  # no temporary file left behind


def test_output_replaces_an_existing_file(setup: tuple[Path, Path], tmp_path: Path) -> None:
    _, catalogue = setup
    target = tmp_path / "report.md"
    target.write_text("old report\n", encoding="utf-8")
    code, _, _ = report("q7x", "--catalogue", str(catalogue), "-f", "markdown", "-o", str(target))
    assert code == 0
    assert "old report" not in target.read_text(encoding="utf-8")


@pytest.mark.parametrize("where", ["missing-folder/report.txt", "."])
def test_unwritable_output_is_a_user_error_naming_it(
    setup: tuple[Path, Path], tmp_path: Path, where: str
) -> None:
    _, catalogue = setup
    target = tmp_path / where
    code, out, err = report("q7x", "--catalogue", str(catalogue), "-o", str(target))
    assert code == 1
    assert f"cannot write {target}" in err
    assert "Traceback" not in out + err


def test_candidate_follow_up_leaves_out_notes_and_reasons(setup: tuple[Path, Path]) -> None:
    _, catalogue = setup
    code, out, _ = report("q7x", "--for", "candidate", "--catalogue", str(catalogue))
    assert code == 0
    assert out.startswith("Hi Ada,")
    assert "Cloud Guild" in out
    assert "Interviewer-only remark" not in out
    assert "mentoring, 1st" not in out
    assert "We don't yet offer coursework for leadership growth" in " ".join(out.split())


@pytest.mark.usefixtures("setup")
def test_a_withdrawn_offering_disappears_from_every_format(tmp_path: Path) -> None:
    changed = write_catalogue(tmp_path, without_cloud_guild(CATALOGUE), name="changed.yaml")
    shared = ("q7x", "--catalogue", str(changed))

    code, out, _ = report(*shared)
    assert code == 0
    assert "The catalogue has changed since this interview" in " ".join(out.split())
    listed = out[out.index("── Technical growth") :]
    assert "Cloud Guild" not in listed
    assert "Kubernetes Course" in listed
    assert "Cloud Guild (cloud-guild) has been withdrawn" in " ".join(out.split())

    code, out, _ = report(*shared, "--format", "markdown")
    assert "Cloud Guild" not in out[out.index("## Technical growth") :]

    code, out, _ = report(*shared, "--format", "json")
    data = json.loads(out)
    assert data["withdrawn"] == ["cloud-guild"]
    assert data["highlights"] == []
    assert "cloud-guild" not in [o["id"] for m in data["matches"] for o in m["offerings"]]

    for fmt in ("text", "markdown", "html"):
        code, out, err = report(*shared, "--for", "candidate", "--format", fmt)
        assert code == 0
        # Not offered any more, but the candidate heard it: one honest sentence says so.
        assert "cloud-guild" not in out
        said = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", out)).split())
        assert said.count("Cloud Guild") == 1
        assert (
            "In our call we mentioned Cloud Guild; since then it is no longer available, so we "
            "can't offer it after all" in said
        )
        assert "warning: Cloud Guild (cloud-guild) has been withdrawn" in err


@pytest.mark.usefixtures("setup")
def test_report_falls_back_to_the_catalogue_recorded_in_the_interview(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # no ./offerings.yaml here
    code, out, err = report("q7x")
    assert code == 0, err
    assert "Cloud Guild" in out


def test_report_with_no_catalogue_at_all_is_a_user_error(
    tmp_path: Path, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store_path.parent.mkdir(parents=True, exist_ok=True)
    catalogue = write_catalogue(tmp_path, name="gone.yaml")
    stored_interview(store_path, catalogue)
    catalogue.unlink()
    monkeypatch.chdir(tmp_path)
    code, out, err = report("q7x")
    assert code == 1
    assert "offerings.yaml" in err or "gone.yaml" in err
    assert "Traceback" not in out + err


def test_a_draft_can_be_reported(tmp_path: Path, store_path: Path) -> None:
    store_path.parent.mkdir(parents=True, exist_ok=True)
    catalogue = write_catalogue(tmp_path)
    stored_interview(
        store_path, catalogue, status="draft", matches=(), gaps=(), highlights=(), snapshots=()
    )
    code, out, _ = report("q7x", "--catalogue", str(catalogue))
    assert code == 0
    assert "This interview is a draft" in " ".join(out.split())


def test_hostile_answers_reach_the_terminal_as_typed(tmp_path: Path, store_path: Path) -> None:
    store_path.parent.mkdir(parents=True, exist_ok=True)
    catalogue = write_catalogue(tmp_path)
    hostile = "[bold]x[/] <script>alert(1)</script> *y* | `z` مرحبا 🎉"
    arenas = (ArenaAnswers("technical-growth", "Technical growth", learn=hostile),)
    stored_interview(store_path, catalogue, arenas=arenas, notes=hostile)
    code, out, _ = report("q7x", "--catalogue", str(catalogue))
    assert code == 0
    assert hostile in out
    code, out, _ = report("q7x", "--catalogue", str(catalogue), "--format", "json")
    assert json.loads(out)["notes"] == hostile


def test_report_help_has_an_example() -> None:
    result = runner.invoke(app, ["report", "--help"])
    assert result.exit_code == 0
    assert "Example: ri report" in textwrap.dedent(result.stdout)


def test_without_a_catalogue_here_the_report_uses_the_one_recorded(
    setup: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # no ./offerings.yaml here, and no --catalogue
    code, out, err = report("q7x", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["highlights"] == ["cloud-guild"]


def test_with_no_readable_catalogue_the_report_is_refused(
    setup: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, catalogue = setup
    catalogue.unlink()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    code, out, err = report("q7x")
    assert code == 1
    assert out == ""
    assert "offerings.yaml" in err and "Traceback" not in err


# --- struck: matches the interviewer chose not to present ------------------------------------


def _every_report() -> list[tuple[str, str]]:
    """(audience, format) of every report `ri report` writes (JSON is for machines, an email
    for the candidate)."""
    from reverse_interview.cli import ReportFormat

    only_for = {"json": "interviewer", "eml": "candidate"}  # the others are for both
    return [
        (audience, f.value)
        for audience in ("interviewer", "candidate")
        for f in ReportFormat
        if only_for.get(f.value, audience) == audience
    ]


@pytest.mark.parametrize(("audience", "fmt"), _every_report())
def test_a_struck_match_is_in_no_report_and_no_follow_up(
    tmp_path: Path, store_path: Path, audience: str, fmt: str
) -> None:
    from reverse_interview.models import Struck

    store_path.parent.mkdir(parents=True, exist_ok=True)
    catalogue = write_catalogue(tmp_path)
    stored_interview(
        store_path, catalogue, struck=(Struck("technical-growth", "k8s-course"),), highlights=()
    )
    code, out, err = report(
        "q7x", "--catalogue", str(catalogue), "--format", fmt, "--for", audience
    )
    assert code == 0, err
    assert "Cloud Guild" in out  # presented
    assert "Kubernetes Course" not in out  # struck: not presented, not promised
    assert "k8s-course" not in out.replace('"id": "k8s-course"', "")  # only JSON's own `struck`
    assert "withdrawn" not in err  # a struck offering is not "withdrawn" either


def test_json_lists_what_was_struck_and_leaves_it_out_of_the_matches(
    tmp_path: Path, store_path: Path
) -> None:
    from reverse_interview.models import Struck

    store_path.parent.mkdir(parents=True, exist_ok=True)
    catalogue = write_catalogue(tmp_path)
    stored_interview(
        store_path,
        catalogue,
        struck=(Struck("technical-growth", "k8s-course"), Struck("leadership", "leads-circle")),
    )
    code, out, _ = report("q7x", "--format", "json", "--catalogue", str(catalogue))
    assert code == 0
    data = json.loads(out)
    assert data["struck"] == [
        {"arena": "technical-growth", "id": "k8s-course"},
        {"arena": "leadership", "id": "leads-circle"},
    ]
    offered = {m["arena"]: [o["id"] for o in m["offerings"]] for m in data["matches"]}
    assert offered == {"technical-growth": ["cloud-guild"], "leadership": []}
    assert data["withdrawn"] == []
    code, text, _ = report("q7x", "--catalogue", str(catalogue))
    assert "Nothing presented here" in text  # leadership: every match struck
