"""Our markdown-it-py plugins: callouts, figures, link resolution, footnote and table markup, positions.

Each is a small rule registered by name on markdown-it-py's rulers, so their order is explicit
rather than "after X". Core rules shape the token stream once per text (callouts, figures,
footnote order, table alignment); what depends on the document's context is left to render
rules that read the render `env` without changing tokens: `env["resolve"]` (the link
resolver) and `env["label"]` (callout titles in the course language). So validation parses a
lesson once, reads positions from its tokens, and the model renders those same tokens.
"""

from __future__ import annotations

import re
from html import escape

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml, normalizeReference
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from .. import urls
from ..embeds import DECORATIVE

CALLOUT_KINDS = ("note", "tip", "warning", "key", "transcript")  # transcript: builder/embeds.py
_CALLOUT_MARK = re.compile(r"^\s*\[!([A-Za-z-]+)\][ \t]*")
_POSITIONED = ("link_open", "image", "html_inline")
_REFERENCE_USE = re.compile(r"^!?\[(.*?)\](?:\[([^\]]*)\])?$", re.S)


def callout_marker(token: Token | None) -> str | None:
    """The `[!kind]` an inline token opens with (any kind: validation warns about unknown ones)."""
    if token is None or token.type != "inline":
        return None
    match = _CALLOUT_MARK.match(token.content)
    return match.group(1).lower() if match else None


def callouts(state: StateCore) -> None:
    """`> [!note]` blockquotes become `<aside class="cp-callout cp-note">` with a titled label.

    A quote may hold several callouts: a new one starts at every direct paragraph that opens
    with a known marker, and what came before it stays a plain quote.
    """
    tokens = state.tokens
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "blockquote_open":
            _split_quote(tokens, index)
        index += 1


def _split_quote(tokens: list[Token], start: int) -> None:
    depth = tokens[start].level + 1
    index = start + 1
    container = tokens[start]
    while tokens[index].type != "blockquote_close" or tokens[index].level != tokens[start].level:
        kind = _known_marker(tokens, index, depth)
        if kind:
            aside = Token("blockquote_open", "aside", 1, attrs={"class": f"cp-callout cp-{kind}"},
                          level=tokens[start].level, map=tokens[index].map, block=True, meta={"cp_callout": kind})
            if index == start + 1:
                tokens[start] = container = aside
            else:
                closing = Token("blockquote_close", container.tag, -1, level=tokens[start].level, block=True)
                tokens[index:index] = [closing, aside]
                container, index = aside, index + 2
            index = _title(tokens, index, kind)
            continue
        index += 1
    tokens[index].tag = container.tag


def _known_marker(tokens: list[Token], index: int, depth: int) -> str | None:
    token = tokens[index]
    if token.type != "paragraph_open" or token.level != depth:
        return None
    kind = callout_marker(tokens[index + 1])
    return kind if kind in CALLOUT_KINDS else None


def _title(tokens: list[Token], index: int, kind: str) -> int:
    """Turn the marker's paragraph into the title; text after the marker keeps its own paragraph."""
    opening, inline, closing = tokens[index:index + 3]
    rest = _strip_marker(inline)
    title = Token("inline", "", 0, content=kind, level=inline.level, map=inline.map,
                  children=[Token("cp_callout_title", "", 0, meta={"kind": kind})])
    tokens[index:index + 3] = [Token("paragraph_open", "p", 1, attrs={"class": "cp-callout-title"},
                                     level=opening.level, block=True), title,
                               Token("paragraph_close", "p", -1, level=closing.level, block=True)]
    if rest is not None:
        tokens[index + 3:index + 3] = [opening, rest, closing]
        return index + 6
    return index + 3


def _strip_marker(inline: Token) -> Token | None:
    """The marker's inline token without the marker, or None when nothing else was on it."""
    children = list(inline.children or ())
    children[0] = children[0].copy(content=_CALLOUT_MARK.sub("", children[0].content, count=1))
    while children and children[0].type in ("softbreak", "hardbreak") or (
            children and children[0].type == "text" and not children[0].content):
        children.pop(0)
    if not children:
        return None
    return inline.copy(children=children, content=_CALLOUT_MARK.sub("", inline.content, count=1).lstrip())


