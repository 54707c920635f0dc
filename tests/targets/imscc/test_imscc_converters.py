"""Every route from the cartridge into a real LMS grades right: our QTI read the way Open edX's
converter (cc2olx) and Moodle's Common Cartridge import read it, for both shipped courses and the
fixtures. The readers (cc2olx_reader, moodle_reader) follow the behaviour documented in
../shared/notes/CC2OLX.md and MOODLE-CC.md; the last tests prove they catch the layouts
that went wrong there.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import pytest
from lxml import etree, html as lxml_html

from coursepack_quiz.model import QuestionType

import cc2olx_reader
import moodle_reader
from builder.build import check_course
from builder.targets.imscc import CommonCartridgeTarget, layout
from builder.targets.imscc.mapping import FIB, MR, map_quiz
from builder.targets.imscc.pages import glossary_title
from imscc_helpers import COURSES
from moodle_reader import text_of

REPO = Path(__file__).resolve().parents[3]
SHIPPED = ("untoc-intro", "untoc-intermediate")
COURSE_DIRS = {name: REPO / "courses" / name for name in SHIPPED} | {
    name: COURSES / name for name in ("basic-en", "basic-ar")}


@pytest.fixture(scope="module")
def built() -> dict:
    """course name → (course, cartridge file tree, mapped quizzes), built with the default settings."""
    out = {}
    for name, folder in COURSE_DIRS.items():
        checked = check_course(folder)
        assert checked.ok, [d.format() for d in checked.diagnostics]
        course = checked.course
        out[name] = (course, CommonCartridgeTarget().emit(course).tree,
                     [map_quiz(page, course.direction) for page in course.quizzes()])
    return out


def _quizzes(built_course):
    course, tree, mapped = built_course
    for quiz in mapped:
        yield quiz, tree[layout.quiz_file(quiz.page.id)]


# --- Open edX via cc2olx ----------------------------------------------------------------------

@pytest.mark.parametrize("name", list(COURSE_DIRS))
def test_cc2olx_keeps_every_answer_key(name, built):
    converted = 0
    for quiz, data in _quizzes(built[name]):
        problems = cc2olx_reader.read_assessment(data)
        assert [p.ident for p in problems] == [layout.item_ident(quiz.page.id, m.question.id) for m in quiz.questions]
        for problem, mapped in zip(problems, quiz.questions):
            if mapped.profile == FIB:
                assert problem.answers == list(mapped.question.answers), problem.ident  # every accepted answer
            else:
                assert problem.correct == {c.ident for c in mapped.choices if c.correct}, problem.ident
            converted += 1
    course = built[name][0]
    assert converted == sum(len(p.quiz.questions) for p in course.quizzes()) - sum(
        len(m.left_out) for m in built[name][2])
    if name in SHIPPED:  # shipped courses: every question, none left out (their counts change by edition)
        assert converted == sum(len(p.quiz.questions) for p in course.quizzes()) and not any(m.left_out for m in built[name][2])


@pytest.mark.parametrize("name", list(COURSE_DIRS))
def test_cc2olx_url_names_repeat_only_where_cc2olx_itself_makes_them(name, built):
    """Our identifiers give unique url_names; what still repeats is cc2olx's own doing: the
    placeholder it invents for sequentials and verticals, and one url_name for all problems of
    an assessment (it names them after the resource; one resource per quiz is what every other
    LMS needs). Both are reported to admins."""
    course, tree, mapped = built[name]
    per_resource = {layout.page_resource(m.page.id): len(m.questions) for m in mapped}
    seen = defaultdict(list)
    for tag, url_name, source in cc2olx_reader.url_names(tree["imsmanifest.xml"], per_resource):
        seen[url_name].append((tag, source))
    assert seen, "the outline is empty"
    for url_name, uses in seen.items():
        if len(uses) == 1 or url_name == cc2olx_reader.PLACEHOLDER:
            continue
        assert {tag for tag, _ in uses} == {"problem"} and url_name in per_resource, (url_name, uses)


# --- Moodle 5.1 --------------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(COURSE_DIRS))
def test_moodle_grades_every_key_and_keeps_feedback_per_answer(name, built):
    for quiz, data in _quizzes(built[name]):
        questions = moodle_reader.read_assessment(data)
        assert len(questions) == len(quiz.questions)
        for read, mapped in zip(questions, quiz.questions):
            q = mapped.question
            assert read.general_feedback == "", f"{read.ident}: feedback shown to every learner"
            if mapped.profile == FIB:
                assert read.accepted == list(q.answers), read.ident
                continue
            right = [c for c in mapped.choices if c.correct]
            share = round(1 / len(right), 7) if mapped.profile == MR else 1.0
            for answer, choice in zip(read.answers, mapped.choices):
                assert answer.ident == choice.ident
                assert answer.fraction == (share if choice.correct else 0.0), (read.ident, choice.ident)
                _check_answer_feedback(answer.feedback, choice, q, mapped.profile)


def _check_answer_feedback(feedback: str, choice, q, profile: str) -> None:
    """The option's own text, and for a wrong option the wrong-answer text and the hints."""
    expected = [text_of(choice.feedback_html)]
    if not choice.correct:
        expected += [text_of(q.feedback_incorrect), text_of("".join(q.hints))]
    elif profile != MR:
        expected.append(text_of(q.feedback_correct))
    for text in filter(None, expected):
        assert text in feedback, (q.id, choice.ident, text)


