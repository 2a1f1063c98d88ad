"""What the shell completes (bash, zsh, fish: `ri --install-completion`): interview IDs from
the store, arena and mode ids from the catalogue.

These run only when the shell asks, never for an ordinary command. They never create a store,
never print, and give nothing rather than fail: a completion is a hint, not a command.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

# The newest interviews offered for an empty prefix (and searched for a typed one).
NEWEST = 500


def interview_ids(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """IDs of stored interviews that start with what is typed, newest first, each with the
    candidate's name as its help."""
    from reverse_interview import paths
    from reverse_interview.store import Store, is_postgres
    from reverse_interview.text import visible

    try:
        location = paths.store_location(_given(ctx, "store"))
        if not is_postgres(location) and not Path(location).is_file():
            return []  # completing must not create a store
        wanted = incomplete.strip().lower()
        with Store.open(location) as store:
            rows = store.list(limit=NEWEST)
        return [
            (row.id, " ".join(visible(row.candidate or "no name").split()))
            for row in rows
            if row.id.startswith(wanted)
        ]
    except Exception:
        return []


def arena_ids(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """The catalogue's arena ids that start with what is typed, with their names."""
    catalogue = _catalogue(ctx)
    if catalogue is None:
        return []
    return [(a.id, a.name) for a in catalogue.arenas if a.id.startswith(incomplete)]


def mode_ids(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """The catalogue's mode ids that start with what is typed, with their names."""
    catalogue = _catalogue(ctx)
    if catalogue is None:
        return []
    return [(m.id, m.name) for m in catalogue.modes if m.id.startswith(incomplete)]


def categories(incomplete: str) -> list[str]:
    from reverse_interview.models import CATEGORIES

    return [c for c in CATEGORIES if c.startswith(incomplete)]


def _catalogue(ctx: Any) -> Any:
    from reverse_interview import paths
    from reverse_interview.catalogue import load

    try:
        return load(paths.catalogue_path(_given(ctx, "catalogue")))
    except Exception:
        return None


def _given(ctx: Any, name: str) -> Any:
    """An option already typed on the line being completed (None if not)."""
    params = getattr(ctx, "params", None) or {}
    return params.get(name)
