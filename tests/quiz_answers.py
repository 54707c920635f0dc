"""Right and wrong responses built from a question's answer key, in ID terms: the shape
`grade()` and the players take. Shared by the course tests and the scripted browser learner."""

from __future__ import annotations

from coursepack_quiz.model import Question, QuestionType


def right_answer(q: Question):
    if q.type in (QuestionType.SINGLE, QuestionType.TRUE_FALSE):
        return next(c.id for c in q.choices if c.correct)
    if q.type is QuestionType.MULTIPLE:
        return [c.id for c in q.choices if c.correct]
    if q.type is QuestionType.FILL_IN:
        return q.answers[0]
    if q.type is QuestionType.MATCHING:
        return {p.id: p.id for p in q.pairs}
    return [i.id for i in q.items]


def wrong_answer(q: Question):
    if q.type in (QuestionType.SINGLE, QuestionType.TRUE_FALSE):
        return next(c.id for c in q.choices if not c.correct)
    if q.type is QuestionType.MULTIPLE:
        return [c.id for c in q.choices if not c.correct]
    if q.type is QuestionType.FILL_IN:
        return "certainly not this"
    if q.type is QuestionType.MATCHING:
        ids = [p.id for p in q.pairs]
        return {p: ids[(i + 1) % len(ids)] for i, p in enumerate(ids)}
    return [i.id for i in reversed(q.items)]
