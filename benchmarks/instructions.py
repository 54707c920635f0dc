"""Instruction counts (valgrind's callgrind) of the actions bench.py times: a ratio the host's
other tenants cannot move, where CPU seconds on a shared machine move by up to ±40 % in one run.

    .venv/bin/python benchmarks/instructions.py                     # web vs all targets, 1,000 lessons
    .venv/bin/python benchmarks/instructions.py --also check markdown --lessons 1000

Each action runs once, in a fresh process under `valgrind --tool=callgrind`, exactly as bench.py
runs it (`bench.py --run SPEC`: imports included, interpreter start-up not), several at a time
(instruction counts do not depend on what runs beside them). Under callgrind a build runs about
80 times slower: a 1,000-lesson all-target build takes 4 to 6 minutes. Needs `valgrind` on PATH
(Debian: `apt-get install valgrind`).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench import action_specs, buildable_targets, course  # noqa: E402

_COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")


def start(spec: dict) -> subprocess.Popen:
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable,
               str(HERE / "bench.py"), "--run", json.dumps(spec)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def instructions(process: subprocess.Popen, name: str) -> int:
    """The run's instruction count; a run that failed counts nothing and stops the benchmark."""
    out, err = process.communicate()
    found = _COLLECTED.search(err)
    if process.returncode or not found:
        raise SystemExit(f"{name} failed under valgrind (exit {process.returncode}):\n{out}{err[-2000:]}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lessons", type=int, default=1000)
    parser.add_argument("--also", nargs="*", default=[], choices=["check", "markdown"],
                        help="also count `check` and plain Python-Markdown (the `bench` extra)")
    parser.add_argument("--at-once", type=int, default=os.cpu_count() or 1, help="runs under valgrind at a time")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    path = course(args.lessons)
    chosen, _ = buildable_targets(path)
    every = action_specs(path, chosen, jobs=1)
    todo, counts = [(name, every[name]) for name in ["web", "all serial", *args.also]], {}
    while todo:
        batch, todo = todo[:args.at_once], todo[args.at_once:]
        running = [(name, start(spec)) for name, spec in batch]
        counts.update({name: instructions(process, name) for name, process in running})
    print(f"{args.lessons:,} lessons, instructions (callgrind), one run each:\n")
    print("| action | instructions |\n|---|---|")
    for name, count in counts.items():
        print(f"| {name} | {count / 1e9:.2f} G |")
    print(f"\nall targets / web: {counts['all serial'] / counts['web']:.2f}× (goal ≤ 1.3×); all targets = {', '.join(chosen)}")
    if "check" in counts and "markdown" in counts:
        print(f"check / plain Markdown: {counts['check'] / counts['markdown']:.2f}× (goal ≤ 1.3×)")


if __name__ == "__main__":
    main()
