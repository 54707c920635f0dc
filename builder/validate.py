"""Validate: every source file against its schema, then the rules that span documents.

All problems are collected and returned together; nothing here raises on bad content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
import functools
from typing import Any, Callable, NamedTuple, Sequence

from coursepack_quiz.diagnostics import Diagnostic, Sink, error, warning
from coursepack_quiz.frontmatter import YamlDoc, is_quiz
from coursepack_quiz.model import ID_PATTERN, Quiz, QuizFrontMatter
from coursepack_quiz.syntax import parse_quiz
from coursepack_quiz.validation import readable, validate_model

from . import embeds, forked
from .links import CourseIndex
from .load import SourceCourse, SourceFile, SourceModule, strip_prefix
from .markdown.render import ALLOWED_TAGS
from .markdown.positions import Scan, read_positions
from .reflection import Reflection, parse_reflection
from .rules import clash, course_rules, page_rules
from .scenario import Scenario, parse_scenario
from .schema import (CourseConfig, Glossary, GlossaryEntry, LessonFrontMatter, ModuleConfig, ReflectionFrontMatter,
                     ScenarioFrontMatter)

# A Markdown file is a scenario or a reflection when its front matter's `type:` says so (quizzes: `is_quiz`).
_ACTIVITY_TYPES = {"scenario": ScenarioFrontMatter, "reflection": ReflectionFrontMatter}
FrontMatter = LessonFrontMatter | QuizFrontMatter | ScenarioFrontMatter | ReflectionFrontMatter
_TYPE_OF = {LessonFrontMatter: "lesson", QuizFrontMatter: "quiz", ScenarioFrontMatter: "scenario",
            ReflectionFrontMatter: "reflection"}  # each front matter's `type:` value


@dataclass
class Page:
    """A validated lesson, quiz, scenario or reflection: its ID, front matter, body and scan (links, headings)."""

    id: str
    source: SourceFile
    scan: Scan
    lesson: LessonFrontMatter | None = None
    quiz_meta: QuizFrontMatter | None = None
    quiz: Quiz | None = None
    scenario_meta: ScenarioFrontMatter | None = None
    scenario: Scenario | None = None
    reflection_meta: ReflectionFrontMatter | None = None
    reflection: Reflection | None = None
    # Its front matter had errors (reported): read from what could be read, so that its body and
    # the links to it are still checked; a course with a partial page is never built.
    partial: bool = False
    # What a build's `render` hook (see `validate`) made of the page as soon as it was checked
    # (the model's page and the media it uses); None when nothing rendered it yet.
    rendered: Any = field(default=None, compare=False, repr=False)

    @property
    def is_quiz(self) -> bool:
        return self.quiz_meta is not None

    @property
    def kind(self) -> str:
        """lesson, quiz, scenario or reflection (the model's page kinds)."""
        if self.quiz_meta is not None:
            return "quiz"
        return "scenario" if self.scenario_meta else "reflection" if self.reflection_meta else "lesson"

    @property
    def meta(self) -> LessonFrontMatter | QuizFrontMatter | ScenarioFrontMatter | ReflectionFrontMatter:
        return self.quiz_meta or self.scenario_meta or self.reflection_meta or self.lesson

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def downloads(self) -> tuple:
        """The files listed to download (lessons and reflections have them)."""
        return getattr(self.meta, "downloads", ())


@dataclass
class Module:
    id: str
    config: ModuleConfig
    source: SourceModule
    pages: list[Page] = field(default_factory=list)
    partial: bool = False  # module.yml missing or wrong (reported): its pages are still checked


@dataclass
class ValidCourse:
    config: CourseConfig
    glossary: dict[str, GlossaryEntry]
    modules: list[Module]
    index: CourseIndex
    source: SourceCourse


#: A build's hook: `render(page, module_id, valid)` renders a page that validation has just passed
#: (the page clean, and in one process every page before it too), before its parse is released.
RenderHook = Callable[["Page", str, "ValidCourse"], None]


#: Pages from which a build's second pass runs in several processes (`workers`); below it,
#: starting them costs more than it saves.
PARALLEL_FROM = 100


def validate(source: SourceCourse, sink: Sink, render: RenderHook | None = None,
             workers: int = 1) -> ValidCourse | None:
    """Check everything, every problem into `sink`; the course is returned only when validation
    found no error.

    Two passes, so that a build never holds every page's parse at once: the first reads what
    spans pages (module.yml, each page's front matter and ID: the index links resolve against),
    the second reads each page's body, runs its `page_rules` and, given `render` (a build), hands
    the page to it and frees its tokens before reading the next. The diagnostics come out in the
    order one pass would give (module by module, each page's front matter then its body; then
    every page's rules; then the course's).

    `workers` > 1 (a build of a course of `PARALLEL_FROM` pages or more): the second pass runs in
    that many processes, each reading, checking and rendering its share of the pages; the result
    is the same."""
    first = len(sink.items)  # what loading reported is the caller's to weigh
    config, diagnostics = validate_model(CourseConfig, source.config, source.config_display)
    sink.extend(diagnostics)
    glossary = _glossary(source, sink)
    fronts: list[_Pending] = []
    segments: list[Sink] = []  # pass 1's findings, with an empty sink where each page's body will report
    modules = [m for m in (_module(sm, config, segments, fronts) for sm in source.modules) if m is not None]
    index = _index(source, [(p.file.path, p.page_id) for p in fronts if p.module is not None], _term_ids(source))
    valid = ValidCourse(config, glossary, modules, index, source)
    clean = not any(d.is_error for d in sink.items[first:]) and not any(
        d.is_error for segment in segments for d in segment.items)
    rules: list[Diagnostic] = []
    done = None
    if render is not None and workers > 1 and len(fronts) >= PARALLEL_FROM:
        done = forked.in_shares(len(fronts), workers, functools.partial(_bodies_rendered, fronts, valid, render),
                                known=_inherited(fronts, config))
    for number, pending in enumerate(fronts):
        if done is None:
            page = _page(pending.file, pending.page_id, pending.meta, config, pending.body, pending.partial)
            found = _page_rules(page, pending, index, config)
        else:
            page, body, found = done[number]
            pending.body.extend(body)
        rules += found
        if pending.module is not None:
            pending.module.pages.append(page)
        clean = clean and not page.partial and not any(d.is_error for d in pending.body.items + found)
        if done is None and render is not None and page.scan.parsed is not None:  # else rendered in its worker
            _render_then_release(page, pending, valid, render, clean)
    for segment in segments:
        sink.extend(segment.items)
    sink.extend(rules)
    sink.extend(course_rules(config, modules, index, source))
    if config is None or any(d.is_error for d in sink.items[first:]) or _any_partial(modules):
        return None
    return valid


def _page_rules(page: Page, pending: "_Pending", index: CourseIndex, config: CourseConfig | None) -> list[Diagnostic]:
    # a page of a module left out (no usable ID) reports its own problems, not the course's rules
    return page_rules(page, index, config.language if config else None) if pending.module is not None else []


def _bodies_rendered(fronts: list["_Pending"], valid: ValidCourse, render: RenderHook,
                     numbers: Sequence[int]) -> list[tuple[Page, list[Diagnostic], list[Diagnostic]]]:
    """Pass 2 for some of the pages, in a worker: each page read, checked and, when it is clean
    itself, rendered (the course is built only when every page is), its tokens then released.
    Each page's findings are returned, not reported, since the pending sinks are the caller's."""
    config = valid.config
    done = []
    for number in numbers:
        pending = fronts[number]
        body = Sink(pending.file.display)
        page = _page(pending.file, pending.page_id, pending.meta, config, body, pending.partial)
        found = _page_rules(page, pending, valid.index, config)
        if page.scan.parsed is not None:
            clean = not page.partial and not any(d.is_error for d in body.items + found)
            _render_then_release(page, pending, valid, render, clean)
        done.append((page, body.items, found))
    return done


def _render_then_release(page: Page, pending: "_Pending", valid: ValidCourse, render: RenderHook,
                         clean: bool) -> None:
    """Render a checked page when it is `clean` (in one process: it and every page before it) and
    its course and module can be built, then free its tokens."""
    if clean and valid.config is not None and pending.module is not None and not pending.module.partial:
        render(page, pending.module.id, valid)
    page.scan.parsed.release()


def _inherited(fronts: list["_Pending"], config: CourseConfig | None) -> list[object]:
    """What pass 2's results share with pass 1's, so a worker sends them as references."""
    known: list[object] = [config]
    for pending in fronts:
        known += [pending.file, pending.meta, pending.file.doc, pending.file.doc.body]
    return known


class _Pending(NamedTuple):
    """A page whose front matter pass 1 read: its body is read in pass 2, reporting into `body`."""

    file: SourceFile
    page_id: str
    meta: "FrontMatter"
    partial: bool
    body: Sink
    module: "Module | None"  # None when the module itself is left out (no usable ID)


def _glossary(source: SourceCourse, sink: Sink) -> dict[str, GlossaryEntry]:
    if source.glossary is None:
        return {}
    glossary, diagnostics = validate_model(Glossary, source.glossary, source.glossary_display)
    sink.extend(diagnostics)
    if glossary is None:
        return {}
    seen: dict[str, tuple[str, str]] = {}
    for term_id, entry in glossary.root.items():
        line, _ = source.glossary.where((term_id,))
        sink.extend(_glossary_html(entry.definition, source.glossary.where((term_id, "definition"))[0],
                                   source.glossary_display))
        sink.extend(clash(seen, term_id, source.glossary_display, line, "glossary ID",
                           "glossary IDs must differ in more than case"))
    return dict(glossary.root)


def _glossary_html(definition: str, line: int, display: str) -> list[Diagnostic]:
    """Raw HTML in a definition that the sanitiser would drop (a definition holds no media)."""
    def no_media(target: str, tag: embeds.Tag, what: str) -> tuple[str, Diagnostic | None]:
        return "", None  # unreachable: media elements in a definition are refused before resolving
    return embeds.check_body(definition, line, display, ALLOWED_TAGS, "", no_media, where="glossary definition")


def _any_partial(modules: list[Module]) -> bool:
    return any(module.partial or any(page.partial for page in module.pages) for module in modules)


def _module(source: SourceModule, course: CourseConfig | None, segments: list[Sink],
            fronts: list[_Pending]) -> Module | None:
    """Pass 1 of a module: module.yml and its pages' front matter, each finding into `segments`
    (in order, an empty sink left for each page's body); the pages themselves are read in pass 2."""
    sink = Sink()
    segments.append(sink)
    if source.config is None:
        sink.add(error(source.display, 0, "module folder has no module.yml", "module.no-config",
                       hint="create module.yml with at least `title: …`"))
        config = None
    else:
        config, diagnostics = validate_model(ModuleConfig, source.config, source.config_display)
        sink.extend(diagnostics)
    # Pages are checked even when module.yml is wrong, so the author sees every problem at once.
    pages: list[tuple[SourceFile, tuple, Sink]] = []
    for file in source.files:
        front_sink, body = Sink(), Sink(file.display)
        segments += [front_sink, body]
        front = _front(file, course, front_sink)
        if front is not None:
            pages.append((file, front, body))
    tail = Sink()
    segments.append(tail)
    module = _module_of(source, config, tail)
    for file, (page_id, meta, partial), body in pages:
        fronts.append(_Pending(file, page_id, meta, partial, body, module))
    return module


def _module_of(source: SourceModule, config: ModuleConfig | None, sink: Sink) -> Module | None:
    """The module (its pages added in pass 2), or None when it has no usable ID."""
    if config is None:  # still a module, so that links to its pages resolve (no invented errors)
        config = readable(ModuleConfig, source.config or YamlDoc(data={}), {"title": source.path.name})
        module_id = (config.id if config else None) or strip_prefix(source.path.name)
        if config is None or not ID_PATTERN.match(module_id):
            return None
        return Module(module_id, config, source, [], partial=True)
    module_id = _own_id(config.id, source.path, source.config_display, sink)
    if module_id is None:
        return None
    if not source.files:
        sink.add(warning(source.config_display, 1, f"module '{module_id}' has no lessons", "module.empty"))
    return Module(module_id, config, source, [])


def _own_id(explicit: str | None, path: Path, display: str, sink: Sink) -> str | None:
    """A module's or page's ID: its explicit `id:`, else its folder or file name without the
    number prefix; None (and an error) when that name gives no usable ID."""
    ident = explicit or strip_prefix(path.name)
    if ID_PATTERN.match(ident):
        return ident
    sink.add(error(display, 1, f"'{path.name}' does not give a usable ID", "id.invalid",
                   hint="add `id: some-slug` (letters, digits, '-', '_', '.')"))
    return None


def validate_page(file: SourceFile, course: CourseConfig | None, sink: Sink) -> Page | None:
    """Validate one lesson or quiz file on its own (the preview re-validates just an edited file).

    After a front-matter error the page is still returned, `partial`: read from what could be
    read, so that its body and the links to it are checked too."""
    front = _front(file, course, sink)
    if front is None:
        return None
    page_id, meta, partial = front
    return _page(file, page_id, meta, course, sink, partial)


def _front(file: SourceFile, course: CourseConfig | None, sink: Sink) -> tuple[str, FrontMatter, bool] | None:
    """A page's ID, front matter and whether it is partial (its front matter had errors), or None
    when there is no page to read; its body is not read here."""
    front = file.doc.front
    if file.out_of_bounds:
        return None  # the passed bound is reported; reading the body could take minutes
    if not file.doc.has_front_matter:
        sink.add(error(file.display, 1, "lesson has no front matter", "lesson.no-front-matter",
                       hint="start the file with ---, a line `title: …`, and ---"))
        return _partial_front(file, LessonFrontMatter)
    kind = front.data.get("type") if isinstance(front.data, dict) else _recovered(file, "type") if front.broken else None
    model = QuizFrontMatter if is_quiz(front) or kind == "quiz" else _ACTIVITY_TYPES.get(kind, LessonFrontMatter)
    meta, diagnostics = validate_model(model, front, file.display)
    sink.extend(diagnostics)
    if meta is None:
        return _partial_front(file, model)
    page_id = _own_id(meta.id, file.path, file.display, sink)
    if page_id is None:
        return None
    return page_id, meta, False


def _page(file: SourceFile, page_id: str, meta: FrontMatter, course: CourseConfig | None, sink: Sink,
          partial: bool = False) -> Page:
    scan = read_positions(file.doc.body, file.doc.body_line)
    found = Sink(file.display)
    page = _read_body(file, page_id, scan, meta, course, found)
    # A partial page's settings are partly defaults: its warnings could be about settings it does not have.
    sink.extend(d for d in found.items if d.is_error or not partial)
    page.partial = partial
    return page


def _read_body(file: SourceFile, page_id: str, scan: Scan, meta: FrontMatter, course: CourseConfig | None,
               sink: Sink) -> Page:
    if isinstance(meta, ScenarioFrontMatter):
        return _scenario_page(page_id, file, scan, meta, sink)
    if isinstance(meta, ReflectionFrontMatter):
        reflection, diagnostics = parse_reflection(file.doc.body, file.display, file.doc.body_line)
        sink.extend(diagnostics)
        return Page(page_id, file, scan, reflection_meta=meta, reflection=reflection)
    if not isinstance(meta, QuizFrontMatter):
        return Page(page_id, file, scan, lesson=meta)
    settings = meta.settings()
    if settings.pass_mark is None and course is not None:
        settings = settings.model_copy(update={"pass_mark": course.pass_mark})
    quiz, diagnostics = parse_quiz(file.doc.body, path=file.display, quiz_id=page_id, title=meta.title,
                                   settings=settings, body_line=file.doc.body_line)
    sink.extend(diagnostics)
    return Page(page_id, file, scan, quiz_meta=meta, quiz=quiz)


def _partial_front(file: SourceFile, model: type[FrontMatter]) -> tuple[str, FrontMatter, bool] | None:
    """The page's ID and what its front matter says correctly (its errors are reported), or None."""
    fallback = {"title": file.path.stem, "type": _TYPE_OF[model]}
    meta = readable(model, file.doc.front, fallback)
    if meta is None:
        return None
    page_id = meta.id or (_recovered(file, "id") if file.doc.front.broken else None) or strip_prefix(file.path.name)
    if not ID_PATTERN.match(page_id):
        return None  # an ID the front matter's errors explain; no second error for it
    return page_id, meta, True


def _recovered(file: SourceFile, key: str) -> str | None:
    """A plain top-level `key: value` line of front matter that is not valid YAML as a whole: its
    `id:` keeps links to the page resolving, its `type:` says whether the body is a quiz."""
    front_lines = file.head.split("\n")[1:max(file.doc.body_line - 2, 1)]
    for line in front_lines:
        match = re.match(rf"{key}:[ \t]*([\"']?)([\w.-]+)\1[ \t]*(?:#.*)?$", line)
        if match:
            return match.group(2)
    return None


def _scenario_page(page_id: str, file: SourceFile, scan: Scan, meta: ScenarioFrontMatter, sink: Sink) -> Page:
    """The scenario's graph (every problem at once), then what its scoring settings require."""
    scenario, diagnostics = parse_scenario(file.doc.body, file.display, file.doc.body_line)
    sink.extend(diagnostics)
    if meta.weight > 0:
        for node in scenario.nodes:
            if node.ending and node.score is None:
                sink.add(error(file.display, node.line, f"ending '{node.id}' has no score, but the scenario "
                                 f"counts towards the course score (weight: {meta.weight:g})",
                                 "scenario.ending-no-score",
                                 hint="give every ending a score (`{#id .ending score=100}`), or set weight: 0"))
    elif meta.pass_mark is not None:
        line, col = file.doc.front.where(("pass_mark",))
        sink.add(warning(file.display, line, "pass_mark has no effect on the course score: the scenario's "
                           "weight is 0 (practice)", "scenario.pass-mark-unused", col=col,
                           hint="set a weight above 0 to count the scenario, or remove pass_mark"))
    return Page(page_id, file, scan, scenario_meta=meta, scenario=scenario)


def _index(source: SourceCourse, pages: list[tuple[Path, str]], terms: set[str]) -> CourseIndex:
    """What links resolve against: every kept page's path and ID (from pass 1), the glossary's terms."""
    ids_by_path = dict(pages)
    return CourseIndex(source.root, ids_by_path, set(ids_by_path.values()), terms)


def _term_ids(source: SourceCourse) -> set[str]:
    """The glossary's term IDs as written, even when an entry is wrong (that error is reported),
    so that links to its terms are not reported as well."""
    data = source.glossary.data if source.glossary is not None else None
    return {key for key in data if isinstance(key, str)} if isinstance(data, dict) else set()

