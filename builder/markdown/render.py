"""The renderer: Markdown → safe HTML, once per text, with one reused markdown-it-py parser.

Links and images are rewritten to `coursepack:` URLs by a per-document resolver, so that each
target decides later where lessons, media and glossary entries live in its own package.
"""

from __future__ import annotations

import re
from html import escape as html_escape
from html import unescape as html_unescape
from typing import Callable

import nh3

from .. import embeds, i18n, urls
from .extensions import create_parser
from .positions import RELEASED, Parsed

#: (target as written, is_image) → the URL to use, or None to leave it unchanged.
LinkResolver = Callable[[str, bool], "str | None"]

_TAGS = {
    "a", "abbr", "aside", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
    "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong",
    "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "var",
    *embeds.MEDIA_ELEMENTS,
}
_ATTRIBUTES = {
    "*": {"class", "lang", "dir", "title", "id"},
    "a": {"href", "target"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start", "reversed"},
    "li": {"value"},
    **embeds.MEDIA_ATTRIBUTES,
}
#: Every element the sanitiser keeps: validation reports any other raw tag (nothing is dropped unseen).
ALLOWED_TAGS = frozenset(_TAGS)
# Author schemes (lesson:, glossary:) survive sanitising so raw HTML links can be resolved after it.
_SCHEMES = {*urls.EXTERNAL_SCHEMES, *urls.AUTHOR_SCHEMES, urls.SCHEME}
#: The only `target` a link keeps (any other is rewritten to it).
LINK_TARGET = "_blank"
_FOOTNOTE_ID = re.compile(r'(id="|href="#)(fn|fnref\d*):')
# URLs in raw HTML: the parser keeps raw HTML as text, so its link rules never see them.
# (Media elements may carry two: a video's poster and src.)
_RAW_URL = re.compile(r'<(img|a|video|audio|source|track)\b[^>]*?\b(src|href|poster)="'
                      rf'(?!#|(?!(?:{"|".join(urls.AUTHOR_SCHEMES)}):)[a-zA-Z][a-zA-Z0-9+.-]*:|//)([^"]+)"')
_SINGLE_PARAGRAPH = re.compile(r"^<p>(.*)</p>$", re.S)
# Text without any Markdown or HTML syntax renders to itself (escaped). Quiz options and
# feedback are mostly such one-liners, and a full Markdown pass costs far more than the text.
_MARKUP = re.compile(r"[\\`*_\[\]<>&!#|~=+\-]|\n\s*\n| {2,}\n|^\s*\d+[.)]|https?:|www\.", re.M)


def sanitize(html: str) -> str:
    """Keep only allowlisted tags, attributes and URL schemes: scripts and handlers never survive."""
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_SCHEMES,
                     link_rel="noopener noreferrer", strip_comments=True, attribute_filter=_new_window_only)


def _new_window_only(tag: str, attribute: str, value: str) -> str:
    """A link may open a new window, nothing else: `_top` or `_parent` would replace the LMS page
    around the course (ending the SCORM session) and a named frame could land anywhere.
    Validation warns where an author wrote another target (`link.target`)."""
    if tag == "a" and attribute == "target":
        return LINK_TARGET
    if tag == "img" and attribute == "title" and value == embeds.DECORATIVE:
        return None  # the marker is for validation; a decorative image has no tooltip either
    return value


class Renderer:
    """Renders author Markdown for one course language. Not thread-safe: one per build."""

    def __init__(self, language: str):
        self.language = language
        self._label = lambda kind: i18n.ui(language, kind)
        self._md = create_parser()

    def block(self, text: str, resolve: LinkResolver, *, prefix: str = "") -> str:
        """Render a whole document; `prefix` keeps footnote IDs unique when lessons share a page."""
        if not _MARKUP.search(text):
            return f"<p>{html_escape(text.strip(), quote=False)}</p>" if text.strip() else ""
        return self._finish(self._convert(text, resolve), text, resolve, prefix)

    @staticmethod
    def _finish(html: str, text: str, resolve: LinkResolver, prefix: str) -> str:
        if prefix:
            html = _FOOTNOTE_ID.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}-", html)
        return _raw_urls(sanitize(html), text, resolve)

    def parsed(self, parsed: Parsed, resolve: LinkResolver, *, prefix: str = "") -> str:
        """Render a document validation already parsed (its positions came from these tokens)."""
        if parsed.env.get(RELEASED):
            raise RuntimeError("this page's parse was released after it was rendered; validate it again")
        env = {**parsed.env, "resolve": resolve, "label": self._label}
        html = self._md.renderer.render(parsed.tokens, self._md.options, env).strip()
        return self._finish(html, parsed.text, resolve, prefix)

    def inline(self, text: str, resolve: LinkResolver) -> str:
        """Render a one-line text (a question prompt, an option) without its wrapping paragraph."""
        if not _MARKUP.search(text):
            return html_escape(text.strip(), quote=False)
        html = self._convert(text, resolve)
        match = _SINGLE_PARAGRAPH.match(html)
        return _raw_urls(sanitize(match.group(1) if match else html), text, resolve)

    def _convert(self, text: str, resolve: LinkResolver) -> str:
        return self._md.render(text, {"resolve": resolve, "label": self._label}).strip()


def _raw_urls(html: str, source: str, resolve: LinkResolver) -> str:
    """Resolve relative URLs that came from raw HTML (after sanitising, which quotes them all alike)."""
    if "<" not in source:
        return html
    previous = None
    while previous != html:  # one URL per pass: a <video> has a poster and a src
        previous, html = html, _RAW_URL.sub(lambda m: _resolve_raw(m, resolve), html)
    return html


def _resolve_raw(match: re.Match, resolve: LinkResolver) -> str:
    tag, attribute, target = match.groups()
    url = resolve(html_unescape(target), tag.lower() != "a")  # embedded, like an image
    if url is None:
        return match.group(0)
    start, end = match.span(3)
    offset = match.start()
    whole = match.group(0)
    return whole[: start - offset] + html_escape(url, quote=True) + whole[end - offset:]
