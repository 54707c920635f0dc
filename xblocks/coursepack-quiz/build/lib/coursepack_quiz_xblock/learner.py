"""What the browser may see and what a submission does, as pure functions of quiz and state.

The block (block.py) only moves data between these functions and its fields; everything that
decides what leaks, what counts as an attempt and what is a bad request lives here, so it is
tested without a runtime.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from coursepack_quiz.grading import QuizResult, grade, validate_responses
from coursepack_quiz.inline import render_text
from coursepack_quiz.model import Question, QuestionType, Quiz
from coursepack_quiz.policy import answers_visible, attempts_left, from_public_responses, public_quiz, public_tokens

MAX_BODY = 64 * 1024  # bytes; a whole quiz's answers are far smaller
MAX_DEPTH = 8  # levels of JSON; a submission needs 3: {"responses": {question: {premise: token}}}


class BadRequest(ValueError):
    """The browser sent something this quiz cannot accept (HTTP 400); the message says what."""

    status = 400


class NoAttemptsLeft(BadRequest):
    status = 409


class Conflict(BadRequest):
    """Another request changed this learner's state since this one read it (HTTP 409)."""

    status = 409


@dataclass(frozen=True)
class LearnerState:
    """One learner's state, as stored in the block's user-scoped fields."""

    attempts_used: int = 0
    responses: dict = field(default_factory=dict)  # last submission, real IDs
    result: dict = field(default_factory=dict)  # last submission's grade, as `result_data` gives it
    best_responses: dict = field(default_factory=dict)  # the submission the kept score comes from
    raw_earned: float | None = None
    raw_possible: float | None = None
    passed: bool = False
    state_format: int = 0  # STATE_FORMAT once written by this version; 0: written before formats existed
    quiz_version: str = ""  # quiz_version() of the quiz this state was last written against


STATE_FORMAT = 1


def quiz_version(quiz: Quiz) -> str:
    """A fingerprint of the quiz as authored: it changes with every Studio edit."""
    return hashlib.sha256(json.dumps(quiz.model_dump(mode="json"), sort_keys=True).encode()).hexdigest()[:12]


def migrate(quiz: Quiz, state: LearnerState) -> tuple[LearnerState, bool]:
    """The state as this quiz can use it, and whether part of it could not be read.

    After a Studio edit, answers to questions or options that no longer exist are dropped (the
    rest of an answer stays: a multiple-response answer keeps its other choices); a field of the
    wrong type or a number out of range (stored by an older version or damaged) is reset or
    clamped, never a crash. The earned score stays as earned; rescoring (calculate_score) is
    the staff's tool to regrade it against the new key."""
    damaged = False
    values = {}
    for f in fields(LearnerState):
        value, ok = _readable(f.name, getattr(state, f.name))
        values[f.name] = value
        damaged |= not ok
    for name in ("responses", "best_responses"):
        values[name] = _still_valid(quiz, values[name])
    if values["result"] and not isinstance(values["result"].get("questions"), dict):
        values["result"], damaged = {}, True
    earned, possible = values["raw_earned"], values["raw_possible"]
    if earned is not None and possible is not None and not 0 <= earned <= possible:
        values["raw_earned"], damaged = min(max(earned, 0.0), possible), True
    values.update(state_format=STATE_FORMAT, quiz_version=quiz_version(quiz))
    return LearnerState(**values), damaged


_TYPES = {"attempts_used": int, "responses": dict, "result": dict, "best_responses": dict, "raw_earned": float,
          "raw_possible": float, "passed": bool, "state_format": int, "quiz_version": str}


def _readable(name: str, value: Any) -> tuple[Any, bool]:
    """(value, True) when it has the field's type and range; else (the empty value, False)."""
    kind = _TYPES[name]
    empty = {} if kind is dict else (None if name.startswith("raw_") else kind())
    if value is None:
        return (empty, name.startswith("raw_"))
    if kind is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and value >= 0
        return (float(value), True) if ok else (empty, False)
    if kind is int:
        ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 10_000
        return (value, True) if ok else (min(max(value, 0), 10_000) if isinstance(value, int) else 0, False)
    return (value, True) if isinstance(value, kind) else (empty, False)


