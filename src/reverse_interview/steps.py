"""The five steps of a reverse interview and their questions, as data.

What the interviewer says at each step and why it matters, the questions asked per arena, and
the words a step is said with; the engine (interview.py) walks them, prompts.py shows them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reverse_interview.answering import clean
from reverse_interview.models import ArenaAnswers, Catalogue
from reverse_interview.text import in_sentence


@dataclass(frozen=True)
class Step:
    """One of the five steps: what the interviewer says, and why it matters."""

    number: int
    title: str
    say: str
    hint: str


DEFAULT_PITCH = (
    "Before we go on, a word on how this conversation works. We only hire people we can "
    "help to grow, so a good part of today is about you rather than about us testing you: "
    "where you want to go, what you would like to learn, and what gets in your way. At the end "
    "I will tell you honestly what we can offer for that, and where we can't."
)

STEPS: tuple[Step, ...] = (
    Step(
        1,
        "State the difference",
        DEFAULT_PITCH,
        "Candidates expect to be tested; saying this first lets them talk about real goals.",
    ),
    Step(
        2,
        "Identify the arenas for goal-setting",
        "Which of these areas would you most like to grow in over the next year or two: "
        "{arenas}? Is there an area important to you that I didn't mention? "
        "We will keep to four at most.",
        "Four arenas at most: a focused conversation beats a long list.",
    ),
    Step(
        3,
        "Paint the current reality",
        "For each area you picked: what you are good at already, what you would like to learn, "
        "and what stands in the way.",
        "Their own words here drive the matching in step 5: write down what they say.",
    ),
    Step(
        4,
        "How they grow best",
        "How have you grown best in the past? Think of a time you learned a lot: how did it "
        "happen? Which of these suit you best: {modes}, or something else? In order, please.",
        "An offering in the wrong form is rarely used: the order decides what is offered first.",
    ),
    Step(
        5,
        "Match what we do to what they need",
        "Here is what we can really offer for what you told me, and where we can't yet.",
        "Only what the catalogue holds can be promised; say the gaps plainly.",
    ),
)


def say_for(step: Step, catalogue: Catalogue) -> str:
    """The words to say at a step, in this catalogue's terms: its own pitch at step 1, its
    arenas named aloud at step 2, its own ways of growing at step 4."""
    if step.number == 1:
        return clean(catalogue.pitch) or step.say
    return step.say.format(
        arenas=spoken_list([in_sentence(a.name) for a in catalogue.arenas]),
        modes=spoken_list([in_sentence(m.name) for m in catalogue.modes]),
    )


def spoken_list(names: Sequence[str], conjunction: str = "or") -> str:
    """`a, b or c`, as a list is said aloud."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {conjunction} {names[-1]}"


@dataclass(frozen=True)
class ArenaQuestion:
    """One of the three step-3 questions asked for every chosen arena."""

    field: str
    text: str
    label: str


ARENA_QUESTIONS: tuple[ArenaQuestion, ...] = (
    ArenaQuestion("strengths", "In {arena}: what are they already good at?", "Good at"),
    ArenaQuestion(
        "learn", "In {arena}: what would they like to learn or improve?", "Wants to learn"
    ),
    ArenaQuestion("obstacles", "In {arena}: what are the biggest obstacles?", "Obstacles"),
)

# Steps answered in several parts; Interview.finished names those whose last part is given.
MULTI_PART_STEPS = frozenset({"arenas", "ranking", "struck", "highlights"})
# The parts of step 5 asked again when an answer behind the matches changes.
STEP_5_PARTS = frozenset({"struck", "highlights"})

ADD_OWN = "+own"  # the checkbox value for "add the candidate's own arena"
DONE = ""  # the value an Asker returns for "no more" in a repeated choice


def has_answers(arena: ArenaAnswers) -> bool:
    """Whether unticking this arena would lose something the candidate said."""
    return any(clean(getattr(arena, q.field)) for q in ARENA_QUESTIONS)
