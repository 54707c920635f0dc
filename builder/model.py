"""The built course: one frozen model (rendered HTML, parsed quizzes, media, stable IDs).

Every target writer consumes this model and nothing else: targets never read sources.
Markdown is rendered here, once per build, and shared by every target.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterator, TypeVar, Union

from coursepack_quiz.model import Quiz

from . import embeds, i18n
from .markdown import Renderer
from .markdown.positions import SourceBlock
from .schema import CourseConfig
from .validate import Page, ValidCourse


_T = TypeVar("_T")


class Utf8Text:
    """A dataclass field of text kept as UTF-8 bytes, read back as `str`: a str holding a single
    character past U+00FF (an em dash, a curly quote, any Arabic) takes 2-4 bytes for every
    character, UTF-8 one for each of HTML's ASCII ones. Lesson HTML is most of a large course's
    model; decoding it costs far less than the targets' work with it."""

    def __set_name__(self, owner: type, name: str) -> None:
        self._slot = f"_{name}_utf8"

    def __get__(self, instance: Any, owner: type | None = None) -> str:
        if instance is None:  # dataclasses asking for a default: there is none
            raise AttributeError(self._slot)
        return instance.__dict__[self._slot].decode()

    def __set__(self, instance: Any, value: str) -> None:
        instance.__dict__[self._slot] = value.encode()

    def utf8(self, instance: Any) -> bytes:
        """The text as kept, for a reader that writes bytes: it neither decodes nor encodes it."""
        return instance.__dict__[self._slot]


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    module_id: str
    # Decoded on every read: a reader that slices it or reads it in a loop takes it into a local once
    # (the reviewer edition read it once per block, 0.26 s at 1,000 lessons).
    html: str = Utf8Text()  # type: ignore[assignment]  # required: the descriptor gives no default
    objectives: tuple[str, ...] = ()
    duration_minutes: int | None = None
    facts: tuple[str, ...] = ()
    source_path: str = ""  # course-relative POSIX path of the Markdown file
    source_line: int = 1  # first line of the body
    downloads: tuple[embeds.Download, ...] = ()  # also listed at the end of `html`
    # The body's top-level blocks with their source lines (from validation's parse), for the
    # reviewers' line numbers; None when the lesson has no Markdown body. The body itself is not
    # kept (at 5,000 lessons it was a fifth of the model): whoever needs it reads `source_path`.
    blocks: tuple[SourceBlock, ...] | None = field(default=None, repr=False)

    kind = "lesson"

    @property
    def html_utf8(self) -> bytes:
        """`html` as kept, UTF-8: the reviewer edition cuts and writes a lesson's bytes as they are."""
        return vars(Lesson)["html"].utf8(self)


@dataclass(frozen=True)
class QuizPage:
    id: str
    title: str
    module_id: str
    quiz: Quiz  # author Markdown in every text field
    rendered: Quiz  # the same quiz with every text field rendered to safe HTML
    facts: tuple[str, ...] = ()
    source_path: str = ""
    source_line: int = 1

    kind = "quiz"

    @property
    def pass_mark(self) -> float:
        return self.quiz.settings.pass_mark if self.quiz.settings.pass_mark is not None else 100.0

    @property
    def weight(self) -> float:
        return self.quiz.settings.weight


@dataclass(frozen=True)
class ScenarioChoice:
    id: str
    html: str  # the choice's text, inline HTML
    consequence_html: str  # what follows the choice, block HTML
    next: str  # the ID of the node it leads to
    line: int  # file line of the choice


@dataclass(frozen=True)
class ScenarioNode:
    id: str
    title: str  # plain text, as written in the heading
    html: str  # the situation (or the ending's text), block HTML; may be empty
    ending: bool
    score: float | None  # endings only: 0-100, or None when the ending is not scored
    choices: tuple[ScenarioChoice, ...]
    line: int  # file line of the node's heading


@dataclass(frozen=True, kw_only=True)
class _Activity:
    """What a scenario and a reflection carry besides their content (keywords, after it)."""

    objectives: tuple[str, ...] = ()
    duration_minutes: int | None = None
    facts: tuple[str, ...] = ()
    source_path: str = ""
    source_line: int = 1


