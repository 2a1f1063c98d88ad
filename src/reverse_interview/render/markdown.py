"""The report as Markdown, for hiring notes or (for the candidate) an email.

Everything that came from a person or the catalogue is escaped, so that rendered Markdown shows
the characters as typed (and HTML never gets through).
"""

from __future__ import annotations

import re

from reverse_interview.render.layout import (
    Block,
    Facts,
    Heading,
    Items,
    Para,
    Quote,
    Span,
    missing,
    plan_blocks,
    report_blocks,
)
from reverse_interview.report import PlanView, ReportView
from reverse_interview.text import visible

# Backslashed rather than written as entities (`&amp;`): a reader of the raw text, or a mail
# client showing it as plain text, sees the character, not an entity.
_MD_BACKSLASHED = frozenset("\\`*_[]#|~$<")
# `&` only needs escaping where it would start a character reference (`&amp;`, `&#38;`).
_MD_REFERENCE = re.compile(r"&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{0,31};)")
_MD_ORDERED_START = re.compile(r"\d{1,9}(?=[.)])")


def _md_escape_line(line: str) -> str:
    escaped = "".join("\\" + ch if ch in _MD_BACKSLASHED else ch for ch in line)
    escaped = _MD_REFERENCE.sub(r"\\&", escaped)
    body = escaped.lstrip(" \t")
    lead = escaped[: len(escaped) - len(body)]
    # At the start of a line these would open a list, a quote, a heading underline or a rule.
    if body[:1] in ("-", "+", "=", ">"):
        return f"{lead}\\{body}"
    number = _MD_ORDERED_START.match(body)
    if number:
        return f"{lead}{number.group()}\\{body[number.end() :]}"
    return escaped


def md_escape(text: str, *, indent: str = "") -> str:
    """Escape `text` for Markdown; its line breaks become hard breaks continued at `indent`."""
    lines = visible(text, strip=False).split("\n")
    return ("\\\n" + indent).join(_md_escape_line(line) for line in lines)


def _md_spans(spans: tuple[Span, ...], *, indent: str = "") -> str:
    merged: list[Span] = []
    for text, role in spans:
        if merged and merged[-1][1] == role:
            merged[-1] = (merged[-1][0] + text, role)
        else:
            merged.append((text, role))
    out: list[str] = []
    for text, role in merged:
        core = text.strip()
        if not core or role == "":
            out.append(md_escape(text, indent=indent))
            continue
        # Emphasis must hug its text: spaces go outside the asterisks.
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()) :]
        mark = "*" if role == "muted" else "**"
        out.append(f"{lead}{mark}{md_escape(core, indent=indent)}{mark}{trail}")
    return "".join(out)


def to_markdown(blocks: list[Block]) -> str:
    """Laid-out blocks as Markdown, every outside character escaped."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append("#" * block.level + " " + md_escape(" ".join(block.text.split())))
        elif isinstance(block, Para):
            out.append(_md_spans(block.spans))
        elif isinstance(block, Quote):
            said = visible(block.text)
            label = f"**{md_escape(block.label)}:**" if block.label else ""
            if not said:
                out.append(f"{label} *{missing(block.text)}*".strip())
            else:
                quote = "> " + md_escape(said, indent="> ")
                out.append(f"{label}\n{quote}" if label else quote)
        elif isinstance(block, Facts):
            out.append(
                "\n".join(
                    f"- **{md_escape(label)}:** {md_escape(value, indent='  ')}"
                    for label, value in block.rows
                )
            )
        elif isinstance(block, Items):
            lines: list[str] = []
            for number, item in enumerate(block.items, 1):
                marker = f"{number}. " if block.numbered else "- "
                indent = " " * len(marker)
                body = ("\\\n" + indent).join(_md_spans(spans, indent=indent) for spans in item)
                lines.append(marker + body)
            out.append("\n".join(lines))
        else:
            out.append(f"> **Warning:** {md_escape(block.text, indent='> ')}")
    return "\n\n".join(out) + "\n"


def report_markdown(view: ReportView, *, for_candidate: bool) -> str:
    """The report as Markdown, for hiring notes or (for the candidate) an email."""
    return to_markdown(report_blocks(view, for_candidate=for_candidate))


def plan_markdown(plan: PlanView) -> str:
    """The development plan as Markdown."""
    return to_markdown(plan_blocks(plan))
