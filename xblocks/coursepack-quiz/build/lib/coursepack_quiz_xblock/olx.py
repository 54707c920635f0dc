"""OLX for the quiz block: one element, written inline in its vertical.

    <coursepack_quiz display_name="…" language="en" weight="1">{"format_version": 1, …}</coursepack_quiz>

The element's text is the quiz as JSON (the content field, with its format_version); settings
are attributes. The format's owner is coursepack_quiz.storage, which the builder's `olx` target
uses too. `read` and `write` round-trip (tests/xblock/test_xblock_formats.py), and a quiz the
builder exports loads here (test_builder_olx_quiz_loads_in_the_block, same file).
"""

from __future__ import annotations

import json
import logging

from lxml import etree

from coursepack_quiz import parse_quiz_document
from coursepack_quiz.model import Quiz
from coursepack_quiz.storage import TAG, quiz_json
from coursepack_quiz.upgrade import load_quiz_json

log = logging.getLogger(__name__)

ATTRIBUTES = ("display_name", "language", "weight", "allow_reset")
IGNORED = ("url_name", "xblock-family")  # the runtime's, not fields of ours


def quiz_element(quiz: Quiz, *, display_name: str, language: str, url_name: str | None = None,
                 weight: float | None = None) -> etree._Element:
    node = etree.Element(TAG)
    if url_name:
        node.set("url_name", url_name)
    node.set("display_name", display_name)
    node.set("language", language)
    if weight is not None:
        node.set("weight", _number(weight))
    node.text = quiz_json(quiz)
    return node


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def read(block, node) -> None:
    """Set the block's fields from its element; a quiz that does not load is a clear ValueError."""
    for name, value in node.items():
        if name in ATTRIBUTES:
            field = block.fields[name]
            setattr(block, name, field.from_string(value))
        elif name not in IGNORED:
            log.warning("coursepack_quiz: attribute %r is not known and was ignored", name)
    text = (node.text or "").strip()
    if not text:
        return  # an empty element: the block shows its sample quiz until an author edits it
    try:
        data = json.loads(text)
        quiz = load_quiz_json(data)  # validates, and upgrades an older format_version
    except ValueError as exc:
        raise ValueError(f"<{TAG}> does not hold a valid quiz (JSON with a format_version): {exc}") from exc
    block.quiz = quiz.model_dump(mode="json")


def write(block, node) -> None:
    node.tag = block.scope_ids.block_type
    node.set("xblock-family", block.entry_point)
    for name in ATTRIBUTES:
        field = block.fields[name]
        if field.is_set_on(block):
            value = getattr(block, name)
            if value is not None:
                node.set(name, field.to_string(value))
    if block.quiz:
        node.text = quiz_json(load_quiz_json(block.quiz))


# --- workbench scenarios -----------------------------------------------------------------------

SAMPLE_EN = """---
type: quiz
title: Every kind of question
id: sample-quiz
pass_mark: 80
attempts: 3
shuffle: true
show_answers: after-last-attempt
---

One question of each type. Select **Submit** when you are done.

## Which file describes the whole course? {#q-file}

- ( ) module.yml {#a}
  > module.yml describes one module.
- (x) course.yml {#b}
  > Right: it holds the ID, title and pass mark.
- ( ) glossary.yml {#c}

> [!hint] It sits at the top of the course folder.
> [!correct] course.yml describes the course.
> [!incorrect] Look at the folder tree again.

## Which of these need alt text? {#q-alt}

- [x] A diagram {#a}
- [x] A photo {#b}
- [ ] A table {#c}
  > Tables are text already.

## A lesson's title comes from its front matter. {#q-title}

- (x) True
- ( ) False

## The command that checks a course is `coursepack ___`. {#q-command}

= check

## Match each marker to its question type. {#q-markers}

- `(x)` -> single choice {#single}
- `[x]` -> multiple response {#multiple}
- -> essay {#essay}

## Put the steps in order. {#q-steps}

1. Write {#write}
2. Check {#check}
3. Build {#build}
"""

SAMPLE_AR = """---
type: quiz
title: اختبار قصير
id: sample-ar
pass_mark: 50
attempts: 2
---

## متى اعتمدت الجمعية العامة الاتفاقية؟ {#q-year}

- ( ) 1998 {#a}
- (x) 2000 {#b}
  > صحيح: القرار 55/25.
- ( ) 2003 {#c}

## الاتفاقية لها ثلاثة بروتوكولات. {#q-protocols}

- (x) صحيح
- ( ) خطأ
"""


def scenario_xml(source: str, language: str) -> str:
    quiz, diagnostics = parse_quiz_document(source, path="scenario.md", default_id="quiz")
    if quiz is None:  # pragma: no cover - the samples above are tested
        raise ValueError("; ".join(d.format() for d in diagnostics))
    element = quiz_element(quiz, display_name=quiz.title, language=language)
    return f'<vertical_demo>{etree.tostring(element, encoding="unicode")}</vertical_demo>'


def workbench_scenarios() -> list[tuple[str, str]]:
    return [("Coursepack quiz: every question type", scenario_xml(SAMPLE_EN, "en")),
            ("Coursepack quiz: Arabic, right to left", scenario_xml(SAMPLE_AR, "ar"))]