@dataclass(frozen=True)
class ScenarioPage(_Activity):
    """A decision scenario: `nodes[0]` is the start; every choice's `next` names a node (validated)."""

    id: str
    title: str
    module_id: str
    nodes: tuple[ScenarioNode, ...]
    weight: float = 0  # > 0: counts towards the course score and completion like a graded quiz
    pass_mark: float | None = None  # the ending score needed to pass (the course's when the author gave none)

    kind = "scenario"

    @property
    def start(self) -> ScenarioNode:
        return self.nodes[0]

    def node(self, node_id: str) -> ScenarioNode | None:
        return next((n for n in self.nodes if n.id == node_id), None)

    @property
    def scored(self) -> bool:
        """Some ending carries a score (with weight > 0, validation made sure every ending does)."""
        return any(n.score is not None for n in self.nodes if n.ending)


@dataclass(frozen=True)
class ReflectionPage(_Activity):
    """A reflection: the learner writes; guiding questions help; a model answer follows. Never graded."""

    id: str
    title: str
    module_id: str
    prompt_html: str
    questions_heading: str  # plain text, the author's heading ("" when there are no questions)
    questions_html: tuple[str, ...]  # each question as inline HTML
    model_heading: str
    model_answer_html: str
    save: str = "device"  # device | lms (kept in the SCORM state too)
    max_chars: int = 2000
    downloads: tuple[embeds.Download, ...] = ()

    kind = "reflection"


PageModel = Union[Lesson, QuizPage, ScenarioPage, ReflectionPage]
#: Every page kind, in the order authors meet them (targets declare which they build: targets/base.py).
PAGE_KINDS = ("lesson", "quiz", "scenario", "reflection")


@dataclass(frozen=True)
class Module:
    id: str
    title: str
    pages: tuple[PageModel, ...]
    description: str = ""
    objectives: tuple[str, ...] = ()


@dataclass(frozen=True)
class MediaFile:
    """A media file of the course. `origin` is the file on disk, read each time `data` is asked
    for (a target reads it as it writes it, so a course's media never sit in memory all at once),
    or bytes made in memory (a translated SVG)."""

    path: str  # course-relative POSIX path, e.g. "media/review-cycle.svg"
    origin: Union[bytes, Path] = field(repr=False)

    @property
    def data(self) -> bytes:
        return self.origin if isinstance(self.origin, bytes) else self.origin.read_bytes()

    @property
    def size(self) -> int:
        return len(self.origin) if isinstance(self.origin, bytes) else self.origin.stat().st_size


@dataclass(frozen=True)
class GlossaryTerm:
    id: str
    term: str
    definition_html: str


@dataclass(frozen=True)
class Course:
    config: CourseConfig
    modules: tuple[Module, ...]
    glossary: tuple[GlossaryTerm, ...] = ()
    media: tuple[MediaFile, ...] = ()
    # keys.lock: the state keys assigned by earlier builds (a runtime.keys.KeyLedger, which this
    # lower layer does not import); None before the first
    key_ledger: Any = field(default=None, compare=False, repr=False)
    # what replacing the earlier version does, for the admin reports: {"scorm": verdict, "web": verdict}
    # (republish.admin_verdict; set by the build when it has an earlier version to compare with)
    republish: dict | None = field(default=None, compare=False, repr=False)
    # What several targets derive from the whole course (state keys, the state budget, the player's
    # data): computed once per Course object, by whoever asks first (`derived`). init=False, so
    # dataclasses.replace starts a new course afresh (its key ledger, say, may differ).
    _derived: dict = field(default_factory=dict, init=False, compare=False, repr=False)

    def derived(self, name: str, compute: "Callable[[], _T]") -> "_T":
        """`compute()`, run once per course for each `name` (the owner's function, e.g.
        "keys.course_keys"); the model is frozen, so the answer cannot go stale."""
        if name not in self._derived:
            self._derived[name] = compute()
        return self._derived[name]

    def has_derived(self, name: str) -> bool:
        return name in self._derived

    def with_republish(self, verdicts: dict) -> "Course":
        """This course with its comparison to the version it replaces (`republish`), keeping what
        `derived` computed: none of it reads `republish`, and the build's snapshot has already
        made the player's data its targets read (a fresh course would make every page again)."""
        replaced = replace(self, republish=verdicts)
        replaced._derived.update(self._derived)
        return replaced

    def forget_derived(self) -> None:
        """Free what `derived` computed, once no one will ask for it again (the build, after the
        last target that reads it: the player's data is about as large as the course)."""
        self._derived.clear()

    @property
    def id(self) -> str:
        return self.config.id

    @property
    def title(self) -> str:
        return self.config.title

    @property
    def language(self) -> str:
        return self.config.language

    @property
    def direction(self) -> str:
        return i18n.text_direction(self.config.language)

    def pages(self) -> Iterator[PageModel]:
        for module in self.modules:
            yield from module.pages

    def lessons(self) -> Iterator[Lesson]:
        return (p for p in self.pages() if isinstance(p, Lesson))

    def quizzes(self) -> Iterator[QuizPage]:
        return (p for p in self.pages() if isinstance(p, QuizPage))

    def scenarios(self) -> Iterator[ScenarioPage]:
        return (p for p in self.pages() if isinstance(p, ScenarioPage))

    def reflections(self) -> Iterator[ReflectionPage]:
        return (p for p in self.pages() if isinstance(p, ReflectionPage))

    def page(self, page_id: str) -> PageModel | None:
        return next((p for p in self.pages() if p.id == page_id), None)

    def graded_quizzes(self) -> list[QuizPage]:
        return [q for q in self.quizzes() if q.weight > 0]

    def graded_activities(self) -> list[QuizPage | ScenarioPage]:
        """What the course score and completion count: quizzes and scenarios with weight > 0, in course order."""
        return [p for p in self.pages() if isinstance(p, (QuizPage, ScenarioPage)) and p.weight > 0]


