"""The command line as a user meets it: help, exit codes, messages (no live prompts here)."""

from __future__ import annotations

import subprocess
import sys

import pytest
import typer
import typer.main
from typer.testing import CliRunner

from reverse_interview.cli import app

runner = CliRunner()


def test_help_lists_every_command() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("run", "report", "list", "delete", "gaps", "offerings"):
        assert command in result.output


def test_importing_the_cli_leaves_heavy_modules_out() -> None:
    code = (
        "import sys, reverse_interview.cli; "
        "heavy = [m for m in ('questionary', 'prompt_toolkit', 'yaml', 'sqlite3', 'rich.console')"
        " if m in sys.modules]; print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_what_the_first_prompt_of_ri_run_imports_leaves_later_steps_out() -> None:
    """`ri run` imports these before its first question; Rich (the first question is
    questionary's alone), matching, the review's choices, the tallies of `ri gaps`, the report's
    layout and YAML (a cached catalogue) come later."""
    before_the_first_question = (
        "reverse_interview.cli",
        "reverse_interview.session",
        "reverse_interview.catalogue",
        "reverse_interview.store.sqlite",
        "reverse_interview.prompts",
    )
    later = (
        "rich.console",
        "rich.text",
        "yaml",
        "reverse_interview.words",
        "reverse_interview.index",
        "reverse_interview.matching",
        "reverse_interview.review",
        "reverse_interview.tally",
        "reverse_interview.render.terminal",
        "reverse_interview.report",
    )
    code = (
        f"import sys; [__import__(m) for m in {before_the_first_question!r}]; "
        f"print(','.join(m for m in {later!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_an_interrupt_names_the_interview_and_how_to_carry_on(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from reverse_interview.cli import user_errors
    from reverse_interview.errors import Interrupted

    @user_errors
    def stopped(status: str) -> None:
        raise Interrupted("abc123", status)

    for status, said in (
        ("draft", "Interview abc123 saved as a draft. Resume with: ri run --resume abc123"),
        ("complete", "Interview abc123 saved; it is still complete."),
    ):
        with pytest.raises(typer.Exit) as stop:
            stopped(status)
        assert stop.value.exit_code == 130
        assert said in capsys.readouterr().err


def test_answers_and_resume_together_are_wrong_usage(tmp_path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("candidate: Ada\n", encoding="utf-8")
    result = runner.invoke(app, ["run", "--answers", str(answers), "--resume", "abc"])
    assert result.exit_code == 2
    assert "--resume" in result.stderr


def test_commands_made_when_used_are_those_typer_makes_all_at_once() -> None:
    """`ri` makes only the command it runs (lazy_commands.py); its help, its errors and its
    exit codes must be those of Typer making every command at start-up."""
    import copy

    eager = copy.copy(app.registry)
    eager.registered_callback = app.registered_callback
    cases = [
        ["--help"],
        [],
        ["lst"],
        ["run", "--bogus"],
        ["offerings"],
        ["offerings", "chek"],
        ["offerings", "check", "--help"],
        ["list", "--limit", "0"],
        ["gaps", "--since", "yesterday"],
        ["report", "--format", "pdf", "7f3k"],
    ]
    root = typer.main.get_command(app)
    cases += [[name, "--help"] for name in root.commands]  # type: ignore[attr-defined]
    for args in cases:
        made_when_used = runner.invoke(app, args, prog_name="ri")
        all_at_once = runner.invoke(eager, args, prog_name="ri")
        assert (made_when_used.exit_code, made_when_used.output) == (
            all_at_once.exit_code,
            all_at_once.output,
        ), args
    listed = list(root.commands)  # type: ignore[attr-defined]
    assert listed == list(typer.main.get_command(eager).commands)  # type: ignore[attr-defined]
    assert listed[:2] == ["run", "report"] and "offerings" in listed


def test_the_command_started_as_a_module_is_ri() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "reverse_interview", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.startswith("ri ")
