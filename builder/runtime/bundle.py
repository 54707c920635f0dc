"""Turn a Course into the learner runtime's files: index.html, course.js, the player and media.

Pages load what they show: `runtime/course.js` is the course's *outline* (metadata, modules, every
page's kind, title and state keys, the glossary: what the table of contents, the course home,
progress and state.js's decoding need), and each module's content (lesson HTML, quizzes with their
answer key, scenarios, reflections) is `runtime/content/<module id>.js`, which the player adds as a
<script> when a page of that module is shown (a script, unlike fetch, loads from file://, offline
and in an LMS frame). So the first page of a large course weighs about what a small one's does.

Shared by the web, scorm12 and scorm2004 targets; they differ only in the `tracking` adapter
the page starts with (none, scorm12, scorm2004). Lesson HTML comes from the model, rendered
once per build; nothing here renders Markdown.
"""

from __future__ import annotations

import functools
import json
import re
from importlib import resources
from typing import Any, Callable, Iterator

from jinja2 import Environment, Template, select_autoescape

from coursepack_quiz import inline
from coursepack_quiz.model import Question, QuestionType
from coursepack_quiz.policy import shuffle_order

from .. import embeds
from ..model import Course, Lesson, Module, PageModel, QuizPage, ReflectionPage, ScenarioPage
from ..filetree import FileTree
from ..urls import media_url, rewrite
from .keys import CourseKeys, carry_keys, course_keys, fill_in_limit
from .strings import number_locale, ui_strings

#: The player's files, in load order (each is a classic script: pages must work from file://).
SCRIPTS = ("grader.js", "state.js", "tracking.js", "quiz.js", "activity.js", "player.js")
STYLES = ("player.css",)
RUNTIME_DIR = "runtime"
COURSE_FILE = "runtime/course.js"
CONTENT_DIR = "runtime/content"
TRACKING = ("none", "scorm12", "scorm2004")


def runtime_files() -> FileTree:
    """The player's own JavaScript and CSS, as shipped in every package (without comments)."""
    return dict(_shipped_runtime())


@functools.cache
def _shipped_runtime() -> dict[str, bytes]:
    """Read and stripped once per process: every player target and standalone page ships the same bytes."""
    static = resources.files("builder.runtime")
    return {f"{RUNTIME_DIR}/{name}": without_comments((static / name).read_bytes(), name.endswith(".js"))
            for name in SCRIPTS + STYLES}


def storage_key(course: Course) -> str:
    """Where the player keeps this course's progress and reflections in the browser (per language)."""
    return f"coursepack:{course.id}:{course.language}"


# Whole-line comments only: a comment that starts a line cannot be inside a string (the runtime
# has no template literals, which a test keeps so), and a block comment may not end mid-line.
_BLOCK_COMMENT = re.compile(rb"^[ \t]*/\*(?:(?!\*/).)*\*/[ \t]*\n", re.M | re.S)
_LINE_COMMENT = re.compile(rb"^[ \t]*//[^\n]*\n", re.M)


def without_comments(source: bytes, script: bool) -> bytes:
    """The runtime as learners download it: the source's comments are for its maintainers (they
    are a fifth of its gzipped size), so whole-line comments are left out of packages."""
    source = _BLOCK_COMMENT.sub(b"", source)
    return _LINE_COMMENT.sub(b"", source) if script else source


def plain_text(html_text: str, limit: int = 250) -> str:
    """Rendered inline HTML as plain text (an LMS interaction description), at most `limit` chars."""
    return inline.plain_text(html_text, limit)


def course_data(course: Course, tracking: str, *, reviewer: bool = False) -> dict[str, Any]:
    """The JSON the player runs on, whole. `reviewer` shows answers at once (for reviewer mode).

    Made on request and kept (Course.derived): by the preview, whose `carry_over` reuses it across
    edits, and by tests. A build never holds it whole: its packages read the entries as
    `page_entries` streams them (`content_scripts_of`, `outline_of`). Callers only read it."""
    return {**_shared(course), "tracking": tracking, "reviewer": reviewer}


