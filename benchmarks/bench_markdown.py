"""Benchmark (not a test): the Markdown library under coursepack, Python-Markdown vs markdown-it-py (issue 16, item 5).

    .venv/bin/python benchmarks/bench_markdown.py              # 1000 lessons, best of 5
    .venv/bin/python benchmarks/bench_markdown.py --lessons 1000 --repeats 3

Figures, all CPU seconds, best of the repeats, on benchmarks/synth.py's course:
- plain conversion of every Markdown file with each library and no extensions (Python-Markdown
  with tables and footnotes; markdown-it-py, commonmark + table + footnotes): the libraries alone.
  Python-Markdown is no longer a dependency: `pip install -e '.[bench]'` for that figure;
- reading source positions of every page (builder/markdown/positions.py, one parse each);
- check + model, as `coursepack check` runs it.
The builder before the move (Python-Markdown with two regular-expression re-scanners) is measured
by this script at commit 11686b0, where it compared against a markdown-it-py prototype.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import best_of, check_and_model, course  # noqa: E402

from builder.load import load_markdown  # noqa: E402
from builder.markdown.positions import read_positions  # noqa: E402


def bodies(path: Path) -> list[str]:
    return [load_markdown(file, []).doc.body for file in sorted(path.rglob("*.md"))]


def plain_python_markdown(texts: list[str]) -> None:
    import markdown  # optional: the `bench` extra

    md = markdown.Markdown(extensions=["tables", "footnotes"])
    for text in texts:
        md.reset()
        md.convert(text)


def plain_markdown_it(texts: list[str]) -> None:
    md = MarkdownIt("commonmark", {"html": True}).enable("table").use(footnote_plugin)
    for text in texts:
        md.render(text)


def positions(texts: list[str]) -> None:
    for text in texts:
        read_positions(text, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lessons", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    path = course(args.lessons)
    texts = bodies(path)
    try:
        import markdown  # noqa: F401
        actions = [lambda: plain_python_markdown(texts)]
    except ImportError:
        print("Python-Markdown is not installed (pip install -e '.[bench]'): its figure is left out")
        actions = []
    times = best_of(args.repeats, *actions, lambda: plain_markdown_it(texts), lambda: positions(texts),
                    lambda: check_and_model(path))
    plain_mdit, reading, checked = times[-3:]
    print(f"{args.lessons} lessons ({len(texts)} Markdown files); CPU seconds, best of {args.repeats}")
    if actions:
        print(f"plain conversion   Python-Markdown {times[0]:.3f}   markdown-it-py {plain_mdit:.3f}   "
              f"ratio {times[0] / plain_mdit:.2f}x")
    else:
        print(f"plain conversion   markdown-it-py {plain_mdit:.3f}")
    print(f"source positions   {reading:.3f}")
    print(f"check + model      {checked:.3f}")


if __name__ == "__main__":
    main()
