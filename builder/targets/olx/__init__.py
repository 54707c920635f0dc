"""Target `olx`: an Open edX course export (.tar.gz) that Studio imports in one step.

Lessons become html blocks, quizzes the coursepack quiz XBlock (xblocks/coursepack-quiz, which
the LMS admin installs once), graded quizzes one graded subsection each; see layout.py for the
structure and files.py for the files. An LMS-admin report goes beside the archive.
"""

from __future__ import annotations

import re
from collections import Counter

from coursepack_quiz.diagnostics import Diagnostic, Sink, error, warning
from coursepack_quiz.model import Quiz

from ...filetree import made_as_written
from ...model import Course, QuizPage
from ...report import AdminReport
from .. import register
from ..base import ALL_PAGE_KINDS, Output, Target
from . import files, layout
from .._activities import untracked_notes

# Quiz text is shown by the XBlock's small Markdown subset (coursepack_quiz.inline): links to
# http(s)/mailto only, no images. Anything else in a quiz would silently lose its link.
_LOCAL_LINK = re.compile(r"!\[|\]\((?!https?://|mailto:)")


@register
class OlxTarget(Target):
    name = "olx"
    description = "Open edX course export (OLX .tar.gz) with quizzes as the coursepack quiz XBlock"
    package_format = "tar.gz"
    priority = 60
    page_kinds = ALL_PAGE_KINDS  # scenarios and reflections play in a frame, untracked (admin report)

    def check(self, course: Course, sink: Sink) -> None:
        sink.extend(_clashes(course) + _image_clash(course))
        for page in course.quizzes():
            sink.extend(_quiz_markdown(page))

    def emit(self, course: Course) -> Output:
        types = assignment_types(course)
        tree = files.course_files(course, types)
        tree.update(files.policy_files(course, grader(course, types)))
        name = self.package_name(course)
        summary = {"quizzes": str(sum(1 for _ in course.quizzes())), "graded": str(len(types))}
        activities = sum(1 for p in course.pages() if p.kind in ("scenario", "reflection"))
        if activities:
            summary["activities (not tracked)"] = str(activities)
        return Output(made_as_written(tree), admin_report(course, types).files(name), summary)


def assignment_types(course: Course) -> dict[str, str]:
    """Graded quiz ID → its assignment type (its title; with the ID when two titles are equal)."""
    graded = course.graded_quizzes()
    counts = Counter(q.title for q in graded)
    return {q.id: q.title if counts[q.title] == 1 else f"{q.title} ({q.id})" for q in graded}


def grader(course: Course, types: dict[str, str]) -> list[dict]:
    graded = course.graded_quizzes()
    total = sum(q.weight for q in graded)
    return [{"type": types[q.id], "short_label": f"Q{n}", "min_count": 1, "drop_count": 0,
             "weight": q.weight / total} for n, q in enumerate(graded, 1)]


def _clashes(course: Course) -> list[Diagnostic]:
    """Every url_name must be unique: `/jump_to_id/<name>` must find exactly one thing."""
    users: dict[str, list[tuple[str, object]]] = {}
    for category, url_name, page in layout.url_names(course):
        users.setdefault(url_name, []).append((category, page))
    out = []
    for url_name, found in users.items():
        if len(found) > 1:
            page = next((p for _, p in found if p is not None), None)
            path, line = (page.source_path, page.source_line) if page is not None else ("course.yml", 0)
            kinds = " and a ".join(category for category, _ in found)
            out.append(error(path, line, f"the Open edX url_name '{url_name}' is used by a {kinds}",
                             "olx.url-name-clash", hint="give this page or module another `id:`; url_names "
                             "come from IDs"))
    return out


def _image_clash(course: Course) -> list[Diagnostic]:
    """The generated course image shares Open edX's one flat static folder with the media."""
    clashing = [m.path for m in course.media if files.static_name(m.path) == files.IMAGE_NAME]
    return [error(path, 0, f"the media file '{path}' would replace the course card image "
                  f"'{files.IMAGE_NAME}' in the Open edX archive", "olx.static-name-clash",
                  hint="rename the media file") for path in clashing]


def _quiz_markdown(page: QuizPage) -> list[Diagnostic]:
    quiz: Quiz = page.quiz
    out = []
    for q in quiz.questions:
        texts = [q.prompt, q.body, q.feedback_correct, q.feedback_incorrect, *q.hints,
                 *(c.text for c in q.choices), *(c.feedback for c in q.choices)]
        if any(_LOCAL_LINK.search(text) for text in texts):
            out.append(warning(page.source_path, q.line or page.source_line,
                               f'question "{q.id}" has an image or a link to a course file; the Open edX quiz '
                               "block shows only web links (http, https, mailto)", "olx.quiz-link",
                               hint="move the image into the lesson before the quiz, or link to a web address"))
    return out


def admin_report(course: Course, types: dict[str, str]) -> AdminReport:
    graded = course.graded_quizzes()
    total = sum(q.weight for q in graded)
    return AdminReport(
        title=f"{course.title}: Open edX course archive",
        summary="A course export for Open edX Studio (Import). Lessons are HTML components; quizzes are the "
                "coursepack quiz XBlock, graded on the server.",
        facts=[("Course ID", course.id), ("Language", f"{course.language} ({course.direction})"),
               ("Version", str(course.config.version)), ("Lessons", str(sum(1 for _ in course.lessons()))),
               ("Quizzes", str(sum(1 for _ in course.quizzes()))), ("Graded quizzes", str(len(graded))),
               ("Pass mark", f"{course.config.pass_mark:g}% of the weighted quiz score"),
               ("XBlock", "coursepack_quiz (pip package coursepack-quiz-xblock)")],
        notes=["Grading: each graded quiz is its own graded subsection and assignment type; weights "
               + ", ".join(f"{types[q.id]} {100 * q.weight / total:.4g}%" for q in graded) + "." if graded
               else "Grading: the course has no graded quiz, so the grading policy is empty.",
               "Re-importing an updated archive into the same course keeps learners' state: every url_name "
               "comes from a stable ID in the course sources.",
               "The course is self-paced, starts on 2020-01-01 and ends on 2099-12-31 (a date no learner will "
               "meet, set because olxcleaner, the usual OLX checker, requires an end date); change them in Studio's Schedule & Details "
               "if needed.",
               f"The course card image ({files.IMAGE_NAME}) is drawn from the course title; the about page "
               "(Schedule & Details → Course Overview) holds the description, objectives, audience and authors "
               "from course.yml.",
               f"The course's completion rule ({course.config.completion}) has no Open edX equivalent; Open edX "
               "tracks completion per unit, and the certificate follows the pass mark."] + untracked_notes(course),
        steps=["Ask the LMS admin to install the XBlock once: pip install coursepack-quiz-xblock "
               "(Tutor: add it to OPENEDX_EXTRA_PIP_REQUIREMENTS and rebuild the image).",
               "In Studio, create the course (or open the course to update).",
               "Tools → Import, choose this .tar.gz file, and wait for the import to finish.",
               "Check Settings → Advanced Settings lists \"coursepack_quiz\" under Advanced Module List.",
               "Publish, then view the course as a learner."],
        data={"target": "olx", "graded_quizzes": [{"id": q.id, "assignment_type": types[q.id],
                                                   "weight": q.weight / total} for q in graded]},
    )
