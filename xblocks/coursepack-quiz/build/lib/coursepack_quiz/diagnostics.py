"""Diagnostics: every problem found in an author's file, with its location and a rule code.

The builder and the XBlock's Studio editor share this type, so an author sees the same
message, in the same format, wherever they edit.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem: `path:line:col: severity: message [code]`, plus an optional hint.

    `line` and `col` are 1-based; 0 means "the whole file" (no better position is known).
    """

    path: str
    line: int
    col: int
    severity: Severity
    message: str
    code: str
    hint: str = ""

    def format(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}"
            if self.col:
                where += f":{self.col}"
        text = f"{where}: {self.severity.value}: {self.message} [{self.code}]"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def escalated(self) -> "Diagnostic":
        """The same diagnostic as an error (what `--strict` does to warnings)."""
        return Diagnostic(self.path, self.line, self.col, Severity.ERROR, self.message, self.code, self.hint)


def error(path: str, line: int, message: str, code: str, *, col: int = 0, hint: str = "") -> Diagnostic:
    return Diagnostic(path, line, col, Severity.ERROR, message, code, hint)


def warning(path: str, line: int, message: str, code: str, *, col: int = 0, hint: str = "") -> Diagnostic:
    return Diagnostic(path, line, col, Severity.WARNING, message, code, hint)
