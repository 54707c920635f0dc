"""Each language a course lists under `translations:`, judged and, for the build, modelled.

The translated course is the source course with every unit replaced by its translation, put
through the same validate → model stages, so it has the same page, question and option IDs as
the source (LMS reports compare across languages) and its own `language`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from coursepack_quiz.diagnostics import Diagnostic, Sink, error

from .. import i18n
from ..load import display_path
from ..model import Course, MediaFile, build_model
from ..validate import ValidCourse, validate
from .catalog import read_entries, translation_path
from .checks import Judged, judge
from .units import Unit
from .walk import extract_units, walk_course


@dataclass(frozen=True)
class Language:
    tag: str
    path: Path
    display: str
    units: list[Unit]
    judged: Judged | None  # None when the file is missing or unreadable


def judge_languages(valid: ValidCourse) -> tuple[list[Language], list[Diagnostic]]:
    """Every listed language's translation file checked against today's source."""
    units = extract_units(valid) if valid.config.translations else []
    languages: list[Language] = []
    out: list[Diagnostic] = []
    for tag in valid.config.translations:
        path = translation_path(valid.source.root, tag)
        display = display_path(path)
        judged, problems = _judge_file(path, display, tag, units, valid)
        out += problems
        languages.append(Language(tag, path, display, units, judged))
    return languages, out


def _judge_file(path: Path, display: str, tag: str, units: list[Unit], valid: ValidCourse):
    if not path.is_file():
        return None, [error(valid.source.config_display, valid.source.config.where(("translations",))[0],
                            f"the course lists the translation {tag!r} but {display} does not exist",
                            "translate.no-file", hint=f"run `coursepack translate extract COURSE --lang {tag}`")]
    try:
        entries = read_entries(path)
    except Exception as exc:  # noqa: BLE001 - Babel raises several types for a damaged file
        line = (getattr(exc, "lineno", -1) or 0) + 1  # Babel counts lines from 0
        return None, [error(display, line, f"translation file could not be read: {exc}", "translate.unreadable",
                            hint="fix the PO syntax, or extract it again")]
    judged = judge(units, entries, display)
    return judged, judged.diagnostics


def translated_course(valid: ValidCourse, language: Language) -> tuple[Course | None, list[Diagnostic]]:
    """The course in `language`; stale units use the source text only when course.yml allows it."""
    judged = language.judged
    if judged is None or any(d.is_error for d in judged.diagnostics):
        return None, []
    fallback = valid.config.translation_fallback == "source"
    out = [] if fallback else [dataclasses.replace(d.escalated(), hint=_STALE_HINT)
                               for d in judged.diagnostics if d.code == "translate.stale"]
    if out:
        return None, out

    def translate(unit: Unit) -> str:
        if unit.id in judged.stale:
            return unit.source
        return judged.fresh.get(unit.id, unit.source)

    walked = walk_course(valid, translate, language=language.tag, direction=i18n.text_direction(language.tag))
    sink = Sink()
    translated = validate(walked.source, sink)
    diagnostics = sink.items
    if translated is None or any(d.is_error for d in diagnostics):
        return None, [dataclasses.replace(d, message=f"in the {language.tag} translation: {d.message}")
                      for d in diagnostics]
    course = build_model(translated)
    media = tuple(MediaFile(m.path, walked.media.get(m.path, m.origin)) for m in course.media)
    return dataclasses.replace(course, media=media), []


_STALE_HINT = ("update the translation, or set `translation_fallback: source` in course.yml to publish the "
               "source text for stale units until then")
