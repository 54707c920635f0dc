"""The one grading function, pure: `grade(quiz, responses)`; and a check of untrusted responses.

The SCORM/cmi5 players grade in JavaScript; both graders run the cases in grading_cases.json,
so every rule here (normalisation, feedback keys, rounding) must be stated precisely enough to
port. Response shapes, by question type:

- single, true-false: the chosen choice ID (str);
- multiple: a list of choice IDs (order irrelevant);
- fill-in: the typed text (str);
- matching: {pair ID (the premise): chosen response ID (a pair ID or a distractor ID)};
- ordering: the list of all item IDs, in the learner's order.

A missing or None response is unanswered, which is incorrect.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from .model import Question, QuestionType, Quiz

MAX_TEXT = 1000  # characters in any submitted string; longer is refused by validate_responses


@dataclass(frozen=True)
class QuestionResult:
    question_id: str
    correct: bool
    points: float
    max_points: float
    feedback: tuple[str, ...]  # stable keys: "choice:<id>" per selected option, then "correct"/"incorrect"


@dataclass(frozen=True)
class QuizResult:
    score: float
    max_score: float
    percent: float  # 0–100, rounded to 2 decimals
    passed: bool
    pass_mark: float
    questions: tuple[QuestionResult, ...]

    def question(self, question_id: str) -> QuestionResult | None:
        return next((q for q in self.questions if q.question_id == question_id), None)

    def to_dict(self) -> dict[str, Any]:
        """The shape of `expected` in grading_cases.json."""
        return {"score": self.score, "max_score": self.max_score, "percent": self.percent, "passed": self.passed,
                "questions": {q.question_id: {"correct": q.correct, "points": q.points, "feedback": list(q.feedback)}
                              for q in self.questions}}


def normalise(text: str, case_sensitive: bool = False) -> str:
    """Fill-in comparison form: Unicode NFC, whitespace runs → one space, ends stripped, casefolded
    unless case-sensitive. Accents are kept: "resume" does not match "résumé"."""
    text = " ".join(unicodedata.normalize("NFC", text).split())
    # casefold can leave a string un-normalised (e.g. it decomposes some ligatures), so NFC again.
    return text if case_sensitive else unicodedata.normalize("NFC", text.casefold())


def _single(q: Question, response: Any) -> bool:
    return isinstance(response, str) and any(c.id == response and c.correct for c in q.choices)


def _multiple(q: Question, response: Any) -> bool:
    if not isinstance(response, (list, tuple)) or not all(isinstance(r, str) for r in response):
        return False
    return set(response) == {c.id for c in q.choices if c.correct}


def _fill_in(q: Question, response: Any) -> bool:
    if not isinstance(response, str):
        return False
    given = normalise(response, q.case_sensitive)
    return bool(given) and given in {normalise(a, q.case_sensitive) for a in q.answers}


def _matching(q: Question, response: Any) -> bool:
    return isinstance(response, Mapping) and all(response.get(p.id) == p.id for p in q.pairs)


def _ordering(q: Question, response: Any) -> bool:
    return isinstance(response, (list, tuple)) and list(response) == [i.id for i in q.items]


CHECKS: dict[QuestionType, Callable[[Question, Any], bool]] = {
    QuestionType.SINGLE: _single, QuestionType.TRUE_FALSE: _single, QuestionType.MULTIPLE: _multiple,
    QuestionType.FILL_IN: _fill_in, QuestionType.MATCHING: _matching, QuestionType.ORDERING: _ordering,
}


def _selected(q: Question, response: Any) -> set[str]:
    # A wrongly shaped response selects nothing, exactly as if unanswered.
    if q.type is QuestionType.MULTIPLE:
        return {r for r in response if isinstance(r, str)} if isinstance(response, (list, tuple)) else set()
    return {response} if isinstance(response, str) else set()


def feedback_keys(q: Question, response: Any, correct: bool) -> tuple[str, ...]:
    """Selected options' feedback (in option order), then the overall key; only non-empty texts."""
    keys: list[str] = []
    if q.type in (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUE_FALSE):
        chosen = _selected(q, response)
        keys = [f"choice:{c.id}" for c in q.choices if c.id in chosen and c.feedback]
    overall = q.feedback_correct if correct else q.feedback_incorrect
    return tuple(keys + ([("correct" if correct else "incorrect")] if overall else []))


def grade_question(q: Question, response: Any) -> QuestionResult:
    correct = response is not None and CHECKS[q.type](q, response)
    return QuestionResult(q.id, correct, q.points if correct else 0.0, q.points, feedback_keys(q, response, correct))


