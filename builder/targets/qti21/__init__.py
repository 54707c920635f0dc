"""Target `qti21`: every course question as a QTI 2.1 content package, for assessment systems.

All six question types keep their own interaction (QTI 2.1 has matching and ordering), so this
target never maps or drops a question. One assessmentTest per quiz carries its order, its
shuffle setting and its pass mark.
"""

from __future__ import annotations

from posixpath import relpath

from ...model import Course, QuizPage
from ...report import AdminReport, course_fact
from ... import urls
from .. import register
from .._activities import files_left_out, left_out_data, left_out_notes, left_out_summary
from ..base import ALL_PAGE_KINDS, Output, Target
from .items import assessment_item, ncname, processing_kind
from .package import ITEM_TYPE, TEST_TYPE, Resource, assessment_test, manifest

MEDIA_RESOURCE = "media"


def item_file(quiz_id: str, question_id: str) -> str:
    return f"items/{quiz_id}/{question_id}.xml"


def assessment_test_file(quiz_id: str) -> str:
    return f"tests/{quiz_id}.xml"


def item_identifier(quiz_id: str, question_id: str) -> str:
    return ncname(f"{quiz_id}.{question_id}")  # unique in the package: question IDs repeat across quizzes


def rewriter(from_file: str, shown: set[str] | None = None):
    """Maps the `coursepack:` URLs of one item's texts; each media path it maps is added to `shown`
    (the files the item shows: its resource depends on them)."""
    folder = from_file.rsplit("/", 1)[0]

    def media(path: str) -> str:
        if shown is not None:
            shown.add(path)
        return urls.media_url(relpath(path, folder))

    def rewrite(html: str) -> str:  # lessons and the glossary are not in a question package
        if not urls.has_urls(html):  # most texts: nothing to unlink or map
            return html
        return urls.rewrite(urls.without_page_links(html), lesson=str, glossary=str, media=media)
    return rewrite


@register
class Qti21Target(Target):
    name = "qti21"
    description = "IMS QTI 2.1 content package of the course's questions (all six types), for assessment systems"
    priority = 35
    page_kinds = ALL_PAGE_KINDS  # scenarios and reflections are left out, and the report says so

    def emit(self, course: Course) -> Output:
        tree: dict[str, bytes] = {}
        resources: list[Resource] = []
        media = {m.path: m.data for m in course.media}
        used: set[str] = set()  # only media that questions show: every packaged file is referenced
        for page in course.quizzes():
            resources += self._quiz(tree, page, course.language, media, used)
        if used:
            tree.update({path: media[path] for path in used})
            resources.append(Resource(MEDIA_RESOURCE, "webcontent", sorted(used)))
        tree["imsmanifest.xml"] = manifest(ncname(f"cp.{course.id}.{course.language}.qti21"), resources)
        questions = sum(len(p.quiz.questions) for p in course.quizzes())
        summary = {"quizzes": str(sum(1 for _ in course.quizzes())), "questions": str(questions),
                   **left_out_summary(course)}
        return Output(tree, _report(course, questions, used).files(self.package_name(course)), summary)

    def _quiz(self, tree: dict, page: QuizPage, language: str, media: dict[str, bytes],
              used_media: set[str]) -> list[Resource]:
        resources, refs = [], []
        for q in page.rendered.questions:
            path = item_file(page.id, q.id)
            identifier = item_identifier(page.id, q.id)
            shown: set[str] = set()  # every media path the item's texts name, found as they are mapped
            tree[path] = assessment_item(q, identifier, language, rewriter(path, shown), page.quiz.settings.shuffle)
            used = sorted(value for value in shown if value in media)
            used_media.update(used)
            resources.append(Resource(f"item.{page.id}.{q.id}", ITEM_TYPE, [path], href=path,
                                      dependencies=[MEDIA_RESOURCE] if used else []))
            refs.append((identifier, f"../{path}"))  # from the test, in a folder at the package root
        path = assessment_test_file(page.id)
        tree[path] = assessment_test(ncname(page.id), page.title, page.pass_mark, refs,
                                     page.quiz.settings.shuffle_questions)
        resources.append(Resource(f"test.{page.id}", TEST_TYPE, [path], href=path,
                                  dependencies=[r.identifier for r in resources]))
        return resources


def _report(course: Course, questions: int, held: set[str]) -> AdminReport:
    quizzes = list(course.quizzes())
    files_note, files_data = files_left_out(course, held, "A QTI 2.1 question package")
    processing = {(p.id, q.id): processing_kind(q) for p in quizzes for q in p.quiz.questions}
    kinds = {kind: [(p, q) for p in quizzes for q in p.quiz.questions if processing[p.id, q.id] == kind]
             for kind in ("template", "template+rules", "rules")}
    return AdminReport(
        title=f"QTI 2.1 package: {course.title}",
        summary="A QTI 2.1 content package with every question of the course, for assessment systems and "
                "question banks that import QTI 2.1 (e.g. TAO, Inspera, Moodle with a QTI plugin).",
        facts=[course_fact(course.title, course.id, course.language),
               ("Format", "IMS QTI 2.1 items and tests in an IMS Content Package"),
               ("Tests", f"{len(quizzes)}, one per quiz, each with its pass mark as the PASS outcome"),
               ("Items", f"{questions}; every question type kept as it is (none mapped, none left out)"),
               ("Scored by a standard template (match_correct, map_response)",
                str(len(kinds["template"]) + len(kinds["template+rules"]))),
               ("Need a full QTI engine to be scored (own response rules only)", str(len(kinds["rules"])))],
        notes=_processing_notes(kinds) + [
               "Fill-in answers are compared ignoring case (unless the question is case-sensitive) but, unlike "
               "our own players, a QTI system may not ignore extra spaces.",
               "Attempts and when answers are shown are not part of QTI 2.1 tests: set them in the importing "
               "system.",
               "QTI 2.1 has no text-direction attribute: right-to-left text relies on the item's language and "
               "the importing system's bidirectional text support.",
               *left_out_notes(course, "QTI 2.1"), *files_note],
        steps=["Import the .zip as a QTI 2.1 content package in the assessment system."],
        data={"quizzes": [{"id": p.id, "title": p.title, "pass_mark": p.pass_mark,
                           "items": [item_identifier(p.id, q.id) for q in p.quiz.questions],
                           "response_processing": {item_identifier(p.id, q.id): processing[p.id, q.id]
                                                   for q in p.quiz.questions}} for p in quizzes],
              **left_out_data(course), **files_data})


def _processing_notes(kinds: dict[str, list]) -> list[str]:
    """Which items an engine that knows only the standard templates can score, and with what loss."""
    notes = []
    if kinds["template+rules"]:
        notes.append(f"{len(kinds['template+rules'])} item(s) name a standard template and also carry their own "
                     "response rules, which repeat the template's scoring and add the feedback: an engine that runs "
                     "response rules shows the feedback; one that knows only the templates scores them right but "
                     "shows no feedback.")
    if kinds["rules"]:
        items = ", ".join(f"{item_identifier(p.id, q.id)} ({p.source_path}:{q.line})" for p, q in kinds["rules"])
        notes.append(f"These items need a full QTI 2.1 engine (one that runs response rules) to be scored at all: "
                     f"{items}. No standard template scores an all-or-nothing multiple-response, matching or "
                     "ordering question worth other than one point; give them one point to avoid this.")
    return notes
