"""Source lines for the blocks of a rendered lesson, so a reviewer can cite `file:line`.

The parser gives the top-level blocks a lesson renders to, each with its line and kind
(builder/markdown/positions.py; the model keeps them as `Lesson.blocks`); this module splits the rendered HTML into its top-level
elements and pairs the two in order by kind. Only raw HTML has no block of its own: an element
it made (of kind "html" when Markdown never writes its tag at the top, like <video>) finds no
partner of its kind close by and is left without a line rather than given a wrong one.

It reads the HTML as the model keeps it, UTF-8 bytes (`Lesson.html_utf8`), and gives byte
offsets: the reviewer edition cuts and writes a lesson's bytes as they are, never decoding the
lesson nor encoding it again (both were a tenth of the edition's cost). Tags, names and the
whitespace between elements are ASCII in the sanitiser's output; where a span ends in a
character past ASCII, the text is decoded to trim it as `str.rstrip` would.
"""

from __future__ import annotations

import html
import re

from ..markdown.positions import SourceBlock

# Elements without an end tag (HTML's list): `<source>` and `<track>` inside a `<video>` too.
_VOID = frozenset({b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta", b"param",
                   b"source", b"track", b"wbr"})
_HTML_KIND = {b"h1": "heading", b"h2": "heading", b"h3": "heading", b"h4": "heading", b"h5": "heading",
              b"h6": "heading", b"pre": "fence", b"table": "table", b"ul": "list", b"ol": "list", b"blockquote": "quote",
              b"aside": "quote", b"hr": "hr", b"p": "para", b"figure": "para", b"dl": "list"}
# How far ahead a kind may be searched for: an element of raw HTML has no block of its own and
# costs one step; a long detour means the two disagree, so stop pairing rather than guess.
_LOOKAHEAD = 4
# A lesson's HTML is the sanitiser's serialisation (nh3) of a parsed tree: text and attribute values
# escape `<`, values are double-quoted, comments are gone, and every element but a void one is
# closed. So every `<` before a letter opens a tag, and an element ends at the first end tag of its
# name that closes as many as opened since: only tags of that name need looking at.
# A quoted value may hold `>` (some serialisers leave it bare). Written as runs rather than as a
# repeated one-character alternation, which the regex engine steps through far more slowly.
_ATTRIBUTES = rb'[^>"]*(?:"[^"]*"[^>"]*)*'
_START = re.compile(rb'<([a-zA-Z][^\t\n\r\f />]*)(' + _ATTRIBUTES + rb')>')
_CLASS = re.compile(rb'\sclass="([^"]*)"')
_TAGS: dict[bytes, tuple[bytes, bytes]] = {}  # element name → its end tag and the start of its start tag
_SAME_NAME: dict[bytes, re.Pattern] = {}  # element name → its start and end tags
# What `bytes.rstrip` removes; `str.rstrip` also removes \x1c-\x1f and some characters past ASCII.
_ASCII_SPACE = frozenset(b" \t\n\r\x0b\x0c")


def _kind(name: bytes, attributes: bytes) -> str:
    """The kind of source block a top-level element comes from: "html" for an element Markdown
    never writes at the top (a <video>, the downloads <section>), which only raw HTML makes.
    `_top_level` asks it only of an element whose attributes mention "footnote" (the sanitiser
    spells letters out, never as character references): any other's kind is its name's."""
    found = _CLASS.search(attributes)
    if found and "footnote" in html.unescape(found.group(1).decode()).split():
        return "footnote"
    return _HTML_KIND.get(name, "html")


def _element_end(html_utf8: bytes, name: bytes, position: int) -> int:
    """Where the element of `name` whose start tag ends at `position` ends (after its end tag)."""
    # Most elements hold none of their own name (a <p> in a <p> cannot be, a list in a list is
    # rare): then the first end tag closes it, found without a regex. The sanitiser writes names
    # in lower case and end tags as `</name>`.
    end_tag, start_tag = _TAGS.get(name) or _TAGS.setdefault(name, (b"</" + name + b">", b"<" + name))
    end = html_utf8.find(end_tag, position)
    if end >= 0 and html_utf8.find(start_tag, position, end) < 0:
        return end + len(end_tag)
    tags = _SAME_NAME.get(name)
    if tags is None:
        tags = _SAME_NAME[name] = re.compile(rb"<(/?)" + re.escape(name) + rb"(?=[\s/>])" + _ATTRIBUTES + rb">", re.I)
    depth = 1
    for tag in tags.finditer(html_utf8, position):
        depth += -1 if tag.group(1) else 1
        if not depth:
            return tag.end()
    return len(html_utf8)  # never closed: the rest is inside it


def _top_level(html_utf8: bytes) -> list[tuple[int, str]]:
    """Offsets and kinds of the top-level elements of the sanitised fragment `html_utf8`."""
    starts: list[tuple[int, str]] = []
    position = 0
    while (tag := _START.search(html_utf8, position)) is not None:
        name, attributes = tag.groups()
        name = name.lower()
        # `_kind`, its question asked here first: this loop runs for every element of every lesson.
        starts.append((tag.start(), _HTML_KIND.get(name, "html") if b"footnote" not in attributes
                       else _kind(name, attributes)))
        position = tag.end()
        if name not in _VOID and not attributes.endswith(b"/"):
            position = _element_end(html_utf8, name, position)
    return starts


def block_spans(html_utf8: bytes) -> list[tuple[str, int, int]]:
    """The top-level elements of `html_utf8` as (kind, start, end) byte offsets: each runs to the
    next one's start, so text between two elements stays with the first, less the whitespace at its end."""
    starts = _top_level(html_utf8)
    ends = [offset for offset, _ in starts[1:]] + [len(html_utf8)]
    return [(kind, offset, _trimmed(html_utf8, offset, end)) for (offset, kind), end in zip(starts, ends)]


def _trimmed(html_utf8: bytes, start: int, end: int) -> int:
    """`end` moved back over whitespace (what `str.rstrip` removes from the text), never before `start`."""
    while end > start and html_utf8[end - 1] in _ASCII_SPACE:
        end -= 1
    if end > start and (html_utf8[end - 1] >= 0x80 or 0x1C <= html_utf8[end - 1] <= 0x1F):
        # A character `str.isspace` may count (U+00A0, U+2028, an information separator): decode
        # to decide. Rare: between elements the sanitiser writes line breaks.
        return start + len(html_utf8[start:end].decode().rstrip().encode())
    return end


def pair_lines(html_utf8: bytes, sources: tuple[SourceBlock, ...]) -> list[tuple[int | None, int, int]]:
    """Each top-level element of the rendered `html_utf8` as (source line or None, start, end),
    given the source's top-level blocks (`Lesson.blocks`). Offsets, not text: a caller that keeps
    the pairing keeps a few integers per block rather than a second copy of the lesson."""
    footnote = next((b.line for b in sources if b.kind == "footnote"), None)
    sources = [b for b in sources if b.kind != "footnote"]
    paired: list[tuple[int | None, int, int]] = []
    cursor = 0
    for kind, start, end in block_spans(html_utf8):
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
