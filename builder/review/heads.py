"""A page's head in the reviewer's edition: its source, ID, module, duration, objectives and the
source facts it cites. The same on the page's own file and in print.html (site.py makes it once
for both).

Built in Python rather than in a template, like the lessons and quizzes: 1,200 heads at 1,000
lessons, each a macro call with an escape per value. The HTML, spaces and line breaks included,
is what the former `page_head` macro wrote, so the packages stay byte-identical.
"""

from __future__ import annotations

from typing import TYPE_CHECKING


from .marks import NOT_IN_SHEET, escaped, fact_details, source_ref

if TYPE_CHECKING:  # site.py imports this module
    from .site import PageView

_NO_FACTS = '  <p class="rv-none">No facts recorded for this page (front matter key <code>facts</code>).</p>\n'
_NO_SHEET = ('<p class="rv-none">Fact texts are not included: pass the fact sheet with <code>--facts PATH</code> '
             "to see them.</p>")


def page_head(view: PageView, facts_known: bool) -> str:
    """The head of `view`'s page; `facts_known`: a fact sheet was given (its texts are in `view.facts`)."""
    page = view.page
    shown = ['<dl class="rv-meta" lang="en" dir="ltr">\n  <dt>Source</dt><dd>', source_ref(page.source_path, page.source_line),
             "</dd>\n  <dt>ID</dt><dd><code>", escaped(page.id), "</code></dd>\n  <dt>Module</dt><dd>",
             escaped(view.module_title), "</dd>\n"]
    duration = getattr(page, "duration_minutes", None)  # a quiz has neither duration nor objectives
    if duration:
        shown += ("<dt>Duration</dt><dd>", escaped(duration), " min</dd>")
    shown.append("</dl>\n")
    objectives = getattr(page, "objectives", ())
    if objectives:
        shown += ('<h2 class="rv-label" lang="en" dir="ltr">Objectives</h2>\n<ul>',
                  *("".join(("<li>", escaped(objective), "</li>")) for objective in objectives), "</ul>")
    shown.append('\n<section class="rv-facts" lang="en" dir="ltr" aria-label="Source facts">\n'
                 '  <h2 class="rv-label">Source facts</h2>\n')
    if not view.facts:
        shown.append(_NO_FACTS)
    else:
        shown.append("  <ul>\n")
        shown += (_fact(fact_id, fact, facts_known) for fact_id, fact in view.facts)
        shown.append("  </ul>\n")
        if not facts_known:
            shown.append(_NO_SHEET)
    shown.append("</section>\n")
    return "".join(shown)


def _fact(fact_id: str, fact, facts_known: bool) -> str:
    """A cited fact: its ID, then its status, text and source where the sheet has it."""
    shown = ['    <li><strong class="rv-id">', escaped(fact_id), "</strong>\n"]
    if fact:
        shown += fact_details(fact, "      ")
    elif facts_known:
        shown.append(NOT_IN_SHEET + "\n")
    shown.append("</li>\n")
    return "".join(shown)