def grade(quiz: Quiz, responses: Mapping[str, Any], *, pass_mark: float | None = None) -> QuizResult:
    """Grade all-or-nothing per question; never raises on odd responses (they are just wrong).

    The pass mark is `pass_mark` if given, else `quiz.settings.pass_mark`, else 100. `percent` is
    100 × score / max_score rounded to 2 decimals (0 for a quiz without points), and the quiz is
    passed when that rounded percent is at or above the pass mark, so a learner shown "80%" with
    a pass mark of 80 has passed.
    """
    if not isinstance(responses, Mapping):
        responses = {}
    results = tuple(grade_question(q, responses.get(q.id)) for q in quiz.questions)
    score = sum(r.points for r in results)
    max_score = sum(r.max_points for r in results)
    percent = round(100 * score / max_score, 2) if max_score else 0.0
    mark = pass_mark if pass_mark is not None else quiz.settings.pass_mark
    mark = 100.0 if mark is None else float(mark)
    return QuizResult(score, max_score, percent, percent >= mark, mark, results)


# --- untrusted payloads ------------------------------------------------------------------------

class _Invalid(ValueError):
    pass


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise _Invalid(f"{what} must be a string, not {type(value).__name__}")
    if len(value) > MAX_TEXT:
        raise _Invalid(f"{what} is longer than {MAX_TEXT} characters")
    return value


def _one_of(value: Any, allowed: list[str], what: str) -> str:
    value = _text(value, what)
    if value not in allowed:
        raise _Invalid(f"{what} {_show(value)} is not one of {', '.join(allowed)}")
    return value


def _list(value: Any, what: str, limit: int) -> list[Any]:
    if not isinstance(value, (list, tuple)):
        raise _Invalid(f"{what} must be a list, not {type(value).__name__}")
    if len(value) > limit:
        raise _Invalid(f"{what} has {len(value)} entries; at most {limit} are possible")
    return list(value)


def _unique(values: list[str], what: str) -> list[str]:
    seen = [v for i, v in enumerate(values) if v in values[:i]]
    if seen:
        raise _Invalid(f"{what} lists {_show(seen[0])} twice")
    return values


def _show(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:39] + "…")


def _clean_choice(q: Question, value: Any) -> Any:
    return _one_of(value, [c.id for c in q.choices], "the answer")


def _clean_multiple(q: Question, value: Any) -> Any:
    ids = [c.id for c in q.choices]
    return _unique([_one_of(v, ids, "an option") for v in _list(value, "the answer", len(ids))], "the answer")


def _clean_fill_in(q: Question, value: Any) -> Any:
    return _text(value, "the answer")


def _clean_matching(q: Question, value: Any) -> Any:
    if not isinstance(value, Mapping):
        raise _Invalid(f"the answer must be an object, not {type(value).__name__}")
    premises = [p.id for p in q.pairs]
    if len(value) > len(premises):
        raise _Invalid(f"the answer has {len(value)} entries; there are {len(premises)} premises")
    responses = premises + [d.id for d in q.distractors]
    # A response may be chosen for several premises: that is a wrong answer, not a bad request.
    return {_one_of(k, premises, "premise"): _one_of(v, responses, "response") for k, v in value.items()}


def _clean_ordering(q: Question, value: Any) -> Any:
    ids = [i.id for i in q.items]
    order = _unique([_one_of(v, ids, "item") for v in _list(value, "the answer", len(ids))], "the answer")
    if len(order) != len(ids):
        raise _Invalid(f"the answer must list all {len(ids)} items once each")
    return order


CLEANERS: dict[QuestionType, Callable[[Question, Any], Any]] = {
    QuestionType.SINGLE: _clean_choice, QuestionType.TRUE_FALSE: _clean_choice,
    QuestionType.MULTIPLE: _clean_multiple, QuestionType.FILL_IN: _clean_fill_in,
    QuestionType.MATCHING: _clean_matching, QuestionType.ORDERING: _clean_ordering,
}


def validate_responses(quiz: Quiz, payload: Any) -> tuple[dict[str, Any], list[str]]:
    """Check an untrusted payload (e.g. a web handler's JSON) against the quiz.

    Returns the cleaned responses (only valid entries; a None value means unanswered and is
    dropped) and one message per rejected entry. Never raises.
    """
    if not isinstance(payload, Mapping):
        return {}, [f"responses must be an object, not {type(payload).__name__}"]
    cleaned: dict[str, Any] = {}
    errors: list[str] = []
    for key, value in payload.items():
        question = quiz.question(key) if isinstance(key, str) else None
        if question is None:
            errors.append(f"unknown question {_show(str(key))}")
        elif value is not None:
            try:
                cleaned[key] = CLEANERS[question.type](question, value)
            except _Invalid as exc:
                errors.append(f'question "{key}": {exc}')
    return cleaned, errors
