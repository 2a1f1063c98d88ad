"""The plan's check-ins as an iCalendar file (RFC 5545), to import into any calendar.

Three all-day events (day 30, 60 and 90 after the start): the day is what the plan promises; the
hour is the manager's to choose. Each UID is the interview's ID and the day, so importing a
newer file updates the same three events instead of adding three more. Text values are escaped
(backslash, semicolon, comma, line breaks), control codes made visible, lines end CRLF and are
folded at 75 octets without splitting a character.
"""

from __future__ import annotations

import datetime as dt

from reverse_interview.report import PlanView, first_step
from reverse_interview.text import visible

_LIMIT = 75  # octets a content line may hold before it is folded


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): `\\`, `;`, `,` and line breaks escaped."""
    value = visible(value, strip=False)
    for plain, escaped in (("\\", "\\\\"), (";", "\\;"), (",", "\\,"), ("\n", "\\n")):
        value = value.replace(plain, escaped)
    return value


def fold(line: str) -> str:
    """One content line folded into pieces of at most 75 octets, CRLF and a space between."""
    pieces: list[str] = []
    current, size = "", 0
    limit = _LIMIT
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
            limit = _LIMIT - 1  # a continuation line starts with the space
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def _date(day: dt.date) -> str:
    return f"{day:%Y%m%d}"


def _one_line(value: str | None) -> str:
    return " ".join(visible(value).split())


def _description(plan: PlanView, agenda: str) -> str:
    """What the check-in is about, and the plan in brief, as plain lines."""
    view = plan.report
    lines = [agenda, ""]
    asked = {a.id for a in view.interview.arenas}
    for arena in view.arenas:
        if arena.answers.id not in asked:
            continue
        lines.append(f"{_one_line(arena.answers.name) or arena.answers.id}")
        if arena.answers.learn:
            lines.append(f"  Their goal: {_one_line(arena.answers.learn)}")
        for shown in arena.offerings:
            offering = shown.offering
            lines.append(f"  - {_one_line(offering.title)}: {_one_line(first_step(offering))}")
        lines.extend(f"  Still open: {_one_line(g.gap.message)}" for g in arena.gaps)
    lines.append("")
    lines.append(f"The whole plan: ri plan {view.interview.id}")
    return "\n".join(lines)


def plan_ics(plan: PlanView, *, now: dt.datetime | None = None) -> str:
    """The three check-ins as one VCALENDAR, lines ending CRLF."""
    from reverse_interview import __version__

    interview = plan.interview
    name = _one_line(interview.candidate) or "new hire"
    stamp = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//reverse-interview//ri {__version__}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(f'Development plan: {name}')}",
    ]
    for check_in in plan.check_ins:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{interview.id}-day{check_in.days}@reverse-interview",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{_date(check_in.on)}",
            f"DTEND;VALUE=DATE:{_date(check_in.on + dt.timedelta(days=1))}",
            f"SUMMARY:{escape_text(f'Day {check_in.days} check-in: {name}, development plan')}",
            f"DESCRIPTION:{escape_text(_description(plan, check_in.agenda))}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
