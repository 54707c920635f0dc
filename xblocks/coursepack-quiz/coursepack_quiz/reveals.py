"""Texts that give an answer away before the quiz's `show_answers` policy would show it.

Two leaks: feedback a learner sees after a wrong attempt (the `[!incorrect]` text, and the
feedback of an option that can be chosen in a wrong attempt) that states the answer, and a
question ID (learners can read IDs: in the page, and in the LMS's interaction records) that
spells it. Pure functions of a `Question` and its quiz's settings; syntax.py turns the findings
into located warnings, [quiz.feedback-reveals] and [quiz.id-reveals].

Texts are compared as word sequences (Unicode NFC, casefolded, split on anything that is not a
letter or digit), so the rules are language-neutral and only ever match whole words. A phrase
counts as a give-away only when it is not already in the question's own text (prompt, body) or
in a wrong option, which the learner sees anyway. The rules, tuned to miss a paraphrase rather
than to warn about innocent text:

- an answer (a correct option, an accepted fill-in answer) is *stated* when a text contains all
  its words, in order; answers shorter than 2 characters ("8") are skipped, as too many innocent
  texts contain them. An answer of 5 words or more is also stated by any run of 4 of its words;
- a matching pair is stated when the text *mentions* both its premise and its response, where a
  mention is the whole text, a run of 2 of its words, or one word mixing letters and digits
  ("cop6"), found in no other premise or response;
- an ordering is stated when at least 3 items (all, if fewer) are mentioned in the correct order.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable

from .inline import _LINK  # the one definition of a Markdown link in the quiz core
from .model import Question, QuestionType, QuizSettings
from .policy import answers_visible

Words = tuple[str, ...]

_WORD = re.compile(r"[^\W_]+")
MIN_ANSWER_CHARS = 2
LONG_ANSWER_WORDS, ANSWER_RUN = 5, 4
MENTION_RUN, ORDER_MENTIONS = 2, 3


@dataclass(frozen=True)
class Reveal:
    """`where` names the text the way grading names feedback: "incorrect" or "choice:<id>"."""

    where: str
    answer: str  # the answer it states, as the author wrote it


def words(text: str) -> Words:
    """A text's words: NFC, casefolded, link destinations dropped (their words are not shown)."""
    # NFC after casefold, as in grading.normalise: casefold can leave a string un-normalised.
    return tuple(_WORD.findall(unicodedata.normalize("NFC", _LINK.sub(r"\1", text).casefold())))


def position(text: Words, phrase: Words) -> int | None:
    """Where `phrase` first occurs in `text` as consecutive whole words (a word index), or None."""
    n = len(phrase)
    return next((i for i in range(len(text) - n + 1) if text[i:i + n] == phrase), None) if n else None


def contains(text: Words, phrase: Words) -> bool:
    return position(text, phrase) is not None


def _runs(phrase: Words, n: int) -> Iterable[Words]:
    return (phrase[i:i + n] for i in range(len(phrase) - n + 1))


def _seen(phrase: Words, visible: list[Words]) -> bool:
    return any(contains(text, phrase) for text in visible)


# --- policy ---------------------------------------------------------------------------------

def withholds_after_wrong_attempt(settings: QuizSettings) -> bool:
    """Whether answers are still hidden after one failed attempt (so its feedback must not state them)."""
    return not answers_visible(settings, attempts_used=1, passed=False)


def withholds_before_first_attempt(settings: QuizSettings) -> bool:
    """Whether answers are hidden before any attempt (so IDs, always visible, must not spell them)."""
    return not answers_visible(settings, attempts_used=0, passed=False)


# --- what each question keeps secret ----------------------------------------------------------

def _question_text(q: Question) -> list[Words]:
    return [words(q.prompt), words(q.body)]


def _wrong_options(q: Question) -> list[Words]:
    return [words(c.text) for c in q.choices if not c.correct]


def secret_answers(q: Question) -> list[str]:
    """The answer texts of a choice or fill-in question (correct options, accepted answers)."""
    if q.type is QuestionType.FILL_IN:
        return list(q.answers)
    return [c.text for c in q.choices if c.correct]


def states_answer(text: Words, answer: str, visible: list[Words]) -> bool:
    """Whether `text` states `answer`: all its words, or for a long answer a run of 4, unseen elsewhere."""
    phrase = words(answer)
    if len(" ".join(phrase)) < MIN_ANSWER_CHARS:
        return False
    if contains(text, phrase) and not _seen(phrase, visible):
        return True
    if len(phrase) < LONG_ANSWER_WORDS:
        return False
    return any(contains(text, run) and not _seen(run, visible) for run in _runs(phrase, ANSWER_RUN))


