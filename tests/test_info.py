"""`ri info`: where everything is and what chose it, never a password, nothing created."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reverse_interview import __version__
from reverse_interview.cli import app
from reverse_interview.paths import without_password
from tests.helpers import EXAMPLE_CATALOGUE

runner = CliRunner()


def info(*args: str, **env: str) -> dict:
    result = runner.invoke(app, ["info", "--format", "json", *args], env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_info_says_the_version_and_each_default(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RI_STORE")
    monkeypatch.delenv("RI_CACHE")
    facts = info()
    assert facts["version"] == __version__
    assert facts["python"] == ".".join(map(str, sys.version_info[:3]))
    assert facts["store"]["source"] == "default"
    assert facts["store"]["location"].endswith("interviews.db")
    assert str(tmp_path / "xdg-data") in facts["store"]["location"]  # platformdirs' user data
    assert facts["catalogue"] == {
        "path": str(tmp_path / "offerings.yaml"),
        "source": "default",
        "exists": False,
        "cached": None,
    }
    assert facts["cache"]["source"] == "default"
    assert facts["interviewer"] == {"name": None, "source": "default"}


def test_info_names_the_environment_and_the_options(tmp_path: Path) -> None:
    from_env = info(RI_CATALOGUE=str(EXAMPLE_CATALOGUE), RI_INTERVIEWER="Grace")
    assert from_env["store"]["source"] == "RI_STORE"
    assert from_env["cache"]["source"] == "RI_CACHE"
    assert from_env["catalogue"]["source"] == "RI_CATALOGUE"
    assert from_env["catalogue"]["path"] == str(EXAMPLE_CATALOGUE)
    assert from_env["interviewer"] == {"name": "Grace", "source": "RI_INTERVIEWER"}
    store = tmp_path / "other.db"
    from_options = info("--store", str(store), "--catalogue", str(EXAMPLE_CATALOGUE))
    assert from_options["store"] == {
        "location": str(store),
        "backend": "sqlite",
        "source": "--store",
        "exists": False,
    }
    assert from_options["catalogue"]["source"] == "--catalogue"


def test_info_creates_nothing(tmp_path: Path) -> None:
    before = sorted(tmp_path.rglob("*"))
    runner.invoke(app, ["info"])
    assert sorted(tmp_path.rglob("*")) == before


def test_info_says_whether_the_catalogue_is_cached(tmp_path: Path) -> None:
    env = {"RI_CATALOGUE": str(EXAMPLE_CATALOGUE)}
    assert info(**env)["catalogue"]["cached"] is False
    runner.invoke(app, ["offerings", "check"], env=env)
    assert info(**env)["catalogue"]["cached"] is True


@pytest.mark.parametrize("how", ["option", "environment"])
def test_info_never_shows_a_password(how: str) -> None:
    url = "postgresql://grace:s3cret-pw@db.example.org:5433/hiring?sslmode=require&password=pw2"
    args = ["info", "--store", url] if how == "option" else ["info"]
    env = {"RI_STORE": url} if how == "environment" else {}
    for fmt in ("text", "json"):
        result = runner.invoke(app, [*args, "--format", fmt], env=env)
        assert result.exit_code == 0
        assert "s3cret" not in result.output and "pw2" not in result.output
        assert "postgresql://grace@db.example.org:5433/hiring?sslmode=require" in result.output


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://u:p@h/db", "postgresql://u@h/db"),
        ("postgresql://u:p@ss@h/db", "postgresql://u@h/db"),
        ("postgres://:p@h/db", "postgres://@h/db"),
        ("postgresql://u@h/db?password=x", "postgresql://u@h/db"),
        ("postgresql://u@h/db?password=x&sslmode=require", "postgresql://u@h/db?sslmode=require"),
        ("postgresql:///db?host=/run/pg", "postgresql:///db?host=/run/pg"),
    ],
)
def test_a_password_is_left_out_wherever_it_is(url: str, shown: str) -> None:
    assert without_password(url) == shown


def test_info_text_says_what_to_do_about_a_missing_catalogue(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["info"], env={"RI_INTERVIEWER": "Grace Hopper"})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == f"ri {__version__} (Python {'.'.join(map(str, sys.version_info[:3]))})"
    assert lines[1].startswith(
        f"store:       {tmp_path / 'store' / 'interviews.db'}  (from $RI_STORE"
    )
    assert lines[2] == (
        f"catalogue:   {tmp_path / 'offerings.yaml'}  "
        "(default; no such file: start one with ri offerings init)"
    )
    assert lines[3] == f"cache:       {tmp_path / 'cache'}  (from $RI_CACHE)"
    assert lines[4] == "interviewer: Grace Hopper  (from $RI_INTERVIEWER)"
