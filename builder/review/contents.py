"""What the reviewer's edition shows of the course as a whole: index.html's body (the course's
facts, its pages by module, its glossary) and print.html's opening (its contents) and closing
(its glossary), around the articles site.py writes between them.

Built in Python, like every other part but the rarer activities: these were the last two
templates of every build, and compiling them and looping over 1,200 pages in each cost about
as much as writing them. The HTML, spaces and line breaks included, is what those templates
wrote, so the packages stay byte-identical; every value is escaped (`escaped`) but the
glossary's definitions, which the model rendered to safe HTML.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from ..model import Course
from .marks import escaped

if TYPE_CHECKING:  # site.py imports this module
    from .site import PageView


def index_body(course: Course) -> str:
    """index.html's body: the course's ID, version, language and completion, each module's
    pages (kind and facts) with links to their files, and the glossary."""
    config = course.config
    shown = ['<main id="main">\n<h1>', escaped(course.title), '</h1>\n<dl class="rv-meta" lang="en" dir="ltr">\n'
             "  <dt>Course ID</dt><dd><code>", escaped(course.id), "</code></dd>\n  <dt>Version</dt><dd>",
             escaped(config.version), "</dd>\n  <dt>Language</dt><dd>", escaped(course.language),
             "</dd>\n  <dt>Completion</dt><dd>", escaped(config.completion.value), ", pass mark ",
             escaped(round(config.pass_mark, 1)), ' %</dd>\n</dl>\n<p lang="en" dir="ltr"><a href="print.html">'
             "The whole course on one printable page</a></p>\n"]
    for module in course.modules:
        shown += ('<section class="rv-module">\n<h2>', escaped(module.title), '</h2>\n<ol class="rv-toc">\n')
        for page in module.pages:
            facts = f"; facts {escaped(', '.join(page.facts))}" if page.facts else ""
            shown += ('  <li><a href="pages/', escaped(page.id), '.html">', escaped(page.title),
                      '</a> <span lang="en" dir="ltr">(', escaped(page.kind), facts, ")</span></li>\n")
        shown.append("</ol>\n</section>\n")
    if course.glossary:
        shown.append('<section class="rv-glossary">\n<h2>Glossary</h2>\n<dl>')
        shown += (f'<dt id="term-{escaped(term.id)}">{escaped(term.term)} <code lang="en" dir="ltr">'
                  f"{escaped(term.id)}</code></dt><dd>{term.definition_html}</dd>" for term in course.glossary)
        shown.append("</dl>\n</section>\n")
    shown.append("</main>\n")
    return "".join(shown)


def print_opening(course: Course, views: Iterable[PageView]) -> str:
    """print.html before its first article: the course, then its contents (a link to every page)."""
    return "".join(('<main id="main" class="rv-print">\n<h1>', escaped(course.title),
                    '</h1>\n<p lang="en" dir="ltr">Course <code>', escaped(course.id), "</code>, version ",
                    escaped(course.config.version), ". Every page follows, with its source file and lines.</p>\n"
                    '<nav aria-label="Contents" class="rv-contents"><h2 lang="en" dir="ltr">Contents</h2>\n<ol>',
                    *(f'<li><a href="#page-{escaped(view.page.id)}">{escaped(view.page.title)}</a></li>'
                      for view in views), "</ol></nav>\n"))


def print_closing(course: Course) -> str:
    """print.html after its last article: the glossary, if the course has one."""
    if not course.glossary:
        return "</main>\n"
    return "".join(('<section class="rv-glossary"><h2>Glossary</h2>\n<dl>',
                    *(f'<dt id="term-{escaped(term.id)}">{escaped(term.term)}</dt><dd>{term.definition_html}</dd>'
                      for term in course.glossary), "</dl>\n</section>\n</main>\n"))
