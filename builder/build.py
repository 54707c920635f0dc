"""The pipeline, top to bottom: load → validate → model → target checks → emit → package.

Diagnostics are collected across stages and reported together; nothing is written unless
every stage succeeded for every requested target.
"""

from __future__ import annotations

import dataclasses
import gc
import json
import multiprocessing
import traceback
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence, TypeVar, Union

from coursepack_quiz.diagnostics import Diagnostic, Sink, error

from . import __version__, target_settings
from . import targets as registry
from .jsontext import json_file
from .load import display_path, load_course
from .model import Course, PageRenderer, RenderCache, build_model
from .republish import RECORD_DIR, STATEFUL_TARGETS, admin_verdicts, compare, recorded_snapshot_name, snapshot_bytes
from .snapshot import SnapshotError, load_snapshot, snapshot_of_course
from .runtime.keys import LEDGER_FILE, KeyLedger, LedgerError, read_ledger, updated_ledger
from . import package
from .filetree import FileTree
from .package import prepare_output, unwritable, write_atomic
from .targets.base import Target, TargetSettings, unbuildable_pages
from .translate.languages import Language, judge_languages, translated_course
from .validate import ValidCourse, validate


@dataclass
class Checked:
    """The result of loading, validating and modelling one course."""

    diagnostics: list[Diagnostic]
    valid: ValidCourse | None = None  # a build lets go of it once every language is modelled
    course: Course | None = None
    settings: dict[str, TargetSettings] = field(default_factory=dict)  # per target, from course.yml and --set
    languages: list[Language] = field(default_factory=list)  # course.yml's translations, each judged once
    accepted: frozenset[str] = frozenset()  # warning codes left out: course.yml's `accept:` and --accept

    @property
    def ok(self) -> bool:
        return self.course is not None and not any(d.is_error for d in self.diagnostics)


@dataclass
class Written:
    target: str
    path: Path
    summary: dict[str, str]
    beside: tuple[str, ...] = ()  # the files written next to the package (its admin report)


@dataclass
class BuildResult:
    diagnostics: list[Diagnostic]
    written: list[Written] = field(default_factory=list)
    course: Course | None = None
    prepared: Prepared | None = None  # what the build checked (targets, accepted warnings)

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)


def finalize(diagnostics: list[Diagnostic], strict: bool, accepted: frozenset[str] = frozenset()) -> list[Diagnostic]:
    """Sort by file and line, drop exact repeats and the warnings whose code is `accepted`, and
    under --strict make the other warnings errors: one meaning of --strict for check and build."""
    unique = sorted({d for d in diagnostics if d.is_error or d.code not in accepted},
                    key=lambda d: (d.path, d.line, d.col, d.code, d.message))
    return [d.escalated() for d in unique] if strict else unique


@contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """A check makes hundreds of thousands of objects (each page's tokens, until it is rendered;
    the front matter models and the model's pages, which stay) that hold no reference cycles
    (plain reference counting frees them), yet that Python's cycle collector would walk again and
    again as they accumulate (it doubled the time of `check` at 1000 lessons when every page's
    tokens waited for the model; about 10 % at 5000 lessons since they no longer do). Pause it
    for the check; it runs again afterwards. A build pauses it throughout: at 5,000 lessons it spent
    2.1-2.5 s of 32 s CPU walking the model while the targets emitted, and peak memory stayed the
    same without it (no cyclic garbage to wait for). The preview pauses it for its page path too:
    there a collection walks the whole model it keeps (a one-lesson edit took 110 ms, or 450 when
    one ran)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def check_course(course_dir: Path, *, strict: bool = False, cache: RenderCache | None = None,
                 overrides: target_settings.Overrides | None = None, accept: Iterable[str] = (),
                 jobs: int = 1) -> Checked:
    """Load, validate and model a course, and settle each target's settings (course.yml's
    `targets:`, then `overrides` from `--set`). Warnings with a code in `accept` (--accept) or in
    course.yml's `accept:` are left out. `jobs`: processes that read and render the pages of a
    large course (`validate.PARALLEL_FROM`); the result is the same."""
    with cycle_collector_paused():
        return _check_course(course_dir, strict, cache, overrides, frozenset(accept), jobs)


def _check_course(course_dir: Path, strict: bool, cache: RenderCache | None,
                  overrides: target_settings.Overrides | None, accepted: frozenset[str], jobs: int) -> Checked:
    sink = Sink()
    source = load_course(Path(course_dir), sink)
    if source is None:
        return Checked(sink.items)
    # A build renders each page as soon as it is checked (one page's parse in memory at a time);
    # the preview keeps the parses, for its render cache.
    valid = validate(source, sink, render=PageRenderer() if cache is None else None, workers=jobs)
    settings: dict[str, TargetSettings] = {}
    if valid is not None:
        settings, problems = target_settings.resolve(source.config, source.config_display, source.root,
                                                     valid.config.targets, overrides)
        sink.extend(problems)
        accepted |= {entry.code for entry in valid.config.accept}
    diagnostics = finalize(sink.items, strict, accepted)
    if valid is None or any(d.is_error for d in diagnostics):
        return Checked(diagnostics, valid, settings=settings, accepted=accepted)
    languages, judged = judge_languages(valid)
    diagnostics = finalize(diagnostics + judged, strict, accepted)
    if any(d.is_error for d in diagnostics):
        return Checked(diagnostics, valid, settings=settings, accepted=accepted)
    ledger, problems = _key_ledger(source.root)
    if problems:
        return Checked(finalize(diagnostics + problems, strict, accepted), valid, settings=settings, accepted=accepted)
    return Checked(diagnostics, valid, dataclasses.replace(build_model(valid, cache, release=cache is None), key_ledger=ledger), settings,
                   languages, accepted)


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


@dataclass
class Prepared:
    """All a build checks before it writes: the course (`check_course`), every language of it, and
    each chosen target's own check. `coursepack check` stops here, so check and build agree."""

    checked: Checked
    diagnostics: list[Diagnostic]
    targets: list[Target] = field(default_factory=list)
    courses: list[Course] = field(default_factory=list)  # the source course, then each translation

    @property
    def ok(self) -> bool:
        return bool(self.courses) and not any(d.is_error for d in self.diagnostics)


def prepare_build(course_dir: Path, target_names: Sequence[str] | None, *, strict: bool = False,
                  overrides: target_settings.Overrides | None = None, accept: Iterable[str] = (),
                  out_dir: Path | None = None, jobs: int = 1) -> Prepared:
    """Check a course as `build` does, for the chosen targets (default: all). A target that crashes
    in its check saves its traceback under `out_dir` (without one, the traceback is in the message).
    `jobs`: as for `check_course`."""
    checked = check_course(course_dir, strict=strict, overrides=overrides, accept=accept, jobs=jobs)
    if not checked.ok:
        return Prepared(checked, checked.diagnostics)
    chosen = resolve_targets(target_names, checked.settings)
    courses, diagnostics = _every_language(checked, strict)
    # A page kind a chosen target cannot build stops here, before any target reads the pages.
    kinds = [_in_course(d, Path(course_dir)) for target in chosen for d in unbuildable_pages(target, checked.course)]
    if kinds:
        return Prepared(checked, finalize(diagnostics + kinds, strict, checked.accepted), chosen, courses)
    crashes: list[Diagnostic] = []
    for target in chosen:
        for each in courses:
            found = _guarded(target, "check", target.problems, each, course_dir, out_dir, crashes)
            diagnostics += [_in_course(d, Path(course_dir)) for d in found or []]
    return Prepared(checked, finalize(diagnostics, strict, checked.accepted) + crashes, chosen, courses)


