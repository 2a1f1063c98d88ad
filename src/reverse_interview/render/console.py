"""The one Console factory: every Rich Console ri draws with is made here.

Its own small room, so that `ri run` has a Console without importing the report's layout
(render/terminal.py re-exports it for everything else); and the one line `ri run` draws before
its first prompt, drawn as a Console would draw it without loading Rich at all.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


def console(
    *, file: IO[str] | None = None, width: int | None = None, plain: bool = False
) -> Console:
    """A Console that never reads markup, emoji codes or "highlights" data.

    `plain`: no colour and no terminal codes at all, for text written to a file.
    Rich honours NO_COLOR (and FORCE_COLOR), and takes the width from the terminal or COLUMNS.
    """
    from rich.console import Console

    if plain:
        return Console(
            file=file,
            width=width,
            color_system=None,
            force_terminal=False,
            force_jupyter=False,
            legacy_windows=False,
            highlight=False,
            markup=False,
            emoji=False,
        )
    return Console(file=file, width=width, highlight=False, markup=False, emoji=False)


# Select Graphic Rendition codes, as a Console writes them for the styles "bold" and "dim".
BOLD, DIM = "1", "2"


def line_without_rich(
    parts: Sequence[tuple[str, str]], *, file: IO[str] | None = None, terminal: bool | None = None
) -> None:
    """Write one line of parts, each bold (BOLD), dim (DIM) or plain (""), byte for byte as a
    Console prints the same Text: `ri run`'s first line, before a prompt that needs no Rich.

    The text must already be safe to show (text.visible). Without a terminal, or in one that
    takes no codes (TERM dumb or unknown, as Rich reads it), the text is written plain. A line
    longer than the terminal is left to the terminal to wrap.
    """
    out = file or sys.stdout
    if terminal is None:
        terminal = out.isatty()
    plain = not terminal or os.environ.get("TERM", "").lower() in ("dumb", "unknown")
    out.write("".join(t if plain or not code else f"\x1b[{code}m{t}\x1b[0m" for t, code in parts))
    out.write("\n")
    out.flush()
