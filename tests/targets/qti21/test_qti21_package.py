"""The QTI 2.1 package of both fixture courses: schemas, references, answer keys read back, golden files."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import pytest
from lxml import etree, html as lxml_html

from coursepack_quiz.model import QuestionType

from builder.targets.qti21 import item_file, item_identifier, assessment_test_file

FIXTURES = ("basic-en", "basic-ar")
Q = {"q": "http://www.imsglobal.org/xsd/imsqti_v2p1"}
CP = "{http://www.imsglobal.org/xsd/imscp_v1p1}"
GOLDEN = Path(__file__).resolve().parent / "golden"
INTERACTION = {QuestionType.SINGLE: "choiceInteraction", QuestionType.TRUE_FALSE: "choiceInteraction",
               QuestionType.MULTIPLE: "choiceInteraction", QuestionType.FILL_IN: "textEntryInteraction",
               QuestionType.MATCHING: "matchInteraction", QuestionType.ORDERING: "orderInteraction"}


def text_of(html: str) -> str:
    return " ".join(lxml_html.fragment_fromstring(html, create_parent="div").text_content().split()) if html else ""


def xml_text(element) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


@pytest.mark.conformance
@pytest.mark.parametrize("name", FIXTURES)
def test_every_item_test_and_the_manifest_pass_the_official_schemas(name, qti_packages, qti_schemas):
    qti_xsd, cp_xsd = qti_schemas
    tree = qti_packages[name][1].tree
    manifest = etree.ElementTree(etree.fromstring(tree["imsmanifest.xml"]))
    assert cp_xsd.validate(manifest), cp_xsd.error_log
    documents = [p for p in tree if p.startswith(("items/", "tests/"))]
    assert len(documents) == 7  # six items and one test
    for path in documents:
        tree[path].decode("utf-8")
        assert qti_xsd.validate(etree.ElementTree(etree.fromstring(tree[path]))), (path, qti_xsd.error_log)


@pytest.mark.parametrize("name", FIXTURES)
def test_all_six_types_keep_their_interaction_and_answer_key(name, qti_packages):
    course, output, diagnostics = qti_packages[name]
    assert diagnostics == []  # nothing to map or drop in QTI 2.1
    for page in course.quizzes():
        for q in page.rendered.questions:
            item = etree.fromstring(output.tree[item_file(page.id, q.id)])
            assert item.get("identifier") == item_identifier(page.id, q.id)
            assert item.find(f".//q:{INTERACTION[q.type]}", Q) is not None
            key = [v.text for v in item.iterfind("q:responseDeclaration/q:correctResponse/q:value", Q)]
            assert key == _expected_key(q), q.id
            assert item.findtext("q:outcomeDeclaration[@identifier='MAXSCORE']//q:value", namespaces=Q) == \
                f"{q.points:g}"
            feedback = {f.get("identifier"): xml_text(f) for f in item.iterfind("q:modalFeedback", Q)}
            for choice in q.choices:
                assert feedback.get(f"choice_{choice.id}", "") == text_of(choice.feedback)
            assert feedback.get("correct", "") == text_of(q.feedback_correct)
            assert feedback.get("incorrect", "") == text_of(q.feedback_incorrect)
            if q.type is QuestionType.FILL_IN:
                accepted = [e.get("mapKey") for e in item.iterfind(".//q:mapping/q:mapEntry", Q)]
                assert accepted == list(q.answers)


def _expected_key(q) -> list[str]:
    if q.type is QuestionType.FILL_IN:
        return [q.answers[0]]
    if q.type is QuestionType.MATCHING:
        return [f"P_{p.id} R_{p.id}" for p in q.pairs]
    if q.type is QuestionType.ORDERING:
        return [i.id for i in q.items]
    return [c.id for c in q.choices if c.correct]


@pytest.mark.parametrize("name", FIXTURES)
def test_tests_reference_every_item_and_carry_the_pass_mark(name, qti_packages):
    course, output, _ = qti_packages[name]
    for page in course.quizzes():
        test = etree.fromstring(output.tree[assessment_test_file(page.id)])
        refs = [(r.get("identifier"), r.get("href")) for r in test.iterfind(".//q:assessmentItemRef", Q)]
        assert [i for i, _ in refs] == [item_identifier(page.id, q.id) for q in page.quiz.questions]
        assert all(f"items/{page.id}/" in href for _, href in refs)
        values = [v.text for v in test.iterfind(".//q:setOutcomeValue[@identifier='PASS']//q:baseValue", Q)]
        assert f"{page.pass_mark:g}" in values


@pytest.mark.parametrize("name", FIXTURES)
def test_every_file_is_listed_once_and_exists(name, qti_packages):
    tree = qti_packages[name][1].tree
    manifest = etree.fromstring(tree["imsmanifest.xml"])
    listed = [unquote(f.get("href")) for f in manifest.iter(f"{CP}file")]
    assert sorted(listed) == sorted(set(tree) - {"imsmanifest.xml"})
    identifiers = [r.get("identifier") for r in manifest.iter(f"{CP}resource")]
    assert len(identifiers) == len(set(identifiers))
    for dependency in manifest.iter(f"{CP}dependency"):
        assert dependency.get("identifierref") in identifiers


@pytest.mark.parametrize("name", FIXTURES)
def test_package_matches_the_golden_files(name, qti_packages, update_golden):
    tree = qti_packages[name][1].tree
    folder = GOLDEN / name
    for path in sorted(p for p in tree if p.endswith(".xml")):
        canonical = etree.tostring(etree.fromstring(tree[path]), method="c14n2", strip_text=True)
        actual = etree.tostring(etree.fromstring(canonical, etree.XMLParser(remove_blank_text=True)),
                                pretty_print=True, encoding="UTF-8")
        golden = folder / path
        if update_golden or not golden.exists():
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_bytes(actual)
        assert actual == golden.read_bytes(), f"{path} differs (run pytest --update-golden)"


def test_emitting_twice_gives_identical_bytes(qti_packages):
    from builder.targets.qti21 import Qti21Target

    course, output, _ = qti_packages["basic-ar"]
    assert Qti21Target().emit(course).tree == output.tree


@pytest.mark.parametrize("shuffle", [True, False])
def test_a_test_lists_its_items_in_order_after_the_ordering(shuffle):
    from builder.targets.qti21.package import assessment_test

    test = etree.fromstring(assessment_test("quiz", "Quiz & more", 70, [("q1", "../items/a b.xml"), ("q2", "x.xml")],
                                            shuffle))
    section = test.find(".//{*}assessmentSection")
    tags = [etree.QName(child).localname for child in section]
    assert tags == (["ordering"] if shuffle else []) + ["assessmentItemRef"] * 2
    refs = section.findall("{*}assessmentItemRef")
    assert [(r.get("identifier"), r.get("href")) for r in refs] == [("q1", "../items/a%20b.xml"), ("q2", "x.xml")]
    assert test.get("title") == section.get("title") == "Quiz & more"
