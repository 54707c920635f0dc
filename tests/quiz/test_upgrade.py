"""Stored quiz JSON: version 0 upgrades to the current model; bad versions are refused."""

from __future__ import annotations

import copy

import pytest
from pydantic import ValidationError

from coursepack_quiz.model import FORMAT_VERSION, QuestionType, Quiz
from coursepack_quiz.upgrade import STEPS, load_quiz_json, upgrade_quiz_json

V0 = {
    "id": "old-quiz", "title": "Old", "pass_mark": 70, "attempts": 2, "shuffle": True,
    "questions": [
        {"id": "q1", "kind": "true_false", "prompt": "P",
         "options": [{"id": "true", "text": "True", "correct": True}, {"id": "false", "text": "False"}],
         "feedback": {"correct": "Yes", "incorrect": "No"}},
        {"id": "q2", "kind": "fill_in", "prompt": "F", "answers": ["x"]},
    ],
}


def test_version_0_upgrades_to_the_current_shape():
    upgraded = upgrade_quiz_json(V0)
    assert upgraded["format_version"] == FORMAT_VERSION
    assert upgraded["settings"] == {"pass_mark": 70, "attempts": 2, "shuffle": True}
    assert "pass_mark" not in upgraded
    q1 = upgraded["questions"][0]
    assert q1["type"] == "true-false" and "kind" not in q1 and "options" not in q1
    assert (q1["feedback_correct"], q1["feedback_incorrect"]) == ("Yes", "No")
    assert upgraded["questions"][1]["type"] == "fill-in"


def test_the_input_is_not_modified():
    original = copy.deepcopy(V0)
    upgrade_quiz_json(V0)
    assert V0 == original


def test_load_quiz_json_upgrades_then_validates():
    quiz = load_quiz_json(V0)
    assert isinstance(quiz, Quiz) and quiz.settings.pass_mark == 70
    assert quiz.questions[0].type is QuestionType.TRUE_FALSE and quiz.questions[0].feedback_correct == "Yes"


def test_current_json_round_trips_unchanged():
    quiz = load_quiz_json(V0)
    data = quiz.model_dump(mode="json")
    assert upgrade_quiz_json(data) == data and load_quiz_json(data) == quiz


def test_there_is_a_step_for_every_older_version():
    assert sorted(STEPS) == list(range(FORMAT_VERSION))


@pytest.mark.parametrize("data, message", [
    ([], "quiz JSON must be an object, not list"),
    ({"format_version": FORMAT_VERSION + 1}, "newer than this software"),
    ({"format_version": "1"}, "must be a whole number"),
    ({"format_version": True}, "must be a whole number"),
    ({"format_version": -1}, "must be a whole number"),
])
def test_bad_versions_are_refused(data, message):
    with pytest.raises(ValueError, match=message):
        upgrade_quiz_json(data)


def test_invalid_quiz_is_a_validation_error():
    broken = {**V0, "questions": [{"id": "q", "kind": "essay", "prompt": "P"}]}
    with pytest.raises(ValidationError):
        load_quiz_json(broken)
    with pytest.raises(ValidationError):
        load_quiz_json({**V0, "settings": "nope"})
