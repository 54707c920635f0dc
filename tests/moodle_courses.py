"""Courses the Moodle-format tests (gift, moodlexml) read back: two fixtures and both shipped
courses, each checked once into its model; and an HTML fragment's text, found independently of
the builder's own helper."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from lxml import html as lxml_html

from builder.build import check_course
from builder.targets import get

REPO = Path(__file__).resolve().parents[1]
COURSES = {"basic-en": REPO / "tests" / "fixtures" / "courses" / "basic-en",
           "basic-ar": REPO / "tests" / "fixtures" / "courses" / "basic-ar",
           "untoc-intro": REPO / "courses" / "untoc-intro",
           "untoc-intermediate": REPO / "courses" / "untoc-intermediate"}


def course_model(name: str):
    checked = check_course(COURSES[name])
    assert checked.ok, [d.format() for d in checked.diagnostics]
    return checked.course


def plain(fragment: str) -> str:
    """Text of an HTML fragment, written independently of the builder's helper."""
    return " ".join(lxml_html.fragment_fromstring(fragment, create_parent="div").text_content().split())


def with_page(course, page, changed):
    """The course with `page` swapped for `changed` (models are frozen)."""
    modules = tuple(dataclasses.replace(m, pages=tuple(changed if p is page else p for p in m.pages))
                    for m in course.modules)
    return dataclasses.replace(course, modules=modules)


def single_file_report(target: str, course_name: str, package: str) -> tuple[object, dict]:
    """Emit a one-file target for a course: the course and its admin report (JSON), once the
    package is known to be the one file `package`."""
    course = course_model(course_name)
    output = get(target).emit(course)
    assert get(target).package_name(course) == package and list(output.tree) == [package]
    return course, json.loads(output.beside[package.rsplit(".", 1)[0] + ".report.json"])


def assert_same_twice(render, name: str, monkeypatch, tmp_path: Path) -> None:
    """`render(course model)` gives the same result again from another folder and time zone."""
    first = render(course_model(name))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    assert render(course_model(name)) == first
