"""Answers in the quiz syntax: one reader per answer line kind, one builder per answer shape.

A reader turns one answer line into an `Answer` (checking its marker and `{#id}`); a builder
turns a question draft's answers into checked `Question` fields, or None when they cannot make
a question at all. Every problem is a diagnostic naming the question. Drafts and answers are
draft.py's, shared with syntax.py.
"""

from __future__ import annotations

from typing import Any, Callable, Iterator

from .diagnostics import Sink
from .draft import Answer, Draft
from .model import ID_PATTERN, QuestionType
from .scanner import ID_HINT, Line, next_free, numbered, option_ids, split_attrs

Fields = dict[str, Any]
MARKS = frozenset({" ", "x", "X"})

#: Option names that make a two-option single-choice question true/false (compared casefolded).
TRUE_FALSE_WORDS = {
    "true": True, "false": False,
    "vrai": True, "faux": False,
    "verdadero": True, "verdadeiro": True, "falso": False,
    "صحيح": True, "خطأ": False,
}


def valid_id(ident: str, line: int, sink: Sink, label: str) -> bool:
    if ID_PATTERN.match(ident):
        return True
    sink.error(line, f"{label}: '{ident}' is not a valid ID", "quiz.bad-id",
               hint="IDs use letters, digits, '-', '_' and '.', start with a letter or digit, at most 64 characters")
    return False


# --- answer lines---------------------------------------------------------------------------

def _read_choice(line: Line, draft: Draft, sink: Sink) -> Answer:
    m = line.match
    text, ident, bad = _answer_attrs(m["text"], line, draft, sink)
    marker = m["open"] + m["mark"] + m["close"]
    answer = Answer(line, "choice", text, ident, bad, correct=m["mark"] in ("x", "X"), round=m["open"] == "(")
    if m["open"] + m["close"] not in ("()", "[]") or m["mark"] not in MARKS:
        sink.error(line.no, f'question "{draft.name}": "{marker}" is not an answer marker', "quiz.bad-marker",
                   col=m.start("open") + 1, hint="write (x) or ( ) for single choice, [x] or [ ] for multiple "
                   "response; only x or X marks a right answer")
    elif not m["gap"] or (m["text"] and not m["space"]):
        sink.error(line.no, f'question "{draft.name}": answer marker missing its space', "quiz.marker-space",
                   col=m.start("open") + 1, hint=f"write `- {marker} text`, with a space on each side of {marker}")
    elif not text:
        sink.error(line.no, f'question "{draft.name}": option has no text after {marker}', "quiz.empty-option")
    return answer


def _read_fill(line: Line, draft: Draft, sink: Sink) -> Answer:
    text = line.match["text"].strip()
    if not text:
        sink.error(line.no, f'question "{draft.name}": empty "=" line', "quiz.empty-answer",
                   hint="write the accepted answer after '=', or remove the line")
    elif not line.match["space"]:
        sink.error(line.no, f'question "{draft.name}": "=" missing its space', "quiz.marker-space",
                   col=1, hint=f"write `= {text}`")
    return Answer(line, "fill", text)


def _read_pair(line: Line, draft: Draft, sink: Sink) -> Answer:
    right, ident, bad = _answer_attrs(line.match["right"], line, draft, sink)
    left = line.match["left"].strip()
    if not right:
        side = "distractor" if not left else "pair"
        sink.error(line.no, f'question "{draft.name}": matching {side} has nothing after "->"', "quiz.matching-empty",
                   hint="write `- premise -> response {#id}`, or `- -> distractor {#id}`")
    return Answer(line, "pair", right, ident, bad, left=left)


def _read_item(line: Line, draft: Draft, sink: Sink) -> Answer:
    text, ident, bad = _answer_attrs(line.match["text"], line, draft, sink)
    if not text:
        sink.error(line.no, f'question "{draft.name}": ordering item has no text', "quiz.empty-option")
    return Answer(line, "item", text, ident, bad, number=int(line.match["num"]))