def figures(state: StateCore) -> None:
    """An image alone in its paragraph becomes a `<figure>`; its Markdown title is the caption."""
    tokens = state.tokens
    for index in range(len(tokens) - 2):
        opening, inline, closing = tokens[index:index + 3]
        if opening.type != "paragraph_open" or opening.hidden or inline.type != "inline":
            continue
        children = [c for c in inline.children or () if not (c.type == "text" and not c.content.strip())]
        if len(children) != 1 or children[0].type != "image" or children[0].attrs.get("title") == DECORATIVE:
            continue
        image = children[0]
        opening.tag = closing.tag = "figure"
        opening.attrs = {"class": "cp-figure"}
        caption = image.attrs.pop("title", "")
        inline.children = [image]
        if caption:
            inline.children.append(Token("html_inline", "", 0,
                                         content=f"<figcaption>{escape(caption, quote=False)}</figcaption>"))


def _render_callout_title(self, tokens, index, options, env) -> str:
    kind = tokens[index].meta["kind"]
    label = env.get("label")
    return escape(label(kind) if label else kind, quote=False)


def _render_link_open(self, tokens, index, options, env) -> str:
    return self.renderToken([_resolved(tokens[index], "href", False, env)], 0, options, env)


def _render_image(self, tokens, index, options, env) -> str:
    token = _resolved(tokens[index], "src", True, env)
    token.attrs["loading"] = "lazy"
    return RendererHTML.image(self, [token], 0, options, env)


def _resolved(token: Token, attribute: str, is_image: bool, env: dict) -> Token:
    """A copy of a link or image token with its target through the document's resolver (if any)."""
    resolve = env.get("resolve")
    if resolve is None:
        return token
    target = str(token.attrs.get(attribute, ""))
    resolved = resolve(target, is_image)
    attrs = {**token.attrs, attribute: target if resolved is None else resolved}
    if not is_image and attrs[attribute].startswith(("http://", "https://")):
        attrs.update({"class": "cp-external", "target": "_blank"})
    elif not is_image and urls.is_glossary(attrs[attribute]):
        attrs["class"] = "cp-term"
    return token.copy(attrs=attrs)


def table_align(state: StateCore) -> None:
    """Column alignment as the `align` attribute: the sanitiser drops `style`, so it must not carry it."""
    for token in state.tokens:
        if token.type in ("th_open", "td_open") and "style" in token.attrs:
            token.attrs["align"] = str(token.attrs.pop("style")).removeprefix("text-align:")


def footnote_order(state: StateCore) -> None:
    """Number footnotes in the order they are defined (as readers see them listed), not first cited."""
    groups: list[tuple[int, list[Token]]] = []
    kept: list[Token] = []
    current: list[Token] | None = None
    for token in state.tokens:
        if token.type == "footnote_open":
            current = [token]
        elif current is not None:
            current.append(token)
            if token.type == "footnote_close":
                first_line = next((t.map[0] for t in current if t.map), 0)
                groups.append((first_line, current))
                current = None
        else:
            kept.append(token)
    if not groups:
        return
    groups.sort(key=lambda group: group[0])
    state.env["cp_footnote_numbers"] = {group[0].meta["id"]: n for n, (_, group) in enumerate(groups, 1)}
    close = kept.pop()  # footnote_block_close: the groups go back between it and its opening
    state.tokens = kept + [token for _, group in groups for token in group] + [close]


def _footnote_id(meta: dict) -> str:
    return meta["label"] if "label" in meta else str(meta["id"] + 1)


def _render_footnote_ref(self, tokens, index, options, env) -> str:
    meta = tokens[index].meta
    label = escape(_footnote_id(meta))
    number = env.get("cp_footnote_numbers", {}).get(meta["id"], meta["id"] + 1)
    ref = f"fnref{meta['subId'] + 1}" if meta["subId"] else "fnref"
    return f'<sup id="{ref}:{label}"><a class="footnote-ref" href="#fn:{label}">{number}</a></sup>'


