"""`ri info`: the version, and where the store, the catalogue and its cache are, and why.

Nothing is opened or created: this is what a user reads when something is not where they
expected (the server may be down, the catalogue missing), so it must work then too.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import Any

from reverse_interview import __version__, paths

SOURCES = {
    "default": "default",
    paths.STORE_ENV: f"from ${paths.STORE_ENV}",
    paths.CATALOGUE_ENV: f"from ${paths.CATALOGUE_ENV}",
    paths.CACHE_ENV: f"from ${paths.CACHE_ENV}",
    paths.INTERVIEWER_ENV: f"from ${paths.INTERVIEWER_ENV}",
    "--store": "from --store",
    "--catalogue": "from --catalogue",
}


def gather(store_option: str | Path | None, catalogue_option: Path | None) -> dict[str, Any]:
    """Everything `ri info` says, as plain data (its JSON form)."""
    store = paths.store_setting(store_option)
    catalogue = paths.catalogue_setting(catalogue_option)
    cache = paths.cache_setting()
    interviewer = paths.interviewer_setting()
    backend = "postgresql" if store.value and "://" in store.value else "sqlite"
    store_file = Path(store.value) if backend == "sqlite" and store.value else None
    catalogue_file = Path(catalogue.value) if catalogue.value not in (None, "-") else None
    return {
        "version": __version__,
        "python": ".".join(map(str, sys.version_info[:3])),
        "store": {
            "location": store.value,
            "backend": backend,
            "source": store.source,
            "exists": store_file.is_file() if store_file else None,
        },
        "catalogue": {
            "path": catalogue.value,
            "source": catalogue.source,
            "exists": catalogue_file.is_file() if catalogue_file else None,
            "cached": _is_cached(catalogue_file, paths.cache_dir()) if catalogue_file else None,
        },
        "cache": {"path": cache.value, "source": cache.source},
        "interviewer": {"name": interviewer.value, "source": interviewer.source},
    }


def _is_cached(path: Path, cache: Path) -> bool | None:
    """Whether this exact content has been checked and cached (None if it can't be read)."""
    from reverse_interview.catalogue_cache import cache_file

    try:
        with open(path, "rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None
    return cache_file(cache, digest).is_file()


def lines(facts: dict[str, Any]) -> list[str]:
    """`ri info` for people: one line each, the value then where it came from."""
    from reverse_interview.text import visible

    store, catalogue = facts["store"], facts["catalogue"]
    cache, interviewer = facts["cache"], facts["interviewer"]
    store_note = SOURCES[store["source"]]
    if store["backend"] == "postgresql":
        store_note += "; a PostgreSQL server, not contacted"
    elif not store["exists"]:
        store_note += "; not created yet: the first ri run creates it"
    catalogue_note = SOURCES[catalogue["source"]]
    if catalogue["exists"] is False:
        catalogue_note += "; no such file: start one with ri offerings init"
    elif catalogue["cached"]:
        catalogue_note += "; checked and cached"
    elif catalogue["cached"] is False:
        catalogue_note += "; not cached yet: checked on its next use"
    who = interviewer["name"]
    return [
        f"ri {facts['version']} (Python {facts['python']})",
        f"store:       {visible(store['location'])}  ({store_note})",
        f"catalogue:   {visible(catalogue['path'])}  ({catalogue_note})",
        f"cache:       {visible(cache['path'])}  ({SOURCES[cache['source']]})",
        f"interviewer: {visible(who)}  ({SOURCES[interviewer['source']]})"
        if who
        else f"interviewer: not set (ri run asks; set ${paths.INTERVIEWER_ENV} to skip that)",
    ]
