"""Attempts, answer reveal, the seeded shuffle and the answer-free public quiz."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zlib

import pytest

from coursepack_quiz.grading import grade, validate_responses
from coursepack_quiz.model import Quiz, QuizSettings, ShowAnswers
from coursepack_quiz.policy import (answers_visible, attempts_left, from_public_responses, public_quiz,
                                    public_tokens, quiz_seed, shuffle_order)


def _quiz(**settings) -> Quiz:
    choices = [{"id": c, "text": c.upper(), "correct": c == "b", "feedback": f"fb {c}"} for c in "abcdef"]
    return Quiz.model_validate({"id": "policy-quiz", "title": "P", "settings": settings, "questions": [
        {"id": "s", "type": "single", "prompt": "S", "choices": choices, "feedback_correct": "yes",
         "feedback_incorrect": "no", "hints": ["think"]},
        {"id": "m", "type": "multiple", "prompt": "M", "choices": choices},
        {"id": "tf", "type": "true-false", "prompt": "TF",
         "choices": [{"id": "true", "text": "True", "correct": True}, {"id": "false", "text": "False"}]},
        {"id": "f", "type": "fill-in", "prompt": "F ___", "answers": ["secret answer"]},
        {"id": "mt", "type": "matching", "prompt": "MT",
         "pairs": [{"id": f"p{n}", "left": f"L{n}", "right": f"R{n}"} for n in range(1, 5)],
         "distractors": [{"id": "d1", "text": "D"}]},
        {"id": "o", "type": "ordering", "prompt": "O", "items": [{"id": f"i{n}", "text": f"I{n}"} for n in range(1, 6)]},
    ]})


# --- answers and attempts ----------------------------------------------------------------------

@pytest.mark.parametrize("show, attempts, used, passed, visible", [
    (ShowAnswers.NEVER, 0, 5, True, False),
    (ShowAnswers.ALWAYS, 3, 0, False, True),
    (ShowAnswers.AFTER_SUBMIT, 3, 0, False, False),
    (ShowAnswers.AFTER_SUBMIT, 3, 1, False, True),
    (ShowAnswers.AFTER_PASS, 3, 3, False, False),
    (ShowAnswers.AFTER_PASS, 3, 1, True, True),
    (ShowAnswers.AFTER_LAST_ATTEMPT, 3, 2, False, False),
    (ShowAnswers.AFTER_LAST_ATTEMPT, 3, 3, False, True),
    (ShowAnswers.AFTER_LAST_ATTEMPT, 3, 1, True, True),
    (ShowAnswers.AFTER_LAST_ATTEMPT, 0, 50, False, False),  # unlimited: no last attempt…
    (ShowAnswers.AFTER_LAST_ATTEMPT, 0, 2, True, True),  # …so passing reveals them
])
def test_answers_visible(show, attempts, used, passed, visible):
    settings = QuizSettings(show_answers=show, attempts=attempts)
    assert answers_visible(settings, attempts_used=used, passed=passed) is visible


def test_attempts_left():
    assert attempts_left(QuizSettings(attempts=0), 99) is None
    assert attempts_left(QuizSettings(attempts=3), 1) == 2
    assert attempts_left(QuizSettings(attempts=3), 5) == 0


# --- shuffle -----------------------------------------------------------------------------------

def test_seed_is_the_setting_else_crc32_of_the_id():
    assert quiz_seed(_quiz(seed=7)) == 7
    assert quiz_seed(_quiz()) == zlib.crc32(b"policy-quiz")


def test_no_shuffle_keeps_choices_but_still_shuffles_matching_and_ordering():
    order = shuffle_order(_quiz())
    assert "" not in order and "f" not in order
    assert order["s"] == list("abcdef") and order["tf"] == ["true", "false"]
    assert sorted(order["mt"]) == ["d1", "p1", "p2", "p3", "p4"]
    assert sorted(order["o"]) == ["i1", "i2", "i3", "i4", "i5"] and order["o"] != ["i1", "i2", "i3", "i4", "i5"]


def test_shuffle_is_a_permutation_and_differs_by_seed():
    a, b = shuffle_order(_quiz(shuffle=True, seed=1)), shuffle_order(_quiz(shuffle=True, seed=2))
    assert sorted(a["s"]) == list("abcdef")
    assert a != b
    assert a["tf"] == ["true", "false"]  # never shuffled


def test_question_order_only_with_shuffle_questions():
    order = shuffle_order(_quiz(shuffle_questions=True, seed=3))
    assert sorted(order[""]) == sorted(["s", "m", "tf", "f", "mt", "o"])


def test_ordering_and_matching_never_show_the_answer_key():
    two = Quiz.model_validate({"id": "two", "title": "T", "questions": [
        {"id": "o", "type": "ordering", "prompt": "O", "items": [{"id": "x", "text": "X"}, {"id": "y", "text": "Y"}]},
        {"id": "m", "type": "matching", "prompt": "M",
         "pairs": [{"id": "p", "left": "a", "right": "b"}, {"id": "q", "left": "c", "right": "d"}]}]})
    for seed in range(60):  # with two items, half the raw shuffles come out in the correct order
        order = shuffle_order(two.model_copy(update={"settings": QuizSettings(seed=seed)}))
        assert order["o"] == ["y", "x"] and order["m"] == ["q", "p"]


def test_one_questions_shuffle_does_not_depend_on_the_others():
    quiz = _quiz(shuffle=True, seed=5)
    fewer = quiz.model_copy(update={"questions": quiz.questions[1:]})
    assert shuffle_order(quiz)["m"] == shuffle_order(fewer)["m"]


def test_shuffle_is_identical_across_processes_and_hash_seeds():
    code = ("import json,sys; from coursepack_quiz.policy import shuffle_order; from coursepack_quiz.model import Quiz;"
            "print(json.dumps(shuffle_order(Quiz.model_validate_json(sys.stdin.read())), sort_keys=True))")
    quiz = _quiz(shuffle=True, shuffle_questions=True)
    outputs = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        outputs.add(subprocess.run([sys.executable, "-c", code], input=quiz.model_dump_json(), env=env,
                                   capture_output=True, text=True, check=True).stdout)
    assert outputs == {json.dumps(shuffle_order(quiz), sort_keys=True) + "\n"}


def test_salt_changes_the_order():
    quiz = _quiz(shuffle=True)
    assert shuffle_order(quiz, salt="secret") != shuffle_order(quiz)
    assert shuffle_order(quiz, salt="secret") == shuffle_order(quiz, salt="secret")


# --- public quiz -------------------------------------------------------------------------------

def test_public_quiz_has_no_answer_key():
    quiz = _quiz(shuffle=True)
    public = public_quiz(quiz)
    text = json.dumps(public)
    for secret in ('"correct"', "secret answer", "fb a", '"feedback', "yes", '"answers"', '"right"', '"left"'):
        assert secret not in text, secret
    assert "seed" not in public["settings"]
    questions = {q["id"]: q for q in public["questions"]}
    assert [c["id"] for c in questions["s"]["choices"]] == shuffle_order(quiz)["s"]
    assert questions["s"]["hints"] == ["think"]
    assert questions["f"] == {"id": "f", "type": "fill-in", "prompt": "F ___", "body": "", "points": 1.0, "hints": [],
                              "case_sensitive": False}
    assert questions["mt"]["premises"] == [{"id": f"p{n}", "text": f"L{n}"} for n in range(1, 5)]
    assert [r["id"] for r in questions["mt"]["responses"]] == ["r1", "r2", "r3", "r4", "r5"]
    assert [i["id"] for i in questions["o"]["items"]] == ["r1", "r2", "r3", "r4", "r5"]
    json.loads(text)  # JSON-able


def test_public_tokens_round_trip_to_a_correct_grade():
    quiz = _quiz(shuffle=True)
    public = {q["id"]: q for q in public_quiz(quiz, salt="k")["questions"]}
    by_text = {r["text"]: r["id"] for r in public["mt"]["responses"]}
    item_token = {i["text"]: i["id"] for i in public["o"]["items"]}
    payload = {"mt": {f"p{n}": by_text[f"R{n}"] for n in range(1, 5)},
               "o": [item_token[f"I{n}"] for n in range(1, 6)], "s": "b"}
    real, token_errors = from_public_responses(quiz, payload, salt="k")
    cleaned, errors = validate_responses(quiz, real)
    assert token_errors == [] and errors == []
    result = grade(quiz, cleaned)
    assert [result.question(q).correct for q in ("mt", "o", "s")] == [True, True, True]


def test_from_public_responses_takes_tokens_only():
    quiz = _quiz()
    real, errors = from_public_responses(quiz, {"o": ["r1", "zz", 3], "mt": {"p1": "r99"}, "s": "a"})
    assert real["o"][0] == public_tokens(quiz)["o"]["r1"] and real["o"][1:] == ["zz", 3] and real["s"] == "a"
    assert [e.split(":")[0] for e in errors] == ['question "mt"', 'question "o"']
    assert "'r99' is not a token" in errors[0] and "'zz' is not a token" in errors[1]
    # Real IDs are refused too: a premise's ID is its correct response's ID.
    real_ids = {"mt": {p.id: p.id for p in quiz.question("mt").pairs}, "o": [i.id for i in quiz.question("o").items]}
    assert len(from_public_responses(quiz, real_ids)[1]) == 2
    assert "'r1' is given twice" in from_public_responses(quiz, {"o": ["r1", "r1"]})[1][0]
    assert from_public_responses(quiz, {"mt": {"p1": "r1", "p2": "r1"}})[1] == []  # a wrong answer, not a bad one
    assert from_public_responses(quiz, "junk") == ("junk", [])


def test_public_question_order_follows_shuffle_questions():
    quiz = _quiz(shuffle_questions=True, seed=11)
    assert [q["id"] for q in public_quiz(quiz)["questions"]] == shuffle_order(quiz)[""]
