"""Benchmarks (not tests): how check + model and builds scale, against plain Python-Markdown.

    .venv/bin/python benchmarks/bench.py            # 100, 1000 and 5000 lessons
    .venv/bin/python benchmarks/bench.py --sizes 100 1000

Targets (issue #2): check + model of 1000 lessons within 1.5x plain Markdown conversion of the
same files; 5000 lessons within 5.5x the 1000-lesson time. Issue #3: building web, scorm12 and
scorm2004 together within 1.3x building web alone.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import generate_course  # noqa: E402

from builder import targets as registry  # noqa: E402
from builder.build import build_course, check_course  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"


def best_of(repeats: int, *actions) -> list[float]:
    """For each action, its fastest run in CPU seconds, running the actions in turn `repeats` times.

    On a shared virtual machine the same run varies by tens of percent with the neighbours'
    load; taking turns exposes the compared actions to the same conditions, and the fastest
    run of each is the best estimate of its own cost.
    """
    times: list[list[float]] = [[] for _ in actions]
    for _ in range(repeats):
        for action, record in zip(actions, times):
            start = time.process_time()
            action()
            record.append(time.process_time() - start)
    return [min(record) for record in times]


def course(lessons: int) -> Path:
    path = OUT / f"synthetic-{lessons}"
    if not (path / "course.yml").is_file():
        shutil.rmtree(path, ignore_errors=True)
        generate_course(path, lessons)
    return path


def plain_markdown(path: Path) -> None:
    """The baseline: read every Markdown file and convert it with a reused Python-Markdown.

    The builder renders with markdown-it-py; Python-Markdown stays the yardstick the targets were
    set against (issue #2), installed with the `bench` extra: `pip install -e '.[bench]'`.
    """
    import markdown

    md = markdown.Markdown(extensions=["tables", "footnotes"])
    for file in sorted(path.rglob("*.md")):
        md.reset()
        md.convert(file.read_text(encoding="utf-8"))


def check_and_model(path: Path) -> None:
    checked = check_course(path)
    assert checked.ok, [d.format() for d in checked.diagnostics[:5]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--repeats", type=int, default=5, help="runs per size up to 1000 lessons (5000: 2)")
    args = parser.parse_args()
    results: dict[int, tuple[float, float]] = {}
    print("CPU seconds, best of the repeats")
    print(f"{'lessons':>8} {'plain md (s)':>13} {'check+model (s)':>16} {'ratio':>6}")
    for size in args.sizes:
        path = course(size)
        repeats = args.repeats if size <= 1000 else 2
        plain, ours = best_of(repeats, lambda: plain_markdown(path), lambda: check_and_model(path))
        results[size] = (plain, ours)
        print(f"{size:>8} {plain:>13.3f} {ours:>16.3f} {ours / plain:>6.2f}", flush=True)
    if 1000 in results and 5000 in results:
        print(f"growth 1000 -> 5000 lessons: {results[5000][1] / results[1000][1]:.2f}x (target <= 5.5x)")
    if 1000 in results:
        print(f"check+model / plain Markdown at 1000 lessons: {results[1000][1] / results[1000][0]:.2f}x "
              "(target <= 1.5x)")
        bench_targets(course(1000), args.repeats)


def bench_targets(path: Path, repeats: int) -> None:
    available = registry.available()
    scorm = [name for name in ("web", "scorm12", "scorm2004") if name in available]
    if scorm != ["web", "scorm12", "scorm2004"]:
        print("targets web/scorm12/scorm2004 not all available; skipping the multi-target figure")
        return
    with tempfile.TemporaryDirectory() as out:
        web, three = best_of(repeats, lambda: build_course(path, ["web"], Path(out)),
                             lambda: build_course(path, scorm, Path(out)))
    print(f"build web alone: {web:.3f} s; web+scorm12+scorm2004: {three:.3f} s; "
          f"ratio {three / web:.2f}x (target <= 1.3x)")


if __name__ == "__main__":
    main()
