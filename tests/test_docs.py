"""The help and the README tell the truth about the commands."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from reverse_interview.answers import read_answers
from reverse_interview.catalogue import load
from reverse_interview.cli import app
from tests.helpers import EXAMPLE_CATALOGUE, ROOT

runner = CliRunner()


def all_commands() -> list[str]:
    """Every command path, such as "run" and "offerings check"."""
    root: Any = typer.main.get_command(app)
    found: list[str] = []
    for name, command in root.commands.items():
        if hasattr(command, "commands"):  # a group, such as `offerings`
            found += [f"{name} {sub}" for sub in command.commands]
        else:
            found.append(name)
    return sorted(found)


@pytest.mark.parametrize("command", all_commands())
def test_every_command_explains_itself_with_an_example(command: str) -> None:
    result = runner.invoke(app, [*command.split(), "--help"])
    assert result.exit_code == 0
    assert re.search(rf"Example: ri {command}\b", result.output), result.output


def test_the_readme_tour_names_every_command_and_no_other() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    tour = readme[readme.index("## A tour") :]
    table = tour[: tour.index("\n\n", tour.index("| command"))]
    named = {m.group(1) for m in re.finditer(r"^\| `ri ([a-z ]+?)(?: [A-Z\[].*?)?`", table, re.M)}
    assert named == set(all_commands())


def test_the_readme_starts_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = readme[readme.index("```sh") : readme.index("```", readme.index("```sh") + 5)]
    assert "scripts/ri run" in first_block
    assert "scripts/test" in first_block


def test_the_readme_answers_file_example_is_accepted(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("```yaml\ncandidate:") + len("```yaml\n")
    example = tmp_path / "answers.yaml"
    example.write_text(readme[start : readme.index("```", start)], encoding="utf-8")
    interview = read_answers(example, load(EXAMPLE_CATALOGUE))
    assert interview.status == "complete"
    assert [a.id for a in interview.arenas] == ["technical-growth", "public-speaking"]


def test_the_readme_names_every_module_where_the_code_is_laid_out() -> None:
    """A newcomer finds the room a change belongs in: each module has its line (or, in a
    package, its mention)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How the code is laid out", 1)[1].split("\n## ", 1)[0]
    package = ROOT / "src" / "reverse_interview"
    modules = {
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if path.name not in ("__init__.py", "__main__.py")
    }
    unnamed = sorted(m for m in modules if f"`{Path(m).name}`" not in section)
    assert unnamed == [], "README, 'How the code is laid out': add a line for each of these"
