"""A question while it is read: its `Draft` and each answer line's `Answer`.

Their own module so that syntax.py (which reads headings and lines into drafts) and
syntax_answers.py (which reads answer lines and builds a draft's answers into fields) both import
them, and neither imports the other for its types.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .scanner import Line


@dataclass
class Answer:
    line: Line
    kind: str
    text: str = ""
    id: str | None = None
    bad_id: bool = False  # an invalid `{#id}` was reported; don't also call it missing
    correct: bool = False
    round: bool = True  # `( )` rather than `[ ]`
    left: str = ""
    number: int = 0
    feedback: list[str] = field(default_factory=list)
    feedback_line: int = 0  # where the feedback starts, for diagnostics about it


@dataclass
class Draft:
    heading: Line
    prompt: str
    id: str | None = None
    classes: set[str] = field(default_factory=set)
    points: float = 1.0
    facts: tuple[str, ...] = ()
    name: str = ""  # the explicit or provisional ID, for messages
    body: list[str] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    hints: list[list[str]] = field(default_factory=list)
    overall: dict[str, list[str]] = field(default_factory=lambda: {"correct": [], "incorrect": []})
    overall_lines: dict[str, list[int]] = field(default_factory=lambda: {"correct": [], "incorrect": []})

    @property
    def line(self) -> int:
        return self.heading.no
