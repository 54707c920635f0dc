"""What a target is: a name, a package format, typed settings, an optional check, and a writer of file trees."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import ClassVar

from pydantic import BaseModel, ConfigDict

from coursepack_quiz.diagnostics import Diagnostic, Sink, error

from ..filetree import FileTree, LazyTree
from ..model import PAGE_KINDS, Course


#: The name ending of a package in each format, unless the target says otherwise (`.imscc`).
SUFFIXES = {"zip": ".zip", "tar.gz": ".tar.gz", "dir": ""}


@dataclass
class Output:
    """What a target produced for one course: the package tree, and files to put beside it."""

    tree: FileTree | LazyTree  # a LazyTree's files are made as the writer writes them
    beside: FileTree = field(default_factory=dict)  # e.g. the LMS-admin report, next to the package
    summary: dict[str, str] = field(default_factory=dict)  # a few facts for the build's summary table


class TargetSettings(BaseModel):
    """A target's settings: none unless the target declares its own `Settings` subclass, whose
    every field has a default and a description (`coursepack targets` lists them; course.yml's
    `targets:` and `coursepack build --set TARGET.SETTING=VALUE` fill them)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Target(ABC):
    """A package format. Subclasses declare `name`, `description` and `package_format`, and
    `Settings` when they have any.

    A target is built as `Target(settings)`, with its validated `Settings` (default: every
    default). `check` puts into the sink what this format cannot express for the course (with
    file and line, files named by their course-relative `source_path`); `emit` returns the
    package's file tree. Neither reads sources nor the clock.
    """

    Settings: ClassVar[type[TargetSettings]] = TargetSettings
    name: ClassVar[str]
    description: ClassVar[str]
    package_format: ClassVar[str] = "zip"  # zip | tar.gz | dir | file
    suffix: ClassVar[str | None] = None  # default: the format's own (SUFFIXES); a `file` target names it
    priority: ClassVar[int] = 50  # lower builds first and lists first
    cost: ClassVar[int] = 1  # relative build time: a parallel build starts the costliest first
    # The page kinds `emit` writes (model.PAGE_KINDS). A course with another kind is refused
    # before `emit` with one error per page (`unbuildable_pages`), never silently left out.
    page_kinds: ClassVar[frozenset[str]] = frozenset({"lesson", "quiz"})

    def __init__(self, settings: TargetSettings | None = None):
        self.settings = settings if settings is not None else self.Settings()

    def check(self, course: Course, sink: Sink) -> None:
        """Report what this format cannot express; the default: nothing."""

    def problems(self, course: Course) -> list[Diagnostic]:
        """`check` collected into a sink of its own: what the pipeline (and a test) reads."""
        sink = Sink()
        self.check(course, sink)
        return sink.items

    @abstractmethod
    def emit(self, course: Course) -> Output:
        """Return the package tree for `course`."""

    def package_name(self, course: Course) -> str:
        """Package names come from stable IDs: `<course>-<lang>-<target>`, never from titles."""
        suffix = self.suffix if self.suffix is not None else SUFFIXES[self.package_format]
        return f"{course.id}-{course.language}-{self.name}{suffix}"


def unbuildable_pages(target: Target, course: Course) -> list[Diagnostic]:
    """One error per page whose kind `target` does not declare in `page_kinds`."""
    return [error(page.source_path, 1, f"the {target.name} target cannot build {page.kind} pages yet",
                  "target.page-kind", hint="build the other targets with -t (`coursepack targets` lists them)")
            for page in course.pages() if page.kind not in target.page_kinds]


ALL_PAGE_KINDS = frozenset(PAGE_KINDS)
