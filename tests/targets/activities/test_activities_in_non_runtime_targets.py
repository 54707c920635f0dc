"""Scenarios and reflections in the targets without a learner runtime (fixture activities-en):
`json` exposes every page's kind and content; `review` shows every branch of a scenario and each
reflection's guiding questions and model answer; `qti21`, `gift` and `moodlexml` leave both kinds
out and say so in their admin reports, their JSON and the build summary."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from builder.build import check_course
from builder.targets import get

COURSES = Path(__file__).resolve().parents[2] / "fixtures" / "courses"


@pytest.fixture(scope="module")
def course():
    checked = check_course(COURSES / "activities-en")
    assert checked.ok
    return checked.course


def text_of(markup: bytes) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup.decode())))


def test_json_exposes_every_kind_and_the_content_of_scenarios_and_reflections(course):
    (data,) = get("json").emit(course).tree.values()
    pages = [p for m in json.loads(data)["modules"] for p in m["pages"]]
    assert [p["kind"] for p in pages] == ["lesson", "scenario", "scenario", "reflection", "reflection", "quiz"]
    scenario = pages[1]
    assert (scenario["start"], scenario["weight"], scenario["pass_mark"]) == ("start", 1, 60)
    assert [n["id"] for n in scenario["nodes"]] == ["start", "meeting", "alone", "delay", "owned", "incomplete"]
    assert scenario["nodes"][0]["choices"][0] == {
        "id": "call-team", "html": "Call the team together now", "next": "meeting", "line": 15,
        "consequence_html": "<p>Everyone joins, a little reluctantly.</p>"}
    assert [(n["ending"], n["score"]) for n in scenario["nodes"][-2:]] == [(True, 100.0), (True, 20.0)]
    reflection = pages[3]
    assert reflection["save"] == "device" and reflection["max_chars"] == 1500
    assert reflection["questions_heading"] == "Questions to guide you" and len(reflection["questions_html"]) == 3
    assert reflection["downloads"] == [{"path": "media/review-checklist.pdf", "title": "Review checklist",
                                        "size": 590}]
    assert "action log" in reflection["model_answer_html"]


def test_review_shows_every_node_choice_consequence_next_node_and_ending_score(course):
    tree = get("review").emit(course).tree
    page = tree["pages/late-report.html"].decode()
    shown = text_of(tree["pages/late-report.html"])
    for node in course.page("late-report").nodes:
        assert f'id="late-report--{node.id}"' in page
        assert f"02-decide/01-late-report.md:{node.line} · #{node.id}" in shown
        for choice in node.choices:
            assert f'data-choice="{choice.id}"' in page
            assert f'href="#late-report--{choice.next}"' in page
            assert text_of(choice.consequence_html.encode()).strip() in shown
            assert f"02-decide/01-late-report.md:{choice.line}" in shown
    assert "#owned · ending, score 100.0" in shown and "#incomplete · ending, score 20.0" in shown
    assert "Weight 1.0 Pass mark 60.0 %" in shown
    assert "#focused · ending, not scored" in text_of(tree["pages/warm-up.html"])
    # the print edition has every branch too, with anchors unique across the course
    printed = tree["print.html"].decode()
    assert printed.count('data-choice="') == sum(len(n.choices) for s in course.scenarios() for n in s.nodes)


def test_review_shows_guiding_questions_model_answer_and_where_the_text_is_kept(course):
    tree = get("review").emit(course).tree
    shown = text_of(tree["pages/your-review.html"])
    for question in ("Who owned each finding when the meeting ended?", "Was there a date for each action?",
                     "What stopped the team from deciding?"):
        assert question in shown
    assert "One possible answer Model answer, shown to the learner after they write:" in shown
    assert "write both in the action log" in shown
    assert "on the learner's device only" in shown and "Review checklist media/review-checklist.pdf" in shown
    assert "on the device and in the LMS (SCORM state)" in text_of(tree["pages/next-step.html"])
    index = text_of(tree["index.html"])
    assert "The late report (scenario)" in index and "Your next step (reflection)" in index


@pytest.mark.parametrize("target", ["qti21", "gift", "moodlexml"])
def test_question_banks_say_what_they_leave_out_and_why(course, target):
    output = get(target).emit(course)
    report = json.loads(next(data for name, data in output.beside.items() if name.endswith(".report.json")))
    assert report["left_out"] == {"scenarios": ["late-report", "warm-up"], "reflections": ["your-review", "next-step"]}
    notes = " ".join(report["notes"])
    assert "2 decision scenario(s) are not in this file: late-report (02-decide/01-late-report.md:11), warm-up " \
           "(02-decide/02-warm-up.md:6)" in notes
    assert "1 of them count towards the course score there" in notes
    assert "2 reflection(s) are not in this file" in notes and "never graded" in notes
    html_report = next(data for name, data in output.beside.items() if name.endswith(".report.html")).decode()
    assert "2 decision scenario(s) are not in this file" in html_report
    assert output.summary["scenarios left out"] == "2" and output.summary["reflections left out"] == "2"


@pytest.mark.parametrize("target", ["qti21", "gift", "moodlexml"])
def test_question_banks_of_a_course_without_activities_say_nothing_of_them(target):
    checked = check_course(COURSES / "basic-en")
    output = get(target).emit(checked.course)
    report = json.loads(next(data for name, data in output.beside.items() if name.endswith(".report.json")))
    assert report["left_out"] == {"scenarios": [], "reflections": []}
    notes = " ".join(report["notes"])
    assert "decision scenario(s)" not in notes and "reflection(s)" not in notes
    assert "scenarios left out" not in output.summary