@pytest.mark.parametrize("name", SHIPPED)
def test_moodle_keeps_the_hints_of_choice_questions(name, built):
    course, tree, mapped = built[name]
    hinted = [(quiz, m) for quiz in mapped for m in quiz.questions if m.question.hints and m.profile != FIB]
    assert hinted, "the shipped course has hinted choice questions"
    for quiz, m in hinted:
        read = next(r for r in moodle_reader.read_assessment(tree[layout.quiz_file(quiz.page.id)])
                    if r.ident == layout.item_ident(quiz.page.id, m.question.id))
        wrong = [a for a, c in zip(read.answers, m.choices) if not c.correct]
        assert wrong and all(text_of("".join(m.question.hints)) in a.feedback for a in wrong), read.ident


@pytest.mark.parametrize("name", list(COURSE_DIRS))
def test_moodle_sections_carry_the_module_titles_and_pages(name, built):
    course, tree, _ = built[name]
    found = moodle_reader.sections(tree["imsmanifest.xml"])
    expected = [(m.title, [(p.title, layout.page_resource(p.id)) for p in m.pages]) for m in course.modules]
    if course.glossary:  # the glossary is a section with a title too
        expected.append((glossary_title(course), [(glossary_title(course), layout.GLOSSARY_RESOURCE)]))
    assert [(s.summary, s.activities) for s in found] == expected


@pytest.mark.parametrize("name", list(COURSE_DIRS))
def test_moodle_pages_have_no_link_that_breaks_and_name_the_pages_they_point_to(name, built):
    course, tree, _ = built[name]
    notes = 0
    for lesson in course.lessons():
        page = tree[layout.lesson_file(lesson.id)]
        assert moodle_reader.broken_links(page) == [], lesson.id
        notes += len(lxml_html.fromstring(page).xpath("//span[@class='cp-lesson-ref' or @class='cp-term-ref']"))
    references = sum(1 for lesson in course.lessons() for kind, _ in _refs(lesson.html) if kind != "media")
    assert notes == references  # every link to a lesson, quiz or term became a note, none was lost


