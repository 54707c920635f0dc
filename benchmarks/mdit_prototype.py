"""A markdown-it-py renderer with coursepack's extensions, for benchmarks/bench_markdown.py only.

It reproduces callouts, figures, link resolution, tables, footnotes and the nh3 pass of
builder/markdown, on markdown-it-py's token stream, so that the two libraries can be timed on
the same work. It is a prototype: not used by the builder.
"""

from __future__ import annotations

import re
from html import escape as html_escape

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from builder import i18n
from builder.markdown.extensions import CALLOUT_KINDS
from builder.markdown.render import _MARKUP, _SINGLE_PARAGRAPH, LinkResolver, _raw_urls, sanitize

_CALLOUT_MARK = re.compile(r"^\s*\[!([A-Za-z-]+)\][ \t]*\n?")


class MditRenderer:
    """Same interface as builder.markdown.Renderer: block() and inline()."""

    def __init__(self, language: str):
        self.language = language
        self._md = MarkdownIt("commonmark", {"html": True}).enable("table").use(footnote_plugin)
        self._md.core.ruler.push("cp_callout", self._callouts)
        self._md.core.ruler.push("cp_figure", _figures)
        self._md.core.ruler.push("cp_links", self._links)
        self._resolve: LinkResolver = lambda target, is_image: None

    def block(self, text: str, resolve: LinkResolver, *, prefix: str = "") -> str:
        if not _MARKUP.search(text):
            return f"<p>{html_escape(text.strip(), quote=False)}</p>" if text.strip() else ""
        return _raw_urls(sanitize(self._convert(text, resolve)), text, resolve)

    def inline(self, text: str, resolve: LinkResolver) -> str:
        if not _MARKUP.search(text):
            return html_escape(text.strip(), quote=False)
        html = self._convert(text, resolve).strip()
        match = _SINGLE_PARAGRAPH.match(html)
        return _raw_urls(sanitize(match.group(1) if match else html), text, resolve)

    def _convert(self, text: str, resolve: LinkResolver) -> str:
        self._resolve = resolve
        return self._md.render(text)

    def _callouts(self, state) -> None:
        tokens = state.tokens
        for index, token in enumerate(tokens):
            if token.type != "blockquote_open" or index + 2 >= len(tokens):
                continue
            inline = tokens[index + 2]
            match = _CALLOUT_MARK.match(inline.content) if inline.type == "inline" else None
            if not match or match.group(1).lower() not in CALLOUT_KINDS:
                continue
            kind = match.group(1).lower()
            token.tag = "aside"
            token.attrs = {"class": f"cp-callout cp-{kind}"}
            _close_of(tokens, index).tag = "aside"
            first = inline.children[0]
            first.content = _CALLOUT_MARK.sub("", first.content, count=1)
            if not first.content and len(inline.children) > 1 and inline.children[1].type == "softbreak":
                del inline.children[1]
            tokens[index + 1].attrs = {"class": "cp-callout-title"}
            title = Token("text", "", 0, content=i18n.ui(self.language, kind))
            if any(child.content or child.type != "text" for child in inline.children):
                tokens.insert(index + 4, Token("paragraph_open", "p", 1))
                tokens.insert(index + 5, inline.copy())
                tokens.insert(index + 6, Token("paragraph_close", "p", -1))
            inline.children = [title]

    def _links(self, state) -> None:
        for token in state.tokens:
            for child in token.children or ():
                if child.type == "link_open":
                    self._rewrite(child, "href", False)
                elif child.type == "image":
                    self._rewrite(child, "src", True)
                    child.attrs["loading"] = "lazy"

    def _rewrite(self, token: Token, attribute: str, is_image: bool) -> None:
        target = token.attrs.get(attribute, "")
        resolved = self._resolve(target, is_image)
        resolved = target if resolved is None else resolved
        token.attrs[attribute] = resolved
        if not is_image and resolved.startswith(("http://", "https://")):
            token.attrs.update({"class": "cp-external", "target": "_blank"})
        elif not is_image and resolved.startswith("coursepack:glossary/"):
            token.attrs["class"] = "cp-term"


def _close_of(tokens: list[Token], index: int) -> Token:
    depth = 0
    for token in tokens[index:]:
        depth += token.nesting if token.type.startswith("blockquote") else 0
        if depth == 0:
            return token
    return tokens[index]


def _figures(state) -> None:
    tokens = state.tokens
    for index in range(len(tokens) - 2):
        opening, inline, closing = tokens[index:index + 3]
        if opening.type != "paragraph_open" or inline.type != "inline":
            continue
        if len(inline.children or ()) != 1 or inline.children[0].type != "image":
            continue
        image = inline.children[0]
        opening.tag = closing.tag = "figure"
        opening.attrs = {"class": "cp-figure"}
        caption = image.attrs.pop("title", "")
        if caption:
            inline.children.append(Token("html_inline", "", 0, content=f"<figcaption>{html_escape(caption)}"
                                         "</figcaption>"))
