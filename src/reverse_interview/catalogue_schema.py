"""The JSON Schema of offerings.yaml (`ri offerings schema`, `ri offerings init`): what editors
use for completion and checks as a catalogue is written. The rules themselves are
catalogue_file.py's; the schema says the same, in JSON Schema's words.
"""

from __future__ import annotations

from typing import Any

from reverse_interview.catalogue_file import OFFERING_REQUIRED
from reverse_interview.models import CATEGORIES, SLUG_RE


def json_schema() -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of offerings.yaml, for editors' completion and checks."""
    slug = {
        "type": "string",
        "pattern": SLUG_RE.pattern,
        "description": "Lower-case letters, digits and single dashes, e.g. cloud-guild.",
    }
    text = {"type": "string", "minLength": 1}
    ids = {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/slug"}}

    def group(what: str) -> dict[str, Any]:
        return {
            "type": "array",
            "minItems": 1,
            "description": f"Replaces the standard {what}s when present.",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "name"],
                "properties": {"id": {"$ref": "#/$defs/slug"}, "name": text},
            },
        }

    offering = {
        "type": "object",
        "additionalProperties": False,
        "required": list(OFFERING_REQUIRED),
        "properties": {
            "id": {"$ref": "#/$defs/slug"},
            "title": text,
            "category": {"enum": list(CATEGORIES)},
            "arenas": {**ids, "description": "Arena ids this offering serves."},
            "modes": {**ids, "description": "Mode ids: how a person grows with it."},
            "summary": {**text, "description": "One sentence the interviewer can say."},
            "tags": {"type": "array", "items": text, "description": "Keywords for matching."},
            "contact": text,
            "link": {**text, "description": "An http(s) or mailto link."},
            "owner": {**text, "description": "Who keeps this promise."},
            "capacity": {
                "type": "integer",
                "minimum": 0,
                "description": "Places open now; 0 means full, never offered.",
            },
            "availability": {**text, "description": "Free text said with the offering."},
            "last_reviewed": {
                "type": "string",
                "format": "date",
                "description": "When its owner last confirmed it (YYYY-MM-DD).",
            },
            "active": {"type": "boolean", "default": True},
            "removes": {
                **ids,
                "description": "Obstacle kind ids this offering takes away (time, cost...).",
            },
            "roles": {
                "type": "array",
                "minItems": 1,
                "items": text,
                "description": "Only for a candidate whose role names one of these words.",
            },
            "eligibility": {**text, "description": "Who it is for, said with the offering."},
        },
    }
    obstacles = {
        "type": "array",
        "minItems": 1,
        "description": "Replaces the standard obstacle kinds when present.",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["id", "name", "words"],
            "properties": {
                "id": {"$ref": "#/$defs/slug"},
                "name": text,
                "words": {
                    "type": "array",
                    "minItems": 1,
                    "items": text,
                    "description": "How a candidate says it: words or phrases.",
                },
            },
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "ri catalogue (offerings.yaml)",
        "description": "What the organisation offers for its people's growth.",
        "type": "object",
        "additionalProperties": False,
        "required": ["organisation", "offerings"],
        "properties": {
            "organisation": text,
            "pitch": {**text, "description": "Replaces the default step-1 script."},
            "arenas": group("arena"),
            "modes": group("mode"),
            "obstacles": obstacles,
            "offerings": {"type": "array", "items": {"$ref": "#/$defs/offering"}},
        },
        "$defs": {"slug": slug, "offering": offering},
    }
