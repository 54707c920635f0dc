"""A scan of Markdown that finds headings, links, images and callouts with their source lines.

Python-Markdown keeps no line numbers, so validation uses this light scan to point at the
exact line of a broken link or a missing alt text; rendering stays Python-Markdown's job.
It works on the whole text with a few regular expressions (a per-line Python loop was the
slowest part of `coursepack check`), after blanking code and comments so that nothing inside
them counts.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

_FENCED = re.compile(r"^ {0,3}(`{3,}|~{3,})[^\n]*\n(?:.*?\n)?(?: {0,3}\1[`~]*[ \t]*$|\Z)", re.M | re.S)
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
# A code span opens at the start of a backtick run, taken whole (possessive `++`): otherwise a
# run of n backticks is tried from each of its n positions, each n ways (minutes for 100 KB).
_INLINE_CODE = re.compile(r"(?<!`)(`++)[^`\n]+?\1")
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+([^\n]*))?$", re.M)
# [text](target "title") and ![alt](target "title"); nested brackets one level deep.
# Possessive quantifiers (`*+`, `++`) where two would compete for the same spaces: `[a](x` and a
# long run of whitespace was quadratic.
_LINK = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*+<?([^)\s>]*+)>?(?:\s++(\"[^\"]*+\"|'[^']*+'))?\s*+\)")
_CALLOUT = re.compile(r"^ {0,3}>\s*\[!([A-Za-z-]+)\]", re.M)
# Reference-style links: `[text][ref]` / `![alt][ref]` with `[ref]: target "title"` elsewhere.
_REF_DEFINITION = re.compile(r"^ {0,3}\[([^\]^\n][^\]\n]*+)\]:[ \t]*+<?([^\s>]++)>?(?:[ \t]++(?:\"([^\"]*)\"|'([^']*)'))?[ \t]*+$", re.M)
_REF_USE = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\[([^\[\]]*+)\]")
# Raw HTML images and links: authors may write <img> for a width or <a> inside a table cell.
# `[^<>]`, not `[^>]`: an unclosed `<a` must not read on to the end of the file (from every `<a`).
_RAW_TAG = re.compile(r"<(img|a)\b([^<>]*+)>", re.I)
_RAW_ATTR = re.compile(r"""\b(src|href|alt|target)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)


@dataclass(frozen=True)
class Heading:
    line: int
    level: int
    text: str


@dataclass(frozen=True)
class Link:
    line: int
    col: int
    is_image: bool
    text: str  # link text, or an image's alt text
    target: str
    title: str
    window: str | None = None  # a raw <a>'s `target=` attribute, when it has one


@dataclass(frozen=True)
class Callout:
    line: int
    kind: str


@dataclass(frozen=True)
class Scan:
    headings: tuple[Heading, ...]
    links: tuple[Link, ...]
    callouts: tuple[Callout, ...]
    has_content: bool


def _blank(match: re.Match) -> str:
    """Replace a match by spaces, keeping its newlines so that line numbers stay right."""
    return re.sub(r"[^\n]", " ", match.group(0))


def scan_markdown(body: str, first_line: int) -> Scan:
    """Scan `body`, whose first line is line `first_line` of its file."""
    has_fence = "```" in body or "~~~" in body
    text = _COMMENT.sub(_blank, body) if "<!--" in body else body
    has_content = bool(text.strip())
    if has_fence:
        text = _FENCED.sub(_blank, text)
    starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def position(offset: int) -> tuple[int, int]:
        index = bisect_right(starts, offset) - 1
        return first_line + index, offset - starts[index] + 1

    headings = tuple(Heading(position(m.start())[0], len(m.group(1)), (m.group(2) or "").strip().rstrip("#").strip())
                     for m in _HEADING.finditer(text))
    callouts = tuple(Callout(position(m.start())[0], m.group(1).lower()) for m in _CALLOUT.finditer(text))
    code_free = _INLINE_CODE.sub(_blank, text) if "`" in text else text
    links = []
    for m in _LINK.finditer(code_free):
        line, col = position(m.start())
        links.append(Link(line, col, bool(m.group(1)), m.group(2), m.group(3), (m.group(4) or "")[1:-1]))
    if "]:" in code_free:
        links += _reference_links(code_free, position)
    if "<" in code_free:
        links += _raw_links(code_free, position)
    return Scan(headings, tuple(links), callouts, has_content)


def _reference_links(text: str, position) -> list[Link]:
    """Each definition is checked once, as an image if an image uses it (with that image's alt)."""
    images: dict[str, str] = {}
    for use in _REF_USE.finditer(text):
        if use.group(1):
            images.setdefault((use.group(3) or use.group(2)).lower(), use.group(2))
    found = []
    for m in _REF_DEFINITION.finditer(text):
        name = m.group(1).lower()
        line, col = position(m.start())
        found.append(Link(line, col, name in images, images.get(name, m.group(1)), m.group(2),
                          m.group(3) or m.group(4) or ""))
    return found


def _raw_links(text: str, position) -> list[Link]:
    found = []
    for m in _RAW_TAG.finditer(text):
        attrs = {a.group(1).lower(): next(v for v in a.groups()[1:] if v is not None)
                 for a in _RAW_ATTR.finditer(m.group(2))}
        is_image = m.group(1).lower() == "img"
        target = attrs.get("src" if is_image else "href")
        if target is not None:
            line, col = position(m.start())
            found.append(Link(line, col, is_image, attrs.get("alt", "") if is_image else "", target, "",
                              None if is_image else attrs.get("target")))
    return found
