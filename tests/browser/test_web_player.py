"""The offline web player from file://: resume from localStorage, keyboard only, 320 px wide,
right-to-left, and no serious or critical axe-core violations (English and Arabic)."""

from __future__ import annotations

import pytest

from learner import answer, right_answer, submit

pytestmark = pytest.mark.browser


def open_web(page, built, course):
    page.set_default_timeout(5000)
    page.goto((built(course, "web") / "index.html").as_uri())
    page.wait_for_function("() => !!(window.Coursepack && Coursepack.current)")


@pytest.mark.parametrize("course", ["basic-en", "basic-ar"])
def test_no_serious_accessibility_violations(page, built, axe_audit, course_model, course):
    open_web(page, built, course)
    problems = axe_audit(page)
    model = course_model(course)
    quiz = model.graded_quizzes()[0]
    page.evaluate("(id) => Coursepack.current.go(id, true)", quiz.id)
    problems += axe_audit(page)
    submit(page)  # feedback, results and revealed answers shown
    problems += axe_audit(page)
    page.set_viewport_size({"width": 320, "height": 640})
    page.locator(".cp-toc-toggle").click()
    problems += axe_audit(page)
    assert problems == []


@pytest.mark.parametrize("course", ["basic-en", "basic-ar"])
def test_fits_320_px_without_sideways_scrolling(page, built, course):
    page.set_viewport_size({"width": 320, "height": 640})
    open_web(page, built, course)
    for _ in range(5):
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        if not page.locator(".cp-next").is_enabled():
            break
        page.locator(".cp-next").click()


def test_direction_and_isolation_in_arabic(page, built):
    open_web(page, built, "basic-ar")
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]
    # Logical properties: the table of contents sits on the right in RTL.
    page.set_viewport_size({"width": 1200, "height": 800})
    toc, main = page.locator("#cp-toc").bounding_box(), page.locator("#cp-main").bounding_box()
    assert toc["x"] > main["x"]


def test_keyboard_only_learner(page, built):
    open_web(page, built, "basic-en")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "cp-skip"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"  # visible focus
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "cp-main"
    page.locator(".cp-next").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "cp-title"  # focus follows the page change
    hint = page.locator(".cp-hint")
    while not hint.count():
        page.locator(".cp-next").focus()
        page.keyboard.press("Enter")
    hint.first.focus()
    page.keyboard.press("Enter")
    assert "cp-hint-text" in page.evaluate("document.activeElement.className")


def test_resume_from_local_storage_after_closing(page, built, course_model):
    model = course_model("basic-en")
    quiz = model.graded_quizzes()[0]
    rendered = model.page(quiz.id).rendered
    open_web(page, built, "basic-en")
    page.evaluate("(id) => Coursepack.current.go(id, true)", quiz.id)
    order = page.evaluate("(id) => COURSEPACK_COURSE.pages.find(p => p.id === id).quiz.questions.map(q => q.id)", quiz.id)
    q1 = rendered.question(order[0])
    answer(page, 1, q1, right_answer(q1))
    page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
    page.goto("about:blank")  # the tab goes away: pagehide saves
    open_web(page, built, "basic-en")
    assert page.locator("h1").inner_text() == quiz.title
    assert page.evaluate("Coursepack.current.state.quizzes[%r].answers[%r]" % (quiz.id, q1.id)) == right_answer(q1)
    assert page.evaluate("Coursepack.current.state.visited.length") >= 1
