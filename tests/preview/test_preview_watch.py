"""Editors' temporary and backup files never trigger a rebuild or an error; saving the real file does."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
import watchfiles

from builder.preview import Preview
from builder.preview.watch import interesting

LESSON = Path("01-welcome/01-first-lesson.md")

EDITOR_FILES = [
    "01-welcome/.#01-first-lesson.md",      # Emacs lock (a dangling symlink)
    "01-welcome/#01-first-lesson.md#",      # Emacs auto-save
    "01-welcome/01-first-lesson.md~",       # Emacs and Vim backup
    "01-welcome/.01-first-lesson.md.swp",   # Vim swap
    "01-welcome/.01-first-lesson.md.swx",
    "01-welcome/4913",                      # Vim's "can I write here?" probe
    "5036",
    "01-welcome/01-first-lesson.md___jb_tmp___",  # JetBrains safe write
    "media/pipeline.svg.tmp",
]


@pytest.mark.parametrize("path", EDITOR_FILES)
def test_editor_files_are_not_interesting(path):
    for change in watchfiles.Change:
        assert not interesting(change, path)


@pytest.mark.parametrize("path", ["01-welcome/01-first-lesson.md", "course.yml", "01-welcome/module.yml",
                                  "media/pipeline.svg", "media/2024-results.png", "02-practice/02-quiz.md",
                                  "2024", "4914"])  # a bare-number folder that is no Vim probe
def test_course_files_are_interesting(path):
    assert interesting(watchfiles.Change.modified, path)


def test_an_editor_save_rebuilds_once_for_the_real_file_and_never_errs(course_copy):
    """Vim and Emacs save sequences on disk, against a running preview's watcher."""
    course = course_copy()
    batches: list[set[Path]] = []
    errors: list[str] = []
    rebuilt = threading.Event()
    preview = Preview(course, on_internal_error=errors.append,
                      on_snapshot=lambda snapshot: rebuilt.set())
    real_changed = preview.changed

    def changed(paths: set[Path]) -> None:  # what the watcher hands over, batch by batch
        batches.append(set(paths))
        real_changed(paths)

    preview.changed = changed
    preview.start()
    try:
        first = preview.state.snapshot.version
        rebuilt.clear()
        lesson = course / LESSON
        folder = lesson.parent
        os.symlink("author@host.1234:1700000000", folder / ".#01-first-lesson.md")   # Emacs lock
        (folder / "#01-first-lesson.md#").write_text("auto-saved draft", encoding="utf-8")
        (folder / ".01-first-lesson.md.swp").write_bytes(b"b0VIM 9.0")
        probe = folder / "4913"
        probe.write_bytes(b"")
        probe.unlink()
        time.sleep(0.4)  # well past the watcher's 50 ms debounce
        assert not rebuilt.is_set() and batches == [], batches
        # Vim's save with 'backup': the old file becomes the backup, the new text is written, the backup goes.
        os.rename(lesson, folder / "01-first-lesson.md~")
        lesson.write_text((folder / "01-first-lesson.md~").read_text(encoding="utf-8")
                          .replace("This paragraph is the start", "This saved paragraph is the start"),
                          encoding="utf-8")
        (folder / "01-first-lesson.md~").unlink()
        assert rebuilt.wait(5), "the real save was not noticed"
        time.sleep(0.3)
        for name in (".#01-first-lesson.md", "#01-first-lesson.md#", ".01-first-lesson.md.swp"):
            os.unlink(folder / name)
        time.sleep(0.3)
    finally:
        preview.stop()
    assert errors == []
    assert batches and all(batch == {lesson} for batch in batches), batches
    snapshot = preview.state.snapshot
    assert snapshot.ok and snapshot.version > first
    assert "This saved paragraph" in snapshot.course.page("first-lesson").html
