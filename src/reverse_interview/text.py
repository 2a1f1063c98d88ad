"""The one rule for showing text that came from outside (a candidate, an interviewer, the
catalogue): every format and every command passes it through `visible` before showing it.
"""

from __future__ import annotations

import re

_CONTROL_CODES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str | None, *, strip: bool = True) -> str:
    """Outside text, safe to show: line ends made plain, and control codes (which could drive
    a terminal) made visible, never sent; outer blanks trimmed unless `strip` is False."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL_CODES.sub("\ufffd", text)
    return text.strip() if strip else text
