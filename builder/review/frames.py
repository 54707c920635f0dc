"""The HTML around what the reviewer's edition shows: the document (title, style sheet, banner),
a page's navigation, and the frame of a page on its own file and of an article in print.html.

Built in Python rather than in templates: a 1,000-lesson course has 1,200 page files and as
many articles in print.html, and a Jinja render of a page (its inheritance, context, import and
macro call) cost about ten times these few joins. So are what every page shows of itself
(lessons: site.py; heads: heads.py; quizzes: quizzes.py) and what shows the whole course
(contents.py); only the rarer activities (scenarios, reflections) keep their templates. Every
value is escaped here (`marks.escaped`), as the templates' autoescape does.
"""

from __future__ import annotations


from ..model import Course
from .marks import escaped

# `{title}` closes the document's head; `{root}` leads from the file to the edition's folder.
_DOCUMENT_START = """<!doctype html>
<html lang="{language}" dir="{direction}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · review</title>
<link rel="stylesheet" href="{root}review.css">
</head>
<body>
<a class="rv-skip" href="#main" lang="en" dir="ltr">Skip to content</a>
<header class="rv-banner" lang="en" dir="ltr"><p><strong>Reviewer edition</strong>: answer keys, feedback, \
hints, source facts and source lines are shown. Not for learners.</p></header>
"""
DOCUMENT_END = "</body>\n</html>\n"
_PAGE_END = f"</main>\n{DOCUMENT_END}".encode()


class Frames:
    """The frames of one course's edition."""

    def __init__(self, course: Course):
        self._language, self._direction = escaped(course.language), escaped(course.direction)
        # A neighbour's title is in the course's language, inside English navigation.
        self._in_course = f'<span lang="{self._language}" dir="{self._direction}">'

    def document_start(self, title: str, root: str) -> str:
        """Everything before a file's body: `title` in the browser's tab, the style sheet under `root`."""
        return _DOCUMENT_START.format(language=self._language, direction=self._direction, title=escaped(title),
                                      root=root)

    def page(self, page_id: str, title: str, previous: tuple[str, str] | None, following: tuple[str, str] | None,
             head: str, body: bytes) -> bytes:
        """A page's own file: the document, navigation to its neighbours ((ID, title) or None) and
        its `head` and `body` (HTML; the body UTF-8, as a lesson's is kept) under its title."""
        nav = ['<nav class="rv-nav" aria-label="Pages" lang="en" dir="ltr">\n  <a href="../index.html">All pages</a>\n']
        if previous:
            nav += ('<a href="', escaped(previous[0]), '.html" rel="prev">← Previous: ', self._in_course,
                    escaped(previous[1]), "</span></a>")
        if following:
            nav += ('<a href="', escaped(following[0]), '.html" rel="next">Next: ', self._in_course,
                    escaped(following[1]), "</span> →</a>")
        # Joined: one copy of the page, however many its pieces.
        before = "".join((self.document_start(title, "../"), *nav, '</nav>\n<main id="main" data-page="',
                          escaped(page_id), '">\n<h1>', escaped(title), "</h1>\n", head, "\n"))
        return b"".join((before.encode(), body, _PAGE_END))


def article(page_id: str, title: str, head: str, body: bytes) -> bytes:
    """A page in print.html: its `head` and `body` (HTML; the body UTF-8) under its title."""
    page_id = escaped(page_id)
    before = "".join(('<article class="rv-page" id="page-', page_id, '" aria-labelledby="title-', page_id, '">\n',
                      '<h2 id="title-', page_id, '">', escaped(title), "</h2>\n", head, "\n"))
    return b"".join((before.encode(), body, b"</article>\n"))
