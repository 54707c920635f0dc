"""Every quiz of each shipped course (courses/*) answered rightly through the built web package, by
what a learner sees and clicks, gives 100 %; the final assessment then passes the course. A wrong
attempt at the final shows guidance, never a withheld answer. Every ending of every decision
scenario is reached by playing it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from builder.build import build_course, check_course
from coursepack_quiz.reveals import revealing_id, stated_answers, withholds_after_wrong_attempt
from learner import answer, ending_paths, play, right_answer, submit, wrong_answer

pytestmark = pytest.mark.browser
REPO = Path(__file__).resolve().parents[2]
SHIPPED = sorted(p.name for p in (REPO / "courses").iterdir() if (p / "course.yml").is_file())


@pytest.fixture(scope="module", params=SHIPPED)
def real_course(request, tmp_path_factory):
    source = REPO / "courses" / request.param
    result = build_course(source, ["web"], tmp_path_factory.mktemp(request.param))
    assert result.ok, [d.format() for d in result.diagnostics]
    return check_course(source).course, result.written[0].path / "index.html"


def test_every_quiz_answered_rightly_in_the_player_scores_100(page, real_course):
    course, index = real_course
    page.set_default_timeout(5000)
    page.goto(index.as_uri())
    page.wait_for_function("() => !!(window.Coursepack && Coursepack.current)")
    for quiz_page in course.quizzes():
        page.evaluate("(id) => Coursepack.current.go(id, true)", quiz_page.id)
        assert page.locator("h1").inner_text() == quiz_page.title
        order = page.evaluate("(id) => COURSEPACK_COURSE.pages.find(p => p.id === id).quiz.questions.map(q => q.id)",
                              quiz_page.id)
        shown = [quiz_page.rendered.question(question_id) for question_id in order]
        assert sorted(order) == sorted(q.id for q in quiz_page.quiz.questions)
        for number, question in enumerate(shown, 1):
            answer(page, number, question, right_answer(question))
        submit(page)
        result = page.locator(".cp-result").inner_text()
        graded = page.evaluate("(id) => COURSEPACK_COURSE.pages.find(p => p.id === id).graded", quiz_page.id)
        everything = r"(?<![\d.])100[%٪]" if graded else rf"\b{len(shown)} of {len(shown)} answers correct"
        assert re.search(everything, result), f"{quiz_page.id}: {result}"  # practice quizzes count, not pass


def test_a_wrong_attempt_at_the_final_shows_guidance_but_no_answer(page, real_course):
    """What a learner sees after a failed first attempt (answers withheld until the last one)."""
    course, index = real_course
    final = next(p for p in course.quizzes() if p.quiz.settings.weight > 0)
    assert withholds_after_wrong_attempt(final.quiz.settings)
    page.set_default_timeout(5000)
    page.goto(index.as_uri())
    page.wait_for_function("() => !!(window.Coursepack && Coursepack.current)")
    page.evaluate("(id) => Coursepack.current.go(id, true)", final.id)
    order = page.evaluate("(id) => COURSEPACK_COURSE.pages.find(p => p.id === id).quiz.questions.map(q => q.id)",
                          final.id)
    for number, question_id in enumerate(order, 1):
        answer(page, number, final.rendered.question(question_id), wrong_answer(final.quiz.question(question_id)))
    submit(page)
    assert page.locator(".cp-key").count() == 0  # the answer key itself stays hidden
    for number, question_id in enumerate(order, 1):
        question = final.quiz.question(question_id)
        feedback = page.locator(f".cp-question[data-q='{number}'] .cp-feedback")
        assert feedback.locator(".cp-overall").count() == 1  # guidance is shown, so the check below is real
        # What the player says, not the learner's own answer it repeats ("Your answer: …").
        shown = "\n".join(feedback.locator(":scope > :not(.cp-given)").all_inner_texts())
        assert stated_answers(shown, question) == [], f"{question_id}: {shown}"
        assert revealing_id(question, final.quiz.settings) is None


def test_every_scenario_ending_can_be_reached_in_the_player(page, real_course):
    """Each ending of each scenario of the course, played from the start by what the learner sees,
    shows that ending (its title as the heading, the path taken listed)."""
    course, index = real_course
    scenarios = list(course.scenarios())
    if not scenarios:
        pytest.skip("this course has no decision scenario yet")
    page.set_default_timeout(5000)
    page.goto(index.as_uri())
    page.wait_for_function("() => !!(window.Coursepack && Coursepack.current)")
    played = []
    for scenario in scenarios:
        for ending, path in ending_paths(scenario).items():
            page.evaluate("(id) => Coursepack.current.go(id, true)", scenario.id)
            if page.locator(".cp-ending").count():  # the last play ended here: start again
                page.locator(".cp-ending .cp-retry").click()
            play(page, scenario, path)
            assert page.locator(".cp-ending h2").inner_text() == scenario.node(ending).title, (scenario.id, ending)
            assert page.locator(".cp-path li").count() == len(path)
            played.append((scenario.id, ending))
    assert len(played) == sum(1 for s in scenarios for n in s.nodes if n.ending)