def _shared_data(course: Course, entry=None) -> dict[str, Any]:
    """`entry(page)` → the page's entry; by default made afresh (`carry_over` reuses unchanged ones)."""
    entry = entry or _entry_maker(course)
    return {**_head(course), "pages": [entry(page) for page in course.pages()]}


def _head(course: Course) -> dict[str, Any]:
    """`course_data` but its pages (and `tracking`, `reviewer`): the course, its modules, the glossary."""
    return course.derived("bundle.head", lambda: {
        "format": 1, "id": course.id, "title": course.title, "lang": course.language, "dir": course.direction,
        "version": course.config.version, "completion": course.config.completion.value,
        "pass_mark": course.config.pass_mark,
        "storage_key": storage_key(course),
        "ui": ui_strings(course.language), "locale": number_locale(course.language, _largest_count(course)),
        "modules": [{"id": m.id, "title": m.title, "pages": [p.id for p in m.pages], "minutes": _minutes(m)}
                    for m in course.modules],
        "glossary": [{"id": t.id, "term": t.term, "html": _links(t.definition_html)} for t in course.glossary],
    })


def _entry_maker(course: Course) -> Callable[[PageModel], dict[str, Any]]:
    """`page` → its `course_data` entry, made afresh."""
    keys = course_keys(course)
    graded = {page.id for page in course.graded_activities()}
    return lambda page: _page(course, page, keys, page.id in graded)


def streamed_data(course: Course, tracking: str) -> dict[str, Any]:
    """`course_data(course, tracking)` whose "pages" is an iterator (`page_entries`), for a reader
    that reads each page once, in order (a build's snapshot), and so never holds them all."""
    return {**_head(course), "pages": page_entries(course), "tracking": tracking, "reviewer": False}


def page_entries(course: Course) -> Iterator[dict[str, Any]]:
    """Every page's `course_data` entry, in course order, made one module at a time and let go
    once read. The first walk of a course also keeps what the packages need of the entries: each
    module's content script and the outline (`content_scripts_of`, `outline_of`), so a build makes
    each entry once yet never holds them all (with their scripts, ~130 MiB at 5,000 lessons)."""
    keep = not course.has_derived(_CONTENT)
    content: FileTree = {}
    outlined: list[dict[str, Any]] = []
    for module, entries in _module_entries(course):
        yield from entries.values()
        if keep:
            content[content_file(module.id)] = _module_script(module.id, entries)
            outlined += [_outline_page(entry) for entry in entries.values()]
    if keep:
        course.derived(_CONTENT, lambda: content)
        course.derived(_OUTLINE, lambda: _outline({**_head(course), "pages": outlined}))


def _module_entries(course: Course) -> Iterator[tuple[Module, dict[str, dict[str, Any]]]]:
    """Each module with its pages' entries by page ID: the full data's when it is kept (the
    preview's `carry_over`), else made now, one module at a time."""
    if course.has_derived(_DATA):
        made = {entry["id"]: entry for entry in _shared(course)["pages"]}
        entry = made.__getitem__
        yield from ((module, {page.id: entry(page.id) for page in module.pages}) for module in course.modules)
        return
    entry = _entry_maker(course)
    for module in course.modules:
        yield module, {page.id: entry(page) for page in module.pages}


_DATA, _CONTENT, _OUTLINE = "bundle.course_data", "bundle.content_scripts", "bundle.outline"


