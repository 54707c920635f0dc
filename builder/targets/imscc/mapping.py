"""What each quiz becomes in the Common Cartridge profile of QTI 1.2, decided once.

`Target.check` reports the decisions (with file and line) and `emit` writes them, so the two
can never disagree. The CC 1.1 profile has six question types; ours map as follows:

| ours | CC profile |
|---|---|
| single choice (3+ options) | `cc.multiple_choice.v0p1` |
| true/false, and single choice with 2 options | `cc.true_false.v0p1` (exactly two labels, rule 3d) |
| multiple response | `cc.multiple_response.v0p1` |
| fill-in | `cc.fib.v0p1` |
| ordering | `cc.multiple_choice.v0p1` between the correct order and up to three wrong ones |
| matching | `cc.multiple_choice.v0p1` between the correct matching and up to three wrong ones |

Ordering and matching keep their points and their all-or-nothing scoring that way; when fewer
than three candidates exist (rule 4d asks for three labels) the question is left out. Both cases
are warnings, never silent.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field
from fractions import Fraction
from functools import reduce
from math import gcd

from coursepack_quiz.diagnostics import Diagnostic, warning
from coursepack_quiz.model import Question, QuestionType

from ...model import QuizPage

MC, MR, TF, FIB = "cc.multiple_choice.v0p1", "cc.multiple_response.v0p1", "cc.true_false.v0p1", "cc.fib.v0p1"
MAX_ATTEMPTS = 5  # cc_maxattempts allows 1–5 or "unlimited" (CC QTI profile, rule 1i)
MAX_WEIGHT = 99  # cc_weighting is an integer 1–99 (rule 2c)
CANDIDATES = 4  # options offered for a mapped ordering/matching question: the key and three others


@dataclass(frozen=True)
class Choice:
    ident: str
    html: str
    correct: bool
    feedback_html: str = ""


@dataclass(frozen=True)
class MappedQuestion:
    question: Question  # the rendered question (HTML text)
    profile: str
    choices: tuple[Choice, ...] = ()
    weight: int = 1
    note: str = ""  # how a type the profile lacks was expressed; empty when mapped natively


@dataclass(frozen=True)
class LeftOut:
    question: Question
    reason: str


@dataclass
class MappedQuiz:
    page: QuizPage
    questions: list[MappedQuestion] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    max_attempts: str = "unlimited"
    weights_exact: bool = True
    diagnostics: list[Diagnostic] = field(default_factory=list)


def map_quiz(page: QuizPage, direction: str = "ltr") -> MappedQuiz:
    """Map every question of `page`; the result's diagnostics say what could not map natively."""
    mapped = MappedQuiz(page)
    for question in page.rendered.questions:
        _map_question(mapped, question, direction)
    _apply_weights(mapped)
    _map_attempts(mapped)
    return mapped


def _warn(mapped: MappedQuiz, line: int, message: str, code: str, hint: str = "") -> None:
    mapped.diagnostics.append(warning(mapped.page.source_path, line or mapped.page.source_line, message, code,
                                      hint=hint))


def _map_question(mapped: MappedQuiz, q: Question, direction: str) -> None:
    if q.type in (QuestionType.SINGLE, QuestionType.TRUE_FALSE, QuestionType.MULTIPLE):
        mapped.questions.append(MappedQuestion(q, _choice_profile(q), _choices(q)))
    elif q.type is QuestionType.FILL_IN:
        mapped.questions.append(MappedQuestion(q, FIB))
    else:
        _map_as_candidates(mapped, q, direction)


def _choice_profile(q: Question) -> str:
    if q.type is QuestionType.MULTIPLE:
        return MR
    # A two-option single choice is structurally a true/false item (exactly two labels).
    return TF if q.type is QuestionType.TRUE_FALSE or len(q.choices) == 2 else MC


def _choices(q: Question) -> tuple[Choice, ...]:
    return tuple(Choice(c.id, c.text, c.correct, c.feedback) for c in q.choices)


def _map_as_candidates(mapped: MappedQuiz, q: Question, direction: str) -> None:
    kind = "an ordering" if q.type is QuestionType.ORDERING else "a matching"
    candidates = ordering_candidates(q) if q.type is QuestionType.ORDERING else matching_candidates(q)
    if len(candidates) < 3:
        reason = (f"{kind} question with only {len(candidates)} possible answers cannot be asked as a Common "
                  "Cartridge single choice (three options needed)")
        mapped.left_out.append(LeftOut(q, reason))
        _warn(mapped, q.line, f'question "{q.id}" is left out of the Common Cartridge quiz: {reason}',
              "imscc.question-left-out",
              hint="add an item or a distractor, or use the qti21 target, which keeps every question type")
        return
    render = _order_html if q.type is QuestionType.ORDERING else _matching_html
    choices = tuple(Choice(key, render(q, key, direction), i == 0) for i, key in enumerate(candidates))
    note = (f"{kind} question, which Common Cartridge 1.1 cannot hold, is asked as a single choice between "
            f"{len(choices)} candidate answers (same points, still all-or-nothing)")
    mapped.questions.append(MappedQuestion(q, MC, choices, note=note))
    _warn(mapped, q.line, f'question "{q.id}" is {note}', "imscc.question-mapped",
          hint="the qti21 target keeps matching and ordering questions as they are")


