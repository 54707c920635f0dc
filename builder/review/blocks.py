"""Source lines for the blocks of a rendered lesson, so a reviewer can cite `file:line`.

The parser gives the top-level blocks a lesson renders to, each with its line and kind
(builder/markdown/positions.py; the model keeps them as `Lesson.blocks`); this module splits the rendered HTML into its top-level
elements and pairs the two in order by kind. Only raw HTML has no block of its own: an element
it made finds no partner of its kind close by and is left without a line rather than given a
wrong one.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from ..markdown.positions import SourceBlock

_VOID = {"area", "br", "col", "hr", "img", "input", "wbr"}
_HTML_KIND = {"h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading", "h6": "heading",
              "pre": "fence", "table": "table", "ul": "list", "ol": "list", "blockquote": "quote",
              "aside": "quote", "hr": "hr", "p": "para", "figure": "para", "dl": "list"}
# How far ahead a kind may be searched for: an element of raw HTML has no block of its own and
# costs one step; a long detour means the two disagree, so stop pairing rather than guess.
_LOOKAHEAD = 4


class _TopLevel(HTMLParser):
    """Offsets and kinds of the top-level elements of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.depth = 0
        self.starts: list[tuple[int, str]] = []
        self._line_offsets: list[int] = []

    def run(self, html: str) -> list[tuple[int, str]]:
        self._line_offsets = [0] + [m.end() for m in re.finditer("\n", html)]
        self.feed(html)
        self.close()
        return self.starts

    def _offset(self) -> int:
        line, col = self.getpos()
        return self._line_offsets[line - 1] + col

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if self.depth == 0:
            classes = dict(attrs).get("class") or ""
            self.starts.append((self._offset(), "footnote" if "footnote" in classes.split() else
                                _HTML_KIND.get(tag, "para")))
        if tag not in _VOID:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID:
            self.depth = max(0, self.depth - 1)


def html_blocks(html: str) -> list[tuple[str, str]]:
    """The top-level elements of `html` as (kind, html) pairs, in order."""
    starts = _TopLevel().run(html)
    ends = [offset for offset, _ in starts[1:]] + [len(html)]
    return [(kind, html[offset:end].strip()) for (offset, kind), end in zip(starts, ends)]


def pair_lines(html: str, sources: tuple[SourceBlock, ...]) -> list[tuple[int | None, str]]:
    """Each top-level element of the rendered `html` with the source line it came from (or None),
    given the source's top-level blocks (`Lesson.blocks`)."""
    footnote = next((b.line for b in sources if b.kind == "footnote"), None)
    sources = [b for b in sources if b.kind != "footnote"]
    paired: list[tuple[int | None, str]] = []
    cursor = 0
    for kind, fragment in html_blocks(html):
        if kind == "footnote":
            paired.append((footnote, fragment))
            continue
        match = next((j for j in range(cursor, min(cursor + _LOOKAHEAD, len(sources)))
                      if sources[j].kind == kind), None)
        if match is None:
            paired.append((None, fragment))
            continue
        paired.append((sources[match].line, fragment))
        cursor = match + 1
    return paired
