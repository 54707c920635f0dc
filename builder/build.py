"""The pipeline, top to bottom: load → validate → model → target checks → emit → package.

Diagnostics are collected across stages and reported together; nothing is written unless
every stage succeeded for every requested target.
"""

from __future__ import annotations

import dataclasses
import gc
import traceback
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Sequence, TypeVar

from coursepack_quiz.diagnostics import Diagnostic, error

from . import __version__, target_settings
from . import targets as registry
from .load import display_path, load_course
from .model import Course, RenderCache, build_model
from .republish import (STATEFUL_TARGETS, SnapshotError, admin_verdicts, compare, load_snapshot, recorded_snapshot_name,
                        snapshot_bytes, snapshot_of_course)
from .runtime.keys import LEDGER_FILE, KeyLedger, LedgerError, read_ledger, updated_ledger
from .package import prepare_output, unwritable, write_atomic, write_package
from .targets.base import Output, Target, TargetSettings, unbuildable_pages
from .translate.languages import Language, judge_languages, translated_course
from .validate import ValidCourse, validate


@dataclass
class Checked:
    """The result of loading, validating and modelling one course."""

    diagnostics: list[Diagnostic]
    valid: ValidCourse | None = None
    course: Course | None = None
    settings: dict[str, TargetSettings] = field(default_factory=dict)  # per target, from course.yml and --set
    languages: list[Language] = field(default_factory=list)  # course.yml's translations, each judged once

    @property
    def ok(self) -> bool:
        return self.course is not None and not any(d.is_error for d in self.diagnostics)


@dataclass
class Written:
    target: str
    path: Path
    summary: dict[str, str]


@dataclass
class BuildResult:
    diagnostics: list[Diagnostic]
    written: list[Written] = field(default_factory=list)
    course: Course | None = None

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)


def finalize(diagnostics: list[Diagnostic], strict: bool) -> list[Diagnostic]:
    """Sort by file and line, drop exact repeats, and under --strict make warnings errors."""
    unique = sorted(set(diagnostics), key=lambda d: (d.path, d.line, d.col, d.code, d.message))
    return [d.escalated() for d in unique] if strict else unique


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Validation keeps every page's parser tokens alive until the model renders them: hundreds of
    thousands of objects that hold no reference cycles (plain reference counting frees them), yet
    that Python's cycle collector would walk again and again as they accumulate (it doubled the
    time of `check` at 1000 lessons). Pause it for the check; it runs again afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def check_course(course_dir: Path, *, strict: bool = False, cache: RenderCache | None = None,
                 overrides: target_settings.Overrides | None = None) -> Checked:
    """Load, validate and model a course, and settle each target's settings (course.yml's
    `targets:`, then `overrides` from `--set`)."""
    with _cycle_collector_paused():
        return _check_course(course_dir, strict, cache, overrides)


def _check_course(course_dir: Path, strict: bool, cache: RenderCache | None,
                  overrides: target_settings.Overrides | None) -> Checked:
    source, diagnostics = load_course(Path(course_dir))
    if source is None:
        return Checked(diagnostics)
    valid, more = validate(source)
    settings: dict[str, TargetSettings] = {}
    if valid is not None:
        settings, problems = target_settings.resolve(source.config, source.config_display, source.root,
                                                     valid.config.targets, overrides)
        more = more + problems
    diagnostics = finalize(diagnostics + more, strict)
    if valid is None or any(d.is_error for d in diagnostics):
        return Checked(diagnostics, valid, settings=settings)
    languages, judged = judge_languages(valid)
    diagnostics = finalize(diagnostics + judged, strict)
    if any(d.is_error for d in diagnostics):
        return Checked(diagnostics, valid, settings=settings)
    ledger, problems = _key_ledger(source.root)
    if problems:
        return Checked(finalize(diagnostics + problems, strict), valid, settings=settings)
    return Checked(diagnostics, valid, dataclasses.replace(build_model(valid, cache), key_ledger=ledger), settings,
                   languages)


def _key_ledger(course_dir: Path) -> tuple[KeyLedger | None, list[Diagnostic]]:
    """keys.lock (the state keys of earlier builds), or an error naming it when it cannot be read."""
    try:
        return read_ledger(course_dir), []
    except LedgerError as exc:
        return None, [error(display_path(Path(course_dir) / LEDGER_FILE), 1, f"the key ledger is {exc}",
                            "keys.unreadable", hint="restore it from version control (git checkout -- keys.lock); "
                            "deleting it would change the keys of any page that shares a short key")]


