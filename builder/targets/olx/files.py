"""The files of an Open edX course export (OLX), each a small function of the model.

    course/course.xml                         → points at course/course/<run>.xml
    course/course/<run>.xml                   chapters
    course/chapter/ch-<module>.xml            sequentials
    course/sequential/seq-….xml               verticals (graded ones carry format = an assignment type)
    course/vertical/<page>.xml                an html pointer, or the quiz block inline
    course/html/html-<page>.xml + .html       lesson HTML; for a scenario or reflection, a frame showing
    course/static/coursepack-activity-<page>.html  its standalone page (runtime/standalone.py)
    course/static/<media>                     media, referenced as /static/<name>
    course/policies/<run>/policy.json         display name, language, advanced_modules, start
    course/policies/<run>/grading_policy.json one assignment type per graded quiz
    course/about/overview.html                the about page: description, objectives, audience, team
    course/about/short_description.html       the catalogue card's one-line text
    course/static/coursepack-course-image.png the course card image (image.py)
"""

from __future__ import annotations

import html
from functools import partial
from typing import Callable

from coursepack_quiz import storage
from lxml import etree

from ...filetree import Made
from ...i18n import ui
from ...jsontext import json_file
from ...model import Course, Lesson, PageModel, QuizPage, ReflectionPage, ScenarioPage
from ...runtime.standalone import ASSET, activity_page
from ... import urls
from . import layout
from .image import FILE_NAME as IMAGE_NAME, course_image

ROOT = "course"
RUN = "course"
START = "2020-01-01T00:00:00Z"  # fixed, so the archive never depends on the build date
# A self-paced course needs no end, but olxcleaner (and Studio's course checks) want one: a date
# no learner will meet keeps the course open. The admin report says where to change it.
END = "2099-12-31T00:00:00Z"

Tree = dict[str, Made]  # lessons' pages and media made as the writer writes them


def xml(element: etree._Element) -> bytes:
    return etree.tostring(element, encoding="utf-8", pretty_print=True)


def element(tag: str, children: list[etree._Element] = (), **attributes: str) -> etree._Element:
    node = etree.Element(tag, attributes)  # attributes in the order given
    node.extend(children)
    return node


def pointer(tag: str, url_name: str) -> etree._Element:
    return element(tag, url_name=url_name)


def static_name(media_path: str) -> str:
    """`media/fig/a b.svg` → `fig_a b.svg`: Open edX keeps course assets in one flat folder."""
    return media_path.removeprefix("media/").replace("/", "_")


def rewrite(course: Course, html_text: str) -> str:
    return urls.rewrite(html_text,
                        lesson=lambda page_id: f"/jump_to_id/{page_id}",
                        media=lambda path: urls.media_url(static_name(path), "/static/"),
                        glossary=lambda term: f"/jump_to_id/{layout.GLOSSARY_UNIT}#{term}")


def wrapped(course: Course, body: str) -> str:
    """Page HTML in the course's language and direction (the LMS page around it may differ)."""
    return f'<div class="coursepack" lang="{course.language}" dir="{course.direction}">\n{body}\n</div>\n'


def course_files(course: Course, assignment_types: dict[str, str]) -> Tree:
    chapters = layout.chapters(course)
    tree: Tree = {f"{ROOT}/course.xml": xml(element("course", url_name=RUN, org="coursepack", course=course.id))}
    refs = [pointer("chapter", c.url_name) for c in chapters]
    if course.glossary:
        refs.append(pointer("chapter", f"ch-{layout.GLOSSARY_UNIT}"))
    # Course settings (title, language…) live in policy.json only, as Studio exports them.
    tree[f"{ROOT}/course/{RUN}.xml"] = xml(element("course", refs))
    for chapter in chapters:
        tree[f"{ROOT}/chapter/{chapter.url_name}.xml"] = xml(element(
            "chapter", [pointer("sequential", s.url_name) for s in chapter.sequentials], display_name=chapter.title))
        for seq in chapter.sequentials:
            tree.update(sequential_files(course, seq, assignment_types))
    if course.glossary:
        tree.update(glossary_files(course))
    for media in course.media:
        tree[f"{ROOT}/static/{static_name(media.path)}"] = partial(getattr, media, "data")
    return tree


def sequential_files(course: Course, seq: layout.Sequential, assignment_types: dict[str, str]) -> Tree:
    graded = {}
    if seq.graded_quiz is not None:
        graded = {"graded": "true", "format": assignment_types[seq.graded_quiz.id]}
    tree = {f"{ROOT}/sequential/{seq.url_name}.xml": xml(element(
        "sequential", [pointer("vertical", p.id) for p in seq.pages], display_name=seq.title, **graded))}
    for page in seq.pages:
        tree.update(PAGE_FILES[page.kind](course, page))
    return tree


def lesson_files(course: Course, lesson: Lesson) -> Tree:
    name = layout.html_name(lesson.id)
    return {
        f"{ROOT}/vertical/{lesson.id}.xml": xml(element("vertical", [pointer("html", name)], display_name=lesson.title)),
        f"{ROOT}/html/{name}.xml": xml(element("html", filename=name, display_name=lesson.title)),
        f"{ROOT}/html/{name}.html": partial(_lesson_html, course, lesson),
    }


def _lesson_html(course: Course, lesson: Lesson) -> bytes:
    return wrapped(course, rewrite(course, lesson.html)).encode()


