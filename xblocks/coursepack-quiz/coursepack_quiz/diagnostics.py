"""Diagnostics: every problem found in an author's file, with its location and a rule code.

The builder and the XBlock's Studio editor share this type, so an author sees the same
message, in the same format, wherever they edit.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Iterable


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


class Sink:
    """Where every stage puts the problems it finds: load, validate, a target's `check`, the
    quiz and scenario parsers. One collector, passed down, instead of lists handed around.

    `path` is the file that `error()` and `warning()` report against; `at(path)` gives a sink for
    another file that collects into the same list (a course has many files, a parser reads one).
    """

    def __init__(self, path: str = "") -> None:
        self.path = path
        self.items: list[Diagnostic] = []

    def at(self, path: str) -> "Sink":
        """A sink for the file `path`, sharing this one's diagnostics."""
        view = Sink(path)
        view.items = self.items
        return view

    def add(self, diagnostic: Diagnostic) -> None:
        self.items.append(diagnostic)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.items.extend(diagnostics)

    def error(self, line: int, message: str, code: str, *, col: int = 0, hint: str = "") -> None:
        self.add(Diagnostic(self.path, line, col, Severity.ERROR, message, code, hint))

    def warning(self, line: int, message: str, code: str, *, col: int = 0, hint: str = "") -> None:
        self.add(Diagnostic(self.path, line, col, Severity.WARNING, message, code, hint))

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.items)

    def sorted(self) -> list[Diagnostic]:
        """By position in the file (a one-file sink's order)."""
        return sorted(self.items, key=lambda d: (d.line, d.col))
