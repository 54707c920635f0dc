"""Target `review`: the course for subject-matter reviewers, as a zip of static HTML.

Every page shows its answer keys, per-option feedback, hints, the source facts it cites and
the source file and line of each block, plus `print.html`, the whole course on one page.
The layout lives in `builder/review/`; this module only registers it and reports.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from coursepack_quiz.diagnostics import Sink, warning

from ..filetree import LazyTree
from ..model import Course
from ..review import ReviewSite, load_facts
from . import register
from .base import ALL_PAGE_KINDS, Output, Target, TargetSettings


@register
class ReviewTarget(Target):
    name = "review"
    description = "reviewer edition: answer keys, feedback, hints, source facts and lines, one printable page"
    priority = 80
    # Every page twice (its own page and the one-page edition), 22 MB of HTML at 1,000 lessons:
    # still the costliest target (about 0.2 s CPU there, of which the zip about a third).
    cost = 4
    page_kinds = ALL_PAGE_KINDS

    class Settings(TargetSettings):
        facts: Path | None = Field(None, description="fact sheet (FACTS.md) whose texts are shown next to each "
                                   "page's fact IDs and whose IDs are checked; in course.yml relative to course.yml")

    def __init__(self, settings: Settings | None = None):
        super().__init__(settings)
        # The settings were checked (the file exists) before any target is built.
        self.facts = load_facts(self.settings.facts) if self.settings.facts else None

    def check(self, course: Course, sink: Sink) -> None:
        if self.facts is None:
            return
        sink.extend(warning(page.source_path, line, f"fact '{fact_id}' is not in the fact sheet",
                            "review.unknown-fact", hint="check the ID against the fact sheet, or add the fact there")
                    for page in course.pages() for line, fact_id in _cited(page) if fact_id not in self.facts)

    def emit(self, course: Course) -> Output:
        site = ReviewSite(course, facts=self.facts)
        tree = LazyTree(site.paths(), site.chunks)  # each page made as it is written, never all at once
        pages = sum(1 for _ in course.pages())
        return Output(tree, summary={"pages": str(pages), "facts": "with texts" if self.facts else "IDs only"})


def _cited(page) -> list[tuple[int, str]]:
    """(line, fact ID) for the page's facts (front matter, line 1) and each question's facts."""
    cited = [(1, fact_id) for fact_id in page.facts]
    if page.kind == "quiz":
        cited += [(q.line or 1, fact_id) for q in page.quiz.questions for fact_id in q.facts]
    return cited
