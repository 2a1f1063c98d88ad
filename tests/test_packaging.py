"""ri as an installed tool: the usual flags, and what the wheel and sdist carry."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reverse_interview import __version__
from reverse_interview.cli import app
from tests.helpers import EXAMPLE_CATALOGUE, ROOT

runner = CliRunner()
PACKAGED_EXAMPLE = ROOT / "src" / "reverse_interview" / "example" / "offerings.yaml"


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_version_flags_print_the_version(flag: str) -> None:
    result = runner.invoke(app, [flag])
    assert result.exit_code == 0
    assert result.stdout == f"ri {__version__}\n"


def test_version_wins_over_a_command() -> None:
    result = runner.invoke(app, ["-V", "list"])
    assert result.exit_code == 0
    assert result.stdout == f"ri {__version__}\n"


@pytest.mark.parametrize(
    "args", [["-h"], ["run", "-h"], ["offerings", "-h"], ["offerings", "check", "-h"]]
)
def test_dash_h_is_help_everywhere(args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: ri ")
    assert result.stdout == runner.invoke(app, [*args[:-1], "--help"]).stdout


def test_the_packaged_example_is_the_repositorys_catalogue() -> None:
    assert PACKAGED_EXAMPLE.read_bytes() == EXAMPLE_CATALOGUE.read_bytes(), (
        "offerings.yaml and its packaged copy differ: after editing offerings.yaml, run "
        "cp offerings.yaml src/reverse_interview/example/offerings.yaml"
    )


@pytest.fixture(scope="module")
def sdist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist built from this checkout, unpacked.

    Built from a copy of the checkout's files: building writes its metadata beside the sources,
    and scripts/test runs this in three environments at once from the same checkout.
    """
    out = tmp_path_factory.mktemp("sdist")
    source = tmp_path_factory.mktemp("source") / "tree"
    if (ROOT / ".git").exists():
        files = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
        ).stdout.decode()
        for name in filter(None, files.split("\0")):
            if (ROOT / name).is_file():
                (source / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(ROOT / name, source / name)
    else:
        shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".venv*", "*.egg-info"))
    subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--no-isolation", "--outdir", str(out), source],
        check=True,
        capture_output=True,
    )
    (archive,) = out.glob("*.tar.gz")
    with tarfile.open(archive) as tar:
        tar.extractall(out, filter="data")
    (tree,) = (p for p in out.iterdir() if p.is_dir())
    return tree


def test_the_sdist_carries_its_licence_and_every_file_its_tests_need(sdist: Path) -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("run from an unpacked sdist: there is no checkout to compare it with")
    tracked = subprocess.run(
        ["git", "ls-files", "tests", "LICENSE", "offerings.yaml", ".pre-commit-hooks.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    missing = [name for name in tracked if not (sdist / name).is_file()]
    assert missing == []
    assert "License-Expression: MIT" in (sdist / "PKG-INFO").read_text(encoding="utf-8")


def test_the_sdists_own_tests_run(sdist: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-x",
            "tests/test_docs.py",
            "tests/test_store.py",
        ],
        cwd=sdist,
        env={**os.environ, "PYTHONPATH": str(sdist / "src")},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert " passed" in result.stdout
