"""The quiz core: quiz model, Markdown quiz-syntax parser and the pure grading function.

It depends on pydantic and PyYAML only, so that the Open edX XBlock can install it without
the builder, Jinja2 or Python-Markdown.
"""

from .diagnostics import Diagnostic, Severity
from .grading import QuestionResult, QuizResult, grade, validate_responses
from .ids import add_missing_ids
from .inline import render_text
from .model import FORMAT_VERSION, Question, QuestionType, Quiz, QuizSettings, ShowAnswers
from .policy import answers_visible, attempts_left, from_public_responses, public_quiz, shuffle_order
from .syntax import parse_quiz, parse_quiz_document
from .upgrade import load_quiz_json, upgrade_quiz_json

__all__ = [
    "Diagnostic",
    "Severity",
    "FORMAT_VERSION",
    "Question",
    "QuestionType",
    "Quiz",
    "QuizSettings",
    "ShowAnswers",
    "parse_quiz",
    "parse_quiz_document",
    "grade",
    "validate_responses",
    "QuizResult",
    "QuestionResult",
    "answers_visible",
    "attempts_left",
    "shuffle_order",
    "public_quiz",
    "from_public_responses",
    "render_text",
    "add_missing_ids",
    "upgrade_quiz_json",
    "load_quiz_json",
]
