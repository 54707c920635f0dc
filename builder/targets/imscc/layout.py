"""Where everything lives in a cartridge, and what it is called: paths and identifiers.

Every name derives from a stable ID (course, module, page, question), never from a title or a
position, so re-importing a rebuilt cartridge updates the same LMS objects. Identifiers made from
page IDs carry a one-letter prefix (`m.`, `i.`, `r.`); fixed ones start with `cp_`, which no
prefixed ID can, so the two families never collide. The prefix also makes every identifier an
XML NCName even when a course ID starts with a digit.
"""

from __future__ import annotations

WEB = "web_resources"
GLOSSARY_FILE = f"{WEB}/glossary.html"
BANK_FILE = "question_bank/question_bank.xml"

MEDIA_RESOURCE = "cp_media"
GLOSSARY_RESOURCE = "cp_glossary"
GLOSSARY_ITEM = "cp_glossary_item"
GLOSSARY_MODULE = "cp_glossary_module"
BANK_RESOURCE = "cp_bank"
ORGANIZATION = "cp_org"
ROOT_ITEM = "cp_root"


def manifest_id(course_id: str, language: str) -> str:
    return f"cp.{course_id}.{language}"


def module_item(module_id: str) -> str:
    return f"m.{module_id}"


def page_item(page_id: str) -> str:
    return f"i.{page_id}"


def page_resource(page_id: str) -> str:
    return f"r.{page_id}"


def lesson_file(lesson_id: str) -> str:
    return f"{WEB}/lessons/{lesson_id}.html"


def activity_file(page_id: str) -> str:
    """A scenario's or reflection's standalone page (runtime/standalone.py)."""
    return f"{WEB}/activities/{page_id}.html"


def quiz_file(quiz_id: str) -> str:
    return f"assessments/{quiz_id}/assessment.xml"


def media_file(path: str) -> str:
    """`media/x.svg` (course-relative) → `web_resources/media/x.svg`."""
    return f"{WEB}/{path}"


def term_anchor(term_id: str) -> str:
    return f"term-{term_id}"


def item_ident(quiz_id: str, question_id: str) -> str:
    """QTI item idents are unique in the whole cartridge: LMSs key imported questions on them."""
    return f"{quiz_id}.{question_id}"


def bank_item_ident(quiz_id: str, question_id: str) -> str:
    return f"bank.{quiz_id}.{question_id}"
