"""The target registry: one module (or sub-package) per target, each registering itself once.

Adding a target means adding a module here that defines a `Target` subclass decorated with
`@register` (with a nested `Settings` model if it takes settings); nothing else changes.
"""

from __future__ import annotations

import importlib
import pkgutil
import threading

from .base import FileTree, Output, Target, TargetSettings

_REGISTRY: dict[str, type[Target]] = {}
_discovered = False
_lock = threading.Lock()  # the preview server asks from its watcher and request threads


def register(cls: type[Target]) -> type[Target]:
    if cls.name in _REGISTRY and _REGISTRY[cls.name] is not cls:
        raise RuntimeError(f"two targets are named {cls.name!r}")
    _REGISTRY[cls.name] = cls
    return cls


def _discover() -> None:
    global _discovered
    _discovered = True
    for info in pkgutil.iter_modules(__path__):
        if info.name not in ("base",) and not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")


def available() -> dict[str, type[Target]]:
    """Every registered target by name, in build order."""
    with _lock:
        if not _discovered:
            _discover()
    return dict(sorted(_REGISTRY.items(), key=lambda item: (item[1].priority, item[0])))


def get(name: str, settings: TargetSettings | None = None) -> Target:
    return available()[name](settings)


__all__ = ["FileTree", "Output", "Target", "TargetSettings", "available", "get", "register"]
