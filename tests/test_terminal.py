"""The real thing: `ri run` in a pseudo-terminal, driven by pexpect, through the real widgets.

These tests type as an interviewer would; they are slower than the rest (a few seconds each).
"""

from __future__ import annotations

import functools
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pexpect
import pytest

from tests.helpers import EXAMPLE_CATALOGUE

RI = str(Path(sys.executable).with_name("ri"))
DOWN = "\x1b[B"
ENTER = "\r"
ALT_ENTER = "\x1b\r"
CTRL_C = "\x03"
CTRL_D = "\x04"
TIMEOUT = 20


class Session:
    """One `ri` process in a pseudo-terminal."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.child = pexpect.spawn(
            RI, args, env=env, encoding="utf-8", timeout=TIMEOUT, dimensions=(50, 120)
        )

    def expect(self, pattern: str) -> str:
        self.child.expect(pattern)
        return str(self.child.before) + str(self.child.after)

    def answer(self, prompt: str, text: str) -> None:
        self.expect(prompt)
        self.child.send(text + ENTER)

    def keys(self, prompt: str, *keys: str) -> None:
        self.expect(prompt)
        for key in keys:
            self.child.send(key)

    def finish(self) -> int:
        self.child.expect(pexpect.EOF)
        self.child.close()
        return int(self.child.exitstatus if self.child.exitstatus is not None else -1)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    values = dict(os.environ)
    values.update(
        RI_STORE=str(tmp_path / "interviews.db"),
        RI_CATALOGUE=str(EXAMPLE_CATALOGUE),
        RI_CACHE=str(tmp_path / "cache"),
        TERM="xterm-256color",
        COLUMNS="120",
        LINES="50",
    )
    values.pop("NO_COLOR", None)
    return values


@pytest.fixture
def spawn(env: dict[str, str]) -> Iterator[list[Session]]:
    sessions: list[Session] = []
    yield sessions
    for session in sessions:
        if session.child.isalive():
            session.child.kill(signal.SIGKILL)


def start(spawn: list[Session], env: dict[str, str], *args: str) -> Session:
    session = Session(["run", *args], env)
    spawn.append(session)
    return session


def ri_json(env: dict[str, str], *args: str) -> object:
    result = subprocess.run(
        [RI, *args, "--format", "json"], env=env, capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def ri_text(env: dict[str, str], *args: str) -> str:
    result = subprocess.run([RI, *args], env=env, capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    return result.stdout


def ri_offerings(env: dict[str, str]) -> list[dict[str, str]]:
    listed = ri_json(env, "offerings", "list")
    assert isinstance(listed, list)
    return listed


def run_identity(session: Session) -> None:
    session.answer("candidate's name", "Ada [bold]Lovelace[/bold]")
    session.answer("role", "Platform engineer")
    session.answer("Your name", "Grace")


def run_to_step_three(session: Session) -> None:
    run_identity(session)
    session.keys("Said it", ENTER)  # step 1: the default is yes
    # Step 2: tick the first arena (technical growth) and the third, then confirm.
    session.keys("Which arenas", " ", DOWN, DOWN, " ", ENTER)


def test_a_whole_interview_through_the_real_widgets(spawn: list[Session], env: dict[str, str]):
    session = start(spawn, env)
    run_identity(session)
    session.expect("Step 1 of 5")
    session.keys("Said it", ENTER)
    session.expect("Step 2 of 5")
    session.keys("Which arenas", " ", DOWN, DOWN, " ", ENTER)
    session.expect("Step 3 of 5")
    session.answer("what are they already good at", "Linux and networking")
    session.child.send("Kubernetes" + ALT_ENTER + "and cloud *architecture*")
    session.child.send(ENTER)
    session.answer("biggest obstacles", "no time, no senior peer")
    session.answer("already good at", "running a small team")
    session.answer("learn or improve", "giving feedback")
    session.answer("biggest obstacles", "no mentor")
    session.expect("Step 4 of 5")
    session.keys("1st choice", DOWN, ENTER)  # mentoring
    session.keys("2nd choice", DOWN, ENTER)  # coursework: the first mode left
    session.keys("3rd choice", ENTER)  # "That's all" comes first
    session.answer("Anything else", "pairs well")
    session.expect("Review")
    session.keys("Anything to change", ENTER)
    session.expect("Step 5 of 5")
    session.keys("What will you present", " ", ENTER)  # untick the strongest match: struck
    session.answer("Add a highlight", "no-such-thing")
    session.expect("not in the catalogue")
    session.answer("Add a highlight", "")
    session.answer("Your notes", "strong candidate")
    output = session.expect(r"See it again with: ri report ([a-z0-9-]+)")
    interview_id = session.child.match.group(1)
    assert "Ada [bold]Lovelace[/bold]" in output  # candidate text printed as typed
    assert session.finish() == 0

    report = ri_json(env, "report", interview_id)
    assert isinstance(report, dict)
    assert report["status"] == "complete"
    assert report["candidate"] == "Ada [bold]Lovelace[/bold]"
    first = report["arenas"][0]
    assert first["id"] == "technical-growth"
    assert first["learn"] == "Kubernetes\nand cloud *architecture*"
    assert first["obstacles"] == "no time, no senior peer"
    assert report["arenas"][1]["id"] == "leadership"
    assert report["growth"]["preferred"][:2] == ["mentoring", "coursework"]
    assert report["notes"] == "strong candidate"
    # Matched on their words: Kubernetes and cloud architecture find offerings; "giving
    # feedback" meets nothing in leadership that is about it, and is said as a gap.
    technical, leadership = report["matches"]
    assert technical["offerings"]
    said = {(g["arena"], g["kind"]) for g in report["gaps"]}
    assert leadership["offerings"] or ("leadership", "topic") in said

    # The struck match: listed as struck, in no report and not in the follow-up.
    assert len(report["struck"]) == 1
    struck = report["struck"][0]
    assert struck["arena"] == "technical-growth"
    offered = {o["id"] for m in report["matches"] for o in m["offerings"]}
    assert struck["id"] not in offered
    title = next(o["title"] for o in ri_offerings(env) if o["id"] == struck["id"])
    for args in (
        [],
        ["--format", "markdown"],
        ["--for", "candidate"],
        ["--for", "candidate", "--format", "markdown"],
    ):
        shown = ri_text(env, "report", interview_id, *args)
        assert title not in shown, args
        assert "Reverse interview" in shown or "Hi Ada" in shown


@pytest.mark.parametrize("ending", ["kill -9", "closed terminal"])
def test_a_killed_process_keeps_every_answer_given(
    spawn: list[Session], env: dict[str, str], ending: str
):
    session = start(spawn, env)
    run_to_step_three(session)
    session.answer("what are they already good at", "Linux")
    session.answer("learn or improve", "Kubernetes")
    session.expect("biggest obstacles")
    session.child.send("half typed, never saved")
    if ending == "kill -9":
        session.child.kill(signal.SIGKILL)
        session.child.close()
    else:  # closing the terminal hangs the process up
        try:
            session.child.close(force=False)
        except pexpect.ExceptionPexpect:
            # pexpect waits only a moment; on a loaded machine the hung-up process takes longer
            deadline = time.monotonic() + 30
            while session.child.isalive() and time.monotonic() < deadline:
                time.sleep(0.1)
            assert not session.child.isalive(), "the hung-up process never ended"

    listed = ri_json(env, "list")
    assert isinstance(listed, list) and len(listed) == 1
    report = ri_json(env, "report", listed[0]["id"])
    assert isinstance(report, dict)
    assert report["status"] == "draft"
    assert report["candidate"] == "Ada [bold]Lovelace[/bold]"
    assert report["arenas"][0]["strengths"] == "Linux"
    assert report["arenas"][0]["learn"] == "Kubernetes"
    assert report["arenas"][0]["obstacles"] is None


@pytest.mark.parametrize("stop_key", [CTRL_C, CTRL_D], ids=["ctrl-c", "ctrl-d"])
def test_interrupt_saves_a_draft_and_resume_carries_on(
    spawn: list[Session], env: dict[str, str], stop_key: str
):
    session = start(spawn, env, "--candidate", "Ada", "--role", "SRE", "--interviewer", "Grace")
    session.keys("Said it", ENTER)
    session.keys("Which arenas", " ", ENTER)
    session.answer("what are they already good at", "Linux")
    session.keys("learn or improve", stop_key)
    output = session.expect(
        r"Interview ([a-z0-9-]+) saved as a draft\. Resume with: ri run --resume ([a-z0-9-]+)"
    )
    interview_id = session.child.match.group(1)
    assert session.child.match.group(2) == interview_id
    assert "Traceback" not in output
    assert session.finish() == 130

    resumed = start(spawn, env, "--resume", interview_id[:4])
    screen = resumed.expect("learn or improve")
    assert "Step 1 of 5" not in screen  # step 1 is not repeated
    resumed.child.send("Kubernetes" + ENTER)
    resumed.answer("biggest obstacles", "no time")
    resumed.keys("1st choice", ENTER)
    resumed.keys("2nd choice", ENTER)
    resumed.answer("Anything else", "")
    resumed.keys("Anything to change", ENTER)
    resumed.keys("What will you present", ENTER)
    resumed.answer("Add a highlight", "")
    resumed.answer("Your notes", "")
    resumed.expect("See it again with")
    assert resumed.finish() == 0

    report = ri_json(env, "report", interview_id)
    assert isinstance(report, dict)
    assert report["status"] == "complete"
    assert report["arenas"][0]["strengths"] == "Linux"
    assert report["arenas"][0]["learn"] == "Kubernetes"


def test_more_than_four_arenas_is_refused_on_the_spot(spawn: list[Session], env: dict[str, str]):
    session = start(spawn, env, "--candidate", "Ada", "--role", "", "--interviewer", "")
    session.keys("Said it", ENTER)
    # Tick the four catalogue arenas and "add their own": refused, nothing moves on.
    session.keys("Which arenas", " ", DOWN, " ", DOWN, " ", DOWN, " ", DOWN, " ", ENTER)
    session.expect("Already 4 arenas")
    session.keys("Which arenas", *([DOWN] * 4), " ", ENTER)  # untick "add their own"
    session.expect("what are they already good at")
    session.child.send(CTRL_C)
    assert session.finish() == 130


def test_no_terminal_and_no_answers_is_a_usage_error(env: dict[str, str]):
    result = subprocess.run(
        [RI, "run"], stdin=subprocess.DEVNULL, capture_output=True, text=True, env=env, timeout=30
    )
    assert result.returncode == 2
    assert "--answers" in result.stderr
    assert "Traceback" not in result.stderr


# --- step 5 on a 120x45 screen, as the interviewer sees it ---------------------------------------


class Screen:
    """What a 120x45 terminal shows: the session's output played into a terminal emulator."""

    def __init__(self, columns: int = 120, rows: int = 45) -> None:
        import pyte

        self.screen = pyte.Screen(columns, rows)
        self.stream = pyte.Stream(self.screen)

    def write(self, data: str) -> None:
        self.stream.feed(data)

    def flush(self) -> None:
        pass

    @property
    def lines(self) -> list[str]:
        return [line.rstrip() for line in self.screen.display]