def carry_over(old: Course, course: Course) -> bool:
    """Fill `course`'s bundle data (`course_data`, the content scripts) from `old`, an earlier model
    of the same course (the preview's previous snapshot), remaking only what changed.

    The RenderCache hands back an unchanged page as the very same object, so a page entry is reused
    when its page is identical (`is`) and its keys and grading are unchanged, and a module's content
    script when every one of its entries was reused. The result is what a fresh `course_data` and
    `bundle` compute (tests/preview/test_preview_patch.py proves it byte for byte). False, filling
    nothing, when the course settings differ (every entry depends on them)."""
    if old.config != course.config:
        return False
    old_shared, old_content = _shared(old), _content(old)
    old_pages = {page.id: page for page in old.pages()}
    old_entries = {entry["id"]: entry for entry in old_shared["pages"]}
    carry_keys(old, course)
    keys, old_keys = course_keys(course), course_keys(old)
    graded = {page.id for page in course.graded_activities()}
    old_graded = {page.id for page in old.graded_activities()}

    def entry(page: PageModel) -> dict[str, Any]:
        if (old_pages.get(page.id) is page and (page.id in graded) == (page.id in old_graded)
                and (keys is old_keys or _page_keys(keys, page) == _page_keys(old_keys, page))):
            return old_entries[page.id]
        return _page(course, page, keys, page.id in graded)

    shared = course.derived(_DATA, lambda: _shared_data(course, entry))
    old_modules = {m["id"]: m["pages"] for m in old_shared["modules"]}
    entries = {e["id"]: e for e in shared["pages"]}
    content = {}
    for module in shared["modules"]:
        name = content_file(module["id"])
        same = [old_entries.get(page) for page in old_modules.get(module["id"], ())]
        if name in old_content and [id(entries[page]) for page in module["pages"]] == [id(e) for e in same]:
            content[name] = old_content[name]  # the very same entries: the same bytes
        else:
            content[name] = _module_script(module["id"], {page: entries[page] for page in module["pages"]})
    course.derived(_CONTENT, lambda: content)
    # The outline too: a reused entry's outline entry is the old one, so comparing outlines is cheap.
    old_outline = {id(old_entries[page["id"]]): page for page in outline_of(old)["pages"]}
    course.derived(_OUTLINE, lambda: outline(shared, lambda e: old_outline.get(id(e)) or _outline_page(e)))
    return True


def _page_keys(keys: CourseKeys, page: PageModel) -> tuple:
    """Every state key a page's entry holds (its own, its questions' and options', its scenario's)."""
    questions = [q.id for q in page.quiz.questions] if isinstance(page, QuizPage) else []
    return (keys.pages.get(page.id), keys.questions.get(page.id), keys.scenarios.get(page.id),
            [keys.options.get((page.id, q)) for q in questions])


def _shared(course: Course) -> dict[str, Any]:
    return course.derived(_DATA, lambda: _shared_data(course))


def _content(course: Course) -> FileTree:
    return _walked(course, _CONTENT)


def _walked(course: Course, name: str) -> Any:
    """What the first walk of `page_entries` keeps (`_CONTENT`, `_OUTLINE`), walking now if none did."""
    if not course.has_derived(name):
        for _ in page_entries(course):
            pass
    return course.derived(name, _never)


def _never() -> Any:
    raise AssertionError("page_entries keeps what it walks")


def content_scripts_of(course: Course) -> FileTree:
    """The course's module content scripts (the same for every target of a build)."""
    return _content(course)


def outline_of(course: Course) -> dict[str, Any]:
    """The outline of `course_data` without `tracking` and `reviewer`: what `course.js` holds
    beyond those two (the preview compares it across edits to know whether to remake course.js)."""
    return _walked(course, _OUTLINE)


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


def page_data(course: Course, page: PageModel, links) -> dict[str, Any]:
    """One page's course.js entry with the link mapping `links` (standalone.py's page has its own)."""
    graded = page.id in {p.id for p in course.graded_activities()}
    return _page(course, page, course_keys(course), graded, links)


