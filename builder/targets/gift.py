"""Target `gift`: every question of the course as a GIFT text file for Moodle's question bank.

GIFT is Moodle's plain-text question format. It has fewer places than Moodle XML, so:
single choice → `{=right ~wrong}`, multiple response → `{~%50%a ~%-100%b}` (fractions in
`_moodle.py`), true/false → `{TRUE#…#…}`, fill-in → short answer `{=%100%a =%100%b}` with every
accepted answer, matching → `{=left -> right}`, and ordering → matching of each item to its
position (GIFT has no ordering type that other readers know). GIFT holds no files, no hints and
no combined right/wrong feedback: images become their alt text (with a warning), hints are left
out and said so in the admin report, and "correct"/"incorrect" messages go into per-answer
feedback where the type has it, else the explanation becomes the general feedback.
"""

from __future__ import annotations

from coursepack_quiz.diagnostics import Diagnostic, Sink, warning
from coursepack_quiz.model import Question, QuestionType

from ..model import Course
from ..report import AdminReport, course_fact
from ..runtime.bundle import plain_text
from .. import urls
from . import _moodle, register
from ._moodle import Placed, joined, percent
from ._activities import files_left_out, left_out_data, left_out_notes, left_out_summary
from .base import ALL_PAGE_KINDS, Output, Target

#: GIFT's control characters; a backslash before one makes it text (the backslash itself first).
SPECIAL = "\\~=#{}:"
HTML = "[html]"


def escape(text: str) -> str:
    """Text safe anywhere in a GIFT question; a line break becomes GIFT's `\\n`, so a text never
    opens a blank line (the question separator) or a line starting `//` (a comment)."""
    for char in SPECIAL:
        text = text.replace(char, "\\" + char)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def rich(html_text: str) -> str:
    """Rendered HTML as GIFT text: page links and images as text (GIFT holds no files), escaped.

    "->" (which GIFT cannot escape) would make Moodle read a short-answer question as matching, or
    split a matching premise; HTML reads "-&gt;" the same, in text and in attribute values alike."""
    html_text = urls.unlink(html_text, lambda kind, value, inner: inner)
    return escape(_moodle.images_as_text(html_text)).replace("->", "-&gt;")


def guarded(html_text: str) -> str:
    """An answer text that Moodle would otherwise misread: a leading `%…%` as a weight, a leading
    `[…]` as a format name. An explicit [html] before it settles both."""
    text = rich(html_text)
    return HTML + text if text.startswith(("%", "[")) else text


def feedback(html_text: str) -> str:
    return f"#{rich(html_text)}" if html_text else ""


@register
class GiftTarget(Target):
    name = "gift"
    description = "GIFT question file for Moodle's question bank (text only: no media, no hints)"
    package_format = "file"
    suffix = ".txt"  # Moodle's GIFT import and export use .txt
    priority = 36
    page_kinds = ALL_PAGE_KINDS  # scenarios and reflections are left out, and the report says so

    def check(self, course: Course, sink: Sink) -> None:
        sink.extend(_moodle.check_ids(course, self.name) + _moodle.check_matching(course, self.name))
        for placed in _moodle.placed_questions(course):
            sink.extend(_limits(placed))

    def emit(self, course: Course) -> Output:
        placed = _moodle.placed_questions(course)
        name = self.package_name(course)
        return Output({name: gift(course).encode("utf-8")}, _report(course, placed).files(name),
                      {"questions": str(len(placed)), "hints left out": str(sum(len(p.question.hints) for p in placed)),
                       **left_out_summary(course)})


