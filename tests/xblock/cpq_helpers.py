"""Helpers shared by the XBlock tests (a module of its own: pytest imports conftest by path)."""

from __future__ import annotations

import itertools

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from webob import Request
from xblock.field_data import DictFieldData, ReadOnlyFieldData, SplitFieldData
from xblock.fields import Scope, ScopeIds
from xblock.runtime import NullI18nService
from xblock.test.tools import TestRuntime

from coursepack_quiz import parse_quiz_document

if TYPE_CHECKING:
    from coursepack_quiz_xblock.block import QuizBlock

REPO = Path(__file__).resolve().parents[2]
FIXTURE_QUIZ = REPO / "tests/fixtures/courses/basic-en/02-practice/02-quiz.md"


class RecordingRuntime(TestRuntime):
    """TestRuntime keeps everything real but raises on publish; this one keeps the events."""

    def __init__(self, language: str | None = None):
        services = {"field-data": DictFieldData({}), "i18n": NullI18nService()}
        super().__init__(services=services)
        self.events: list[tuple[str, dict]] = []

    def publish(self, block, event_type, event_data):
        self.events.append((event_type, event_data))

    def handler_url(self, block, handler_name, suffix="", query="", thirdparty=False):
        return f"/handler/{handler_name}"


DATA_SCRIPT = re.compile(r'<script type="application/json" class="cpq-data">(.*?)</script>', re.S)


def page_data(html: str) -> dict:
    """The block's init data, from its JSON data block: the text up to the first `</script>`,
    exactly where an HTML parser ends the element."""
    found = DATA_SCRIPT.findall(html)
    assert len(found) == 1, found
    return json.loads(found[0])


def quiz_from(source: str, path: str = "quiz.md"):
    quiz, diagnostics = parse_quiz_document(source, path=path, default_id="quiz")
    assert quiz is not None, [d.format() for d in diagnostics]
    return quiz


def call(block: QuizBlock, handler: str, body: bytes | str | dict) -> tuple[int, dict]:
    """POST `body` to a handler through the runtime, as the LMS does; → (status, JSON reply)."""
    request = Request.blank("/", method="POST")
    request.body = body if isinstance(body, bytes) else (body if isinstance(body, str) else json.dumps(body)).encode()
    response = block.runtime.handle(block, handler, request)
    return response.status_code, json.loads(response.body)


_LMS_USAGES = itertools.count()


class LmsLikeRuntime(RecordingRuntime):
    """Like the LMS for a learner: the quiz's content and settings are read-only (the LMS wraps
    authored data in `ReadOnlyFieldData`), the learner's state is writable."""

    def __init__(self, quiz: dict):
        super().__init__()
        # Its own usage ID, never reused: id(self) can come back once a runtime is collected, and
        # the learner's first state claim (claims.py) would then collide with an earlier test's.
        self._usage = f"usage-lms-{next(_LMS_USAGES)}"
        authored = ReadOnlyFieldData(DictFieldData({"quiz": quiz}))
        learner = DictFieldData({})
        self._services["field-data"] = SplitFieldData({
            scope: authored if scope in (Scope.content, Scope.settings) else learner
            for scope in Scope.scopes() + [Scope.parent, Scope.children]})

    def block(self) -> QuizBlock:
        """A fresh instance of the one quiz block, as each LMS request makes."""
        from coursepack_quiz_xblock.block import QuizBlock

        keys = ScopeIds("learner-1", "coursepack_quiz", "def-lms", self._usage)
        return self.construct_xblock_from_class(QuizBlock, keys)


# Text that tries to leave a <script> element: "</script>" ends it, "<!--" followed by "<script"
# can swallow the rest of the page. A learner's answer adds U+2028, which ends a line in older
# JavaScript (quiz text cannot hold it: the Markdown reader takes it as a line break).
BREAKOUT = "</script><script>window.cpqPwned=1</script><!--<script>"
LEARNER_BREAKOUT = BREAKOUT + "\u2028x\u2029"
NASTY_QUIZ = f"""---
type: quiz
title: 'Title {BREAKOUT}'
id: nasty
attempts: 2
show_answers: always
---

Intro {BREAKOUT}

## Type {BREAKOUT} {{#q-fill}}

= {BREAKOUT}
= plain

## Pick one {{#q-one}}

- (x) Choice {BREAKOUT} {{#a}}
  > Feedback {BREAKOUT}
- ( ) Other {{#b}}

> [!correct] Well done {BREAKOUT}
"""
