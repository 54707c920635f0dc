"""The cartridges of both fixture courses against the CC 1.1 XSDs, the QTI profile's Schematron rules,
and the packaging rules the schemas cannot express (CHECKLIST.md sections 1 and 5)."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from lxml import etree

from builder.targets.imscc import layout

FIXTURES = ("basic-en", "basic-ar")

CP = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"
QTI_FILES = ("assessments/", "question_bank/")


def _parse(data: bytes) -> etree._ElementTree:
    data.decode("utf-8")  # strict: well-formed UTF-8, not just something lxml can guess
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    return etree.ElementTree(etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True)))


@pytest.mark.conformance
@pytest.mark.parametrize("name", FIXTURES)
def test_manifest_and_every_qti_file_pass_the_cc11_schemas(name, cartridges, banked_cartridges, cc_schemas):
    manifest_xsd, qti_xsd, qti_rules = cc_schemas
    for built, count in ((cartridges[name], 1), (banked_cartridges[name], 2)):  # the quiz, and the bank when asked
        tree = built.tree
        manifest = _parse(tree["imsmanifest.xml"])
        assert manifest_xsd.validate(manifest), manifest_xsd.error_log
        qti_files = [path for path in tree if path.startswith(QTI_FILES)]
        assert len(qti_files) == count
        for path in qti_files:
            document = _parse(tree[path])
            assert qti_xsd.validate(document), (path, qti_xsd.error_log)
            assert qti_rules.validate(document), (path, qti_rules.error_log)


@pytest.mark.conformance
def test_the_schematron_rules_do_catch_a_broken_item(cartridges, cc_schemas):
    """The rules are live: a multiple-choice item with two labels breaks rule 4d."""
    _, _, qti_rules = cc_schemas
    document = _parse(cartridges["basic-en"].tree[layout.quiz_file("practice-quiz")])
    labels = document.xpath("//q:item[.//q:fieldentry='cc.multiple_choice.v0p1'][1]//q:response_label",
                            namespaces={"q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"})
    labels[0].getparent().remove(labels[0])
    assert not qti_rules.validate(document)
    assert "RULE 4d" in str(qti_rules.error_log)


@pytest.mark.parametrize("name", FIXTURES)
def test_every_file_is_listed_and_every_listed_file_exists(name, cartridges):
    tree = cartridges[name].tree
    manifest = _parse(tree["imsmanifest.xml"]).getroot()
    listed = [unquote(f.get("href")) for f in manifest.iter(f"{CP}file")]
    assert len(listed) == len(set(listed)), "a file is listed twice"
    assert set(listed) == set(tree) - {"imsmanifest.xml"}
    for resource in manifest.iter(f"{CP}resource"):
        if resource.get("href"):
            assert resource.get("href") in [f.get("href") for f in resource.iter(f"{CP}file")]


@pytest.mark.parametrize("name", FIXTURES)
def test_identifiers_are_unique_and_references_resolve(name, cartridges):
    manifest = _parse(cartridges[name].tree["imsmanifest.xml"]).getroot()
    identifiers = [el.get("identifier") for el in manifest.iter() if el.get("identifier")]
    assert len(identifiers) == len(set(identifiers))
    resources = {r.get("identifier"): r for r in manifest.iter(f"{CP}resource")}
    for element in manifest.iter(f"{CP}item", f"{CP}dependency"):
        if element.get("identifierref"):
            assert element.get("identifierref") in resources
    # Items reference learning objects only, never the question bank (CC rule 8a), and a
    # referencing item has no child items (8b).
    for item in manifest.iter(f"{CP}item"):
        ref = item.get("identifierref")
        if ref:
            assert "question-bank" not in resources[ref].get("type")
            assert item.find(f"{CP}item") is None


@pytest.mark.parametrize("name", FIXTURES)
def test_qti_item_identifiers_are_stable_ids_and_unique(name, banked_cartridges):
    built = banked_cartridges[name]
    idents = [item.get("ident") for path, data in built.tree.items() if path.startswith(QTI_FILES)
              for item in _parse(data).iter("{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}item")]
    assert len(idents) == len(set(idents))
    expected = {layout.item_ident(quiz.id, q.id) for quiz in built.course.quizzes() for q in quiz.quiz.questions}
    expected |= {layout.bank_item_ident(quiz.id, q.id) for quiz in built.course.quizzes() for q in quiz.quiz.questions}
    assert set(idents) == expected


@pytest.mark.parametrize("name", FIXTURES)
def test_organization_mirrors_modules_and_pages(name, cartridges):
    built = cartridges[name]
    manifest = _parse(built.tree["imsmanifest.xml"]).getroot()
    root_item = manifest.find(f"{CP}organizations/{CP}organization/{CP}item")
    assert root_item.find(f"{CP}title") is None  # the CC root item has no title
    modules = [i for i in root_item.findall(f"{CP}item") if i.get("identifier").startswith("m.")]
    assert [m.findtext(f"{CP}title") for m in modules] == [m.title for m in built.course.modules]
    for element, module in zip(modules, built.course.modules):
        pages = element.findall(f"{CP}item")
        assert [p.findtext(f"{CP}title") for p in pages] == [p.title for p in module.pages]
        assert [p.get("identifierref") for p in pages] == [layout.page_resource(p.id) for p in module.pages]
    title = manifest.find(f"{CP}metadata/{{http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest}}lom//*[@language]")
    assert title.text == built.course.title
