"""Incremental rebuilds for the preview: one snapshot per edit, never a write to disk.

The authoritative rebuild is `check_course(..., cache=RenderCache)`: it re-renders only
changed pages but still loads and validates every file (about a second at 1,000 lessons).
So an edit that only changes the text of existing lessons or quizzes takes a *page path*:
reload and re-validate those files alone, keep everything else from the last good build,
and re-render them through the same cache. A full check then runs behind it and replaces
the snapshot if it disagrees, so the page path can only ever be early, never wrong for long.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from coursepack_quiz.diagnostics import Diagnostic, Sink

from .. import load as loader
from .. import targets as registry
from .. import rules
from .. import validate as validation
from ..build import check_course, cycle_collector_paused, finalize
from ..model import Course, RenderCache, build_model
from ..filetree import FileTree
from ..targets.base import TargetSettings
from ..validate import Page, ValidCourse
from .patch import patched_tree


@dataclass
class Snapshot:
    """One rebuild's result. `course` is the last good course, kept while errors are shown."""

    version: int
    diagnostics: tuple[Diagnostic, ...]
    course: Course | None
    ok: bool
    seconds: float
    how: str  # "full" or "page"
    settings: dict[str, TargetSettings] = field(default_factory=dict)  # course.yml's, for `tree`
    #: The snapshot before this one, whose trees this one's are patched from (`patch.patched_tree`).
    #: Two links at most (its basis may have one): the rebuilder cuts older ones, so they can be freed.
    basis: "Snapshot | None" = field(default=None, repr=False, compare=False)
    _trees: dict[str, FileTree] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def tree(self, target_name: str) -> FileTree:
        """The target's package tree for this snapshot, made on first use (not on every edit)."""
        with self._lock:
            if target_name not in self._trees:
                self._trees[target_name] = self._make_tree(target_name)
            return self._trees[target_name]

    def made_tree(self, target_name: str) -> FileTree | None:
        """The target's tree if it was already made, else None (never makes it)."""
        with self._lock:
            return self._trees.get(target_name)

    def _make_tree(self, target_name: str) -> FileTree:
        target = registry.get(target_name, self.settings.get(target_name))
        for basis in self._bases():
            old_tree = basis.made_tree(target_name)
            if old_tree is not None and basis.course is not None and basis.settings == self.settings:
                patched = patched_tree(target, basis.course, old_tree, self.course, fresh_media=self.how != "page")
                if patched is not None:
                    return patched
        return target.emit(self.course).tree

    def _bases(self) -> list["Snapshot"]:
        """The snapshots before this one, newest first. Two, because the full check behind a page
        path makes a snapshot the simulator never sees (unless it differs), so never opens a package
        of: the next edit's package is then patched from the page path's, one further back."""
        bases, basis = [], self.basis
        while basis is not None and len(bases) < 2:
            bases.append(basis)
            basis = basis.basis
        return bases


class Rebuilder:
    """Keeps the render cache and the last good validated course across edits of one course."""

    def __init__(self, course_dir: Path):
        self.course_dir = Path(course_dir)
        self.cache = RenderCache()
        self._valid: ValidCourse | None = None  # set only while the last build had no errors
        self._diagnostics: list[Diagnostic] = []
        self._course: Course | None = None
        self._settings: dict[str, TargetSettings] = {}  # the targets' settings, from the last good course.yml
        self._version = 0
        self._last: Snapshot | None = None  # the basis of the next snapshot's package trees
        self._lock = threading.Lock()

    def full(self) -> Snapshot:
        with self._lock:
            start = time.perf_counter()
            checked = check_course(self.course_dir, cache=self.cache)
            ok = checked.ok
            self._valid = checked.valid if ok else None
            if ok:
                self._course = checked.course
                self._settings = checked.settings
            return self._publish(checked.diagnostics, ok, start, "full")

    def changed(self, paths: Iterable[Path]) -> Snapshot:
        """Rebuild after `paths` changed: the page path when it applies, else a full check."""
        with self._lock, cycle_collector_paused():
            start = time.perf_counter()
            patched = self._valid and patch_pages(self._valid, self._diagnostics, {Path(p) for p in paths})
            if patched:
                valid, diagnostics = patched
                ok = not any(d.is_error for d in diagnostics)
                if ok:
                    self._valid = valid
                    self._course = build_model(valid, self.cache)
                else:
                    self._valid = None
                return self._publish(diagnostics, ok, start, "page")
        return self.full()

    def _publish(self, diagnostics: list[Diagnostic], ok: bool, start: float, how: str) -> Snapshot:
        self._diagnostics = list(diagnostics)
        self._version += 1
        basis = self._last
        if basis is not None and basis.basis is not None:
            basis.basis.basis = None  # two links at most (`Snapshot._bases`): older snapshots can be freed
        self._last = Snapshot(self._version, tuple(diagnostics), self._course, ok, time.perf_counter() - start,
                              how, self._settings, basis=basis)
        return self._last


