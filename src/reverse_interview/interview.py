"""The five steps as data, and a pure engine that asks through an `Asker`.

The engine knows nothing of terminals or SQL: it asks questions through an `Asker` (the real
one lives in prompts.py, tests pass a fake) and hands every answer to a `save` callable the
moment it is given, so that nothing already answered can be lost. The steps themselves are
data (steps.py); the rules every answer passes, live, in the review or from a file, are
answering.py's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from reverse_interview.answering import (
    catalogue_changed,
    check_arenas,
    check_candidate,
    check_modes,
    clean,
    match_interview,
    merge_snapshots,
    resolve_arena,
    resolve_highlight,
    strongest_first,
)
from reverse_interview.errors import Refused
from reverse_interview.models import (
    MAX_ARENAS,
    ArenaAnswers,
    Catalogue,
    Growth,
    Interview,
    Struck,
)
from reverse_interview.steps import (
    ADD_OWN,
    ARENA_QUESTIONS,
    DONE,
    MULTI_PART_STEPS,
    STEP_5_PARTS,
    STEPS,
    Step,
    has_answers,
    say_for,
)
from reverse_interview.text import ordinal, quoted

if TYPE_CHECKING:
    from reverse_interview.review import ReviewChoice

# --- the engine ------------------------------------------------------------------------------


T = TypeVar("T")


@dataclass(frozen=True)
class Choice(Generic[T]):
    """An option of a select or checkbox: what is shown, and the value returned."""

    title: str
    value: T


Validator = Callable[[list[T]], str | None]


class Asker(Protocol):
    """Everything the engine needs from a terminal. Raises KeyboardInterrupt or EOFError when
    the interviewer stops; the engine lets those pass (every answer so far is saved)."""

    def show_step(self, step: Step, say: str) -> None: ...

    def text(
        self,
        question: str,
        *,
        default: str = "",
        multiline: bool = False,
        required: bool = False,
    ) -> str: ...

    def checkbox(
        self,
        question: str,
        choices: Sequence[Choice[T]],
        *,
        checked: Sequence[T],
        validate: Validator[T],
    ) -> list[T]: ...

    def select(
        self, question: str, choices: Sequence[Choice[T]], *, default: T | None = None
    ) -> T: ...

    def confirm(self, question: str, *, default: bool = True) -> bool: ...

    def notice(self, message: str) -> None: ...

    def refuse(self, reason: str) -> None: ...

    def show_review(self, interview: Interview, catalogue: Catalogue) -> None: ...

    def show_matches(self, interview: Interview, catalogue: Catalogue) -> None: ...

    def pick_offering(self, catalogue: Catalogue, chosen: Sequence[str]) -> str: ...


@dataclass(frozen=True)
class Preset:
    """Answers given on the command line (`--candidate`, `--role`, `--interviewer`)."""

    candidate: str | None = None
    role: str | None = None
    interviewer: str | None = None


class Engine:
    """Runs the five steps for one interview, saving each answer as it is given."""

    def __init__(
        self,
        asker: Asker,
        catalogue: Catalogue,
        save: Callable[[Interview], None],
        new_id: Callable[[], str],
        reviewing: Callable[[Interview], None] | None = None,
    ) -> None:
        self.asker = asker
        self.catalogue = catalogue
        self._save = save
        self._new_id = new_id
        # Told each time the review opens, with the answers then (`ri run` matches them in the
        # background, so that step 5 finds their words already looked up).
        self._reviewing = reviewing
        self.interview: Interview | None = None
        self._reopened = False

    @property
    def interview_id(self) -> str | None:
        return self.interview.id if self.interview else None

    def run(self, interview: Interview | None = None, preset: Preset = Preset()) -> Interview:
        """Ask whatever is still unanswered, in order; return the complete interview."""
        self._reopened = interview is not None and interview.status == "complete"
        if interview is not None and self._reopened:
            # Every step of a complete interview is done, whatever an older record says.
            interview = replace(interview, finished=MULTI_PART_STEPS)
        self.interview = interview
        self._identify(preset)
        if not self._current.pitch_done and not self._current.arenas:
            self._state_the_difference()
        if not self._done("arenas"):
            self._choose_arenas()
        self._paint_reality()
        if not self._done("ranking") or self._current.growth.note is None:
            self._growth()
        if not self._current.reviewed or self._reopened:
            before = self._current
            try:
                self._review()
            except (KeyboardInterrupt, EOFError):
                self._leave_complete(before)
                raise
        self._match()
        return self._current

    def _done(self, step: str) -> bool:
        return step in self._current.finished

    def _finish(self, step: str, done: bool = True) -> frozenset[str]:
        """The `finished` set with `step` marked done (or not), to save with an answer."""
        finished = self._current.finished
        return finished | {step} if done else finished - {step}

    # Every answer goes through here: applied, stamped, saved before the next question.
    def _answer(self, **changes: object) -> None:
        if self.interview is None:
            self.interview = Interview(id=self._new_id(), catalogue=self.catalogue.identity)
        self.interview = self.interview.touch(**changes)
        self._save(self.interview)

    @property
    def _current(self) -> Interview:
        assert self.interview is not None, "the candidate is asked for first"
        return self.interview

    def _identify(self, preset: Preset) -> None:
        given = {k: clean(v) for k, v in vars(preset).items() if v is not None}
        if "candidate" in given:
            given["candidate"] = check_candidate(given["candidate"])
        current = self.interview
        unset = {k: v for k, v in given.items() if current is None or getattr(current, k) is None}
        if unset:
            self._answer(**unset)
        if self.interview is None or self.interview.candidate is None:
            name = self._ask_valid("The candidate's name:", check_candidate)
            self._answer(candidate=name)
        if self._current.role is None:
            self._answer(role=clean(self.asker.text("The role they are interviewing for:")))
        if self._current.interviewer is None:
            self._answer(interviewer=clean(self.asker.text("Your name (the interviewer):")))

    def _ask_valid(self, question: str, check: Callable[[str], str], default: str = "") -> str:
        while True:
            answer = self.asker.text(question, default=default, required=True)
            try:
                return check(answer)
            except Refused as refusal:
                self.asker.refuse(refusal.message)

    def _state_the_difference(self) -> None:
        step = STEPS[0]
        say = say_for(step, self.catalogue)
        self.asker.show_step(step, say)
        while not self.asker.confirm("Said it? Go on to step 2", default=True):
            self.asker.show_step(step, say)
        self._answer(pitch_done=True)

    # Step 2 -----------------------------------------------------------------------------------

    def _choose_arenas(self) -> None:
        self.asker.show_step(STEPS[1], say_for(STEPS[1], self.catalogue))
        if self._current.arenas:
            # Stopped while naming the candidate's own arenas: carry on there.
            self._ask_own_arenas()
        else:
            self._ask_arenas()

    def _ask_arenas(self) -> None:
        """The checkbox of arenas, then the names of the candidate's own, each saved as given.

        Answers already given for an arena that stays ticked are kept; unticking an arena that
        has answers asks first, saying what would be lost.
        """
        current = self._current.arenas
        known = {a.id: a for a in current}
        choices = [Choice(a.name, a.id) for a in self.catalogue.arenas]
        choices += [Choice(f"{a.name} (their own)", a.id) for a in current if a.custom]
        choices.append(Choice("Add the candidate's own arena...", ADD_OWN))

        def validate(values: list[str]) -> str | None:
            picked = [v for v in values if v != ADD_OWN]
            if len(picked) > MAX_ARENAS:
                return f"At most {MAX_ARENAS} arenas: {len(picked)} are ticked"
            if len(picked) == MAX_ARENAS and ADD_OWN in values:
                return f"Already {MAX_ARENAS} arenas: untick one to add their own"
            if not values:
                return "Tick at least one arena (space ticks, enter confirms)"
            return None

        ticked = [a.id for a in current]
        while True:
            values = self.asker.checkbox(
                f"Which arenas? (at most {MAX_ARENAS})", choices, checked=ticked, validate=validate
            )
            dropped = [a for a in current if a.id not in values and has_answers(a)]
            if not dropped or self._drop_confirmed(dropped):
                break
            # Kept: ticked again, with whatever else was ticked this time.
            ticked = [c.value for c in choices if c.value in values or c.value in known]
        chosen: list[ArenaAnswers] = []
        for value in values:
            if value == ADD_OWN:
                continue
            if value in known:
                chosen.append(known[value])
            else:
                arena = self.catalogue.arena(value)
                assert arena is not None, value
                chosen.append(ArenaAnswers(id=arena.id, name=arena.name))
        own = ADD_OWN in values
        if not own:
            check_arenas(chosen)
        kept = {a.id for a in chosen}
        self._answer(
            arenas=tuple(chosen),
            struck=tuple(s for s in self._current.struck if s.arena in kept),
            finished=self._finish("arenas", not own),
        )
        if own:
            self._ask_own_arenas()

    def _drop_confirmed(self, dropped: Sequence[ArenaAnswers]) -> bool:
        for arena in dropped:
            given = [
                f"{q.label.lower()}: {quoted(getattr(arena, q.field))}"
                for q in ARENA_QUESTIONS
                if clean(getattr(arena, q.field))
            ]
            self.asker.notice(f"Unticking {arena.name} loses its answers ({'; '.join(given)}).")
        names = " and ".join(a.name for a in dropped)
        whose = "its" if len(dropped) == 1 else "their"
        return self.asker.confirm(f"Drop {names} and {whose} answers?", default=False)

    def _ask_own_arenas(self) -> None:
        while len(self._current.arenas) < MAX_ARENAS:
            room = MAX_ARENAS - len(self._current.arenas)
            text = self.asker.text(
                f"Name of the candidate's own arena (room for {room} more; empty when done):"
            )
            if not clean(text):
                if self._current.arenas:
                    break
                self.asker.refuse("at least one arena is needed")
                continue
            try:
                arena = resolve_arena(text, self.catalogue)
                check_arenas([*self._current.arenas, arena])
            except Refused as refusal:
                self.asker.refuse(refusal.message)
                continue
            self._answer(arenas=(*self._current.arenas, arena))
        self._answer(finished=self._finish("arenas"))

    # Step 3 -----------------------------------------------------------------------------------

    def _paint_reality(self) -> None:
        shown = False
        for index, arena in enumerate(self._current.arenas):
            for question in ARENA_QUESTIONS:
                if getattr(self._current.arenas[index], question.field) is not None:
                    continue
                if not shown:
                    self.asker.show_step(STEPS[2], STEPS[2].say)
                    shown = True
                answer = self.asker.text(question.text.format(arena=arena.name), multiline=True)
                self._set_arena_answer(index, question.field, answer)

    def _set_arena_answer(self, index: int, field: str, answer: str) -> None:
        arenas = list(self._current.arenas)
        changes: dict[str, Any] = {field: clean(answer)}
        arenas[index] = replace(arenas[index], **changes)
        self._answer(arenas=tuple(arenas))

    # Step 4 -----------------------------------------------------------------------------------

    def _growth(self) -> None:
        self.asker.show_step(STEPS[3], say_for(STEPS[3], self.catalogue))
        if not self._done("ranking"):
            self._ask_ranking(list(self._current.growth.preferred))
        if self._current.growth.note is None:
            self._ask_growth_note()

    def _ask_ranking(self, ranking: list[str]) -> None:
        """Modes picked one at a time, most preferred first, each saved as it is picked."""
        while len(ranking) < len(self.catalogue.modes):
            left = [Choice(m.name, m.id) for m in self.catalogue.modes if m.id not in ranking]
            if ranking:
                left.insert(0, Choice("That's all: no more", DONE))
            picked = self.asker.select(f"Their {ordinal(len(ranking) + 1)} choice?", left)
            if picked == DONE:
                break
            ranking.append(picked)
            self._answer(
                growth=Growth(tuple(ranking), self._current.growth.note),
                finished=self._finish("ranking", False),
            )
        check_modes(ranking)
        self._answer(finished=self._finish("ranking"))

    def _ask_growth_note(self) -> None:
        note = self.asker.text("Anything else about how they grow best? (optional)")
        self._answer(growth=Growth(self._current.growth.preferred, clean(note)))

    # The review -------------------------------------------------------------------------------

    def _review(self) -> None:
        # The review's choices have their own room: the first question does not wait for them.
        from reverse_interview.review import DONE_REVIEWING, DoneReviewing, review_choices

        while True:
            interview = self._current
            if self._reviewing is not None:
                self._reviewing(interview)
            self.asker.show_review(interview, self.catalogue)
            choices: list[Choice[ReviewChoice]] = [
                Choice("All correct: go on to step 5", DONE_REVIEWING)
            ]
            choices += review_choices(interview)
            picked = self.asker.select("Anything to change?", choices, default=DONE_REVIEWING)
            if isinstance(picked, DoneReviewing):
                break
            self._change(picked)
            # The answers behind the matches changed: step 5 is gone through again (a resume
            # opens the review, then step 5). A complete interview stays complete.
            self._answer(reviewed=False, finished=self._current.finished - STEP_5_PARTS)
        self._answer(reviewed=True)

    def _leave_complete(self, before: Interview) -> None:
        """Stopped in the review of a complete interview after changing something: it stays
        complete, matched again on the answers as they now are."""
        if self._reopened and self._current is not before:
            self.interview = match_interview(self._current, self.catalogue)
            self._save(self.interview)

    def _change(self, picked: ReviewChoice) -> None:
        from reverse_interview.review import (
            ChangeArenaAnswer,
            ChangeArenas,
            ChangeGrowthNote,
            ChangePerson,
            ChangeRanking,
            RenameArena,
        )

        interview = self._current
        if isinstance(picked, ChangePerson):
            old = getattr(interview, picked.field) or ""
            if picked.field == "candidate":
                value = self._ask_valid("The candidate's name:", check_candidate, default=old)
            else:
                value = clean(self.asker.text(f"{picked.field.title()}:", default=old))
            self._answer(**{picked.field: value})
        elif isinstance(picked, ChangeArenas):
            self._ask_arenas()
            self._paint_reality()
        elif isinstance(picked, RenameArena):
            self._rename_arena(picked.arena)
        elif isinstance(picked, ChangeArenaAnswer):
            index = next(i for i, a in enumerate(interview.arenas) if a.id == picked.arena)
            arena = interview.arenas[index]
            question = next(q for q in ARENA_QUESTIONS if q.field == picked.field)
            answer = self.asker.text(
                question.text.format(arena=arena.name),
                default=getattr(arena, picked.field) or "",
                multiline=True,
            )
            self._set_arena_answer(index, picked.field, answer)
        elif isinstance(picked, ChangeRanking):
            self._ask_ranking([])
        elif isinstance(picked, ChangeGrowthNote):
            note = self.asker.text(
                "How they grow best, in their words:", default=interview.growth.note or ""
            )
            self._answer(growth=Growth(interview.growth.preferred, clean(note)))

    def _rename_arena(self, arena_id: str) -> None:
        """A new name for the candidate's own arena; its answers go with it."""
        arenas = list(self._current.arenas)
        index = next(i for i, a in enumerate(arenas) if a.id == arena_id)
        old = arenas[index]
        while True:
            text = self.asker.text(
                f"A new name for their own arena {old.name!r}:", default=old.name, required=True
            )
            try:
                renamed = resolve_arena(text, self.catalogue)
                check_arenas([*arenas[:index], renamed, *arenas[index + 1 :]])
            except Refused as refusal:
                self.asker.refuse(refusal.message)
                continue
            break
        arenas[index] = replace(
            renamed, strengths=old.strengths, learn=old.learn, obstacles=old.obstacles
        )
        struck = tuple(
            replace(s, arena=renamed.id) if s.arena == old.id else s for s in self._current.struck
        )
        self._answer(arenas=tuple(arenas), struck=struck)

    # Step 5 -----------------------------------------------------------------------------------

    def _match(self) -> None:
        self.asker.show_step(STEPS[4], STEPS[4].say)
        before = self._current
        if catalogue_changed(before, self.catalogue):
            self.asker.notice(
                "The catalogue has changed since this interview was last matched: matching again."
            )
        self.interview = match_interview(before, self.catalogue)
        self._save(self.interview)
        for dropped in sorted(set(before.highlights) - set(self._current.highlights)):
            self.asker.notice(f"Highlight {dropped!r} can no longer be offered: removed.")
        self.asker.show_matches(self._current, self.catalogue)
        if not self._done("struck") or self._reopened:
            self._confirm_presented()
        if not self._done("highlights") or self._reopened:
            self._pick_highlights()
            self._answer(finished=self._finish("highlights"))
        if self._current.notes is None or self._reopened:
            notes = self.asker.text(
                "Your notes (for you only, never sent to the candidate; optional):",
                default=self._current.notes or "",
                multiline=True,
            )
            self._answer(notes=clean(notes))
        self._answer(status="complete")

    def _confirm_presented(self) -> None:
        """The interviewer's say: every match ticked; what they untick is struck, saved at once,
        and never presented (not in the report's offerings, the follow-up or the plan)."""
        interview = self._current
        names = {a.id: a.name for a in interview.arenas}
        choices = [
            Choice(f"{o.title}  ·  {names.get(m.arena, m.arena)}", Struck(m.arena, o.id))
            for m in interview.matches
            for o in strongest_first(m)
        ]
        kept_before = [c.value for c in choices if c.value not in interview.struck]
        if choices:
            kept = self.asker.checkbox(
                "What will you present? Untick what you won't",
                choices,
                checked=kept_before,
                validate=lambda _: None,
            )
            matched = {c.value for c in choices}
            struck = tuple(s for s in interview.struck if s not in matched)
            struck += tuple(c.value for c in choices if c.value not in kept)
        else:
            struck = interview.struck
        self._answer(struck=struck, finished=self._finish("struck"))

    def _pick_highlights(self) -> None:
        while True:
            text = self.asker.pick_offering(self.catalogue, self._current.highlights)
            if not clean(text):
                return
            try:
                offering_id = resolve_highlight(text, self.catalogue)
            except Refused as refusal:
                self.asker.refuse(refusal.message)
                continue
            if offering_id in self._current.highlights:
                self.asker.notice(f"{offering_id} is already highlighted.")
                continue
            highlights = (*self._current.highlights, offering_id)
            self._answer(
                highlights=highlights,
                snapshots=merge_snapshots(self._current.snapshots, [offering_id], self.catalogue),
            )
