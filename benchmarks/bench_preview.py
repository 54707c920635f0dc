"""Benchmark (not a test): how long the preview takes to rebuild after a one-lesson edit.

    .venv/bin/python benchmarks/bench_preview.py               # 1000 lessons, 10 edits
    .venv/bin/python benchmarks/bench_preview.py --lessons 200 --edits 20
    .venv/bin/python benchmarks/bench_preview.py --full-emit   # the simulator's package re-emitted, to compare

Target (issue #7): under 200 ms on a 1,000-lesson synthetic course. Reports the median and the
worst of the page path (what `coursepack serve` publishes), the full check with a warm render
cache (what runs behind it), and rendering the edited page in the reviewer view. Run it on a
quiet machine: wall-clock figures include time other processes take from the CPU.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import generate_course  # noqa: E402

from builder.preview import rebuild  # noqa: E402
from builder.preview.rebuild import Rebuilder  # noqa: E402
from builder.runtime.bundle import content_file  # noqa: E402
from builder.review import ReviewSite  # noqa: E402

TARGET_MS = 200
SIMULATED = "scorm2004"  # the package the LMS simulator runs


def lesson_files(course: Path) -> list[Path]:
    return [p for p in sorted(course.rglob("*.md")) if "type: quiz" not in p.read_text(encoding="utf-8")[:200]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lessons", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("--full-emit", action="store_true",
                        help="re-emit the simulator's package on every edit (as before preview/patch.py), to compare")
    args = parser.parse_args()
    if args.full_emit:
        rebuild.patched_tree = lambda *args, **kwargs: None  # the snapshot then emits the package afresh
    work = Path(tempfile.mkdtemp(prefix="bench-preview-"))
    try:
        course = generate_course(work / "course", args.lessons)
        rebuilder = Rebuilder(course)
        start = time.perf_counter()
        first = rebuilder.full()
        cold = time.perf_counter() - start
        assert first.ok, [d.format() for d in first.diagnostics[:5]]
        lessons = lesson_files(course)
        memo: dict = {}
        page_ms, page_cpu_ms, full_ms, review_ms, simulator_ms, tree_ms = [], [], [], [], [], []
        first.tree(SIMULATED)  # the simulator has the package open before the edits
        for n in range(args.edits):
            path = lessons[(n * 97) % len(lessons)]
            path.write_text(path.read_text(encoding="utf-8") + f"\nEdited paragraph {n}.\n", encoding="utf-8")
            cpu = time.process_time()
            snapshot = rebuilder.changed({path})
            page_cpu_ms.append((time.process_time() - cpu) * 1000)
            assert snapshot.ok and snapshot.how == "page"
            page_ms.append(snapshot.seconds * 1000)
            edited = next(p for p in snapshot.course.pages() if course / p.source_path == path)
            page_id = edited.id
            start = time.perf_counter()  # what the simulator asks for next: the edited module's content script
            assert f"Edited paragraph {n}." in snapshot.tree(SIMULATED)[content_file(edited.module_id)].decode()
            tree_ms.append((time.perf_counter() - start) * 1000)
            simulator_ms.append(snapshot.seconds * 1000 + tree_ms[-1])
            start = time.perf_counter()
            ReviewSite(snapshot.course, memo=memo).page_html(page_id)
            review_ms.append((time.perf_counter() - start) * 1000)
            full = rebuilder.full()  # the check behind the page path, whose snapshot the simulator reloads too
            full_ms.append(full.seconds * 1000)
            full.tree(SIMULATED)
        pages = sum(1 for _ in first.course.pages())
        print(f"synthetic course: {args.lessons} lessons, {pages} pages; first build {cold:.2f} s")
        for label, values in [("page path (served)", page_ms), ("  of which CPU time", page_cpu_ms),
                              (f"edit → {SIMULATED} content", simulator_ms),
                              ("  of which the package", tree_ms),
                              ("full check, warm cache", full_ms),
                              ("reviewer page render", review_ms)]:
            print(f"{label:24} median {statistics.median(values):7.1f} ms   worst {max(values):7.1f} ms")
        verdict = "meets" if max(page_ms) < TARGET_MS else "MISSES"
        print(f"one-lesson edit → rebuilt course: {verdict} the {TARGET_MS} ms target (worst {max(page_ms):.1f} ms)")
        verdict = "meets" if statistics.median(simulator_ms) < TARGET_MS else "MISSES"
        print(f"one-lesson edit → simulator's content script: {verdict} the {TARGET_MS} ms median target "
              f"(median {statistics.median(simulator_ms):.1f} ms)")
        print("(wall times grow on a busy machine; CPU time shows the cost itself)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