def _mentions(text: Words, phrase: Words, others: list[Words]) -> int | None:
    """The word position where `text` first mentions `phrase`, or None (see the module docstring)."""
    candidates = [phrase] + list(_runs(phrase, MENTION_RUN)) + [
        (word,) for word in phrase if any(ch.isdigit() for ch in word) and not word.isdigit()]
    positions = [position(text, c) for c in candidates
                 if len(" ".join(c)) >= MIN_ANSWER_CHARS and not _seen(c, others)]
    found = [p for p in positions if p is not None]
    return min(found) if found else None


def _stated_pairs(text: Words, q: Question) -> list[str]:
    lefts = [words(p.left) for p in q.pairs]
    rights = [words(p.right) for p in q.pairs] + [words(d.text) for d in q.distractors]
    visible = _question_text(q)
    stated = []
    for i, pair in enumerate(q.pairs):
        other_lefts = visible + lefts[:i] + lefts[i + 1:]
        other_rights = visible + rights[:i] + rights[i + 1:]
        if _mentions(text, lefts[i], other_lefts) is not None and \
                _mentions(text, rights[i], other_rights) is not None:
            stated.append(f"{pair.left} -> {pair.right}")
    return stated


def _states_order(text: Words, q: Question) -> bool:
    items = [words(i.text) for i in q.items]
    visible = _question_text(q)
    positions = [_mentions(text, item, visible + items[:n] + items[n + 1:]) for n, item in enumerate(items)]
    mentioned = [p for p in positions if p is not None]
    return len(mentioned) >= min(ORDER_MENTIONS, len(items)) and mentioned == sorted(mentioned)


def stated_answers(text: str, q: Question, *, beside: str = "") -> list[str]:
    """The answers of `q` that `text` states, as the author wrote them (empty when none).

    `beside` is the option the text is feedback on: it is on screen next to it, so repeating it
    gives nothing away."""
    said = words(text)
    if q.type is QuestionType.MATCHING:
        return _stated_pairs(said, q)
    if q.type is QuestionType.ORDERING:
        return ["the order of the items"] if _states_order(said, q) else []
    visible = _question_text(q) + _wrong_options(q) + [words(beside)]
    return [a for a in secret_answers(q) if states_answer(said, a, visible)]


# --- the two checks -------------------------------------------------------------------------

def after_wrong_attempt(q: Question) -> list[tuple[str, str, str]]:
    """(feedback key, text, option text) of every feedback a wrong attempt can show: `[!incorrect]`,
    and the feedback of wrong options (and, in multiple response, of right options chosen among wrong ones)."""
    texts = [("incorrect", q.feedback_incorrect, "")] if q.feedback_incorrect else []
    can_show = [c for c in q.choices if c.feedback and (not c.correct or q.type is QuestionType.MULTIPLE)]
    return texts + [(f"choice:{c.id}", c.feedback, c.text) for c in can_show]


def revealing_feedback(q: Question, settings: QuizSettings) -> list[Reveal]:
    """Feedback shown after a wrong attempt that states an answer `settings` still withholds."""
    if not withholds_after_wrong_attempt(settings):
        return []
    found = []
    for where, text, beside in after_wrong_attempt(q):
        found += [Reveal(where, answer) for answer in stated_answers(text, q, beside=beside)][:1]
    return found


def revealing_id(q: Question, settings: QuizSettings) -> str | None:
    """The answer `q.id` spells, if any: an accepted fill-in answer, a correct option's whole
    text, or a run of 2 of its words (not in the question's text or a wrong option)."""
    if not withholds_before_first_attempt(settings) or q.type in (QuestionType.MATCHING, QuestionType.ORDERING):
        return None
    ident = words(q.id)  # '-', '_' and '.' separate words
    visible = _question_text(q) + _wrong_options(q)
    for answer in secret_answers(q):
        phrase = words(answer)
        candidates = [phrase] + ([] if q.type is QuestionType.FILL_IN else list(_runs(phrase, MENTION_RUN)))
        if any(len(" ".join(c)) >= MIN_ANSWER_CHARS and contains(ident, c) and not _seen(c, visible)
               for c in candidates):
            return answer
    return None