def _limits(placed: Placed) -> list[Diagnostic]:
    q, page = placed.source, placed.page
    line = q.line or page.source_line
    out = []
    if _moodle.media_used(placed.question):
        out.append(warning(page.source_path, line, f'question "{q.id}" shows a course file; a GIFT file cannot '
                           "hold files, so images become their alt text and links their text",
                           "gift.media", hint="use the moodlexml target, which embeds the files"))
    if any("->" in answer for answer in q.answers):
        out.append(warning(page.source_path, line, f'question "{q.id}" accepts an answer containing "->", which '
                           "Moodle's GIFT import reads as a matching pair", "gift.arrow-answer",
                           hint="reword the answer, or use the moodlexml target"))
    if q.points != 1:
        out.append(warning(page.source_path, line, f'question "{q.id}" is worth {q.points:g} points; GIFT has no '
                           "points, so Moodle imports it worth 1", "gift.points",
                           hint="set the mark on the Moodle quiz, or use the moodlexml target"))
    return out


def gift(course: Course) -> str:
    header = [f"// {line}" for line in (
        f"{course.title} ({course.id}, version {course.config.version}, language {course.language})",
        "GIFT for Moodle: Question bank → Import → GIFT format, with \"Get category from file\" ticked.")]
    blocks = ["\n".join(header)]
    for module, placed in _moodle.by_module(course):
        blocks.append(f"$CATEGORY: {_moodle.category_path(course, module)}")  # Moodle reads it unescaped
        blocks += [question(course, p) for p in placed]
    return "\n\n".join(blocks) + "\n"


def question(course: Course, placed: Placed) -> str:
    q = placed.question
    comments = [f"// {placed.page.title} – question {q.id} ({q.type.value})"]
    if _moodle.fits(placed):
        comments.append(f"// [id:{placed.idnumber}]")
    answers, general = ANSWERS[q.type](q)
    lines = answers + ([f"####{rich(general)}"] if general else [])
    stem = f"::{escape(placed.name)}::{HTML}{rich(_moodle.question_html(course, q))}"
    return "\n".join(comments + [stem + "{"] + lines + ["}"])


def _single(q: Question) -> tuple[list[str], str]:
    """`=right ~wrong`; GIFT has no "correct"/"incorrect" message, so each option's feedback ends
    with the one its choice earns."""
    lines = []
    for c in q.choices:
        overall = q.feedback_correct if c.correct else q.feedback_incorrect
        lines.append(f"{'=' if c.correct else '~'}{guarded(c.text)}{feedback(joined(c.feedback, overall))}")
    return lines, ""


def _multiple(q: Question) -> tuple[list[str], str]:
    """`~%50%right ~%-100%wrong` (no `=`, which would make Moodle read single choice); a whole-question
    message cannot depend on the answer here, so the explanation is the general feedback."""
    fractions = _moodle.multiple_fractions(q)
    lines = [f"~%{percent(fractions[c.id])}%{guarded(c.text)}{feedback(c.feedback)}" for c in q.choices]
    return lines, q.feedback_incorrect


def _true_false(q: Question) -> tuple[list[str], str]:
    """`{TRUE#shown after a wrong answer#shown after the right one}` (Moodle's order)."""
    right = next(c for c in q.choices if c.correct)
    wrong = next(c for c in q.choices if not c.correct)
    truth = dict(zip((c.id for c in q.choices), _moodle.truths(q)))[right.id]
    wrong_text = joined(wrong.feedback, q.feedback_incorrect)
    right_text = joined(right.feedback, q.feedback_correct)
    marks = f"#{rich(wrong_text)}#{rich(right_text)}" if right_text else feedback(wrong_text)
    return [("TRUE" if truth else "FALSE") + marks], ""


def _short_answer(q: Question) -> tuple[list[str], str]:
    # An explicit %100% keeps an answer starting with "%" from reading as a weight; `*` is escaped
    # because it is Moodle's wildcard; `=%0%*` is Moodle's "any other answer".
    lines = [f"=%100%{escape(_moodle.shortanswer_pattern(a))}{feedback(q.feedback_correct)}" for a in q.answers]
    if q.feedback_incorrect:
        lines.append(f"=%0%*{feedback(q.feedback_incorrect)}")
    return lines, ""


