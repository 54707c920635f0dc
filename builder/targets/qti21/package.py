"""The QTI 2.1 content package: one assessmentTest per quiz, the manifest that lists everything.

Each test sums its items' SCORE and MAXSCORE and sets PASS when the percentage reaches the
quiz's pass mark, so assessment systems that run QTI outcome processing grade it as we do.
The manifest is plain IMS CP 1.1 (the QTI 2.1 packaging profile): one resource per item and
per test, each listing its files, tests depending on their items and items on the media they show.
"""

from __future__ import annotations

import functools

from lxml import etree

from ...urls import media_url
from .._ims import Resource, add_resources, manifest_root
from .._xml import element, prototype, schema_root, serialise, stamp
from .html import NS
from .items import SCHEMA_LOCATION as QTI_LOCATION

CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
CP_LOCATION = f"{CP} http://www.imsglobal.org/xsd/imscp_v1p1.xsd"
ITEM_TYPE, TEST_TYPE = "imsqti_item_xmlv2p1", "imsqti_test_xmlv2p1"


__all__ = ["ITEM_TYPE", "TEST_TYPE", "Resource", "assessment_test", "manifest"]

_el = functools.partial(element, NS)
_cp = functools.partial(element, CP)


def assessment_test(identifier: str, title: str, pass_mark: float, items: list[tuple[str, str]],
                    shuffle: bool) -> bytes:
    """`items`: (item identifier, href relative to the test file), in quiz order."""
    root = stamp(None, _test_skeleton(shuffle, len(items)))
    root.set("identifier", identifier)
    root.set("title", title)
    part, processing = root[-2:]
    section = part[0]
    section.set("title", title)
    for ref, (item_id, href) in zip(section[1 if shuffle else 0:], items):  # after the <ordering>, if any
        ref.set("identifier", item_id)
        ref.set("href", media_url(href))
    processing[-1][0][1][1].text = f"{pass_mark:g}"  # PASS's <gte>, its second <product>, its <baseValue>
    return serialise(root)


@functools.cache  # one per shuffle and number of items
def _test_skeleton(shuffle: bool, count: int) -> etree._Element:
    """The whole test, copied (`stamp`) and filled in: its identifier and title, its item
    references (empty attributes keep their places), the pass mark."""
    root = schema_root(NS, "assessmentTest", QTI_LOCATION, identifier="", title="")
    for declaration in _OUTCOME_DECLARATIONS:
        stamp(root, declaration)
    part = _el(root, "testPart", identifier="part", navigationMode="nonlinear", submissionMode="simultaneous")
    section = _el(part, "assessmentSection", identifier="section", title="", visible="true")
    if shuffle:
        _el(section, "ordering", shuffle="true")
    for _ in range(count):
        _el(section, "assessmentItemRef", identifier="", href="")
    stamp(root, _OUTCOME_PROCESSING)
    return root


# Built once, copied into every test (`stamp`).
def _outcome_declaration(holder: etree._Element, name: str, base_type: str) -> etree._Element:
    return _el(holder, "outcomeDeclaration", identifier=name, cardinality="single", baseType=base_type)


def _outcome_processing(holder: etree._Element) -> etree._Element:
    """SCORE and MAXSCORE sum the items'; PASS when SCORE × 100 ≥ MAXSCORE × the pass mark (set per test)."""
    processing = _el(holder, "outcomeProcessing")
    for name in ("SCORE", "MAXSCORE"):
        _el(_el(_el(processing, "setOutcomeValue", identifier=name), "sum"), "testVariables",
            variableIdentifier=name)
    passed = _el(_el(processing, "setOutcomeValue", identifier="PASS"), "gte")
    product = _el(passed, "product")
    _el(product, "variable", identifier="SCORE")
    _el(product, "baseValue", "100", baseType="float")
    threshold = _el(passed, "product")
    _el(threshold, "variable", identifier="MAXSCORE")
    _el(threshold, "baseValue", baseType="float")
    return processing


_OUTCOME_DECLARATIONS = [prototype(NS, _outcome_declaration, name, base_type)
                         for name, base_type in (("SCORE", "float"), ("MAXSCORE", "float"), ("PASS", "boolean"))]
_OUTCOME_PROCESSING = prototype(NS, _outcome_processing)


def manifest(identifier: str, resources: list[Resource]) -> bytes:
    root = manifest_root(CP, CP_LOCATION, identifier=identifier)
    metadata = _cp(root, "metadata")
    _cp(metadata, "schema", "QTIv2.1 Package")
    _cp(metadata, "schemaversion", "1.0.0")
    _cp(root, "organizations")
    add_resources(root, CP, resources)
    return serialise(root)
