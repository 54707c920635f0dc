"""The player's interface words, by base language (course text itself is the author's).

Keys are the ones player.js and quiz.js look up. The English is here, once; translations are in
the one catalogue (coursepack_quiz/locale, msgctxt "runtime:<key>"): add a key here, run
`python -m builder.interface_catalogue`, translate it in each PO file. English fills any gap.
"""

from __future__ import annotations

import re
from typing import Any

from coursepack_quiz.catalogue import gettext, plural_forms, plural_table

from ..i18n import base_language

EN = {
    "skip": "Skip to the content", "contents": "Contents", "previous": "Previous", "next": "Next",
    "visited": "visited", "glossary": "Glossary", "submit": "Submit answers", "retry": "Try again",
    "hint": "Show a hint", "hint_n": "Hint {n} of {total}", "correct": "Correct", "incorrect": "Not correct",
    "unanswered": "Not answered", "score": "Your score: {percent}. Pass mark: {mark}.",
    "passed": "You passed this quiz.", "failed": "You have not passed this quiz yet.",
    "no_attempts": "No attempts left.",
    "best": "Best score so far: {percent}.", "answer_is": "Correct answer:", "your_order": "Your order",
    "move_up": "Move up", "move_down": "Move down", "moved": "{item}: now position {n} of {total}",
    "choose": "Choose…", "your_answer": "Your answer", "save_failed": "Your progress could not be saved. "
    "Keep this window open and check your connection; we will try again when you move on.",
    "saved_again": "Your progress is saved again.", "browse_mode": "Review mode: your answers are not recorded.",
    "no_credit": "Practice launch: your progress is saved, but scores from this launch do not count.",
    "course_done": "You have completed the course.", "noscript": "This course needs JavaScript.",
    "no_lms": "The learning platform did not answer: your progress is kept in this browser only.",
    "state_partial": "Part of your saved progress could not be read; everything else is kept.",
    "course_home": "course home",
    "course_complete": "Course complete",
    "dismiss": "Dismiss message",
    "finish": "Finish",
    "new_tab": " (opens in a new tab)",
    "back_to": "Back to: {title}",
    "not_started": "Not started",
    "in_progress": "In progress",
    "module_done": "Done",
    "module_pages": "{done} of {total} pages",
    "minutes": "{n} min",
    "end_done": "Course complete",
    "end_not_yet": "Not complete yet",
    "completed_on": "Completed on {date}",
    "course_score": "Course score: {percent}",
    "print": "Print",
    "confirm_unanswered": "{n} of {total} questions have no answer. Submit anyway?",
    "confirm_yes": "Submit anyway",
    "confirm_no": "Back to the questions",
    "right_count": "{n} of {total} answers correct.",
    "to_review": "Questions to review:",
    "question_n": "Question {n}",
    "what_now": "What do you do?",
    "choose_this": "Choose",
    "pick_one": "Select one of the options first.",
    "you_chose": "You chose: {choice}",
    "continue": "Continue",
    "ending_score": "Score for this ending: {percent}.",
    "your_path": "Your path",
    "play_again": "Play again",
    "your_text": "Your answer",
    "show_model": "Show the model answer",
    "download_text": "Download my text",
    "chars_left": "Characters left: {n}",
    "kept_device": "What you write stays in this browser on this device; it is not sent to the learning platform.",
    "kept_lms": "What you write is saved with your progress in the learning platform.",
    "loading": "Loading this page…",
    "load_failed": "This page could not be loaded. Check your connection, then try again.",
}

#: Messages with a count: (singular, plural) in English. The first placeholder is the count that
#: chooses the form; the player picks it with the CLDR plural table of the course's language.
PLURALS = {
    "progress": ("{done} of {total} lessons visited", "{done} of {total} lessons visited"),
    "attempts_left": ("Attempts left: {n}.", "Attempts left: {n}."),
}


def ui_strings(language: str) -> dict[str, Any]:
    """Every key the player looks up, in `language` (English where the catalogue lacks it)."""
    words: dict[str, Any] = {key: gettext(language, f"runtime:{key}", text) for key, text in EN.items()}
    for key, (singular, plural) in PLURALS.items():
        words[key] = {"count": _PLACEHOLDER.search(singular).group(1),
                      "forms": plural_forms(language, f"runtime:{key}", singular, plural)}
    return words


def number_locale(language: str, largest_count: int) -> dict[str, Any]:
    """What the player needs to write numbers as CLDR says, decided at build time: the plural
    category of every count it can show (0..largest_count), the decimal sign and the percent shape."""
    from babel import Locale
    from babel.numbers import format_percent

    locale = Locale.parse(base_language(language) or "en")
    sample = format_percent(0.5, locale=locale)
    return {"plural": plural_table(language, max(largest_count, 1)),
            "decimal": locale.number_symbols["latn"]["decimal"], "percent": sample.replace("50", "{n}", 1)}


_PLACEHOLDER = re.compile(r"\{(\w+)\}")
