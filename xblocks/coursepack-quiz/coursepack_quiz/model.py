"""The quiz model: the one definition of a quiz shared by the builder, the graders and the XBlock.

Text fields hold Markdown as the author wrote it (`Quiz.map_text` turns them into HTML for a
target). A quiz serialises to versioned JSON (`format_version`), which the XBlock stores.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Annotated, Callable, ClassVar, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

FORMAT_VERSION = 1

#: Stable identifiers: letters, digits, '-', '_' and '.', starting with a letter or digit.
#: They become SCORM interaction IDs, QTI identifiers and OLX url_names, so no spaces.
#: The one definition of the ID syntax: the model, the quiz parser and the course checks use it.
ID_REGEX = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"
ID_PATTERN = re.compile(ID_REGEX)
Identifier = Annotated[str, StringConstraints(pattern=ID_REGEX)]


class QuestionType(str, Enum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true-false"
    FILL_IN = "fill-in"
    MATCHING = "matching"
    ORDERING = "ordering"


class ShowAnswers(str, Enum):
    """When the correct answers are revealed to the learner."""

    NEVER = "never"
    AFTER_SUBMIT = "after-submit"
    AFTER_PASS = "after-pass"
    AFTER_LAST_ATTEMPT = "after-last-attempt"
    ALWAYS = "always"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Choice(_Frozen):
    """An answer option of a single-choice, multiple-response or true/false question."""

    id: Identifier
    text: str
    correct: bool = False
    feedback: str = ""
    line: int = Field(0, description="source line (1-based) of the choice, for diagnostics")


class MatchPair(_Frozen):
    """A matching premise (`left`) and its correct response (`right`); the pair ID names both."""

    id: Identifier
    left: str
    right: str
    line: int = 0


class MatchDistractor(_Frozen):
    """A response that matches no premise."""

    id: Identifier
    text: str
    line: int = 0


class OrderItem(_Frozen):
    id: Identifier
    text: str
    line: int = 0


class Question(_Frozen):
    id: Identifier
    type: QuestionType
    prompt: str = Field(description="the question's heading text (Markdown inline)")
    body: str = Field("", description="further Markdown between the heading and the answers")
    points: float = Field(1.0, gt=0, le=1000)
    choices: tuple[Choice, ...] = ()
    answers: tuple[str, ...] = Field((), description="accepted fill-in answers")
    case_sensitive: bool = False
    pairs: tuple[MatchPair, ...] = ()
    distractors: tuple[MatchDistractor, ...] = ()
    items: tuple[OrderItem, ...] = Field((), description="ordering items, in the correct order")
    hints: tuple[str, ...] = ()
    facts: tuple[str, ...] = Field((), description="IDs of the source facts the answer key rests on (reviewers only)")
    applied: bool = Field(False, description="asks the learner to apply knowledge to a situation rather than recall it "
                                              "(`.applied` on the heading); reviewers and course tests count these")
    feedback_correct: str = ""
    feedback_incorrect: str = ""
    line: int = 0


class QuizSettings(_Frozen):
    """Quiz-level settings; in a quiz file they are front-matter keys."""

    pass_mark: float | None = Field(
        None, ge=0, le=100, description="percentage needed to pass; defaults to the course's pass_mark"
    )
    attempts: int = Field(0, ge=0, le=100, description="attempts allowed; 0 means unlimited")
    shuffle: bool = Field(False, description="shuffle the answer options (seeded, so every build is the same)")
    shuffle_questions: bool = Field(False, description="shuffle the question order (seeded)")
    seed: int | None = Field(None, ge=0, description="shuffle seed; by default derived from the quiz ID")
    show_answers: ShowAnswers = Field(ShowAnswers.AFTER_LAST_ATTEMPT, description="when correct answers are shown")
    weight: float = Field(1.0, ge=0, le=100, description="weight in the course score; 0 makes it a practice quiz")


class Quiz(_Frozen):
    format_version: Literal[1] = FORMAT_VERSION
    id: Identifier
    title: str
    intro: str = ""
    settings: QuizSettings = QuizSettings()
    questions: tuple[Question, ...] = ()

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def map_text(self, convert: Callable[[str, bool], str]) -> "Quiz":
        """A copy with every author text converted; `convert(text, inline)` e.g. renders Markdown.

        `inline` is True for one-line texts (prompts, choices) and False for block texts. What the
        conversion leaves as it was (plain option text, often) is shared with this quiz, not copied:
        a build keeps both quizzes of every page.
        """

        def text(value: str, inline: bool = True) -> str:
            converted = convert(value, inline) if value else value
            return value if converted == value else converted

        def texts(values: tuple[str, ...], inline: bool = True) -> tuple[str, ...]:
            return _same_or(values, tuple(text(v, inline) for v in values))

        questions = []
        for q in self.questions:
            questions.append(_updated(q, {
                "prompt": text(q.prompt),
                "body": text(q.body, False),
                "choices": _same_or(q.choices, tuple(_updated(c, {"text": text(c.text), "feedback": text(c.feedback, False)})
                                                     for c in q.choices)),
                "pairs": _same_or(q.pairs, tuple(_updated(p, {"left": text(p.left), "right": text(p.right)})
                                                 for p in q.pairs)),
                "distractors": _same_or(q.distractors, tuple(_updated(d, {"text": text(d.text)}) for d in q.distractors)),
                "items": _same_or(q.items, tuple(_updated(i, {"text": text(i.text)}) for i in q.items)),
                "hints": texts(q.hints, False),
                "feedback_correct": text(q.feedback_correct, False),
                "feedback_incorrect": text(q.feedback_incorrect, False),
            }))
        return _updated(self, {"intro": text(self.intro, False), "questions": _same_or(self.questions, tuple(questions))})


_M = TypeVar("_M", bound=BaseModel)


def _updated(model: _M, values: dict) -> _M:
    """`model` with `values`, or `model` itself when every value is the very object it holds."""
    changed = {name: value for name, value in values.items() if getattr(model, name) is not value}
    return model.model_copy(update=changed) if changed else model


def _same_or(old: tuple, new: tuple) -> tuple:
    """`old` when `new` holds the very same objects (nothing in it changed), else `new`."""
    return old if len(old) == len(new) and all(a is b for a, b in zip(old, new)) else new


class QuizFrontMatter(QuizSettings):
    """The front matter of a quiz file: `type: quiz`, its title and ID, and the quiz settings."""

    help_topic: ClassVar[str] = "quizzes"  # the authoring guide's part on quizzes (`coursepack help quizzes`)

    type: Literal["quiz"]
    title: str = Field(min_length=1)
    id: Identifier | None = Field(None, description="stable ID; defaults to the file name without prefix")
    facts: tuple[str, ...] = Field((), description="IDs of the source facts the quiz relies on (reviewers only)")

    def settings(self) -> QuizSettings:
        return QuizSettings(**{name: getattr(self, name) for name in QuizSettings.model_fields})
