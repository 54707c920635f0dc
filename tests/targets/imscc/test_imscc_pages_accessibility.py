"""Cartridge lesson pages are read inside an LMS page without our player: every one of them, in
English and Arabic, has no serious or critical axe-core violations."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from builder.build import build_course

COURSE_FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "courses"

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("course", ["basic-en", "basic-ar"])
def test_lesson_pages_are_accessible(tmp_path, page, axe_audit, course):
    result = build_course(COURSE_FIXTURES / course, ["imscc"], tmp_path)
    assert result.ok, [d.format() for d in result.diagnostics]
    site = tmp_path / "cartridge"
    with zipfile.ZipFile(result.written[0].path) as archive:
        archive.extractall(site)
    lessons = sorted(site.glob("web_resources/lessons/*.html"))
    assert lessons, "the cartridge has no lesson pages"
    problems = {}
    for lesson in lessons:
        page.goto(lesson.as_uri())
        found = axe_audit(page)
        if found:
            problems[lesson.name] = found
    assert problems == {}