@cycle_collector_paused()  # the same objects again, and the packages' pieces: no cycles (see cycle_collector_paused)
def build_course(course_dir: Path, target_names: Sequence[str] | None, out_dir: Path, *, strict: bool = False,
                 on_step: Callable[[str], None] | None = None,
                 overrides: target_settings.Overrides | None = None, record_keys: bool = False,
                 previous: Path | None = None, accept: Iterable[str] = (),
                 claimed: dict[str, Path] | None = None, jobs: int = 1) -> BuildResult:
    """`jobs`: how many targets are built at once, each in its own process (1: one after the
    other, in this process), and how many processes read and render a large course's pages; the
    packages are the same bytes either way. `claimed`: the packages other courses of this run write (name → course folder), shared across
    calls: a course whose packages another folder already claimed is an error, not an overwrite.
    `record_keys`: write the course's key ledger (keys.lock) after a successful build, as the
    CLI does, so a later build keeps every key (runtime/keys.py). `previous`: the version these
    packages replace (package, folder or snapshot); by default the snapshot the last build into
    `out_dir` recorded, per language. The admin reports then say whether replacing it in place is safe.
    `accept`: warning codes to leave out (--accept), besides course.yml's `accept:`."""
    step = on_step or (lambda message: None)
    step("checking")
    prepared = prepare_build(course_dir, target_names, strict=strict, overrides=overrides, accept=accept,
                             out_dir=out_dir, jobs=jobs)
    course, chosen, diagnostics = prepared.checked.course, prepared.targets, prepared.diagnostics
    if not prepared.ok:
        return BuildResult(diagnostics, course=course, prepared=prepared)
    id_line = prepared.checked.valid.source.config.where(("id",))[0]
    # Every language is modelled: the validated sources (each page's text, front matter models and
    # YAML line marks, about as large as the model itself) are not needed to write the packages.
    prepared.checked.valid = None
    clashes = _claim_packages(chosen, prepared.courses, Path(course_dir), claimed, id_line)
    if clashes:
        return BuildResult(finalize(diagnostics + clashes, strict, prepared.checked.accepted), course=course,
                           prepared=prepared)
    stateful = any(target.name in STATEFUL_TARGETS for target in chosen)  # only their reports compare versions
    compared = [_compare_previous(each, Path(course_dir), Path(out_dir), previous) if stateful else (each, {}, [])
                for each in prepared.courses]
    problems = [d for _, _, found in compared for d in found]
    if problems:
        return BuildResult(finalize(diagnostics + problems, strict, prepared.checked.accepted), course=course,
                           prepared=prepared)
    courses, snapshots = [each for each, _, _ in compared], [snap for _, snap, _ in compared]
    try:
        prepare_output(Path(out_dir))  # before emitting: an unwritable folder is found in a moment
    except OSError as exc:
        return BuildResult(diagnostics + [unwritable(Path(out_dir), exc)], course=course)
    result = BuildResult(diagnostics, course=course, prepared=prepared)
    result.written, failed = _build_packages([(t, each) for t in chosen for each in courses], Path(course_dir),
                                             Path(out_dir), step, jobs)
    result.diagnostics += failed
    if record_keys and result.ok:
        _record_keys(courses, Path(course_dir))
    if result.ok and any(w.target in STATEFUL_TARGETS for w in result.written):
        for each, snapshot in zip(courses, snapshots):
            write_atomic(Path(out_dir) / recorded_snapshot_name(each), snapshot_bytes(snapshot))
    if result.written:
        record_written(Path(out_dir), course.id, [name for w in result.written for name in (w.path.name, *w.beside)])
    return result


def _claim_packages(chosen: list[Target], courses: list[Course], course_dir: Path,
                    claimed: dict[str, Path] | None, id_line: int) -> list[Diagnostic]:
    """Claim this course's package names for its folder; an error when another folder of the same
    run claimed one first (two courses with the same `id:` would overwrite each other's packages)."""
    if claimed is None:
        return []
    folder = course_dir.resolve()
    names = [target.package_name(each) for target in chosen for each in courses]
    taken = sorted({name for name in names if claimed.get(name, folder) != folder})
    if not taken:
        claimed.update(dict.fromkeys(names, folder))
        return []
    other = display_path(claimed[taken[0]])
    examples = ", ".join(taken[:3]) + (", …" if len(taken) > 3 else "")
    return [error(display_path(course_dir / "course.yml"), id_line,
                  f"the course folders {other} and {display_path(course_dir)} both have the id '{courses[0].id}': "
                  f"their packages would overwrite each other ({examples}); this one was not built",
                  "build.duplicate-id",
                  hint="give one of them another `id:` in course.yml (IDs are stable: change the one not yet "
                       "published), or build them one at a time with different --out folders")]


