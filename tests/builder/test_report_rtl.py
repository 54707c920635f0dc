"""The admin report is English for the LMS admin; right-to-left course text inside it is isolated."""

from __future__ import annotations

from builder.report import AdminReport


def _html(report: AdminReport) -> str:
    return report.files("c-ar-scorm12.zip")["c-ar-scorm12.report.html"].decode("utf-8")


def test_an_arabic_title_inside_an_english_heading_is_isolated():
    html = _html(AdminReport("مشاركة الملفات بأمان: SCORM 1.2 package", "مقرر <b>قصير</b>",
                             [("Course", "مشاركة الملفات (translated, language ar)")], ["note"], ["step"]))
    assert '<h1><bdi dir="rtl">مشاركة الملفات بأمان</bdi>: SCORM 1.2 package</h1>' in html
    assert '<td><bdi dir="rtl">مشاركة الملفات</bdi> (translated, language ar)</td>' in html
    assert "<title>\u2067مشاركة الملفات بأمان\u2069: SCORM 1.2 package</title>" in html
    assert "&lt;b&gt;" in html and "<b>" not in html  # still escaped


def test_latin_only_reports_are_unchanged():
    html = _html(AdminReport("Course: SCORM 1.2 package", "Summary", [("Course", "Course (c, language en)")]))
    assert "<bdi" not in html and "\u2067" not in html
