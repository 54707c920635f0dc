"""The LMS-admin report beside the cartridge: what imports as what, and what an admin must set by hand."""

from __future__ import annotations

from coursepack_quiz.model import QuestionType

from ...model import Course
from ...report import AdminReport, course_fact
from .._activities import untracked_notes
from .mapping import FIB, MR, TF, MappedQuiz

_STEPS = [
    "Canvas: Settings → Import Course Content → Content type “Common Cartridge 1.x Package” → choose the .imscc file.",
    "Moodle: Site or course administration → Restore → upload the .imscc file (Moodle converts it to a course); "
    "then name each section after the title shown in its summary, and set each quiz's grade (see the notes).",
    "Blackboard Learn: Course Content → Import Content → Import Common Cartridge → choose the file.",
    "D2L Brightspace: Course Admin → Import/Export/Copy Components → Import Components → from a package.",
    "Schoology: Course → Options → Import → Common Cartridge → choose the file.",
    "Open edX: prefer this course's `olx` package; from this cartridge, convert with cc2olx and check the url_names "
    "(see the notes) before importing into Studio.",
    "Re-importing a rebuilt cartridge updates the same pages and quizzes: every identifier comes from a stable ID.",
]


def build_report(course: Course, quizzes: list[MappedQuiz], with_bank: bool) -> AdminReport:
    questions = sum(len(m.questions) for m in quizzes)
    mapped = [(m, q) for m in quizzes for q in m.questions if q.note]
    left_out = [(m, lo) for m in quizzes for lo in m.left_out]
    facts = [
        course_fact(course.title, course.id, course.language),
        ("Format", "IMS Common Cartridge 1.1 (.imscc) with QTI 1.2 quizzes in the Common Cartridge profile"),
        ("Lessons", f"{sum(1 for _ in course.lessons())}, imported as web pages (plain HTML, no player needed)"),
        ("Quizzes", f"{len(quizzes)} with {questions} questions, imported as the LMS's own graded quizzes"),
        ("Question bank", "one bank with every question" if with_bank
         else "none (off by default: Moodle imports it as a second copy of every question)"),
        ("Questions asked another way", str(len(mapped))),
        ("Questions left out", str(len(left_out))),
    ]
    notes = _quiz_notes(quizzes) + _converter_notes(quizzes) + untracked_notes(course)
    notes += [f'“{m.page.title}”, question “{q.question.id}” ({m.page.source_path}:{q.question.line}) is {q.note}.'
              for m, q in mapped]
    notes += [f'“{m.page.title}”, question “{lo.question.id}” ({m.page.source_path}:{lo.question.line}) is NOT in '
              f"the cartridge: {lo.reason}." for m, lo in left_out]
    return AdminReport(
        title=f"Common Cartridge: {course.title}",
        summary="Import this cartridge into Canvas, Moodle, Blackboard, D2L Brightspace or Schoology: modules become "
                "the LMS's modules or sections, lessons its pages and quizzes its own graded quizzes, which teachers "
                "can then adapt.",
        facts=facts, notes=notes, steps=list(_STEPS),
        data={"quizzes": [_quiz_data(m) for m in quizzes], "question_bank": with_bank})


def _quiz_notes(quizzes: list[MappedQuiz]) -> list[str]:
    notes = []
    for m in quizzes:
        settings = m.page.quiz.settings
        notes.append(f"“{m.page.title}”: set the passing grade to {m.page.pass_mark:g}% by hand (Common Cartridge "
                     f"quizzes cannot carry a pass mark); attempts: {m.max_attempts}"
                     + ("" if str(settings.attempts or "unlimited") == m.max_attempts
                        else f" (the course asks for {settings.attempts}; set it by hand)")
                     + f"; correct answers shown: {settings.show_answers.value} (set this in the quiz's options).")
    return notes


def _converter_notes(quizzes: list[MappedQuiz]) -> list[str]:
    """What Moodle's and Open edX's importers do with this cartridge (notes/MOODLE-CC.md, CC2OLX.md)."""
    questions = [q for m in quizzes for q in m.questions]
    notes = ["Moodle names no section on import (its converter goes through the Moodle 1.9 format, which had no "
             "section names): every section is called “New section” and carries its module's title as its "
             "summary. Rename the sections from those summaries.",
             "Moodle gives every imported quiz a total of 10 whatever the number or weighting of its questions: "
             "check each quiz's maximum grade and question marks after import.",
             "Links from one lesson to another, or to a glossary term, are written as the link text followed by "
             "the page or term they point to: Moodle turns each lesson into a Page activity that no file path "
             "can reach (its activity-name filter, when on, links the lesson titles).",
             "Open edX (cc2olx): every answer key and every accepted fill-in answer converts; feedback and hints "
             "do not. cc2olx names all problems of one quiz after the quiz and invents the same name for every "
             "sequential and vertical, so olxcleaner reports duplicate url_names and Studio may merge those "
             "blocks: give them unique url_names before importing, or use the `olx` package."]
    if any(q.profile == MR for q in questions):
        notes.append("Moodle: a “select all that apply” question gives each right option an equal share and each "
                     "wrong option 0, so selecting every option earns full marks; give the wrong options a "
                     "negative grade after import (the course scores these questions all-or-nothing).")
    if any(q.profile == FIB and (q.question.feedback_incorrect or q.question.hints) for q in questions):
        notes.append("Moodle: fill-in questions import their accepted answers but not their wrong-answer feedback "
                     "or hints (its importer takes those only from conditions naming a wrong answer); other "
                     "questions carry hints in each wrong option's feedback.")
    two = [q for q in questions if q.profile == TF and q.question.type is not QuestionType.TRUE_FALSE]
    if two:
        notes.append(f"Moodle cannot import {len(two)} two-option question(s) asked as true/false "
                     f"({', '.join(q.question.id for q in two)}): its importer accepts only options named true "
                     "and false. Add a third option to ask them as multiple choice.")
    return notes


def _quiz_data(m: MappedQuiz) -> dict:
    return {"id": m.page.id, "title": m.page.title, "source": m.page.source_path,
            "pass_mark": m.page.pass_mark, "max_attempts": m.max_attempts, "weights_exact": m.weights_exact,
            "questions": [{"id": q.question.id, "type": q.question.type.value, "cc_profile": q.profile,
                           "cc_weighting": q.weight, "mapped": q.note} for q in m.questions],
            "left_out": [{"id": lo.question.id, "type": lo.question.type.value, "line": lo.question.line,
                          "reason": lo.reason} for lo in m.left_out]}
