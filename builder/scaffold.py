"""`coursepack new`: copy the example course, which shows every feature of the format.

The new course carries the JSON Schemas of its files in `_schemas/` (a folder that starts with `_`
is not a module), and each YAML file and front matter names its schema on its first line
(`# yaml-language-server: $schema=…`), so editors with a YAML language server complete and check
keys. The schemas are written into the course rather than pointed at inside the installed package:
a path into site-packages differs per machine and virtual environment, and the course folder is
what authors share and commit.
"""

from __future__ import annotations

import re
from pathlib import Path

from .schema_export import render_schemas

TEMPLATE = Path(__file__).with_name("scaffold_template")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_LANGUAGE = re.compile(r"^[a-zA-Z]{2,3}(-[A-Za-z0-9]{2,4})?$")
SCHEMA_DIR = "_schemas"  # in the new course; the modelines of the template point here


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
    for name, text in render_schemas().items():
        (destination / SCHEMA_DIR).mkdir(parents=True, exist_ok=True)
        (destination / SCHEMA_DIR / name).write_text(text, encoding="utf-8")


def _yaml_text(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
