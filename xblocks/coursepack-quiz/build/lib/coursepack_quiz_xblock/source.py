"""A `Quiz` written back as the Markdown quiz syntax, for the Studio editor.

The block stores the quiz as JSON; Studio shows authors the same Markdown they write in a course
folder (docs/authoring.md, "Quizzes"). `parse_quiz_document(quiz_markdown(quiz))` gives the quiz
back (tests/xblock/test_source.py proves it for every fixture quiz and for generated ones).
"""

from __future__ import annotations

import yaml

from coursepack_quiz.model import Question, QuestionType, Quiz, QuizSettings

_DEFAULTS = QuizSettings()


def quiz_markdown(quiz: Quiz) -> str:
    """The whole quiz file: front matter, intro, then one `##` section per question."""
    parts = [_front_matter(quiz)]
    if quiz.intro:
        parts.append(quiz.intro)
    parts += [_question(q) for q in quiz.questions]
    return "\n\n".join(parts) + "\n"


def _front_matter(quiz: Quiz) -> str:
    front: dict = {"type": "quiz", "title": quiz.title, "id": quiz.id}
    for name in QuizSettings.model_fields:
        value = getattr(quiz.settings, name)
        if value != getattr(_DEFAULTS, name):
            front[name] = value.value if hasattr(value, "value") else _number(value)
    body = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=1000)
    return f"---\n{body}---"


def _number(value):
    # 80.0 reads better as 80 in front matter, and parses back to the same float.
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _question(q: Question) -> str:
    lines = [_heading(q)]
    if q.body:
        lines += ["", q.body]
    lines.append("")
    lines += ANSWERS[q.type](q)
    callouts = [("hint", h) for h in q.hints]
    callouts += [("correct", q.feedback_correct)] if q.feedback_correct else []
    callouts += [("incorrect", q.feedback_incorrect)] if q.feedback_incorrect else []
    if callouts:
        lines.append("")
        for name, text in callouts:
            lines += _callout(name, text)
    return "\n".join(lines)


def _heading(q: Question) -> str:
    attrs = [f"#{q.id}"]
    if q.type is QuestionType.TRUE_FALSE:
        attrs.append(".true-false")
    if q.type is QuestionType.FILL_IN and q.case_sensitive:
        attrs.append(".case-sensitive")
    if q.points != 1:
        attrs.append(f"points={_number(q.points)}")
    return f"## {q.prompt} {{{' '.join(attrs)}}}"


def _callout(name: str, text: str) -> list[str]:
    first, *rest = text.split("\n")
    return [f"> [!{name}] {first}"] + [f"> {line}".rstrip() for line in rest]


def _choice_lines(q: Question, open_: str, close: str) -> list[str]:
    lines = []
    choices = q.choices
    if q.type is QuestionType.TRUE_FALSE:  # with .true-false the first option means "true"
        choices = sorted(choices, key=lambda c: c.id != "true")
    for c in choices:
        mark = "x" if c.correct else " "
        ident = "" if q.type is QuestionType.TRUE_FALSE else f" {{#{c.id}}}"
        lines.append(f"- {open_}{mark}{close} {c.text}{ident}")
        lines += [f"  > {line}".rstrip() for line in c.feedback.split("\n")] if c.feedback else []
    return lines


def _fill_lines(q: Question) -> list[str]:
    return [f"= {answer}" for answer in q.answers]


def _matching_lines(q: Question) -> list[str]:
    return [f"- {p.left} -> {p.right} {{#{p.id}}}" for p in q.pairs] + \
        [f"- -> {d.text} {{#{d.id}}}" for d in q.distractors]


def _ordering_lines(q: Question) -> list[str]:
    return [f"{n}. {item.text} {{#{item.id}}}" for n, item in enumerate(q.items, 1)]


ANSWERS = {
    QuestionType.SINGLE: lambda q: _choice_lines(q, "(", ")"),
    QuestionType.TRUE_FALSE: lambda q: _choice_lines(q, "(", ")"),
    QuestionType.MULTIPLE: lambda q: _choice_lines(q, "[", "]"),
    QuestionType.FILL_IN: _fill_lines,
    QuestionType.MATCHING: _matching_lines,
    QuestionType.ORDERING: _ordering_lines,
}
