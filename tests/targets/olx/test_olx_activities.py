"""Scenarios and reflections in the OLX archive: a unit whose html component frames the activity's
standalone page, kept in static/ with the course's files, and an admin report that says Open edX
does not track them."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from lxml import etree

from builder.build import check_course
from builder.targets.olx import OlxTarget

COURSES = Path(__file__).resolve().parents[2] / "fixtures" / "courses"


@pytest.fixture(scope="module", params=["activities-en", "activities-ar"])
def archive(request):
    course = check_course(COURSES / request.param).course
    target = OlxTarget()
    assert not target.problems(course)
    return course, target.emit(course)


def test_each_activity_is_a_framed_standalone_page(archive):
    course, output = archive
    tree = output.tree
    activities = [p for p in course.pages() if p.kind in ("scenario", "reflection")]
    assert activities
    for page in activities:
        vertical = etree.fromstring(tree[f"course/vertical/{page.id}.xml"])
        (pointer,) = vertical.iter("html")
        frame = tree[f"course/html/{pointer.get('url_name')}.html"].decode()
        static = f"coursepack-activity-{page.id}.html"
        assert f'<iframe src="/static/{static}" title="{html.escape(page.title, quote=True)}"' in frame
        text = tree[f"course/static/{static}"].decode()
        assert "Coursepack.activity.standalone(" in text
        for download in getattr(page, "downloads", ()):  # named as a neighbour asset, resolved in the browser
            name = download.path.removeprefix("media/").replace("/", "_")
            assert f"coursepack-asset:{name}" in text and f"course/static/{name}" in tree


def test_the_admin_report_says_open_edx_does_not_track_them(archive):
    _, output = archive
    text = "".join(data.decode("utf-8", "replace") for data in output.beside.values())
    assert "does not track them" in text and "never reaches the LMS" in text
