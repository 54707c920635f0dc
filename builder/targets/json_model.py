"""Target `json`: the course model as one JSON file, to inspect what every other target sees."""

from __future__ import annotations

import dataclasses
import json
from typing import Iterator

from ..filetree import LazyTree
from ..model import Course
from . import register
from .base import ALL_PAGE_KINDS, Output, Target


@register
class JsonTarget(Target):
    name = "json"
    description = "the built course model as JSON (for inspection and other tools)"
    package_format = "file"
    suffix = ".json"
    priority = 90
    page_kinds = ALL_PAGE_KINDS

    def emit(self, course: Course) -> Output:
        document = {
            "course": course.config.model_dump(mode="json"),
            "modules": [_module(module) for module in course.modules],
            "glossary": [{"id": t.id, "term": t.term, "definition_html": t.definition_html} for t in course.glossary],
            "media": [{"path": m.path, "bytes": m.size} for m in course.media],
        }
        name = self.package_name(course)
        tree = LazyTree([name], lambda _: _encoded(document))  # written as it is encoded, never whole
        return Output(tree, summary={"pages": str(sum(1 for _ in course.pages()))})


def _encoded(document: dict) -> Iterator[bytes]:
    """The document as indented JSON and a final newline, in pieces of about 64 KB."""
    pieces, size = [], 0
    for piece in json.JSONEncoder(ensure_ascii=False, indent=1, sort_keys=True).iterencode(document):
        pieces.append(piece)
        size += len(piece)
        if size >= 65536:
            yield "".join(pieces).encode()
            pieces, size = [], 0
    yield ("".join(pieces) + "\n").encode()


def _module(module) -> dict:
    return {"id": module.id, "title": module.title, "description": module.description,
            "objectives": list(module.objectives), "pages": [_page(page) for page in module.pages]}


def _page(page) -> dict:
    common = {"id": page.id, "kind": page.kind, "title": page.title, "facts": list(page.facts),
              "source": f"{page.source_path}:{page.source_line}"}
    if page.kind == "quiz":
        return {**common, "quiz": page.quiz.model_dump(mode="json"), "rendered": page.rendered.model_dump(mode="json")}
    if page.kind == "scenario":
        return {**common, "objectives": list(page.objectives), "duration_minutes": page.duration_minutes,
                "weight": page.weight, "pass_mark": page.pass_mark, "start": page.start.id,
                "nodes": [dataclasses.asdict(node) for node in page.nodes]}
    if page.kind == "reflection":
        return {**common, "objectives": list(page.objectives), "duration_minutes": page.duration_minutes,
                "prompt_html": page.prompt_html, "questions_heading": page.questions_heading,
                "questions_html": list(page.questions_html), "model_heading": page.model_heading,
                "model_answer_html": page.model_answer_html, "save": page.save, "max_chars": page.max_chars,
                "downloads": [dataclasses.asdict(d) for d in page.downloads]}
    return {**common, "objectives": list(page.objectives), "duration_minutes": page.duration_minutes, "html": page.html}
