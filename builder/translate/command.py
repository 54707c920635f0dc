"""`coursepack translate extract COURSE --lang fr`: write or refresh translations/fr.po."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from coursepack_quiz.diagnostics import Sink

from ..load import display_path, load_course
from ..package import write_atomic
from ..schema import LanguageTag  # noqa: F401 - documents what --lang accepts
from ..validate import validate
from .catalog import read_entries, translation_path, po_text
from .walk import extract_units

_LANGUAGE = r"^[a-zA-Z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?$"


@click.group()
def translate() -> None:
    """Translate a course: extract its text into translations/<lang>.po for translators."""


@translate.command()
@click.argument("course", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--lang", "languages", multiple=True, help="Language to extract for (BCP 47); repeat for several. "
              "Default: every language under `translations:` in course.yml.")
def extract(course: Path, languages: tuple[str, ...]) -> None:
    """Write every translatable string of COURSE, keyed by stable IDs, keeping existing translations.

    Units whose source changed keep their translation, marked fuzzy with the old source beside it.
    """
    from ..cli import EXIT_CONTENT, EXIT_USAGE, err, report

    sink = Sink()
    source = load_course(course, sink)
    valid = validate(source, sink) if source is not None else None
    if valid is None:
        report(sink.items)
        err.print("fix the source course first: translation units come from a valid course", style="red")
        sys.exit(EXIT_CONTENT)
    languages = languages or valid.config.translations
    if not languages:
        err.print("no language given: use --lang fr, or list languages under `translations:` in course.yml",
                  style="red", markup=False)
        sys.exit(EXIT_USAGE)
    units = extract_units(valid)
    for language in languages:
        _extract_one(course, valid.config.id, language, units)


def _extract_one(course: Path, course_id: str, language: str, units) -> None:
    from ..cli import EXIT_USAGE, err, out
    import re

    if not re.match(_LANGUAGE, language):
        err.print(f"--lang {language!r} is not a BCP 47 tag such as fr, ar or pt-BR", style="red", markup=False)
        sys.exit(EXIT_USAGE)
    path = translation_path(course, language)
    old = read_entries(path) if path.is_file() else {}
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, po_text(units, language, course_id, course, old))
    translated = sum(1 for u in units if old.get(u.id) and old[u.id].text and not old[u.id].stale_for(u.source))
    out.print(f"{display_path(path)}: {len(units)} units, {translated} translated and current", markup=False)
