"""Stored quiz JSON from older releases, upgraded one `format_version` step at a time.

The XBlock keeps a quiz as JSON in a content-scoped field, so a course exported years ago must
still load. Each step upgrades version n to n + 1 and is never changed once released; a new
model version adds one step to `STEPS`.

Version 0 (the pre-release shape, before `format_version` existed; a missing `format_version`
means 0) differs from version 1 in three ways:

- settings sit at the top level (`"pass_mark": 80, "attempts": 3, …`) instead of under `settings`;
- a question has `kind` (`single`, `multiple`, `true_false`, `fill_in`, `matching`, `ordering`)
  instead of `type`, and `options` instead of `choices`;
- overall feedback is one object `"feedback": {"correct": …, "incorrect": …}` instead of
  `feedback_correct` and `feedback_incorrect`.
"""

from __future__ import annotations

import copy
from typing import Any, Callable

from .model import FORMAT_VERSION, Quiz, QuizSettings

Data = dict[str, Any]


def _v0_to_v1(data: Data) -> Data:
    settings = {key: data.pop(key) for key in list(data) if key in QuizSettings.model_fields}
    nested = data.get("settings")
    if nested is None or isinstance(nested, dict):  # anything else is left for validation to reject
        data["settings"] = {**settings, **(nested or {})}
    if isinstance(data.get("questions"), list):
        data["questions"] = [_v0_question(q) if isinstance(q, dict) else q for q in data["questions"]]
    return data


def _v0_question(question: Data) -> Data:
    if "kind" in question:
        question["type"] = str(question.pop("kind")).replace("_", "-")
    if "options" in question:
        question["choices"] = question.pop("options")
    feedback = question.pop("feedback", None)
    if isinstance(feedback, dict):
        question["feedback_correct"] = feedback.get("correct", "")
        question["feedback_incorrect"] = feedback.get("incorrect", "")
    elif feedback is not None:
        question["feedback"] = feedback  # not a v0 shape: leave it for validation to reject
    return question


#: version n → the step that upgrades it to n + 1.
STEPS: dict[int, Callable[[Data], Data]] = {0: _v0_to_v1}


def upgrade_quiz_json(data: dict) -> dict:
    """A copy of stored quiz JSON upgraded to `FORMAT_VERSION` (the input is not modified).

    Raises ValueError for data that is not an object, or has a version that is not a whole
    number, is negative, or is newer than this code knows.
    """
    if not isinstance(data, dict):
        raise ValueError(f"quiz JSON must be an object, not {type(data).__name__}")
    version = data.get("format_version", 0)
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise ValueError(f"format_version must be a whole number ≥ 0, not {version!r}")
    if version > FORMAT_VERSION:
        raise ValueError(f"format_version {version} is newer than this software reads ({FORMAT_VERSION}); "
                         "upgrade coursepack-quiz")
    data = copy.deepcopy(data)
    while version < FORMAT_VERSION:
        data = STEPS[version](data)
        version += 1
        data["format_version"] = version
    return data


def load_quiz_json(data: Any) -> Quiz:
    """Upgrade stored quiz JSON, then validate it into a `Quiz` (raises ValueError, including
    pydantic's ValidationError, when it is not a valid quiz)."""
    return Quiz.model_validate(upgrade_quiz_json(data))