def resolve_targets(names: Sequence[str] | None, settings: dict[str, TargetSettings] | None = None) -> list[Target]:
    """The chosen targets (default: all), each built with its settings (default: the defaults)."""
    available = registry.available()
    return [available[name]((settings or {}).get(name)) for name in (names or available)]


def build_course(course_dir: Path, target_names: Sequence[str] | None, out_dir: Path, *, strict: bool = False,
                 on_step: Callable[[str], None] | None = None,
                 overrides: target_settings.Overrides | None = None, record_keys: bool = False,
                 previous: Path | None = None) -> BuildResult:
    """`record_keys`: write the course's key ledger (keys.lock) after a successful build, as the
    CLI does, so a later build keeps every key (runtime/keys.py). `previous`: the version these
    packages replace (package, folder or snapshot); by default the snapshot the last build into
    `out_dir` recorded, per language. The admin reports then say whether replacing it in place is safe."""
    step = on_step or (lambda message: None)
    step("checking")
    checked = check_course(course_dir, strict=strict, overrides=overrides)
    if not checked.ok:
        return BuildResult(checked.diagnostics)
    course = checked.course
    chosen = resolve_targets(target_names, checked.settings)
    courses, diagnostics = _every_language(checked, strict)
    # A page kind a chosen target cannot build stops the build before anything reads the pages.
    kinds = [_in_course(d, Path(course_dir)) for target in chosen for d in unbuildable_pages(target, course)]
    if kinds:
        return BuildResult(finalize(diagnostics + kinds, strict), course=course)
    stateful = any(target.name in STATEFUL_TARGETS for target in chosen)  # only their reports compare versions
    compared = [_compare_previous(each, Path(course_dir), Path(out_dir), previous) if stateful else (each, {}, [])
                for each in courses]
    problems = [d for _, _, found in compared for d in found]
    if problems:
        return BuildResult(finalize(diagnostics + problems, strict), course=course)
    courses, snapshots = [each for each, _, _ in compared], [snap for _, snap, _ in compared]
    crashes: list[Diagnostic] = []
    for target in chosen:
        for each in courses:
            found = _guarded(target, "check", target.check, each, course_dir, out_dir, crashes)
            diagnostics += [_in_course(d, Path(course_dir)) for d in found or []]
    diagnostics = finalize(diagnostics, strict) + crashes
    if any(d.is_error for d in diagnostics):
        return BuildResult(diagnostics, course=course)
    try:
        prepare_output(Path(out_dir))  # before emitting: an unwritable folder is found in a moment
    except OSError as exc:
        return BuildResult(diagnostics + [unwritable(Path(out_dir), exc)], course=course)
    outputs = _emit_all(chosen, courses, course_dir, out_dir, step, crashes)
    if crashes:  # nothing is written unless every target succeeded, as for content errors
        return BuildResult(diagnostics + crashes, course=course)
    result = BuildResult(diagnostics, course=course)
    for target, each, output in outputs:
        step(f"writing {target.name}")
        try:
            result.written.append(_write(target, each, output, Path(out_dir)))
        except OSError as exc:  # e.g. the disk filled up: the failed package's temporary is already gone
            result.diagnostics.append(unwritable(Path(out_dir), exc))
            break
    if record_keys and result.ok:
        _record_keys(courses, Path(course_dir))
    if result.ok and any(w.target in STATEFUL_TARGETS for w in result.written):
        for each, snapshot in zip(courses, snapshots):
            write_atomic(Path(out_dir) / recorded_snapshot_name(each), snapshot_bytes(snapshot))
    return result


def _compare_previous(course: Course, course_dir: Path, out_dir: Path,
                      previous: Path | None) -> tuple[Course, dict, list[Diagnostic]]:
    """The course carrying its comparison with the version it replaces (if any), and its snapshot.
    `previous` applies to the course in its language (or to every course when it names none)."""
    snapshot = snapshot_of_course(course, course_dir)
    recorded = out_dir / recorded_snapshot_name(course)
    source = previous if previous is not None else (recorded if recorded.is_file() else None)
    if source is None:
        return course, snapshot, []
    try:
        old = load_snapshot(source)
    except SnapshotError as exc:
        return course, snapshot, [error(display_path(Path(source)), 0, f"cannot compare with it: {exc}",
                                        "build.previous-unreadable",
                                        hint="give --previous an earlier package, course folder or .snapshot.json")]
    if old.get("language") not in (None, course.language):
        return course, snapshot, []  # the earlier version of another language's package
    label = display_path(Path(source)) if previous is not None else f"the last build ({display_path(recorded)})"
    return dataclasses.replace(course, republish=admin_verdicts(compare(old, snapshot), label)), snapshot, []