def _refs(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<a [^>]*href="coursepack:(lesson|glossary)/([^"#]*)', html)


# --- the readers catch the layouts that went wrong ----------------------------------------------

OLD_CHOICE = b"""<questestinterop xmlns="http://www.imsglobal.org/xsd/ims_qtiasiv1p2"><assessment ident="q" title="q">
<section ident="s"><item ident="i" title="t"><itemmetadata><qtimetadata><qtimetadatafield>
<fieldlabel>cc_profile</fieldlabel><fieldentry>%s</fieldentry></qtimetadatafield></qtimetadata></itemmetadata>
<presentation><material><mattext>Pick</mattext></material><response_lid ident="response1" rcardinality="%s">
<render_choice><response_label ident="a"/><response_label ident="b"/><response_label ident="c"/></render_choice>
</response_lid></presentation><resprocessing><outcomes><decvar varname="SCORE"/></outcomes>
<respcondition continue="Yes"><conditionvar><varequal respident="response1">a</varequal></conditionvar>
<displayfeedback feedbacktype="Response" linkrefid="a_fb"/></respcondition>
<respcondition continue="No"><conditionvar>%s</conditionvar>
<setvar action="Set" varname="SCORE">100</setvar></respcondition></resprocessing>
<itemfeedback ident="a_fb"><flow_mat><material><mattext>a is wrong</mattext></material></flow_mat></itemfeedback>
</item></section></assessment></questestinterop>"""


def test_the_readers_reproduce_the_losses_measured_on_the_old_layout():
    """Per-option feedback before scoring: cc2olx marks a wrong option correct, Moodle shows its
    feedback to everyone and, without case="Yes", finds no multiple-response key."""
    single = OLD_CHOICE % (b"cc.multiple_choice.v0p1", b"Single", b'<varequal respident="response1">b</varequal>')
    assert cc2olx_reader.read_assessment(single)[0].correct == {"a", "b"}
    assert moodle_reader.read_assessment(single)[0].general_feedback == "a is wrong"
    multiple = OLD_CHOICE % (b"cc.multiple_response.v0p1", b"Multiple",
                             b'<and><varequal respident="response1">b</varequal><varequal respident="response1">c'
                             b'</varequal><not><varequal respident="response1">a</varequal></not></and>')
    assert [a.fraction for a in moodle_reader.read_assessment(multiple)[0].answers] == [0.0, 0.0, 0.0]
    fib = (OLD_CHOICE % (b"cc.fib.v0p1", b"Single", b'<varequal respident="response1">two</varequal>')).replace(
        b"<conditionvar><varequal respident=\"response1\">a</varequal></conditionvar>\n<displayfeedback "
        b"feedbacktype=\"Response\" linkrefid=\"a_fb\"/>",
        b"<conditionvar><varequal respident=\"response1\">2</varequal></conditionvar>").replace(
        b'continue="Yes"', b'continue="No"')
    assert cc2olx_reader.read_assessment(fib)[0].answers == ["2"]  # one condition per answer: only the first


def test_question_types_of_the_shipped_courses_are_all_covered(built):
    """The checks above meet every profile: single, true/false, multiple response, fill-in, mapped."""
    profiles = {m.profile for name in SHIPPED for quiz in built[name][2] for m in quiz.questions}
    assert profiles == {"cc.multiple_choice.v0p1", "cc.true_false.v0p1", MR, FIB}
    types = {m.question.type for name in SHIPPED for quiz in built[name][2] for m in quiz.questions if m.note}
    assert types == {QuestionType.MATCHING, QuestionType.ORDERING}


def _report_notes(beside: dict) -> str:
    report = json.loads(next(v for k, v in beside.items() if k.endswith(".report.json")))
    return " ".join(report["notes"]) + " " + json.dumps(report["facts"], ensure_ascii=False)


def test_the_admin_report_says_what_each_importer_needs_by_hand(course_copy):
    course = course_copy("basic-en")
    quiz = course / "02-practice/02-quiz.md"
    quiz.write_text(quiz.read_text(encoding="utf-8") + "\n## Is it green? {#q-two-options}\n\n- (x) Yes {#yes}\n"
                    "- ( ) No {#no}\n", encoding="utf-8")
    checked = check_course(course)
    assert checked.ok, [d.format() for d in checked.diagnostics]
    html = _report_notes(CommonCartridgeTarget().emit(checked.course).beside)
    assert "every section is called “New section” and carries its module's title as its summary" in html
    assert "selecting every option earns full marks" in html  # basic-en has a multiple-response question
    assert "duplicate url_names" in html and "none (off by default" in html
    assert "Moodle cannot import 1 two-option question(s) asked as true/false (q-two-options)" in html


@pytest.mark.conformance
@pytest.mark.parametrize("name", SHIPPED)
def test_the_shipped_cartridges_pass_the_cc11_schemas_and_profile_rules(name, built, cc_schemas):
    """The converter-friendly layout stays valid for strict QTI engines: XSDs and Schematron rules."""
    manifest_xsd, qti_xsd, qti_rules = cc_schemas
    course, tree, mapped = built[name]
    assert manifest_xsd.validate(etree.ElementTree(etree.fromstring(tree["imsmanifest.xml"]))), manifest_xsd.error_log
    for quiz in mapped:
        document = etree.ElementTree(etree.fromstring(tree[layout.quiz_file(quiz.page.id)]))
        assert qti_xsd.validate(document), (quiz.page.id, qti_xsd.error_log)
        assert qti_rules.validate(document), (quiz.page.id, qti_rules.error_log)
