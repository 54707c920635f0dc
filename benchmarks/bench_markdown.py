"""Benchmark (not a test): Python-Markdown vs markdown-it-py for coursepack's rendering (issue 16, item 5).

    .venv/bin/python benchmarks/bench_markdown.py              # 1000 lessons, best of 5
    .venv/bin/python benchmarks/bench_markdown.py --lessons 1000 --repeats 3

Figures, all CPU seconds, best of the repeats, on benchmarks/synth.py's course:
- plain conversion of every Markdown file: Python-Markdown (tables, footnotes) vs markdown-it-py
  (commonmark + table + footnote plugin), no extensions: the libraries alone;
- the two source-position re-scanners (validation's scan, the review's block pairing) over every lesson;
- check + model: the builder as it is, then the same with the renderer swapped for
  benchmarks/mdit_prototype.py (same callouts, figures, link resolution and nh3 pass). The prototype
  keeps the scan; a migration would replace the scan by a walk over the same tokens.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from unittest import mock

import markdown
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import best_of, course  # noqa: E402
from mdit_prototype import MditRenderer  # noqa: E402

from builder import model  # noqa: E402
from builder.build import check_course  # noqa: E402
from builder.load import load_markdown  # noqa: E402
from builder.markdown.render import Renderer  # noqa: E402
from builder.markdown.scan import scan_markdown  # noqa: E402
from builder.review.blocks import pair_lines  # noqa: E402


def bodies(path: Path) -> list[str]:
    return [load_markdown(file, []).doc.body for file in sorted(path.rglob("*.md"))]


def plain_python_markdown(texts: list[str]) -> None:
    md = markdown.Markdown(extensions=["tables", "footnotes"])
    for text in texts:
        md.reset()
        md.convert(text)


def plain_markdown_it(texts: list[str]) -> None:
    md = MarkdownIt("commonmark", {"html": True}).enable("table").use(footnote_plugin)
    for text in texts:
        md.render(text)


def rescans(texts: list[str], rendered: list[str]) -> None:
    for text, html in zip(texts, rendered):
        scan_markdown(text, 1)
        pair_lines(html, text, 1)


def check_and_model(path: Path, renderer) -> None:
    with mock.patch.object(model, "Renderer", renderer):
        checked = check_course(path)
    assert checked.ok, [d.format() for d in checked.diagnostics[:5]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lessons", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    path = course(args.lessons)
    texts = bodies(path)
    ours = Renderer("en")
    rendered = [ours.block(text, lambda target, is_image: None) for text in texts]
    plain_pm, plain_mdit, scans, cm_pm, cm_mdit = best_of(
        args.repeats, lambda: plain_python_markdown(texts), lambda: plain_markdown_it(texts),
        lambda: rescans(texts, rendered), lambda: check_and_model(path, Renderer),
        lambda: check_and_model(path, MditRenderer))
    print(f"{args.lessons} lessons ({len(texts)} Markdown files); CPU seconds, best of {args.repeats}")
    print(f"plain conversion   Python-Markdown {plain_pm:.3f}   markdown-it-py {plain_mdit:.3f}   "
          f"ratio {plain_pm / plain_mdit:.2f}x")
    print(f"both re-scanners   {scans:.3f}")
    print(f"check + model      Python-Markdown {cm_pm:.3f}   markdown-it-py prototype {cm_mdit:.3f}   "
          f"ratio {cm_pm / cm_mdit:.2f}x")


if __name__ == "__main__":
    main()
