"""What the two Moodle question-bank targets (`gift`, `moodlexml`) share: one owner for how a
course's questions become Moodle questions, whatever the file syntax.

- One question category per module, `top/<course title>/<module title>`, so an import with
  "Get category from file" files every question under its course and module.
- A question's idnumber is `<quiz ID>.<question ID>` and its name starts with it, so a teacher
  finds each question by the ID in the course sources. (Moodle never updates a question on
  re-import: an import always adds questions, and drops an idnumber already used in the category.)
- Multiple response: each right option earns 100/n %, each wrong one −100 %, so the full key
  scores 100 %, any wrong tick scores 0 (Moodle never goes below 0); only a subset of the right
  options without a wrong one earns partial credit, where our own graders give 0.
- Links to lessons and the glossary become their text (a question bank has no lessons to link to).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from coursepack_quiz.diagnostics import Diagnostic, warning
from coursepack_quiz.model import Question, QuestionType

from ..model import Course, Module, QuizPage
from .. import urls
from ..runtime.bundle import plain_text

IDNUMBER_LIMIT = 100  # question_bank_entries.idnumber
NAME_LIMIT = 255  # question.name
_ALT = re.compile(r'\balt="([^"]*)"')


@dataclass(frozen=True)
class Placed:
    """A question with what a Moodle file needs around it: its quiz page and its module."""

    module: Module
    page: QuizPage
    question: Question  # rendered: every text is safe HTML
    source: Question  # as written, for diagnostics and plain-text answers

    @property
    def idnumber(self) -> str:
        return idnumber(self.page.id, self.question.id)

    @property
    def name(self) -> str:
        return question_name(self.idnumber, self.question.prompt)


def idnumber(quiz_id: str, question_id: str) -> str:
    return f"{quiz_id}.{question_id}"


def question_name(ident: str, prompt_html: str) -> str:
    return plain_text(f"{ident}: {prompt_html}", NAME_LIMIT)


def placed_questions(course: Course) -> tuple[Placed, ...]:
    """Every question of the course, in course order; placed once per course, for both Moodle
    targets' checks and files."""
    return course.derived("moodle.placed_questions", lambda: tuple(
        placed for module in course.modules for placed in _placed_in(module)))


def by_module(course: Course) -> list[tuple[Module, list[Placed]]]:
    """Each module that has questions, with its questions: one category each."""
    grouped = itertools.groupby(placed_questions(course), key=lambda placed: id(placed.module))  # in course order
    return [(mine[0].module, mine) for mine in (list(questions) for _, questions in grouped)]


def _placed_in(module: Module) -> list[Placed]:
    return [Placed(module, page, rendered, page.quiz.questions[n])
            for page in module.pages if isinstance(page, QuizPage)
            for n, rendered in enumerate(page.rendered.questions)]


def category_path(course: Course, module: Module) -> str:
    """`top/<course>/<module>`; Moodle reads `/` as the separator and `//` as a literal slash."""
    return "/".join(["top"] + [name.replace("/", "//") for name in (course.title, module.title)])


def question_html(course: Course, q: Question) -> str:
    """The question text: the prompt as a paragraph, then the body, in the course's language and
    direction (Moodle's page around it follows the learner's interface language instead)."""
    return f'<div lang="{course.language}" dir="{course.direction}"><p>{q.prompt}</p>{q.body}</div>'


def joined(*parts: str) -> str:
    """Feedback texts shown together, e.g. an option's own feedback and the "correct" message."""
    return "".join(part for part in parts if part)


def multiple_fractions(q: Question) -> dict[str, float]:
    """Percent per option of a multiple-response question (see the module docstring)."""
    right = sum(c.correct for c in q.choices)
    return {c.id: 100 / right if c.correct else -100.0 for c in q.choices}


def truths(q: Question) -> list[bool]:
    """Which option of a true/false question means "true": the quiz parser names the two options
    `true` and `false` whatever their words; a model built otherwise puts "true" first."""
    ids = [c.id for c in q.choices]
    return [i == "true" for i in ids] if set(ids) == {"true", "false"} else [True, False]


