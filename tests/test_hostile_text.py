"""Text from outside is shown, never obeyed: escape sequences and Rich markup in a candidate's
name, their answers or the catalogue reach the terminal as visible symbols, in every command.

The hostile text writes the clipboard (OSC 52), retitles the window (OSC 0), plants a hidden
link (OSC 8), clears the screen (CSI 2J, and the one-byte C1 CSI), rings the bell, and carries
Rich markup. Each command's stdout and stderr are checked byte for byte.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sys
from dataclasses import replace
from pathlib import Path

import pexpect
import pytest
from typer.testing import CliRunner

from reverse_interview import cli
from reverse_interview.cli import app
from reverse_interview.store import Store
from reverse_interview.text import visible

ESC = "\x1b"
HOSTILE = (
    "Mallory"
    f"{ESC}]52;c;aGVsbG8={ESC}\\"
    f"{ESC}]0;PWNED\x07"
    f"{ESC}]8;;https://evil.example/{ESC}\\link{ESC}]8;;{ESC}\\"
    f"{ESC}[2J{ESC}[H\x9b31m"
    "[bold]loud[/bold]"
)
# Any control byte but tab and line feed: C0, DEL, and C1 (as UTF-8 text, U+0080..U+009F).
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

runner = CliRunner()


def yaml_quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar: JSON's escapes are YAML's too."""
    return json.dumps(text)


def hostile_catalogue(folder: Path) -> Path:
    path = folder / "offerings.yaml"
    path.write_text(
        f"""\
organisation: {yaml_quoted("Evil " + HOSTILE)}
pitch: {yaml_quoted("We mean well. " + HOSTILE)}
offerings:
  - id: cloud-guild
    title: {yaml_quoted("Guild " + HOSTILE)}
    category: people
    arenas: [technical-growth]
    modes: [mentoring]
    summary: {yaml_quoted("Summary " + HOSTILE)}
    contact: {yaml_quoted("Contact " + HOSTILE)}
    availability: {yaml_quoted("Mondays " + HOSTILE)}
""",
        encoding="utf-8",
    )
    return path


def hostile_answers(folder: Path) -> Path:
    path = folder / "answers.json"
    path.write_text(
        json.dumps(
            {
                "candidate": HOSTILE,
                "role": "Role " + HOSTILE,
                "interviewer": "Interviewer " + HOSTILE,
                "arenas": [
                    {
                        "arena": "technical-growth",
                        "strengths": "Strong " + HOSTILE,
                        "learn": "Learn " + HOSTILE,
                        "obstacles": "Obstacle " + HOSTILE,
                    },
                    {"arena": "Own " + HOSTILE, "learn": "Talk " + HOSTILE},
                ],
                "growth": {"preferred": ["mentoring", "coursework"], "note": "Note " + HOSTILE},
                "highlights": ["cloud-guild"],
                "notes": "Notes " + HOSTILE,
            }
        ),
        encoding="utf-8",
    )
    return path


def assert_inert(text: str, where: str) -> None:
    found = CONTROL.search(text)
    assert found is None, f"{where}: control code {found.group()!r} reached the terminal"


def invoke(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=input)
    where = "ri " + " ".join(args)
    assert_inert(result.stdout, where + " (stdout)")
    assert_inert(result.stderr, where + " (stderr)")
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def recorded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, Path]:
    """A hostile interview recorded against a hostile catalogue; its ID and the catalogue."""
    monkeypatch.setenv("COLUMNS", "400")  # names are checked whole, not folded
    catalogue = hostile_catalogue(tmp_path)
    monkeypatch.setenv("RI_CATALOGUE", str(catalogue))
    code, out, err = invoke("run", "--answers", str(hostile_answers(tmp_path)))
    assert code == 0, err
    return out.split()[-1], catalogue


def test_the_visible_form_keeps_every_character_readable() -> None:
    shown = visible(HOSTILE)
    assert CONTROL.search(shown) is None
    assert "␛]52;c;aGVsbG8=␛\\" in shown and "␇" in shown and "[bold]loud[/bold]" in shown
    assert visible("two\r\nlines\ttabbed") == "two\nlines\ttabbed"


def test_reports_in_every_format_show_the_escapes_as_symbols(recorded: tuple[str, Path]) -> None:
    interview_id, _ = recorded
    for args in (
        [],
        ["--format", "markdown"],
        ["--format", "json"],
        ["--for", "candidate"],
        ["--for", "candidate", "--format", "markdown"],
    ):
        code, out, err = invoke("report", interview_id, *args)
        assert code == 0, err
        if "json" not in args:
            assert "␛" in out and "PWNED" in out
    code, out, _ = invoke("report", interview_id)
    assert "[bold]loud[/bold]" in out  # markup printed as typed, not obeyed
    data = json.loads(invoke("report", interview_id, "--format", "json")[1])
    assert data["candidate"] == HOSTILE  # JSON keeps the data exactly, escaped as JSON


