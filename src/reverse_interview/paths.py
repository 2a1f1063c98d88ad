"""Where things live: an explicit option first, then the environment, then the defaults."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "reverse-interview"
STORE_ENV = "RI_STORE"
CATALOGUE_ENV = "RI_CATALOGUE"
INTERVIEWER_ENV = "RI_INTERVIEWER"
DEFAULT_CATALOGUE = "offerings.yaml"


def store_path(option: Path | None = None) -> Path:
    """The SQLite store: --store, then $RI_STORE, then the user data directory."""
    if option is not None:
        return option
    env = os.environ.get(STORE_ENV)
    if env:
        return Path(env)
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "interviews.db"


def store_location(option: str | Path | None = None) -> str:
    """The store: --store, then $RI_STORE, then the default file; a path or a postgresql:// URL.

    A URL is kept as text (a Path would fold its `//`).
    """
    if option is not None and str(option):
        return str(option)
    env = os.environ.get(STORE_ENV)
    if env:
        return env
    return str(store_path())


def catalogue_path(option: Path | None = None) -> Path:
    """The catalogue: --catalogue, then $RI_CATALOGUE, then ./offerings.yaml."""
    if option is not None:
        return option
    env = os.environ.get(CATALOGUE_ENV)
    if env:
        return Path(env)
    return Path(DEFAULT_CATALOGUE)


def catalogue_was_chosen(option: Path | None = None) -> bool:
    """Whether the user named a catalogue (by option or environment) rather than the default."""
    return option is not None or bool(os.environ.get(CATALOGUE_ENV))


def cache_dir() -> Path:
    """Where checked catalogues are cached (by content hash)."""
    env = os.environ.get("RI_CACHE")
    if env:
        return Path(env)
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, appauthor=False)


def default_interviewer() -> str | None:
    """$RI_INTERVIEWER: the interviewer's name when neither an option nor a file gives one."""
    return os.environ.get(INTERVIEWER_ENV, "").strip() or None
