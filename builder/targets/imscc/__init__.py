"""Target `imscc`: an IMS Common Cartridge 1.1 with native QTI 1.2 quizzes (CC profile).

Lessons become web-content pages and quizzes assessment resources. A question bank holding every
question is optional and off by default (the `question_bank` setting adds it): Moodle imports it as a
second bank duplicating every quiz's questions, and cc2olx ignores it. What the profile cannot hold (matching, ordering, more than five
attempts, fractional points) is decided in `mapping` and reported by `check` as warnings
with file and line, and again in the admin report beside the cartridge.
"""

from __future__ import annotations

from pydantic import Field

from coursepack_quiz.diagnostics import Sink

from ...filetree import made_as_written
from ...model import Course, Lesson, QuizPage
from ...runtime.standalone import activity_page
from ... import urls
from .. import register
from ..base import ALL_PAGE_KINDS, Output, Target, TargetSettings
from . import layout, manifest, qti
from .admin import build_report
from .mapping import MappedQuiz, map_quiz
from .pages import LinkMapper, glossary_title, web_content


@register
class CommonCartridgeTarget(Target):
    name = "imscc"
    description = "IMS Common Cartridge 1.1 (.imscc) with native QTI quizzes, for Canvas, Moodle, Blackboard, D2L"
    suffix = ".imscc"
    priority = 30
    page_kinds = ALL_PAGE_KINDS  # scenarios and reflections are standalone pages, untracked (admin report)

    class Settings(TargetSettings):
        question_bank: bool = Field(False, description="add a question bank holding every question (Moodle "
                                    "imports it as a second copy of every quiz's questions; cc2olx ignores it)")

    def __init__(self, settings: TargetSettings | None = None):
        super().__init__(settings)
        # Each quiz as the profile holds it, by page object: `check` decides it and `emit` writes the
        # same decisions (the pages are frozen, and a build emits the very pages it checked, in this
        # process or a fork of it), instead of deciding every quiz twice.
        self._mapped: dict[int, tuple[QuizPage, str, MappedQuiz]] = {}

    def _map(self, page: QuizPage, direction: str) -> MappedQuiz:
        known = self._mapped.get(id(page))
        if known is None or known[0] is not page or known[1] != direction:  # the page is kept: its id stays its own
            known = self._mapped[id(page)] = (page, direction, map_quiz(page, direction))
        return known[2]

    def check(self, course: Course, sink: Sink) -> None:
        for page in course.quizzes():
            sink.extend(self._map(page, course.direction).diagnostics)

    def emit(self, course: Course) -> Output:
        quizzes = [self._map(page, course.direction) for page in course.quizzes()]
        links = LinkMapper(course)
        content = web_content(course, links)
        tree: dict[str, bytes] = {}  # the small files (quizzes, manifest); pages and media are made as written
        plan = manifest.Plan(glossary_title=glossary_title(course) if course.glossary else None)
        by_id = {m.page.id: m for m in quizzes}
        for page in course.pages():
            if isinstance(page, QuizPage):
                self._add_quiz(tree, plan, by_id[page.id], links)
            elif isinstance(page, Lesson):
                plan.resources.append(manifest.lesson_resource(page, page.id in content.media_users))
            else:
                self._add_activity(tree, plan, course, page, links)
        self._add_shared(tree, plan, course, quizzes, links)
        tree["imsmanifest.xml"] = manifest.manifest(course, plan)
        report = build_report(course, quizzes, self._has_bank(quizzes))
        questions = sum(len(m.questions) for m in quizzes)
        summary = {"pages": str(sum(1 for _ in course.lessons())), "quizzes": str(len(quizzes)),
                   "questions": str(questions)}
        activities = sum(1 for p in course.pages() if p.kind in ("scenario", "reflection"))
        if activities:
            summary["activities (not tracked)"] = str(activities)
        mapped = sum(1 for m in quizzes for q in m.questions if q.note)
        left_out = sum(len(m.left_out) for m in quizzes)
        if mapped or left_out:
            summary["questions asked another way"] = str(mapped)
            summary["questions left out"] = str(left_out)
        return Output(made_as_written({**content.files, **tree}), report.files(self.package_name(course)), summary)

    def _add_activity(self, tree: dict, plan: manifest.Plan, course: Course, page, links: LinkMapper) -> None:
        """A scenario or reflection: its standalone page, as web content (played, not tracked)."""
        path = layout.activity_file(page.id)
        media: set[str] = set()

        def rewrite(html: str) -> str:
            media.update(kind for kind, _ in urls.references(html))
            return links.rewrite(html, path)

        tree[path] = activity_page(course, page, rewrite)
        plan.resources.append(manifest.Resource(layout.page_resource(page.id), manifest.WEBCONTENT, [path], href=path,
                                                dependencies=[layout.MEDIA_RESOURCE] if "media" in media else []))

    def _has_bank(self, quizzes: list[MappedQuiz]) -> bool:
        return self.settings.question_bank and any(m.questions for m in quizzes)

    def _add_quiz(self, tree: dict, plan: manifest.Plan, mapped: MappedQuiz, links: LinkMapper) -> None:
        path = layout.quiz_file(mapped.page.id)
        used: set[str] = set()  # resources whose files the quiz text names: the assessment depends on them
        tree[path] = qti.assessment(mapped, lambda html: links.qti(html, used),
                                    lambda qid: layout.item_ident(mapped.page.id, qid))
        plan.resources.append(manifest.Resource(layout.page_resource(mapped.page.id), manifest.ASSESSMENT, [path],
                                                dependencies=sorted(used)))

    def _add_shared(self, tree: dict, plan: manifest.Plan, course: Course, quizzes: list[MappedQuiz],
                    links: LinkMapper) -> None:
        if course.media:
            plan.resources.append(manifest.Resource(
                layout.MEDIA_RESOURCE, manifest.WEBCONTENT, [layout.media_file(m.path) for m in course.media]))
        if course.glossary:
            kinds = {kind for t in course.glossary for kind, _ in urls.references(t.definition_html)}
            deps = [layout.MEDIA_RESOURCE] if "media" in kinds else []
            plan.resources.append(manifest.Resource(layout.GLOSSARY_RESOURCE, manifest.WEBCONTENT,
                                                    [layout.GLOSSARY_FILE], href=layout.GLOSSARY_FILE,
                                                    dependencies=deps))
        if self._has_bank(quizzes):
            used: set[str] = set()
            tree[layout.BANK_FILE] = qti.question_bank(quizzes, lambda html: links.qti(html, used),
                                                       layout.bank_item_ident, layout.BANK_RESOURCE)
            plan.resources.append(manifest.Resource(layout.BANK_RESOURCE, manifest.QUESTION_BANK, [layout.BANK_FILE],
                                                    dependencies=sorted(used)))
