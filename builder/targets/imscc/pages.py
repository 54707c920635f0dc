"""The cartridge's web content: one standalone HTML page per lesson, a glossary page, media files.

Images and other media keep relative paths, so they work both inside the LMS (which keeps the
folder layout of web content) and when the files are opened straight from the unzipped cartridge.
QTI text is different: importers copy a quiz's text into their own question store, away from the
QTI file, so a relative path there resolves against nothing. The CC convention is
`$IMS-CC-FILEBASE$/<path from the cartridge root>`, which Canvas, Moodle and Brightspace replace
with wherever they stored the file; the assessment declares a `<dependency>` on the web-content
resource holding it, so the importer knows to keep that file.

Links to another page (a lesson, a quiz, a glossary term) cannot survive every importer: Moodle
turns each lesson into a Page activity with an address no file can know, so a link to
`lessons/<id>.html` or `glossary.html#term` breaks there (notes/MOODLE-CC.md), and a quiz becomes
the LMS's own object everywhere. Such a link keeps its text, followed by a note in the course
language naming the page or term; Moodle's activity-name filter can then link the title itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache, partial
from html import escape
from posixpath import relpath

from .._pages import Page, glossary_body, render_page
from ... import i18n, urls
from ...filetree import Made
from ...model import Course, Lesson, QuizPage
from . import layout


@dataclass
class WebContent:
    # each page or media file, made when the package writer asks for it (`make`), so the cartridge's
    # pages are never all in memory beside the model's HTML they come from
    files: dict[str, Made] = field(default_factory=dict)
    media_users: set[str] = field(default_factory=set)  # page IDs whose HTML uses a media file


def _rel(target: str, from_file: str) -> str:
    return _relative_url(target, from_file.rsplit("/", 1)[0])


@lru_cache(maxsize=4096)  # every lesson page sits in one folder and names the same few media files
def _relative_url(target: str, folder: str) -> str:
    return urls.media_url(relpath(target, folder))


class LinkMapper:
    """Maps `coursepack:` URLs in rendered HTML: media as relative paths in web content and as
    `$IMS-CC-FILEBASE$` paths in QTI; links to pages and glossary terms become notes."""

    def __init__(self, course: Course):
        self.pages = {page.id: (page.title, isinstance(page, QuizPage)) for page in course.pages()}
        self.terms = {term.id: term.term for term in course.glossary}
        self.language, self.direction = course.language, course.direction

    def qti(self, html: str, used: set[str]) -> str:
        """For QTI text: files as `$IMS-CC-FILEBASE$/<cartridge path>`, each one's resource added to `used`.

        The LMS page around the text has the LMS's direction, so RTL text says its own.
        """
        if not urls.has_urls(html):  # most quiz texts: no link to note, no file to map
            return self._with_direction(html)

        def filebase(path: str, resource: str) -> str:
            used.add(resource)
            return urls.media_url(path, FILEBASE)

        html = urls.rewrite(
            self._notes(html),
            lesson=lambda page_id: filebase(layout.lesson_file(page_id), layout.page_resource(page_id)),
            media=lambda path: filebase(layout.media_file(path), layout.MEDIA_RESOURCE),
            glossary=lambda term: filebase(layout.GLOSSARY_FILE, layout.GLOSSARY_RESOURCE)
            + "#" + layout.term_anchor(term))
        return self._with_direction(html)

    def _with_direction(self, html: str) -> str:
        return f'<div dir="rtl" lang="{self.language}">{html}</div>' if self.direction == "rtl" else html

    def rewrite(self, html: str, from_file: str) -> str:
        """For web content: paths relative to `from_file`."""
        return urls.rewrite(
            self._notes(html),
            lesson=lambda page_id: _rel(layout.lesson_file(page_id), from_file),
            media=lambda path: _rel(layout.media_file(path), from_file),
            glossary=lambda term: _rel(layout.GLOSSARY_FILE, from_file) + "#" + layout.term_anchor(term))

    def _notes(self, html: str) -> str:
        """A link to a page or term keeps its text, followed by a note naming it in the course language.

        Only references the model does not know (never the case after validation) stay links,
        mapped by the callers above.
        """
        def note(kind: str, value: str, inner: str) -> str | None:
            if kind == "lesson" and value in self.pages:
                title, is_quiz = self.pages[value]
                return f"{inner} {page_note(self.language, title, 'quiz_note' if is_quiz else 'lesson_note')}"
            if kind == "glossary" and value in self.terms:
                return f"{inner} {page_note(self.language, self.terms[value], 'glossary_note')}"
            return None

        return urls.unlink(html, note)


FILEBASE = "$IMS-CC-FILEBASE$/"
_NOTE_CLASS = {"quiz_note": "cp-quiz-ref", "lesson_note": "cp-lesson-ref", "glossary_note": "cp-term-ref"}


@lru_cache(maxsize=4096)  # the same few terms (and many a lesson) are linked from page after page
def page_note(language: str, name: str, key: str) -> str:
    """The note after a link a cartridge cannot keep: `key` is `quiz_note`, `lesson_note` or `glossary_note`."""
    bdi = f"<bdi>{escape(name, quote=False)}</bdi>"
    note = i18n.ui(language, key).format(title=bdi, term=bdi)
    return f'<span class="{_NOTE_CLASS[key]}">{note}</span>'


def web_content(course: Course, links: LinkMapper) -> WebContent:
    content = WebContent()
    for lesson in course.lessons():
        path = layout.lesson_file(lesson.id)
        if urls.shows_media(lesson.html):
            content.media_users.add(lesson.id)
        content.files[path] = partial(_lesson_page, course.language, links, lesson, path)
    if course.glossary:
        content.files[layout.GLOSSARY_FILE] = partial(_glossary_page, course, links)
    for media in course.media:
        content.files[layout.media_file(media.path)] = partial(getattr, media, "data")
    return content


def _lesson_page(language: str, links: LinkMapper, lesson: Lesson, path: str) -> bytes:
    return render_page(Page(lesson.title, language, links.rewrite(lesson.html, path), lesson.objectives))


def _glossary_page(course: Course, links: LinkMapper) -> bytes:
    terms = [(layout.term_anchor(t.id), t.term, links.rewrite(t.definition_html, layout.GLOSSARY_FILE))
             for t in course.glossary]
    return render_page(Page(glossary_title(course), course.language, glossary_body(terms)))


def glossary_title(course: Course) -> str:
    return i18n.ui(course.language, "glossary")
