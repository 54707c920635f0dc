"""The shipped courses give no answer away before their `show_answers` policy does: no feedback
shown after a wrong attempt states a withheld answer, and no question ID spells its answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.build import check_course
from coursepack_quiz.reveals import revealing_feedback, revealing_id, withholds_after_wrong_attempt

COURSES = Path(__file__).resolve().parents[2] / "courses"


@pytest.fixture(scope="module", params=["untoc-intro", "untoc-intermediate"])
def checked(request):
    return check_course(COURSES / request.param)  # not strict: warnings are what these tests look at


def _quizzes(checked):
    return [page.quiz for module in checked.course.modules for page in module.pages if page.kind == "quiz"]


def test_the_graded_final_withholds_answers_so_the_rule_applies(checked):
    finals = [quiz for quiz in _quizzes(checked) if quiz.settings.weight > 0]
    assert finals and all(withholds_after_wrong_attempt(quiz.settings) for quiz in finals)


def test_no_reveal_diagnostics(checked):
    assert [d.format() for d in checked.diagnostics if d.code in ("quiz.feedback-reveals", "quiz.id-reveals")] == []


def test_no_question_gives_its_answer_away(checked):
    leaks = [(quiz.id, q.id, leak) for quiz in _quizzes(checked) for q in quiz.questions
             for leak in [*revealing_feedback(q, quiz.settings), revealing_id(q, quiz.settings)] if leak]
    assert leaks == []
