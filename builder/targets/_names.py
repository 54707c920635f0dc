"""Name makers for the identifiers and paths a target derives from stable IDs."""

from __future__ import annotations

from typing import Callable


def prefixed(prefix: str, suffix: str = "") -> Callable[[str], str]:
    """A name maker `ID → prefix + ID + suffix`: the shape of most derived names, written once so
    that a format's naming scheme reads as one table."""
    def name(ident: str) -> str:
        return f"{prefix}{ident}{suffix}"
    return name
