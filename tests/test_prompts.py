"""The real widgets, driven through a pipe: prompt_toolkit's `create_pipe_input` with
`DummyOutput`, as questionary's own tests do. What the fake asker cannot show: which keys stop
a list, and that the engine and the widgets agree on what a choice returns."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from io import StringIO
from typing import TypeVar

import pytest
from prompt_toolkit.completion import CompleteEvent, Completion
from prompt_toolkit.document import Document
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from reverse_interview.interview import Choice, Engine
from reverse_interview.models import Interview
from reverse_interview.prompts import OfferingCompleter, TerminalAsker, short_description
from tests.helpers import make_catalogue, offering
from tests.test_interview import CATALOGUE, run_whole

R = TypeVar("R")
DOWN = "\x1b[B"
ENTER = "\r"
CTRL_C = "\x03"
CTRL_D = "\x04"


@pytest.fixture
def pipe() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe_input:
        yield pipe_input


def within(seconds: float, pipe: PipeInput, work: Callable[[], R]) -> R:
    """Run `work` on the widgets; out of keys, it would wait for ever: fail instead."""
    results: list[R] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            results.append(work())
        except BaseException as error:  # handed to the test below
            errors.append(error)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        pipe.close()  # the widget sees the end of its input and stops
        worker.join(5)
        pytest.fail("the widgets waited for more keys than the test gave")
    if errors:
        raise errors[0]
    return results[0]


def asker(pipe: PipeInput) -> TerminalAsker:
    screen = Console(file=StringIO(), width=120, height=100)  # step 5 fits: no paging
    return TerminalAsker(screen, input=pipe, output=DummyOutput())


CHOICES = [Choice("Technical growth", "technical-growth"), Choice("Teamwork", "teamwork")]


def ask_each_list(widgets: TerminalAsker, which: str) -> object:
    if which == "checkbox":
        return widgets.checkbox("Which arenas?", CHOICES, checked=[], validate=lambda _: None)
    if which == "select":
        return widgets.select("Their 1st choice?", CHOICES)
    if which == "review menu":
        return widgets.select("Anything to change?", CHOICES, default="teamwork")
    return widgets.confirm("Said it? Go on to step 2")


LISTS = ["checkbox", "select", "review menu", "confirm"]


@pytest.mark.parametrize("which", LISTS)
def test_ctrl_d_stops_every_choice_list_like_the_end_of_input(pipe: PipeInput, which: str):
    pipe.send_text(DOWN + CTRL_D)
    with pytest.raises(EOFError):
        ask_each_list(asker(pipe), which)


@pytest.mark.parametrize("which", LISTS)
def test_ctrl_c_stops_every_choice_list(pipe: PipeInput, which: str):
    pipe.send_text(CTRL_C)
    with pytest.raises(KeyboardInterrupt):
        ask_each_list(asker(pipe), which)


def test_the_widgets_return_the_typed_values_the_engine_gave(pipe: PipeInput):
    pipe.send_text(" " + DOWN + " " + ENTER + DOWN + ENTER)
    widgets = asker(pipe)
    pairs = [Choice("A", ("technical-growth", "a")), Choice("B", ("teamwork", "b"))]
    assert widgets.checkbox("Present?", pairs, checked=[], validate=lambda _: None) == [
        ("technical-growth", "a"),
        ("teamwork", "b"),
    ]
    assert widgets.select("Anything to change?", pairs) == ("teamwork", "b")


def test_the_review_through_the_real_widgets_asks_before_dropping_an_arena(pipe: PipeInput):
    first, _, _ = run_whole()
    saves: list[Interview] = []
    keys = [
        DOWN * 4 + ENTER,  # review: "Change: the arenas chosen"
        DOWN + " " + ENTER,  # untick teamwork (it has answers)
        "n",  # don't drop them
        ENTER,  # the arenas again, teamwork ticked again: confirm
        ENTER,  # review: all correct
        ENTER,  # present every match
        ENTER,  # highlight: none
        ENTER,  # notes: as they were
    ]
    pipe.send_text("".join(keys))
    widgets = asker(pipe)
    result = within(
        20, pipe, lambda: Engine(widgets, CATALOGUE, saves.append, lambda: "x").run(first)
    )
    assert result.arenas == first.arenas
    assert result.status == "complete"
    shown = widgets.console.file.getvalue()  # type: ignore[attr-defined]
    assert "Unticking Peer relationships and teamwork loses its answers" in shown


# --- the highlight search ----------------------------------------------------------------------

SEARCHED = make_catalogue(
    offering(
        "wellbeing-circle",
        title="Wellbeing Circle",
        summary="A monthly circle where people talk through stress and burnout with a counsellor.",
    ),
    offering("kubernetes-guild", title="Platform Guild", tags=("kubernetes", "cloud")),
    offering("cloud-101", title="Cloud 101", summary="An introduction to cloud computing."),
    offering("full-one", title="Burnout Retreat", capacity=0),
    offering("gone", title="Burnout Workshop", active=False),
)


def completions(text: str, chosen: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    completer = OfferingCompleter(SEARCHED, chosen)
    found = completer.get_completions(Document(text), CompleteEvent(text_inserted=True))
    return [(c.text, c.display_meta_text) for c in found]


def test_a_word_from_the_middle_of_a_summary_suggests_that_offering():
    found = completions("burnout")
    assert found == [
        (
            "Wellbeing Circle (wellbeing-circle)",
            "A monthly circle where people talk through stress and…",
        )
    ]  # the full and the inactive one are never suggested


def test_words_anywhere_in_ids_tags_and_titles_as_they_are_typed():
    assert [t for t, _ in completions("kube")] == ["Platform Guild (kubernetes-guild)"]
    assert next(t for t, _ in completions("clo")) == "Cloud 101 (cloud-101)"  # title first
    assert "Platform Guild (kubernetes-guild)" in [t for t, _ in completions("clo")]
    assert completions("") == []


def test_offerings_already_highlighted_are_not_suggested_again():
    assert [t for t, _ in completions("cloud", chosen=("cloud-101",))] == [
        "Platform Guild (kubernetes-guild)"
    ]


def test_a_description_is_one_short_line_cut_at_a_word():
    assert short_description("one\ntwo  three") == "one two three"
    cut = short_description("word " * 30)
    assert len(cut) <= 60 and cut.endswith("word…")


def test_the_highlight_search_through_the_real_widget_picks_a_suggestion(
    pipe: PipeInput, monkeypatch: pytest.MonkeyPatch
):
    # Typed, then (once the suggestions for the whole word are there, as a person would see
    # them, however slow the machine) Tab and Enter.
    suggested = threading.Event()
    search = OfferingCompleter.get_completions

    def noting(
        self: OfferingCompleter, document: Document, event: CompleteEvent
    ) -> Iterator[Completion]:
        yield from search(self, document, event)
        if document.text == "burnout":
            suggested.set()

    monkeypatch.setattr(OfferingCompleter, "get_completions", noting)

    def pick_once_suggested() -> None:
        if suggested.wait(30):
            time.sleep(0.3)  # drawn
        pipe.send_text("\t" + ENTER)

    pipe.send_text("burnout")
    later = threading.Thread(target=pick_once_suggested)
    later.start()
    picked = asker(pipe).pick_offering(SEARCHED, ())
    later.join()
    assert picked == "Wellbeing Circle (wellbeing-circle)"


def test_a_step_5_taller_than_the_screen_waits_at_each_page(pipe: PipeInput):
    first, _, _ = run_whole()
    widgets = TerminalAsker(
        Console(file=StringIO(), width=120, height=16), input=pipe, output=DummyOutput()
    )
    pipe.send_text(ENTER * 2)  # the next page, then "said it"
    within(10, pipe, lambda: widgets.show_matches(first, CATALOGUE))
    shown = widgets.console.file.getvalue()  # type: ignore[attr-defined]
    assert "page 2 of 2" in shown
    for arena in first.arenas:
        assert f"── {arena.name}" in shown


def test_the_first_question_drawn_starts_the_read_ahead_once(pipe: PipeInput):
    """`ri run` reads the catalogue ahead from when the interviewer sees the first question:
    not before (it would slow drawing it), and only once."""
    pipe.send_text("Ada" + ENTER + ENTER)
    widgets = asker(pipe)
    started: list[str] = []
    widgets.when_drawn = lambda: started.append("read ahead")
    assert within(10, pipe, lambda: widgets.text("The candidate's name:")) == "Ada"
    assert started == ["read ahead"]
    assert within(10, pipe, lambda: widgets.confirm("Said it? Go on to step 2")) is True
    assert started == ["read ahead"]
