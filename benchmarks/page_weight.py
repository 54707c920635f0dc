"""First lesson page weight (issue 17, item 5): the gzip bytes of every file the first page of a
web package loads, as counted by a real browser, for untoc-intro and a synthetic course.

    .venv/bin/python benchmarks/page_weight.py                  # untoc-intro and 1,000 lessons
    .venv/bin/python benchmarks/page_weight.py --lessons 100 1000 --course courses/untoc-intro

Headless Chromium (Debian's, driven by Playwright, as in tests/browser) opens the package's
index.html from file://, waits until the player shows the first page and the browser is idle,
and lists every file requested; each is gzipped (level 9, as a web server or a zip would). Files
the player loads once the browser is idle (the next module, prefetched) are counted apart:
they do not delay the first page. Goal: first page of the 1,000-lesson course ≤ 100 KB gzipped.
Also printed: the size of each module's content script (the unit of loading), to compare with
what one page's content would weigh.
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import generate_course  # noqa: E402

from builder.build import build_course  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
GOAL = 100 * 1024
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 9, mtime=0))


def build_web(course_dir: Path, out: Path) -> Path:
    result = build_course(course_dir, ["web"], out)
    if not result.ok:  # a failed build has nothing to measure: say so instead of a figure
        raise SystemExit(f"{course_dir}: the web build failed: "
                         + "; ".join(d.format() for d in result.diagnostics if d.is_error)[:500])
    return result.written[0].path


def requested(browser, index: Path) -> tuple[list[Path], list[Path]]:
    """(files loaded until the first page is shown, files loaded after that while idle)."""
    page = browser.new_page()
    # Hold the player's idle work (the prefetch) until the first page is counted, then let it run.
    page.add_init_script("window.__idle = []; window.requestIdleCallback = function (f) { __idle.push(f); };")
    seen: list[Path] = []
    page.on("request", lambda r: seen.append(Path(unquote(urlparse(r.url).path))) if r.url.startswith("file:") else None)
    page.goto(index.as_uri())
    page.wait_for_function("() => window.Coursepack && Coursepack.current && document.querySelector('#cp-title')")
    first = list(dict.fromkeys(seen))
    page.evaluate("() => __idle.splice(0).forEach(function (f) { f(); })")
    page.wait_for_timeout(1000)  # the idle prefetch of the next module
    later = [p for p in dict.fromkeys(seen) if p not in first]
    page.close()
    return first, later


def report(browser, name: str, package: Path) -> int:
    first, later = requested(browser, package / "index.html")
    weight = sum(gz(p.read_bytes()) for p in first)
    print(f"\n{name}: first page loads {len(first)} files, {weight:,} bytes gzipped "
          f"({weight / 1024:.1f} KB; goal {GOAL // 1024} KB)")
    for path in first:
        print(f"  {path.relative_to(package).as_posix():48s} {path.stat().st_size:9,d}  {gz(path.read_bytes()):8,d}")
    if later:
        print("  then, when idle: " + ", ".join(f"{p.relative_to(package).as_posix()} ({gz(p.read_bytes()):,})"
                                                for p in later))
    content = sorted(gz(p.read_bytes()) for p in (package / "runtime" / "content").glob("*.js"))
    if content:
        print(f"  module content scripts: {len(content)}, gzip min {content[0]:,} / median "
              f"{int(statistics.median(content)):,} / max {content[-1]:,}")
    return weight


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lessons", type=int, nargs="*", default=[1000])
    parser.add_argument("--course", type=Path, nargs="*", default=[REPO / "courses" / "untoc-intro"])
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        raise SystemExit("Debian chromium is not installed (scripts/setup.sh installs it)")
    worst = 0
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_FLAGS)
        for course_dir in args.course:
            report(browser, course_dir.name, build_web(course_dir, Path(tmp) / course_dir.name))
        for lessons in args.lessons:
            source = Path(tmp) / f"synthetic-{lessons}"
            generate_course(source, lessons)
            weight = report(browser, f"synthetic, {lessons:,} lessons", build_web(source, Path(tmp) / f"out-{lessons}"))
            worst = max(worst, weight) if lessons >= 1000 else worst
        browser.close()
    return 0 if worst <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
