"""How Moodle's GIFT importer decides what a question is, restated from its behaviour (our own
code, not Moodle's), to check what gift-pegjs does not model: Moodle reads a multiple-choice
question as single choice as soon as one unescaped `=` appears among its answers, picks the
question type from the characters of the answer block, and reads `%n%` before an answer as its
weight.

`moodle_view(block)` takes one question block of a GIFT file and returns (qtype, single, weights).
"""

from __future__ import annotations

import re

_ESCAPED = re.compile(r"\\(.)", re.S)
_WEIGHT = re.compile(r"^%(-*[0-9]{1,2}\.?[0-9]*)%")  # Moodle's answer-weight pattern


def _hide_escapes(text: str) -> str:
    """Escaped characters (`\\x`) stop counting as syntax: replace each with a neutral mark."""
    return _ESCAPED.sub("\x00", text)


def moodle_view(block: str) -> tuple[str, bool | None, list[float]]:
    lines = [line.strip() for line in block.splitlines() if not line.strip().startswith("//")]
    text = _hide_escapes("\n".join(lines).strip())
    if text.startswith("$CATEGORY:"):
        return "category", None, []
    start, end = text.find("{"), text.find("}")
    if start < 0 and end < 0:
        return "description", None, []
    answers = text[start + 1:end].strip()
    answers = answers[:answers.rfind("####")] if "####" in answers else answers
    if not answers:
        return "essay", None, []
    if answers.startswith("#"):
        return "numerical", None, []
    if "~" in answers:
        return "multichoice", "=" in answers, _choice_weights(answers)
    if "=" in answers and "->" in answers:
        return "match", None, []
    if answers.split("#", 1)[0].strip() in ("T", "TRUE", "F", "FALSE"):
        return "truefalse", None, []
    return "shortanswer", None, _short_weights(answers)


def _choice_weights(answers: str) -> list[float]:
    """Multiple choice: `=` marks a right answer (weight 1), `%n%` a weight, anything else 0."""
    parts = [p.strip() for p in answers.replace("=", "~=").split("~") if p.strip()]
    return [1.0 if part.startswith("=") else _weight(part, 0.0) for part in parts]


def _short_weights(answers: str) -> list[float]:
    """Short answer: each `=` starts an answer, worth 1 unless `%n%` says otherwise."""
    return [_weight(part.strip(), 1.0) for part in answers.split("=") if part.strip()]


def _weight(part: str, default: float) -> float:
    found = _WEIGHT.match(part)
    return float(found.group(1)) / 100 if found else default
