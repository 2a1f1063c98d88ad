"""The terminal side of the live interview: the one module that imports questionary.

`TerminalAsker` implements interview.Asker with questionary widgets (always `unsafe_ask`, so
that Ctrl-C reaches the engine as KeyboardInterrupt) and shows steps, the review and the
matches with Rich. Candidate text is always passed to Rich as Text, never as markup.
Rich is imported where it draws, and the Console made when first drawn with: the first prompt,
which is questionary's alone, must not wait for them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import questionary
from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document
from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
from prompt_toolkit.styles import Style

from reverse_interview.interview import ARENA_QUESTIONS, STEPS, Choice, Step, T, Validator
from reverse_interview.models import Catalogue, Interview, Offering
from reverse_interview.render.console import console as new_console
from reverse_interview.text import visible

if TYPE_CHECKING:
    from rich.console import Console

STYLE = Style(
    [
        ("qmark", "fg:ansicyan"),
        ("question", "bold"),
        ("answer", "fg:ansigreen"),
        ("pointer", "fg:ansicyan bold"),
        ("highlighted", "fg:ansicyan bold"),
        ("selected", "fg:ansigreen"),
        ("instruction", "fg:ansibrightblack"),
        ("bottom-toolbar", "noreverse fg:ansibrightblack"),
    ]
)

MULTILINE_HINT = "Enter saves · Alt+Enter (or Esc then Enter) starts a new line"


def _newline_bindings() -> KeyBindings:
    """In answers that may run long, Alt+Enter adds a line and Enter still saves."""
    bindings = KeyBindings()

    @bindings.add("escape", "enter")
    def _(event: Any) -> None:
        event.current_buffer.insert_text("\n")

    return bindings


def _stoppable(question: questionary.Question) -> questionary.Question:
    """Ctrl-D stops a choice list as Ctrl-C does (EOF: saved, the resume command printed).
    questionary's lists ignore it; a text prompt already takes it, on an empty line, as EOF."""
    bindings = KeyBindings()

    @bindings.add("c-d", eager=True)
    def _(event: Any) -> None:
        event.app.exit(exception=EOFError, style="class:aborting")

    app = question.application
    app.key_bindings = (
        merge_key_bindings([app.key_bindings, bindings]) if app.key_bindings else bindings
    )
    return question


STEP_5_HEADER = 4  # rows above step 5's arenas: a blank, the step's rule, the words to say
PAGER_ROWS = 3  # rows the "next page" question takes below a page
SUGGESTIONS = 8  # offerings suggested at a time in the highlight search
DESCRIPTION_LENGTH = 60  # characters of an offering's summary shown beside it


class OfferingCompleter(Completer):
    """The highlight search: as the interviewer types, the best few offerable offerings for the
    words typed so far (anywhere in a title, id, tag or summary), each with a short description.

    It asks the matcher's own search, which ranks only the top few, and describes only those: a
    keystroke costs the same with a hundred offerings or a hundred thousand.
    """

    def __init__(self, catalogue: Catalogue, chosen: Sequence[str] = (), limit: int = SUGGESTIONS):
        self.catalogue = catalogue
        self.chosen = frozenset(chosen)
        self.limit = limit

    def suggestions(self, text: str) -> list[Offering]:
        from reverse_interview.search import search

        if not text.strip():
            return []
        found = search(self.catalogue, text, limit=self.limit + len(self.chosen))
        return [o for o in found if o.id not in self.chosen][: self.limit]

    def get_completions(
        self, document: Document, complete_event: CompleteEvent
    ) -> Iterator[Completion]:
        typed = document.text_before_cursor
        for offering in self.suggestions(typed):
            label = picker_label(offering)
            yield Completion(
                label,
                start_position=-len(typed),
                display=visible(label),  # plain text, never parsed as markup
                display_meta=visible(short_description(offering.summary)),
            )


def picker_label(offering: Offering) -> str:
    """How an offering is written in the highlight search (and read back by the engine)."""
    return f"{offering.title} ({offering.id})"


