"""The quiz core: quiz model, Markdown quiz-syntax parser and the pure grading function.

It depends on pydantic and PyYAML only, so that the Open edX XBlock can install it without
the builder, Jinja2 or Python-Markdown.
"""

from .diagnostics import Diagnostic, Severity
from .model import FORMAT_VERSION, Question, QuestionType, Quiz, QuizSettings

__all__ = [
    "Diagnostic",
    "Severity",
    "FORMAT_VERSION",
    "Question",
    "QuestionType",
    "Quiz",
    "QuizSettings",
]
