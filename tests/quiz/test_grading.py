"""The grading cases in grading_cases.json are the expectations; the JS grader runs the same file."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from coursepack_quiz.grading import MAX_TEXT, QuizResult, grade, normalise, validate_responses
from coursepack_quiz.model import Quiz

CASES = json.loads(resources.files("coursepack_quiz").joinpath("grading_cases.json").read_text("utf-8"))["cases"]


def test_the_case_table_is_large_and_covers_every_question_type():
    assert len(CASES) >= 40
    types = {q["type"] for case in CASES for q in case["quiz"]["questions"]}
    assert types == {"single", "multiple", "true-false", "fill-in", "matching", "ordering"}
    assert len({case["name"] for case in CASES}) == len(CASES), "case names must be unique"


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_grading_case(case):
    quiz = Quiz.model_validate(case["quiz"])
    result = grade(quiz, case["responses"], pass_mark=case.get("pass_mark"))
    assert result.to_dict() == case["expected"]


def test_result_is_frozen_and_keeps_per_question_max_points():
    quiz = Quiz.model_validate(next(c for c in CASES if c["quiz"]["id"] == "weighted-quiz")["quiz"])
    result = grade(quiz, {"q1": "a"})
    assert isinstance(result, QuizResult)
    assert [q.max_points for q in result.questions] == [2, 1, 1]
    assert result.question("q1").correct and result.question("nope") is None
    assert result.pass_mark == 75
    with pytest.raises(AttributeError):
        result.score = 10  # type: ignore[misc]


def test_grade_treats_a_non_mapping_as_no_answers():
    quiz = Quiz.model_validate(CASES[0]["quiz"])
    assert grade(quiz, ["b"]).score == 0  # type: ignore[arg-type]


def test_normalise_states_exactly_what_is_ignored():
    assert normalise("  Gene\u0300ve \u2003 ville ") == "genève ville"
    assert normalise("Straße") == "strasse"
    assert normalise("PH", case_sensitive=True) == "PH"
    assert normalise("résumé") != normalise("resume")


# --- validate_responses --------------------------------------------------------------------------

@pytest.fixture()
def quiz() -> Quiz:
    return Quiz.model_validate({"id": "v", "title": "V", "questions": [
        {"id": "s", "type": "single", "prompt": "p", "choices": [{"id": "a", "text": "A", "correct": True}, {"id": "b", "text": "B"}]},
        {"id": "m", "type": "multiple", "prompt": "p", "choices": [{"id": "a", "text": "A", "correct": True}, {"id": "b", "text": "B"}]},
        {"id": "f", "type": "fill-in", "prompt": "p", "answers": ["x"]},
        {"id": "t", "type": "matching", "prompt": "p", "pairs": [{"id": "p1", "left": "l", "right": "r"}, {"id": "p2", "left": "l2", "right": "r2"}],
         "distractors": [{"id": "d1", "text": "d"}]},
        {"id": "o", "type": "ordering", "prompt": "p", "items": [{"id": "i1", "text": "1"}, {"id": "i2", "text": "2"}]},
    ]})


def test_valid_payload_comes_back_cleaned(quiz):
    payload = {"s": "a", "m": ["b", "a"], "f": "x", "t": {"p1": "d1", "p2": "d1"}, "o": ["i2", "i1"]}
    cleaned, errors = validate_responses(quiz, payload)
    assert errors == []
    assert cleaned == payload


def test_null_means_unanswered_and_is_dropped(quiz):
    assert validate_responses(quiz, {"s": None}) == ({}, [])


@pytest.mark.parametrize("payload, message", [
    ([], "responses must be an object, not list"),
    ("x", "responses must be an object, not str"),
    ({"zz": "a"}, "unknown question 'zz'"),
    ({1: "a"}, "unknown question '1'"),
    ({"s": "c"}, "question \"s\": the answer 'c' is not one of a, b"),
    ({"s": 3}, "question \"s\": the answer must be a string, not int"),
    ({"m": "a"}, "question \"m\": the answer must be a list, not str"),
    ({"m": ["a", "a"]}, "question \"m\": the answer lists 'a' twice"),
    ({"m": ["a", "b", "a"]}, "question \"m\": the answer has 3 entries; at most 2 are possible"),
    ({"m": ["a", "zz"]}, "question \"m\": an option 'zz' is not one of a, b"),
    ({"f": ["x"]}, "question \"f\": the answer must be a string, not list"),
    ({"f": "x" * (MAX_TEXT + 1)}, f"question \"f\": the answer is longer than {MAX_TEXT} characters"),
    ({"t": ["p1"]}, "question \"t\": the answer must be an object, not list"),
    ({"t": {"p9": "p1"}}, "question \"t\": premise 'p9' is not one of p1, p2"),
    ({"t": {"p1": "r9"}}, "question \"t\": response 'r9' is not one of p1, p2, d1"),
    ({"t": {"p1": 5}}, "question \"t\": response must be a string, not int"),
    ({"o": ["i1"]}, "question \"o\": the answer must list all 2 items once each"),
    ({"o": ["i1", "i1"]}, "question \"o\": the answer lists 'i1' twice"),
    ({"o": ["i1", "x" * 2000]}, f"question \"o\": item is longer than {MAX_TEXT} characters"),
])
def test_invalid_payloads_give_one_clear_message(quiz, payload, message):
    cleaned, errors = validate_responses(quiz, payload)
    assert errors == [message]
    assert cleaned == {}


def test_long_unknown_values_are_shortened_in_messages(quiz):
    _, errors = validate_responses(quiz, {"s": "z" * 500})
    assert len(errors[0]) < 120 and "…" in errors[0]


def test_good_entries_survive_next_to_bad_ones(quiz):
    cleaned, errors = validate_responses(quiz, {"s": "a", "m": 7, "nope": 1})
    assert cleaned == {"s": "a"}
    assert len(errors) == 2
