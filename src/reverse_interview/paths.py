"""Where things live: an explicit option first, then the environment, then the defaults."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

APP_NAME = "reverse-interview"
STORE_ENV = "RI_STORE"
CATALOGUE_ENV = "RI_CATALOGUE"
INTERVIEWER_ENV = "RI_INTERVIEWER"
CACHE_ENV = "RI_CACHE"
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
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env)
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, appauthor=False)


def default_interviewer() -> str | None:
    """$RI_INTERVIEWER: the interviewer's name when neither an option nor a file gives one."""
    return os.environ.get(INTERVIEWER_ENV, "").strip() or None


# --- `ri info`: where each thing is, and what decided it --------------------------------------


class Setting(NamedTuple):
    """One thing `ri info` names: where it is, and what chose it (an option, an environment
    variable, or the default)."""

    value: str | None
    source: str


def _chosen(option: object, flag: str, env: str) -> str:
    if option is not None and str(option):
        return flag
    if os.environ.get(env):
        return env
    return "default"


def store_setting(option: str | Path | None = None) -> Setting:
    """The store as a person may see it: a file's absolute path, or a server URL without its
    password."""
    source = _chosen(option, "--store", STORE_ENV)
    if source == "--store":
        location = str(option)
    elif source == STORE_ENV:
        location = os.environ[STORE_ENV]
    else:
        location = str(store_path())
    if location.lower().startswith(("postgresql:", "postgres:")):
        return Setting(without_password(location), source)
    return Setting(str(Path(location).expanduser().absolute()), source)


def catalogue_setting(option: Path | None = None) -> Setting:
    path = catalogue_path(option)
    shown = str(path) if str(path) == "-" else str(path.expanduser().absolute())
    return Setting(shown, _chosen(option, "--catalogue", CATALOGUE_ENV))


def cache_setting() -> Setting:
    return Setting(str(cache_dir().absolute()), _chosen(None, "", CACHE_ENV))


def interviewer_setting() -> Setting:
    name = default_interviewer()
    return Setting(name, INTERVIEWER_ENV if name else "default")


def without_password(url: str) -> str:
    """A connection URL with any password left out, in the user part or the query."""
    import re

    url = re.sub(r"\A([A-Za-z][A-Za-z0-9+.-]*:/*)([^/@:?#]*):[^/?#]*@", r"\1\2@", url)
    return re.sub(r"([?&])password=[^&#]*&?", r"\1", url).rstrip("?&")