def written_record_name(course_id: str) -> str:
    """Where the output folder records what the course's builds wrote there, for `coursepack clean`."""
    return f"{RECORD_DIR}/{course_id}.written.json"


def record_written(out_dir: Path, course_id: str, names: list[str]) -> None:
    """Add `names` (relative to `out_dir`) to what the course is known to have written there: kept
    across builds, so a build of fewer targets does not make `clean` forget the others."""
    path = out_dir / written_record_name(course_id)
    try:
        known = set(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        known = set()
    every = sorted(known | set(names))
    if every != sorted(known):
        write_atomic(path, json_file(every))


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
    return course.with_republish(admin_verdicts(compare(old, snapshot), label)), snapshot, []


def _record_keys(courses: list[Course], course_dir: Path) -> None:
    """keys.lock after this build: every language's packages share the source course's IDs and keys."""
    ledger = updated_ledger(courses[0]).to_json()
    path = course_dir / LEDGER_FILE
    if not path.is_file() or path.read_bytes() != ledger:
        write_atomic(path, ledger)


Job = tuple[Target, Course]


def _build_packages(jobs: list[Job], course_dir: Path, out_dir: Path, step: Callable[[str], None],
                    workers: int) -> tuple[list[Written], list[Diagnostic]]:
    """Emit every package and write it to its (locked) temporary as it is produced, so no target's
    files wait in memory for another's; then, only if every one succeeded, rename them all into
    place. A crashed target (`build.target-crash`) or a write that fails (`output.unwritable`)
    leaves nothing written, as for content errors."""
    staged: list[package.Staged] = []
    try:
        for target, course in jobs:
            staged.append(package.stage(out_dir / target.package_name(course), target.package_format))
    except OSError as exc:
        for each in staged:
            package.discard(each)
        return [], [unwritable(out_dir, exc)]
    try:
        produced = _run(jobs, staged, course_dir, out_dir, step, workers)
    except BaseException:  # e.g. Ctrl-C: no temporary outlives the build
        for each in staged:
            package.discard(each)
        raise
    failed = [d for result in produced if isinstance(result, list) for d in result]
    if failed:
        for each in staged:
            package.discard(each)
        return [], failed
    return _commit(jobs, staged, produced, out_dir, step)


def _commit(jobs: list[Job], staged: list[package.Staged], produced: list, out_dir: Path,
            step: Callable[[str], None]) -> tuple[list[Written], list[Diagnostic]]:
    written: list[Written] = []
    for index, ((target, _), each, (beside, summary)) in enumerate(zip(jobs, staged, produced)):
        step(f"writing {target.name}")
        try:
            package.commit(each)
            for name, data in sorted(beside.items()):
                write_atomic(out_dir / name, data)
        except OSError as exc:  # e.g. the disk filled up: the failed package's temporary is already gone
            for rest in staged[index + 1:]:
                package.discard(rest)
            return written, [unwritable(out_dir, exc)]
        written.append(Written(target.name, each.path, summary, tuple(sorted(beside))))
    return written, []


#: What `_produce` returns: (files beside the package, summary), or the diagnostics of its failure.
Produced = Union[tuple[FileTree, dict[str, str]], list[Diagnostic]]


def _produce(job: Job, staged: package.Staged, course_dir: Path, out_dir: Path) -> Produced:
    """Emit one target for one course and stream its package into the staged temporary."""
    target, course = job
    crashes: list[Diagnostic] = []
    output = _guarded(target, "emit", target.emit, course, course_dir, out_dir, crashes)
    if output is None:
        return crashes
    try:
        package.fill(staged, output.tree)
    except OSError as exc:
        return [unwritable(out_dir, exc)]
    return output.beside, output.summary


def _run(jobs: list[Job], staged: list[package.Staged], course_dir: Path, out_dir: Path,
         step: Callable[[str], None], workers: int) -> list[Produced]:
    """`_produce` every job: here, one after the other, or in `workers` processes forked from this
    one (they inherit the model as it is, so nothing is pickled but the small results)."""
    def label(index: int) -> str:
        target, course = jobs[index]
        return f"building {target.name} ({course.language})" if len({c.language for _, c in jobs}) > 1 \
            else f"building {target.name}"

    if workers <= 1 or len(jobs) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        produced = []
        for index in range(len(jobs)):
            step(label(index))
            produced.append(_produce(jobs[index], staged[index], course_dir, out_dir))
            _forget_when_done(jobs, index)
        return produced
    return _run_forked(jobs, staged, course_dir, out_dir, step, workers, label)


def _forget_when_done(jobs: list[Job], index: int) -> None:
    """After the last player target (web, SCORM) of a course, free the course's derived data
    (the player's data and content scripts, about the course's size again) instead of keeping it
    through the targets that never read it."""
    course = jobs[index][1]
    if not any(each is course and target.name in STATEFUL_TARGETS for target, each in jobs[index + 1:]):
        course.forget_derived()


def _run_forked(jobs: list[Job], staged: list[package.Staged], course_dir: Path, out_dir: Path,
                step: Callable[[str], None], workers: int, label: Callable[[int], str]) -> list[Produced]:
    """The jobs in a pool of forked workers, the costliest first (so the longest is not left for
    last); results in the jobs' order, whatever order they finish in. The workers inherit the
    cycle collector paused (`build_course`), so it never walks, and so copies, the inherited heap."""
    global _FORKED
    _FORKED = (jobs, staged, course_dir, out_dir)
    try:
        context = multiprocessing.get_context("fork")
        order = sorted(range(len(jobs)), key=lambda index: -jobs[index][0].cost)
        with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=context) as pool:
            futures = {index: pool.submit(_produce_forked, index) for index in order}
            produced: list[Produced] = []
            for index in range(len(jobs)):
                try:
                    produced.append(futures[index].result())
                except BrokenProcessPool as exc:  # a worker died (killed, out of memory): the build stops
                    crash = _crash(jobs[index][0], "emit", exc, Path(course_dir), Path(out_dir))
                    return produced + [[crash]] + [[] for _ in jobs[index + 1:]]
                step(label(index))
            return produced
    finally:
        _FORKED = None


