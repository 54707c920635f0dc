"""What a learner may see and do: attempts, answer reveal, the seeded shuffle and the public quiz.

Everything here is a pure function of the quiz (and, for the XBlock, an optional secret `salt`),
so every build and every server shows the same order.
"""

from __future__ import annotations

import random
import zlib
from typing import Any, Callable

from .model import FORMAT_VERSION, Question, QuestionType, Quiz, QuizSettings, ShowAnswers

_VISIBLE: dict[ShowAnswers, Callable[[QuizSettings, int, bool], bool]] = {
    ShowAnswers.NEVER: lambda settings, used, passed: False,
    ShowAnswers.AFTER_SUBMIT: lambda settings, used, passed: used >= 1,
    ShowAnswers.AFTER_PASS: lambda settings, used, passed: passed,
    # Like Open edX's "finished": with unlimited attempts there is no last attempt, so passing
    # is the only way the default setting could ever reveal the answers.
    ShowAnswers.AFTER_LAST_ATTEMPT: lambda settings, used, passed: passed or attempts_left(settings, used) == 0,
    ShowAnswers.ALWAYS: lambda settings, used, passed: True,
}


def answers_visible(settings: QuizSettings, *, attempts_used: int, passed: bool) -> bool:
    """Whether the correct answers may be shown now, per `settings.show_answers`.

    never: no; after-submit: after one submitted attempt; after-pass: once passed;
    after-last-attempt: once no attempt is left, or once passed; always: yes.
    """
    return _VISIBLE[settings.show_answers](settings, attempts_used, passed)


def attempts_left(settings: QuizSettings, attempts_used: int) -> int | None:
    """Attempts still allowed; None when unlimited (`attempts: 0`)."""
    if settings.attempts == 0:
        return None
    return max(0, settings.attempts - attempts_used)


def quiz_seed(quiz: Quiz) -> int:
    """`settings.seed`, else CRC-32 of the quiz ID (stable across runs, unlike hash())."""
    return quiz.settings.seed if quiz.settings.seed is not None else zlib.crc32(quiz.id.encode("utf-8"))


def _rng(quiz: Quiz, salt: str, question_id: str | None = None) -> random.Random:
    seed = quiz_seed(quiz)
    if question_id is None and not salt:
        return random.Random(seed)
    # One generator per question (string seeds are hashed with SHA-512, so they are stable too):
    # editing one question's options never reshuffles another's.
    return random.Random("/".join(str(part) for part in (seed, salt, question_id) if part is not None))


def _shuffled(ids: list[str], rng: random.Random, reveals: Callable[[list[str]], bool]) -> list[str]:
    order = list(ids)
    rng.shuffle(order)
    if len(order) > 1 and reveals(order):
        order = order[1:] + order[:1]  # showing the answer key as the order would give it away
    return order


def _question_order(q: Question, settings: QuizSettings, rng: random.Random) -> list[str] | None:
    if q.type in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        ids = [c.id for c in q.choices]
        return _shuffled(ids, rng, lambda order: False) if settings.shuffle else ids
    if q.type is QuestionType.TRUE_FALSE:
        return [c.id for c in q.choices]  # True before False reads naturally; shuffling it only confuses
    if q.type is QuestionType.MATCHING:
        premises = [p.id for p in q.pairs]
        return _shuffled(premises + [d.id for d in q.distractors], rng,
                         lambda order: order[:len(premises)] == premises)
    if q.type is QuestionType.ORDERING:
        items = [i.id for i in q.items]
        return _shuffled(items, rng, lambda order: order == items)
    return None  # fill-in: nothing to order


def shuffle_order(quiz: Quiz, *, salt: str = "") -> dict[str, list[str]]:
    """The order to show things in: question ID → choice IDs (single, multiple, true-false),
    response IDs (matching: pairs' and distractors' IDs) or item IDs (ordering); and, under the
    key "", the question IDs when `shuffle_questions` is on.

    Choices are shuffled only when `settings.shuffle`; matching responses and ordering items are
    always shuffled, and never come out in the answer-key order. Seeded by `quiz_seed` (plus
    `salt`, a server secret the XBlock may add so learners cannot recompute the order offline).
    """
    orders: dict[str, list[str]] = {}
    if quiz.settings.shuffle_questions:
        orders[""] = _shuffled([q.id for q in quiz.questions], _rng(quiz, salt), lambda order: False)
    for q in quiz.questions:
        order = _question_order(q, quiz.settings, _rng(quiz, salt, q.id))
        if order is not None:
            orders[q.id] = order
    return orders


