"""What a target is: a name, a package format, an optional check, and a writer of file trees."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import ClassVar

from coursepack_quiz.diagnostics import Diagnostic

from ..filetree import FileTree
from ..model import Course


@dataclass
class Output:
    """What a target produced for one course: the package tree, and files to put beside it."""

    tree: FileTree
    beside: FileTree = field(default_factory=dict)  # e.g. the LMS-admin report, next to the package
    summary: dict[str, str] = field(default_factory=dict)  # a few facts for the build's summary table


class Target(ABC):
    """A package format. Subclasses declare `name`, `description` and `package_format`.

    `check` reports what this format cannot express for the course (with file and line);
    `emit` returns the package's file tree. Neither reads sources nor the clock.
    """

    name: ClassVar[str]
    description: ClassVar[str]
    package_format: ClassVar[str] = "zip"  # zip | tar.gz | dir | file
    suffix: ClassVar[str] = ".zip"
    priority: ClassVar[int] = 50  # lower builds first and lists first

    def check(self, course: Course) -> list[Diagnostic]:
        return []

    @abstractmethod
    def emit(self, course: Course) -> Output:
        """Return the package tree for `course`."""

    def package_name(self, course: Course) -> str:
        """Package names come from stable IDs: `<course>-<lang>-<target>`, never from titles."""
        return f"{course.id}-{course.language}-{self.name}{self.suffix}"
