"""Benchmark (not a test): what the XBlock's handlers cost at their limits, in XBlock's TestRuntime.

    .venv/bin/python benchmarks/bench_xblock.py

Reports, each the fastest of a few runs: a Studio save of a quiz at the documented limit
(262,144 characters), a refused one just over it, a submission refused for nesting (a 60 KB body
of brackets), and a graded submission to a shipped final. The budget: a save at the limit well
under a second; every refusal in milliseconds.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "xblock"))

from xblock.fields import ScopeIds  # noqa: E402

from coursepack_quiz_xblock.block import MAX_SOURCE, QuizBlock  # noqa: E402
from cpq_helpers import REPO, RecordingRuntime, call, quiz_from  # noqa: E402


def block(source: str, usage: str) -> QuizBlock:
    runtime = RecordingRuntime()
    made = runtime.construct_xblock_from_class(QuizBlock, ScopeIds("bench", "coursepack_quiz", f"d-{usage}", usage))
    made.quiz = quiz_from(source).model_dump(mode="json")
    made.save()
    return made


def big_quiz(characters: int) -> str:
    head = "---\ntype: quiz\ntitle: Big\nid: big\n---\n\n"
    questions = "".join(f"## Question {n}? {{#q{n}}}\n\n- (x) Right {n} {{#a}}\n  > Feedback.\n- ( ) Wrong {{#b}}\n\n"
                        for n in range(1, 2000))
    return head + "x" * (characters - len(head) - len(questions) - 2) + "\n\n" + questions


def fastest(action, repeats: int = 5) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    final = (REPO / "courses/untoc-intro/06-wrap-up/01-final-assessment.md").read_text(encoding="utf-8")
    at_limit = json.dumps({"source": big_quiz(MAX_SOURCE)}).encode()
    over = json.dumps({"source": big_quiz(MAX_SOURCE + 1)}).encode()
    nested = b"[" * 30000 + b"]" * 30000
    counter = iter(range(10**6))
    cases = {
        "Studio save at the limit": lambda: call(block(final, "save"), "save_source", at_limit),
        "Studio save over the limit (refused)": lambda: call(block(final, "over"), "save_source", over),
        "submit nested 30 000 deep (refused)": lambda: call(block(final, "deep"), "submit", nested),
        "submit to a shipped final": lambda: call(block(final, f"final-{next(counter)}"), "submit",
                                                   {"responses": {"fa-q-entry-into-force": "true"}}),
    }
    for name, action in cases.items():
        print(f"{name:40} {fastest(action) * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
