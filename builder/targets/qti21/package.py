"""The QTI 2.1 content package: one assessmentTest per quiz, the manifest that lists everything.

Each test sums its items' SCORE and MAXSCORE and sets PASS when the percentage reaches the
quiz's pass mark, so assessment systems that run QTI outcome processing grade it as we do.
The manifest is plain IMS CP 1.1 (the QTI 2.1 packaging profile): one resource per item and
per test, each listing its files, tests depending on their items and items on the media they show.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from ...urls import media_url
from .html import NS
from .items import SCHEMA_LOCATION as QTI_LOCATION, XSI

CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
CP_LOCATION = f"{CP} http://www.imsglobal.org/xsd/imscp_v1p1.xsd"
ITEM_TYPE, TEST_TYPE = "imsqti_item_xmlv2p1", "imsqti_test_xmlv2p1"


@dataclass
class Resource:
    identifier: str
    type: str
    href: str | None
    files: list[str]
    dependencies: list[str] = field(default_factory=list)


def _el(parent: etree._Element, tag: str, text: str | None = None, ns: str = NS, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{ns}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def assessment_test(identifier: str, title: str, pass_mark: float, items: list[tuple[str, str]],
                    shuffle: bool) -> bytes:
    """`items`: (item identifier, href relative to the test file), in quiz order."""
    root = etree.Element(f"{{{NS}}}assessmentTest", nsmap={None: NS, "xsi": XSI}, identifier=identifier,
                         title=title)
    root.set(f"{{{XSI}}}schemaLocation", QTI_LOCATION)
    for name, base_type in (("SCORE", "float"), ("MAXSCORE", "float"), ("PASS", "boolean")):
        _el(root, "outcomeDeclaration", identifier=name, cardinality="single", baseType=base_type)
    part = _el(root, "testPart", identifier="part", navigationMode="nonlinear", submissionMode="simultaneous")
    section = _el(part, "assessmentSection", identifier="section", title=title, visible="true")
    if shuffle:
        _el(section, "ordering", shuffle="true")
    for item_id, href in items:
        _el(section, "assessmentItemRef", identifier=item_id, href=media_url(href))
    _outcome_processing(root, pass_mark)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _outcome_processing(root: etree._Element, pass_mark: float) -> None:
    processing = _el(root, "outcomeProcessing")
    for name in ("SCORE", "MAXSCORE"):
        _el(_el(_el(processing, "setOutcomeValue", identifier=name), "sum"), "testVariables",
            variableIdentifier=name)
    passed = _el(_el(processing, "setOutcomeValue", identifier="PASS"), "gte")
    product = _el(passed, "product")
    _el(product, "variable", identifier="SCORE")
    _el(product, "baseValue", "100", baseType="float")
    threshold = _el(passed, "product")
    _el(threshold, "variable", identifier="MAXSCORE")
    _el(threshold, "baseValue", f"{pass_mark:g}", baseType="float")


def manifest(identifier: str, resources: list[Resource]) -> bytes:
    root = etree.Element(f"{{{CP}}}manifest", nsmap={None: CP, "xsi": XSI}, identifier=identifier)
    root.set(f"{{{XSI}}}schemaLocation", CP_LOCATION)
    metadata = _el(root, "metadata", ns=CP)
    _el(metadata, "schema", "QTIv2.1 Package", ns=CP)
    _el(metadata, "schemaversion", "1.0.0", ns=CP)
    _el(root, "organizations", ns=CP)
    listed = _el(root, "resources", ns=CP)
    for resource in resources:
        element = _el(listed, "resource", ns=CP, identifier=resource.identifier, type=resource.type)
        if resource.href:
            element.set("href", media_url(resource.href))
        for path in resource.files:
            _el(element, "file", ns=CP, href=media_url(path))
        for dependency in resource.dependencies:
            _el(element, "dependency", ns=CP, identifierref=dependency)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
