"""A line scan of Markdown that finds headings, links and images with their source lines.

Python-Markdown keeps no line numbers, so validation uses this light scan to point at the
exact line of a broken link or a missing alt text; rendering stays Python-Markdown's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+|$)(.*)$")
_INLINE_CODE = re.compile(r"(`+)(?:.+?)\1")
# [text](target "title") and ![alt](target "title"); nested brackets one level deep.
_LINK = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*<?([^)\s>]*)>?(?:\s+(\"[^\"]*\"|'[^']*'))?\s*\)")
_CALLOUT = re.compile(r"^ {0,3}>\s*\[!([A-Za-z-]+)\]")
_COMMENT_START, _COMMENT_END = "<!--", "-->"


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


def scan_markdown(body: str, first_line: int) -> Scan:
    """Scan `body`, whose first line is line `first_line` of its file."""
    headings: list[Heading] = []
    links: list[Link] = []
    callouts: list[Callout] = []
    fence: str | None = None
    in_comment = False
    has_content = False
    for number, line in enumerate(body.split("\n"), start=first_line):
        if fence:
            if line.strip().startswith(fence):
                fence = None
            continue
        if in_comment:
            in_comment = _COMMENT_END not in line
            continue
        opened = _FENCE.match(line)
        if opened:
            fence, has_content = opened.group(1)[0] * 3, True
            continue
        line = _strip_comments(line)
        if line.lstrip().startswith(_COMMENT_START):
            in_comment = True
            continue
        if line.strip():
            has_content = True
        callout = _CALLOUT.match(line)
        if callout:
            callouts.append(Callout(number, callout.group(1).lower()))
        heading = _HEADING.match(line)
        if heading:
            headings.append(Heading(number, len(heading.group(1)), heading.group(2).strip().rstrip("#").strip()))
        code_free = _INLINE_CODE.sub(lambda m: " " * len(m.group(0)), line)
        for match in _LINK.finditer(code_free):
            title = (match.group(4) or "")[1:-1]
            links.append(Link(number, match.start() + 1, bool(match.group(1)), match.group(2), match.group(3), title))
    return Scan(tuple(headings), tuple(links), tuple(callouts), has_content)


def _strip_comments(line: str) -> str:
    while _COMMENT_START in line and _COMMENT_END in line.split(_COMMENT_START, 1)[1]:
        before, rest = line.split(_COMMENT_START, 1)
        line = before + rest.split(_COMMENT_END, 1)[1]
    return line