def _still_valid(quiz: Quiz, responses: dict) -> dict:
    """Stored responses (real IDs) without what the quiz no longer has."""
    kept = {}
    for qid, value in responses.items():
        q = quiz.question(qid)
        if q is None:
            continue
        if q.type is QuestionType.FILL_IN:
            if isinstance(value, str):
                kept[qid] = value
            continue
        if q.type is QuestionType.MATCHING:
            premises, targets = {p.id for p in q.pairs}, {p.id for p in q.pairs} | {d.id for d in q.distractors}
            pairs = {k: v for k, v in value.items() if k in premises and v in targets} if isinstance(value, dict) else {}
            if pairs:
                kept[qid] = pairs
            continue
        if q.type is QuestionType.ORDERING:
            if isinstance(value, list) and sorted(value) == sorted(i.id for i in q.items):
                kept[qid] = value
            continue
        options = {c.id for c in q.choices}
        if q.type is QuestionType.MULTIPLE and isinstance(value, list):
            chosen = [v for v in value if v in options]
            if chosen:
                kept[qid] = chosen
        elif isinstance(value, str) and value in options:
            kept[qid] = value
    return kept


@dataclass(frozen=True)
class Submission:
    state: LearnerState
    result: QuizResult
    improved: bool  # the kept (best) score changed


def rendered(quiz: Quiz) -> Quiz:
    """Author Markdown → safe HTML with the quiz core's tiny renderer (the XBlock has no Markdown)."""
    return quiz.map_text(render_text)


