"""The cartridge's web content: one standalone HTML page per lesson, a glossary page, media files.

Links between pages are relative, so they work both inside the LMS (which keeps the folder
layout of web content) and when the files are opened straight from the unzipped cartridge.
QTI text is different: importers copy a quiz's text into their own question store, away from the
QTI file, so a relative path there resolves against nothing. The CC convention is
`$IMS-CC-FILEBASE$/<path from the cartridge root>`, which Canvas, Moodle and Brightspace replace
with wherever they stored the file; the assessment declares a `<dependency>` on the web-content
resource holding it, so the importer knows to keep that file.
A link to a quiz has no file to point to (the LMS turns the quiz into its own object), so its
text stays and a note in the course language names the quiz, rather than a broken link.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
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
    """Maps `coursepack:` URLs in rendered HTML: relative paths in web content, `$IMS-CC-FILEBASE$` in QTI."""

    def __init__(self, course: Course):
        self.quizzes = {quiz.id: quiz.title for quiz in course.quizzes()}
        self.language, self.direction = course.language, course.direction

    def qti(self, html: str, used: set[str]) -> str:
        """For QTI text: files as `$IMS-CC-FILEBASE$/<cartridge path>`, each one's resource added to `used`.

        The LMS page around the text has the LMS's direction, so RTL text says its own.
        """
        def filebase(path: str, resource: str) -> str:
            used.add(resource)
            return urls.media_url(path, FILEBASE)

        html = urls.rewrite(
            self._quiz_notes(html),
            lesson=lambda page_id: filebase(layout.lesson_file(page_id), layout.page_resource(page_id)),
            media=lambda path: filebase(layout.media_file(path), layout.MEDIA_RESOURCE),
            glossary=lambda term: filebase(layout.GLOSSARY_FILE, layout.GLOSSARY_RESOURCE)
            + "#" + layout.term_anchor(term))
        return f'<div dir="rtl" lang="{self.language}">{html}</div>' if self.direction == "rtl" else html

    def rewrite(self, html: str, from_file: str) -> str:
        """For web content: paths relative to `from_file`."""
        return urls.rewrite(
            self._quiz_notes(html),
            lesson=lambda page_id: _rel(layout.lesson_file(page_id), from_file),
            media=lambda path: _rel(layout.media_file(path), from_file),
            glossary=lambda term: _rel(layout.GLOSSARY_FILE, from_file) + "#" + layout.term_anchor(term))

    def _quiz_notes(self, html: str) -> str:
        """A link to a quiz keeps its text, followed by a note naming the quiz in the course language."""
        def note(kind: str, value: str, inner: str) -> str | None:
            if kind != "lesson" or value not in self.quizzes:
                return None
            return f"{inner} {quiz_note(self.language, self.quizzes[value])}"

        return urls.unlink(html, note) if self.quizzes else html


FILEBASE = "$IMS-CC-FILEBASE$/"

def quiz_note(language: str, title: str) -> str:
    note = i18n.ui(language, "quiz_note").format(title=f"<bdi>{escape(title, quote=False)}</bdi>")
    return f'<span class="cp-quiz-ref">{note}</span>'


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
