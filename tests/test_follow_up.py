"""The follow-up the interviewer sends: right in every format, and sendable as an email."""

from __future__ import annotations

import datetime as dt
import email
import html
import re
from dataclasses import replace
from email import policy
from email.message import EmailMessage
from html.parser import HTMLParser

import pytest

from reverse_interview.models import Gap, Match
from reverse_interview.render import email as render_email
from reverse_interview.render import html as render_html
from reverse_interview.render import markdown as render_markdown
from reverse_interview.render import terminal
from reverse_interview.report import build_report
from tests.helpers import make_catalogue, offering
from tests.test_render import (
    HOSTILE,
    catalogue,
    hostile_interview,
    interview,
    matched,
    rendered_markdown,
    words,
)


class _Page(HTMLParser):
    """The tags of a page and the text a reader sees in its body."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)
        if tag not in ("meta", "br"):
            self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        if not ({"style", "title", "head"} & set(self._in)):
            self.text.append(data)


def parsed(page: str) -> _Page:
    reader = _Page()
    reader.feed(page)
    reader.close()
    return reader


def seen(page: str) -> str:
    return words(" ".join(parsed(page).text))


def follow_up_texts(view: object) -> dict[str, str]:
    """The follow-up as a reader sees it, in every format it comes in."""
    markdown = render_markdown.report_markdown(view, for_candidate=True)  # type: ignore[arg-type]
    page = render_html.report_html(view, for_candidate=True)  # type: ignore[arg-type]
    return {
        "text": terminal.report_plain(view, for_candidate=True),  # type: ignore[arg-type]
        "markdown": markdown,
        "markdown rendered": rendered_markdown(markdown)[1],
        "html": seen(page),
    }


# --- what it says ------------------------------------------------------------------------------


def test_the_interviewers_note_on_how_they_grow_is_never_their_words() -> None:
    view = build_report(interview(), catalogue())
    for kind, text in follow_up_texts(view).items():
        assert "pairing works best" not in text, kind
        assert "In your words" not in text, kind
    # The interviewer's own report shows it as theirs, not as the candidate's.
    report = terminal.report_plain(view, for_candidate=False)
    assert "In their words" not in report
    assert "Your note" in report and "pairing works best for me" in report


def test_an_offering_serving_two_goals_is_listed_once_naming_both() -> None:
    both = interview(
        matches=(
            Match("technical-growth", (matched("cloud-guild", "Cloud Guild", "people"),)),
            Match(
                "leadership",
                (
                    matched("cloud-guild", "Cloud Guild", "people"),
                    matched("leads-circle", "Leads Circle", "people"),
                ),
            ),
        ),
        highlights=("cloud-guild",),
    )
    view = build_report(both, catalogue())
    for kind, text in follow_up_texts(view).items():
        said = words(text)
        assert said.count("Cloud Guild") == 1, kind
        assert "For your goals in technical growth and leadership growth" in said, kind
        assert "For your goals in leadership growth" in said, kind


def test_a_withdrawn_offering_gets_one_honest_sentence_and_nothing_else() -> None:
    view = build_report(interview(), catalogue())
    for kind, text in follow_up_texts(view).items():
        said = words(text).replace("\\", "")
        assert (
            "In our call we mentioned Cloud Lab (recorded), Retired Lab and Full Bootcamp; "
            "since then they are no longer available, so we can't offer them after all, and "
            "we're sorry." in said
        ), kind
        for title in ("Cloud Lab", "Retired Lab", "Full Bootcamp"):
            assert said.count(title) == 1, (kind, title)


def test_gaps_are_said_honestly_per_goal() -> None:
    view = build_report(interview(), catalogue())
    for kind, text in follow_up_texts(view).items():
        assert "What we can't offer yet" in text.replace("\\", ""), kind
        assert "We don't yet offer coursework for leadership growth" in words(text), kind


def test_an_ampersand_reaches_every_format_as_itself() -> None:
    nursing = make_catalogue(
        offering(
            "cloud-guild",
            title="Theatre & Recovery Rotation",
            summary="Six weeks in theatres & recovery <with a mentor>.",
        ),
        organisation="Nursing & Midwifery",
    )
    view = build_report(interview(), nursing)
    texts = follow_up_texts(view)
    raw_markdown = texts["markdown"]
    assert "Nursing & Midwifery" in raw_markdown
    assert "Theatre & Recovery Rotation" in raw_markdown
    for kind, text in texts.items():
        assert "&amp;" not in text and "&lt;" not in text, kind
        assert "Nursing & Midwifery" in text, kind
        assert "theatres & recovery <with a mentor>" in words(text).replace("\\", ""), kind
    page = render_html.report_html(view, for_candidate=True)
    assert "Nursing &amp; Midwifery" in page  # escaped in the source, shown as typed


# --- the HTML page -------------------------------------------------------------------------------


@pytest.mark.parametrize("for_candidate", [False, True])
def test_the_page_stands_alone(for_candidate: bool) -> None:
    page = render_html.report_html(
        build_report(interview(), catalogue()), for_candidate=for_candidate
    )
    found = parsed(page)
    assert page.startswith("<!DOCTYPE html>")
    assert "script" not in found.tags
    assert not {"img", "link", "iframe", "object", "embed", "form"} & set(found.tags)
    assert not [a for a in found.attrs if a[0] in ("src", "href") or a[0].startswith("on")]
    assert "@media print" in page and 'name="viewport"' in page
    assert "default-src 'none'" in page
    assert not re.search(r"url\(|@import|https?://(?!example\.org)", page.split("<main>")[0])


@pytest.mark.parametrize(
    "text", [*HOSTILE, '<img src=x onerror="alert(1)">', "](javascript:alert(1))"]
)
def test_hostile_text_is_inert_in_the_page(text: str) -> None:
    view = build_report(hostile_interview(text), catalogue())
    harmless = build_report(hostile_interview("harmless words"), catalogue())
    for for_candidate in (False, True):
        page = render_html.report_html(view, for_candidate=for_candidate)
        found = parsed(page)
        assert (
            found.tags
            == parsed(render_html.report_html(harmless, for_candidate=for_candidate)).tags
        )
        assert words(text) in seen(page)
        assert not [a for a in found.attrs if a[0].startswith("on") or a[0] == "src"]


def test_control_codes_are_visible_symbols_in_the_page() -> None:
    view = build_report(hostile_interview("red \x1b[31malert\x07 here"), catalogue())
    page = render_html.report_html(view, for_candidate=True)
    assert "\x1b" not in page and "\x07" not in page
    assert "␛[31malert␇ here" in html.unescape(page)


# --- the email -----------------------------------------------------------------------------------


def parse_eml(raw: str) -> EmailMessage:
    message = email.message_from_string(raw, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def test_the_email_is_a_draft_with_text_and_html() -> None:
    view = build_report(interview(), catalogue())
    raw = render_email.follow_up_eml(view, when=dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC))
    assert "\r\n" in raw and not re.search(r"[^\r]\n", raw)
    message = parse_eml(raw)
    assert message["Subject"] == (
        "Following up on our conversation: the Platform engineer role at Example Org"
    )
    assert message["X-Unsent"] == "1"
    assert message["From"].groups[0].display_name == "Grace Hopper"
    assert message["Date"].datetime == dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
    assert message.get_content_type() == "multipart/alternative"
    parts = list(message.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
    # MIME text parts are CRLF on the wire; a reader gets the same lines.
    plain, page = (p.get_content().replace("\r\n", "\n") for p in parts)
    assert plain == terminal.report_plain(view, for_candidate=True)
    assert page == render_html.report_html(view, for_candidate=True)
    assert "Hi Ada," in plain and "Cloud Guild" in seen(page)


def test_the_email_comes_from_the_interviewers_address_when_they_gave_one() -> None:
    view = build_report(interview(interviewer="Grace Hopper <grace@example.org>"), catalogue())
    message = parse_eml(render_email.follow_up_eml(view))
    sender = message["From"].addresses[0]
    assert (sender.display_name, sender.addr_spec) == ("Grace Hopper", "grace@example.org")


def test_the_email_without_names_or_role_still_has_a_subject() -> None:
    view = build_report(interview(interviewer=None, role=None), catalogue())
    message = parse_eml(render_email.follow_up_eml(view))
    assert message["From"] is None
    assert message["Subject"] == "Following up on our conversation: your interview at Example Org"


@pytest.mark.parametrize("text", ["Ops\r\nBcc: x@evil.example", "<script>x</script>\x1b[2J"])
def test_hostile_text_cannot_add_headers_to_the_email(text: str) -> None:
    view = build_report(replace(hostile_interview(text), interviewer=text), catalogue())
    message = parse_eml(render_email.follow_up_eml(view))
    assert message["Bcc"] is None
    assert sorted(message.keys()) == sorted(
        ["Subject", "From", "Date", "X-Unsent", "MIME-Version", "Content-Type"]
    )
    assert "\x1b" not in message["Subject"]


def test_a_wish_left_unmet_is_said_in_the_candidates_words() -> None:
    wished = interview(
        gaps=(
            Gap(
                "leadership",
                None,
                "We have nothing for giving talks at conferences today.",
                kind="topic",
                wish="giving talks at conferences",
            ),
            Gap(
                "leadership",
                None,
                "The Full Bootcamp would fit, but it is full until the 2027 intake.",
                kind="full",
                wish="a bootcamp",
                offering="full-bootcamp",
            ),
            Gap("leadership", "coursework", "We have no coursework for leadership today."),
        )
    )
    view = build_report(wished, catalogue())
    for kind, text in follow_up_texts(view).items():
        said = words(text).replace("\\", "")
        assert (
            "For “giving talks at conferences”, we have nothing to offer yet; we'd rather tell "
            "you now than promise it." in said
        ), kind
        assert "The Full Bootcamp would fit, but it is full until the 2027 intake." in said, kind
        assert "We don't yet offer coursework for leadership growth" in said, kind
