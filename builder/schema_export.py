"""Export the source schemas (pydantic models) as JSON Schema files for editors."""

from __future__ import annotations

from pathlib import Path

from .jsontext import json_file
from .schema import EXPORTED

_BASE = "https://coursepack.invalid/schemas/"


def render_schemas() -> dict[str, str]:
    files = {}
    for name, model in EXPORTED.items():
        document = model.model_json_schema()
        document = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"{_BASE}{name}.schema.json",
                    **document}
        files[f"{name}.schema.json"] = json_file(document).decode()
    return files


def export_schemas(out_dir: Path, *, write: bool) -> list[str]:
    """Write (or only compare) the schema files; returns the names that were out of date."""
    stale = []
    for name, text in render_schemas().items():
        path = out_dir / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(name)
            if write:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    return stale
