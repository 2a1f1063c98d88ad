"""The follow-up as a draft email (RFC 5322) that a mail client opens ready to send.

Built with the standard library's `email` package: `multipart/alternative` with the plain text
(what `ri report --for candidate` prints) and the HTML page, a subject naming the role and the
organisation, the interviewer as sender when known, and `X-Unsent: 1`, which tells Outlook,
Thunderbird and Apple Mail to open it as a draft rather than as a received message.
"""

from __future__ import annotations

import datetime as dt
from email import policy, utils
from email.headerregistry import Address, Group
from email.message import EmailMessage

from reverse_interview.render.html import report_html
from reverse_interview.render.layout import follow_up_subject
from reverse_interview.render.terminal import report_plain
from reverse_interview.report import ReportView
from reverse_interview.text import visible


def _one_line(value: str | None) -> str:
    return " ".join(visible(value).split())


def sender(interviewer: str | None) -> Address | Group | None:
    """The interviewer as a From header: `Name <address>` when their name carries an address;
    a name alone becomes an empty group (`Name:;`), valid RFC 5322 that names them without
    making up an address for the mail client to send from."""
    name = _one_line(interviewer)
    if not name:
        return None
    display, address = utils.parseaddr(name)
    if address and "@" in address and " " not in address:
        try:
            return Address(display_name=display, addr_spec=address)
        except (ValueError, IndexError):
            pass
    return Group(display_name=name)


def follow_up_eml(view: ReportView, *, when: dt.datetime | None = None) -> str:
    """The follow-up as the text of an .eml file, lines ending CRLF."""
    message = EmailMessage(policy=policy.SMTP)
    message["Subject"] = follow_up_subject(view)
    found = sender(view.interview.interviewer)
    if found is not None:
        message["From"] = found
    message["Date"] = utils.format_datetime((when or dt.datetime.now(dt.UTC)).astimezone())
    message["X-Unsent"] = "1"
    message.set_content(report_plain(view, for_candidate=True), cte="quoted-printable")
    message.add_alternative(
        report_html(view, for_candidate=True), subtype="html", cte="quoted-printable"
    )
    # Headers on one line up to RFC 5322's hard limit: Python's folding of a long subject
    # puts it all on a continuation line, which its own parser then reads with a leading blank.
    # The parts stay quoted-printable, 76 characters a line, as encoded above.
    return message.as_string(policy=policy.SMTP.clone(max_line_length=998))
