"""The JSON Schema that editors use and `ri offerings check` agree on what a catalogue may be.

Editors read YAML as YAML 1.2 (only true and false are booleans), and so does ri. Each
catalogue below is validated twice: read by an independent YAML 1.2 reader (ruamel.yaml, pure
Python) and checked with a real JSON-Schema validator against `ri offerings schema`, and
checked by `ri offerings check`. Both must accept it, or both refuse it.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from ruamel.yaml import YAML
from typer.testing import CliRunner

from reverse_interview.catalogue_schema import json_schema
from reverse_interview.cli import app
from tests.helpers import EXAMPLE_CATALOGUE

runner = CliRunner()

BASE = """\
organisation: Test Org
offerings:
  - id: cloud-guild
    title: Cloud Guild
    category: people
    arenas: [technical-growth, teamwork]
    modes: [mentoring, peer-learning]
    summary: Engineers who run our cloud platform take newcomers under their wing.
    tags: [kubernetes, aws]
    contact: Jane Roe
    link: https://example.org/cloud-guild
    owner: Platform team
    capacity: 4
    availability: 4 places a year
    last_reviewed: 2026-09-01
    active: true
"""

# name -> (a change to BASE, whether it is a valid catalogue)
CASES: dict[str, tuple[tuple[str, str], bool]] = {
    "as it is": (("", ""), True),
    "inactive": (("active: true", "active: false"), True),
    "True, as YAML 1.2 reads it": (("active: true", "active: True"), True),
    "tags that YAML 1.1 would take for booleans": (
        ("[kubernetes, aws]", "[no, on, off, yes]"),
        True,
    ),
    "a summary that YAML 1.1 would take for a boolean": (
        (
            "summary: Engineers who run our cloud platform take newcomers under their wing.",
            "summary: yes",
        ),
        True,
    ),
    "active: yes": (("active: true", "active: yes"), False),
    "active: on": (("active: true", "active: on"), False),
    "active: no": (("active: true", "active: no"), False),
    "active quoted": (("active: true", 'active: "true"'), False),
    "active: 1": (("active: true", "active: 1"), False),
    "no title": (("    title: Cloud Guild\n", ""), False),
    "an unknown key": (
        ("    owner: Platform team\n", "    owner: Platform team\n    colour: red\n"),
        False,
    ),
    "an unknown category": (("category: people", "category: staff"), False),
    "no arena": (("[technical-growth, teamwork]", "[]"), False),
    "no mode": (("[mentoring, peer-learning]", "[]"), False),
    "an id that is not a slug": (("id: cloud-guild", "id: Cloud Guild"), False),
    "capacity below 0": (("capacity: 4", "capacity: -1"), False),
    "capacity as text": (("capacity: 4", "capacity: four"), False),
    "capacity 0, said when it opens": (("capacity: 4", "capacity: 0"), True),
    "a date that is no date": (("last_reviewed: 2026-09-01", "last_reviewed: soon"), False),
    "tags not a list": (("[kubernetes, aws]", "kubernetes"), False),
    "an empty title": (("title: Cloud Guild", 'title: ""'), False),
    "no organisation": (("organisation: Test Org\n", ""), False),
    "offerings not a list": (("offerings:\n", "offerings: 3\nx:\n"), False),
}


def as_editors_read_it(text: str) -> Any:
    """The YAML as data, read as YAML 1.2; dates as the text they are written as (JSON has no
    dates, and the schema says a date is a string in YYYY-MM-DD form)."""

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        if isinstance(value, dt.date):
            return value.isoformat()
        return value

    return plain(YAML(typ="safe", pure=True).load(text))


def schema_accepts(text: str) -> bool:
    validator = Draft202012Validator(json_schema(), format_checker=FormatChecker())
    return not list(validator.iter_errors(as_editors_read_it(text)))


def ri_accepts(tmp_path: Path, text: str) -> bool:
    path = tmp_path / "offerings.yaml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["offerings", "check", str(path)])
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    return result.exit_code == 0


def test_the_schema_is_a_valid_json_schema() -> None:
    Draft202012Validator.check_schema(json_schema())


@pytest.mark.parametrize("name", list(CASES))
def test_the_schema_and_ri_agree(tmp_path: Path, name: str) -> None:
    (old, new), valid = CASES[name]
    text = BASE.replace(old, new, 1) if old else BASE
    assert text != BASE or not old, "the change must apply"
    assert schema_accepts(text) is valid, f"the JSON Schema on {name!r}"
    assert ri_accepts(tmp_path, text) is valid, f"ri offerings check on {name!r}"


def test_the_example_catalogue_and_its_schema_agree() -> None:
    text = EXAMPLE_CATALOGUE.read_text(encoding="utf-8")
    assert schema_accepts(text)


def test_a_yaml_11_boolean_where_a_boolean_is_expected_is_refused_with_a_hint(
    tmp_path: Path,
) -> None:
    path = tmp_path / "offerings.yaml"
    path.write_text(BASE.replace("active: true", "active: yes"), encoding="utf-8")
    result = runner.invoke(app, ["offerings", "check", str(path)])
    assert result.stderr == (
        f"{path}:16:13: `active` must be true or false, not the text `yes` "
        "(yes, no, on and off are text in YAML 1.2: write true or false)\n"
    )


def test_yaml_11_booleans_are_text_in_the_catalogue(tmp_path: Path) -> None:
    path = tmp_path / "offerings.yaml"
    path.write_text(BASE.replace("[kubernetes, aws]", "[no, on, off, yes]"), encoding="utf-8")
    listed = runner.invoke(app, ["offerings", "list", "--format", "json", "--catalogue", str(path)])
    assert listed.exit_code == 0, listed.output
    (offering,) = json.loads(listed.stdout)
    assert offering["tags"] == ["no", "on", "off", "yes"]


def test_yaml_11_booleans_are_text_in_an_answers_file(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "candidate: Ada\n"
        "role: on\n"
        "arenas:\n"
        "  - arena: technical-growth\n"
        "    strengths: yes\n"
        "    learn: no\n"
        "growth:\n"
        "  preferred: [mentoring]\n",
        encoding="utf-8",
    )
    env = {"RI_CATALOGUE": str(EXAMPLE_CATALOGUE)}
    ran = runner.invoke(app, ["run", "--answers", str(answers)], env=env)
    assert ran.exit_code == 0, ran.output
    shown = runner.invoke(app, ["report", ran.stdout.split()[-1], "--format", "json"], env=env)
    report = json.loads(shown.stdout)
    assert report["role"] == "on"
    assert (report["arenas"][0]["strengths"], report["arenas"][0]["learn"]) == ("yes", "no")
