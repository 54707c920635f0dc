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
  texts contain them. An answer of 5 words or more is also stated by any run of 4 of its words,
  and a part of an answer in brackets ("… Organized Crime (GI-TOC)") by all its words;
- a matching pair is stated when the text *mentions* both its premise and its response, where a
  mention is the whole text, a run of 2 of its words, or one word mixing letters and digits
  ("cop6"), found in no other premise or response;
- an ordering is stated when at least 3 items (all, if fewer) are mentioned in the correct order;
- an ID spells an answer when its words ('-', '_' and '.' separate them) contain an answer, a
  bracketed part, or a run of 2 words of a correct option, or one of these written as one word.
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
_BRACKETED = re.compile(r"\(([^()]+)\)")
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


class Text:
    """A text's words, with fast phrase search: Studio saves up to 256 KB of author text, and the
    rules look up thousands of short phrases, so these are table look-ups, not scans."""

    _TABLED = 4  # phrases up to this many words are looked up in a table of the text's n-grams

    def __init__(self, text: str | Words) -> None:
        self.words = words(text) if isinstance(text, str) else text
        self._joined = " " + " ".join(self.words) + " "
        self._grams: dict[int, dict[Words, int]] = {}

    def grams(self, n: int) -> dict[Words, int]:
        """Every run of `n` words → the word index where it first occurs."""
        if n not in self._grams:
            table: dict[Words, int] = {}
            for i in range(len(self.words) - n + 1):
                table.setdefault(self.words[i:i + n], i)
            self._grams[n] = table
        return self._grams[n]

    def position(self, phrase: Words) -> int | None:
        """Where `phrase` first occurs as consecutive whole words (a word index), or None."""
        if not phrase:
            return None
        if len(phrase) <= self._TABLED:
            return self.grams(len(phrase)).get(phrase)
        at = self._joined.find(" " + " ".join(phrase) + " ")
        return None if at < 0 else self._joined.count(" ", 0, at)

    def __contains__(self, phrase: Words) -> bool:
        return self.position(phrase) is not None


class Texts:
    """Texts a phrase must not be found in to count as a give-away (the question's own text, wrong
    options, the other premises…); `skip` leaves out the text the phrase comes from."""

    def __init__(self, texts: Iterable[Text]) -> None:
        self.texts = list(texts)
        self._owners: dict[int, dict[Words, set[int]]] = {}

    def seen(self, phrase: Words, skip: int = -1) -> bool:
        if len(phrase) > Text._TABLED:
            return any(phrase in text for k, text in enumerate(self.texts) if k != skip)
        owners = self._owners_of(len(phrase)).get(phrase, ())
        return len(owners) > 1 or (len(owners) == 1 and skip not in owners)

    def _owners_of(self, n: int) -> dict[Words, set[int]]:
        if n not in self._owners:
            owners: dict[Words, set[int]] = {}
            for k, text in enumerate(self.texts):
                for gram in text.grams(n):
                    owners.setdefault(gram, set()).add(k)
            self._owners[n] = owners
        return self._owners[n]


def _runs(phrase: Words, n: int) -> Iterable[Words]:
    return (phrase[i:i + n] for i in range(len(phrase) - n + 1))


def _long_enough(phrase: Words) -> bool:
    return len(" ".join(phrase)) >= MIN_ANSWER_CHARS


# --- policy ---------------------------------------------------------------------------------

def withholds_after_wrong_attempt(settings: QuizSettings) -> bool:
    """Whether answers are still hidden after one failed attempt (so its feedback must not state them)."""
    return not answers_visible(settings, attempts_used=1, passed=False)


def withholds_before_first_attempt(settings: QuizSettings) -> bool:
    """Whether answers are hidden before any attempt (so IDs, always visible, must not spell them)."""
    return not answers_visible(settings, attempts_used=0, passed=False)


# --- what each question keeps secret ----------------------------------------------------------

def _question_text(q: Question) -> list[Text]:
    return [Text(q.prompt), Text(q.body)]


def _visible(q: Question) -> Texts:
    """What the learner sees anyway: the question's text and its wrong options."""
    return Texts(_question_text(q) + [Text(c.text) for c in q.choices if not c.correct])


def secret_answers(q: Question) -> list[str]:
    """The answer texts of a choice or fill-in question (correct options, accepted answers)."""
    if q.type is QuestionType.FILL_IN:
        return list(q.answers)
    return [c.text for c in q.choices if c.correct]


