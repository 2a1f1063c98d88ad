"""The report, the follow-up and the plan as one self-contained HTML page.

One file that opens anywhere and can be attached or pasted into an email: the CSS is inline,
there are no scripts, no fonts or images from elsewhere (the page's own Content-Security-Policy
forbids them), and it reads on a phone as well as on paper (print CSS). Every piece of text
passes through `visible` and then `html.escape`: a candidate's `<script>` is shown, not run.
"""

from __future__ import annotations

from html import escape

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

_STYLE = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0; padding: 1.25rem 1rem 2rem; background: #fff; color: #1d1d1f;
  font: 1rem/1.55 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
main { max-width: 40rem; margin: 0 auto; overflow-wrap: anywhere; word-break: break-word; }
h1 { font-size: 1.5rem; line-height: 1.25; margin: 0 0 1rem; }
h2 {
  font-size: 1.2rem; line-height: 1.3; margin: 2rem 0 .6rem; padding-bottom: .25rem;
  border-bottom: 1px solid #d8d8dc;
}
h3 { font-size: 1.02rem; margin: 1.3rem 0 .4rem; }
h2.gap { color: #a4262c; }
p { margin: .6rem 0; white-space: pre-line; }
.label { font-weight: 600; font-size: .92rem; color: #3a3a3f; margin: .8rem 0 .2rem; }
blockquote {
  margin: 0 0 .6rem; padding: .35rem .9rem; border-left: .25rem solid #7a9cc6;
  background: #f3f6fa; white-space: pre-line;
}
.missing { color: #6e6e73; font-style: italic; }
.muted { color: #5b5b60; }
.gap { color: #a4262c; }
ul, ol { margin: .4rem 0 .8rem; padding-left: 1.3rem; }
li { margin: .45rem 0; }
li > div + div { font-size: .93rem; }
dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: .15rem 1rem;
  margin: .5rem 0 1rem; }
dt { color: #5b5b60; }
dd { margin: 0; }
.warning {
  padding: .5rem .8rem; border: 1px solid #e3b341; background: #fff8e1; border-radius: .3rem;
}
@media (max-width: 30rem) {
  body { padding: 1rem .8rem 1.5rem; }
  dl { grid-template-columns: minmax(0, 1fr); }
  dd { margin-bottom: .35rem; }
}
@media print {
  @page { margin: 18mm 16mm; }
  body { padding: 0; font-size: 11pt; color: #000; }
  main { max-width: none; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  li, blockquote, .warning, dl { break-inside: avoid; page-break-inside: avoid; }
  blockquote { background: none; border-left-color: #000; }
  .muted, dt, .missing { color: #333; }
}
"""

# Nothing may load from anywhere or run: only the inline style above.
_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; form-action 'none'"

_ROLE_CLASSES = {"muted": "muted", "gap": "gap"}


def text(value: str | None) -> str:
    """Outside text as HTML: control codes made visible, every special character escaped."""
    return escape(visible(value, strip=False), quote=True)


def _spans(spans: tuple[Span, ...]) -> str:
    out: list[str] = []
    for value, role in spans:
        shown = text(value)
        if role == "strong":
            out.append(f"<strong>{shown}</strong>")
        elif role in _ROLE_CLASSES:
            out.append(f'<span class="{_ROLE_CLASSES[role]}">{shown}</span>')
        else:
            out.append(shown)
    return "".join(out)


def blocks_html(blocks: list[Block]) -> str:
    """The body of a page: the blocks every format draws, as HTML elements."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            level = min(max(block.level, 1), 3)
            css = f' class="{_ROLE_CLASSES[block.role]}"' if block.role in _ROLE_CLASSES else ""
            out.append(f"<h{level}{css}>{text(' '.join(block.text.split()))}</h{level}>")
        elif isinstance(block, Para):
            out.append(f"<p>{_spans(block.spans)}</p>")
        elif isinstance(block, Quote):
            if block.label:
                out.append(f'<p class="label">{text(block.label)}</p>')
            said = visible(block.text)
            if said:
                out.append(f"<blockquote>{text(said)}</blockquote>")
            else:
                out.append(f'<p class="missing">{text(missing(block.text))}</p>')
        elif isinstance(block, Facts):
            rows = "".join(
                f"<dt>{text(label)}</dt><dd>{text(value)}</dd>" for label, value in block.rows
            )
            out.append(f"<dl>{rows}</dl>")
        elif isinstance(block, Items):
            tag = "ol" if block.numbered else "ul"
            items = "".join(
                "<li>" + "".join(f"<div>{_spans(line)}</div>" for line in item) + "</li>"
                for item in block.items
            )
            out.append(f"<{tag}>{items}</{tag}>")
        else:
            out.append(f'<p class="warning"><strong>Warning:</strong> {text(block.text)}</p>')
    return "\n".join(out)


def page(blocks: list[Block], *, title: str) -> str:
    """A whole self-contained page: the blocks, with `title` in the tab and on paper."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{text(' '.join(visible(title).split()))}</title>\n"
        f"<style>{_STYLE}</style>\n</head>\n<body>\n<main>\n"
        f"{blocks_html(blocks)}\n</main>\n</body>\n</html>\n"
    )


def report_html(view: ReportView, *, for_candidate: bool) -> str:
    """The report (or, for the candidate, the follow-up) as one self-contained page."""
    from reverse_interview.render.layout import follow_up_subject

    if for_candidate:
        title = follow_up_subject(view)
    else:
        name = " ".join(visible(view.interview.candidate).split()) or "no name recorded"
        title = f"Reverse interview: {name}"
    return page(report_blocks(view, for_candidate=for_candidate), title=title)


def plan_html(plan: PlanView) -> str:
    """The development plan as one self-contained page."""
    name = " ".join(visible(plan.interview.candidate).split()) or "no name recorded"
    return page(plan_blocks(plan), title=f"Development plan: {name}")