def _page(course: Course, page: PageModel, keys: CourseKeys, graded: bool, links=_links) -> dict[str, Any]:
    """One page's entry; `links` maps the model's link and media URLs (the standalone page has its own)."""
    data = {"id": page.id, "k": keys.pages[page.id], "kind": page.kind, "title": page.title, "module": page.module_id}
    if isinstance(page, Lesson):
        return {**data, "html": links(page.html)}
    if isinstance(page, QuizPage):
        return {**data, "graded": graded, "quiz": _quiz(page, keys)}
    if isinstance(page, ScenarioPage):
        return {**data, "graded": graded, "scenario": _scenario(course, page, keys.scenarios[page.id], links)}
    if isinstance(page, ReflectionPage):
        return {**data, "reflection": _reflection(course, page, links)}
    raise TypeError(f"the runtime cannot play a page of kind {page.kind!r}")  # a new kind must be added here


def _scenario(course: Course, page: ScenarioPage, keys: dict[str, str], links) -> dict[str, Any]:
    """The graph as the player walks it; node and choice keys (`k`) are what the state stores."""
    pass_mark = page.pass_mark if page.pass_mark is not None else course.config.pass_mark
    nodes = [{"id": n.id, "k": keys[n.id], "title": n.title, "html": links(n.html), "ending": n.ending,
              "score": n.score,
              "choices": [{"id": c.id, "k": keys[c.id], "html": links(c.html), "consequence": links(c.consequence_html),
                           "next": c.next} for c in n.choices]}
             for n in page.nodes]
    return {"weight": page.weight, "pass_mark": pass_mark, "start": page.start.id, "nodes": nodes}


def _reflection(course: Course, page: ReflectionPage, links) -> dict[str, Any]:
    return {"prompt": links(page.prompt_html), "questions_heading": page.questions_heading,
            "questions": [links(q) for q in page.questions_html], "model_heading": page.model_heading,
            "model": links(page.model_answer_html), "save": page.save, "max": page.max_chars,
            "downloads_html": links(embeds.downloads_html(page.downloads, course.language, page.id))}


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
    """`runtime/course.js`: the course's outline as a script, which (unlike fetch) loads from file://."""
    return _script(_OUTLINE_PREFIX, {**outline_of(course), "tracking": tracking, "reviewer": reviewer})


_OUTLINE_PREFIX = "window.COURSEPACK_COURSE="


def _content_prefix(module_id: str) -> str:
    # Each script sets only its own entry, so the order scripts load in never matters.
    return f"(window.COURSEPACK_CONTENT=window.COURSEPACK_CONTENT||{{}})[{json.dumps(module_id)}]="


def content_file(module_id: str) -> str:
    """Where a module's content script lives in the package (named from the module's stable ID)."""
    return f"{CONTENT_DIR}/{module_id}.js"


def _module_script(module_id: str, entries: dict[str, dict[str, Any]]) -> bytes:
    """A module's content script: its pages in full (`course_data` entries), keyed by page ID.

    The answer key lives here, in script data, not in the page markup, so it is not in the DOM
    before submission."""
    return _script(_content_prefix(module_id), entries)


def _script(assignment: str, value: Any) -> bytes:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # "</" inside a script would end it early if this were ever inlined; escape it anyway.
    return (assignment + text.replace("</", "<\\/") + ";\n").encode()


def outline(data: dict[str, Any], page_outline=None) -> dict[str, Any]:
    """`course_data` without the pages' content: what the player needs before any page is shown.

    Each page keeps its kind, title, module and state keys, and a quiz, scenario or reflection the
    skeleton state.js decodes a saved state with and `progress` scores it with (same shape as the
    full entry, fewer fields), so a learner's state is read and written without loading content.
    Each module names its content script (`content`), which the player loads on demand.
    `page_outline(entry)` → a page's outline entry (`carry_over` passes one that reuses old ones)."""
    page_outline = page_outline or _outline_page
    return _outline({**data, "pages": [page_outline(page) for page in data["pages"]]})


def _outline(data: dict[str, Any]) -> dict[str, Any]:
    """`data` whose pages are already outlined, its modules naming their content scripts."""
    return {**data, "modules": [{**m, "content": content_file(m["id"])} for m in data["modules"]]}


