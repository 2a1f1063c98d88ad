"""The terminal side of the live interview: the one module that imports questionary.

`TerminalAsker` implements interview.Asker with questionary widgets (always `unsafe_ask`, so
that Ctrl-C reaches the engine as KeyboardInterrupt) and shows steps, the review and the
matches with Rich. Candidate text is always passed to Rich as Text, never as markup.
Rich's layout pieces are imported where they are drawn: the first prompt must not wait for them.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import questionary
from prompt_toolkit.key_binding import KeyBindings
from prompt_toolkit.styles import Style
from rich.console import Console
from rich.text import Text

from reverse_interview.interview import ARENA_QUESTIONS, STEPS, Choice, Step, Validator
from reverse_interview.models import CATEGORIES, CATEGORY_TITLES, Catalogue, Interview
from reverse_interview.render.terminal import console as new_console
from reverse_interview.text import visible

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


class TerminalAsker:
    """Asks through questionary and shows through Rich, with the call's elapsed time in view."""

    def __init__(self, console: Console | None = None, started: float | None = None) -> None:
        self.console = console or new_console()
        self.started = time.monotonic() if started is None else started

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

        self.console.print()
        title = Text.assemble(
            (f"Step {step.number} of {len(STEPS)}", "bold cyan"),
            ("  ·  ", "dim"),
            (step.title, "bold"),
            ("  ·  ", "dim"),
            (f"{self.elapsed()} elapsed", "dim"),
        )
        self.console.print(Rule(title, align="left", style="cyan"))
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
        self.console.print(Text(f"! {visible(message)}", style="yellow"))

    def refuse(self, reason: str) -> None:
        self.console.print(Text(f"✗ {visible(reason)}", style="red"))

    def show_review(self, interview: Interview, catalogue: Catalogue) -> None:
        from rich.padding import Padding
        from rich.rule import Rule
        from rich.table import Table

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
        from rich.console import Group
        from rich.padding import Padding
        from rich.panel import Panel

        names = {arena.id: arena.name for arena in interview.arenas}
        parts: list[Any] = []

        def line(indent: int, text: Text) -> None:
            parts.append(Padding(text, (0, 0, 0, indent)))

        for match in interview.matches:
            line(
                0,
                Text(visible(names.get(match.arena) or catalogue.arena_name(match.arena)), "bold"),
            )
            if not match.offerings:
                line(2, Text("nothing to offer here", style="red"))
            for category in CATEGORIES:
                chosen = [o for o in match.offerings if o.category == category]
                if not chosen:
                    continue
                line(2, Text(CATEGORY_TITLES[category], style="cyan"))
                for found in chosen:
                    offering = catalogue.offering(found.id)
                    text = Text.assemble("• ", (visible(found.title), "bold"), f" ({found.id})")
                    if offering is not None:
                        text.append(f" — {visible(offering.summary)}")
                    line(4, text)
                    if found.reasons:
                        line(6, Text("; ".join(visible(r) for r in found.reasons), style="dim"))
        self.console.print(Panel(Group(*parts), title="What we can offer", title_align="left"))
        if interview.gaps:
            gaps = [Text(f"• {visible(gap.message)}") for gap in interview.gaps]
            self.console.print(
                Panel(
                    Group(*gaps),
                    title="Gaps: don't promise these",
                    title_align="left",
                    border_style="red",
                )
            )

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
        answer = questionary.text(
            question,
            default=default,
            qmark=self._qmark(),
            style=STYLE,
            validate=(lambda value: bool(value.strip()) or "An answer is needed here")
            if required
            else None,
            bottom_toolbar=toolbar,
            **extra,
        ).unsafe_ask()
        return str(answer)

    def checkbox(
        self,
        question: str,
        choices: Sequence[Choice],
        *,
        checked: Sequence[str],
        validate: Validator,
    ) -> list[str]:
        # The refusal is printed under the widget and the ticks are kept for the next try:
        # the widget's own error line sits at the bottom of the screen, where it is missed.
        ticked = list(checked)
        while True:
            widgets = [
                questionary.Choice(c.title, value=c.value, checked=c.value in ticked)
                for c in choices
            ]
            answer = questionary.checkbox(
                question,
                choices=widgets,
                qmark=self._qmark(),
                style=STYLE,
                instruction="(space ticks, enter confirms)",
            ).unsafe_ask()
            ticked = list(answer)
            problem = validate(ticked)
            if problem is None:
                return ticked
            self.refuse(problem)

    def select(
        self, question: str, choices: Sequence[Choice], *, default: str | None = None
    ) -> str:
        widgets = [questionary.Choice(c.title, value=c.value) for c in choices]
        chosen = next((w for w in widgets if w.value == default), None)
        answer = questionary.select(
            question, choices=widgets, default=chosen, qmark=self._qmark(), style=STYLE
        ).unsafe_ask()
        return str(answer)

    def confirm(self, question: str, *, default: bool = True) -> bool:
        return bool(
            questionary.confirm(
                question, default=default, qmark=self._qmark(), style=STYLE
            ).unsafe_ask()
        )

    def pick_offering(self, catalogue: Catalogue, chosen: Sequence[str]) -> str:
        if chosen:
            titles = ", ".join(chosen)
            self.console.print(Text(f"Highlighted so far: {visible(titles)}", style="dim"))
        offerable = [o for o in catalogue.offerable if o.id not in chosen]
        labels = [f"{o.title} ({o.id})" for o in offerable]
        meta = {f"{o.title} ({o.id})": o.summary for o in offerable}
        answer = questionary.autocomplete(
            "Add a highlight (type to search the catalogue; Enter on an empty line to finish):",
            choices=labels,
            meta_information=meta,
            qmark=self._qmark(),
            style=STYLE,
            bottom_toolbar=self._toolbar(),
        ).unsafe_ask()
        return str(answer)
