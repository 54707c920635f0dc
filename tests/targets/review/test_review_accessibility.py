"""Reviewers read the edition in a browser too: no serious or critical axe-core violations on a
quiz page, a lesson page and the one-page print edition, in English and Arabic."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from builder.build import build_course

COURSE_FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "courses"

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("course, pages", [
    ("basic-en", ["pages/first-lesson.html", "pages/practice-quiz.html", "print.html", "index.html"]),
    ("basic-ar", ["pages/adoption.html", "pages/ar-quiz.html", "print.html"]),
    ("activities-en", ["pages/late-report.html", "pages/your-review.html", "print.html"]),
    ("activities-ar", ["pages/late-report.html", "pages/your-review.html", "print.html"]),
])
def test_review_edition_is_accessible(tmp_path, page, axe_audit, course, pages):
    result = build_course(COURSE_FIXTURES / course, ["review"], tmp_path)
    assert result.ok, [d.format() for d in result.diagnostics]
    site = tmp_path / "site"
    with zipfile.ZipFile(result.written[0].path) as archive:
        archive.extractall(site)
    problems = {}
    for path in pages:
        page.goto((site / path).as_uri())
        found = axe_audit(page)
        if found:
            problems[path] = found
    assert problems == {}
