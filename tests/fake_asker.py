"""A scripted stand-in for the terminal: implements interview.Asker without any widget.

Every question takes the next answer from a script and everything shown is recorded, so that a
test can say what the interviewer would have seen. It behaves like the real widgets where that
matters: a checkbox runs the engine's validator and, when it returns a message, shows it and
takes the next scripted answer (the interviewer fixing their ticks); a select only accepts one
of its choices; a required text refuses a blank answer. It can stop the interview at the Nth
question with KeyboardInterrupt (Ctrl-C) or EOFError (Ctrl-D, a closed terminal).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from reverse_interview.interview import STEPS, Choice, Step, T, Validator
from reverse_interview.models import Catalogue, Interview


class _AsShown:
    """A scripted checkbox answer: Enter on the ticks as shown."""

    def __repr__(self) -> str:
        return "AS_SHOWN"


AS_SHOWN = _AsShown()


class ScriptError(AssertionError):
    """The engine asked something the script did not expect: the test is out of step."""


@dataclass
class Asked:
    """One question as the engine asked it, with the answer the script gave."""

    kind: str  # text | checkbox | select | confirm | pick
    question: str
    answer: object
    default: object = None
    choices: tuple[Choice, ...] = ()
    multiline: bool = False
    required: bool = False
    invalid: list[str] = field(default_factory=list)  # messages shown before an answer passed
    seen: object = None  # what `observe` returned just before the question appeared


class FakeAsker:
    """An Asker answering from `script`, one entry per answer, in order.

    `stop_at` is the 0-based index of the question at which `stop_with` is raised instead of
    answering (counting questions, not script entries). `observe` is called as each question
    appears; its result is kept on the Asked record (tests pass the last saved interview).
    """

    def __init__(
        self,
        script: Iterable[object],
        *,
        stop_at: int | None = None,
        stop_with: type[BaseException] = KeyboardInterrupt,
        observe: Callable[[], object] | None = None,
    ) -> None:
        self.script = list(script)
        self.position = 0
        self.stop_at = stop_at
        self.stop_with = stop_with
        self.observe = observe
        self.asked: list[Asked] = []
        self.events: list[tuple[str, object]] = []
        self.steps: list[tuple[Step, str]] = []
        self.headers: list[str] = []
        self.notices: list[str] = []
        self.refusals: list[str] = []
        self.reviews: list[Interview] = []
        self.matches_shown: list[Interview] = []

    # --- the script -----------------------------------------------------------------------

    @property
    def remaining(self) -> list[object]:
        return self.script[self.position :]

    def assert_done(self) -> None:
        if self.remaining:
            raise ScriptError(f"the engine finished with answers left over: {self.remaining!r}")

    def _begin(self, asked: Asked) -> None:
        if self.stop_at is not None and len(self.asked) == self.stop_at:
            self.events.append(("stopped", asked.question))
            raise self.stop_with()
        if self.observe is not None:
            asked.seen = self.observe()
        self.asked.append(asked)
        self.events.append((asked.kind, asked.question))

    def _next(self, asked: Asked, expected: type | tuple[type, ...]) -> object:
        if self.position >= len(self.script):
            raise ScriptError(f"{asked.kind} {asked.question!r} asked after the script ran out")
        answer = self.script[self.position]
        self.position += 1
        if not isinstance(answer, expected):
            raise ScriptError(
                f"{asked.kind} {asked.question!r} got the scripted answer {answer!r}: "
                "the script and the engine are out of step"
            )
        asked.answer = answer
        return answer

    # --- showing --------------------------------------------------------------------------

    def show_step(self, step: Step, say: str) -> None:
        self.steps.append((step, say))
        header = f"Step {step.number} of {len(STEPS)}"
        self.headers.append(header)
        self.events.append(("step", step.number))

    def notice(self, message: str) -> None:
        self.notices.append(message)
        self.events.append(("notice", message))

    def refuse(self, reason: str) -> None:
        self.refusals.append(reason)
        self.events.append(("refuse", reason))

    def show_review(self, interview: Interview, catalogue: Catalogue) -> None:
        self.reviews.append(interview)
        self.events.append(("review", interview.id))

    def show_matches(self, interview: Interview, catalogue: Catalogue) -> None:
        self.matches_shown.append(interview)
        self.events.append(("matches", interview.id))

    # --- asking ---------------------------------------------------------------------------

    def text(
        self,
        question: str,
        *,
        default: str = "",
        multiline: bool = False,
        required: bool = False,
    ) -> str:
        asked = Asked(
            "text", question, None, default=default, multiline=multiline, required=required
        )
        self._begin(asked)
        while True:
            answer = str(self._next(asked, str))
            if required and not answer.strip():
                asked.invalid.append("An answer is needed here")
                continue
            return answer

    def checkbox(
        self,
        question: str,
        choices: Sequence[Choice[T]],
        *,
        checked: Sequence[T],
        validate: Validator[T],
    ) -> list[T]:
        asked = Asked("checkbox", question, None, default=list(checked), choices=tuple(choices))
        self._begin(asked)
        values = {c.value for c in choices}
        while True:
            answer = self._next(asked, (list, _AsShown))
            if isinstance(answer, _AsShown):
                answer = list(checked)
            assert isinstance(answer, list)
            unknown = [v for v in answer if v not in values]
            if unknown:
                raise ScriptError(f"checkbox {question!r} has no choice {unknown!r}")
            picked = [next(c.value for c in choices if c.value == v) for v in answer]
            message = validate(picked)
            if message:
                asked.invalid.append(message)
                continue
            return picked

    def select(self, question: str, choices: Sequence[Choice[T]], *, default: T | None = None) -> T:
        asked = Asked("select", question, None, default=default, choices=tuple(choices))
        self._begin(asked)
        answer = self._next(asked, object)
        for choice in choices:
            if choice.value == answer:
                return choice.value
        raise ScriptError(
            f"select {question!r} has no choice {answer!r}; "
            f"it offers {[c.value for c in choices]!r}"
        )

    def confirm(self, question: str, *, default: bool = True) -> bool:
        asked = Asked("confirm", question, None, default=default)
        self._begin(asked)
        return bool(self._next(asked, bool))

    def pick_offering(self, catalogue: Catalogue, chosen: Sequence[str]) -> str:
        asked = Asked("pick", "highlight", None, default=list(chosen))
        self._begin(asked)
        return str(self._next(asked, str))

    # --- for assertions -------------------------------------------------------------------

    def questions(self, kind: str | None = None) -> list[str]:
        return [a.question for a in self.asked if kind is None or a.kind == kind]