def quiz_files(course: Course, page: QuizPage) -> Tree:
    quiz = page.quiz.model_copy(update={"settings": page.quiz.settings.model_copy(update={"pass_mark": page.pass_mark})})
    block = element(storage.TAG, url_name=layout.quiz_name(page.id), display_name=page.title, language=course.language)
    block.text = storage.quiz_json(quiz)  # the block's content field, as the XBlock stores it
    return {f"{ROOT}/vertical/{page.id}.xml": xml(element("vertical", [block], display_name=page.title))}


ACTIVITY_HEIGHT = "720px"  # an LMS frame cannot follow its content's height; the page scrolls inside


def activity_static(page_id: str) -> str:
    return f"coursepack-activity-{page_id}.html"


def activity_files(course: Course, page: ScenarioPage | ReflectionPage) -> Tree:
    """A scenario or reflection: an html component framing its standalone page (kept in static/).

    In the frame, course files are the page's neighbours among the course's assets (`ASSET`
    URLs, resolved by the page), and links to lessons open them in the frame (`/jump_to_id/`)."""
    name, static = layout.html_name(page.id), activity_static(page.id)

    def links(text: str) -> str:
        return urls.rewrite(text, lesson=lambda page_id: f"/jump_to_id/{page_id}",
                            media=lambda path: ASSET + urls.media_url(static_name(path), ""),
                            glossary=lambda term: f"/jump_to_id/{layout.GLOSSARY_UNIT}#{term}")

    frame = (f'<iframe src="/static/{html.escape(static, quote=True)}" title="{html.escape(page.title, quote=True)}" '
             f'style="inline-size: 100%; block-size: {ACTIVITY_HEIGHT}; border: 0"></iframe>')
    return {
        f"{ROOT}/vertical/{page.id}.xml": xml(element("vertical", [pointer("html", name)], display_name=page.title)),
        f"{ROOT}/html/{name}.xml": xml(element("html", filename=name, display_name=page.title)),
        f"{ROOT}/html/{name}.html": wrapped(course, frame).encode(),
        f"{ROOT}/static/{static}": activity_page(course, page, links),
    }


PAGE_FILES: dict[str, Callable[[Course, PageModel], Tree]] = {
    "lesson": lesson_files, "quiz": quiz_files, "scenario": activity_files, "reflection": activity_files}


def glossary_files(course: Course) -> Tree:
    unit, title = layout.GLOSSARY_UNIT, ui(course.language, "glossary")
    name = layout.html_name(unit)
    entries = "\n".join(f'<dt id="{html.escape(t.id)}">{html.escape(t.term)}</dt>\n<dd>{rewrite(course, t.definition_html)}</dd>'
                        for t in course.glossary)
    return {
        f"{ROOT}/chapter/ch-{unit}.xml": xml(element("chapter", [pointer("sequential", f"seq-{unit}")], display_name=title)),
        f"{ROOT}/sequential/seq-{unit}.xml": xml(element("sequential", [pointer("vertical", unit)], display_name=title)),
        f"{ROOT}/vertical/{unit}.xml": xml(element("vertical", [pointer("html", name)], display_name=title)),
        f"{ROOT}/html/{name}.xml": xml(element("html", filename=name, display_name=title)),
        f"{ROOT}/html/{name}.html": wrapped(course, f"<dl>\n{entries}\n</dl>").encode(),
    }


def policy_files(course: Course, grader: list[dict]) -> Tree:
    policy = {f"course/{RUN}": {
        "display_name": course.title, "language": course.language, "advanced_modules": [storage.TAG],
        "start": START, "end": END, "self_paced": True, "show_calculator": False, "course_image": IMAGE_NAME,
    }}
    grading = {"GRADER": grader, "GRADE_CUTOFFS": {"Pass": round(course.config.pass_mark / 100, 4)}}
    return {
        f"{ROOT}/policies/{RUN}/policy.json": _json(policy),
        f"{ROOT}/policies/{RUN}/grading_policy.json": _json(grading),
        f"{ROOT}/policies/assets.json": _json({}),
        f"{ROOT}/static/{IMAGE_NAME}": course_image(course.title),
        **about_files(course),
    }


def about_files(course: Course) -> Tree:
    """The about page Studio shows under Schedule & Details, in Studio's own section layout."""
    config = course.config
    sections = [("about", ui(course.language, "about"), f"<p>{html.escape(config.description)}</p>")]
    if config.objectives:
        sections.append(("objectives", ui(course.language, "outcomes"), _list(config.objectives)))
    if config.audience:
        sections.append(("prerequisites", ui(course.language, "audience"), f"<p>{html.escape(config.audience)}</p>"))
    if config.authors:
        sections.append(("course-staff", ui(course.language, "authors"), _list(config.authors)))
    body = "\n".join(f'<section class="{name}">\n<h2>{html.escape(heading)}</h2>\n{content}\n</section>'
                     for name, heading, content in sections)
    return {f"{ROOT}/about/overview.html": wrapped(course, body).encode(),
            f"{ROOT}/about/short_description.html": f"{html.escape(config.description)}\n".encode()}


def _list(items: tuple[str, ...]) -> str:
    return "<ul>\n" + "\n".join(f"<li>{html.escape(item)}</li>" for item in items) + "\n</ul>"


def _json(data: object) -> bytes:
    return json_file(data)