def _record_keys(courses: list[Course], course_dir: Path) -> None:
    """keys.lock after this build: every language's packages share the source course's IDs and keys."""
    ledger = updated_ledger(courses[0]).to_json()
    path = course_dir / LEDGER_FILE
    if not path.is_file() or path.read_bytes() != ledger:
        write_atomic(path, ledger)


def _emit_all(chosen: list[Target], courses: list[Course], course_dir: Path, out_dir: Path,
              step: Callable[[str], None], crashes: list[Diagnostic]) -> list[tuple[Target, Course, Output]]:
    """Emit every target in every language before writing anything; a crashed target is left out
    (and in `crashes`)."""
    outputs = []
    for target in chosen:
        for each in courses:
            step(f"building {target.name} ({each.language})" if len(courses) > 1 else f"building {target.name}")
            output = _guarded(target, "emit", target.emit, each, course_dir, out_dir, crashes)
            if output is not None:
                outputs.append((target, each, output))
    return outputs


T = TypeVar("T")

#: Where a build keeps what it knows of a crashed target, inside the output folder.
CRASH_FOLDER = ".coursepack-errors"


def _guarded(target: Target, stage: str, run: Callable[[Course], T], course: Course, course_dir: Path,
             out_dir: Path, crashes: list[Diagnostic]) -> T | None:
    """Run a target's `check` or `emit`; an unexpected exception is a bug in that target, reported
    as one line naming it (added to `crashes`), with the traceback saved for its maintainers."""
    try:
        return run(course)
    except Exception as exc:  # noqa: BLE001 - any bug in a target, never the author's fault
        crashes.append(_crash(target, stage, exc, Path(course_dir), Path(out_dir)))
        return None


def _crash(target: Target, stage: str, exc: Exception, course_dir: Path, out_dir: Path) -> Diagnostic:
    report = out_dir / CRASH_FOLDER / f"{target.name}.txt"
    details = (f"coursepack {__version__}: the {target.name} target failed in {stage}() "
               f"while building {display_path(course_dir)}\n\n" + "".join(traceback.format_exception(exc)))
    try:
        write_atomic(report, details.encode("utf-8"))
        where = f"details in {display_path(report)}"
    except OSError as unsaved:  # the traceback is not lost: it goes to the terminal instead
        where = f"the details could not be saved ({unsaved.strerror or unsaved}):\n{details}"
    return error(display_path(course_dir), 0,
                 f"the {target.name} target failed unexpectedly (a bug in coursepack, not in your course); {where}",
                 "build.target-crash",
                 hint="no package was written; build the other targets with -t, and report this file to "
                      "coursepack's maintainers")


def _every_language(checked: Checked, strict: bool) -> tuple[list[Course], list[Diagnostic]]:
    """The source course, then one course per language in course.yml's `translations:`."""
    courses, diagnostics = [checked.course], list(checked.diagnostics)
    for language in checked.languages:  # judged by check_course: no second read of the PO files
        translated, problems = translated_course(checked.valid, language)
        diagnostics += problems
        if translated is not None:  # the same IDs, so the same state keys (keys.lock)
            courses.append(dataclasses.replace(translated, key_ledger=checked.course.key_ledger))
    return courses, finalize(diagnostics, strict)


def _in_course(diagnostic: Diagnostic, course_dir: Path) -> Diagnostic:
    """Targets name files by their course-relative path (all a model knows); show them as
    validation does, relative to the working directory."""
    return dataclasses.replace(diagnostic, path=display_path(course_dir / diagnostic.path))


def _write(target: Target, course: Course, output: Output, out_dir: Path) -> Written:
    path = out_dir / target.package_name(course)
    write_package(path, target.package_format, output.tree)
    for name, data in sorted(output.beside.items()):
        write_atomic(out_dir / name, data)
    return Written(target.name, path, output.summary)
