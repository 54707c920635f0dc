"""Take the learner player's screenshots for the README: 320, 390 and 1280 px wide, light and dark;
and the learning activities (a scenario's step, consequence and ending, a reflection) at phone
(360 x 740) and desktop size, in English and Arabic.

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
FIXTURES = REPO / "tests" / "fixtures" / "courses"
COURSE = FIXTURES / "basic-en"
ACTIVITY_COURSES = ("activities-en", "activities-ar")
ACTIVITY_SIZES = {"phone": (360, 740), "desktop": (1280, 800)}
WIDTHS = {320: 640, 390: 844, 1280: 800}
SCHEMES = ("light", "dark")


def build(out: Path, course: Path = COURSE) -> Path:
    result = build_course(course, ["web"], out)
    assert result.ok, [d.format() for d in result.diagnostics]
    return result.written[0].path / "index.html"  # the web target writes a folder


def shoot(page, name: str, out: Path) -> None:
    # As after a tap or click: no keyboard focus ring on the heading the player focused.
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.wait_for_timeout(150)
    page.screenshot(path=str(out / f"{name}.png"))


def fresh_start(page, index: Path) -> None:
    """Open the package as a first-time learner: nothing saved from an earlier shot."""
    page.goto(index.as_uri())
    page.wait_for_function("() => !!(window.Coursepack && Coursepack.current)")
    page.evaluate("localStorage.clear()")
    page.reload()
    page.wait_for_function("() => !!(window.Coursepack && Coursepack.current)")


def visit(page, index: Path, out: Path, suffix: str) -> None:
    fresh_start(page, index)
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


def press_step_button(page) -> None:
    """A scenario step's one button: Choose, then Continue after the consequence."""
    page.locator(".cp-step .cp-submit").click()


def activities(page, index: Path, out: Path, suffix: str) -> None:
    """The scenario `late-report` (its first step, a consequence, an ending) and the reflection
    `your-review` with its model answer shown: the same IDs in both activity fixtures."""
    fresh_start(page, index)
    page.evaluate("Coursepack.current.go('late-report', true)")
    page.locator(".cp-choices input").first.check()
    shoot(page, f"scenario-step-{suffix}", out)
    press_step_button(page)  # Choose
    shoot(page, f"scenario-consequence-{suffix}", out)
    press_step_button(page)  # Continue
    while not page.locator(".cp-ending").count():  # the first choice of each step, to an ending
        page.locator(".cp-choices input").first.check()
        for _ in ("choose", "continue"):
            press_step_button(page)
    page.evaluate("window.scrollTo(0, 0)")
    shoot(page, f"scenario-ending-{suffix}", out)
    page.evaluate("Coursepack.current.go('your-review', true)")
    page.locator("textarea").fill(page.evaluate("document.documentElement.lang") == "ar"
                                  and "لم يكن لأي ملاحظة مسؤول. سأختم الاجتماع حين يكون لكل ملاحظة اسم وموعد."
                                  or "Nobody owned the findings. I would close the meeting only once each has a name "
                                     "and a date.")
    page.wait_for_timeout(900)  # the counter follows once typing pauses
    page.locator(".cp-actions button").first.click()
    page.evaluate("document.querySelector('.cp-text').labels[0].scrollIntoView()")
    shoot(page, f"reflection-{suffix}", out)


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
        for name in ACTIVITY_COURSES:
            course_index = build(Path(tmp) / name, FIXTURES / name)
            for size, (width, height) in ACTIVITY_SIZES.items():
                context = browser.new_context(viewport={"width": width, "height": height}, reduced_motion="reduce")
                activities(context.new_page(), course_index, out, f"{size}-{name.rsplit('-', 1)[1]}")
                context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
