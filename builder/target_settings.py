"""Target settings: course.yml's `targets:` mapping and `coursepack build --set`, checked against
each target's `Settings` model and turned into one validated `Settings` per target.

course.yml problems are diagnostics at the file and line of the setting; a bad `--set` is a usage
error (`SetError`), raised before any course is read. Paths are files that must exist: relative
to course.yml when written there, to the working directory when given with `--set`.
"""

from __future__ import annotations

import difflib
import typing
from pathlib import Path
from typing import Any, Mapping

from pydantic import ValidationError

from coursepack_quiz.diagnostics import Diagnostic, error
from coursepack_quiz.frontmatter import YamlDoc
from coursepack_quiz.validation import validate_model

from . import targets as registry
from .targets.base import Target, TargetSettings

#: Target name → setting → value, from `--set` (already checked and typed).
Overrides = Mapping[str, Mapping[str, Any]]


class SetError(ValueError):
    """A `--set` the command line cannot use; the message says what to write instead."""


def did_you_mean(word: str, choices: typing.Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


def _path_fields(settings: type[TargetSettings]) -> list[str]:
    return [name for name, info in settings.model_fields.items()
            if Path in (info.annotation, *typing.get_args(info.annotation))]


def describe(target: type[Target]) -> list[tuple[str, str, str, str]]:
    """(setting, type, default, description) for each of the target's settings, for `coursepack targets`."""
    rows = []
    for name, info in target.Settings.model_fields.items():
        kind = " | ".join(_type_name(arg) for arg in typing.get_args(info.annotation)) or _type_name(info.annotation)
        default = "none" if info.default is None else str(info.default).lower() if isinstance(info.default, bool) \
            else str(info.default)
        rows.append((name, kind, default, info.description or ""))
    return rows


def _type_name(kind: Any) -> str:
    return {bool: "true/false", Path: "path", type(None): "none", int: "integer", float: "number",
            str: "text"}.get(kind, getattr(kind, "__name__", str(kind)))


# --- the command line -------------------------------------------------------------------------


def parse_set(values: typing.Iterable[str], cwd: Path | None = None) -> dict[str, dict[str, Any]]:
    """`TARGET.SETTING=VALUE` strings (repeatable; a later one wins) as checked, typed overrides."""
    known = registry.available()
    overrides: dict[str, dict[str, Any]] = {}
    for raw in values:
        key, sep, value = raw.partition("=")
        target_name, dot, setting = key.strip().partition(".")
        if not sep or not dot or not setting:
            raise SetError(f"'{raw}' is not TARGET.SETTING=VALUE, e.g. imscc.question_bank=true")
        if target_name not in known:
            raise SetError(f"'{raw}': unknown target '{target_name}'{did_you_mean(target_name, known)} "
                           "(`coursepack targets` lists them)")
        settings = known[target_name].Settings
        if setting not in settings.model_fields:
            raise SetError(f"'{raw}': target '{target_name}' has no setting '{setting}'"
                           f"{_setting_choices(settings, setting)}")
        try:
            typed = getattr(settings.model_validate({setting: value}), setting)
        except ValidationError as exc:
            raise SetError(f"'{raw}': {exc.errors()[0]['msg']}") from None
        if setting in _path_fields(settings) and typed is not None:
            typed = (cwd or Path.cwd()) / typed
            problem = file_problem(typed)
            if problem:
                raise SetError(f"'{raw}': {problem}")
        overrides.setdefault(target_name, {})[setting] = typed
    return overrides


def file_problem(path: Path) -> str:
    """Why a setting's file cannot be used ("" when it can): targets read it as UTF-8 text."""
    if not path.is_file():
        return f"no file {path}"
    try:
        path.read_bytes().decode("utf-8")
    except OSError as exc:
        return f"cannot read {path}: {exc.strerror}"
    except UnicodeDecodeError:
        return f"{path} is not UTF-8 text; save it as UTF-8"
    return ""


def _setting_choices(settings: type[TargetSettings], setting: str) -> str:
    if not settings.model_fields:
        return " (it has no settings)"
    return did_you_mean(setting, settings.model_fields) or f"; its settings: {', '.join(settings.model_fields)}"


# --- course.yml -------------------------------------------------------------------------------


def resolve(doc: YamlDoc, display: str, course_root: Path, written: Mapping[str, Mapping[str, Any]],
            overrides: Overrides | None = None) -> tuple[dict[str, TargetSettings], list[Diagnostic]]:
    """Every target's settings: course.yml's `targets:` (`written`), then `overrides` on top."""
    known = registry.available()
    problems: list[Diagnostic] = []
    for name in written:
        if name not in known:
            line, col = doc.where(("targets", name))
            problems.append(error(display, line, f"unknown target '{name}'{did_you_mean(name, known)}",
                                  "targets.unknown", col=col, hint="`coursepack targets` lists every target"))
    chosen: dict[str, TargetSettings] = {}
    for name, target in known.items():
        settings = _from_course_file(doc, display, course_root, name, target.Settings, written.get(name) or {},
                                     problems)
        chosen[name] = settings.model_copy(update=dict((overrides or {}).get(name, {})))
    return chosen, problems


def _from_course_file(doc: YamlDoc, display: str, course_root: Path, name: str, model: type[TargetSettings],
                      values: Mapping[str, Any], problems: list[Diagnostic]) -> TargetSettings:
    """One target's settings from course.yml; a wrong one is reported and left at its default."""
    prefix = ("targets", name)
    usable = {}
    for key, value in values.items():
        if key in model.model_fields:
            usable[key] = value
            continue
        line, col = doc.where((*prefix, key))
        problems.append(error(display, line, f"target '{name}' has no setting '{key}'{_setting_choices(model, key)}",
                              "targets.unknown-setting", col=col,
                              hint="`coursepack targets` lists each target's settings"))
    # Locations inside `targets.<name>`, so pydantic's errors point at the line of the setting.
    scoped = YamlDoc(usable, {path[2:]: mark for path, mark in doc.marks.items() if path[:2] == prefix},
                     doc.line_offset)
    scoped.marks.setdefault((), doc.where(prefix))
    settings, errors = validate_model(model, scoped, display, context=f"targets.{name}")
    problems += errors
    if settings is None:
        return model()
    for field in _path_fields(model):
        settings = _resolved_path(settings, field, course_root, doc, display, prefix, problems)
    return settings


def _resolved_path(settings: TargetSettings, field: str, course_root: Path, doc: YamlDoc, display: str,
                   prefix: tuple[str, str], problems: list[Diagnostic]) -> TargetSettings:
    value = getattr(settings, field)
    if value is None:
        return settings
    path = course_root / value  # an absolute value stays as it is
    problem = file_problem(path)
    if problem:
        line, col = doc.where((*prefix, field))
        problems.append(error(display, line, f"targets.{prefix[1]}.{field} '{value}': {problem}",
                              "targets.bad-file", col=col, hint="paths here are relative to course.yml"))
        return settings.model_copy(update={field: None})
    return settings.model_copy(update={field: path})
