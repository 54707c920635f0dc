"""The model's internal `coursepack:` URLs: the one owner of their format, written and mapped here.

Rendered HTML in the model links to `coursepack:lesson/<id>[#frag]`, `coursepack:media/<path>`
and `coursepack:glossary/<id>`. Link resolution (`links.py`) and the renderer write them with
`lesson()`, `media()` and `glossary()`; each target (and the runtime and reviewer edition) maps
them into its own package with `rewrite()`, supplying three small functions, once per page.
"""

from __future__ import annotations

import html
import re
from typing import Callable
from urllib.parse import quote

SCHEME = "coursepack"
#: Schemes an author may link to that stay as written in every package.
EXTERNAL_SCHEMES = ("http", "https", "mailto", "tel")
#: Schemes an author writes for places inside the course; resolved to `coursepack:` URLs.
AUTHOR_SCHEMES = ("lesson", "glossary")
_KINDS = "lesson|media|glossary"
# Searched from its literal part, which the regex engine finds fast (an attribute-name alternation
# first made every page's mapping four times slower); the attribute before it is checked after.
_URL = re.compile(rf'="{SCHEME}:({_KINDS})/([^"#]*)(#[^"]*)?"')
_URL_ATTRIBUTES = ("href", "src", "poster")
# What every match of `_URL` (and of `_LINK_ELEMENT`) contains: most texts a target maps (an
# option, a feedback) have none, and a substring test rules them out for a fraction of a `sub`.
MARK = f'="{SCHEME}:'
_MEDIA_IMAGE = re.compile(rf'<img\b[^>]*\bsrc="{SCHEME}:media/[^>]*>')


def lesson(page_id: str, fragment: str = "") -> str:
    """The URL of a lesson or quiz page, optionally of a place in it (`#fragment`)."""
    return f"{SCHEME}:lesson/{page_id}" + (f"#{fragment}" if fragment else "")


def media(course_relative: str) -> str:
    """The URL of a media file, by its course-relative POSIX path (e.g. media/cycle.svg)."""
    return f"{SCHEME}:media/{course_relative}"


def glossary(term_id: str) -> str:
    return f"{SCHEME}:glossary/{term_id}"


def is_glossary(url: str) -> bool:
    return url.startswith(f"{SCHEME}:glossary/")


Mapper = Callable[[str], str]


def has_urls(html_text: str) -> bool:
    """Whether a text holds any `coursepack:` URL: most quiz texts hold none, and a caller with
    work of its own around `rewrite` (finding the media to embed) can then skip all of it."""
    return MARK in html_text


def rewrite(html_text: str, *, lesson: Mapper, media: Mapper, glossary: Mapper) -> str:
    """Rewrite every `coursepack:` URL; `media` gets the course-relative path (e.g. media/x.svg)."""
    if not has_urls(html_text):
        return html_text
    mappers = {"lesson": lesson, "media": media, "glossary": glossary}

    def replace(match: re.Match) -> str:
        if not _in_url_attribute(match):
            return match.group(0)
        kind, value, fragment = match.groups()
        url = mappers[kind](html.unescape(value)) + (fragment or "")
        return f'="{html.escape(url, quote=True)}"'

    return _URL.sub(replace, html_text)


def _in_url_attribute(match: re.Match) -> bool:
    return match.string.endswith(_URL_ATTRIBUTES, max(0, match.start() - 6), match.start())


_LINK_ELEMENT = re.compile(rf'<a [^>]*href="{SCHEME}:({_KINDS})/([^"#]*)(?:#[^"]*)?"[^>]*>(.*?)</a>', re.S)

#: (kind, value, the link's inner HTML) → what replaces the whole link, or None to keep it.
Unlinker = Callable[[str, str, str], "str | None"]


def unlink(html_text: str, replace: Unlinker) -> str:
    """Replace whole `coursepack:` links, for packages where a target cannot be linked to at all
    (a quiz inside a cartridge, a lesson from a question bank); run before `rewrite`."""
    if not has_urls(html_text):
        return html_text

    def swap(match: re.Match) -> str:
        kind, value, inner = match.groups()
        replaced = replace(kind, html.unescape(value), inner)
        return match.group(0) if replaced is None else replaced

    return _LINK_ELEMENT.sub(swap, html_text)


def without_page_links(html_text: str) -> str:
    """Lesson and glossary links become their text; media links stay for the target to map (a
    question bank or a test package holds no pages to link to)."""
    return unlink(html_text, lambda kind, value, inner: inner if kind in _PAGE_KINDS else None)


_PAGE_KINDS = ("lesson", "glossary")


def media_url(path: str, prefix: str = "") -> str:
    """A relative URL for a media file, percent-encoded (names may hold spaces or non-ASCII)."""
    if _URL_SAFE.fullmatch(path):  # what `quote` leaves as it is: most paths, built from IDs
        return prefix + path
    return prefix + quote(path, safe="/")


_URL_SAFE = re.compile(r"[A-Za-z0-9_.~/-]*")  # urllib.parse's always-safe characters, and "/"


def references(html_text: str) -> set[tuple[str, str]]:
    """Every (kind, value) `coursepack:` reference in a page, e.g. to list a page's media files."""
    if not has_urls(html_text):
        return set()
    return {(m.group(1), html.unescape(m.group(2))) for m in _URL.finditer(html_text) if _in_url_attribute(m)}


def shows_media(html_text: str) -> bool:
    """Whether `references` would hold a "media" reference: the one answer a manifest needs
    before the page is written, found without collecting (and unescaping) every reference."""
    return has_urls(html_text) and any(m.group(1) == "media" and _in_url_attribute(m)
                                       for m in _URL.finditer(html_text))


def replace_media_images(html_text: str, replace: Callable[[str], str]) -> str:
    """Replace each whole `<img>` of a course media file (its tag → what stands instead)."""
    if not has_urls(html_text):  # most texts: no image of the course's to look for
        return html_text
    return _MEDIA_IMAGE.sub(lambda match: replace(match.group(0)), html_text)
