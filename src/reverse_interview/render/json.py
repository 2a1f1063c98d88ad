"""JSON output: candidate text exactly as stored, and nothing a terminal would obey.

`dumps` is the one way every command writes JSON. JSON itself escapes C0 controls; DEL and the
C1 controls (0x9b alone starts a terminal sequence) are escaped here too, and so are Unicode's
bidirectional overrides and isolates (they reorder what a terminal shows after them); any JSON
reader reads the escapes back as the same characters.
"""

from __future__ import annotations

import json

from reverse_interview.models import CatalogueIdentity, Offering, Outcome
from reverse_interview.report import PlanView, ReportView, first_step
from reverse_interview.text import json_escaped


def dumps(data: object) -> str:
    """`data` as indented JSON, non-ASCII text kept readable, every control code escaped."""
    return json_escaped(json.dumps(data, indent=2, ensure_ascii=False))


def report_json(view: ReportView) -> str:
    """The report as one JSON object (SPEC "Reports"), withdrawn offerings left out."""
    interview = view.interview
    data: dict[str, object] = {
        "id": interview.id,
        "status": interview.status,
        "candidate": interview.candidate,
        "role": interview.role,
        "interviewer": interview.interviewer,
        "started_at": interview.started_at.isoformat(),
        "updated_at": interview.updated_at.isoformat(),
        "outcome": outcome_json(interview.outcome),
        "organisation": view.organisation,
        "catalogue": _identity_json(view.catalogue),
        "current_catalogue": _identity_json(view.current_catalogue),
        "catalogue_changed": view.catalogue_changed,
        "arenas": [
            {
                "id": a.id,
                "name": a.name,
                "custom": a.custom,
                "strengths": a.strengths,
                "learn": a.learn,
                "obstacles": a.obstacles,
            }
            for a in interview.arenas
        ],
        "growth": {"preferred": list(interview.growth.preferred), "note": interview.growth.note},
        "matches": [
            {
                "arena": arena.answers.id,
                "offerings": [
                    {
                        "id": s.offering.id,
                        "title": s.offering.title,
                        "category": s.offering.category,
                        "reasons": list(s.reasons),
                        "summary": s.offering.summary,
                        "contact": s.offering.contact,
                        "owner": s.offering.owner,
                        "link": s.offering.link,
                        "capacity": s.offering.capacity,
                        "availability": s.offering.availability,
                    }
                    for s in arena.offerings
                ],
            }
            for arena in view.arenas
            if arena.matched
        ],
        "struck": [{"arena": s.arena, "id": s.id} for s in interview.struck],
        "highlights": [o.id for o in view.highlights],
        "gaps": [
            {
                "arena": g.gap.arena,
                "kind": g.gap.kind,
                "wish": g.gap.wish,
                "mode": g.gap.mode,
                "offering": g.gap.offering,
                "message": g.gap.message,
            }
            for g in view.gaps
        ],
        "withdrawn": [w.id for w in view.withdrawn],
        "warnings": list(view.warnings),
        "notes": interview.notes,
    }
    return dumps(data) + "\n"


def outcome_json(outcome: Outcome | None) -> dict[str, object] | None:
    """`{status, start}` (start an ISO date or null), or None while it is not known."""
    if outcome is None:
        return None
    return {"status": outcome.status, "start": outcome.start.isoformat() if outcome.start else None}


def _identity_json(identity: CatalogueIdentity) -> dict[str, object]:
    return {
        "path": identity.path,
        "sha256": identity.sha256,
        "git_commit": identity.git_commit,
        "git_dirty": identity.git_dirty,
    }


def _offering_json(offering: Offering) -> dict[str, object]:
    return {
        "id": offering.id,
        "title": offering.title,
        "category": offering.category,
        "summary": offering.summary,
        "owner": offering.owner,
        "contact": offering.contact,
        "link": offering.link,
        "availability": offering.availability,
        "eligibility": offering.eligibility,
        "first_step": first_step(offering),
    }


def plan_json(plan: PlanView) -> str:
    """The development plan as one JSON object: per arena the goal, offerings, open gaps."""
    view = plan.report
    interview = view.interview
    asked = {a.id for a in interview.arenas}
    data: dict[str, object] = {
        "id": interview.id,
        "candidate": interview.candidate,
        "role": interview.role,
        "interviewer": interview.interviewer,
        "organisation": view.organisation,
        "outcome": outcome_json(interview.outcome),
        "start": plan.start.isoformat(),
        "arenas": [
            {
                "id": arena.answers.id,
                "name": arena.answers.name,
                "custom": arena.answers.custom,
                "goal": arena.answers.learn,
                "obstacles": arena.answers.obstacles,
                "offerings": [_offering_json(s.offering) for s in arena.offerings],
                "gaps": [
                    {"arena": g.gap.arena, "mode": g.gap.mode, "message": g.gap.message}
                    for g in arena.gaps
                ],
            }
            for arena in view.arenas
            if arena.answers.id in asked or arena.offerings
        ],
        "highlights": [_offering_json(o) for o in view.highlights],
        "growth": {"preferred": list(interview.growth.preferred)},
        "check_ins": [
            {"days": c.days, "date": c.on.isoformat(), "agenda": c.agenda} for c in plan.check_ins
        ],
        "withdrawn": [w.id for w in view.withdrawn],
        "warnings": list(view.warnings),
    }
    return dumps(data) + "\n"
