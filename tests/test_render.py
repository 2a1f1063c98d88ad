"""The report as people read it: checked against the catalogue, in every format and audience."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from dataclasses import replace
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt
from rich.console import Console

from reverse_interview.models import (
    ArenaAnswers,
    Catalogue,
    CatalogueIdentity,
    Gap,
    Growth,
    Interview,
    Match,
    MatchedOffering,
    OfferingSnapshot,
)
from reverse_interview.render import json as render_json
from reverse_interview.render import markdown as render_markdown
from reverse_interview.render import terminal
from reverse_interview.report import ReportView, build_report
from tests.helpers import make_catalogue, offering

WHEN = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)
ANSI = re.compile(r"\x1b\[")


def catalogue() -> Catalogue:
    return make_catalogue(
        offering(
            "cloud-guild",
            title="Cloud Guild",
            summary="A monthly guild for people who run things in the cloud.",
            contact="Jane Roe",
            owner="Platform team",
            capacity=4,
            link="https://example.org/guild",
        ),
        offering(
            "k8s-course",
            title="Kubernetes Course",
            category="resources",
            modes=("coursework",),
            summary="A paid online course, done in work time.",
            availability="any time",
        ),
        offering(
            "on-call-shadow",
            title="On-call Shadowing",
            category="opportunities",
            modes=("apprenticeship",),
            summary="Shadow the platform on-call rota for a month.",
        ),
        offering(
            "leads-circle",
            title="Leads Circle",
            arenas=("leadership",),
            summary="A monthly circle of people new to leading.",
        ),
        offering("retired-lab", title="Retired Lab", category="opportunities", active=False),
        offering("full-bootcamp", title="Full Bootcamp", category="resources", capacity=0),
        organisation="Example Org",
    )


def matched(offering_id: str, title: str, category: str, *reasons: str) -> MatchedOffering:
    return MatchedOffering(offering_id, title, category, reasons)


def interview(**changes: object) -> Interview:
    base = Interview(
        id="7f3k2a9q",
        status="complete",
        candidate="Ada Lovelace",
        role="Platform engineer",
        interviewer="Grace Hopper",
        started_at=WHEN,
        updated_at=WHEN,
        catalogue=CatalogueIdentity("/tmp/test-offerings.yaml", "0" * 64, "c0ffee" * 6, True),
        arenas=(
            ArenaAnswers(
                "technical-growth",
                "Technical growth",
                strengths="Python and Linux",
                learn="Run Kubernetes in production",
                obstacles="no time to study",
            ),
            ArenaAnswers(
                "leadership",
                "Leadership growth",
                strengths="mentored an intern",
                learn="Lead a small team",
                obstacles="no senior peer to ask",
            ),
        ),
        growth=Growth(("mentoring", "coursework"), "pairing works best for me"),
        matches=(
            Match(
                "technical-growth",
                (
                    matched(
                        "cloud-guild", "Cloud Guild", "people", "mentoring, their first choice"
                    ),
                    matched("k8s-course", "Kubernetes Course", "resources", 'matched "kubernetes"'),
                    matched("cloud-lab", "Cloud Lab", "opportunities", "no longer there"),
                    matched("retired-lab", "Retired Lab", "opportunities", "inactive now"),
                    matched("full-bootcamp", "Full Bootcamp", "resources", "full now"),
                ),
            ),
            Match("leadership", (matched("leads-circle", "Leads Circle", "people", "leadership"),)),
        ),
        highlights=("on-call-shadow", "cloud-lab"),
        gaps=(Gap("leadership", "coursework", "We have no coursework for leadership today."),),
        snapshots=(OfferingSnapshot("cloud-lab", "Cloud Lab (recorded)", "opportunities"),),
        notes="Strong on fundamentals; INTERNAL-NOTE",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def recorded(view: ReportView, *, for_candidate: bool = False, width: int = 80) -> str:
    console = Console(record=True, width=width, file=io.StringIO(), highlight=False)
    console.print(terminal.report_renderable(view, for_candidate=for_candidate))
    return "\n".join(line.rstrip() for line in console.export_text().splitlines())


def section(text: str, heading: str, *following: str) -> str:
    """The part of `text` from `heading` up to the first of `following` after it."""
    start = text.index(heading)
    ends = [text.index(f, start + len(heading)) for f in following if f in text[start:]]
    return text[start : min(ends, default=len(text))]


class _TextOf(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag == "br":
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def rendered_markdown(markdown: str) -> tuple[str, str]:
    """(HTML, the text a reader sees) for `markdown`, as a CommonMark renderer shows it."""
    page = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)
    reader = _TextOf()
    reader.feed(page.replace("<br />\n", "<br />"))
    return page, "".join(reader.parts)


def tags(page: str) -> list[str]:
    return re.findall(r"</?[a-z0-9]+", page)


def squashed(text: str) -> str:
    return "".join(text.split())


def words(text: str) -> str:
    return " ".join(text.split())


# --- checking against the catalogue --------------------------------------------------------


def test_only_offerings_still_offered_are_kept() -> None:
    view = build_report(interview(), catalogue())
    technical = view.arenas[0]
    assert [s.offering.id for s in technical.offerings] == ["cloud-guild", "k8s-course"]
    assert technical.withdrawn == 3
    assert [o.id for o in view.highlights] == ["on-call-shadow"]
    assert [w.id for w in view.withdrawn] == ["cloud-lab", "retired-lab", "full-bootcamp"]


def test_withdrawn_offerings_are_named_with_the_recorded_title_and_why() -> None:
    warnings = build_report(interview(), catalogue()).warnings
    assert (
        "Cloud Lab (recorded) (cloud-lab) has been withdrawn from the catalogue since this "
        "interview: don't promise it." in warnings
    )
    assert any("Retired Lab (retired-lab) is no longer active" in w for w in warnings)
    assert any("Full Bootcamp (full-bootcamp) has no places left" in w for w in warnings)


def test_offerings_are_shown_as_the_catalogue_says_today() -> None:
    renamed = catalogue()
    renamed = replace(
        renamed,
        offerings=tuple(
            replace(o, title="Cloud Guild (new name)") if o.id == "cloud-guild" else o
            for o in renamed.offerings
        ),
    )
    text = recorded(build_report(interview(), renamed))
    assert "Cloud Guild (new name)" in text


def test_a_changed_catalogue_is_said_and_both_identities_shown() -> None:
    same = build_report(interview(), catalogue())
    assert not same.catalogue_changed
    assert not any("has changed" in w for w in same.warnings)

    older = interview(catalogue=CatalogueIdentity("/old/offerings.yaml", "ab" * 32, None, None))
    view = build_report(older, catalogue())
    assert view.catalogue_changed
    text = recorded(view)
    assert "The catalogue has changed since this interview" in text
    assert "/old/offerings.yaml" in text
    assert "/tmp/test-offerings.yaml" in text


def test_a_draft_says_it_is_one() -> None:
    draft = interview(status="draft", matches=(), gaps=(), highlights=())
    text = recorded(build_report(draft, catalogue()))
    assert "This interview is a draft" in text
    assert "Not matched yet" in text


def test_an_answer_left_empty_is_not_called_unanswered() -> None:
    left_empty = ArenaAnswers("leadership", "Leadership growth", False, "", "Lead", None)
    view = build_report(interview(arenas=(left_empty,)), catalogue())
    text = squashed(recorded(view))
    markdown = render_markdown.report_markdown(view, for_candidate=False)

    assert "Alreadygoodatnoanswer" in text  # given empty
    assert "Obstaclesnotansweredyet" in text  # never asked
    assert "**Already good at:** *no answer*" in markdown
    assert "**Obstacles:** *not answered yet*" in markdown


# --- the interviewer's summary (Rich) ------------------------------------------------------


def test_summary_shows_the_header_and_every_section_in_order() -> None:
    text = recorded(build_report(interview(), catalogue()))
    for fact in ("Ada Lovelace", "Platform engineer", "Grace Hopper", "26 November 2026"):
        assert fact in text
    assert "7f3k2a9q" in text
    order = [
        "── Technical growth",
        "Their goal, in their words",
        "Run Kubernetes in production",
        "── Leadership growth",
        "── Highlights added by the interviewer",
        "── How they grow best",
        "── Gaps — don't promise these",
        "── Interviewer notes",
        "── Catalogue",
    ]
    positions = [text.index(marker) for marker in order]
    assert positions == sorted(positions)


def test_offerings_sit_under_their_category_with_reasons_and_contact() -> None:
    text = recorded(build_report(interview(), catalogue()))
    technical = section(text, "── Technical growth", "── Leadership growth")
    people = section(technical, "People who can help them succeed", "Resources that help")
    resources = section(technical, "Resources that help them get ahead", "── ")
    assert "Cloud Guild" in people
    assert "Why: mentoring, their first choice" in people
    assert "4 places open" in people
    assert "contact: Jane Roe" in people
    assert "Kubernetes Course" in resources
    assert "Any time" in resources
    assert "Kubernetes Course" not in people


def test_gaps_section_lists_each_gap_with_its_arena() -> None:
    text = recorded(build_report(interview(), catalogue()))
    gaps = section(text, "Gaps — don't promise these", "── ")
    assert "Leadership growth: We have no coursework for leadership today." in gaps


def test_the_growth_preferences_are_in_order_with_mode_names() -> None:
    text = recorded(build_report(interview(), catalogue()))
    growth = section(text, "How they grow best", "── ")
    assert growth.index("1. Mentoring") < growth.index("2. Coursework")
    assert "pairing works best for me" in growth


def test_catalogue_identity_is_short_and_says_uncommitted_changes() -> None:
    text = recorded(build_report(interview(), catalogue()))
    identity = section(text, "── Catalogue", "\n\n")
    assert re.search(r"File +/tmp/test-offerings\.yaml\n", identity)
    assert re.search(r"SHA-256 +000000000000\n", identity)
    assert re.search(r"Git commit +c0ffeec0ffee \(uncommitted changes\)", identity)


@pytest.mark.parametrize("withdrawn", ["Cloud Lab", "Retired Lab", "Full Bootcamp"])
def test_withdrawn_offerings_are_only_named_in_warnings(withdrawn: str) -> None:
    view = build_report(interview(), catalogue())
    for text in (
        recorded(view),
        terminal.report_plain(view, for_candidate=False),
        render_markdown.report_markdown(view, for_candidate=False),
    ):
        mentions = [line for line in text.splitlines() if withdrawn in line]
        assert mentions, "the withdrawn offering is named in a warning"
        assert all("Warning" in line or "don't promise" in line for line in mentions)
        assert text.index("Warning") < text.index("Technical growth")


def test_withdrawn_offerings_are_left_out_of_the_json() -> None:
    data = json.loads(render_json.report_json(build_report(interview(), catalogue())))
    listed = {o["id"] for m in data["matches"] for o in m["offerings"]} | set(data["highlights"])
    assert listed == {"cloud-guild", "k8s-course", "leads-circle", "on-call-shadow"}
    assert data["withdrawn"] == ["cloud-lab", "retired-lab", "full-bootcamp"]


def test_summary_fits_the_width_it_is_given() -> None:
    long_answer = "a really long answer " * 30 + "x" * 200
    arenas = (replace(interview().arenas[0], learn=long_answer), interview().arenas[1])
    view = build_report(interview(arenas=arenas), catalogue())
    for width in (60, 80, 120):
        text = recorded(view, width=width)
        assert max(len(line) for line in text.splitlines()) <= width
        assert "x" * 200 in squashed(text)


def test_plain_report_has_no_colour_codes_and_no_trailing_blanks() -> None:
    view = build_report(interview(), catalogue())
    plain = terminal.report_plain(view, for_candidate=False)
    assert not ANSI.search(plain)
    assert all(line == line.rstrip() for line in plain.splitlines())
    assert max(len(line) for line in plain.splitlines()) <= 80
    assert "── Gaps — don't promise these" in plain


def test_printed_report_is_plain_when_piped_and_honours_columns(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    terminal.print_report(build_report(interview(), catalogue()), for_candidate=False)
    out = capsys.readouterr().out
    assert not ANSI.search(out)
    assert "Cloud Guild" in out
    assert max(len(line) for line in out.splitlines()) <= 60
    assert all(line == line.rstrip() for line in out.splitlines())


def test_printed_report_has_colour_on_a_terminal_unless_no_color(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    view = build_report(interview(), catalogue())
    monkeypatch.setenv("TTY_COMPATIBLE", "1")  # Rich treats stdout as a terminal
    monkeypatch.delenv("NO_COLOR", raising=False)
    terminal.print_report(view, for_candidate=False)
    red = re.compile(r"\x1b\[[0-9;]*31m")
    assert red.search(capsys.readouterr().out)  # the gaps heading is red

    monkeypatch.setenv("NO_COLOR", "1")
    terminal.print_report(view, for_candidate=False)
    assert not red.search(capsys.readouterr().out)


# --- Markdown and JSON ---------------------------------------------------------------------


def test_markdown_has_headings_per_arena_and_category() -> None:
    markdown = render_markdown.report_markdown(
        build_report(interview(), catalogue()), for_candidate=False
    )
    page, _ = rendered_markdown(markdown)
    assert "<h1>Reverse interview: Ada Lovelace</h1>" in page
    assert "<h2>Technical growth</h2>" in page
    assert "<h3>People who can help them succeed</h3>" in page
    assert "<h2>Gaps — don't promise these</h2>" in page
    assert "<strong>Cloud Guild</strong>" in page


def test_markdown_keeps_the_candidates_line_breaks() -> None:
    arenas = (replace(interview().arenas[0], learn="first line\nsecond line"),)
    view = build_report(interview(arenas=arenas), catalogue())
    _, seen = rendered_markdown(render_markdown.report_markdown(view, for_candidate=False))
    assert "first line\nsecond line" in seen


def test_json_has_the_contract_fields() -> None:
    data = json.loads(render_json.report_json(build_report(interview(), catalogue())))
    for key in (
        "id",
        "status",
        "candidate",
        "role",
        "interviewer",
        "started_at",
        "updated_at",
        "catalogue",
        "arenas",
        "growth",
        "matches",
        "highlights",
        "gaps",
        "withdrawn",
    ):
        assert key in data, key
    assert data["id"] == "7f3k2a9q"
    assert data["status"] == "complete"
    assert (data["candidate"], data["role"], data["interviewer"]) == (
        "Ada Lovelace",
        "Platform engineer",
        "Grace Hopper",
    )
    assert dt.datetime.fromisoformat(data["started_at"]) == WHEN
    assert dt.datetime.fromisoformat(data["updated_at"]) == WHEN
    assert data["catalogue"] == {
        "path": "/tmp/test-offerings.yaml",
        "sha256": "0" * 64,
        "git_commit": "c0ffee" * 6,
        "git_dirty": True,
    }
    assert data["arenas"][0] == {
        "id": "technical-growth",
        "name": "Technical growth",
        "custom": False,
        "strengths": "Python and Linux",
        "learn": "Run Kubernetes in production",
        "obstacles": "no time to study",
    }
    assert data["growth"] == {
        "preferred": ["mentoring", "coursework"],
        "note": "pairing works best for me",
    }
    assert [m["arena"] for m in data["matches"]] == ["technical-growth", "leadership"]
    first = data["matches"][0]["offerings"][0]
    assert {k: first[k] for k in ("id", "title", "category", "reasons")} == {
        "id": "cloud-guild",
        "title": "Cloud Guild",
        "category": "people",
        "reasons": ["mentoring, their first choice"],
    }
    assert data["highlights"] == ["on-call-shadow"]
    assert data["gaps"] == [
        {
            "arena": "leadership",
            "kind": "mode",
            "wish": None,
            "mode": "coursework",
            "offering": None,
            "message": "We have no coursework for leadership today.",
        }
    ]


# --- the follow-up for the candidate -------------------------------------------------------


@pytest.mark.parametrize("kind", ["text", "markdown"])
def test_candidate_follow_up_is_warm_and_honest(kind: str) -> None:
    view = build_report(interview(), catalogue())
    if kind == "text":
        text = recorded(view, for_candidate=True)
    else:
        text = rendered_markdown(render_markdown.report_markdown(view, for_candidate=True))[1]
    assert text.lstrip().startswith("Hi Ada,")
    said = words(text)
    assert "Run Kubernetes in production" in said
    assert "Cloud Guild — A monthly guild for people who run things in the cloud." in said
    assert "Places available" in said
    assert (
        "We don't yet offer coursework for leadership growth; we'd rather tell you now than "
        "promise it." in said
    )
    assert "Next steps" in said
    assert said.endswith("Best wishes, Grace Hopper Example Org")


@pytest.mark.parametrize("kind", ["text", "plain", "markdown"])
def test_candidate_follow_up_leaves_out_what_is_not_for_them(kind: str) -> None:
    view = build_report(interview(), catalogue())
    if kind == "text":
        text = recorded(view, for_candidate=True)
    elif kind == "plain":
        text = terminal.report_plain(view, for_candidate=True)
    else:
        text = render_markdown.report_markdown(view, for_candidate=True)
    for hidden in (
        "INTERNAL-NOTE",
        "cloud-lab",
        "pairing works best",
        "Why:",
        "their first choice",
        "4 places",
        "Platform team",
        "Warning",
        "sha256",
    ):
        assert hidden not in text, hidden


def test_candidate_follow_up_without_names_still_reads() -> None:
    view = build_report(interview(candidate=None, interviewer=None, role=None), catalogue())
    text = recorded(view, for_candidate=True)
    assert text.startswith("Hi there,")
    assert "Thank you for talking with us, and" in text
    assert text.rstrip().endswith("Best wishes,\n  Example Org")


# --- candidate text is data, in every format -------------------------------------------------

HOSTILE = [
    "[bold]",
    "[/]",
    "[red]x[/red]",
    "<script>alert(1)</script>",
    "*",
    "_",
    "|",
    "a | b | c",
    "`rm -rf`",
    "# not a heading",
    "- not a list",
    "1. not a list either",
    "> not a quote",
    "---",
    "**not bold** _not italic_ ~~not struck~~",
    "[a link](https://example.org)",
    "&amp; &lt;b&gt;",
    "back\\slash\\",
    "$x^2$",
    ":smile:",
    "emoji 🎉👩‍💻🇳🇿",
    "مرحبا بالعالم",
    "שלום עולם",
    "w" * 200,
]


def hostile_interview(text: str) -> Interview:
    base = interview()
    arenas = (
        replace(base.arenas[0], strengths=text, learn=text, obstacles=text),
        ArenaAnswers("own", text, custom=True, learn=text),
    )
    return replace(
        base,
        candidate=f"Ada {text}",
        role=text,
        interviewer=text,
        arenas=arenas,
        growth=Growth(("mentoring",), text),
        notes=text,
    )


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_prints_as_typed_in_rich(text: str) -> None:
    view = build_report(hostile_interview(text), catalogue())
    for for_candidate in (False, True):
        shown = recorded(view, for_candidate=for_candidate)
        assert squashed(text) in squashed(shown)
        if len(text) < 40:
            assert text in shown
        plain = terminal.report_plain(view, for_candidate=for_candidate)
        assert squashed(text) in squashed(plain)
        assert not ANSI.search(plain)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_prints_as_typed_in_markdown(text: str) -> None:
    view = build_report(hostile_interview(text), catalogue())
    harmless = build_report(hostile_interview("harmless words"), catalogue())
    for for_candidate in (False, True):
        page, seen = rendered_markdown(
            render_markdown.report_markdown(view, for_candidate=for_candidate)
        )
        assert words(text) in words(seen)
        assert seen.count(text) >= (3 if for_candidate else 5)
        assert "<script>" not in page
        # The document has the same shape as with harmless words: no tag came from the answer.
        plain_page, _ = rendered_markdown(
            render_markdown.report_markdown(harmless, for_candidate=for_candidate)
        )
        assert tags(page) == tags(plain_page)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_carried_exactly_in_json(text: str) -> None:
    data = json.loads(render_json.report_json(build_report(hostile_interview(text), catalogue())))
    assert data["role"] == text
    assert data["arenas"][0]["learn"] == text
    assert data["arenas"][1]["name"] == text
    assert data["growth"]["note"] == text
    assert data["notes"] == text


def test_json_keeps_non_ascii_readable() -> None:
    out = render_json.report_json(build_report(hostile_interview("emoji 🎉 مرحبا"), catalogue()))
    assert "🎉" in out and "مرحبا" in out
    assert out.startswith("{\n  ")


def test_control_codes_in_answers_cannot_drive_the_terminal() -> None:
    view = build_report(hostile_interview("red \x1b[31malert\x07 here"), catalogue())
    for text in (
        terminal.report_plain(view, for_candidate=False),
        render_markdown.report_markdown(view, for_candidate=True),
        recorded(view),
    ):
        assert "\x1b" not in text and "\x07" not in text
        assert "[31malert" in text


def test_who_an_offering_is_for_is_said_with_it_in_every_audience() -> None:
    said = catalogue()
    said = replace(
        said,
        offerings=tuple(
            replace(o, eligibility="people new to the on-call rota") if o.id == "cloud-guild" else o
            for o in said.offerings
        ),
    )
    view = build_report(interview(), said)
    for text in (
        recorded(view, width=200),
        recorded(view, for_candidate=True, width=200),
        render_markdown.report_markdown(view, for_candidate=True),
    ):
        assert "who it is for: people new to the on-call rota" in text


@pytest.mark.parametrize("term", ["xterm-256color", "xterm", "dumb"])
@pytest.mark.parametrize("organisation", ["Larkspur Software", "Ærø Bakeri · 北京", ""])
def test_the_line_before_the_first_prompt_is_drawn_as_rich_draws_it(
    monkeypatch: pytest.MonkeyPatch, term: str, organisation: str
) -> None:
    """`ri run` draws its first line without loading Rich (render.console.line_without_rich):
    the bytes must be those a Console writes for the same Text, colour or not."""
    from rich.text import Text

    from reverse_interview.render.console import BOLD, DIM, line_without_rich

    monkeypatch.setenv("TERM", term)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    parts = [
        ("Reverse interview", BOLD),
        (f" · {organisation} · 27 offerings", ""),
        (" · each answer is saved as it is given", DIM),
    ]
    for no_color in ("1", None):
        if no_color:
            monkeypatch.setenv("NO_COLOR", no_color)
        else:
            monkeypatch.delenv("NO_COLOR", raising=False)
        for tty in (True, False):
            drawn = io.StringIO()
            console = Console(
                file=drawn, force_terminal=tty, width=200, highlight=False, markup=False
            )
            styles = {BOLD: "bold", DIM: "dim", "": ""}
            console.print(Text.assemble(*((text, styles[code]) for text, code in parts)))
            ours = io.StringIO()
            line_without_rich(parts, file=ours, terminal=tty)
            if term == "dumb":
                # Rich takes a dumb terminal as 80 columns wide and wraps the line itself; ours
                # is left for the terminal to wrap. Both write it without a code.
                plain = "".join(text for text, _ in parts) + "\n"
                assert ours.getvalue() == plain
                assert "\x1b" not in drawn.getvalue()
            else:
                assert ours.getvalue() == drawn.getvalue(), (term, no_color, tty)
