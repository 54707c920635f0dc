"""Fixtures for the QTI 2.1 tests: fixture courses built once, and the official schemas compiled offline."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.build import check_course
from builder.targets.qti21 import Qti21Target

COURSES = Path(__file__).resolve().parents[2] / "fixtures" / "courses"


@pytest.fixture(scope="session")
def qti_packages() -> dict:
    built = {}
    for name in ("basic-en", "basic-ar"):
        checked = check_course(COURSES / name)
        assert checked.ok
        target = Qti21Target()
        built[name] = (checked.course, target.emit(checked.course), target.problems(checked.course))
    return built


@pytest.fixture(scope="session")
def qti_schemas(check_schemas):
    """(QTI 2.1 XSD, IMS CP 1.1.4 XSD) via check_schemas.py, which maps remote imports to the files in place."""
    return check_schemas.build_validator("qti21"), check_schemas.build_validator("imscp")
