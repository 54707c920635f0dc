"""The preview serves scenarios and reflections: in its state, in the reviewer edition (every
branch, the model answer) and in the learner packages, or, for a target that does not build
them yet, a clear "not implemented" naming the pages, never a crash."""

from __future__ import annotations

import json
import urllib.request
from urllib.error import HTTPError

import pytest

from builder.preview import Preview
from builder.targets import available


@pytest.fixture
def activities(course_copy):
    running = Preview(course_copy("activities-en"), port=0).start()
    yield running
    running.stop()


def fetch(preview, path: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(preview.url + path, timeout=20) as response:
            return response.status, response.read()
    except HTTPError as error:
        return error.code, error.read()


def test_the_state_lists_every_page_kind(activities):
    status, body = fetch(activities, "__preview/state")
    assert status == 200
    kinds = [(p["id"], p["kind"]) for p in json.loads(body)["course"]["pages"]]
    assert ("late-report", "scenario") in kinds and ("next-step", "reflection") in kinds


def test_the_reviewer_edition_shows_every_branch_and_the_model_answer(activities):
    status, page = fetch(activities, "build/review/pages/late-report.html")
    assert status == 200
    for node in ("start", "meeting", "alone", "delay", "owned", "incomplete"):
        assert f'data-node="{node}"'.encode() in page
    status, page = fetch(activities, "build/review/pages/your-review.html")
    assert status == 200 and b"rv-model-answer" in page and b"Who owned each finding" in page


@pytest.mark.parametrize("target", ["web", "scorm12", "scorm2004"])
def test_the_learner_packages_play_them_or_say_why_not(activities, target):
    status, body = fetch(activities, f"build/{target}/runtime/course.js")
    if {"scenario", "reflection"} <= available()[target].page_kinds:
        assert status == 200 and b'"kind":"scenario"' in body and b'"kind":"reflection"' in body
        assert b'"call-team"' in body  # a choice of the scenario, for the player
    else:
        assert status == 501
        assert f"the {target} target cannot build scenario pages yet".encode() in body
        assert b"02-decide/01-late-report.md" in body
