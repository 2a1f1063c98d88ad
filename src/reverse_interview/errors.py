"""One exception tree.

A `UserError` is something the person at the keyboard can fix (a bad catalogue, an unknown
ID, a refused answer): the CLI prints its message on one line to stderr and exits with its
code. Any other exception is a bug and may show a traceback.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_USER = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class RiError(Exception):
    """Base of every error ri raises on purpose."""


class UserError(RiError):
    """An error the user can fix; carries its message and exit code."""

    exit_code = EXIT_USER

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(UserError):
    """The command was called the wrong way (exit 2)."""

    exit_code = EXIT_USAGE


class Problem:
    """One rule a file broke, at a place in it."""

    __slots__ = ("column", "line", "path", "text")

    def __init__(self, path: str, line: int | None, column: int | None, text: str) -> None:
        self.path = path
        self.line = line
        self.column = column
        self.text = text

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.text}"

    def sort_key(self) -> tuple[int, int]:
        return (self.line or 0, self.column or 0)


class FileProblems(UserError):
    """A file (catalogue or answers) broke one or more rules: one line per problem."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=Problem.sort_key)
        super().__init__("\n".join(str(p) for p in self.problems))


class CatalogueError(FileProblems):
    """The catalogue cannot be trusted."""


class AnswersError(FileProblems):
    """An answers file was refused whole."""


class StoreError(UserError):
    """The store cannot be used (newer schema, not a store, unreadable)."""


class NotFound(UserError):
    """No interview matches an ID or prefix, or more than one does."""


class Refused(UserError):
    """An answer was refused where it was given (too many arenas, an unknown offering...)."""


class Interrupted(RiError):
    """The interviewer pressed Ctrl-C or sent EOF at a prompt; everything so far is saved."""

    def __init__(self, interview_id: str | None, status: str = "draft") -> None:
        super().__init__(interview_id)
        self.interview_id = interview_id
        self.status = status
