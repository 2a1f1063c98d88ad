"""`ri offerings init`: a user with no checkout starts a catalogue and interviews with it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from reverse_interview.catalogue import check
from reverse_interview.catalogue_schema import json_schema
from reverse_interview.cli import app
from reverse_interview.starter import write_starter

runner = CliRunner()

ANSWERS = """\
candidate: Ada Lovelace
role: Platform engineer
arenas:
  - arena: technical-growth
    learn: Kubernetes and cloud architecture
    obstacles: no time to study
growth:
  preferred: [mentoring]
"""


@pytest.fixture
def empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder to work in, as a user who installed ri with pip would."""
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def test_init_then_check_strict_then_an_interview(empty: Path) -> None:
    made = runner.invoke(app, ["offerings", "init"])
    assert made.exit_code == 0, made.output
    assert sorted(p.name for p in empty.iterdir()) == ["offerings.schema.json", "offerings.yaml"]
    checked = runner.invoke(app, ["offerings", "check", "--strict"])
    assert checked.exit_code == 0, checked.output
    assert "offerings.yaml: ok — Larkspur Software" in checked.stdout
    assert checked.stderr == ""
    (empty / "answers.yaml").write_text(ANSWERS, encoding="utf-8")
    ran = runner.invoke(app, ["run", "--answers", "answers.yaml"])
    assert ran.exit_code == 0, ran.output
    interview_id = ran.stdout.splitlines()[-1]
    shown = json.loads(runner.invoke(app, ["report", interview_id, "--format", "json"]).stdout)
    assert "cloud-guild" in {o["id"] for m in shown["matches"] for o in m["offerings"]}


def test_init_prints_the_next_steps_and_a_pre_commit_hook(empty: Path) -> None:
    said = runner.invoke(app, ["offerings", "init"]).stdout
    assert "ri offerings check --strict\n" in said
    snippet = said[said.index("repos:") :]
    (hook,) = yaml.safe_load(snippet)["repos"][0]["hooks"]
    assert hook["entry"] == "ri offerings check --strict"
    assert hook["language"] == "system"


def test_init_writes_the_schema_and_names_it_for_editors(empty: Path) -> None:
    runner.invoke(app, ["offerings", "init"])
    schema = json.loads((empty / "offerings.schema.json").read_text(encoding="utf-8"))
    assert schema == json_schema()
    first = (empty / "offerings.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=offerings.schema.json"


def test_init_into_a_new_folder_says_how_to_use_it(empty: Path) -> None:
    result = runner.invoke(app, ["offerings", "init", "hr/catalogue"])
    assert result.exit_code == 0
    target = Path("hr/catalogue/offerings.yaml")
    assert target.is_file()
    assert f"ri offerings check --strict {target}\n" in result.stdout
    assert f"ri run --catalogue {target}\n" in result.stdout


def test_init_refuses_to_overwrite_without_force(empty: Path) -> None:
    (empty / "offerings.yaml").write_text("organisation: Ours\nofferings: []\n", encoding="utf-8")
    refused = runner.invoke(app, ["offerings", "init"])
    assert refused.exit_code == 1
    assert refused.stderr == (
        "ri: offerings.yaml already there: nothing written "
        "(add --force to overwrite, or give another folder)\n"
    )
    assert (empty / "offerings.yaml").read_text(encoding="utf-8").startswith("organisation: Ours")
    assert not (empty / "offerings.schema.json").exists()  # nothing half-written
    forced = runner.invoke(app, ["offerings", "init", "--force"])
    assert forced.exit_code == 0
    assert "Larkspur" in (empty / "offerings.yaml").read_text(encoding="utf-8")


def test_an_existing_schema_alone_also_stops_init(empty: Path) -> None:
    (empty / "offerings.schema.json").write_text("{}", encoding="utf-8")
    result = runner.invoke(app, ["offerings", "init"])
    assert result.exit_code == 1
    assert "offerings.schema.json already there" in result.stderr
    assert not (empty / "offerings.yaml").exists()


def test_the_starter_still_passes_strict_years_from_now(tmp_path: Path) -> None:
    # Its reviews are dated the day it is written: a team starting in 2030 is not told its
    # brand-new catalogue is stale.
    later = dt.date(2030, 5, 17)
    written = write_starter(tmp_path, today=later)
    cat = check(written.catalogue, strict=True, today=later)
    assert cat.warnings == ()
    assert {o.last_reviewed for o in cat.offerings} - {None} == {later}


@pytest.mark.parametrize(
    "args",
    [
        ["offerings", "list"],
        ["offerings", "check"],
        ["gaps"],
        ["run", "--answers", "answers.yaml"],
    ],
)
def test_a_command_without_a_catalogue_says_how_to_start_one(empty: Path, args: list[str]) -> None:
    (empty / "answers.yaml").write_text(ANSWERS, encoding="utf-8")
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert "offerings.yaml: no such file" in result.stderr
    assert result.stderr.rstrip().endswith("or start one with: ri offerings init")
