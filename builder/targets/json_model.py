"""Target `json`: the course model as one JSON file, to inspect what every other target sees."""

from __future__ import annotations

import dataclasses
from typing import Iterable, Iterator


from ..filetree import LazyTree
from ..jsontext import nested
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
        name = self.package_name(course)
        # Written as it is encoded, and each module's data made when its turn comes: never whole.
        tree = LazyTree([name], lambda _: _encoded(_head(course), (_module(module) for module in course.modules)))
        return Output(tree, summary={"pages": str(sum(1 for _ in course.pages()))})


def document(course: Course) -> dict:
    """What the file holds, before encoding."""
    return {**_head(course), "modules": [_module(module) for module in course.modules]}


def _head(course: Course) -> dict:
    """Every member but the modules."""
    return {
        "course": course.config.model_dump(mode="json"),
        "glossary": [{"id": t.id, "term": t.term, "definition_html": t.definition_html} for t in course.glossary],
        "media": [{"path": m.path, "bytes": m.size} for m in course.media],
    }


def _encoded(head: dict, modules: Iterable[dict]) -> Iterator[bytes]:
    """`{**head, "modules": [*modules]}` as `jsontext.json_file` lays it out, a module at a time."""
    keys = sorted(head)
    assert keys[-1] < "modules", "the streamed member must sort last"
    yield b"{\n" + b"".join(_member(key, head[key]) + b",\n" for key in keys) + _key("modules")
    first = True
    for module in modules:
        yield (b"[" if first else b",") + b"\n    " + nested(module, 2)
        first = False
    yield b"[]\n}\n" if first else b"\n  ]\n}\n"


def _key(key: str) -> bytes:
    return b"  " + nested(key, 0) + b": "


def _member(key: str, value) -> bytes:
    return _key(key) + nested(value, 1)


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