def public_tokens(quiz: Quiz, *, salt: str = "") -> dict[str, dict[str, str]]:
    """Per matching/ordering question, public token ("r1", "r2"… in shown order) → real ID.

    Pair and item IDs give the answer away (a response's ID is its premise's ID; items are often
    numbered in order), so the browser only ever sees these tokens.
    """
    orders = shuffle_order(quiz, salt=salt)
    return {q.id: {f"r{n}": ident for n, ident in enumerate(orders[q.id], 1)}
            for q in quiz.questions if q.type in (QuestionType.MATCHING, QuestionType.ORDERING)}


def from_public_responses(quiz: Quiz, responses: Any, *, salt: str = "") -> tuple[Any, list[str]]:
    """Translate the tokens of `public_quiz` back to real IDs, strictly: a matching response or an
    ordering item that is not one of the question's tokens is an error, even when it is a real ID
    (a premise's ID is its correct response's ID, so accepting real IDs would give marks away).

    Returns the translated responses and one message per refused answer; values of the wrong type
    are left as they are, for `grading.validate_responses` to name. Never raises.
    """
    if not isinstance(responses, dict):
        return responses, []
    real, errors = dict(responses), []
    for qid, table in public_tokens(quiz, salt=salt).items():
        if qid in real:
            real[qid], problem = _untokenise(real[qid], table)
            if problem:
                errors.append(f'question "{qid}": {problem}; send each answer as one of the tokens {", ".join(table)}')
    return real, errors


def _untokenise(value: Any, table: dict[str, str]) -> tuple[Any, str | None]:
    """One answer's tokens → real IDs, and what is wrong with it in token terms (None if nothing)."""
    if isinstance(value, dict):  # matching: one response may serve several premises (a wrong answer)
        strings = [v for v in value.values() if isinstance(v, str)]
        return {k: table.get(v, v) if isinstance(v, str) else v for k, v in value.items()}, _not_tokens(strings, table)
    if isinstance(value, list):  # ordering: each item once; a repeat is named here, as a token
        strings = [v for v in value if isinstance(v, str)]
        problem = _not_tokens(strings, table) or _repeated(strings)
        return [table.get(v, v) if isinstance(v, str) else v for v in value], problem
    return value, None  # the wrong type: validate_responses says so


def _not_tokens(strings: list[str], table: dict[str, str]) -> str | None:
    wrong = next((v for v in strings if v not in table), None)
    return None if wrong is None else f"{_show_token(wrong)} is not a token"


def _repeated(strings: list[str]) -> str | None:
    seen: set[str] = set()
    for v in strings:
        if v in seen:
            return f"{_show_token(v)} is given twice"
        seen.add(v)
    return None


def _show_token(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:39] + "…")


def _public_question(q: Question, order: list[str] | None) -> dict[str, Any]:
    data: dict[str, Any] = {"id": q.id, "type": q.type.value, "prompt": q.prompt, "body": q.body,
                            "points": q.points, "hints": list(q.hints)}
    if q.type in (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUE_FALSE):
        text = {c.id: c.text for c in q.choices}
        data["choices"] = [{"id": ident, "text": text[ident]} for ident in order or ()]
    elif q.type is QuestionType.FILL_IN:
        data["case_sensitive"] = q.case_sensitive
    elif q.type is QuestionType.MATCHING:
        text = {p.id: p.right for p in q.pairs} | {d.id: d.text for d in q.distractors}
        data["premises"] = [{"id": p.id, "text": p.left} for p in q.pairs]
        data["responses"] = [{"id": f"r{n}", "text": text[ident]} for n, ident in enumerate(order or (), 1)]
    elif q.type is QuestionType.ORDERING:
        text = {i.id: i.text for i in q.items}
        data["items"] = [{"id": f"r{n}", "text": text[ident]} for n, ident in enumerate(order or (), 1)]
    return data


def public_quiz(quiz: Quiz, *, salt: str = "") -> dict[str, Any]:
    """The quiz as JSON-able data without its answer key, for a browser before answers may be shown.

    No `correct` flags, fill-in answers, per-option or overall feedback; choices, matching
    responses and ordering items in `shuffle_order`, the last two under opaque tokens (see
    `public_tokens`; turn a learner's answer back with `from_public_responses`).
    """
    orders = shuffle_order(quiz, salt=salt)
    by_id = {q.id: q for q in quiz.questions}
    question_ids = orders.get("", [q.id for q in quiz.questions])
    s = quiz.settings
    return {
        "format_version": FORMAT_VERSION, "id": quiz.id, "title": quiz.title, "intro": quiz.intro,
        "settings": {"pass_mark": s.pass_mark, "attempts": s.attempts, "show_answers": s.show_answers.value,
                     "weight": s.weight},
        "questions": [_public_question(by_id[qid], orders.get(qid)) for qid in question_ids],
    }
