"""A quiz in the reviewer's edition: its settings, then each question under its numbered heading
with its answer key (source line, type, points, facts, options with their keys and feedback,
accepted answers, pairs, order, hints and overall feedback).

Built in Python rather than in a template: at 1,000 lessons an edition shows 1,200 questions,
and the Jinja macros (a call, an escape per value, an attribute look-up per test) plus their
compilation in every build were a third of the edition's cost. The HTML, spaces and line breaks
included, is what those macros wrote, so the packages stay byte-identical. Every value from the
course is escaped here (`marks.escaped`); texts the model already rendered to safe HTML are mapped
(`mapped`), never escaped again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable


from coursepack_quiz.model import Question

from ..model import QuizPage
from .marks import NOT_IN_SHEET, escaped, fact_details, line_of, mapped, source_ref

if TYPE_CHECKING:  # site.py imports this module
    from .site import PageView

Urls = Callable[[str], str]  # the edition's mapping of `coursepack:` URLs
_LABEL = '<span class="rv-label" lang="en" dir="ltr">'


def quiz_body(view: PageView, urls: Urls, level: int, keys: Callable[[PageView, Question], str]) -> str:
    """A quiz's settings, then each question with its heading at `level`; `keys(view, q)` gives
    the rest of a question (`answer_key`, which site.py renders once for both editions where it can)."""
    page: QuizPage = view.page
    quiz = page.rendered
    settings = quiz.settings
    shown = ['<dl class="rv-meta rv-settings" lang="en" dir="ltr">\n'
             f"  <dt>Pass mark</dt><dd>{escaped(round(page.pass_mark, 1))} %</dd>\n"
             f"  <dt>Attempts</dt><dd>{escaped(settings.attempts or 'unlimited')}</dd>\n"
             f"  <dt>Shuffle</dt><dd>options {_yes(settings.shuffle)}, questions {_yes(settings.shuffle_questions)}</dd>\n"
             f"  <dt>Answers shown</dt><dd>{escaped(settings.show_answers.value)}</dd>\n"
             f"  <dt>Weight</dt><dd>{escaped(page.weight)}{' (practice)' if page.weight == 0 else ''}</dd>\n"
             "</dl>\n"]
    if quiz.intro:
        shown += ('<div class="rv-intro">', mapped(quiz.intro, urls), "</div>")
    page_id = escaped(page.id)
    for number, q in enumerate(quiz.questions, 1):
        question_id = escaped(q.id)
        shown += (f'<section class="rv-question" id="{page_id}--{question_id}" data-question="{question_id}">\n'
                  f"  <h{level}>{number}. ", mapped(q.prompt, urls), f"</h{level}>\n", keys(view, q), "</section>\n")
    return "".join(shown)


def _yes(setting: bool) -> str:
    return "yes" if setting else "no"


def answer_key(page: QuizPage, q: Question, urls: Urls, view: PageView, facts_known: bool) -> str:
    """Everything `q` shows under its heading, its texts' URLs mapped by `urls`."""
    path = page.source_path
    points = f"{escaped(round(q.points, 2))} point{'s' if q.points != 1 else ''}"
    shown = ['  <p class="rv-where" lang="en" dir="ltr">', source_ref(path, q.line), " · <code>#", escaped(q.id),
             f"</code> · {escaped(q.type.value)} · {points}{' · case-sensitive' if q.case_sensitive else ''}</p>\n",
             "  ", _question_facts(view, q, facts_known) if q.facts else "", "\n"]
    if q.body:
        shown += ('<div class="rv-qbody">', mapped(q.body, urls), "</div>")
    if q.choices:
        shown += ('  <ul class="rv-choices">\n', *(_choice(c, path, urls) for c in q.choices), "  </ul>\n")
    if q.answers:
        ignored = "" if q.case_sensitive else " (case, accents and extra spaces ignored)"
        shown += (f'  <p class="rv-label" lang="en" dir="ltr">Accepted answers{ignored}:</p>\n  <ul class="rv-answers">',
                  *(f'<li class="rv-correct"><span class="rv-key" lang="en" dir="ltr">✓</span> <code>{escaped(answer)}'
                    "</code></li>" for answer in q.answers), "</ul>\n")
    if q.pairs:
        shown += ('  <table class="rv-pairs"><caption class="rv-label" lang="en" dir="ltr">Correct pairs</caption>\n'
                  '    <thead lang="en" dir="ltr"><tr><th scope="col">Premise</th><th scope="col">Matches</th>'
                  '<th scope="col">ID and line</th></tr></thead>\n    <tbody>',
                  *(_row(mapped(p.left, urls), mapped(p.right, urls), p.id, path, p.line) for p in q.pairs),
                  *(_row('<em>(matches nothing)</em>', mapped(d.text, urls), d.id, path, d.line, english=True)
                    for d in q.distractors),
                  "</tbody>\n  </table>\n")
    if q.items:
        shown += ('  <p class="rv-label" lang="en" dir="ltr">Correct order:</p>\n  <ol class="rv-order">',
                  *(_listed(item.text, item.id, path, item.line, urls) for item in q.items), "</ol>\n")
    if q.hints:
        shown += ('  <div class="rv-hints"><p class="rv-label" lang="en" dir="ltr">Hints, in the order '
                  "learners see them:</p>\n  <ol>", *("".join(("<li>", mapped(hint, urls), "</li>")) for hint in q.hints),
                  "</ol></div>\n")
    if q.feedback_correct:
        shown += ('<div class="rv-feedback rv-correct">', _LABEL, "When correct:</span> ",
                  mapped(q.feedback_correct, urls), "</div>")
    if q.feedback_incorrect:
        shown += ('<div class="rv-feedback rv-wrong">', _LABEL, "When incorrect:</span> ",
                  mapped(q.feedback_incorrect, urls), "</div>")
    return "".join(shown)