def _rng(q: Question, quiz_id: str = "") -> random.Random:
    # Seeded from stable IDs (string seeds are hashed with SHA-512), so every build offers the same options.
    return random.Random(f"imscc/{quiz_id}/{q.id}")


def _pick(correct: tuple, wrong: list[tuple], rng: random.Random) -> list[tuple]:
    chosen = rng.sample(wrong, min(CANDIDATES - 1, len(wrong)))
    return [correct] + sorted(chosen)  # sorted: the file order never depends on the sample order


def ordering_candidates(q: Question) -> list[str]:
    """Candidate keys `id,id,…` (item IDs in an order); the first is the correct order."""
    ids = tuple(item.id for item in q.items)
    return [",".join(order) for order in _pick(ids, _wrong_orders(ids, _rng(q)), _rng(q))]


def _wrong_orders(ids: tuple[str, ...], rng: random.Random) -> list[tuple[str, ...]]:
    if len(ids) <= 6:
        return [p for p in itertools.permutations(ids) if p != ids]
    wrong: set[tuple[str, ...]] = set()
    while len(wrong) < CANDIDATES - 1:  # 7! orders: three wrong ones come quickly
        order = list(ids)
        rng.shuffle(order)
        if tuple(order) != ids:
            wrong.add(tuple(order))
    return sorted(wrong)


def matching_candidates(q: Question) -> list[str]:
    """Candidate keys `premise=response,…` (pair and distractor IDs); the first is the correct matching."""
    premises = tuple(p.id for p in q.pairs)
    responses = premises + tuple(d.id for d in q.distractors)
    rng = _rng(q)
    if len(responses) <= 6:
        wrong = [p for p in itertools.permutations(responses, len(premises)) if p != premises]
    else:
        wrong = _wrong_orders(responses, rng)
        wrong = [w[:len(premises)] for w in wrong if w[:len(premises)] != premises]
    keys = _pick(premises, wrong, rng)
    return [",".join(f"{p}={r}" for p, r in zip(premises, key)) for key in keys]


def _order_html(q: Question, key: str, direction: str) -> str:
    text = {item.id: item.text for item in q.items}
    return "<ol>" + "".join(f"<li>{text[i]}</li>" for i in key.split(",")) + "</ol>"


def _matching_html(q: Question, key: str, direction: str) -> str:
    left = {p.id: p.left for p in q.pairs}
    right = {p.id: p.right for p in q.pairs} | {d.id: d.text for d in q.distractors}
    arrow = " ← " if direction == "rtl" else " → "  # the arrow points from premise to response in reading order
    pairs = (pair.split("=") for pair in key.split(","))
    return "<ul>" + "".join(f"<li>{left[p]}{arrow}{right[r]}</li>" for p, r in pairs) + "</ul>"


def parse_candidate(key: str) -> list[str] | dict[str, str]:
    """Read a candidate key back (tests and tools): an order, or a premise → response mapping."""
    if "=" in key:
        return dict(pair.split("=") for pair in key.split(","))
    return key.split(",")


def _apply_weights(mapped: MappedQuiz) -> None:
    points = [m.question.points for m in mapped.questions]
    weights, exact = cc_weights(points)
    mapped.questions = [MappedQuestion(m.question, m.profile, m.choices, w, m.note)
                        for m, w in zip(mapped.questions, weights)]
    mapped.weights_exact = exact
    if not exact:
        _warn(mapped, mapped.page.source_line,
              f'quiz "{mapped.page.id}" has question points that Common Cartridge cannot express exactly '
              f"(whole numbers 1–{MAX_WEIGHT}); they are rounded to {weights}", "imscc.points-rounded",
              hint=f"use whole-number points up to {MAX_WEIGHT}, or proportions that reduce to them")


def cc_weights(points: list[float]) -> tuple[list[int], bool]:
    """Integer `cc_weighting` values 1–99 in the same proportions as `points`, and whether exact.

    Points already in range are kept; otherwise they are divided by their greatest common
    divisor (0.5 and 1 become 1 and 2); only if that still exceeds 99 are they rounded.
    """
    if not points:
        return [], True
    fractions = [Fraction(p).limit_denominator(10**6) for p in points]
    if all(f.denominator == 1 and 1 <= f <= MAX_WEIGHT for f in fractions):
        return [int(f) for f in fractions], True
    unit = reduce(lambda a, b: Fraction(gcd(a.numerator * b.denominator, b.numerator * a.denominator),
                                        a.denominator * b.denominator), fractions)
    scaled = [f / unit for f in fractions]
    if max(scaled) <= MAX_WEIGHT:
        return [int(s) for s in scaled], True
    top = max(fractions)
    return [max(1, round(MAX_WEIGHT * f / top)) for f in fractions], False


def _map_attempts(mapped: MappedQuiz) -> None:
    attempts = mapped.page.quiz.settings.attempts
    if attempts == 0:
        mapped.max_attempts = "unlimited"
    elif attempts <= MAX_ATTEMPTS:
        mapped.max_attempts = str(attempts)
    else:
        mapped.max_attempts = "unlimited"
        _warn(mapped, mapped.page.source_line,
              f'quiz "{mapped.page.id}" allows {attempts} attempts; Common Cartridge allows 1–{MAX_ATTEMPTS} or '
              "unlimited, so the cartridge says unlimited", "imscc.attempts",
              hint=f"set the number of attempts in the LMS after import, or use at most {MAX_ATTEMPTS}")
