"""Print pip constraints that pin every runtime dependency (the postgres extra's too) to its
declared lower bound.

scripts/test installs ri with them into a second environment and runs the suite there, so
that each `>=` in pyproject.toml is a version known to work, not a guess.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*(.*)$")


def lowest(requirements: list[str]) -> list[str]:
    """`name==floor` for each requirement with a `>=` bound; one without a floor is an error."""
    pins = []
    for requirement in requirements:
        found = REQUIREMENT.match(requirement.split(";")[0])
        if not found:
            raise SystemExit(f"cannot read the requirement {requirement!r}")
        name, bounds = found.group(1), found.group(3)
        floor = re.search(r">=\s*([0-9][^,\s]*)", bounds)
        if not floor:
            raise SystemExit(f"{name} has no lower bound (>=) in pyproject.toml: declare one")
        pins.append(f"{name}=={floor.group(1)}")
    return pins


def main() -> None:
    pyproject = Path(sys.argv[1] if len(sys.argv) > 1 else "pyproject.toml")
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    extras = project.get("optional-dependencies", {})
    print("\n".join(lowest([*project["dependencies"], *extras.get("postgres", [])])))


if __name__ == "__main__":
    main()
