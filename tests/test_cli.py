"""The command line as a user meets it: help, exit codes, messages (no live prompts here)."""

from __future__ import annotations

import subprocess
import sys

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
