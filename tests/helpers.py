"""Builders for tests: catalogues and offerings made in code, without YAML."""

from __future__ import annotations

from pathlib import Path

from reverse_interview.models import (
    STANDARD_ARENAS,
    STANDARD_MODES,
    Catalogue,
    CatalogueIdentity,
    Offering,
)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_CATALOGUE = ROOT / "offerings.yaml"


def offering(offering_id: str, **fields: object) -> Offering:
    """An offering with sensible defaults, for tests that build catalogues in code."""
    values: dict[str, object] = {
        "title": offering_id.replace("-", " ").title(),
        "category": "people",
        "arenas": ("technical-growth",),
        "modes": ("mentoring",),
        "summary": f"The {offering_id} offering.",
    }
    values.update(fields)
    return Offering(id=offering_id, **values)  # type: ignore[arg-type]


def make_catalogue(*offerings: Offering, organisation: str = "Test Org") -> Catalogue:
    """A catalogue with the standard arenas and modes, built without YAML."""
    return Catalogue(
        organisation=organisation,
        arenas=STANDARD_ARENAS,
        modes=STANDARD_MODES,
        offerings=tuple(offerings),
        identity=CatalogueIdentity(path="/tmp/test-offerings.yaml", sha256="0" * 64),
    )
