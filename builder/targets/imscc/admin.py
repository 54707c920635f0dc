"""The LMS-admin report beside the cartridge: what imports as what, and what an admin must set by hand."""

from __future__ import annotations

from ...model import Course
from ...report import AdminReport
from .mapping import MappedQuiz

_STEPS = [
    "Canvas: Settings → Import Course Content → Content type “Common Cartridge 1.x Package” → choose the .imscc file.",
    "Moodle: Site or course administration → Restore → upload the .imscc file (Moodle converts it to a course).",
    "Blackboard Learn: Course Content → Import Content → Import Common Cartridge → choose the file.",
    "D2L Brightspace: Course Admin → Import/Export/Copy Components → Import Components → from a package.",
    "Schoology: Course → Options → Import → Common Cartridge → choose the file.",
    "Re-importing a rebuilt cartridge updates the same pages and quizzes: every identifier comes from a stable ID.",
]


def build_report(course: Course, quizzes: list[MappedQuiz], with_bank: bool) -> AdminReport:
    questions = sum(len(m.questions) for m in quizzes)
    mapped = [(m, q) for m in quizzes for q in m.questions if q.note]
    left_out = [(m, lo) for m in quizzes for lo in m.left_out]
    facts = [
        ("Course", f"{course.title} ({course.id}, {course.language})"),
        ("Format", "IMS Common Cartridge 1.1 (.imscc) with QTI 1.2 quizzes in the Common Cartridge profile"),
        ("Lessons", f"{sum(1 for _ in course.lessons())}, imported as web pages (plain HTML, no player needed)"),
        ("Quizzes", f"{len(quizzes)} with {questions} questions, imported as the LMS's own graded quizzes"),
        ("Question bank", "one bank with every question" if with_bank else "none"),
        ("Questions asked another way", str(len(mapped))),
        ("Questions left out", str(len(left_out))),
    ]
    notes = _quiz_notes(quizzes)
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


def _quiz_data(m: MappedQuiz) -> dict:
    return {"id": m.page.id, "title": m.page.title, "source": m.page.source_path,
            "pass_mark": m.page.pass_mark, "max_attempts": m.max_attempts, "weights_exact": m.weights_exact,
            "questions": [{"id": q.question.id, "type": q.question.type.value, "cc_profile": q.profile,
                           "cc_weighting": q.weight, "mapped": q.note} for q in m.questions],
            "left_out": [{"id": lo.question.id, "type": lo.question.type.value, "line": lo.question.line,
                          "reason": lo.reason} for lo in m.left_out]}