def test_list_shows_hostile_names_as_symbols(recorded: tuple[str, Path]) -> None:
    interview_id, _ = recorded
    code, out, err = invoke("list")
    assert code == 0, err
    assert interview_id in out and "Mallory␛]52;c;aGVsbG8=" in out and "[bold]loud" in out
    code, out, _ = invoke("list", "--format", "json")
    assert json.loads(out)[0]["candidate"] == HOSTILE


def test_export_escapes_what_json_leaves_raw_and_keeps_the_data(
    recorded: tuple[str, Path], tmp_path: Path
) -> None:
    """JSON Lines printed to a terminal: DEL and C1 escaped too, read back exactly."""
    code, out, err = invoke("export")
    assert code == 0, err
    assert json.loads(out.splitlines()[0])["candidate"] == HOSTILE
    code, out, err = invoke("info", "--format", "json")
    assert code == 0, err


def test_gaps_show_hostile_arena_names_as_symbols(recorded: tuple[str, Path]) -> None:
    code, out, err = invoke("gaps")
    assert code == 0, err
    assert "Own Mallory␛]52" in out
    code, out, _ = invoke("gaps", "--format", "json")
    assert any(g["arena_name"] == "Own " + HOSTILE for g in json.loads(out)["gaps"])


def test_the_delete_question_and_the_ambiguous_id_error_show_symbols(
    recorded: tuple[str, Path], store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    interview_id, _ = recorded
    monkeypatch.setattr(cli, "is_terminal", lambda: True)
    code, out, err = invoke("delete", interview_id, input="n\n")
    assert code == 0 and "Nothing deleted." in err
    assert "(Mallory␛]52;c;aGVsbG8=" in out

    with Store.open(store_path) as db:
        interview = db.load(interview_id)
        db.save(replace(interview, id="zz-one"))
        db.save(replace(interview, id="zz-two"))
    code, _, err = invoke("report", "zz")
    assert code == 1
    assert "matches 2 interviews" in err and "zz-one (Mallory␛]52" in err


def test_the_catalogue_commands_show_its_text_as_symbols(
    recorded: tuple[str, Path], tmp_path: Path
) -> None:
    _, catalogue = recorded
    code, out, err = invoke("offerings", "list")
    assert code == 0, err
    assert "Evil Mallory␛]52" in out and "Guild Mallory" in out and "[bold]loud" in out
    code, out, err = invoke("offerings", "check", str(catalogue))
    assert code == 0, err
    assert "Evil Mallory␛]52" in out

    broken = tmp_path / "broken.yaml"
    broken.write_text(
        catalogue.read_text(encoding="utf-8").replace(
            "arenas: [technical-growth]", f"arenas: [{yaml_quoted(HOSTILE)}]"
        ),
        encoding="utf-8",
    )
    code, _, err = invoke("offerings", "check", str(broken))
    assert code == 1 and "Mallory␛]52" in err


RI = str(Path(sys.executable).with_name("ri"))


def in_a_terminal(catalogue: Path, store: Path, args: list[str], until: str) -> str:
    """What `ri ARGS` sends to a real pseudo-terminal up to `until`, then after a Ctrl-C."""
    env = dict(os.environ)
    env.update(
        RI_STORE=str(store),
        RI_CATALOGUE=str(catalogue),
        TERM="xterm-256color",
        COLUMNS="400",
        LINES="50",
    )
    env.pop("NO_COLOR", None)
    child = pexpect.spawn(RI, args, env=env, encoding="utf-8", timeout=20, dimensions=(50, 400))
    try:
        child.expect(until)
        seen = str(child.before) + str(child.after)
        child.sendintr()
        child.expect(pexpect.EOF)
        seen += str(child.before)
    finally:
        if child.isalive():
            child.kill(signal.SIGKILL)
    # Styles are escape sequences too here; what must never arrive is the candidate's.
    for sequence in (f"{ESC}]", f"{ESC}[2J", "\x9b", "\x07"):
        assert sequence not in seen, f"{sequence!r} reached the terminal"
    return seen


def test_resuming_in_a_terminal_shows_the_name_and_review_as_symbols(
    recorded: tuple[str, Path], store_path: Path
) -> None:
    """Through a real pseudo-terminal: the first line, the "Resuming" line and the review."""
    interview_id, catalogue = recorded
    seen = in_a_terminal(catalogue, store_path, ["run", "--resume", interview_id], "to change")
    assert "Resuming interview" in seen and "Mallory␛]52;c;aGVsbG8=" in seen
    assert "Evil Mallory␛]52" in seen  # the organisation, on the first line
    assert "Obstacle Mallory␛]52" in seen  # a review row


def test_a_live_interview_shows_the_catalogue_pitch_as_symbols(
    tmp_path: Path, store_path: Path
) -> None:
    catalogue = hostile_catalogue(tmp_path)
    args = ["run", "--candidate", HOSTILE, "--role", "R", "--interviewer", "I"]
    seen = in_a_terminal(catalogue, store_path, args, "Said it")
    assert "We mean well. Mallory␛]52" in seen
