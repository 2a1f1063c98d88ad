"""How the `ri` command starts.

Starting up (importing Typer, Rich and ri's own modules, making the command about to run) makes
a few hundred thousand objects and no garbage: Python's cycle collector would walk them over
and over for nothing, about a tenth of the start-up. It is paused from the first line until the
command's own code begins (`ri run` keeps it paused until its first question is asked).
"""

from __future__ import annotations

import gc

_paused = False


def main() -> None:
    """The `ri` command."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True
    from reverse_interview.cli import app

    app(prog_name="ri")


def set_up() -> None:
    """The command's own code begins: the collector runs again, if `main` paused it."""
    global _paused
    if _paused:
        _paused = False
        resume_collector()


def resume_collector() -> None:
    """Run the cycle collector again after a pause, leaving out what was made meanwhile.

    Resumed as it was, its next pass would walk every object made during the pause (all the
    modules', classes' and functions' objects: tens of milliseconds), to find nothing. Those
    live as long as `ri` does: they are set aside (`gc.freeze`) and never walked.
    """
    gc.freeze()
    gc.enable()
