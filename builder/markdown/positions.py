"""Headings, links, images and callouts of a Markdown text, with their source lines, from the parser.

Validation points at the exact `file:line:col` of a broken link or a missing alt text. The lines
come from markdown-it-py's token line maps and the columns from the offsets our `positions` rule
records (builder/markdown/extensions.py), so what validation checks is exactly what the renderer
renders: nothing inside code, comments or escaped brackets counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it.token import Token

from .extensions import callout_marker, create_parser

_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
# Raw HTML images and links: authors may write <img> for a width or <a> inside a table cell.
# `[^<>]`, not `[^>]`: an unclosed `<a` must not read on to the end of the text (from every `<a`).
_RAW_TAG = re.compile(r"<(img|a)\b([^<>]*+)>", re.I)
_RAW_ATTR = re.compile(r"""\b(src|href|alt|target)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
_PARSER = create_parser()


# Slots: there is one of these per heading, link or callout of every page, so no __dict__ each.
@dataclass(frozen=True, slots=True)
class Heading:
    """A heading of the text: its file line, level (1 for `#`) and text, for the heading rules."""

    line: int
    level: int
    text: str


@dataclass(frozen=True, slots=True)
class Link:
    """A link or image, Markdown or raw HTML, and where it starts in the file."""

    line: int
    col: int
    is_image: bool
    text: str  # link text, or an image's alt text
    target: str
    title: str
    window: str | None = None  # a raw <a>'s `target=` attribute, when it has one


@dataclass(frozen=True, slots=True)
class Callout:
    line: int
    kind: str


@dataclass(frozen=True)
class Parsed:
    """A text's tokens and parse environment, rendered later by `Renderer.parsed` (not re-parsed)."""

    text: str
    tokens: list[Token]
    env: dict

    def release(self) -> None:
        """Free the tokens (most of a validated course's memory) once they are rendered for good;
        rendering them again is then an error, never an empty page."""
        self.tokens.clear()
        self.env.clear()
        self.env[RELEASED] = True


#: The mark `Parsed.release` leaves in the environment.
RELEASED = "cp_released"


@dataclass(frozen=True)
class Scan:
    headings: tuple[Heading, ...]
    links: tuple[Link, ...]
    callouts: tuple[Callout, ...]
    has_content: bool
    parsed: Parsed | None = field(default=None, compare=False, repr=False)
    # the top-level blocks and their lines, for the reviewer edition (read from these tokens, not parsed again)
    blocks: tuple["SourceBlock", ...] = field(default=(), compare=False, repr=False)


class _Source:
    """Turns a token's line map and an offset in its content into `file:line:col`."""

    def __init__(self, body: str, first_line: int):
        self.lines = body.split("\n")
        self.first_line = first_line

    def position(self, token: Token, offset: int) -> tuple[int, int]:
        before = token.content[:offset]
        index = token.map[0] + before.count("\n")
        written = token.content.split("\n")[before.count("\n")]
        source = self.lines[index] if index < len(self.lines) else ""
        # The parser strips a line's quote markers and indentation from its content: find where it starts.
        indent = max(source.find(written), 0) if written else 0
        return self.first_line + index, indent + offset - (before.rfind("\n") + 1) + 1


def read_positions(body: str, first_line: int) -> Scan:
    """Parse `body`, whose first line is line `first_line` of its file, and list what validation checks."""
    env: dict = {}
    tokens = _PARSER.parse(body, env)
    source = _Source(body, first_line)
    headings, callouts, links, images = [], [], [], {}
    quotes = 0  # how many quotes (or callouts) enclose the current token
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            headings.append(Heading(first_line + token.map[0], int(token.tag[1]), tokens[index + 1].content.strip()))
        elif token.type == "blockquote_open":
            quotes += 1
            if "cp_callout" in token.meta:
                callouts.append(Callout(first_line + token.map[0], token.meta["cp_callout"]))
        elif token.type == "blockquote_close":
            quotes -= 1
        elif token.type == "inline" and token.map:
            kind = callout_marker(token) if quotes and tokens[index - 1].type == "paragraph_open" else None
            if kind:  # a marker the renderer left alone: an unknown kind, for validation to name
                callouts.append(Callout(first_line + token.map[0], kind))
            links += _inline_links(token, source, images)
        elif token.type == "html_block" and token.map:
            links += _raw_links(token, 0, source)
    links += _definitions(env, images, first_line)
    return Scan(tuple(headings), tuple(sorted(links, key=lambda link: (link.line, link.col))),
                tuple(sorted(callouts, key=lambda callout: callout.line)),
                any(t.type != "html_block" or _COMMENT.sub("", t.content).strip() for t in tokens),
                Parsed(body, tokens, env), blocks_of(tokens, first_line))


