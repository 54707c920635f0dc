"""Source lines for the blocks of a rendered lesson, so a reviewer can cite `file:line`.

Python-Markdown keeps no line numbers, and the shared renderer must stay as it is, so this
module pairs two light scans: the Markdown body split into top-level blocks (with the line
each starts on and its kind), and the rendered HTML split into top-level elements. Blocks are
matched in order by kind; a block that finds no partner is left without a line rather than
given a wrong one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
_HR = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_LIST = re.compile(r"^ {0,3}(?:[-*+]|\d+[.)])[ \t]")
_QUOTE = re.compile(r"^ {0,3}>")
_TABLE = re.compile(r"^ {0,3}\|")
_FOOTNOTE = re.compile(r"^ {0,3}\[\^[^\]]+\]:")
_COMMENT = re.compile(r"^ {0,3}<!--")
_INDENTED = re.compile(r"^(?: {2,}|\t)")
_VOID = {"area", "br", "col", "hr", "img", "input", "wbr"}
_HTML_KIND = {"h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading", "h6": "heading",
              "pre": "fence", "table": "table", "ul": "list", "ol": "list", "blockquote": "quote",
              "aside": "quote", "hr": "hr", "p": "para", "figure": "para", "dl": "list"}
# How far ahead a kind may be searched for: a block the renderer dropped (a comment) or
# merged costs one step; a long detour means the two scans disagree, so stop guessing.
_LOOKAHEAD = 4


@dataclass(frozen=True)
class SourceBlock:
    line: int
    kind: str  # heading fence table list quote hr footnote comment para


def source_blocks(body: str, first_line: int) -> list[SourceBlock]:
    """Top-level Markdown blocks of `body`, whose first line is line `first_line` of its file."""
    lines = body.split("\n")
    blocks: list[SourceBlock] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        kind = _kind(line)
        blocks.append(SourceBlock(first_line + i, kind))
        i = _block_end(lines, i, kind)
    return blocks


def _kind(line: str) -> str:
    for pattern, kind in ((_FENCE, "fence"), (_HEADING, "heading"), (_HR, "hr"), (_FOOTNOTE, "footnote"),
                          (_COMMENT, "comment"), (_QUOTE, "quote"), (_LIST, "list"), (_TABLE, "table")):
        if pattern.match(line):
            return kind
    return "para"


def _block_end(lines: list[str], start: int, kind: str) -> int:
    """The index just after the block that starts at `start`."""
    if kind == "heading" or kind == "hr":
        return start + 1
    if kind == "fence":
        marker = _FENCE.match(lines[start]).group(1)[:3]
        end = next((j for j in range(start + 1, len(lines)) if lines[j].strip().startswith(marker)), len(lines) - 1)
        return end + 1
    if kind == "comment":
        end = next((j for j in range(start, len(lines)) if "-->" in lines[j]), len(lines) - 1)
        return end + 1
    i = start + 1
    while i < len(lines):
        if lines[i].strip():
            if kind == "para" and _kind(lines[i]) in ("heading", "fence", "hr"):
                return i  # these interrupt a paragraph without a blank line
            i += 1
            continue
        following = next((j for j in range(i, len(lines)) if lines[j].strip()), None)
        if following is None or not _continues(kind, lines[following]):
            return i
        i = following
    return i


def _continues(kind: str, line: str) -> bool:
    """Whether a non-blank line after a blank line still belongs to a list or footnote."""
    if kind in ("list", "footnote"):
        return bool(_INDENTED.match(line)) or (kind == "list" and bool(_LIST.match(line)))
    return False


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


def pair_lines(html: str, body: str, first_line: int) -> list[tuple[int | None, str]]:
    """Each top-level element of the rendered `html` with the source line it came from (or None)."""
    sources = [b for b in source_blocks(body, first_line) if b.kind != "comment"]
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
