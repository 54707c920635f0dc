"""The reviewer's edition of a course: every page with its answer keys, facts and source lines.

`ReviewSite` answers for one path at a time, so the preview server renders only the pages a
reviewer opens; the `review` target asks it for every path. Pages are pure functions of
their inputs, which lets the preview keep a memo of them across rebuilds.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from typing import Callable, Iterator, Mapping

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from coursepack_quiz.model import Question

from ..markdown.positions import SourceBlock
from ..model import Course, Lesson, PageModel, QuizPage
from .. import urls
from . import contents, frames, heads, quizzes
from .blocks import pair_lines
from .marks import SOURCE_REF, escaped_path, line_of, mapped, source_ref
from .facts import Fact

_HERE = Path(__file__).parent
# The templates ship with the package: no need to look at their files' times on every render.
_ENV = Environment(loader=FileSystemLoader(_HERE / "templates"), autoescape=select_autoescape(default=True),
                   keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True, auto_reload=False)
CSS = "review.css"


# One block of a lesson's body: its source reference, then the block as rendered. {} and {}:
# the escaped `path[:line]` and the block.
_REFERENCED_BLOCK = '<div class="rv-block">\n  <p class="rv-where">{}</p>\n  {}\n</div>\n'.format(SOURCE_REF, "{}")
# The same cut at its two places, in UTF-8, to be joined with the pieces between (thousands per edition).
_BEFORE_REF, _BEFORE_BLOCK, _AFTER_BLOCK = (part.encode() for part in _REFERENCED_BLOCK.split("{}"))
_URL_MARK_UTF8 = urls.MARK.encode()  # `urls.has_urls`, asked of a lesson's UTF-8 bytes


# Filters, not globals: a template calls a filter directly, a global through Jinja's context
# (which inspects the function on every call). Each gives HTML, marked safe for autoescape.
_ENV.filters.update(src=lambda path, line=None: Markup(source_ref(path, line)),
                    line_of=lambda path, line: Markup(line_of(path, line)),
                    mapped=lambda text, rewrite: Markup(mapped(text, rewrite)))


@dataclass(frozen=True)
class PageView:
    """Everything one page's HTML depends on: hashable, so rendered pages can be memoised."""

    page: PageModel
    module_title: str
    previous: tuple[str, str] | None  # (id, title)
    following: tuple[str, str] | None
    facts: tuple[tuple[str, Fact | None], ...]
    source: tuple[SourceBlock, ...] | None  # a lesson's top-level blocks with their lines, when known
    question_facts: tuple[tuple[str, Fact | None], ...] = ()  # every fact a question's key rests on

    def fact(self, fact_id: str) -> Fact | None:
        return dict(self.question_facts).get(fact_id)


