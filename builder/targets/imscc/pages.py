"""The cartridge's web content: one standalone HTML page per lesson, a glossary page, media files.

Links between pages are relative, so they work both inside the LMS (which keeps the folder
layout of web content) and when the files are opened straight from the unzipped cartridge.
A link to a quiz has no file to point to (the LMS turns the quiz into its own object), so it
becomes plain text rather than a broken link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from posixpath import relpath

from .. import urls
from .._pages import Page, glossary_body, render_page
from ... import i18n
from ...model import Course
from . import layout


@dataclass
class WebContent:
    files: dict[str, bytes] = field(default_factory=dict)
    media_users: set[str] = field(default_factory=set)  # page IDs whose HTML uses a media file
    glossary_users: set[str] = field(default_factory=set)


def _rel(target: str, from_file: str) -> str:
    return urls.media_url(relpath(target, from_file.rsplit("/", 1)[0]))


class LinkMapper:
    """Maps `coursepack:` URLs in rendered HTML to paths relative to one file of the cartridge."""

    def __init__(self, course: Course):
        self.quizzes = {quiz.id for quiz in course.quizzes()}
        self.language, self.direction = course.language, course.direction

    def qti(self, html: str, from_file: str) -> str:
        """For QTI text: the LMS page around it has the LMS's direction, so RTL text says its own."""
        html = self.rewrite(html, from_file)
        return f'<div dir="rtl" lang="{self.language}">{html}</div>' if self.direction == "rtl" else html

    def rewrite(self, html: str, from_file: str) -> str:
        html = _unlink_quizzes(html, self.quizzes)
        return urls.rewrite(
            html,
            lesson=lambda page_id: _rel(layout.lesson_file(page_id), from_file),
            media=lambda path: _rel(layout.media_file(path), from_file),
            glossary=lambda term: _rel(layout.GLOSSARY_FILE, from_file) + "#" + layout.term_anchor(term))


def _unlink_quizzes(html: str, quiz_ids: set[str]) -> str:
    if not quiz_ids:
        return html
    pattern = re.compile(r'<a [^>]*href="coursepack:lesson/(' + "|".join(map(re.escape, sorted(quiz_ids)))
                         + r')(?:#[^"]*)?"[^>]*>(.*?)</a>', re.S)
    return pattern.sub(lambda m: m.group(2), html)


def web_content(course: Course, links: LinkMapper) -> WebContent:
    content = WebContent()
    for lesson in course.lessons():
        path = layout.lesson_file(lesson.id)
        kinds = {kind for kind, _ in urls.references(lesson.html)}
        if "media" in kinds:
            content.media_users.add(lesson.id)
        if "glossary" in kinds:
            content.glossary_users.add(lesson.id)
        page = Page(lesson.title, course.language, links.rewrite(lesson.html, path), lesson.objectives)
        content.files[path] = render_page(page)
    if course.glossary:
        terms = [(layout.term_anchor(t.id), t.term, links.rewrite(t.definition_html, layout.GLOSSARY_FILE))
                 for t in course.glossary]
        page = Page(glossary_title(course), course.language, glossary_body(terms))
        content.files[layout.GLOSSARY_FILE] = render_page(page)
    for media in course.media:
        content.files[layout.media_file(media.path)] = media.data
    return content


def glossary_title(course: Course) -> str:
    return i18n.ui(course.language, "glossary")
