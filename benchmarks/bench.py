"""Benchmarks (not tests): check and builds, side by side in one run, with peak memory.

    .venv/bin/python benchmarks/bench.py                       # 1000 and 5000 lessons
    .venv/bin/python benchmarks/bench.py --sizes 1000 --repeats 3

For each size it measures, each run in a fresh Python process (so peak RSS is that run's own):
plain Python-Markdown over the same files; `check` (load, validate, model); `build -t web`;
a build of every target that can build the course, serial (`jobs=1`) and parallel (one job per
core). Every build is checked: it must succeed and write one package per target, or the
benchmark stops (a build that aborted would otherwise be timed as a fast one).

The synthetic course is large: from about 175 lessons its worst-case SCORM 1.2 state passes
the 4,096 characters of cmi.suspend_data, so a single-SCO `scorm12` refuses it (rightly). The
SCORM targets are therefore built as an author of such a course would build them, one SCO per
module (`SETTINGS`). "All targets" is every target whose `check` accepts the course at every size
measured (so that the sizes compare the same work); any left out are named in RESULTS.md.

Goals (issue 17): at 1000 lessons all targets ≤ 1.3× web alone in CPU time; all-target parallel
wall time ≤ 0.75× its CPU time on 2 cores; check ≤ 1.3× plain Markdown; at 5000 lessons
≤ 5.5× the 1000-lesson figures and peak RSS ≤ 300 MiB. Writes benchmarks/RESULTS.md.

CPU seconds on a shared machine move with its other tenants; benchmarks/instructions.py counts
the instructions of the same actions (callgrind), a ratio they cannot move.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from synth import generate_course  # noqa: E402

OUT = HERE / "out"
RESULTS = HERE / "RESULTS.md"
MIB = 1024 * 1024


def course(lessons: int) -> Path:
    path = OUT / f"synthetic-{lessons}"
    if not (path / "course.yml").is_file():
        shutil.rmtree(path, ignore_errors=True)
        generate_course(path, lessons)
    return path


# ---- one measured run, in its own process ----------------------------------------------------

def plain_markdown(path: Path) -> None:
    """The baseline: read every Markdown file and convert it with a reused Python-Markdown
    (the `bench` extra: `pip install -e '.[bench]'`)."""
    import markdown

    md = markdown.Markdown(extensions=["tables", "footnotes"])
    for file in sorted(path.rglob("*.md")):
        md.reset()
        md.convert(file.read_text(encoding="utf-8"))


def check(path: Path) -> None:
    from builder.build import check_course

    checked = check_course(path)
    if not checked.ok:
        raise SystemExit("check failed: " + "; ".join(d.format() for d in checked.diagnostics[:5]))


def build(path: Path, targets: list[str], jobs: int) -> None:
    """Build and prove it worked: no error, and one package per target, on disk."""
    from builder.build import build_course

    with tempfile.TemporaryDirectory(prefix="bench-build-") as out:
        kwargs = {"jobs": jobs} if "jobs" in inspect.signature(build_course).parameters else {}
        result = build_course(path, targets, Path(out), overrides=SETTINGS, **kwargs)
        problems = [d.format() for d in result.diagnostics if d.is_error]
        written = sorted(w.target for w in result.written)
        if problems or written != sorted(targets) or not all(w.path.exists() for w in result.written):
            raise SystemExit(f"build of {targets} failed: wrote {written}; " + "; ".join(problems[:5]))


#: Target settings of every check and build measured: what an author of a course this large sets.
SETTINGS = {"scorm12": {"sco_per_module": True}, "scorm2004": {"sco_per_module": True}}


def buildable_targets(path: Path) -> tuple[list[str], dict[str, str]]:
    """Every target whose check accepts the course, and why each other one is left out."""
    from builder.build import check_course, resolve_targets

    checked = check_course(path, overrides=SETTINGS)
    chosen, skipped = [], {}
    for target in resolve_targets(None, checked.settings):
        errors = [d for d in target.problems(checked.course) if d.is_error]
        if errors:
            skipped[target.name] = f"{errors[0].message} [{errors[0].code}]"
        else:
            chosen.append(target.name)
    return chosen, skipped


def run_one(spec: dict) -> dict:
    """Time one action in this process: CPU (this process and its children), wall, peak RSS."""
    path = Path(spec["path"])
    action = {"markdown": lambda: plain_markdown(path), "check": lambda: check(path),
              "build": lambda: build(path, spec["targets"], spec["jobs"])}[spec["action"]]
    before_self, before_kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter()
    action()
    wall = time.perf_counter() - wall
    after_self, after_kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)

    def cpu(before, after) -> float:
        return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

    # ru_maxrss is KiB on Linux. Children: the largest worker, so the pool's peak is at most
    # the parent's plus that many workers' (reported as such).
    return {"cpu": cpu(before_self, after_self) + cpu(before_kids, after_kids), "wall": wall,
            "rss_mib": after_self.ru_maxrss / 1024, "child_rss_mib": after_kids.ru_maxrss / 1024}


def measure(spec: dict) -> dict:
    done = subprocess.run([sys.executable, __file__, "--run", json.dumps(spec)], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{spec['action']} at {spec['path']} failed:\n{done.stdout}{done.stderr}")
    return json.loads(done.stdout.splitlines()[-1])


def best(repeats: int, specs: dict[str, dict]) -> dict[str, dict]:
    """Each action's fastest run (CPU), taking turns so all meet the same neighbours' load;
    peak RSS is the largest seen."""
    runs: dict[str, list[dict]] = {name: [] for name in specs}
    for _ in range(repeats):
        for name, spec in specs.items():
            runs[name].append(measure(spec))
    return {name: {**min(found, key=lambda r: r["cpu"]), "rss_mib": max(r["rss_mib"] for r in found),
                   "child_rss_mib": max(r["child_rss_mib"] for r in found)} for name, found in runs.items()}


# ---- the report -----------------------------------------------------------------------------

def action_specs(path: Path, chosen: list[str], jobs: int) -> dict[str, dict]:
    """Every action measured, by its name in the report, as `run_one` takes it."""
    base = {"path": str(path)}
    return {"markdown": {**base, "action": "markdown"}, "check": {**base, "action": "check"},
            "web": {**base, "action": "build", "targets": ["web"], "jobs": 1},
            "all serial": {**base, "action": "build", "targets": chosen, "jobs": 1},
            f"all {jobs} jobs": {**base, "action": "build", "targets": chosen, "jobs": jobs}}


def bench_size(size: int, repeats: int, jobs: int, chosen: list[str]) -> dict[str, dict]:
    return best(repeats, action_specs(course(size), chosen, jobs))


def table(results: dict[int, dict[str, dict]], jobs: int) -> list[str]:
    sizes = sorted(results)
    rows = ["| measure | " + " | ".join(f"{s:,} lessons" for s in sizes) + " | goal |",
            "|---|" + "---|" * len(sizes) + "---|"]

    def row(label: str, cell, goal: str = "") -> None:
        rows.append(f"| {label} | " + " | ".join(cell(results[s]) for s in sizes) + f" | {goal} |")

    parallel = f"all {jobs} jobs"
    row("plain Markdown, CPU s", lambda r: f"{r['markdown']['cpu']:.2f}")
    row("check, CPU s", lambda r: f"{r['check']['cpu']:.2f}")
    row("check / plain Markdown", lambda r: f"{r['check']['cpu'] / r['markdown']['cpu']:.2f}×", "≤ 1.3×")
    row("build web, CPU s", lambda r: f"{r['web']['cpu']:.2f}")
    row("build all targets serial, CPU s", lambda r: f"{r['all serial']['cpu']:.2f}")
    row("all targets / web (CPU)", lambda r: f"{r['all serial']['cpu'] / r['web']['cpu']:.2f}×", "≤ 1.3×")
    row("all targets serial, wall s", lambda r: f"{r['all serial']['wall']:.2f}")
    row(f"all targets --jobs {jobs}, wall s", lambda r: f"{r[parallel]['wall']:.2f}")
    row(f"all targets --jobs {jobs}, CPU s", lambda r: f"{r[parallel]['cpu']:.2f}")
    row(f"--jobs {jobs} wall / its CPU", lambda r: f"{r[parallel]['wall'] / r[parallel]['cpu']:.2f}",
        "≤ 0.75 on 2 cores")
    row("peak RSS check, MiB", lambda r: f"{r['check']['rss_mib']:.0f}")
    row("peak RSS build web, MiB", lambda r: f"{r['web']['rss_mib']:.0f}")
    row("peak RSS all targets serial, MiB", lambda r: f"{r['all serial']['rss_mib']:.0f}", "≤ 300 at 5,000")
    row(f"peak RSS --jobs {jobs}: parent / largest worker, MiB",
        lambda r: f"{r[parallel]['rss_mib']:.0f} / {r[parallel]['child_rss_mib']:.0f}")
    if 1000 in results and 5000 in results:
        small, large = results[1000], results[5000]
        rows.append("")
        rows.append(f"Growth 1,000 → 5,000 lessons (goal ≤ 5.5×): check {large['check']['cpu'] / small['check']['cpu']:.2f}×, "
                    f"all targets serial {large['all serial']['cpu'] / small['all serial']['cpu']:.2f}×.")
    return rows


def write_results(results: dict[int, dict[str, dict]], jobs: int, chosen: list[str],
                  skipped: dict[int, dict[str, str]], repeats: int) -> str:
    lines = ["# Benchmark results", "",
             f"Written by `benchmarks/bench.py` on {platform.platform()}, Python {platform.python_version()}, "
             f"**{os.cpu_count()} cores** (parallel builds use --jobs {jobs}). CPU seconds include worker processes; "
             f"best of {repeats} turn(s) (above 1,000 lessons: 1), each run in a fresh process. The machine is shared: "
             "wall times move with the neighbours' load.", ""]
    lines += table(results, jobs)
    lines.append("")
    lines.append(f"\"All targets\" means: {', '.join(chosen)} (every target whose check accepts the synthetic "
                 "course at every size measured).")
    for size in sorted(skipped):
        for name, why in sorted(skipped[size].items()):
            lines.append(f"- left out, refused at {size:,} lessons: `{name}`: {why}.")
    text = "\n".join(lines) + "\n"
    RESULTS.write_text(text, encoding="utf-8")
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--repeats", type=int, default=3, help="turns per size up to 1000 lessons (larger: 1)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="jobs for the parallel build")
    parser.add_argument("--run", help=argparse.SUPPRESS)  # internal: one measured run (JSON spec)
    args = parser.parse_args()
    if args.run:
        spec = json.loads(args.run)
        print(json.dumps(buildable_targets(Path(spec["path"])) if spec["action"] == "targets" else run_one(spec)))
        return
    skipped, buildable = {}, []
    for size in args.sizes:
        # In a child process too: Linux keeps a process's peak RSS across fork and exec, so a large
        # check here would become the floor of every figure measured after it.
        found, skipped[size] = measure({"action": "targets", "path": str(course(size))})
        buildable.append(found)
    chosen = [name for name in buildable[0] if all(name in found for found in buildable)]
    results = {}
    for size in args.sizes:
        results[size] = bench_size(size, args.repeats if size <= 1000 else 1, args.jobs, chosen)
        print(f"{size} lessons measured", flush=True)
    print(write_results(results, args.jobs, chosen, skipped, args.repeats))


if __name__ == "__main__":
    main()
