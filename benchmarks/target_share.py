"""Each target's own share of a build: CPU seconds inside the build's per-target step (emit, write,
package), after the shared preparation (load, validate, model), the minimum over fresh runs.

    python benchmarks/target_share.py --lessons 1000 --targets web,review --runs 5

The machine may be shared: take the minimum of several runs, and confirm a change with a
profile's call counts (issue 17: each target's share must be its own packaging).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench import SETTINGS, course  # noqa: E402


def one_run(path: Path, targets: list[str]) -> dict[str, float]:
    """One serial build of `targets`; each target's CPU seconds in `build._produce`."""
    import builder.build as build

    produce, seconds = build._produce, {}

    def timed(job, *args):
        start = time.process_time()
        try:
            return produce(job, *args)
        finally:
            seconds[job[0].name] = time.process_time() - start

    build._produce = timed
    with tempfile.TemporaryDirectory() as out:
        result = build.build_course(path, targets, Path(out), jobs=1, overrides=SETTINGS)  # as bench.py builds
    if not result.ok:  # a figure from a build that failed measures nothing
        raise SystemExit("\n".join(d.format() for d in result.diagnostics if d.is_error))
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lessons", type=int, default=1000)
    parser.add_argument("--targets", default="web,review")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--one-run", action="store_true", help=argparse.SUPPRESS)  # a run in its own process
    args = parser.parse_args()
    path, targets = course(args.lessons), args.targets.split(",")
    if args.one_run:
        print(json.dumps(one_run(path, targets)))
        return
    best: dict[str, float] = {}
    for _ in range(args.runs):
        command = [sys.executable, __file__, "--lessons", str(args.lessons), "--targets", args.targets, "--one-run"]
        run = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
        best = {name: min(best.get(name, run[name]), run[name]) for name in run}
    print(f"{args.lessons} lessons, CPU seconds per target (min of {args.runs} runs):")
    for name, value in best.items():
        print(f"  {name:10} {value:.3f}")


if __name__ == "__main__":
    main()