def answer_forms(answer: str) -> list[Words]:
    """The words of an answer, and of each part of it in brackets: an option "The Global Initiative
    Against Transnational Organized Crime (GI-TOC)" is just as well stated by "GI-TOC"."""
    return [phrase for phrase in [words(answer)] + [words(part) for part in _BRACKETED.findall(answer)]
            if _long_enough(phrase)]


def states_answer(text: Text, answer: str, visible: Texts, beside: Text = Text(())) -> bool:
    """Whether `text` states `answer`: all the words of one of its forms, or for a long form a run
    of 4, found in neither `visible` nor `beside` (the option `text` is feedback on)."""

    def new(part: Words) -> bool:
        return part in text and part not in beside and not visible.seen(part)

    return any(new(phrase) or (len(phrase) >= LONG_ANSWER_WORDS and any(map(new, _runs(phrase, ANSWER_RUN))))
               for phrase in answer_forms(answer))


def _mentions(text: Text, group: Texts, index: int) -> int | None:
    """The word position where `text` first mentions `group.texts[index]`, or None (see the module
    docstring): by a phrase of it found in no other text of the group."""
    phrase = group.texts[index].words
    candidates = [phrase] + list(_runs(phrase, MENTION_RUN)) + [
        (word,) for word in phrase if any(ch.isdigit() for ch in word) and not word.isdigit()]
    found = [at for at in (text.position(c) for c in candidates
                           if _long_enough(c) and not group.seen(c, skip=index)) if at is not None]
    return min(found) if found else None


def _stated_pairs(text: Text, q: Question) -> list[str]:
    shown = _question_text(q)
    lefts = Texts(shown + [Text(p.left) for p in q.pairs])
    rights = Texts(shown + [Text(p.right) for p in q.pairs] + [Text(d.text) for d in q.distractors])
    return [f"{pair.left} -> {pair.right}" for i, pair in enumerate(q.pairs, len(shown))
            if _mentions(text, lefts, i) is not None and _mentions(text, rights, i) is not None]


def _states_order(text: Text, q: Question) -> bool:
    shown = _question_text(q)
    group = Texts(shown + [Text(i.text) for i in q.items])
    positions = [_mentions(text, group, n) for n in range(len(shown), len(group.texts))]
    mentioned = [p for p in positions if p is not None]
    return len(mentioned) >= min(ORDER_MENTIONS, len(q.items)) and mentioned == sorted(mentioned)


def stated_answers(text: str, q: Question, *, beside: str = "", visible: Texts | None = None) -> list[str]:
    """The answers of `q` that `text` states, as the author wrote them (empty when none).

    `beside` is the option the text is feedback on: it is on screen next to it, so repeating it
    gives nothing away. `visible` is `_visible(q)`, for a caller that checks many texts."""
    said = Text(text)
    if q.type is QuestionType.MATCHING:
        return _stated_pairs(said, q)
    if q.type is QuestionType.ORDERING:
        return ["the order of the items"] if _states_order(said, q) else []
    visible = visible or _visible(q)
    return [a for a in secret_answers(q) if states_answer(said, a, visible, Text(beside))]


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
    found, visible = [], _visible(q)
    for where, text, beside in after_wrong_attempt(q):
        found += [Reveal(where, answer) for answer in stated_answers(text, q, beside=beside, visible=visible)][:1]
    return found


def revealing_id(q: Question, settings: QuizSettings) -> str | None:
    """The answer `q.id` spells, if any: an accepted fill-in answer, a correct option's whole
    text (or a part in brackets), or a run of 2 of its words, not in the question's text or a
    wrong option; also written as one word ("gitoc" spells "GI-TOC")."""
    if not withholds_before_first_attempt(settings) or q.type in (QuestionType.MATCHING, QuestionType.ORDERING):
        return None
    ident = Text(q.id)  # '-', '_' and '.' separate words
    visible = _visible(q)
    for answer in secret_answers(q):
        forms = answer_forms(answer)
        runs = [] if q.type is QuestionType.FILL_IN else [run for form in forms for run in _runs(form, MENTION_RUN)]
        if any(_spells(ident, c) and not visible.seen(c) for c in forms + runs):
            return answer
    return None


def _spells(ident: Text, phrase: Words) -> bool:
    return _long_enough(phrase) and (phrase in ident or ("".join(phrase),) in ident)
