"""Watch a course folder and report each burst of edits as one set of changed paths."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable

import watchfiles

# Editors save through temporary files; reacting to them would rebuild twice per save. Hidden
# names (Vim's `.x.swp`, Emacs's `.#x` lock) and Emacs's `#x#` are caught by their first letter.
_IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".tmp", ".part", ".crdownload", "___jb_tmp___", "___jb_old___")


def interesting(change: watchfiles.Change, path: str) -> bool:
    """Course files only: hidden and `_`-prefixed entries are not part of a course (see load.py)."""
    parts = Path(path).parts
    name = parts[-1] if parts else ""
    if any(part.startswith(".") for part in parts) or name.startswith(("_", "#")):
        return False
    return not _vim_probe(name) and not name.endswith(_IGNORED_SUFFIXES)


def _vim_probe(name: str) -> bool:
    """Vim checks a folder is writable by creating and deleting `4913` (or 5036, 5159…: +123 while
    taken) before each save. Only those numbers: a folder such as `2024` may well be course content."""
    return name.isdigit() and int(name) >= 4913 and (int(name) - 4913) % 123 == 0


def watch_course(course_dir: Path, on_change: Callable[[set[Path]], None], stop: threading.Event) -> threading.Thread:
    """Call `on_change(paths)` on a background thread after each burst of edits, until `stop` is set."""
    root = Path(course_dir).resolve()

    def relative_filter(change: watchfiles.Change, path: str) -> bool:
        try:
            return interesting(change, str(Path(path).relative_to(root)))
        except ValueError:
            return False

    def run() -> None:
        # 50 ms debounce: a save is usually one or two events, and authors notice 1.6 s (the default).
        for changes in watchfiles.watch(root, watch_filter=relative_filter, stop_event=stop, debounce=50,
                                        step=25, raise_interrupt=False, yield_on_timeout=False):
            on_change({Path(path) for _, path in changes})

    thread = threading.Thread(target=run, name="coursepack-watch", daemon=True)
    thread.start()
    return thread
