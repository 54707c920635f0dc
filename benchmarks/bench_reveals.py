"""The answer-reveal check ([quiz.feedback-reveals], [quiz.id-reveals]) on the largest quizzes a
Studio save may send (256 KB of Markdown): many long options, pairs or items, each with feedback.

    .venv/bin/python benchmarks/bench_reveals.py

Target: parsing such a quiz, reveal check included, within 0.5 s of CPU time. Exit status 1 when over.
"""

from __future__ import annotations

import random
import sys
import time

from coursepack_quiz.syntax import parse_quiz_document

TARGET = 0.5
LIMIT = 256 * 1024
_rng = random.Random(1)
_VOCAB = [f"w{i}" for i in range(300)]


def _sentence(n: int) -> str:
    return " ".join(_rng.choice(_VOCAB) for _ in range(n))


def _answers(shape: str, count: int, length: int) -> str:
    if shape == "choice":
        return "\n".join(f"- {'(x)' if i == 0 else '( )'} {_sentence(length)} {{#o{i}}}\n  > {_sentence(40)}"
                         for i in range(count))
    if shape == "pair":
        return "\n".join(f"- {_sentence(length)} -> {_sentence(length)} {{#p{i}}}" for i in range(count))
    return "\n".join(f"{i + 1}. {_sentence(length)} {{#i{i}}}" for i in range(count))


def quiz_source(shape: str, count: int, length: int, feedback_words: int) -> str:
    answers = _answers(shape, count, length)
    return (f"---\ntype: quiz\ntitle: T\nattempts: 3\n---\n\n## Q {{#q}}\n\n{answers}\n\n"
            f"> [!incorrect] {_sentence(feedback_words)}\n")[:LIMIT]


def main() -> int:
    worst = 0.0
    for shape, count, length, feedback in (("choice", 100, 180, 20000), ("pair", 150, 120, 5000),
                                           ("item", 250, 120, 5000)):
        source = quiz_source(shape, count, length, feedback)
        start = time.process_time()
        parse_quiz_document(source, path="q.md", default_id="q")
        took = time.process_time() - start
        worst = max(worst, took)
        print(f"{shape:7} {len(source):7} chars  {took:.3f} s CPU")
    print(f"worst {worst:.3f} s; target {TARGET} s: {'ok' if worst <= TARGET else 'OVER'}")
    return 0 if worst <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
