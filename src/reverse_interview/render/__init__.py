"""The formats, one room each, and what they share.

layout.py     the report as blocks, the same for every format
console.py    the one Console factory (`console()`), light enough for the first prompt
terminal.py   the report drawn with Rich (terminal and plain text)
markdown.py   the report as Markdown;  html.py  one self-contained page;  email.py  a draft
ics.py        the plan's check-ins as an iCalendar file
json.py       JSON for every command (`dumps`), and the report as JSON
catalogue.py  `ri offerings list`;  interviews.py `ri list`;  gaps.py `ri gaps`

Outside text is shown through `reverse_interview.text.visible`, and given to Rich only as Text.
"""
