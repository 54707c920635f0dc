"""Map a request path to a file inside one folder, or refuse: the preview's only door to disk.

Every refusal is the same 404, whatever the trick (`..`, an absolute path, a backslash, an
encoded or double-encoded separator, a NUL byte, a hidden file, a symlink that leads out of
the folder), so a probe learns nothing about what exists outside.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

# After one decoding a path must be plain segments; a '%' left over means it was encoded twice.
_BAD_CHARACTERS = re.compile(r"[\\\x00-\x1f%:]")


def clean_segments(raw: str) -> list[str] | None:
    """The path's segments after one percent-decoding, or None if any segment is unsafe."""
    try:
        path = unquote(raw.split("?", 1)[0].split("#", 1)[0], errors="strict")
    except UnicodeDecodeError:
        return None
    if _BAD_CHARACTERS.search(path) or path.startswith("/") or "//" in path:
        return None
    segments = path.split("/")
    if any(segment in ("", ".", "..") or segment.startswith(".") for segment in segments):
        return None
    return segments


def resolve_inside(root: Path, raw: str) -> Path | None:
    """The regular file that `raw` (a URL path below `root`, still encoded) names, or None.

    The resolved path (symlinks followed) must stay inside the resolved root.
    """
    segments = clean_segments(raw)
    if segments is None:
        return None
    base = root.resolve()
    try:
        candidate = base.joinpath(*segments).resolve(strict=True)
    except (OSError, RuntimeError):  # missing, or a symlink loop
        return None
    if not candidate.is_relative_to(base) or not candidate.is_file():
        return None
    return candidate


def tree_key(tree_names: "set[str] | dict", raw: str) -> str | None:
    """The key of an in-memory package tree that `raw` names, under the same rules as files."""
    segments = clean_segments(raw)
    if segments is None:
        return None
    key = "/".join(segments)
    return key if key in tree_names else None
