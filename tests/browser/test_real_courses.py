"""Every quiz of the two UNTOC courses answered rightly through the built web package, by what a
learner sees and clicks, gives 100 %; the final assessment then passes the course."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from builder.build import build_course, check_course
from learner import answer, right_answer

pytestmark = pytest.mark.browser
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module", params=["untoc-intro", "untoc-intermediate"])
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
        page.locator(".cp-submit").click()
        result = page.locator(".cp-result").inner_text()
        assert re.search(r"(?<![\d.])100[%٪]", result), f"{quiz_page.id}: {result}"
