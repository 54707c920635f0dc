"""How Open edX stores a quiz: the one owner of the XBlock's OLX storage format.

    <coursepack_quiz display_name="…" language="en">{"format_version": 1, …}</coursepack_quiz>

The element is named after the XBlock's entry point; its text is the quiz as JSON (the block's
content field, with its format_version). The XBlock reads and writes it
(coursepack_quiz_xblock/olx.py); the builder's `olx` target writes it into course exports.
"""

from __future__ import annotations

import json

from .model import Quiz

#: The XBlock's entry point name, which is also its OLX element's tag.
TAG = "coursepack_quiz"


def quiz_json(quiz: Quiz) -> str:
    """The stored JSON of a quiz: sorted keys, so the same quiz always gives the same bytes."""
    return json.dumps(quiz.model_dump(mode="json"), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
