"""The whole course through the unit walkers: every unit in order, or a translated source course.

`walk_course` is the only place that knows which file holds which units; extraction and the
build both go through it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from coursepack_quiz.frontmatter import YamlDoc

from ..load import MEDIA_DIR, SourceCourse, SourceFile, SourceModule, display_path
from ..validate import ValidCourse
from .units import (COURSE_KEYS, GLOSSARY_KEYS, MODULE_KEYS, PAGE_KEYS, Translate, Unit, walk_lesson, walk_quiz,
                    walk_reflection, walk_scenario, walk_svg, walk_yaml)

#: The body walker of each page kind (validate.Page.kind).
_BODY_WALKERS = {"lesson": walk_lesson, "quiz": walk_quiz, "scenario": walk_scenario, "reflection": walk_reflection}


@dataclass
class WalkedCourse:
    """A source course rebuilt from translated units, and the SVG files rebuilt the same way."""

    source: SourceCourse
    media: dict[str, bytes] = field(default_factory=dict)  # course-relative path → bytes


def _yaml(doc: YamlDoc | None, keys: tuple[str, ...], prefix: str, path: str, translate: Translate) -> YamlDoc | None:
    if doc is None or doc.broken:
        return doc
    data = walk_yaml(doc.data, keys, prefix, path, lambda key_path: doc.where(key_path)[0], translate)
    return dataclasses.replace(doc, data=data)


def _glossary(doc: YamlDoc | None, path: str, translate: Translate) -> YamlDoc | None:
    if doc is None or doc.broken or not isinstance(doc.data, dict):
        return doc
    data = {term: walk_yaml(entry, GLOSSARY_KEYS, f"glossary/{term}", path,
                            lambda key_path, term=term: doc.where((term, *key_path))[0], translate)
            for term, entry in doc.data.items()}
    return dataclasses.replace(doc, data=data)


def _page(file: SourceFile, page_id: str, kind: str, translate: Translate) -> SourceFile:
    doc = file.doc
    front = _downloads(_yaml(doc.front, PAGE_KEYS, page_id, file.display, translate), page_id, file.display,
                       translate)
    body = _BODY_WALKERS[kind](doc.body, doc.body_line, page_id, file.display, translate)
    return dataclasses.replace(file, doc=dataclasses.replace(doc, front=front, body=body), head="")


def _downloads(doc: YamlDoc | None, page_id: str, path: str, translate: Translate) -> YamlDoc | None:
    """The titles of the files listed to download (lessons, reflections): unit `<page>/downloads/<n>/title`."""
    entries = doc.data.get("downloads") if doc is not None and isinstance(doc.data, dict) else None
    if not isinstance(entries, list):
        return doc
    translated = [walk_yaml(entry, ("title",), f"{page_id}/downloads/{n}", path,
                            lambda key_path, n=n: doc.where(("downloads", n - 1, *key_path))[0], translate)
                  for n, entry in enumerate(entries, 1)]
    return dataclasses.replace(doc, data={**doc.data, "downloads": translated})


def _svgs(root: Path, translate: Translate, language: str, direction: str) -> dict[str, bytes]:
    media = root / MEDIA_DIR
    out: dict[str, bytes] = {}
    for path in sorted(media.rglob("*.svg")) if media.is_dir() else ():
        relative = path.relative_to(root).as_posix()
        data = path.read_bytes()
        translated = walk_svg(data, relative, display_path(path), translate, language=language, direction=direction)
        if translated != data:
            out[relative] = translated
    return out


def walk_course(valid: ValidCourse, translate: Translate, *, language: str = "", direction: str = "ltr") -> WalkedCourse:
    """Every unit of `valid` through `translate`, in reading order; the course rebuilt from the results."""
    source = valid.source
    config = _yaml(source.config, COURSE_KEYS, "course", source.config_display, translate)
    if language:
        config = dataclasses.replace(config, data={**config.data, "language": language, "translations": []})
    modules: list[SourceModule] = []
    pages = {page.source.path: page for module in valid.modules for page in module.pages}
    ids = {module.source.path: module.id for module in valid.modules}
    for module in source.modules:
        files = [_page(f, pages[f.path].id, pages[f.path].kind, translate) if f.path in pages else f
                 for f in module.files]
        module_config = _yaml(module.config, MODULE_KEYS, ids.get(module.path, module.display), module.config_display,
                              translate)
        modules.append(dataclasses.replace(module, config=module_config, files=files))
    glossary = _glossary(source.glossary, source.glossary_display, translate)
    translated = dataclasses.replace(source, config=config, glossary=glossary, modules=modules)
    return WalkedCourse(translated, _svgs(source.root, translate, language, direction))


def extract_units(valid: ValidCourse) -> list[Unit]:
    units: list[Unit] = []

    def record(unit: Unit) -> str:
        units.append(unit)
        return unit.source

    walk_course(valid, record)
    return units
