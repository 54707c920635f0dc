"""Interface words in the languages we publish in; course text itself is the author's.

Looked up by the base language of a BCP 47 tag (`pt-BR` → `pt`), falling back to English.
"""

from __future__ import annotations

from coursepack_quiz.catalogue import gettext

#: The English of every interface word the builder writes into pages, by key. Translations are in
#: the one catalogue (coursepack_quiz/locale/<lang>/LC_MESSAGES/coursepack.po, msgctxt
#: "builder:<key>"): add a key here, run `python -m builder.interface_catalogue`, translate it there.
#: quiz_note: "(see the quiz “…” in this course)", for links to a quiz where a package cannot
#: link into it; {title} is wrapped in <bdi> by the caller. lesson_note and glossary_note do the
#: same for lessons and glossary terms where a package cannot keep links between pages.
ENGLISH: dict[str, str] = {
    "note": "Note", "tip": "Tip", "warning": "Warning", "key": "Key points", "footnotes": "Notes",
    "external": "(opens in a new tab)", "glossary": "Glossary", "objectives": "In this lesson",
    "quiz_note": "(see the quiz “{title}” in this course)",
    "lesson_note": "(see the lesson “{title}” in this course)",
    "glossary_note": "(see “{term}” in the glossary)",
    # The headings of a course's about page (the Open edX archive's about/overview.html).
    "about": "About this course", "outcomes": "What you will learn", "audience": "Who this course is for",
    "authors": "Course team",
    # Audio and video, and files to download (builder/embeds.py): the transcript callout's label,
    # the downloads list's heading, size units and the decimal separator sizes are written with.
    "transcript": "Transcript", "downloads": "Downloads", "kb": "KB", "mb": "MB", "decimal": ".",
}

RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur", "ps", "yi", "dv", "ckb", "sd", "ug"})


def base_language(tag: str) -> str:
    return tag.split("-", 1)[0].lower()


def text_direction(tag: str) -> str:
    return "rtl" if base_language(tag) in RTL_LANGUAGES else "ltr"


def ui(tag: str, key: str) -> str:
    return gettext(tag, f"builder:{key}", ENGLISH[key])