ANSWER_READERS: dict[str, Callable[[Line, Draft, Sink], Answer]] = {
    "choice": _read_choice, "fill": _read_fill, "pair": _read_pair, "item": _read_item,
}


def _answer_attrs(text: str, line: Line, draft: Draft, sink: Sink) -> tuple[str, str | None, bool]:
    """An answer line's text without its `{#id}`, the ID, and whether an invalid ID was reported."""
    text, tokens = split_attrs(text)
    ident, bad = None, False
    for token in tokens or ():
        if token.startswith("#") and ident is None and not bad:
            ident = token[1:] if valid_id(token[1:], line.no, sink, f'question "{draft.name}"') else None
            bad = ident is None
        else:
            sink.error(line.no, f'question "{draft.name}": attribute \'{token}\' is not understood here',
                       "quiz.bad-attribute", hint="an answer line takes one {#id}")
    return text, ident, bad


# --- answer shapes

def build_fields(draft: Draft, sink: Sink) -> Fields | None:
    kind = draft.answers[0].kind
    if "true-false" in draft.classes and kind != "choice":
        sink.error(draft.line, f'question "{draft.name}" is marked .true-false but has no ( ) options',
                   "quiz.true-false-options")
        return None
    return BUILDERS[kind](draft, sink)


def assign_ids(draft: Draft, groups: list[tuple[list[Answer], Iterator[str]]], sink: Sink, what: str) -> None:
    """Explicit IDs must be unique within the question; the others get the next unused candidate
    of their group (all groups share one namespace), with one warning for the whole question."""
    used: set[str] = set()
    for answers, _ in groups:
        for answer in answers:
            if answer.id is not None and answer.id in used:
                sink.error(answer.line.no, f'question "{draft.name}": ID "{answer.id}" is used twice',
                           "quiz.duplicate-option-id",
                           hint=f"{what.removesuffix('s')} IDs must be unique within their question")
            if answer.id is not None:
                used.add(answer.id)
    missing = []
    for answers, candidates in groups:
        for answer in answers:
            if answer.id is None:
                answer.id = next_free(candidates, used)
                missing += [] if answer.bad_id else [answer]
    if missing:
        names = ", ".join(answer.id for answer in missing)
        what = what if len(missing) > 1 else what.removesuffix("s")
        sink.warning(missing[0].line.no, f'question "{draft.name}": {len(missing)} {what} without an ID; '
                     f"using provisional ID{'s' if len(missing) > 1 else ''} {names}", "id.missing", hint=ID_HINT)


def _choices(answers: list[Answer], ids: list[str] | None = None) -> tuple[Fields, ...]:
    return tuple({"id": ident or answer.id, "text": answer.text, "correct": answer.correct,
                  "feedback": "\n".join(answer.feedback).strip(), "line": answer.line.no}
                 for answer, ident in zip(answers, ids or [None] * len(answers)))


def _build_choices(draft: Draft, sink: Sink) -> Fields | None:
    answers = draft.answers
    if len({answer.round for answer in answers}) > 1:
        other = next(a for a in answers if a.round != answers[0].round)
        sink.error(other.line.no, f'question "{draft.name}" mixes ( ) and [ ] options', "quiz.mixed-markers",
                   hint="( ) is single choice (one right answer), [ ] is multiple response")
        return None
    if is_true_false(draft):
        return _build_true_false(draft, sink)
    assign_ids(draft, [(answers, option_ids())], sink, "options")
    marked = sum(answer.correct for answer in answers)
    if answers[0].round and marked != 1:
        code, message = ("quiz.no-correct", "has no (x) option") if not marked else \
            ("quiz.several-correct", f"has {marked} (x) options")
        sink.error(draft.line, f'single-choice question "{draft.name}" {message}', code,
                   hint="mark exactly one option with (x); use [x] / [ ] for several right answers")
    elif not answers[0].round and not marked:
        sink.error(draft.line, f'multiple-response question "{draft.name}" has no [x] option', "quiz.none-checked",
                   hint="mark every right answer with [x]")
    kind = QuestionType.SINGLE if answers[0].round else QuestionType.MULTIPLE
    return {"type": kind, "choices": _choices(answers)}


