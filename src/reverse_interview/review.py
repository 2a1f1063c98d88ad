"""The review's choices: what the interviewer can change before step 5, each a value the
review's select returns (interview.py's engine acts on it). A room of their own, so that the
first question of `ri run` does not wait for them to be made.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from reverse_interview.interview import Choice
from reverse_interview.models import Interview
from reverse_interview.steps import ARENA_QUESTIONS


@dataclass(frozen=True)
class DoneReviewing:
    """All correct: go on to step 5."""


@dataclass(frozen=True)
class ChangePerson:
    """The candidate's name, the role or the interviewer."""

    field: Literal["candidate", "role", "interviewer"]


@dataclass(frozen=True)
class ChangeArenas:
    """Tick or untick arenas, or add the candidate's own."""


@dataclass(frozen=True)
class RenameArena:
    """A new name for the candidate's own arena, keeping its answers."""

    arena: str


@dataclass(frozen=True)
class ChangeArenaAnswer:
    """One of the three step-3 answers of an arena."""

    arena: str
    field: str


@dataclass(frozen=True)
class ChangeRanking:
    """The order of the ways they grow best, asked again."""


@dataclass(frozen=True)
class ChangeGrowthNote:
    """The note on how they grow best."""


# What the review's select returns.
ReviewChoice = (
    DoneReviewing
    | ChangePerson
    | ChangeArenas
    | RenameArena
    | ChangeArenaAnswer
    | ChangeRanking
    | ChangeGrowthNote
)
DONE_REVIEWING = DoneReviewing()


def review_choices(interview: Interview) -> list[Choice[ReviewChoice]]:
    """Every answer the review can change, in the order they were asked."""
    choices: list[Choice[ReviewChoice]] = [
        Choice("Change: candidate's name", ChangePerson("candidate")),
        Choice("Change: role", ChangePerson("role")),
        Choice("Change: interviewer", ChangePerson("interviewer")),
        Choice("Change: the arenas chosen", ChangeArenas()),
    ]
    for arena in interview.arenas:
        if arena.custom:
            choices.append(Choice(f"Rename their own arena: {arena.name}", RenameArena(arena.id)))
        for question in ARENA_QUESTIONS:
            choices.append(
                Choice(
                    f"Change: {arena.name}: {question.label.lower()}",
                    ChangeArenaAnswer(arena.id, question.field),
                )
            )
    choices.append(Choice("Change: how they grow best (the order)", ChangeRanking()))
    choices.append(Choice("Change: how they grow best (the note)", ChangeGrowthNote()))
    return choices
