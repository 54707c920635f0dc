"""The course folder is a boundary: nothing outside it is read, published or written.

A symbolic link inside the course that points outside it (`media -> /home/me`, a lesson linked
from another checkout) would publish whatever it points at in every package, and let
`coursepack ids --write` rewrite a file elsewhere. Such links are errors at their own path, and
every reader skips them.
"""

from __future__ import annotations

import os
from pathlib import Path

from coursepack_quiz.diagnostics import Diagnostic, error


def escaping_links(root: Path) -> dict[Path, str]:
    """Every symbolic link under `root` whose target resolves outside it → where it points.

    Folders are walked without following links; hidden folders (`.git`) are not entered, since
    nothing is read from them (a link *to* one is still judged where it is).
    """
    real_root = Path(root).resolve()
    found: dict[Path, str] = {}
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = [name for name in dirs if not name.startswith(".") or os.path.islink(os.path.join(folder, name))]
        for name in dirs + files:
            path = Path(folder, name)
            if path.is_symlink():
                target = _resolved(path)
                if target is None or not target.is_relative_to(real_root):
                    found[path] = os.readlink(path)
    return found


def _resolved(path: Path) -> Path | None:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a loop of links points nowhere
        return None


def link_diagnostics(links: dict[Path, str], display) -> list[Diagnostic]:
    """One error per escaping link, at the link's own path (`display` shortens paths)."""
    return [error(display(path), 0, f"'{path.name}' is a symbolic link to '{target}', outside the course folder; "
                  "nothing is read through it", "file.outside",
                  hint="copy the file or folder into the course instead of linking to it")
            for path, target in sorted(links.items())]


def is_plain_inside(path: Path, root: Path) -> bool:
    """Whether `path` lies inside `root` with no symbolic link on the way from `root` to it
    (itself included): the only files a command that writes into the course may touch."""
    try:
        parts = Path(path).relative_to(root).parts
    except ValueError:
        return False
    current = Path(root)
    for part in parts:
        current = current / part
        if current.is_symlink():
            return False
    resolved = _resolved(Path(path))
    return resolved is not None and resolved.is_relative_to(Path(root).resolve())