def patch_pages(valid: ValidCourse, diagnostics: list[Diagnostic],
                paths: set[Path]) -> tuple[ValidCourse, list[Diagnostic]] | None:
    """Re-validate the changed pages alone, or None when the change needs a full check.

    A full check is needed when a path is not an existing page (new, removed, YAML, media), a
    page's ID or kind changes (links elsewhere resolve against IDs), or the course has translations
    (an edit can make units stale in every language, which only the full check judges). Otherwise the page's own
    rules and the course-wide ones (`rules.course_rules`) are all an edit can change;
    tests/preview/test_preview_equivalence.py proves the result equal to a full check.
    """
    # Page paths are the course folder joined with relative names: re-rooting them on the resolved
    # folder is pure string work, where resolving 1,000 paths would cost 1,000 system calls.
    if valid.config.translations:
        return None
    root = Path(valid.source.root)
    real_root = root.resolve()
    where = {real_root / Path(page.source.path).relative_to(root): (m, i)
             for m, module in enumerate(valid.modules) for i, page in enumerate(module.pages)}
    resolved = {path.resolve() for path in paths}
    if not resolved or any(path not in where or not path.is_file() for path in resolved):
        return None
    modules = [dataclasses.replace(module, pages=list(module.pages)) for module in valid.modules]
    sink = Sink()
    touched: set[str] = set()
    for path in sorted(resolved):
        m, i = where[path]
        old = modules[m].pages[i]
        page = _revalidate(old, valid, sink)
        if page is None:
            return None
        modules[m].pages[i] = page
        touched.add(old.source.display)
        sink.extend(rules.page_rules(page, valid.index, valid.config.language))
    # Rules across pages are run again on the whole course, their previous findings dropped.
    before = set(rules.course_rules(valid.config, valid.modules, valid.index, valid.source))
    sink.extend(rules.course_rules(valid.config, modules, valid.index, valid.source))
    kept = [d for d in diagnostics if d.path not in touched and d not in before]
    return dataclasses.replace(valid, modules=modules), finalize(kept + sink.items, strict=False)


def _revalidate(old: Page, valid: ValidCourse, sink: Sink) -> Page | None:
    source = loader.load_markdown(Path(old.source.path), sink)
    if source is None:
        return None
    page = validation.validate_page(source, valid.config, sink)
    if page is None or page.partial or page.id != old.id or page.kind != old.kind:
        return None
    return page


class Verifier:
    """Runs the authoritative full check after a page-path rebuild, off the request threads.

    `publish` receives the full snapshot only when it differs from the page path's result.
    """

    def __init__(self, rebuilder: Rebuilder, publish: Callable[[Snapshot], None]):
        self.rebuilder, self.publish = rebuilder, publish

    def after(self, snapshot: Snapshot) -> None:
        if snapshot.how != "page":
            return
        full = self.rebuilder.full()
        if full.diagnostics != snapshot.diagnostics or full.course != snapshot.course:
            self.publish(full)