def is_true_false(draft: Draft) -> bool:
    """True/false by `.true-false`, or by two ( ) options named True and False (or Vrai/Faux…)."""
    return "true-false" in draft.classes or _named_true_false(draft.answers)


def _named_true_false(answers: list[Answer]) -> bool:
    truths = [TRUE_FALSE_WORDS.get(answer.text.strip().casefold()) for answer in answers]
    return len(answers) == 2 and answers[0].round and set(truths) == {True, False}


def _build_true_false(draft: Draft, sink: Sink) -> Fields | None:
    answers = draft.answers
    if len(answers) != 2 or not answers[0].round:
        sink.error(draft.line, f'true/false question "{draft.name}" needs exactly two ( ) options, '
                   f"not {len(answers)}", "quiz.true-false-options")
        return None
    truths = [TRUE_FALSE_WORDS.get(answer.text.strip().casefold()) for answer in answers]
    if set(truths) != {True, False}:
        truths = [True, False]  # `.true-false` with other words: the first option means "true"
    marked = sum(answer.correct for answer in answers)
    if marked != 1:
        both = "both options" if marked else "neither option"
        sink.error(draft.line, f'true/false question "{draft.name}" has {both} marked (x)', "quiz.true-false-answer",
                   hint="mark exactly one of the two with (x)")
    ids = ["true" if truth else "false" for truth in truths]
    return {"type": QuestionType.TRUE_FALSE, "choices": _choices(answers, ids)}


def _build_fill(draft: Draft, sink: Sink) -> Fields | None:
    answers = tuple(dict.fromkeys(answer.text for answer in draft.answers if answer.text))
    return {"type": QuestionType.FILL_IN, "answers": answers, "case_sensitive": "case-sensitive" in draft.classes}


def _build_matching(draft: Draft, sink: Sink) -> Fields | None:
    pairs = [answer for answer in draft.answers if answer.left]
    distractors = [answer for answer in draft.answers if not answer.left]
    assign_ids(draft, [(pairs, numbered("p")), (distractors, numbered("d"))], sink, "matching lines")
    if len(pairs) < 2:
        count = f'{len(pairs)} pair{"" if len(pairs) == 1 else "s"}'
        sink.error(draft.line, f'matching question "{draft.name}" has {count}; it needs at least 2',
                   "quiz.matching-pairs", hint="write `- premise -> response {#id}` lines")
    return {"type": QuestionType.MATCHING,
            "pairs": tuple({"id": a.id, "left": a.left, "right": a.text, "line": a.line.no} for a in pairs),
            "distractors": tuple({"id": a.id, "text": a.text, "line": a.line.no} for a in distractors)}


def _build_ordering(draft: Draft, sink: Sink) -> Fields | None:
    items = draft.answers
    assign_ids(draft, [(items, numbered("i"))], sink, "items")
    if len(items) < 2:
        sink.error(draft.line, f'ordering question "{draft.name}" has only one item; it needs at least 2',
                   "quiz.ordering-items", hint="write the items as a numbered list in the correct order")
    numbers = [item.number for item in items]
    if len(set(numbers)) > 1 and numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        sink.warning(items[0].line.no, f'ordering question "{draft.name}": items are numbered {numbers}; the '
                     "correct order is the order of the lines, not their numbers", "quiz.ordering-numbers",
                     hint="number them 1, 2, 3… in the correct order")
    return {"type": QuestionType.ORDERING,
            "items": tuple({"id": a.id, "text": a.text, "line": a.line.no} for a in items)}


BUILDERS: dict[str, Callable[[Draft, Sink], Fields | None]] = {
    "choice": _build_choices, "fill": _build_fill, "pair": _build_matching, "item": _build_ordering,
}