def short_description(text: str, length: int = DESCRIPTION_LENGTH) -> str:
    """The start of a summary on one line, cut at a word."""
    said = " ".join(text.split())
    if len(said) <= length:
        return said
    cut = said[: length - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.") + "…"


class TerminalAsker:
    """Asks through questionary and shows through Rich, with the call's elapsed time in view.

    `io` (prompt_toolkit's `input` and `output`) is for tests that drive the real widgets
    through a pipe.
    """

    def __init__(
        self, console: Console | None = None, started: float | None = None, **io: Any
    ) -> None:
        self._console = console
        self.started = time.monotonic() if started is None else started
        self.io = io
        # Called once the first question is on the screen (`ri run` then reads ahead).
        self.when_drawn: Callable[[], None] | None = None

    def _ask(self, question: questionary.Question) -> Any:
        """The answer (`unsafe_ask`: Ctrl-C reaches the engine); the first question calls
        `when_drawn` once prompt_toolkit has drawn it."""
        call, self.when_drawn = self.when_drawn, None
        if call is not None:
            app = question.application

            def drawn(_: object) -> None:
                app.after_render.remove_handler(drawn)
                call()

            app.after_render.add_handler(drawn)
        return question.unsafe_ask()

    @property
    def console(self) -> Console:
        if self._console is None:
            self._console = new_console()
        return self._console

    def elapsed(self) -> str:
        seconds = int(time.monotonic() - self.started)
        hours, rest = divmod(seconds, 3600)
        minutes, seconds = divmod(rest, 60)
        return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes:02d}:{seconds:02d}"

    def _qmark(self) -> str:
        return f"[{self.elapsed()}]"

    def _toolbar(self) -> str:
        return f" {self.elapsed()} into the call · Ctrl-C saves and stops"

    # --- showing ---------------------------------------------------------------------------

    def show_step(self, step: Step, say: str) -> None:
        from rich.panel import Panel
        from rich.rule import Rule
        from rich.text import Text

        self.console.print()
        title = Text.assemble(
            (f"Step {step.number} of {len(STEPS)}", "bold cyan"),
            ("  ·  ", "dim"),
            (step.title, "bold"),
            ("  ·  ", "dim"),
            (f"{self.elapsed()} elapsed", "dim"),
        )
        self.console.print(Rule(title, align="left", style="cyan"))
        if step.number == len(STEPS):
            # Step 5's screen is for talking from: its header keeps to the words to say.
            self.console.print(Text.assemble(("Say: ", "bold green"), visible(say)))
            return
        self.console.print(
            Panel(
                Text(visible(say)),
                title="Say",
                title_align="left",
                border_style="green",
                padding=(0, 1),
            )
        )
        self.console.print(Text(f"Why: {step.hint}", style="dim italic"))

    def notice(self, message: str) -> None:
        from rich.text import Text

        self.console.print(Text(f"! {visible(message)}", style="yellow"))

    def refuse(self, reason: str) -> None:
        from rich.text import Text

        self.console.print(Text(f"✗ {visible(reason)}", style="red"))

    def show_review(self, interview: Interview, catalogue: Catalogue) -> None:
        from rich.padding import Padding
        from rich.rule import Rule
        from rich.table import Table
        from rich.text import Text

        self.console.print()
        self.console.print(Rule(Text("Review: every answer so far", style="bold"), align="left"))
        table = Table(show_header=False, box=None, padding=(0, 2, 0, 0))
        table.add_column(style="dim", no_wrap=True)
        table.add_column(overflow="fold")
        table.add_row("Candidate", Text(visible(interview.candidate)))
        table.add_row("Role", Text(visible(interview.role) or "-"))
        table.add_row("Interviewer", Text(visible(interview.interviewer) or "-"))
        for arena in interview.arenas:
            own = " (their own)" if arena.custom else ""
            table.add_row("", "")
            table.add_row("Arena", Text(visible(arena.name) + own, style="bold"))
            for question in ARENA_QUESTIONS:
                table.add_row(question.label, Text(visible(getattr(arena, question.field)) or "-"))
        table.add_row("", "")
        ranked = ", ".join(
            f"{n}. {visible(catalogue.mode_name(m))}"
            for n, m in enumerate(interview.growth.preferred, 1)
        )
        table.add_row("Grows best by", Text(ranked or "-"))
        table.add_row("In their words", Text(visible(interview.growth.note) or "-"))
        self.console.print(Padding(table, (0, 0, 0, 2)))

    def show_matches(self, interview: Interview, catalogue: Catalogue) -> None:
        """Step 5 to talk from. When the arenas and the checklist after them fit the screen,
        all at once; otherwise page by page, each page whole on the screen, and the checklist
        only once the interviewer has said it (so it never scrolls an arena away unread)."""
        from rich.text import Text

        from reverse_interview.render.terminal import pages, step_five_blocks

        height = self.console.height
        blocks = step_five_blocks(interview, catalogue, self.console.width)
        checklist = sum(len(m.offerings) for m in interview.matches) + 2
        if STEP_5_HEADER + sum(map(len, blocks)) + checklist <= height:
            for line in (line for block in blocks for line in block):
                self.console.print(line, overflow="crop", no_wrap=True)
            return
        laid = pages(blocks, height - STEP_5_HEADER - PAGER_ROWS)
        for number, page in enumerate(laid, 1):
            if number > 1:
                self.console.print(
                    Text(f"Step 5 of {len(STEPS)} · page {number} of {len(laid)}", style="cyan")
                )
            for line in page:
                self.console.print(line, overflow="crop", no_wrap=True)
            if number < len(laid):
                question, go_on = f"More on the next page ({number} of {len(laid)})", "Next page"
            else:
                question, go_on = "Said it?", "Go on to what you will present"
            self.select(question, [Choice(go_on, True)])

    # --- asking ----------------------------------------------------------------------------

    def text(
        self,
        question: str,
        *,
        default: str = "",
        multiline: bool = False,
        required: bool = False,
    ) -> str:
        extra: dict[str, Any] = {}
        if multiline:
            extra["key_bindings"] = _newline_bindings()
        toolbar = self._toolbar() + (f" · {MULTILINE_HINT}" if multiline else "")
        answer = self._ask(
            questionary.text(
                visible(question, strip=False),
                default=default,
                qmark=self._qmark(),
                style=STYLE,
                validate=(lambda value: bool(value.strip()) or "An answer is needed here")
                if required
                else None,
                bottom_toolbar=toolbar,
                **extra,
                **self.io,
            )
        )
        return str(answer)

    def checkbox(
        self,
        question: str,
        choices: Sequence[Choice[T]],
        *,
        checked: Sequence[T],
        validate: Validator[T],
    ) -> list[T]:
        # The refusal is printed under the widget and the ticks are kept for the next try:
        # the widget's own error line sits at the bottom of the screen, where it is missed.
        ticked = list(checked)
        while True:
            widgets = [
                questionary.Choice(visible(c.title), value=c.value, checked=c.value in ticked)
                for c in choices
            ]
            answer = self._ask(
                _stoppable(
                    questionary.checkbox(
                        visible(question, strip=False),
                        choices=widgets,
                        qmark=self._qmark(),
                        style=STYLE,
                        instruction="(space ticks, enter confirms)",
                        **self.io,
                    )
                )
            )
            ticked = list(answer)
            problem = validate(ticked)
            if problem is None:
                return ticked
            self.refuse(problem)

    def select(self, question: str, choices: Sequence[Choice[T]], *, default: T | None = None) -> T:
        widgets = [questionary.Choice(visible(c.title), value=c.value) for c in choices]
        chosen = next((w for w in widgets if w.value == default), None)
        answer: T = self._ask(
            _stoppable(
                questionary.select(
                    visible(question, strip=False),
                    choices=widgets,
                    default=chosen,
                    qmark=self._qmark(),
                    style=STYLE,
                    **self.io,
                )
            )
        )
        return answer

    def confirm(self, question: str, *, default: bool = True) -> bool:
        return bool(
            self._ask(
                _stoppable(
                    questionary.confirm(
                        visible(question, strip=False),
                        default=default,
                        qmark=self._qmark(),
                        style=STYLE,
                        **self.io,
                    )
                )
            )
        )

    def pick_offering(self, catalogue: Catalogue, chosen: Sequence[str]) -> str:
        if chosen:
            from rich.text import Text

            titles = ", ".join(chosen)
            self.console.print(Text(f"Highlighted so far: {visible(titles)}", style="dim"))
        answer = self._ask(
            questionary.text(
                "Add a highlight (type any words to search; Tab or arrows pick; "
                "Enter on an empty line to finish):",
                qmark=self._qmark(),
                style=STYLE,
                completer=OfferingCompleter(catalogue, chosen),
                complete_while_typing=True,
                bottom_toolbar=self._toolbar(),
                **self.io,
            )
        )
        return str(answer)
