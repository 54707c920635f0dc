"""Fixtures for the Common Cartridge tests: fixture courses built once, the CC 1.1 schemas, variants."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree, isoschematron

from imscc_helpers import COURSES, Built, build

FIXTURES = ("basic-en", "basic-ar")
SCH = "http://purl.oclc.org/dsdl/schematron"


@pytest.fixture(scope="session")
def cartridges() -> dict[str, Built]:
    return {name: build(COURSES / name) for name in FIXTURES}


@pytest.fixture(scope="session")
def banked_cartridges() -> dict[str, Built]:
    """The same cartridges with the optional question bank switched on."""
    return {name: build(COURSES / name, question_bank=True) for name in FIXTURES}


@pytest.fixture(scope="session")
def cc_schemas(standards_dir: Path, check_schemas):
    """(manifest XSD, QTI-profile XSD, QTI-profile Schematron), compiled offline from the files in place."""
    return check_schemas.build_validator("cc11"), check_schemas.build_validator("cc11-qti"), _embedded_schematron(
        standards_dir / "cc11" / "ccv1p1_qtiasiv1p2p1_v1p0.xsd")


def _embedded_schematron(xsd: Path) -> isoschematron.Schematron:
    """The profile's Schematron rules live in the XSD's appinfo; lift them into a schema in memory.

    They are written in an older dialect (named patterns), so the schema-of-schemas check is skipped.
    """
    appinfo = etree.parse(str(xsd)).find(".//{http://www.w3.org/2001/XMLSchema}appinfo")
    schema = etree.Element(f"{{{SCH}}}schema", nsmap={"sch": SCH})
    parts = [child for child in appinfo if isinstance(child.tag, str) and child.tag.startswith(f"{{{SCH}}}")]
    parts.sort(key=lambda el: {"title": 0, "ns": 1}.get(etree.QName(el).localname, 2))  # ISO order
    for part in parts:
        schema.append(part.__copy__())
    return isoschematron.Schematron(schema, validate_schema=False, store_report=True)