def _render_footnote_anchor(self, tokens, index, options, env) -> str:
    meta = tokens[index].meta
    ref = f"fnref{meta['subId'] + 1}" if meta["subId"] else "fnref"
    space = "" if meta["subId"] else "&#160;"
    return f'{space}<a class="footnote-backref" href="#{ref}:{escape(_footnote_id(meta))}" title="">&#8617;</a>'


_RENDER_RULES = {
    "cp_callout_title": _render_callout_title,
    "link_open": _render_link_open,
    "image": _render_image,
    "footnote_ref": _render_footnote_ref,
    "footnote_anchor": _render_footnote_anchor,
    "footnote_block_open": lambda *args: '<div class="footnote">\n<hr>\n<ol>\n',
    "footnote_block_close": lambda *args: "</ol>\n</div>\n",
    "footnote_open": lambda self, tokens, index, *rest: f'<li id="fn:{escape(_footnote_id(tokens[index].meta))}">\n',
    "footnote_close": lambda *args: "</li>\n",
}


def _recording(rule, mark):
    """Wrap an inline rule so that the first token it makes remembers where its source starts."""

    def run(state, silent: bool) -> bool:
        start, count = state.pos, len(state.tokens)
        matched = rule(state, silent)
        if matched and not silent:
            # Pending plain text is flushed into a token first: the rule's own token follows it.
            made = next((t for t in state.tokens[count:] if t.type in _POSITIONED), None)
            if made is not None:
                mark(state, made, start)
        return matched

    return run


def _mark_start(state, token: Token, start: int) -> None:
    token.meta["cp_pos"] = start
    if token.type in ("link_open", "image") and not state.src[start:state.pos].endswith(")"):
        match = _REFERENCE_USE.match(state.src[start:state.pos])
        if match:  # a reference-style use: validation checks its definition instead
            token.meta["cp_ref"] = normalizeReference(match.group(2) or match.group(1))


def _recording_definitions(rule):
    """Wrap the block rule for `[ref]: target` so that each definition remembers its line."""

    def run(state, start_line: int, end_line: int, silent: bool) -> bool:
        before = set(state.env.get("references", {}))
        matched = rule(state, start_line, end_line, silent)
        if matched and not silent:
            lines = state.env.setdefault("cp_reference_lines", {})
            for label in set(state.env.get("references", {})) - before:
                lines[label] = start_line
        return matched

    return run


def _wrap(ruler, name: str, wrapper) -> None:
    rule = ruler.__rules__[ruler.__find__(name)]
    rule.fn = wrapper(rule.fn)
    ruler.__cache__ = None


def positions(md: MarkdownIt) -> None:
    """Record source offsets of links, images and raw HTML, and the lines of reference definitions."""
    for name in ("link", "image", "html_inline"):
        _wrap(md.inline.ruler, name, lambda rule: _recording(rule, _mark_start))
    _wrap(md.block.ruler, "reference", _recording_definitions)


class _SortedAttributes(RendererHTML):
    """Attributes in name order, whatever order the rules set them in: stable output, simple tests."""

    @staticmethod
    def renderAttrs(token: Token) -> str:  # noqa: N802 - markdown-it-py's API
        return "".join(f' {escapeHtml(name)}="{escapeHtml(str(value))}"' for name, value in sorted(token.attrs.items()))


def create_parser() -> MarkdownIt:
    """CommonMark with tables and footnotes, raw HTML kept for the sanitiser, URLs kept as written."""
    md = MarkdownIt("commonmark", {"html": True}, renderer_cls=_SortedAttributes).enable("table")
    footnote_plugin(md, inline=False)
    # Targets go to the resolver exactly as written (no percent-encoding), and every scheme is
    # parsed as a link so that validation can name a forbidden one; the sanitiser drops it.
    md.normalizeLink = lambda url: url
    md.validateLink = lambda url: True
    positions(md)
    md.core.ruler.push("cp_footnote_order", footnote_order)
    md.core.ruler.push("cp_table_align", table_align)
    md.core.ruler.push("cp_callouts", callouts)
    md.core.ruler.push("cp_figures", figures)
    for name, rule in _RENDER_RULES.items():
        md.add_render_rule(name, rule)
    return md
