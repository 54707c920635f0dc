"""The small pieces every part of the reviewer's edition writes: an escaped value, a `file:line`
reference, a text with its `coursepack:` URLs mapped for the edition, a fact's text.

Each gives HTML as a plain `str`, for the parts built in Python, which join strings (a `Markup`
made for every value cost more than the escaping); the templates get them as filters that mark
the result safe (site.py).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable

from markupsafe import Markup

from coursepack_quiz.inline import render_text

from .. import urls

# `path:line` of a reviewer annotation: English tool text inside a course of any language and
# direction, so it carries its own `lang`, `dir` and isolation. {} is the escaped `path[:line]`.
SOURCE_REF = '<span class="rv-src" lang="en" dir="ltr"><bdi>{}</bdi></span>'


def escaped(value: object) -> str:
    """`value` as HTML text, escaped exactly as markupsafe's `escape` (so Jinja's autoescape)
    escapes it, as a plain str."""
    return (str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;")
            .replace("'", "&#39;"))


def source_ref(path: str, line: int | None = None) -> str:
    """The `path:line` annotation (`path` alone without a line)."""
    return SOURCE_REF.format(f"{escaped_path(path)}:{line:d}" if line else escaped_path(path))


@lru_cache(maxsize=4096)  # a page's annotations all name its one source file, in both editions
def escaped_path(path: str) -> str:
    return escaped(path)


def line_of(path: str, line: int | None) -> str:
    """`source_ref` where there is a line, nothing where there is none."""
    return source_ref(path, line) if line else ""


def mapped(text: str | None, rewrite: Callable[[str], str]) -> str:
    """A quiz, scenario or reflection text (HTML) with its `coursepack:` URLs mapped by the
    edition's `rewrite` (site.py's `_page_urls` or `_print_urls`)."""
    text = text or ""
    return rewrite(text) if urls.has_urls(text) else text  # asked here: `_Noting` notes each call


@lru_cache(maxsize=4096)  # a fact is shown on every page that cites it, in both editions
def light_markdown(text: str) -> Markup:
    """Fact-sheet text: the quiz core's small, escaping Markdown (bold, italic, code, links)."""
    return Markup(render_text(text, True))


#: A cited fact the given fact sheet lacks.
NOT_IN_SHEET = ' <span class="rv-badge rv-unconfirmed">not in the fact sheet</span>'


def fact_details(fact, before_text: str) -> tuple[str, ...]:
    """A fact of the sheet as a page's head and a question's answer key show it: its status badge,
    if it has one, then `before_text` (the layout's spacing), its text and its source."""
    badge = (' <span class="rv-badge rv-', escaped(fact.status), '">', escaped(fact.status), "</span>") \
        if fact.status else ()
    return (*badge, before_text, light_markdown(fact.text), ' <span class="rv-fact-source">', escaped(fact.source),
            "</span>\n")
