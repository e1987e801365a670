"""Located content errors reported like a compiler: path:line:col: field: message."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class ContentError:
    """One problem in a content file; line and column are 1-based."""

    path: str
    line: int
    col: int
    field: str
    message: str

    def __str__(self) -> str:
        field = f"{self.field}: " if self.field else ""
        return f"{self.path}:{self.line}:{self.col}: {field}{self.message}"


class ContentErrors(Exception):
    """Raised with every problem found in one or more content files."""

    def __init__(self, errors: list[ContentError]) -> None:
        self.errors = sorted(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


class UserError(Exception):
    """A problem the user can fix; the CLI prints it as one line, without a traceback."""