class ReviewSite:
    """Paths: index.html, print.html, review.css, pages/<page-id>.html and the course's media."""

    def __init__(self, course: Course, *, facts: Mapping[str, Fact] | None = None, memo: dict | None = None):
        self.course = course
        self.facts = facts
        self.memo = memo  # rendered pages kept across rebuilds (the preview); None: each page made when asked
        self._media = {m.path: m for m in course.media}  # read when asked for
        self._order = list(course.pages())
        self._pages = {page.id: page for page in self._order}
        self._position = {page.id: i for i, page in enumerate(self._order)}
        self._module_titles = {module.id: module.title for module in course.modules}
        self._paired: dict[str, list[tuple[int | None, int, int]]] = {}  # page ID → its blocks, split once
        self._views: dict[str, PageView] = {}  # page ID → its view, for both editions
        # Made for a page's own file and kept until print.html shows them again (a kilobyte or so
        # each): page ID → its head; (page ID, question ID) → its answer key, if the same in both.
        self._heads: dict[str, str] = {}
        self._keys: dict[tuple[str, str], str] = {}
        self._frames = frames.Frames(course)

    def paths(self) -> list[str]:
        return sorted(["index.html", "print.html", CSS, *self._media,
                       *(f"pages/{page_id}.html" for page_id in self._pages)])

    def render(self, path: str) -> bytes | None:
        """The file at `path`, or None when the edition has no such file."""
        if path in self._media:
            return self._media[path].data
        if path == CSS:
            return (_HERE / CSS).read_bytes()
        if path == "index.html":
            return "".join((self._frames.document_start(self.course.title, ""), contents.index_body(self.course),
                            frames.DOCUMENT_END)).encode()
        if path == "print.html":
            return b"".join(self._print())
        if path.startswith("pages/") and path.endswith(".html") and path[6:-5] in self._pages:
            return self.page_file(path[6:-5])
        return None

    def chunks(self, path: str) -> Iterator[bytes]:
        """The file at `path` in pieces: the one-page edition as it is rendered (it holds the
        whole course), any other file whole. KeyError when the edition has no such file."""
        if path == "print.html":
            return self._print()
        data = self.render(path)
        if data is None:
            raise KeyError(path)
        return iter((data,))

    def page_html(self, page_id: str) -> str:
        """A page's own file as text (`page_file` decoded)."""
        return self.page_file(page_id).decode()

    def page_file(self, page_id: str) -> bytes:
        """A page's own file, pages/<page-id>.html, in UTF-8."""
        view = self._view(self._pages[page_id])
        key = (view, self.course.title, self.course.language)
        data = self.memo.get(key) if self.memo is not None else None
        if data is None:
            page = view.page
            head = self._heads[page.id] = self._head(view)
            body = self._body(view, _page_urls, 2, partial(self._answer_key, urls=_page_urls, keep=True))
            data = self._frames.page(page.id, page.title, view.previous, view.following, head, body)
            if self.memo is not None:
                self.memo[key] = data
        return data

    def _print(self) -> Iterator[bytes]:
        """print.html in pieces of about 64 KB; each page's article is made when its turn comes."""
        keys = partial(self._answer_key, urls=_print_urls, keep=False)
        views = [self._view(page) for page in self._order]
        opening = self._frames.document_start(self.course.title, "") + contents.print_opening(self.course, views)
        articles = (frames.article(view.page.id, view.page.title, self._heads.pop(view.page.id, None) or
                                   self._head(view), self._body(view, _print_urls, 3, keys)) for view in views)
        closing = contents.print_closing(self.course) + frames.DOCUMENT_END
        return _in_pieces(itertools.chain((opening.encode(),), articles, (closing.encode(),)))

    def _head(self, view: PageView) -> str:
        """The page's source, ID, module, objectives and facts (`heads.page_head`): the same in both editions."""
        return heads.page_head(view, self.facts is not None)

    def _body(self, view: PageView, urls: Callable[[str], str], level: int,
              keys: Callable[[PageView, Question], str]) -> bytes:
        """A page's body after its head (UTF-8), its headings at `level` and its URLs mapped by
        `urls`: a lesson's blocks (`_lesson`), or a quiz (its answer keys from `keys`), a scenario
        or a reflection by the macro of its kind."""
        page = view.page
        if isinstance(page, Lesson):
            return b"".join((b'<div class="rv-lesson">', self._lesson(view, urls), b"</div>\n"))
        if isinstance(page, QuizPage):  # built in Python, as lessons are: see quizzes.py
            shown = quizzes.quiz_body(view, urls, level, keys)
        elif page.kind == "scenario":
            shown = _macros("_scenario.html.j2").scenario_body(page, urls, level)
        else:
            shown = _macros("_reflection.html.j2").reflection_body(page, urls, level)
        return "".join((shown, "\n")).encode()  # joined: a str added to a macro's Markup would be escaped

    def _answer_key(self, view: PageView, question: Question, *, urls: Callable[[str], str],
                    keep: bool) -> str:
        """Everything `question` shows under its heading (`quizzes.answer_key`), its URLs mapped by `urls`.

        It is the same in both editions unless one of its texts links into the course: the page
        edition keeps such a key (`keep`) for print.html, which takes it rather than render the
        question again (the answer keys were most of a quiz's cost, and each was made twice)."""
        kept = self._keys.get((view.page.id, question.id))
        if kept is not None:
            if not keep:
                del self._keys[(view.page.id, question.id)]
            return kept
        noting = _Noting(urls)
        key = quizzes.answer_key(view.page, question, noting, view, self.facts is not None)
        if keep and not noting.used:
            self._keys[(view.page.id, question.id)] = key
        return key

    def _view(self, page: PageModel) -> PageView:
        """What `page`'s HTML depends on, made once for both editions."""
        view = self._views.get(page.id)
        if view is None:
            view = self._views[page.id] = self._new_view(page)
        return view

    def _new_view(self, page: PageModel) -> PageView:
        pages, index = self._order, self._position[page.id]
        neighbour = (lambda i: (pages[i].id, pages[i].title) if 0 <= i < len(pages) else None)
        sheet = self.facts or {}
        facts = tuple((fact_id, sheet.get(fact_id)) for fact_id in page.facts)
        asked = sorted({f for q in page.quiz.questions for f in q.facts}) if isinstance(page, QuizPage) else []
        return PageView(page, self._module_titles[page.module_id], neighbour(index - 1), neighbour(index + 1),
                        facts, _own_source(page),
                        tuple((f, sheet.get(f)) for f in asked))

    def _lesson(self, view: PageView, rewrite) -> bytes:
        """A lesson's body: each top-level block in a `rv-block` under the source line it came
        from (one block without a line when the source blocks are unknown), its `coursepack:` URLs
        mapped by `rewrite` (a URL lives inside one tag, so mapping block by block equals mapping
        the whole).

        The page and the print edition show the same blocks with different URLs: the lesson is
        split and paired once. Built here, not in a template: a macro per block, twice per lesson,
        was most of the edition's cost. In UTF-8, as the model keeps the lesson (`blocks.py`): only
        a block with a URL to map is decoded, and encoded again."""
        page: Lesson = view.page
        html = page.html_utf8
        if view.source is None:
            spans = [(None, 0, len(html))]
        else:
            spans = self._paired.get(page.id)
            if spans is None:
                spans = self._paired[page.id] = pair_lines(html, view.source)
        path = escaped_path(page.source_path).encode()
        body: list[bytes] = []
        for line, start, end in spans:
            block = html[start:end]
            if _URL_MARK_UTF8 in block:  # decoded and encoded again only to map a URL
                block = rewrite(block.decode()).encode()
            body += (_BEFORE_REF, path, b":%d" % line if line else b"", _BEFORE_BLOCK, block, _AFTER_BLOCK)
        return b"".join(body)


