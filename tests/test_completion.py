"""Shell completion as a shell uses it: the script `ri --show-completion` prints, and what it
completes (interview IDs from the store, arena and mode ids from the catalogue)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import EXAMPLE_CATALOGUE

BIN = Path(sys.executable).parent
RI = str(BIN / "ri")
ANSWERS = """\
candidate: {name}
arenas:
  - arena: teamwork
    learn: giving feedback
growth:
  preferred: [mentoring]
"""


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "RI_STORE": str(tmp_path / "interviews.db"),
        "RI_CACHE": str(tmp_path / "cache"),
        "RI_CATALOGUE": str(EXAMPLE_CATALOGUE),
    }


def record(env: dict[str, str], tmp_path: Path, name: str) -> str:
    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS.format(name=name), encoding="utf-8")
    ran = subprocess.run(
        [RI, "run", "--answers", str(answers)], env=env, capture_output=True, text=True
    )
    assert ran.returncode == 0, ran.stderr
    return ran.stdout.split()[-1]


def complete(env: dict[str, str], shell: str, line: str) -> list[str]:
    """What `ri` answers a shell's completion request for the command line `line`."""
    words = line.split()
    if line.endswith(" "):
        words.append("")
    asked = {
        "_RI_COMPLETE": f"complete_{shell}",
        "COMP_WORDS": " ".join(words),
        "COMP_CWORD": str(len(words) - 1),
        "_TYPER_COMPLETE_ARGS": line,
        "_TYPER_COMPLETE_FISH_ACTION": "get-args",
    }
    result = subprocess.run([RI], env={**env, **asked}, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return [line for line in result.stdout.splitlines() if line]


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash on this machine")
def test_bash_completes_interview_ids_through_the_printed_script(
    env: dict[str, str], tmp_path: Path
) -> None:
    first, second = record(env, tmp_path, "Ada"), record(env, tmp_path, "Grace")
    script = subprocess.run(
        ["bash", "-c", "ri --show-completion"], env=env, capture_output=True, text=True
    )
    assert script.returncode == 0, script.stderr
    assert "complete -o default -F _ri_completion ri" in script.stdout
    (tmp_path / "ri.bash").write_text(script.stdout, encoding="utf-8")
    shown = subprocess.run(
        [
            "bash",
            "-c",
            f'source {tmp_path / "ri.bash"}; COMP_WORDS=(ri report "{first[:1]}"); COMP_CWORD=2;'
            # as bash calls it: the command, the word being completed, the one before
            ' _ri_completion ri "${COMP_WORDS[2]}" report; printf "%s\\n" "${COMPREPLY[@]}"',
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert shown.returncode == 0, shown.stderr
    expected = {first} | ({second} if second.startswith(first[:1]) else set())
    assert set(shown.stdout.split()) == expected


def test_zsh_and_fish_get_ids_with_the_candidates_name(env: dict[str, str], tmp_path: Path) -> None:
    interview_id = record(env, tmp_path, "Ada Lovelace")
    zsh = "\n".join(complete(env, "zsh", "ri plan "))
    assert f'"{interview_id}":"Ada Lovelace"' in zsh
    assert complete(env, "fish", f"ri delete {interview_id[:3]}") == [
        f"{interview_id}\tAda Lovelace"
    ]
    assert complete(env, "fish", "ri report zzzzzz") == []


def test_offerings_list_completes_the_catalogues_arenas_and_modes(env: dict[str, str]) -> None:
    assert complete(env, "fish", "ri offerings list --arena te") == [
        "technical-growth\tTechnical growth",
        "teamwork\tPeer relationships and teamwork",
    ]
    assert [m.split("\t")[0] for m in complete(env, "fish", "ri offerings list --mode co")] == [
        "coursework",
        "coaching",
    ]
    assert complete(env, "bash", "ri offerings list --category p") == ["people"]


def test_completing_never_creates_a_store(env: dict[str, str], tmp_path: Path) -> None:
    assert complete(env, "bash", "ri report ") == []
    assert not Path(env["RI_STORE"]).exists()


def test_completion_with_no_catalogue_gives_nothing_and_says_nothing(
    env: dict[str, str], tmp_path: Path
) -> None:
    env["RI_CATALOGUE"] = str(tmp_path / "missing.yaml")
    assert complete(env, "fish", "ri offerings list --arena ") == []
