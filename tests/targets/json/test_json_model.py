"""Target json: the model as JSON, encoded a module at a time by orjson, must read back as the
model's document and be laid out exactly as the standard library lays it out (indent 2, keys
sorted, UTF-8 as is): the layout every JSON file people read has (builder/jsontext.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from builder.build import check_course
from builder.targets import get
from builder.targets.json_model import _encoded, document

REPO = Path(__file__).resolve().parents[3]
COURSES = [REPO / "tests" / "fixtures" / "courses" / name
           for name in ("basic-en", "basic-ar", "activities-en", "activities-ar", "media-en")]
COURSES += [REPO / "courses" / "untoc-intro", REPO / "courses" / "untoc-intermediate"]


def stdlib(value) -> bytes:
    return (json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


@pytest.mark.parametrize("path", COURSES, ids=lambda p: p.name)
def test_the_file_is_the_documents_standard_json_byte_for_byte(path):
    checked = check_course(path)
    assert checked.ok, [d.format() for d in checked.diagnostics]
    (data,) = get("json").emit(checked.course).tree.values()
    assert data == stdlib(document(checked.course))
    assert len(json.loads(data)["modules"]) == len(checked.course.modules) > 0


@pytest.mark.parametrize("modules", [[], [{"id": "m1", "pages": []}], [{"id": "a"}, {"id": "b", "x": [1.5, None, "é\n"]}]])
def test_edge_shapes_encode_as_the_standard_library_does(modules):
    value = {"course": {"title": "Cours « test »", "n": 0}, "glossary": [], "media": [{"path": "a b.png", "bytes": 3}],
             "modules": modules}
    head = {key: part for key, part in value.items() if key != "modules"}
    assert b"".join(_encoded(head, iter(modules))) == stdlib(value)
