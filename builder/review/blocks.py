"""Source lines for the blocks of a rendered lesson, so a reviewer can cite `file:line`.

The parser gives the top-level blocks a lesson renders to, each with its line and kind
(builder/markdown/positions.py; the model keeps them as `Lesson.blocks`); this module splits the rendered HTML into its top-level
elements and pairs the two in order by kind. Only raw HTML has no block of its own: an element
it made finds no partner of its kind close by and is left without a line rather than given a
wrong one.
"""

from __future__ import annotations

import html
import re

from ..markdown.positions import SourceBlock

_VOID = frozenset({"area", "br", "col", "hr", "img", "input", "wbr"})
_HTML_KIND = {"h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading", "h6": "heading",
              "pre": "fence", "table": "table", "ul": "list", "ol": "list", "blockquote": "quote",
              "aside": "quote", "hr": "hr", "p": "para", "figure": "para", "dl": "list"}
# How far ahead a kind may be searched for: an element of raw HTML has no block of its own and
# costs one step; a long detour means the two disagree, so stop pairing rather than guess.
_LOOKAHEAD = 4
# A lesson's HTML is the sanitiser's serialisation (nh3): text escapes `<`, attribute values are
# double-quoted, comments are gone. So every `<` opens a tag and this pattern finds each one whole
# (a quoted value may hold `>`, which some serialisers leave unescaped): (slash of an end tag,
# name, attributes, slash of `<x/>`).
_TAG = re.compile(r'<(/?)([a-zA-Z][^\t\n\r\f />]*)((?:[^>"]|"[^"]*")*?)(/?)>')
_CLASS = re.compile(r'\sclass="([^"]*)"')


def _kind(name: str, attributes: str) -> str:
    found = _CLASS.search(attributes)
    if found and "footnote" in html.unescape(found.group(1)).split():
        return "footnote"
    return _HTML_KIND.get(name, "para")


def _top_level(html_text: str) -> list[tuple[int, str]]:
    """Offsets and kinds of the top-level elements of the sanitised fragment `html_text`."""
    starts: list[tuple[int, str]] = []
    depth = 0
    for match in _TAG.finditer(html_text):
        closing, name, attributes, self_closing = match.groups()
        name = name.lower()
        if closing:
            if depth and name not in _VOID:
                depth -= 1
            continue
        if not depth:
            starts.append((match.start(), _kind(name, attributes)))
        if name not in _VOID and not self_closing:
            depth += 1
    return starts


def block_spans(html_text: str) -> list[tuple[str, int, int]]:
    """The top-level elements of `html_text` as (kind, start, end): each runs to the next one's
    start, so text between two elements stays with the first (callers strip the slice)."""
    starts = _top_level(html_text)
    ends = [offset for offset, _ in starts[1:]] + [len(html_text)]
    return [(kind, offset, end) for (offset, kind), end in zip(starts, ends)]


def html_blocks(html_text: str) -> list[tuple[str, str]]:
    """The top-level elements of `html_text` as (kind, html) pairs, in order."""
    return [(kind, html_text[start:end].strip()) for kind, start, end in block_spans(html_text)]


def pair_lines(html_text: str, sources: tuple[SourceBlock, ...]) -> list[tuple[int | None, int, int]]:
    """Each top-level element of the rendered `html_text` as (source line or None, start, end),
    given the source's top-level blocks (`Lesson.blocks`). Offsets, not text: a caller that keeps
    the pairing keeps a few integers per block rather than a second copy of the lesson."""
    footnote = next((b.line for b in sources if b.kind == "footnote"), None)
    sources = [b for b in sources if b.kind != "footnote"]
    paired: list[tuple[int | None, int, int]] = []
    cursor = 0
    for kind, start, end in block_spans(html_text):
        if kind == "footnote":
            paired.append((footnote, start, end))
            continue
        match = next((j for j in range(cursor, min(cursor + _LOOKAHEAD, len(sources)))
                      if sources[j].kind == kind), None)
        if match is None:
            paired.append((None, start, end))
            continue
        paired.append((sources[match].line, start, end))
        cursor = match + 1
    return paired
