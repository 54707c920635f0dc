"""Map the model's `coursepack:` URLs to where a target puts lessons, media and glossary terms.

Rendered HTML in the model links to `coursepack:lesson/<id>[#frag]`, `coursepack:media/<path>`
and `coursepack:glossary/<id>`; each target supplies three small functions and calls this once
per page.
"""

from __future__ import annotations

import html
import re
from typing import Callable
from urllib.parse import quote

_URL = re.compile(r'(href|src)="coursepack:(lesson|media|glossary)/([^"#]*)(#[^"]*)?"')

Mapper = Callable[[str], str]


def rewrite(html_text: str, *, lesson: Mapper, media: Mapper, glossary: Mapper) -> str:
    """Rewrite every `coursepack:` URL; `media` gets the course-relative path (e.g. media/x.svg)."""
    mappers = {"lesson": lesson, "media": media, "glossary": glossary}

    def replace(match: re.Match) -> str:
        attribute, kind, value, fragment = match.groups()
        url = mappers[kind](html.unescape(value)) + (fragment or "")
        return f'{attribute}="{html.escape(url, quote=True)}"'

    return _URL.sub(replace, html_text)


_LINK_ELEMENT = re.compile(r'<a [^>]*href="coursepack:(lesson|media|glossary)/([^"#]*)(?:#[^"]*)?"[^>]*>(.*?)</a>', re.S)

#: (kind, value, the link's inner HTML) → what replaces the whole link, or None to keep it.
Unlinker = Callable[[str, str, str], "str | None"]


def unlink(html_text: str, replace: Unlinker) -> str:
    """Replace whole `coursepack:` links, for packages where a target cannot be linked to at all
    (a quiz inside a cartridge, a lesson from a question bank); run before `rewrite`."""

    def swap(match: re.Match) -> str:
        kind, value, inner = match.groups()
        replaced = replace(kind, html.unescape(value), inner)
        return match.group(0) if replaced is None else replaced

    return _LINK_ELEMENT.sub(swap, html_text)


def media_url(path: str, prefix: str = "") -> str:
    """A relative URL for a media file, percent-encoded (names may hold spaces or non-ASCII)."""
    return prefix + quote(path, safe="/")


def references(html_text: str) -> set[tuple[str, str]]:
    """Every (kind, value) `coursepack:` reference in a page, e.g. to list a page's media files."""
    return {(m.group(2), html.unescape(m.group(3))) for m in _URL.finditer(html_text)}