#: The jobs of the parallel build in progress, for the forked workers to read (set just before forking).
_FORKED: tuple | None = None


def _produce_forked(index: int) -> Produced:
    jobs, staged, course_dir, out_dir = _FORKED
    return _produce(jobs[index], staged[index], course_dir, out_dir)


T = TypeVar("T")

#: Where a build keeps what it knows of a crashed target, inside the output folder.
CRASH_FOLDER = ".coursepack-errors"


def _guarded(target: Target, stage: str, run: Callable[[Course], T], course: Course, course_dir: Path,
             out_dir: Path | None, crashes: list[Diagnostic]) -> T | None:
    """Run a target's `check` or `emit`; an unexpected exception is a bug in that target, reported
    as one line naming it (added to `crashes`), with the traceback saved for its maintainers."""
    try:
        return run(course)
    except Exception as exc:  # noqa: BLE001 - any bug in a target, never the author's fault
        crashes.append(_crash(target, stage, exc, Path(course_dir), out_dir))
        return None


def _crash(target: Target, stage: str, exc: Exception, course_dir: Path, out_dir: Path | None) -> Diagnostic:
    details = (f"coursepack {__version__}: the {target.name} target failed in {stage}() "
               f"while building {display_path(course_dir)}\n\n" + "".join(traceback.format_exception(exc)))
    if out_dir is None:  # `check` writes nothing: the traceback goes to the terminal
        where = f"the details:\n{details}"
    else:
        report = Path(out_dir) / CRASH_FOLDER / f"{target.name}.txt"
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
    return courses, finalize(diagnostics, strict, checked.accepted)


def _in_course(diagnostic: Diagnostic, course_dir: Path) -> Diagnostic:
    """Targets name files by their course-relative path (all a model knows); show them as
    validation does, relative to the working directory."""
    return dataclasses.replace(diagnostic, path=display_path(course_dir / diagnostic.path))


