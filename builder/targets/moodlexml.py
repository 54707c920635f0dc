"""Target `moodlexml`: every question of the course as a Moodle XML question-bank file.

Each question keeps its nearest native Moodle type: single and multiple choice → multichoice,
true/false → truefalse, fill-in → shortanswer (every accepted answer), matching → matching,
ordering → ordering (a standard Moodle type since Moodle 4.4). Per-option feedback, the
correct/incorrect feedback (Moodle's combined feedback, or per answer where a type has none),
hints (`<hint>`) and media (`<file encoding="base64">` behind `@@PLUGINFILE@@`) all travel;
the shared choices are in `_moodle.py`.
"""

from __future__ import annotations

import base64
import functools
import html
from posixpath import basename, dirname

from lxml import etree

from coursepack_quiz.diagnostics import Sink
from coursepack_quiz.model import Question, QuestionType

from ..model import Course, Module
from ..report import AdminReport, course_fact
from ..runtime.bundle import plain_text
from .. import urls
from . import _moodle, register
from ._moodle import Placed, joined, percent
from ._xml import element, prototype, serialise, stamp
from ._activities import files_left_out, left_out_data, left_out_notes, left_out_summary
from .base import ALL_PAGE_KINDS, Output, Target

PLUGINFILE = "@@PLUGINFILE@@"
HTML = "html"
PLAIN = "moodle_auto_format"  # how Moodle itself exports plain answers (true/false, short answer)
Media = dict[str, bytes]


@register
class MoodleXmlTarget(Target):
    name = "moodlexml"
    description = "Moodle XML question bank: every question in its native Moodle type, media embedded"
    package_format = "file"
    suffix = ".xml"
    priority = 37
    page_kinds = ALL_PAGE_KINDS  # scenarios and reflections are left out, and the report says so

    def check(self, course: Course, sink: Sink) -> None:
        sink.extend(_moodle.check_ids(course, self.name) + _moodle.check_matching(course, self.name))

    def emit(self, course: Course) -> Output:
        data = moodle_xml(course)
        placed = _moodle.placed_questions(course)
        name = self.package_name(course)
        return Output({name: data}, _report(course, placed).files(name),
                      {"questions": str(len(placed)), "categories": str(len({p.module.id for p in placed})),
                       **left_out_summary(course)})


def moodle_xml(course: Course) -> bytes:
    root = etree.Element("quiz")
    media = {m.path: m.data for m in course.media}
    for module, placed in _moodle.by_module(course):
        root.append(category(course, module))
        root.extend(question(course, p, media) for p in placed)
    return serialise(root)


def category(course: Course, module: Module) -> etree._Element:
    node = etree.Element("question", type="category")
    _sub(etree.SubElement(node, "category"), "text", _moodle.category_path(course, module))
    info = etree.SubElement(node, "info", format=HTML)
    _sub(info, "text", f"<p>{html.escape(module.description)}</p>" if module.description else "")
    return node


def question(course: Course, placed: Placed, media: Media) -> etree._Element:
    q = placed.question
    node = stamp(None, _question_start(q.type, _moodle.fits(placed)))
    name, question_text, _general_feedback, default_grade, _penalty, _hidden, *idnumber = node
    name[0].text = placed.name
    fill(question_text, _moodle.question_html(course, q), media)
    default_grade.text = f"{q.points:g}"
    if idnumber:
        idnumber[0].text = placed.idnumber
    BODIES[q.type](node, placed, media)
    for hint in q.hints:
        text_field(node, "hint", hint, media)
    return node


@functools.cache  # one per question type, with or without an idnumber: what every question starts with (`stamp`)
def _question_start(question_type: QuestionType, with_idnumber: bool) -> etree._Element:
    def build(holder: etree._Element) -> etree._Element:
        node = _sub(holder, "question", type=QTYPES[question_type])
        _sub(_sub(node, "name"), "text")
        _text_field(node, "questiontext")
        _text_field(node, "generalfeedback")[0].text = ""  # the course has none: an empty <text>
        _sub(node, "defaultgrade")
        _sub(node, "penalty", "1" if question_type is QuestionType.TRUE_FALSE else "0.3333333")
        _sub(node, "hidden", "0")
        if with_idnumber:  # an idnumber too long for Moodle is left out (`_moodle.check_ids` warns)
            _sub(node, "idnumber")
        return node
    return prototype("", build)


