"""The one rule for showing text that came from outside (a candidate, an interviewer, the
catalogue): every format and every command passes it through `visible` before showing it.

Such text is data. A control character in it (an escape sequence that would retitle the
window, write the clipboard, plant a link or clear the screen) is shown as a visible symbol and
never sent; Rich never reads it as markup (it is handed to Rich as `Text`, on a Console made
with markup off: `render.console.console`).
"""

from __future__ import annotations

import re

# C0 controls but tab and line feed, DEL, and the C1 controls (0x9b alone starts a sequence);
# and Unicode's bidirectional embeddings, overrides and isolates, which make a terminal show
# the text that follows them in another order than it has ("Trojan Source").
_CONTROL_CODES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _picture(found: re.Match[str]) -> str:
    code = ord(found.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␛ for ESC, ␇ for BEL...
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"  # a C1 or bidirectional control has no symbol of its own


# What JSON leaves as it is, though a terminal would obey it: DEL, C1, bidirectional controls.
_JSON_UNESCAPED = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def json_escaped(document: str) -> str:
    """A JSON document with those characters written as `\\uXXXX` escapes too: read back by
    any JSON reader as the same text, never acted on by a terminal it is printed to."""
    return _JSON_UNESCAPED.sub(lambda found: f"\\u{ord(found.group()):04x}", document)


def visible(text: str | None, *, strip: bool = True) -> str:
    """Outside text, safe to show: line ends made plain, and control codes made visible,
    never sent; outer blanks trimmed unless `strip` is False."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL_CODES.sub(_picture, text)
    return text.strip() if strip else text


# --- names inside our own sentences ---------------------------------------------------------


def in_sentence(name: str) -> str:
    """A name as said mid-sentence: `Leadership Growth` -> `leadership growth`; a word with a
    capital inside it (`AWS`, `DevOps`) is kept as written."""
    return " ".join(w if any(c.isupper() for c in w[1:]) else w.lower() for w in name.split())


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th... 11th, 12th, 13th... 21st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def quoted(text: str | None, limit: int = 40) -> str:
    """An answer shortened to a few words, cut at a word, for a one-line message."""
    said = " ".join((text or "").split())
    if len(said) > limit:
        cut = said[:limit].rsplit(" ", 1)[0] if " " in said[:limit] else said[:limit]
        said = cut.rstrip(",;:.") + "…"
    return f"“{said}”"
