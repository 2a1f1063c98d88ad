"""The usual command-line conventions: `-` for standard input, choices and dates checked as
usage (exit 2), and the interviewer's name from RI_INTERVIEWER."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reverse_interview.cli import app
from tests.helpers import EXAMPLE_CATALOGUE

runner = CliRunner()

ANSWERS = """\
candidate: Ada Lovelace
arenas:
  - arena: technical-growth
    learn: Kubernetes
growth:
  preferred: [mentoring]
"""


@pytest.fixture(autouse=True)
def example(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RI_CATALOGUE", str(EXAMPLE_CATALOGUE))


def record(args: tuple[str, ...] = (), answers: str = ANSWERS, **env: str) -> dict:
    ran = runner.invoke(app, ["run", "--answers", "-", *args], input=answers, env=env)
    assert ran.exit_code == 0, ran.output
    shown = runner.invoke(app, ["report", ran.stdout.split()[-1], "--format", "json"])
    return json.loads(shown.stdout)


# --- `-` is standard input -----------------------------------------------------------------


def test_run_answers_from_stdin_stores_the_interview() -> None:
    report = record()
    assert report["candidate"] == "Ada Lovelace"
    assert report["status"] == "complete"


def test_a_bad_answers_file_on_stdin_is_named_stdin_with_its_line() -> None:
    result = runner.invoke(
        app, ["run", "--answers", "-"], input=ANSWERS.replace("mentoring", "juggling")
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("ri: <stdin>:6:15: unknown growth mode 'juggling'")
    assert "juggling" in result.stderr


def test_offerings_check_reads_stdin() -> None:
    text = EXAMPLE_CATALOGUE.read_text(encoding="utf-8")
    good = runner.invoke(app, ["offerings", "check", "--strict", "-"], input=text)
    assert good.exit_code == 0, good.output
    assert good.stdout.startswith("<stdin>: ok — Larkspur Software")
    bad = runner.invoke(app, ["offerings", "check", "-"], input="organisation: X\nofferings: 3\n")
    assert bad.exit_code == 1
    assert bad.stderr.startswith("<stdin>:2:12: ")


# --- choices and dates ---------------------------------------------------------------------


def test_list_status_is_a_choice() -> None:
    record()
    bad = runner.invoke(app, ["list", "--status", "finished"])
    assert bad.exit_code == 2
    assert "Invalid value for '--status'" in bad.stderr
    assert "'draft'" in bad.stderr and "'complete'" in bad.stderr
    only_drafts = runner.invoke(app, ["list", "--status", "draft", "--format", "json"])
    assert only_drafts.exit_code == 0
    assert json.loads(only_drafts.stdout) == []
    complete = runner.invoke(app, ["list", "--status", "complete", "--format", "json"])
    assert len(json.loads(complete.stdout)) == 1


@pytest.mark.parametrize("command", ["gaps", "export"])
@pytest.mark.parametrize("since", ["2026-13-01", "yesterday", "31/01/2026", "2026-02-30"])
def test_since_must_be_a_real_date(command: str, since: str) -> None:
    result = runner.invoke(app, [command, "--since", since])
    assert result.exit_code == 2
    assert f"Invalid value for '--since': {since!r} is not a date like 2026-01-31" in result.stderr
    assert "Traceback" not in result.output


def test_gaps_since_a_date_keeps_later_interviews_only() -> None:
    record()
    kept = runner.invoke(app, ["gaps", "--since", "2000-01-01", "--format", "json"])
    later = runner.invoke(app, ["gaps", "--since", "2999-01-01", "--format", "json"])
    assert kept.exit_code == later.exit_code == 0
    assert kept.stdout != later.stdout


# --- RI_INTERVIEWER ------------------------------------------------------------------------


def test_ri_interviewer_names_the_interviewer_when_nothing_else_does() -> None:
    assert record(RI_INTERVIEWER="Grace Hopper")["interviewer"] == "Grace Hopper"
    assert not record()["interviewer"]


def test_a_live_interview_does_not_ask_the_name_ri_interviewer_gives(tmp_path: Path) -> None:
    import os
    import sys

    import pexpect

    env = {
        **os.environ,
        "RI_INTERVIEWER": "Grace Hopper",
        "RI_STORE": str(tmp_path / "interviews.db"),
        "RI_CACHE": str(tmp_path / "cache"),
        "RI_CATALOGUE": str(EXAMPLE_CATALOGUE),
    }
    ri = str(Path(sys.executable).with_name("ri"))
    child = pexpect.spawn(
        ri, ["run", "--candidate", "Ada", "--role", "SRE"], env=env, encoding="utf-8", timeout=20
    )
    try:
        child.expect("Said it")
        assert "Your name" not in str(child.before)
        child.send("\x03")  # Ctrl-C: the draft is kept
        child.expect(r"Interview ([a-z0-9-]+) saved as a draft")
        interview_id = child.match.group(1)
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    shown = runner.invoke(
        app, ["report", interview_id, "--format", "json"], env={"RI_STORE": env["RI_STORE"]}
    )
    assert json.loads(shown.stdout)["interviewer"] == "Grace Hopper"


def test_the_answers_file_and_the_option_win_over_ri_interviewer() -> None:
    from_file = record(answers=ANSWERS + "interviewer: Ada Byron\n", RI_INTERVIEWER="Grace")
    assert from_file["interviewer"] == "Ada Byron"
    from_option = record(("--interviewer", "Alan"), RI_INTERVIEWER="Grace")
    assert from_option["interviewer"] == "Alan"


def test_run_help_names_ri_interviewer() -> None:
    assert "RI_INTERVIEWER" in runner.invoke(app, ["run", "--help"]).stdout


def test_stdin_is_read_as_bytes_like_a_file(tmp_path: Path) -> None:
    # A byte-order mark and Windows line ends, as some editors save, read the same from stdin.
    text = ANSWERS.replace("\n", "\r\n")
    report = record(answers="\ufeff" + text)
    assert report["arenas"][0]["learn"] == "Kubernetes"
