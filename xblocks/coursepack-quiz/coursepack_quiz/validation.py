"""Turn pydantic validation errors into diagnostics that point at the author's YAML."""

from __future__ import annotations

from difflib import get_close_matches
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .diagnostics import Diagnostic, error
from .frontmatter import YamlDoc

M = TypeVar("M", bound=BaseModel)

# pydantic's own wording is written for programmers; these say it for authors.
_MESSAGES = {
    "missing": "'{field}' is required",
    "extra_forbidden": "unknown key '{field}'",
    "string_pattern_mismatch": "'{field}' must use only letters, digits, '-', '_' and '.', start with a letter or digit, and be at most 64 characters",
}
# Pattern errors read differently per field: an ID, a language tag, a course slug.
_PATTERN_MESSAGES = {
    "language": "'{field}' must be a BCP 47 language tag such as en, fr, ar or pt-BR",
    "translations": "'{field}' must be a BCP 47 language tag such as en, fr, ar or pt-BR",
}
_HINTS = {
    "extra_forbidden": "check the spelling; docs/authoring.md lists every key",
    "string_pattern_mismatch": "IDs are stable keys for learner progress; pick a short slug such as 'review-cycle'",
}


def validate_model(model: type[M], doc: YamlDoc, path: str, *, context: str = "") -> tuple[M | None, list[Diagnostic]]:
    """Validate `doc.data` against `model`; every error becomes a located diagnostic.

    A document that was not valid YAML gives None and no further diagnostics: its syntax
    error is already reported, and "required key missing" on top of it would only be noise.
    """
    if doc.broken:
        return None, []
    data: Any = doc.data if doc.data is not None else {}
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, [_diagnostic(err, doc, path, context) for err in _causes(exc.errors())]


def _causes(errors: list[Any]) -> list[Any]:
    """Without the consequences: a misspelt required key (`titel:`) is one mistake, though pydantic
    reports it twice, as an unknown key and as the required key missing; only the first stays."""
    unknown = [(tuple(err["loc"][:-1]), str(err["loc"][-1])) for err in errors
               if err["type"] == "extra_forbidden" and err["loc"]]

    def misspelt(err: Any) -> bool:
        if err["type"] != "missing" or not err["loc"]:
            return False
        parent, name = tuple(err["loc"][:-1]), str(err["loc"][-1])
        return bool(get_close_matches(name, [key for where, key in unknown if where == parent], n=1, cutoff=0.75))

    return [err for err in errors if not misspelt(err)]


def readable(model: type[M], doc: YamlDoc, fallback: dict[str, Any]) -> M | None:
    """What could be read of a document that failed `validate_model`: its keys that are valid on
    their own (a key that failed is left at its default), `fallback` filling required keys that
    failed. None when even that is not valid. For checking the rest of a file after its front
    matter's errors are reported, never for building from it."""
    data = doc.data if isinstance(doc.data, dict) and not doc.broken else {}
    try:
        model.model_validate(data)
        failed: set[Any] = set()
    except ValidationError as exc:
        failed = {err["loc"][0] for err in exc.errors() if err["loc"]}
    kept = {key: value for key, value in data.items() if key not in failed}
    for key, value in fallback.items():
        kept.setdefault(key, value)
    try:
        return model.model_validate(kept)
    except ValidationError:
        return None


def _diagnostic(err: Any, doc: YamlDoc, path: str, context: str) -> Diagnostic:
    loc = tuple(err["loc"])
    field = ".".join(str(part) for part in loc) or "(document)"
    kind = err["type"]
    template = _MESSAGES.get(kind, "'{field}': {msg}")
    if kind == "string_pattern_mismatch":
        template = next((_PATTERN_MESSAGES[p] for p in loc if p in _PATTERN_MESSAGES), template)
    message = template.format(field=field, msg=_plain(err["msg"]))
    if context:
        message = f"{context}: {message}"
    line, col = doc.where(loc if kind != "missing" else loc[:-1])
    hint = "" if template in _PATTERN_MESSAGES.values() else _HINTS.get(kind, "")
    return error(path, line, message, f"schema.{kind}", col=col, hint=hint)


def _plain(message: str) -> str:
    # "Input should be ..." reads fine; strip pydantic's "Value error, " prefix.
    return message.removeprefix("Value error, ")