class RenderCache:
    """Rendered pages keyed by their source text and the link targets in scope.

    A preview server keeps one across rebuilds, so an edit re-renders only the changed file.
    """

    def __init__(self) -> None:
        self._pages: dict[tuple, tuple[PageModel, frozenset[str]]] = {}

    def get(self, key: tuple) -> "tuple[PageModel, frozenset[str]] | None":
        return self._pages.get(key)

    def put(self, key: tuple, page: "tuple[PageModel, frozenset[str]]") -> None:
        self._pages[key] = page


class PageRenderer:
    """Validation's `render` hook for a build: renders each page as soon as validation has
    checked it, before its tokens are released, so a build holds one page's parse at a time
    (`build_model` then takes the pages as rendered)."""

    def __init__(self) -> None:
        self._renderer: Renderer | None = None

    def __call__(self, page: Page, module_id: str, valid: ValidCourse) -> None:
        if self._renderer is None:
            self._renderer = Renderer(valid.config.language)
        media: set[str] = set()
        page.rendered = (_render_page(page, module_id, valid, self._renderer, media), frozenset(media))


def build_model(valid: ValidCourse, cache: RenderCache | None = None, *, release: bool = False) -> Course:
    """Render every page once and freeze the result. `release`: free each lesson's parse as soon
    as it is rendered, when nothing will render `valid` again (a build; not the preview), so the
    tokens of every page and the HTML of every page are never in memory together."""
    renderer = Renderer(valid.config.language)
    media: set[str] = set()
    # The course settings are in scope too: a page's model holds defaults from them (a quiz's or
    # scenario's pass mark), so an edit of course.yml must not reuse a page rendered before it.
    scope = (valid.config.model_dump_json(), frozenset(valid.index.page_ids), frozenset(valid.index.glossary_ids))
    modules = []
    for module in valid.modules:
        pages = tuple(_cached_page(page, module.id, valid, renderer, media, scope, cache, release)
                      for page in module.pages)
        modules.append(Module(module.id, module.config.title, pages, module.config.description,
                              module.config.objectives))
    glossary = tuple(
        GlossaryTerm(term_id, entry.term, renderer.inline(entry.definition, lambda target, is_image: None))
        for term_id, entry in sorted(valid.glossary.items())
    )
    root = valid.source.root
    files = tuple(MediaFile(path, root / path) for path in sorted(media))
    return Course(valid.config, tuple(modules), glossary, files)


def _cached_page(page: Page, module_id: str, valid: ValidCourse, renderer: Renderer, media: set[str],
                 scope: tuple, cache: RenderCache | None, release: bool = False) -> PageModel:
    if page.rendered is not None:  # rendered as validation checked it (`PageRenderer`)
        model, page_media = page.rendered
        media.update(page_media)
        return model
    key = (page.source.path, module_id, page.source.text, scope)
    cached = cache.get(key) if cache else None
    if cached is None:
        page_media: set[str] = set()
        cached = _render_page(page, module_id, valid, renderer, page_media)
        if release and page.scan.parsed is not None:
            page.scan.parsed.release()
        cached = (cached, frozenset(page_media))
        if cache:
            cache.put(key, cached)
    model, page_media = cached
    media.update(page_media)
    return model


