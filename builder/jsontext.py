"""How the project writes JSON files people read (reports, keys.lock, snapshots, the json target):
indented by two spaces, keys sorted, UTF-8 as is, a final newline. One owner, so every file reads
alike; orjson, because the standard library's indented encoder is pure Python and ten times slower."""

from __future__ import annotations

import orjson

_LAYOUT = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS


def json_file(value: object) -> bytes:
    """`value` as a whole JSON file: the bytes of
    `json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\\n"`."""
    return orjson.dumps(value, option=_LAYOUT) + b"\n"


def nested(value: object, depth: int) -> bytes:
    """`value` laid out for its place `depth` levels inside a file written piece by piece (JSON
    text never holds a raw newline inside a string, so each newline is a line break of the layout)."""
    return orjson.dumps(value, option=_LAYOUT).replace(b"\n", b"\n" + b"  " * depth)
