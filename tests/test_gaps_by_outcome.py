"""`ri gaps` by outcome: what the candidates who declined or withdrew wanted and were not
offered, beside the rest; kept in the store's running counts as outcomes are recorded."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from typer.testing import CliRunner

from reverse_interview.cli import app
from reverse_interview.models import Outcome
from reverse_interview.store import Store
from tests.test_gaps import HANDFUL

runner = CliRunner()


def gaps_json(catalogue_file: Path, *args: str) -> dict[str, object]:
    result = runner.invoke(
        app, ["gaps", "--format", "json", "--catalogue", str(catalogue_file), *args]
    )
    assert result.exit_code == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    return data


def by_need(data: dict[str, object]) -> dict[tuple[str, str | None], tuple[int, int]]:
    gaps = data["gaps"]
    assert isinstance(gaps, list)
    return {(g["arena"], g["mode"]): (g["candidates"], g["declined_or_withdrew"]) for g in gaps}


def write_catalogue(folder: Path) -> Path:
    path = folder / "offerings.yaml"
    path.write_text(
        "organisation: Test Org\n"
        "offerings:\n"
        "  - id: mentor-circle\n    title: Mentor Circle\n    category: people\n"
        "    arenas: [leadership]\n    modes: [mentoring]\n    summary: A circle.\n",
        encoding="utf-8",
    )
    return path


def test_outcomes_split_the_gaps_and_follow_every_change(tmp_path: Path, store_path: Path) -> None:
    catalogue_file = write_catalogue(tmp_path)
    store_path.parent.mkdir(parents=True, exist_ok=True)
    with Store.open(store_path) as db:
        for interview in HANDFUL:
            db.save(interview)
    before = gaps_json(catalogue_file)
    assert before["outcomes"] == {"recorded": 0, "declined_or_withdrew": 0}
    assert {v[1] for v in by_need(before).values()} == {0}

    with Store.open(store_path) as db:
        db.set_outcome("aaaa0001", Outcome("declined"))
        db.set_outcome("bbbb0002", Outcome("withdrew"))
        db.set_outcome("cccc0003", Outcome("hired", dt.date(2027, 1, 11)))
        db.set_outcome("dddd0004", Outcome("declined"))  # a draft: counts for nothing
    data = gaps_json(catalogue_file)
    assert data["outcomes"] == {"recorded": 3, "declined_or_withdrew": 2}
    needs = by_need(data)
    assert needs[("technical-growth", "coursework")] == (2, 2)
    assert needs[("leadership", None)] == (1, 1)
    assert needs[("public-speaking", None)] == (1, 1)
    assert needs[("teamwork", "coaching")] == (1, 0)
    # The running counts agree with counting the interviews themselves (--since counts).
    since = gaps_json(catalogue_file, "--since", "2000-01-01")
    assert by_need(since) == needs
    assert since["outcomes"] == data["outcomes"]

    # A change of outcome, and a deletion, move the counts back.
    with Store.open(store_path) as db:
        db.set_outcome("aaaa0001", Outcome("hired", dt.date(2027, 2, 1)))
        db.delete("bbbb0002")
    data = gaps_json(catalogue_file)
    assert data["outcomes"] == {"recorded": 2, "declined_or_withdrew": 0}
    assert {v[1] for v in by_need(data).values()} == {0}


def test_the_text_shows_what_those_who_left_wanted(tmp_path: Path, store_path: Path) -> None:
    catalogue_file = write_catalogue(tmp_path)
    store_path.parent.mkdir(parents=True, exist_ok=True)
    with Store.open(store_path) as db:
        for interview in HANDFUL:
            db.save(interview)
    quiet = runner.invoke(app, ["gaps", "--catalogue", str(catalogue_file)]).stdout
    assert "declined or withdrew" not in quiet  # no outcomes yet: nothing to split by
    with Store.open(store_path) as db:
        db.set_outcome("aaaa0001", Outcome("declined"))
        db.set_outcome("bbbb0002", Outcome("withdrew"))
        db.set_outcome("cccc0003", Outcome("not-offered"))
    out = runner.invoke(app, ["gaps", "--catalogue", str(catalogue_file)]).stdout
    said = " ".join(out.split())
    assert "What those who declined or withdrew wanted" in said
    assert "2 of the 3 candidates with an outcome recorded declined or withdrew" in said
    part = out[out.index("What those who declined") : out.index("Still open")]
    lines = [" ".join(line.split()) for line in part.splitlines()]
    assert any(
        line.startswith("2 ") and "Technical growth · Coursework (of 2 who said it)" in line
        for line in lines
    ), part
    assert "teamwork" not in part  # wanted only by a candidate who did not leave
