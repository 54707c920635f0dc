"""`coursepack new`: copy the example course, which shows every feature of the format."""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATE = Path(__file__).with_name("scaffold_template")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_LANGUAGE = re.compile(r"^[a-zA-Z]{2,3}(-[A-Za-z0-9]{2,4})?$")


class ScaffoldError(Exception):
    pass


def scaffold(destination: Path, course_id: str, title: str, language: str) -> None:
    course_id = course_id.lower()
    if not _SLUG.match(course_id):
        raise ScaffoldError(f"'{course_id}' is not a usable course ID (letters, digits and '-'); pass --id")
    if not _LANGUAGE.match(language):
        raise ScaffoldError(f"'{language}' is not a BCP 47 language tag such as en, fr or pt-BR")
    if destination.exists() and any(destination.iterdir()):
        raise ScaffoldError(f"{destination} exists and is not empty; choose a new folder")
    values = {"{id}": course_id, "{title}": _yaml_text(title), "{language}": language}
    for source in sorted(TEMPLATE.rglob("*")):
        if source.is_dir():
            continue
        target = destination / source.relative_to(TEMPLATE)
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.name == "course.yml":
            text = source.read_text(encoding="utf-8")
            for key, value in values.items():
                text = text.replace(key, value)
            target.write_text(text, encoding="utf-8")
        else:
            target.write_bytes(source.read_bytes())


def _yaml_text(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
