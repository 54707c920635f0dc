"""Where everything lives in a cartridge, and what it is called: paths and identifiers.

Every name derives from a stable ID (course, module, page, question), never from a title or a
position, so re-importing a rebuilt cartridge updates the same LMS objects. Identifiers made from
page IDs carry a one-letter prefix (`m.`, `i.`, `r.`); fixed ones start with `cp_`, which no
prefixed ID can, so the two families never collide. The prefix also makes every identifier an
XML NCName even when a course ID starts with a digit.
"""

from __future__ import annotations

from .._names import prefixed

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


# Organization items, resources and files, each named from one page, module or term ID.
module_item = prefixed("m.")
page_item = prefixed("i.")
page_resource = prefixed("r.")
lesson_file = prefixed(f"{WEB}/lessons/", ".html")
activity_file = prefixed(f"{WEB}/activities/", ".html")  # a scenario's or reflection's standalone page
quiz_file = prefixed("assessments/", "/assessment.xml")
media_file = prefixed(f"{WEB}/")  # `media/x.svg` (course-relative) → `web_resources/media/x.svg`
term_anchor = prefixed("term-")


def item_ident(quiz_id: str, question_id: str) -> str:
    """QTI item idents are unique in the whole cartridge: LMSs key imported questions on them."""
    return f"{quiz_id}.{question_id}"


def bank_item_ident(quiz_id: str, question_id: str) -> str:
    return f"bank.{quiz_id}.{question_id}"