def _render_page(page: Page, module_id: str, valid: ValidCourse, renderer: Renderer, media: set[str]) -> PageModel:
    path = page.source.path

    def resolve(target: str, is_image: bool) -> str | None:
        resolution = valid.index.resolve(target, path, is_image)
        if resolution.media:
            media.add(resolution.media)
        return resolution.url

    source_path = Path(path).relative_to(valid.source.root).as_posix()
    body_line = page.source.doc.body_line
    if page.is_quiz:
        rendered = page.quiz.map_text(
            lambda text, inline: renderer.inline(text, resolve) if inline else renderer.block(text, resolve))
        return QuizPage(page.id, page.title, module_id, page.quiz, rendered, page.quiz_meta.facts,
                        source_path, body_line)
    if page.scenario is not None:
        return _scenario(page, module_id, valid, renderer, resolve, source_path, body_line)
    if page.reflection is not None:
        downloads = tuple(_download(entry, path, valid, media) for entry in page.downloads)
        return _reflection(page, module_id, renderer, resolve, downloads, source_path, body_line)
    meta = page.lesson
    downloads = tuple(_download(entry, path, valid, media) for entry in meta.downloads)
    html = renderer.parsed(page.scan.parsed, resolve, prefix=page.id)
    html += embeds.downloads_html(downloads, valid.config.language, page.id)
    blocks = page.scan.blocks if page.source.doc.body else None
    return Lesson(page.id, meta.title, module_id, html, meta.objectives, meta.duration_minutes, meta.facts,
                  source_path, body_line, downloads, blocks)


def _download(entry, source: Path, valid: ValidCourse, media: set[str]) -> embeds.Download:
    """A listed file (validated: it resolves to a document in the course), with its size."""
    path = valid.index.resolve(entry.file, source, True).media
    media.add(path)
    return embeds.Download(path, entry.title or Path(path).name, (valid.source.root / path).stat().st_size)


def _scenario(page: Page, module_id: str, valid: ValidCourse, renderer: Renderer, resolve, source_path: str,
              body_line: int) -> ScenarioPage:
    """Every node's text, choice and consequence rendered once; footnote IDs prefixed per node."""
    meta = page.scenario_meta
    nodes = tuple(
        ScenarioNode(node.id, node.title, renderer.block(node.markdown, resolve, prefix=f"{page.id}-{node.id}"),
                     node.ending, node.score,
                     tuple(ScenarioChoice(c.id, renderer.inline(c.text, resolve),
                                          renderer.block(c.consequence_markdown, resolve,
                                                         prefix=f"{page.id}-{c.id}"), c.next, c.line)
                           for c in node.choices), node.line)
        for node in page.scenario.nodes)
    pass_mark = meta.pass_mark if meta.pass_mark is not None else valid.config.pass_mark
    return ScenarioPage(page.id, meta.title, module_id, nodes, meta.weight, pass_mark,
                        **_activity(page, source_path, body_line))


def _reflection(page: Page, module_id: str, renderer: Renderer, resolve, downloads: tuple[embeds.Download, ...],
                source_path: str, body_line: int) -> ReflectionPage:
    meta, parsed = page.reflection_meta, page.reflection
    return ReflectionPage(
        page.id, meta.title, module_id, renderer.block(parsed.prompt, resolve, prefix=f"{page.id}-prompt"),
        parsed.questions_heading, tuple(renderer.inline(q, resolve) for q in parsed.questions),
        parsed.model_heading, renderer.block(parsed.model_answer, resolve, prefix=f"{page.id}-model"),
        meta.save, meta.max_chars, downloads, **_activity(page, source_path, body_line))


def _activity(page: Page, source_path: str, body_line: int) -> dict:
    """The `_Activity` fields of a scenario or reflection page, from its front matter and source."""
    meta = page.meta
    return {"objectives": meta.objectives, "duration_minutes": meta.duration_minutes, "facts": meta.facts,
            "source_path": source_path, "source_line": body_line}
