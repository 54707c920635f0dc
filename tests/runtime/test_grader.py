"""The JavaScript grader (builder/runtime/grader.js) agrees with the Python grader on every
shared case in grading_cases.json, and on many more responses made from the fixture quizzes."""

from __future__ import annotations

import itertools
import json
import sys
import unicodedata
from importlib import resources
from pathlib import Path

import pytest

from coursepack_quiz.grading import grade, normalise
from coursepack_quiz.model import QuizSettings, ShowAnswers
from coursepack_quiz.policy import answers_visible

from builder.build import check_course

COURSE_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "courses"

CASES = json.loads(resources.files("coursepack_quiz").joinpath("grading_cases.json").read_text("utf-8"))["cases"]


def same(a, b) -> bool:
    """Equal as JSON values, where 1 == 1.0 (JSON does not tell them apart)."""
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True) or _numeric(a) == _numeric(b)


def _numeric(value):
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, dict):
        return {k: _numeric(v) for k, v in value.items()}
    return [_numeric(v) for v in value]


def test_shared_cases_pass_in_javascript(node):
    results = node("grade", [{"quiz": c["quiz"], "responses": c["responses"], "pass_mark": c.get("pass_mark")}
                             for c in CASES])
    failures = [(c["name"], got, c["expected"]) for c, got in zip(CASES, results) if not same(got, c["expected"])]
    assert not failures, failures[:3]


def _responses_for(q):
    """Right, wrong, partial and oddly shaped responses for one question."""
    ids = [c.id for c in q.choices] or [p.id for p in q.pairs] or [i.id for i in q.items]
    odd = [None, "", 7, [], {}, ["nope"], {"x": "y"}, ids, ids[:1], list(reversed(ids))]
    if q.type.value == "fill-in":
        return odd + [a for a in q.answers] + [f"  {a.upper()}  " for a in q.answers] + ["ﬁ Straße\u00a0x", "RÉSUMÉ"]
    if q.type.value == "matching":
        targets = ids + [d.id for d in q.distractors]
        return odd + [dict(zip(ids, perm)) for perm in itertools.islice(itertools.permutations(targets, len(ids)), 12)]
    if q.type.value == "ordering":
        return odd + [list(p) for p in itertools.islice(itertools.permutations(ids), 12)]
    return odd + ids + [list(c) for n in range(len(ids) + 1) for c in itertools.combinations(ids, n)]


@pytest.mark.parametrize("course", ["basic-en", "basic-ar"])
def test_javascript_matches_python_on_fixture_quizzes(node, course):
    model = check_course(COURSE_FIXTURES / course).course
    cases = []
    for page in model.quizzes():
        quiz = page.quiz
        for q in quiz.questions:
            for response in _responses_for(q):
                for mark in (None, 0, 50, 100):
                    cases.append((quiz, {q.id: response}, mark))
    results = node("grade", [{"quiz": quiz.model_dump(mode="json"), "responses": r, "pass_mark": m}
                             for quiz, r, m in cases])
    expected = [grade(quiz, r, pass_mark=m).to_dict() for quiz, r, m in cases]
    mismatches = [(r, got, want) for (_, r, _), got, want in zip(cases, results, expected) if not same(got, want)]
    assert len(cases) > 200 and not mismatches, mismatches[:3]


def test_casefold_matches_python_for_every_assigned_character(node):
    # Only characters of Python's Unicode version: node's ICU may know newer ones.
    chars = [chr(c) for c in range(sys.maxunicode + 1)
             if not 0xD800 <= c <= 0xDFFF and unicodedata.category(chr(c)) not in ("Cn", "Cs")]
    got = node("casefold", [{"texts": chars}])[0]
    wrong = [(ch, g, ch.casefold()) for ch, g in zip(chars, got) if g != ch.casefold()]
    assert not wrong, wrong[:5]


@pytest.mark.parametrize("text", ["  Straße  ", "e\u0301cole", "İstanbul", "ΣΊΣΥΦΟΣ", "tab\there\u3000x", "\ufeffbom",
                                  "\x1cfs", "ǅ", "ﬃ", "Ꭰꭰ"])
@pytest.mark.parametrize("case_sensitive", [False, True])
def test_normalise_matches_python(node, text, case_sensitive):
    assert node("normalise", [{"text": text, "case_sensitive": case_sensitive}]) == [normalise(text, case_sensitive)]


def test_rounding_matches_python(node):
    values = [100 * s / m for m in range(1, 41) for s in range(m + 1)] + [0.125, 0.375, 12.345, 2.675, 1.005]
    assert node("round2", [{"values": values}])[0] == [round(v, 2) for v in values]


def test_answer_reveal_matches_policy(node):
    cases = [(QuizSettings(show_answers=show, attempts=attempts), used, passed)
             for show in ShowAnswers for attempts in (0, 1, 3) for used in range(5) for passed in (False, True)]
    got = node("visible", [{"settings": s.model_dump(mode="json"), "used": u, "passed": p} for s, u, p in cases])
    assert got == [answers_visible(s, attempts_used=u, passed=p) for s, u, p in cases]