class _Noting:
    """An edition's URL mapper that notes whether any text needed it (`marks.mapped` calls it
    only for a text with a `coursepack:` URL): a rendering that never used it is the same in both."""

    def __init__(self, rewrite: Callable[[str], str]):
        self._rewrite, self.used = rewrite, False

    def __call__(self, text: str) -> str:
        self.used = True
        return self._rewrite(text)


def _own_source(page: PageModel) -> tuple[SourceBlock, ...] | None:
    """The lesson's blocks as the model keeps them (None: no Markdown body), so block lines work
    in built editions too."""
    return page.blocks if isinstance(page, Lesson) else None


def _page_urls(text: str) -> str:
    return urls.rewrite(text, lesson=_page_lesson, media=_page_media, glossary=_page_glossary)


def _print_urls(text: str) -> str:
    return urls.rewrite(text, lesson=_print_lesson, media=urls.media_url, glossary=_print_glossary)


# Where `coursepack:` URLs lead from pages/<id>.html and from print.html.
def _page_lesson(page_id: str) -> str:
    return f"{page_id}.html"


def _page_media(path: str) -> str:
    return urls.media_url(path, "../")


def _page_glossary(term: str) -> str:
    return f"../index.html#term-{term}"


def _print_lesson(page_id: str) -> str:
    return f"#page-{page_id}"


def _print_glossary(term: str) -> str:
    return f"#term-{term}"


@lru_cache(maxsize=None)
def _macros(name: str):
    """The macros of template `name`, compiled when first asked for: a course without scenarios
    never compiles `_scenario.html.j2`."""
    return _ENV.get_template(name).module


def _in_pieces(pieces: Iterator[bytes], size: int = 65536) -> Iterator[bytes]:
    """`pieces` joined into pieces of about `size` bytes: the one-page edition holds the whole
    course, so it is written as it is made, in pieces neither tiny nor whole."""
    buffered: list[bytes] = []
    held = 0
    for piece in pieces:
        buffered.append(piece)
        held += len(piece)
        if held >= size:
            yield b"".join(buffered)
            buffered, held = [], 0
    yield b"".join(buffered)
