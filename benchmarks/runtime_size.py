"""Report the learner runtime's size (budget: all JS + CSS ≤ 30 KB gzipped) and each course's
worst-case saved-state size per SCORM target.

    .venv/bin/python benchmarks/runtime_size.py [COURSE_DIR ...]

Without arguments: the fixture courses and every course in courses/. Exit status 1 when the
runtime is over budget.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

from builder.build import check_course
from builder.runtime.budget import budget
from builder.runtime.bundle import runtime_files

REPO = Path(__file__).resolve().parent.parent
BUDGET = 30 * 1024
LIMITS = {"scorm12": 4096, "scorm2004": 64000}


def runtime_report() -> int:
    files = runtime_files()
    total_raw = total_gz = 0
    print("runtime file               bytes   gzip -9")
    for name, data in sorted(files.items()):
        packed = len(gzip.compress(data, 9, mtime=0))
        total_raw, total_gz = total_raw + len(data), total_gz + packed
        print(f"  {name:24s} {len(data):6,d}   {packed:6,d}")
    together = len(gzip.compress(b"".join(files[n] for n in sorted(files)), 9, mtime=0))
    print(f"  {'total (each file)':24s} {total_raw:6,d}   {total_gz:6,d}  of {BUDGET:,} budget "
          f"({100 * total_gz / BUDGET:.0f} %)")
    print(f"  {'total (one stream)':24s} {'':6s}   {together:6,d}")
    return total_gz


def state_report(course_dirs: list[Path]) -> None:
    print("\nworst-case saved state (characters)")
    for course_dir in course_dirs:
        checked = check_course(course_dir)
        if not checked.ok:
            print(f"  {course_dir.name:28s} (does not build yet)")
            continue
        figures = ", ".join(f"{target} {budget(checked.course, limit).describe()}" for target, limit in LIMITS.items())
        print(f"  {course_dir.name:28s} {figures}")


def main(argv: list[str]) -> int:
    courses = [Path(a) for a in argv] or sorted(
        [*(REPO / "tests" / "fixtures" / "courses").glob("basic-*"), *(p.parent for p in (REPO / "courses").glob("*/course.yml"))])
    gz = runtime_report()
    state_report(courses)
    return 0 if gz <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
