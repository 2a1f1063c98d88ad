"""The shape of the code: the core of `ri` never touches the terminal, the command line or SQL.

The core decides what an interview is, what matches and what a report may promise; the
terminal (Rich, questionary), the commands (Typer) and the stores (sqlite3, psycopg) are
wired around it. A core module that imported one of them, even inside a function, would tie
the rules to one way of showing or storing them.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "reverse_interview"
CORE = (
    "models",
    "matching",
    "index",
    "evidence",
    "unmet",
    "search",
    "words",
    "obstacles",
    "report",
    "interview",
    "review",
    "tally",
    "steps",
    "answering",
    "catalogue",
    "answers",
    "gaps",
    "yamlfile",
    "records",
    "text",
    "errors",
)
SOURCE_LIMIT = 600
OUTSIDE = ("rich", "questionary", "prompt_toolkit", "typer", "click", "sqlite3", "psycopg")


def core_modules() -> list[str]:
    return [name for name in CORE if (PACKAGE / f"{name}.py").exists()]


def imported(path: Path) -> set[str]:
    """Every package a module imports, anywhere in it (functions and type-only blocks too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("name", core_modules())
def test_a_core_module_imports_nothing_of_the_terminal_the_cli_or_sql(name: str) -> None:
    assert imported(PACKAGE / f"{name}.py").isdisjoint(OUTSIDE)


def test_importing_the_whole_core_loads_none_of_them() -> None:
    """The same, as Python sees it: what importing the core really brings in."""
    modules = ", ".join(f"reverse_interview.{name}" for name in core_modules())
    script = (
        f"import sys, importlib; [importlib.import_module(m) for m in '{modules}'.split(', ')]; "
        f"print(','.join(sorted({{m.split('.')[0] for m in sys.modules}} & set({OUTSIDE!r}))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_the_rules_of_a_report_never_reach_up_to_its_formats() -> None:
    """Formats draw the report; the report's rules do not know how they are drawn."""
    tree = ast.parse((PACKAGE / "report.py").read_text(encoding="utf-8"))
    modules = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert modules and not any(m.startswith("reverse_interview.render") for m in modules)


def test_no_source_file_is_longer_than_a_reader_can_hold() -> None:
    found = {
        str(path.relative_to(PACKAGE)): len(path.read_text(encoding="utf-8").splitlines())
        for path in PACKAGE.rglob("*.py")
    }
    long = {name: n for name, n in found.items() if n > SOURCE_LIMIT}
    assert long == {}