def _matching(q: Question) -> tuple[list[str], str]:
    pairs = [(p.left, p.right) for p in q.pairs] + [("", d.text) for d in q.distractors]
    return [_match_line(left, plain_text(right, _moodle.NAME_LIMIT)) for left, right in pairs], q.feedback_incorrect


def _ordering(q: Question) -> tuple[list[str], str]:
    """Each item matched to its position, 1 first: the same key, graded per item by Moodle."""
    return [_match_line(item.text, str(n)) for n, item in enumerate(q.items, 1)], q.feedback_incorrect


def _match_line(left_html: str, right_text: str) -> str:
    """`=premise -> response`: the response is plain text after the first "->" (rich() leaves none
    in the premise)."""
    left = f"{HTML}{rich(left_html)}" if left_html else ""
    return f"={left} -> {escape(right_text)}"


ANSWERS = {QuestionType.SINGLE: _single, QuestionType.MULTIPLE: _multiple, QuestionType.TRUE_FALSE: _true_false,
           QuestionType.FILL_IN: _short_answer, QuestionType.MATCHING: _matching, QuestionType.ORDERING: _ordering}


def _report(course: Course, placed: list[Placed]) -> AdminReport:
    hints = sum(len(p.question.hints) for p in placed)
    lost_correct = [p for p in placed if p.question.type in (QuestionType.MULTIPLE, QuestionType.MATCHING,
                                                             QuestionType.ORDERING) and p.question.feedback_correct]
    ordering = sum(1 for p in placed if p.question.type is QuestionType.ORDERING)
    files_note, files_data = files_left_out(course, set(), "GIFT, a text format,")
    return AdminReport(
        title=f"{course.title}: GIFT question file",
        summary="Every question of the course as a GIFT text file for a Moodle question bank, filed in one "
                "category per module. The Moodle XML file of the same course keeps more (hints, media, points, "
                "ordering questions); prefer it when you can.",
        facts=[course_fact(course.title, course.id, course.language, course.config.version),
               ("Format", "GIFT (Question bank → Import → GIFT format), UTF-8"),
               ("Questions", str(len(placed))),
               ("Categories", f"{len({p.module.id for p in placed})}, one per module, under top/{course.title}"),
               ("Hints left out", f"{hints} (GIFT has no hints)")],
        notes=[f"Ordering questions ({ordering}) become matching questions: each item is matched to its position "
               "(1 = first). Moodle gives partial credit per item, where the course grades all-or-nothing.",
               "Select-all-that-apply questions give each right option an equal share and each wrong option "
               "−100%, so a wrong tick scores 0; a learner who ticks only some of the right options (and no wrong "
               "one) gets partial credit, unlike in the course's own players. Matching also scores per pair.",
               "GIFT has no \"correct\"/\"incorrect\" message for the whole question. For single choice, "
               "true/false and fill-in they are added to each answer's feedback; for select-all, matching and "
               f"ordering the explanation becomes the general feedback and the \"correct\" message is left out "
               f"({len(lost_correct)} question(s)).",
               "GIFT holds no files: any image in a question becomes its alt text in brackets.",
               "Every question is worth 1 mark on import (GIFT has no points); set marks on the Moodle quiz.",
               "Each question carries its idnumber (<quiz ID>.<question ID>, in a // [id:…] comment) and its name "
               "starts with it. Moodle never updates questions on import: importing again adds a second copy.",
               "Quiz settings are not part of a question bank; set them on each Moodle quiz:",
               *_moodle.quiz_settings_notes(course),
               *left_out_notes(course, "GIFT"), *files_note],
        steps=_moodle.import_steps("GIFT format", "UTF-8 .txt"),
        data={"target": "gift", "hints_left_out": hints,
              "questions": [{"idnumber": p.idnumber, "category": _moodle.category_path(course, p.module)}
                            for p in placed], **left_out_data(course), **files_data})
