"""The model of scenarios and reflections (fixture activities-en): rendered once, links rewritten like lessons."""

from __future__ import annotations

from pathlib import Path

from builder.build import check_course
from builder.model import ReflectionPage, ScenarioPage

COURSE = Path(__file__).resolve().parents[1] / "fixtures" / "courses" / "activities-en"


def course():
    checked = check_course(COURSE, strict=True)
    assert checked.ok, [d.format() for d in checked.diagnostics]
    return checked.course


def test_every_page_kind_is_in_the_model_in_course_order():
    model = course()
    assert [(p.id, p.kind) for p in model.pages()] == [
        ("meeting", "lesson"), ("late-report", "scenario"), ("warm-up", "scenario"),
        ("your-review", "reflection"), ("next-step", "reflection"), ("final-check", "quiz")]
    assert [p.id for p in model.graded_activities()] == ["late-report", "final-check"]
    assert [p.id for p in model.graded_quizzes()] == ["final-check"]
    assert [p.id for p in model.scenarios()] == ["late-report", "warm-up"]
    assert [p.id for p in model.reflections()] == ["your-review", "next-step"]


def test_a_scenario_node_choice_and_consequence_are_rendered_html_with_course_links():
    page = course().page("late-report")
    assert isinstance(page, ScenarioPage)
    assert page.start.id == "start" and page.weight == 1 and page.pass_mark == 60
    assert 'href="coursepack:lesson/meeting"' in page.start.html
    first = page.start.choices[0]
    assert (first.id, first.next, first.html) == ("call-team", "meeting", "Call the team together now")
    assert first.consequence_html == "<p>Everyone joins, a little reluctantly.</p>"
    assign = page.node("meeting").choices[0]
    assert assign.consequence_html == "<p>Two people volunteer.</p>\n<p>Each finding now has a date.</p>"
    endings = [(n.id, n.score) for n in page.nodes if n.ending]
    assert endings == [("owned", 100.0), ("incomplete", 20.0)]
    assert "<strong>no owner</strong>" in page.node("incomplete").html
    assert page.source_path == "02-decide/01-late-report.md" and page.node("owned").line == 48


def test_a_practice_scenario_takes_the_course_pass_mark_and_is_not_graded():
    page = course().page("warm-up")
    assert page.weight == 0 and page.pass_mark == 70 and not page.scored


def test_reflections_carry_their_parts_settings_and_downloads():
    model = course()
    review, step = model.page("your-review"), model.page("next-step")
    assert isinstance(review, ReflectionPage)
    assert review.prompt_html.startswith("<p>Think of the last review meeting")
    assert review.questions_heading == "Questions to guide you" and len(review.questions_html) == 3
    assert review.model_heading == "One possible answer" and "<em>action log</em>" in review.model_answer_html
    assert (review.save, review.max_chars) == ("device", 1500)
    assert [(d.path, d.title) for d in review.downloads] == [("media/review-checklist.pdf", "Review checklist")]
    assert (step.save, step.max_chars, step.questions_html) == ("lms", 300, ())
    assert "media/review-checklist.pdf" in {m.path for m in model.media}