THREE_ARENAS = """\
candidate: Ada Lovelace
role: Platform engineer
interviewer: Grace
arenas:
  - arena: technical-growth
    strengths: Linux, networking
    learn: Kubernetes and cloud architecture, and security
    obstacles: no time to study, no senior engineer to learn from
  - arena: leadership
    strengths: running incident calls
    learn: giving feedback and leading a small team
    obstacles: never had the chance to lead
  - arena: Public speaking
    strengths: explaining one to one
    learn: giving talks at conferences and writing blog posts
    obstacles: nervous in front of a crowd
growth:
  preferred: [mentoring, coursework]
"""
FOURTH_ARENA = """\
  - arena: personal-development
    strengths: staying calm
    learn: time management, focus, writing, a healthier balance, wellbeing, stress
    obstacles: burnout, caring for my father, no time, shifts
"""


def stored_from(env: dict[str, str], tmp_path: Path, text: str) -> str:
    answers = tmp_path / "answers.yaml"
    answers.write_text(text, encoding="utf-8")
    result = subprocess.run(
        [RI, "run", "--answers", str(answers)], env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def reopen_at_step_5(
    spawn: list[Session], env: dict[str, str], interview_id: str, rows: int = 45
) -> Screen:
    screen = Screen(rows=rows)
    session = Session(["run", "--resume", interview_id], dict(env, LINES=str(rows)))
    session.child.setwinsize(rows, 120)
    session.child.logfile_read = screen
    spawn.append(session)
    session.keys("Anything to change", ENTER)
    session.expect("Step 5 of 5")
    return screen


def until(session: Session, screen: Screen, shows: Callable[[list[str]], bool]) -> list[str]:
    """The screen once it shows what `shows` looks for (and has finished drawing)."""
    deadline = time.monotonic() + TIMEOUT
    while not shows(settled(session, screen)):
        assert time.monotonic() < deadline, "\n".join(screen.lines)
    return screen.lines


def _question(lines: list[str], questions: tuple[str, ...]) -> str | None:
    """The line of whichever of `questions` waits for an answer on the screen (its hint is
    shown only while it waits)."""
    for line in reversed(lines):
        if any(q in line for q in questions) and ("(Use arrow keys)" in line or "(space" in line):
            return line
    return None


def _moved_on(shown: list[str], *, waiting: tuple[str, ...], before: str) -> bool:
    return _question(shown, waiting) != before


def settled(session: Session, screen: Screen) -> list[str]:
    """The screen once the prompt has finished drawing."""
    try:
        while True:
            session.child.read_nonblocking(65536, timeout=0.5)
    except pexpect.TIMEOUT:
        pass
    return screen.lines


def test_three_arenas_at_step_5_fit_one_120x45_screen(
    spawn: list[Session], env: dict[str, str], tmp_path: Path
):
    interview_id = stored_from(env, tmp_path, THREE_ARENAS)
    screen = reopen_at_step_5(spawn, env, interview_id)
    session = spawn[-1]
    session.expect("What will you present|Said it")
    shown = "\n".join(settled(session, screen))
    # Every arena's heading is still on the screen when the interviewer is asked anything.
    for heading in ("── Technical growth", "── Leadership growth", "── Public speaking"):
        assert heading in shown, shown
    assert "Say: Here is what we can really offer" in shown
    assert interview_id not in shown  # no ids where nothing is typed
    report = ri_json(env, "report", interview_id)
    assert isinstance(report, dict)
    for match in report["matches"]:
        for offering in match["offerings"]:
            assert offering["id"] not in shown
    session.child.send(CTRL_C)
    assert session.finish() == 130


def test_a_long_step_5_pages_rather_than_scrolls_away(
    spawn: list[Session], env: dict[str, str], tmp_path: Path
):
    long = THREE_ARENAS.replace("growth:\n", FOURTH_ARENA + "growth:\n", 1)
    interview_id = stored_from(env, tmp_path, long)
    report = ri_json(env, "report", interview_id)
    assert isinstance(report, dict)
    screen = reopen_at_step_5(spawn, env, interview_id, rows=24)  # four arenas, a small screen
    session = spawn[-1]
    seen: list[str] = []
    asked: list[str] = []
    waiting = ("More on the next page", "Said it?", "What will you present?")
    while True:
        # The question now waiting: the last line that asks one, with its hint still shown.
        lines = until(session, screen, lambda shown: _question(shown, waiting) is not None)
        line = _question(lines, waiting)
        assert line is not None
        question = next(q for q in waiting if q in line)
        asked.append(question)
        headings = [line for line in lines if line.startswith("── ")]
        # A page starts on the screen with its first arena and ends with the question.
        assert headings, "\n".join(lines)
        seen += [h for h in headings if h not in seen]
        if question == waiting[2]:
            break
        session.child.send(ENTER)
        until(session, screen, functools.partial(_moved_on, waiting=waiting, before=line))
    # Too long for one screen with the checklist: the checklist waits until it has been said.
    assert asked[0] != "What will you present?" and asked[-2] == "Said it?", asked
    names = [a["name"] for a in report["arenas"]]
    assert [h.split("  (")[0].removeprefix("── ") for h in seen] == names
    session.child.send(CTRL_C)
    assert session.finish() == 130


@pytest.mark.parametrize("where", ["arena checkbox", "ranking list", "review menu"])
def test_ctrl_d_in_a_choice_list_saves_and_prints_the_resume_command(
    spawn: list[Session], env: dict[str, str], where: str
):
    session = start(spawn, env, "--candidate", "Ada", "--role", "SRE", "--interviewer", "Grace")
    session.keys("Said it", ENTER)
    if where == "arena checkbox":
        session.keys("Which arenas", " ", CTRL_D)
    else:
        session.keys("Which arenas", " ", ENTER)
        session.answer("what are they already good at", "Linux")
        session.answer("learn or improve", "Kubernetes")
        session.answer("biggest obstacles", "no time")
        if where == "ranking list":
            session.keys("1st choice", DOWN, CTRL_D)
        else:
            session.keys("1st choice", ENTER)
            session.keys("2nd choice", ENTER)
            session.answer("Anything else", "")
            session.keys("Anything to change", DOWN, CTRL_D)
    output = session.expect(r"saved as a draft\. Resume with: ri run --resume ([a-z0-9-]+)")
    interview_id = session.child.match.group(1)
    assert "Traceback" not in output
    assert session.finish() == 130
    report = ri_json(env, "report", interview_id)
    assert isinstance(report, dict)
    assert report["candidate"] == "Ada"
    assert report["status"] == "draft"
