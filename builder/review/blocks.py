"""Source lines for the blocks of a rendered lesson, so a reviewer can cite `file:line`.

The parser gives the top-level blocks a lesson renders to, each with its line and kind
(builder/markdown/positions.py; the model keeps them as `Lesson.blocks`); this module splits the rendered HTML into its top-level
elements and pairs the two in order by kind. Only raw HTML has no block of its own: an element
it made (of kind "html" when Markdown never writes its tag at the top, like <video>) finds no
partner of its kind close by and is left without a line rather than given a wrong one.
"""

from __future__ import annotations

import html
import re

from ..markdown.positions import SourceBlock

# Elements without an end tag (HTML's list): `<source>` and `<track>` inside a `<video>` too.
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr"})
_HTML_KIND = {"h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading", "h6": "heading",
              "pre": "fence", "table": "table", "ul": "list", "ol": "list", "blockquote": "quote",
              "aside": "quote", "hr": "hr", "p": "para", "figure": "para", "dl": "list"}
# How far ahead a kind may be searched for: an element of raw HTML has no block of its own and
# costs one step; a long detour means the two disagree, so stop pairing rather than guess.
_LOOKAHEAD = 4
# A lesson's HTML is the sanitiser's serialisation (nh3) of a parsed tree: text and attribute values
# escape `<`, values are double-quoted, comments are gone, and every element but a void one is
# closed. So every `<` before a letter opens a tag, and an element ends at the first end tag of its
# name that closes as many as opened since: only tags of that name need looking at.
# A quoted value may hold `>` (some serialisers leave it bare). Written as runs rather than as a
# repeated one-character alternation, which the regex engine steps through far more slowly.
_ATTRIBUTES = r'[^>"]*(?:"[^"]*"[^>"]*)*'
_START = re.compile(rf'<([a-zA-Z][^\t\n\r\f />]*)({_ATTRIBUTES})>')
_CLASS = re.compile(r'\sclass="([^"]*)"')
_SAME_NAME: dict[str, re.Pattern] = {}  # element name → its start and end tags


def _kind(name: str, attributes: str) -> str:
    """The kind of source block a top-level element comes from: "html" for an element Markdown
    never writes at the top (a <video>, the downloads <section>), which only raw HTML makes."""
    if "footnote" not in attributes:  # the sanitiser spells letters out, never as character references
        return _HTML_KIND.get(name, "html")
    found = _CLASS.search(attributes)
    if found and "footnote" in html.unescape(found.group(1)).split():
        return "footnote"
    return _HTML_KIND.get(name, "html")


def _element_end(html_text: str, name: str, position: int) -> int:
    """Where the element of `name` whose start tag ends at `position` ends (after its end tag)."""
    # Most elements hold none of their own name (a <p> in a <p> cannot be, a list in a list is
    # rare): then the first end tag closes it, found without a regex. The sanitiser writes names
    # in lower case and end tags as `</name>`.
    end_tag = f"</{name}>"
    end = html_text.find(end_tag, position)
    if end >= 0 and html_text.find(f"<{name}", position, end) < 0:
        return end + len(end_tag)
    tags = _SAME_NAME.get(name)
    if tags is None:
        tags = _SAME_NAME[name] = re.compile(rf"<(/?){re.escape(name)}(?=[\s/>]){_ATTRIBUTES}>", re.I)
    depth = 1
    for tag in tags.finditer(html_text, position):
        depth += -1 if tag.group(1) else 1
        if not depth:
            return tag.end()
    return len(html_text)  # never closed: the rest is inside it


def _top_level(html_text: str) -> list[tuple[int, str]]:
    """Offsets and kinds of the top-level elements of the sanitised fragment `html_text`."""
    starts: list[tuple[int, str]] = []
    position = 0
    while (tag := _START.search(html_text, position)) is not None:
        name, attributes = tag.group(1).lower(), tag.group(2)
        starts.append((tag.start(), _kind(name, attributes)))
        position = tag.end()
        if name not in _VOID and not attributes.endswith("/"):
            position = _element_end(html_text, name, position)
    return starts


def block_spans(html_text: str) -> list[tuple[str, int, int]]:
    """The top-level elements of `html_text` as (kind, start, end): each runs to the next one's
    start, so text between two elements stays with the first, less the whitespace at its end."""
    starts = _top_level(html_text)
    ends = [offset for offset, _ in starts[1:]] + [len(html_text)]
    return [(kind, offset, _trimmed(html_text, offset, end)) for (offset, kind), end in zip(starts, ends)]


def _trimmed(html_text: str, start: int, end: int) -> int:
    """`end` moved back over whitespace (what `str.rstrip` removes), never before `start`."""
    while end > start and html_text[end - 1].isspace():
        end -= 1
    return end


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
        line = None
        for j in range(cursor, min(cursor + _LOOKAHEAD, len(sources))):
            if sources[j].kind == kind:  # the first of its kind close ahead: its block
                line, cursor = sources[j].line, j + 1
                break
        paired.append((line, start, end))
    return paired