def parse_body(body: bytes, limit: int = MAX_BODY) -> dict:
    """A handler's request body → the JSON object it must be; BadRequest otherwise.

    Refused: more than `limit` bytes, bytes that are not UTF-8, text that is not JSON (NaN and
    Infinity included), anything but an object, nesting deeper than MAX_DEPTH, and strings with
    a lone surrogate ("\\ud800" is valid JSON, but not text that can be stored or sent back).
    """
    if len(body) > limit:
        raise BadRequest(f"the request is {len(body)} bytes; at most {limit} are accepted")
    try:
        data = json.loads(body.decode("utf-8") or "null", parse_constant=_no_constant)
    except RecursionError:  # the C parser's own guard, far below what 64 KiB of brackets reach
        raise BadRequest(f"the request nests deeper than {MAX_DEPTH} levels") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadRequest(f"the request is not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise BadRequest(f"the request must be a JSON object, not {type(data).__name__}")
    _check_plain(data)
    return data


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")


def _check_plain(data: dict) -> None:
    """Depth and text checks, without recursion (the payload decides how deep it goes)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise BadRequest(f"the request nests deeper than {MAX_DEPTH} levels")
        if isinstance(value, dict):
            stack += [(key, depth) for key in value] + [(item, depth + 1) for item in value.values()]
        elif isinstance(value, list):
            stack += [(item, depth + 1) for item in value]
        elif isinstance(value, str):
            _check_text(value)


def _check_text(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise BadRequest(f"the request holds {text[exc.start]!r}, half of a surrogate pair, which is not text") from None


def check_responses(quiz: Quiz, payload: dict, salt: str) -> dict:
    """The cleaned responses of a submit payload `{"responses": {question ID: answer}}`."""
    unknown = sorted(set(payload) - {"responses"})
    if unknown:
        raise BadRequest(f"unknown field {unknown[0]!r}; send {{\"responses\": {{question ID: answer}}}}")
    raw = payload.get("responses")
    if not isinstance(raw, dict):
        raise BadRequest(f"\"responses\" must be an object, not {type(raw).__name__}")
    # Tokens first: a real ID where a token belongs is refused before validation could accept it,
    # and the validator's messages (which name real IDs, in key order) are never reached for it.
    real, errors = from_public_responses(quiz, raw, salt=salt)
    cleaned, more = validate_responses(quiz, real) if not errors else ({}, [])
    if errors or more:
        raise BadRequest(_listed(errors + more))
    return cleaned


def _listed(errors: list[str], shown: int = 10) -> str:
    # A payload can hold thousands of wrong entries; the reply names a few and counts the rest.
    rest = len(errors) - shown
    return "; ".join(errors[:shown]) + (f"; and {rest} more" if rest > 0 else "")


def submit(quiz: Quiz, state: LearnerState, responses: dict) -> Submission:
    """Grade one attempt (responses already checked). Keeps the best score, like the course score."""
    left = attempts_left(quiz.settings, state.attempts_used)
    if left == 0:
        raise NoAttemptsLeft(f"you have used all {quiz.settings.attempts} attempts at this quiz")
    result = grade(quiz, responses)
    improved = state.raw_earned is None or result.score > state.raw_earned
    new = replace(state, attempts_used=state.attempts_used + 1, responses=responses, result=result_data(result),
                  passed=state.passed or result.passed)
    if improved:
        new = replace(new, best_responses=responses, raw_earned=result.score, raw_possible=result.max_score)
    return Submission(new, result, improved)


def reset(quiz: Quiz, state: LearnerState, allow_reset: bool) -> LearnerState:
    """Clear the form for another try; attempts and the kept score stay."""
    if not can_reset(quiz, state, allow_reset):
        raise BadRequest("this quiz cannot be reset now")
    return replace(state, responses={}, result={})


def can_reset(quiz: Quiz, state: LearnerState, allow_reset: bool) -> bool:
    return allow_reset and bool(state.result) and attempts_left(quiz.settings, state.attempts_used) != 0


def result_data(result: QuizResult) -> dict:
    return {"score": result.score, "max_score": result.max_score, "percent": result.percent,
            "passed": result.passed, "pass_mark": result.pass_mark,
            "questions": {q.question_id: {"correct": q.correct, "feedback": list(q.feedback)}
                          for q in result.questions}}


def feedback_html(question: Question, keys: list[str]) -> list[str]:
    """Feedback keys of a graded question ("choice:<id>", "correct", "incorrect") → rendered texts."""
    texts = {f"choice:{c.id}": c.feedback for c in question.choices}
    texts.update(correct=question.feedback_correct, incorrect=question.feedback_incorrect)
    return [render_text(texts[key], False) for key in keys if texts.get(key)]


def answer_key(quiz: Quiz, salt: str) -> dict[str, dict]:
    """Per question, what a learner may see once the show-answer policy allows: the right choices
    with every option's feedback, the accepted fill-in answers, the matches and the order (in the
    public tokens the browser knows)."""
    tokens = {qid: {real: token for token, real in table.items()} for qid, table in public_tokens(quiz, salt=salt).items()}
    key: dict[str, dict] = {}
    for q in quiz.questions:
        if q.type in (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUE_FALSE):
            key[q.id] = {"correct": [c.id for c in q.choices if c.correct],
                         "feedback": {c.id: render_text(c.feedback, False) for c in q.choices if c.feedback}}
        elif q.type is QuestionType.FILL_IN:
            key[q.id] = {"answers": list(q.answers)}
        elif q.type is QuestionType.MATCHING:
            key[q.id] = {"matches": {p.id: tokens[q.id][p.id] for p in q.pairs}}
        else:
            key[q.id] = {"order": [tokens[q.id][i.id] for i in q.items]}
    return key


def public_responses(quiz: Quiz, responses: dict, salt: str) -> dict:
    """Stored responses (real IDs) in the tokens the browser knows, to show a learner their answers."""
    tokens = {qid: {real: token for token, real in table.items()} for qid, table in public_tokens(quiz, salt=salt).items()}
    shown = {}
    for qid, value in responses.items():
        table = tokens.get(qid)
        if table and isinstance(value, dict):
            value = {k: table.get(v, v) for k, v in value.items()}
        elif table and isinstance(value, list):
            value = [table.get(v, v) for v in value]
        shown[qid] = value
    return shown


def learner_data(quiz: Quiz, state: LearnerState, salt: str, allow_reset: bool, *, damaged: bool = False) -> dict[str, Any]:
    """Everything the learner's browser gets about their progress: never the key unless allowed."""
    settings = quiz.settings
    left = attempts_left(settings, state.attempts_used)
    visible = answers_visible(settings, attempts_used=state.attempts_used, passed=state.passed)
    result = dict(state.result)
    if result:
        result["questions"] = {qid: {"correct": r["correct"], "feedback": feedback_html(quiz.question(qid), r["feedback"])}
                               for qid, r in result["questions"].items() if quiz.question(qid) is not None}
    return {
        "attempts_used": state.attempts_used, "attempts_allowed": settings.attempts, "attempts_left": left,
        "responses": public_responses(quiz, state.responses, salt), "result": result or None,
        "best": ({"score": state.raw_earned, "max_score": state.raw_possible} if state.raw_earned is not None else None),
        "passed": state.passed, "can_submit": left != 0, "can_reset": can_reset(quiz, state, allow_reset),
        "answers": answer_key(quiz, salt) if visible else None,
        "state_damaged": damaged,  # part of the saved state could not be read (migrate): the view says so
    }


def student_data(quiz: Quiz, salt: str) -> dict[str, Any]:
    """The quiz for the mobile apps (student_view_data): rendered text, no answer key, no learner state."""
    return public_quiz(rendered(quiz), salt=salt)


def state_dict(state: LearnerState) -> dict:
    return asdict(state)
