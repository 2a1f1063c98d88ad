"""Shared fixtures: every test runs with its own store, catalogue cache and data folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep ri away from the real user folders and from the developer's environment."""
    monkeypatch.setenv("RI_STORE", str(tmp_path / "store" / "interviews.db"))
    monkeypatch.setenv("RI_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.delenv("RI_CATALOGUE", raising=False)
    monkeypatch.delenv("RI_INTERVIEWER", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store" / "interviews.db"


@pytest.fixture
def today() -> dt.date:
    return dt.date(2026, 11, 26)