def choice_fractions(q: Question) -> dict[str, float]:
    if q.type is QuestionType.MULTIPLE:
        return multiple_fractions(q)
    return {c.id: 100.0 if c.correct else 0.0 for c in q.choices}


def percent(value: float) -> str:
    """Moodle's own precision for grades: 7 significant digits (33.33333, 14.28571)."""
    return f"{value:.7g}"


def shortanswer_pattern(answer: str) -> str:
    """An accepted fill-in answer as a Moodle short-answer pattern: `*` is Moodle's wildcard."""
    return answer.replace("*", r"\*")


def images_as_text(html_text: str) -> str:
    """Each course image as its alt text in brackets, for formats that cannot hold files."""
    def alt(image: str) -> str:
        found = _ALT.search(image)
        return f"[{found.group(1)}]" if found and found.group(1) else ""
    return urls.replace_media_images(html_text, alt)


def media_used(q: Question) -> list[str]:
    """Course-relative paths of the media a rendered question shows or links to."""
    return sorted({value for text in question_texts(q) for kind, value in urls.references(text) if kind == "media"})


def question_texts(q: Question) -> list[str]:
    """Every text of a question: where a file can be named (a question of a 1,000-lesson course
    has about twenty; most name none)."""
    return [q.prompt, q.body, *q.answers, *q.hints, q.feedback_correct, q.feedback_incorrect,
            *(text for c in q.choices for text in (c.text, c.feedback)),
            *(text for p in q.pairs for text in (p.left, p.right)),
            *(d.text for d in q.distractors), *(item.text for item in q.items)]


def check_ids(course: Course, target: str) -> list[Diagnostic]:
    """An idnumber longer than Moodle's column would be cut short on import."""
    out = []
    for placed in placed_questions(course):
        if len(placed.idnumber) > IDNUMBER_LIMIT:
            out.append(warning(placed.page.source_path, placed.source.line or placed.page.source_line,
                               f'question "{placed.question.id}" gets the Moodle idnumber "{placed.idnumber}", '
                               f"longer than Moodle's {IDNUMBER_LIMIT} characters; the {target} file leaves it "
                               "out", f"{target}.long-idnumber", hint="shorten the quiz or question ID"))
    return out


def fits(placed: Placed) -> bool:
    return len(placed.idnumber) <= IDNUMBER_LIMIT


def check_matching(course: Course, target: str) -> list[Diagnostic]:
    """Moodle refuses a matching question with fewer than 2 premises or 3 responses in all."""
    out = []
    for placed in placed_questions(course):
        q = placed.source
        if q.type is QuestionType.MATCHING and (len(q.pairs) < 2 or len(q.pairs) + len(q.distractors) < 3):
            out.append(warning(placed.page.source_path, q.line or placed.page.source_line,
                               f'matching question "{q.id}" has {len(q.pairs)} pair(s) and {len(q.distractors)} '
                               "distractor(s); Moodle needs at least 2 pairs and 3 responses in all and stops "
                               "the import there", f"{target}.small-matching",
                               hint="add a pair or a distractor (`- -> text`)"))
    return out


def import_steps(format_name: str, file_kind: str) -> list[str]:
    """How a teacher imports a question file, in Moodle 4.x and 5.x."""
    return ["Open the course's question bank: More → Question bank (Moodle 4), or More → Question banks and "
            "then the bank to fill (Moodle 5).",
            f"Choose Import, pick \"{format_name}\" and keep \"Get category from file\" ticked.",
            f"Upload this {file_kind} file and press Import, then Continue.",
            "Create a Quiz activity per quiz and add its questions with Add → from question bank, choosing the "
            "module's category."]


def quiz_settings_notes(course: Course) -> list[str]:
    """What a question bank cannot carry: each quiz's own settings, for the teacher to set."""
    return [f"Quiz “{page.title}” ({page.id}): pass mark {page.pass_mark:g}%, "
            f"{page.quiz.settings.attempts or 'unlimited'} attempt(s), "
            + (f"weight {page.weight:g} in the course score" if page.weight else "practice (weight 0)")
            + (", options shuffled" if page.quiz.settings.shuffle else "")
            + (", questions shuffled" if page.quiz.settings.shuffle_questions else "") + "."
            for page in course.quizzes()]