def text_field(parent: etree._Element, tag: str, html_text: str, media: Media) -> etree._Element:
    """`<tag format="html"><text>…</text><file …/></tag>`."""
    node = stamp(parent, _text_field_prototype(tag))
    fill(node, html_text, media)
    return node


@functools.cache  # one per tag
def _text_field_prototype(tag: str) -> etree._Element:
    return prototype("", _text_field, tag)


def _text_field(parent: etree._Element, tag: str) -> etree._Element:
    node = _sub(parent, tag, format=HTML)
    _sub(node, "text")
    return node


def fill(node: etree._Element, html_text: str, media: Media) -> None:
    """Fill the `<text>` that `node` starts with, and append the files it shows: course media become
    base64 `<file>`s, referred to as @@PLUGINFILE@@/<path>, the form of Moodle's own export."""
    if not urls.has_urls(html_text):  # most texts: no link to drop, no file to map or embed
        node[0].text = html_text
        return
    html_text = urls.without_page_links(html_text)
    used = sorted(value for kind, value in urls.references(html_text) if kind == "media" and value in media)
    node[0].text = urls.rewrite(html_text, lesson=str, glossary=str,
                                media=lambda path: f"{PLUGINFILE}/{urls.media_url(_area_path(path))}")
    for path in used:
        folder = dirname(_area_path(path))
        _sub(node, "file", base64.b64encode(media[path]).decode("ascii"),
             name=basename(path), path=f"/{folder}/" if folder else "/", encoding="base64")


def _area_path(media_path: str) -> str:
    """`media/fig/a.svg` → `fig/a.svg`: the file's path inside the question's file area."""
    return media_path.removeprefix("media/")


def answer(parent: etree._Element, fraction: float, text: str, feedback: str, media: Media, *,
           text_format: str = HTML) -> etree._Element:
    node = stamp(parent, _answer_prototype(text_format))
    node.set("fraction", percent(fraction))
    if text_format == HTML:
        fill(node, text, media)
    else:
        node[0].text = text
    text_field(node, "feedback", feedback, media)
    return node


@functools.cache  # one per text format
def _answer_prototype(text_format: str) -> etree._Element:
    def build(holder: etree._Element) -> etree._Element:
        node = _sub(holder, "answer", fraction="", format=text_format)  # the fraction is set per answer
        _sub(node, "text")
        return node
    return prototype("", build)


def combined_feedback(node: etree._Element, q: Question, media: Media) -> None:
    """Moodle's right / partly right / wrong messages; ours grade all-or-nothing, so a partly right
    answer gets the "incorrect" message."""
    text_field(node, "correctfeedback", q.feedback_correct, media)
    text_field(node, "partiallycorrectfeedback", q.feedback_incorrect, media)
    text_field(node, "incorrectfeedback", q.feedback_incorrect, media)
    etree.SubElement(node, "shownumcorrect")


def _choices(node: etree._Element, placed: Placed, media: Media) -> None:
    q = placed.question
    _sub(node, "single", "true" if q.type is QuestionType.SINGLE else "false")
    _sub(node, "shuffleanswers", "true" if placed.page.quiz.settings.shuffle else "false")
    _sub(node, "answernumbering", "abc")
    _sub(node, "showstandardinstruction", "0")  # our prompts say "select all that apply" themselves
    combined_feedback(node, q, media)
    fractions = _moodle.choice_fractions(q)
    for choice in q.choices:
        answer(node, fractions[choice.id], choice.text, choice.feedback, media)


def _true_false(node: etree._Element, placed: Placed, media: Media) -> None:
    q = placed.question
    for choice, truth in zip(q.choices, _moodle.truths(q)):
        overall = q.feedback_correct if choice.correct else q.feedback_incorrect
        answer(node, 100.0 if choice.correct else 0.0, "true" if truth else "false",
               joined(choice.feedback, overall), media, text_format=PLAIN)


def _short_answer(node: etree._Element, placed: Placed, media: Media) -> None:
    q = placed.question
    _sub(node, "usecase", "1" if q.case_sensitive else "0")
    for accepted in q.answers:
        answer(node, 100.0, _moodle.shortanswer_pattern(accepted), q.feedback_correct, media, text_format=PLAIN)
    if q.feedback_incorrect:  # Moodle's way to say something to every other answer: `*` worth 0
        answer(node, 0.0, "*", q.feedback_incorrect, media, text_format=PLAIN)


