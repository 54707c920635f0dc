"""Where every page of a course goes in Open edX, and the url_name of everything.

Modules become chapters. Within a module, consecutive lessons (and practice quizzes) share a
sequential; each graded quiz gets a sequential of its own, because Open edX grades by
subsection and gives each subsection of an assignment type equal weight: one quiz per graded
subsection, each its own assignment type, reproduces the course score (weighted mean of the
quizzes' percentages) exactly.

url_names come from stable IDs only, so re-importing an updated course keeps learner state:
a unit is its page ID (so `/jump_to_id/<lesson ID>` reaches it), everything else is prefixed.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...model import Course, Module, PageModel, QuizPage
from .._names import prefixed

GLOSSARY_UNIT = "glossary"


@dataclass(frozen=True)
class Sequential:
    url_name: str
    title: str
    pages: tuple[PageModel, ...]
    graded_quiz: QuizPage | None = None  # set when this subsection is one graded quiz


@dataclass(frozen=True)
class Chapter:
    url_name: str
    title: str
    sequentials: tuple[Sequential, ...]


def chapter_name(module: Module) -> str:
    return f"ch-{module.id}"


html_name = prefixed("html-")  # a lesson's html component, by page ID
quiz_name = prefixed("quiz-")  # a quiz's XBlock, by page ID


def is_graded(page: PageModel) -> bool:
    return isinstance(page, QuizPage) and page.weight > 0


def chapters(course: Course) -> list[Chapter]:
    return [Chapter(chapter_name(m), m.title, tuple(_sequentials(m))) for m in course.modules]


def _sequentials(module: Module) -> list[Sequential]:
    out: list[Sequential] = []
    run: list[PageModel] = []
    after: str | None = None  # the graded quiz the current run follows
    for page in module.pages:
        if is_graded(page):
            out += _run(module, run, after)
            out.append(Sequential(f"seq-{page.id}", page.title, (page,), page))
            run, after = [], page.id
        else:
            run.append(page)
    return out + _run(module, run, after)


def _run(module: Module, pages: list[PageModel], after: str | None) -> list[Sequential]:
    if not pages:
        return []
    # Named after the module (and the graded quiz before it), not after its first lesson, so
    # inserting a lesson never renames the subsection.
    name = f"seq-{module.id}" if after is None else f"seq-{module.id}-after-{after}"
    return [Sequential(name, module.title if after is None else pages[0].title, tuple(pages))]


def url_names(course: Course) -> list[tuple[str, str, PageModel | None]]:
    """Every (category, url_name, page it comes from) the archive holds, for the clash check."""
    names: list[tuple[str, str, PageModel | None]] = []
    for chapter in chapters(course):
        names.append(("chapter", chapter.url_name, None))
        for seq in chapter.sequentials:
            names.append(("sequential", seq.url_name, seq.graded_quiz))
            for page in seq.pages:
                names.append(("vertical", page.id, page))
                names.append(("coursepack_quiz", quiz_name(page.id), page) if isinstance(page, QuizPage)
                             else ("html", html_name(page.id), page))
    if course.glossary:
        names += [("chapter", f"ch-{GLOSSARY_UNIT}", None), ("sequential", f"seq-{GLOSSARY_UNIT}", None),
                  ("vertical", GLOSSARY_UNIT, None), ("html", html_name(GLOSSARY_UNIT), None)]
    return names