def _inline_links(inline: Token, source: _Source, images: dict[str, str]) -> list[Link]:
    found = []
    for child in _walk(inline.children or ()):
        if "cp_pos" not in child.meta:
            continue
        if child.type == "html_inline":
            found += _raw_links(child, child.meta["cp_pos"], source, inline)
            continue
        is_image = child.type == "image"
        if "cp_ref" in child.meta:  # checked once, at its definition
            if is_image:
                images.setdefault(child.meta["cp_ref"], child.content)
            continue
        line, col = source.position(inline, child.meta["cp_pos"])
        target = str(child.attrs.get("src" if is_image else "href", ""))
        text = child.content if is_image else ""
        found.append(Link(line, col, is_image, text, target, str(child.attrs.get("title", ""))))
    return found


def _walk(children):
    """Inline tokens in order, including those nested in an image's alt text."""
    for child in children:
        yield child
        if child.children:
            yield from _walk(child.children)


def _raw_links(token: Token, offset: int, source: _Source, inline: Token | None = None) -> list[Link]:
    """<img> and <a> tags in raw HTML (never inside an HTML comment)."""
    text = _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), token.content)
    found = []
    for m in _RAW_TAG.finditer(text):
        attrs = {a.group(1).lower(): next(v for v in a.groups()[1:] if v is not None)
                 for a in _RAW_ATTR.finditer(m.group(2))}
        is_image = m.group(1).lower() == "img"
        target = attrs.get("src" if is_image else "href")
        if target is not None:
            line, col = source.position(inline or token, offset + m.start())
            found.append(Link(line, col, is_image, attrs.get("alt", "") if is_image else "", target, "",
                              None if is_image else attrs.get("target")))
    return found


def _definitions(env: dict, images: dict[str, str], first_line: int) -> list[Link]:
    """Each `[ref]: target` is checked once, as an image if an image uses it (with that image's alt)."""
    found = []
    for label, line in env.get("cp_reference_lines", {}).items():
        reference = env["references"][label]
        found.append(Link(first_line + line, 1, label in images, images.get(label, ""), reference["href"],
                          reference.get("title") or ""))
    return found


@dataclass(frozen=True, slots=True)  # slots: the model keeps one per top-level block of every lesson
class SourceBlock:
    line: int
    kind: str  # heading fence table list quote hr para footnote: the kinds of the HTML they render to


_BLOCK_KIND = {"heading_open": "heading", "fence": "fence", "code_block": "fence", "table_open": "table",
               "bullet_list_open": "list", "ordered_list_open": "list", "blockquote_open": "quote", "hr": "hr",
               "paragraph_open": "para", "footnote_block_open": "footnote"}


def source_blocks(body: str, first_line: int) -> list[SourceBlock]:
    """The top-level blocks `body` renders to, in order, each with the line it starts on.

    Parsed with the renderer's own rules, so a quote split into callouts gives one block per
    callout; raw HTML is left out (the sanitiser decides what, if anything, it becomes).
    """
    return list(blocks_of(_PARSER.parse(body, {}), first_line))


def blocks_of(tokens: list[Token], first_line: int) -> tuple[SourceBlock, ...]:
    """`source_blocks` of tokens already parsed (validation's: the model keeps them per lesson)."""
    blocks = []
    for index, token in enumerate(tokens):
        kind = _BLOCK_KIND.get(token.type) if token.level == 0 else None
        if kind == "footnote":  # the list of notes starts where the first note is written
            blocks.append(SourceBlock(first_line + next(t.map[0] for t in tokens[index:] if t.map), kind))
        elif kind:
            blocks.append(SourceBlock(first_line + token.map[0], kind))
    return tuple(blocks)
