"""Take the learner player's screenshots for the README: 320, 390 and 1280 px wide, light and dark.

    .venv/bin/python scripts/screenshots.py [OUT_DIR]    (default docs/screenshots)

Builds the English fixture course as a web package, opens it from file:// in headless Chromium
(Debian chromium, as the browser tests) and shots the course home, a lesson, a quiz after a
submission and the end page. Viewport-sized PNGs keep the files small.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from builder.build import build_course

REPO = Path(__file__).resolve().parent.parent
COURSE = REPO / "tests" / "fixtures" / "courses" / "basic-en"
WIDTHS = {320: 640, 390: 844, 1280: 800}
SCHEMES = ("light", "dark")


def build(out: Path) -> Path:
    result = build_course(COURSE, ["web"], out)
    assert result.ok, [d.format() for d in result.diagnostics]
    return result.written[0].path / "index.html"  # the web target writes a folder


def shoot(page, name: str, out: Path) -> None:
    # As after a tap or click: no keyboard focus ring on the heading the player focused.
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.wait_for_timeout(150)
    page.screenshot(path=str(out / f"{name}.png"))


def visit(page, index: Path, out: Path, suffix: str) -> None:
    page.goto(index.as_uri())
    page.wait_for_function("() => !!(window.Coursepack && Coursepack.current)")
    page.evaluate("localStorage.clear()")
    page.reload()
    page.wait_for_function("() => !!(window.Coursepack && Coursepack.current)")
    page.evaluate("Coursepack.current.home(true)")
    shoot(page, f"home-{suffix}", out)
    lesson = page.evaluate("COURSEPACK_COURSE.pages.find(p => p.kind === 'lesson').id")
    page.evaluate("(id) => Coursepack.current.go(id, true)", lesson)
    shoot(page, f"lesson-{suffix}", out)
    quiz = page.evaluate("COURSEPACK_COURSE.pages.find(p => p.quiz).id")
    page.evaluate("(id) => Coursepack.current.go(id, true)", quiz)
    # The first question answered rightly, the second wrongly, the rest left open (and confirmed).
    right = page.evaluate("""(id) => { const q = COURSEPACK_COURSE.pages.find(p => p.id === id).quiz.questions[0];
        return q.order.indexOf(q.choices.find(c => c.correct).id); }""", quiz)
    page.locator(".cp-question[data-q='1'] .cp-option input").nth(right).check()
    page.locator(".cp-question[data-q='2'] .cp-option input").last.check()
    page.locator(".cp-submit").click()
    page.locator(".cp-confirm-yes").click()
    page.evaluate("document.querySelector(\".cp-question[data-q='1']\").scrollIntoView()")
    shoot(page, f"quiz-{suffix}", out)
    page.evaluate("document.querySelector('.cp-result').scrollIntoView({block: 'end'})")
    shoot(page, f"results-{suffix}", out)
    # The end page as a learner who finished sees it: every page seen and the quiz passed (set in
    # the state directly: answering matching and ordering by script belongs to the browser tests).
    page.evaluate("""(id) => { const p = Coursepack.current, s = p.state;
        s.visited = COURSEPACK_COURSE.pages.map(x => x.id);
        Object.assign(s.quizzes[id], {best: 100, submitted: false, answers: {}});
        p.save(false); p.end(true); }""", quiz)
    shoot(page, f"end-{suffix}", out)


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else REPO / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        index = build(Path(tmp))
        browser = pw.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox"])
        for width, height in WIDTHS.items():
            for scheme in SCHEMES:
                context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme,
                                              reduced_motion="reduce")  # no smooth scrolling mid-shot
                visit(context.new_page(), index, out, f"{width}-{scheme}")
                context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
