"""Every QTI 2.1 item scores what our grader scores, run as a template-only engine would (the standard
template it names) and as a full engine would (its own rules, which also set the feedback)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from coursepack_quiz.grading import feedback_keys, grade_question
from coursepack_quiz.model import QuestionType

from builder.build import check_course
from builder.targets.qti21 import Qti21Target, item_file, item_identifier
from builder.targets.qti21.items import ncname, premise_id, processing_kind, response_id
from qti_rp import Item

REPO = Path(__file__).resolve().parents[3]
COURSES = {"untoc-intro": REPO / "courses" / "untoc-intro", "untoc-intermediate": REPO / "courses" / "untoc-intermediate",
           "basic-en": REPO / "tests" / "fixtures" / "courses" / "basic-en",
           "basic-ar": REPO / "tests" / "fixtures" / "courses" / "basic-ar"}


def responses(q) -> list:
    """Right, wrong and missing answers in our grader's shapes."""
    if q.type in (QuestionType.SINGLE, QuestionType.TRUE_FALSE):
        return [c.id for c in q.choices] + [None]
    if q.type is QuestionType.MULTIPLE:
        right = [c.id for c in q.choices if c.correct]
        wrong = [c.id for c in q.choices if not c.correct]
        return [right, right + wrong[:1], right[1:], [c.id for c in q.choices], wrong, None]
    if q.type is QuestionType.FILL_IN:
        return [*q.answers, *(a.upper() for a in q.answers), "not an answer", None]
    if q.type is QuestionType.MATCHING:
        right = {p.id: p.id for p in q.pairs}
        ids = [p.id for p in q.pairs]
        return [right, dict(zip(ids, ids[1:] + ids[:1])), None]
    ids = [i.id for i in q.items]
    return [ids, ids[::-1], None]


def to_qti(q, response):
    """Our response shape → the QTI RESPONSE value."""
    if response is None:
        return None
    if q.type in (QuestionType.SINGLE, QuestionType.TRUE_FALSE):
        return ncname(response)
    if q.type is QuestionType.MULTIPLE:
        return frozenset(ncname(r) for r in response)
    if q.type is QuestionType.MATCHING:
        return frozenset(f"{premise_id(p)} {response_id(r)}" for p, r in response.items())
    if q.type is QuestionType.ORDERING:
        return tuple(ncname(i) for i in response)
    return response


def expected_feedback(q, response) -> frozenset:
    result = grade_question(q, response)
    keys = {k.replace("choice:", "choice_") for k in feedback_keys(q, response, result.correct)}
    return frozenset(keys | ({"hint"} if q.hints and not result.correct else set()))


@pytest.mark.parametrize("name", list(COURSES))
def test_template_and_rules_score_every_answer_as_our_grader(name):
    checked = check_course(COURSES[name])
    assert checked.ok
    tree = Qti21Target().emit(checked.course).tree
    runs = 0
    for page in checked.course.quizzes():
        for q in page.rendered.questions:
            item = Item(tree[item_file(page.id, q.id)])
            assert (item.template is not None) == (processing_kind(q) != "rules")
            for response in responses(q):
                points = grade_question(q, response).points
                given = to_qti(q, response)
                if item.template:
                    assert item.run_template(given)["SCORE"] == points, (q.id, response)
                if item.has_rules:
                    outcomes = item.run_rules(given)
                    assert outcomes["SCORE"] == points, (q.id, response)
                    assert outcomes["FEEDBACK"] == expected_feedback(q, response), (q.id, response)
                runs += 1
    assert runs > 0


def test_an_item_no_template_can_score_is_named_in_the_admin_report(course_copy):
    """A two-point multiple-response question: all-or-nothing at 2 points has no standard template."""
    course = course_copy("basic-en")
    quiz = course / "02-practice/02-quiz.md"
    text = quiz.read_text(encoding="utf-8")
    assert "{#q-alt}" in text
    quiz.write_text(text.replace("{#q-alt}", "{#q-alt points=2}"), encoding="utf-8")
    checked = check_course(course)
    assert checked.ok
    output = Qti21Target().emit(checked.course)
    q = next(q for p in checked.course.quizzes() for q in p.rendered.questions if q.id == "q-alt")
    assert processing_kind(q) == "rules"
    item = Item(output.tree[item_file("practice-quiz", "q-alt")])
    assert item.template is None
    assert item.run_rules(to_qti(q, [c.id for c in q.choices if c.correct]))["SCORE"] == 2.0
    report = json.loads(next(v for k, v in output.beside.items() if k.endswith(".report.json")))
    assert report["facts"]["Need a full QTI engine to be scored (own response rules only)"] == "1"
    identifier = item_identifier("practice-quiz", "q-alt")
    assert any(identifier in note and "full QTI 2.1 engine" in note for note in report["notes"])
    assert report["quizzes"][0]["response_processing"][identifier] == "rules"


@pytest.mark.conformance
@pytest.mark.parametrize("name", ["untoc-intro", "untoc-intermediate"])
def test_the_shipped_packages_pass_the_qti21_schema(name, qti_schemas):
    qti_xsd, cp_xsd = qti_schemas
    checked = check_course(COURSES[name])
    tree = Qti21Target().emit(checked.course).tree
    assert cp_xsd.validate(etree.ElementTree(etree.fromstring(tree["imsmanifest.xml"]))), cp_xsd.error_log
    documents = [p for p in tree if p.startswith(("items/", "tests/"))]
    quizzes = list(checked.course.quizzes())
    assert len(documents) == sum(len(q.quiz.questions) for q in quizzes) + len(quizzes)  # every item, one test per quiz
    for path in documents:
        assert qti_xsd.validate(etree.ElementTree(etree.fromstring(tree[path]))), (path, qti_xsd.error_log)
