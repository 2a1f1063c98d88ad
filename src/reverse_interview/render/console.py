"""The one Console factory: every Rich Console ri draws with is made here.

Its own small room, so that `ri run` has a Console for its first prompt without importing the
report's layout (render/terminal.py re-exports it for everything else).
"""

from __future__ import annotations

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