def _outline_page(page: dict[str, Any]) -> dict[str, Any]:
    entry = {name: page[name] for name in ("id", "k", "kind", "title", "module", "graded") if name in page}
    if "quiz" in page:
        quiz = page["quiz"]
        entry["quiz"] = {"id": quiz["id"], "settings": quiz["settings"],
                         "questions": [_outline_question(q) for q in quiz["questions"]]}
    elif "scenario" in page:
        scenario = page["scenario"]
        entry["scenario"] = {
            **{name: scenario[name] for name in ("weight", "pass_mark", "start")},
            "nodes": [{"id": n["id"], "k": n["k"], "ending": n["ending"], "score": n["score"],
                       "choices": [{"id": c["id"], "k": c["k"], "next": c["next"]} for c in n["choices"]]}
                      for n in scenario["nodes"]]}
    elif "reflection" in page:
        entry["reflection"] = {name: page["reflection"][name] for name in ("save", "max")}
    return entry


def _outline_question(q: dict[str, Any]) -> dict[str, Any]:
    """What state.js reads a saved answer with: keys, type, a fill-in's limit, an ordering's item count."""
    entry = {name: q[name] for name in ("id", "k", "type", "keys", "limit") if name in q}
    if q["type"] == QuestionType.ORDERING.value:
        entry["items"] = [{"id": item["id"]} for item in q["items"]]
    return entry


def package_data(read) -> dict[str, Any]:
    """The full `course_data` of a built package, from its outline and content scripts (`read(name)`
    → the file's text): what `republish` compares versions with."""
    data = _script_value(read(COURSE_FILE), _OUTLINE_PREFIX)
    full: dict[str, Any] = {}
    for module in data["modules"]:
        if "content" in module:  # a package built before content was split carries it all in course.js
            full.update(_script_value(read(module.pop("content")), _content_prefix(module["id"])))
    data["pages"] = [full.get(page["id"], page) for page in data["pages"]]
    return data


def _script_value(script: str, prefix: str) -> Any:
    if not script.startswith(prefix):
        raise ValueError(f"not a coursepack data script (it should start with {prefix!r})")
    return json.loads(script[len(prefix):].rstrip().rstrip(";").replace("<\\/", "</"))


_ENV = Environment(autoescape=select_autoescape(default=True), keep_trailing_newline=True, trim_blocks=True,
                   lstrip_blocks=True)


@functools.cache
def _index_template() -> Template:
    """Compiled once: a package with one SCO per module renders it for every module (compiling
    it each time cost 8 ms a module, as much as the rest of a SCORM target at 100 modules)."""
    return _ENV.from_string((resources.files("builder.runtime") / "index.html.j2").read_text(encoding="utf-8"))


def index_html(course: Course, tracking: str, module: str | None = None) -> bytes:
    """The page that starts the player; `module`: kept to that module (one SCO per module)."""
    page = _index_template().render(
        lang=course.language, dir=course.direction, title=course.title, ui=ui_strings(course.language),
        scripts=[f"{RUNTIME_DIR}/{name}" for name in SCRIPTS], styles=[f"{RUNTIME_DIR}/{name}" for name in STYLES],
        course_file=COURSE_FILE, tracking=tracking, module=module)
    return page.encode()


def module_launch_file(module_id: str) -> str:
    """A module's launch page in a package with one SCO per module (named from the module's ID)."""
    return f"sco-{module_id}.html"


def module_launch_html(course: Course, tracking: str, module_id: str) -> bytes:
    return index_html(course, tracking, module_id)


def bundle(course: Course, tracking: str) -> FileTree:
    """Every file of the learner-facing package (the targets add their manifests)."""
    if tracking not in TRACKING:
        raise ValueError(f"unknown tracking adapter {tracking!r}")
    # The pages' content does not depend on the tracking adapter: serialised once per build.
    content = _content(course)
    tree = {"index.html": index_html(course, tracking), COURSE_FILE: course_script(course, tracking), **content}
    tree.update(runtime_files())
    tree.update({media.path: media.data for media in course.media})
    return tree
