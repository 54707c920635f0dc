"""Turn a Course into the learner runtime's files: index.html, course.js, the player and media.

Shared by the web, scorm12 and scorm2004 targets; they differ only in the `tracking` adapter
the page starts with (none, scorm12, scorm2004). Lesson HTML comes from the model, rendered
once per build; nothing here renders Markdown.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from jinja2 import Environment, select_autoescape

from coursepack_quiz import inline
from coursepack_quiz.model import Question, QuestionType
from coursepack_quiz.policy import shuffle_order

from ..model import Course, Lesson, Module, QuizPage
from ..filetree import FileTree
from ..urls import media_url, rewrite
from .keys import CourseKeys, course_keys, fill_in_limit
from .strings import number_locale, ui_strings

#: The player's files, in load order (each is a classic script: pages must work from file://).
SCRIPTS = ("grader.js", "state.js", "tracking.js", "quiz.js", "player.js")
STYLES = ("player.css",)
RUNTIME_DIR = "runtime"
COURSE_FILE = "runtime/course.js"
TRACKING = ("none", "scorm12", "scorm2004")


def runtime_files() -> FileTree:
    """The player's own JavaScript and CSS, as shipped in every package."""
    static = resources.files("builder.runtime")
    return {f"{RUNTIME_DIR}/{name}": (static / name).read_bytes() for name in SCRIPTS + STYLES}


def plain_text(html_text: str, limit: int = 250) -> str:
    """Rendered inline HTML as plain text (an LMS interaction description), at most `limit` chars."""
    return inline.plain_text(html_text, limit)


def course_data(course: Course, tracking: str, *, reviewer: bool = False) -> dict[str, Any]:
    """The JSON the player runs on. `reviewer` shows answers at once (for reviewer mode).

    All but `tracking` and `reviewer` is the same for every target of a build: made once per
    course (Course.derived). Callers only read it."""
    shared = course.derived("bundle.course_data", lambda: _shared_data(course))
    return {**shared, "tracking": tracking, "reviewer": reviewer}


def _shared_data(course: Course) -> dict[str, Any]:
    keys = course_keys(course)
    graded = {q.id for q in course.graded_quizzes()}
    return {
        "format": 1, "id": course.id, "title": course.title, "lang": course.language, "dir": course.direction,
        "version": course.config.version, "completion": course.config.completion.value,
        "pass_mark": course.config.pass_mark,
        "storage_key": f"coursepack:{course.id}:{course.language}",
        "ui": ui_strings(course.language), "locale": number_locale(course.language, _largest_count(course)),
        "modules": [{"id": m.id, "title": m.title, "pages": [p.id for p in m.pages], "minutes": _minutes(m)}
                    for m in course.modules],
        "pages": [_page(page, keys, page.id in graded) for page in course.pages()],
        "glossary": [{"id": t.id, "term": t.term, "html": _links(t.definition_html)} for t in course.glossary],
    }


def _minutes(module: Module) -> int:
    """The module's reading time for its card on the course home (lessons that give one)."""
    return sum(getattr(page, "duration_minutes", None) or 0 for page in module.pages)


def _largest_count(course: Course) -> int:
    """The largest count the player can show (lessons, attempts, hints): its plural table's length."""
    attempts = [q.quiz.settings.attempts or 0 for q in course.quizzes()]
    return max([len(list(course.pages())), 100, *attempts])


def _links(html_text: str) -> str:
    return rewrite(html_text, lesson=lambda ident: f"#/page/{ident}", media=media_url,
                   glossary=lambda ident: f"#/glossary/{ident}")


def _page(page: Lesson | QuizPage, keys: CourseKeys, graded: bool) -> dict[str, Any]:
    data = {"id": page.id, "k": keys.pages[page.id], "kind": page.kind, "title": page.title, "module": page.module_id}
    if isinstance(page, Lesson):
        return {**data, "html": _links(page.html)}
    return {**data, "graded": graded, "quiz": _quiz(page, keys)}


def _quiz(page: QuizPage, keys: CourseKeys) -> dict[str, Any]:
    rendered = page.rendered
    orders = shuffle_order(page.quiz)
    settings = rendered.settings
    questions = [_question(q, author, orders.get(q.id), keys.questions[page.id][q.id], keys.options[(page.id, q.id)])
                 for q, author in zip(rendered.questions, page.quiz.questions)]
    by_id = {q["id"]: q for q in questions}
    return {
        "id": rendered.id, "intro": _links(rendered.intro),
        "settings": {"pass_mark": page.pass_mark, "attempts": settings.attempts,
                     "show_answers": settings.show_answers.value, "weight": settings.weight},
        "questions": [by_id[qid] for qid in orders.get("", list(by_id))],
    }


def _question(q: Question, author: Question, order: list[str] | None, key: str, option_keys: dict[str, str]) -> dict:
    data = q.model_dump(mode="json", exclude={"line"})
    for name in ("choices", "pairs", "distractors", "items"):
        data[name] = [{k: v for k, v in entry.items() if k != "line"} for entry in data[name]]
    for name in ("prompt", "body", "feedback_correct", "feedback_incorrect"):
        data[name] = _links(data[name])
    data["hints"] = [_links(h) for h in data["hints"]]
    for choice in data["choices"]:
        choice["text"], choice["feedback"] = _links(choice["text"]), _links(choice["feedback"])
    data.update({"k": key, "keys": option_keys, "order": order or [], "description": plain_text(q.prompt)})
    if q.type is QuestionType.FILL_IN:
        data["answers"] = list(author.answers)  # graded as typed: never the rendered form
        data["limit"] = fill_in_limit(author)
    return data


def course_script(course: Course, tracking: str, *, reviewer: bool = False) -> bytes:
    """`runtime/course.js`: the course data as a script, which (unlike fetch) loads from file://.

    The answer key lives here, not in the page markup, so it is not in the DOM before submission.
    """
    data = json.dumps(course_data(course, tracking, reviewer=reviewer), ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))
    # "</" inside a script would end it early if this were ever inlined; escape it anyway.
    return ("window.COURSEPACK_COURSE=" + data.replace("</", "<\\/") + ";\n").encode()


_ENV = Environment(autoescape=select_autoescape(default=True), keep_trailing_newline=True, trim_blocks=True,
                   lstrip_blocks=True)


def index_html(course: Course, tracking: str) -> bytes:
    template = (resources.files("builder.runtime") / "index.html.j2").read_text(encoding="utf-8")
    page = _ENV.from_string(template).render(
        lang=course.language, dir=course.direction, title=course.title, ui=ui_strings(course.language),
        scripts=[f"{RUNTIME_DIR}/{name}" for name in SCRIPTS], styles=[f"{RUNTIME_DIR}/{name}" for name in STYLES],
        course_file=COURSE_FILE, tracking=tracking)
    return page.encode()


def bundle(course: Course, tracking: str) -> FileTree:
    """Every file of the learner-facing package (the targets add their manifests)."""
    if tracking not in TRACKING:
        raise ValueError(f"unknown tracking adapter {tracking!r}")
    tree = {"index.html": index_html(course, tracking), COURSE_FILE: course_script(course, tracking)}
    tree.update(runtime_files())
    tree.update({media.path: media.data for media in course.media})
    return tree