def _question_facts(view: PageView, q: Question, facts_known: bool) -> str:
    """The facts `q`'s answer key rests on: each ID with its text and source where the fact sheet has it."""
    shown = ['<ul class="rv-qfacts" lang="en" dir="ltr" aria-label="Facts this answer key rests on">\n']
    for fact_id in q.facts:
        shown += ('  <li><span class="rv-label">Fact</span> <strong class="rv-id">', escaped(fact_id), "</strong>\n")
        fact = view.fact(fact_id)
        if fact:
            shown += fact_details(fact, " ")
        elif facts_known:
            shown.append(NOT_IN_SHEET)
        shown.append("</li>\n")
    shown.append("</ul>\n")
    return "".join(shown)


def _choice(c, path: str, urls: Urls) -> str:
    """An option with its key (correct or wrong), ID, line and feedback."""
    key = ('<li class="rv-correct" data-option="', "✓ correct") if c.correct else \
        ('<li class="rv-wrong" data-option="', "✗ wrong")
    feedback = ("".join(('<div class="rv-feedback">', _LABEL, "Feedback:</span> ", mapped(c.feedback, urls), "</div>"))
                if c.feedback else "")
    return "".join(("    ", key[0], escaped(c.id), '">\n      <span class="rv-key" lang="en" dir="ltr">', key[1],
                    "</span>\n      ", mapped(c.text, urls), ' <code class="rv-id">#', escaped(c.id), "</code> ",
                    line_of(path, c.line), "\n", feedback, "    </li>\n"))


def _row(left: str, right: str, item_id: str, path: str, line: int, english: bool = False) -> str:
    """A row of a matching question's pairs: premise (or "matches nothing"), match, ID and line."""
    first = '<tr><td lang="en" dir="ltr">' if english else "<tr><td>"
    return "".join((first, left, "</td><td>", right, "</td><td><code>#", escaped(item_id), "</code> ",
                    line_of(path, line), "</td></tr>"))


def _listed(text: str, item_id: str, path: str, line: int, urls: Urls) -> str:
    """An ordering item: its text, ID and line."""
    return "".join(("<li>", mapped(text, urls), ' <code class="rv-id">#', escaped(item_id), "</code> ",
                    line_of(path, line), "</li>"))

