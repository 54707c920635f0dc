"""The small pieces every part of the reviewer's edition writes: a `file:line` reference, a text
with its `coursepack:` URLs mapped for the edition, a fact's text.

Used by the parts built in Python (lessons, quizzes) and, as filters, by the templates; each
gives escaped HTML (`Markup`), so a template shows it as it is and a join keeps it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable

from markupsafe import Markup, escape

from coursepack_quiz.inline import render_text

from .. import urls

LINKED = f"{urls.SCHEME}:"  # in a text with `coursepack:` URLs to map

# `path:line` of a reviewer annotation: English tool text inside a course of any language and
# direction, so it carries its own `lang`, `dir` and isolation. {} is the escaped `path[:line]`.
SOURCE_REF = '<span class="rv-src" lang="en" dir="ltr"><bdi>{}</bdi></span>'


def source_ref(path: str, line: int | None = None) -> Markup:
    """The `path:line` annotation (`path` alone without a line)."""
    return Markup(SOURCE_REF.format(f"{escaped_path(path)}:{line:d}" if line else escaped_path(path)))


@lru_cache(maxsize=4096)  # a page's annotations all name its one source file, in both editions
def escaped_path(path: str) -> str:
    return str(escape(path))


def line_of(path: str, line: int | None) -> Markup:
    """`source_ref` where there is a line, nothing where there is none."""
    return source_ref(path, line) if line else Markup()


def mapped(text: str | None, rewrite: Callable[[str], str]) -> Markup:
    """A quiz, scenario or reflection text (HTML) with its `coursepack:` URLs mapped by the
    edition's `rewrite` (site.py's `_page_urls` or `_print_urls`)."""
    text = text or ""
    return Markup(rewrite(text) if LINKED in text else text)


@lru_cache(maxsize=4096)  # a fact is shown on every page that cites it, in both editions
def light_markdown(text: str) -> Markup:
    """Fact-sheet text: the quiz core's small, escaping Markdown (bold, italic, code, links)."""
    return Markup(render_text(text, True))
