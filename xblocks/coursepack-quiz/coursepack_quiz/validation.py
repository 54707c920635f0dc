"""Turn pydantic validation errors into diagnostics that point at the author's YAML."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, TypeVar, Union

from pydantic import BaseModel, RootModel, ValidationError

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
        return None, [_diagnostic(err, doc, path, context, model) for err in _causes(exc.errors())]


def _causes(errors: list[Any]) -> list[Any]:
    """Without the consequences: a misspelt required key (`titel:`) is one mistake, though pydantic
    reports it twice, as an unknown key and as the required key missing; only the first stays."""
    unknown = [(tuple(err["loc"][:-1]), str(err["loc"][-1])) for err in errors
               if err["type"] == "extra_forbidden" and err["loc"]]

    def misspelt(err: Any) -> bool:
        if err["type"] != "missing" or not err["loc"]:
            return False
        parent, name = tuple(err["loc"][:-1]), str(err["loc"][-1])
        return bool(difflib.get_close_matches(name, [key for where, key in unknown if where == parent], n=1, cutoff=0.75))

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


def _diagnostic(err: Any, doc: YamlDoc, path: str, context: str, model: type[BaseModel]) -> Diagnostic:
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
    if kind == "extra_forbidden":
        hint = unknown_key_hint(model, loc)
    return error(path, line, message, f"schema.{kind}", col=col, hint=hint)


def unknown_key_hint(model: type[BaseModel], loc: tuple) -> str:
    """"did you mean 'title'?" for a misspelt key, else the keys allowed there; and where to read more.

    A model names its part of the authoring guide in a `help_topic` class variable (`coursepack help
    TOPIC` prints it); the guide ships inside the builder package, which the quiz core does not import."""
    known = keys_at(model, loc[:-1])
    close = difflib.get_close_matches(str(loc[-1]), known, n=2, cutoff=0.6) if loc else []
    topic = getattr(model, "help_topic", "")
    more = f"`coursepack help {topic}` describes every key" if topic else ""
    if close:
        return "did you mean " + " or ".join(f"'{key}'" for key in close) + "?" + (f" ({more})" if more else "")
    if known:
        return f"the keys allowed here are {', '.join(known)}" + (f"; {more}" if more else "")
    return more or "check the spelling"


def keys_at(model: Any, loc: tuple) -> list[str]:
    """The keys the mapping at `loc` inside `model` may hold (empty when that cannot be told)."""
    annotation = model
    for part in loc:
        annotation = _inside(annotation, part)
        if annotation is None:
            return []
    found = _model_of(annotation)
    return sorted(info.alias or name for name, info in found.model_fields.items()) if found else []


def _inside(annotation: Any, part: Any) -> Any:
    """The type of item `part` of a value of type `annotation` (a field, list item or mapping value)."""
    for option in _options(annotation):
        model = _model_of(option)
        if model is not None and isinstance(part, str):
            info = next((i for n, i in model.model_fields.items() if (i.alias or n) == part), None)
            if info is not None:
                return info.annotation
            continue
        origin, args = typing.get_origin(option), typing.get_args(option)
        if origin in (list, tuple, set, frozenset) and args and isinstance(part, int):
            return args[0]
        if origin is dict and len(args) == 2:
            return args[1]
    return None


def _options(annotation: Any) -> list[Any]:
    """`X | None` and `Annotated[X, …]` unwrapped; a RootModel stands for its root type."""
    if typing.get_origin(annotation) is typing.Annotated:
        return _options(typing.get_args(annotation)[0])
    if typing.get_origin(annotation) in (Union, types.UnionType):
        return [option for arg in typing.get_args(annotation) for option in _options(arg)]
    if isinstance(annotation, type) and issubclass(annotation, RootModel):
        return _options(annotation.model_fields["root"].annotation)
    return [annotation]


def _model_of(annotation: Any) -> type[BaseModel] | None:
    options = [o for o in _options(annotation) if isinstance(o, type) and issubclass(o, BaseModel)]
    return options[0] if options else None


def _plain(message: str) -> str:
    # "Input should be ..." reads fine; strip pydantic's "Value error, " prefix.
    return message.removeprefix("Value error, ")