def _matching(node: etree._Element, placed: Placed, media: Media) -> None:
    q = placed.question
    _sub(node, "shuffleanswers", "true")
    combined_feedback(node, q, media)
    responses = [(pair.left, pair.right) for pair in q.pairs] + [("", d.text) for d in q.distractors]
    for premise, response in responses:  # a distractor is a response with an empty premise
        sub = text_field(node, "subquestion", premise, media)
        _sub(etree.SubElement(sub, "answer"), "text", plain_text(response, _moodle.NAME_LIMIT))


def _ordering(node: etree._Element, placed: Placed, media: Media) -> None:
    q = placed.question
    for tag, value in (("layouttype", "VERTICAL"), ("selecttype", "ALL"), ("selectcount", str(len(q.items))),
                       ("gradingtype", "ALL_OR_NOTHING"), ("showgrading", "SHOW"), ("numberingstyle", "none")):
        _sub(node, tag, value)
    combined_feedback(node, q, media)
    for position, item in enumerate(q.items, 1):  # in the right order; the fraction is the position
        answer(node, position, item.text, "", media)


QTYPES = {QuestionType.SINGLE: "multichoice", QuestionType.MULTIPLE: "multichoice",
          QuestionType.TRUE_FALSE: "truefalse", QuestionType.FILL_IN: "shortanswer",
          QuestionType.MATCHING: "matching", QuestionType.ORDERING: "ordering"}
BODIES = {QuestionType.SINGLE: _choices, QuestionType.MULTIPLE: _choices, QuestionType.TRUE_FALSE: _true_false,
          QuestionType.FILL_IN: _short_answer, QuestionType.MATCHING: _matching, QuestionType.ORDERING: _ordering}


_sub = functools.partial(element, "")  # Moodle XML has no namespace


def _report(course: Course, placed: list[Placed]) -> AdminReport:
    kinds = sorted({QTYPES[p.question.type] for p in placed})
    used = [_moodle.media_used(p.question) for p in placed]
    with_media = sum(1 for paths in used if paths)
    held = {path for paths in used for path in paths}  # embedded in their questions
    files_note, files_data = files_left_out(course, held, "Moodle XML")
    return AdminReport(
        title=f"{course.title}: Moodle XML question bank",
        summary="Every question of the course for a Moodle question bank, each in its own Moodle question type, "
                "filed in one category per module.",
        facts=[course_fact(course.title, course.id, course.language, course.config.version),
               ("Format", "Moodle XML (Question bank → Import → Moodle XML format)"),
               ("Questions", f"{len(placed)} ({', '.join(kinds)})"),
               ("Categories", f"{len({p.module.id for p in placed})}, one per module, under top/{course.title}"),
               ("Embedded media", f"{with_media} question(s) carry their images inside the file")],
        notes=["Ordering questions use Moodle's Ordering type, standard since Moodle 4.4; on an older Moodle, "
               "install the Ordering plugin (qtype_ordering) first, or Moodle cannot import those questions.",
               "Select-all-that-apply questions give each right option an equal share and each wrong option "
               "−100%, so a wrong tick scores 0; unlike the course's own players, a learner who ticks only some "
               "of the right options (and no wrong one) gets partial credit. Matching questions also give "
               "partial credit per pair. Ordering questions are all-or-nothing, as in the course.",
               "Fill-in answers are compared ignoring case unless the question is case-sensitive; unlike the "
               "course's players, Moodle may not ignore extra spaces inside an answer.",
               "Each question's idnumber is <quiz ID>.<question ID> and its name starts with it. Moodle never "
               "updates questions on import: importing this file again adds a second copy (without idnumber). "
               "To update, delete or move the old questions of the categories first.",
               "Each option keeps its own feedback. The course's \"correct\" and \"incorrect\" messages become "
               "Moodle's feedback for a right, partly right (shown the \"incorrect\" one) and wrong answer; "
               "true/false and fill-in questions, which have no such fields in Moodle, carry them in each "
               "answer's feedback (fill-in: a `*` answer worth 0 catches every other answer).",
               "Hints are used by quizzes whose question behaviour is \"Interactive with multiple tries\".",
               "Quiz settings are not part of a question bank; set them on each Moodle quiz:",
               *_moodle.quiz_settings_notes(course),
               *left_out_notes(course, "Moodle XML"), *files_note],
        steps=_moodle.import_steps("Moodle XML format", ".xml"),
        data={"target": "moodlexml", "questions": [{"idnumber": p.idnumber, "qtype": QTYPES[p.question.type],
                                                    "category": _moodle.category_path(course, p.module)}
                                                   for p in placed], **left_out_data(course),
              **files_data})
