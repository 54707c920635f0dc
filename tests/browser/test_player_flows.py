"""The learner player's flows (issue 14) in real Chromium: the quiz never submits on Enter and asks
before submitting with questions unanswered; results are readable, announced and linked; the URL
fragment follows the page (Back, Forward, reload), also inside an LMS frame; the glossary returns
to the reading position; the warning bar can be dismissed and never hides focus; the end page is
visible and printable; dark theme, forced colours, named callouts, new-tab links."""

from __future__ import annotations

import pytest

from learner import answer, right_answer, submit, wrong_answer
from lms_harness import launch

pytestmark = pytest.mark.browser

QUIZ = "practice-quiz"


def open_web(page, built, course="basic-en"):
    page.set_default_timeout(5000)
    page.goto((built(course, "web") / "index.html").as_uri())
    page.wait_for_function("() => !!(window.Coursepack && Coursepack.current)")
    return page


def open_target(page, built, lms_site, target):
    """The web package from file://, or a SCORM package in the test LMS's frame."""
    if target == "web":
        return open_web(page, built)
    return launch(page, lms_site("basic-en", target), target.removeprefix("scorm"))


def attempts(frame) -> int:
    return frame.evaluate("(id) => Coursepack.current.state.quizzes[id].attempts", QUIZ)


def questions(frame, course_model):
    order = frame.evaluate("(id) => COURSEPACK_COURSE.pages.find(p => p.id === id).quiz.questions.map(q => q.id)", QUIZ)
    rendered = course_model("basic-en").page(QUIZ).rendered
    return [rendered.question(qid) for qid in order]


@pytest.mark.parametrize("target", ["web", "scorm12", "scorm2004"])
def test_enter_never_submits_and_unanswered_questions_are_confirmed(page, built, lms_site, target):
    frame = open_target(page, built, lms_site, target)
    frame.evaluate("(id) => Coursepack.current.go(id, true)", QUIZ)
    frame.locator(".cp-fill").fill("check")
    frame.locator(".cp-fill").press("Enter")
    frame.locator(".cp-option input").first.check()
    frame.locator(".cp-option input").first.press("Enter")
    assert attempts(frame) == 0 and frame.locator(".cp-result").inner_text() == "", "Enter spent an attempt"
    frame.locator(".cp-submit").click()
    confirm = frame.locator(".cp-confirm")
    assert confirm.is_visible() and "4 of 6" in confirm.inner_text()  # fill-in and one choice answered
    assert frame.evaluate("document.activeElement.closest('.cp-confirm') !== null"), "focus moves to the question asked"
    assert attempts(frame) == 0
    frame.locator(".cp-confirm-no").click()
    assert not confirm.is_visible() and attempts(frame) == 0
    assert frame.evaluate("document.activeElement.closest('.cp-question').dataset.q") == "2"  # first unanswered
    frame.locator(".cp-submit").click()
    frame.locator(".cp-confirm-yes").click()
    assert attempts(frame) == 1 and frame.locator(".cp-result p").count() >= 1


def test_results_are_readable_announced_and_link_the_wrong_questions(page, built, course_model):
    open_web(page, built)
    page.evaluate("(id) => Coursepack.current.go(id, true)", QUIZ)
    qs = questions(page, course_model)
    answer(page, 1, qs[0], right_answer(qs[0]))
    answer(page, 2, qs[1], wrong_answer(qs[1]))
    submit(page)
    verdicts = page.locator(".cp-verdict")
    assert verdicts.count() == 6 and page.locator("h3.cp-verdict").count() == 6  # a heading per result
    assert "Question 1" in verdicts.nth(0).inner_text() and "Correct" in verdicts.nth(0).inner_text()
    given = page.locator(".cp-question[data-q='1'] .cp-given").inner_text()
    assert "Your answer" in given and "course.yml" in given  # the learner's own answer, as text
    assert "Not answered" in page.locator(".cp-question[data-q='3'] .cp-given").inner_text()
    chosen = page.locator(".cp-question[data-q='1'] .cp-chosen")
    assert chosen.count() == 1
    # The chosen answer reads at full text colour, not as a faint disabled control.
    assert chosen.evaluate("r => getComputedStyle(r.querySelector('label')).color === getComputedStyle(document.body).color")
    assert chosen.evaluate("r => getComputedStyle(r.querySelector('input')).opacity") == "1"
    assert page.locator(".cp-hint:visible").count() == 0, "hint buttons go once the quiz is submitted"
    page.wait_for_function("() => document.getElementById('cp-live').textContent.includes('Questions to review')")
    live = page.locator("#cp-live").inner_text()
    assert "Your score" in live and "2, 3, 4, 5, 6" in live
    review = page.locator(".cp-review a")
    assert review.all_inner_texts() == [f"Question {n}" for n in range(2, 7)]
    url = page.url
    review.nth(1).click()
    assert page.evaluate("document.activeElement.closest('.cp-question').dataset.q") == "3"
    assert page.url == url, "the review links keep the page's URL"


def test_practice_percentages_are_whole_numbers(page, built, course_model):
    open_web(page, built)
    page.evaluate("(id) => Coursepack.current.go(id, true)", QUIZ)
    answer(page, 1, questions(page, course_model)[0], right_answer(questions(page, course_model)[0]))
    submit(page)
    assert "17%" in page.locator(".cp-result").inner_text()  # 1 of 6, not 16.67 %


@pytest.mark.parametrize("target", ["web", "scorm2004"])
def test_the_url_fragment_follows_the_page(page, built, lms_site, target):
    frame = open_target(page, built, lms_site, target)
    first = frame.evaluate("COURSEPACK_COURSE.pages[0]")
    second = frame.evaluate("COURSEPACK_COURSE.pages[1]")
    assert frame.evaluate("location.hash") == "#/page/" + first["id"]
    frame.locator(".cp-next").click()
    assert frame.evaluate("location.hash") == "#/page/" + second["id"]
    page.evaluate("history.back()")  # the browser's Back: joint history, the LMS frame included
    frame.wait_for_function("(t) => document.querySelector('h1').textContent === t", arg=first["title"])
    assert frame.evaluate("document.activeElement.id") == "cp-title"
    page.evaluate("history.forward()")
    frame.wait_for_function("(t) => document.querySelector('h1').textContent === t", arg=second["title"])
    if target == "web":  # a reload stays on the page the URL names
        page.reload()
        page.wait_for_function("() => !!(window.Coursepack && Coursepack.current)")
        assert page.locator("h1").inner_text() == second["title"]
        assert page.url.startswith("file:"), "still the package from file://"


def test_the_glossary_returns_to_the_reading_position(page, built):
    page.set_viewport_size({"width": 390, "height": 500})
    open_web(page, built)
    term = page.locator(".cp-content a[href^='#/glossary/']").first
    term.scroll_into_view_if_needed()
    before = page.evaluate("scrollY")
    assert before > 0
    term.click()
    assert page.locator("h1").inner_text() == "Glossary" and page.evaluate("location.hash").startswith("#/glossary/")
    page.locator(".cp-back").click()
    assert abs(page.evaluate("scrollY") - before) < 5
    assert page.evaluate("document.activeElement.getAttribute('href')").startswith("#/glossary/")
    term.click()
    page.evaluate("history.back()")  # the browser's Back does the same
    page.wait_for_function("() => document.querySelector('h1').textContent !== 'Glossary'")
    assert abs(page.evaluate("scrollY") - before) < 5


def test_external_links_say_they_open_a_new_tab_and_callouts_are_named(page, built):
    open_web(page, built)
    links = page.locator(".cp-content a[target='_blank']")
    assert links.count() >= 1
    for i in range(links.count()):
        assert "opens in a new tab" in links.nth(i).text_content()
        assert links.nth(i).get_attribute("rel") == "noopener"
    asides = page.locator("aside.cp-callout")
    assert asides.count() >= 1
    for i in range(asides.count()):
        name = asides.nth(i).evaluate("a => document.getElementById(a.getAttribute('aria-labelledby')).textContent")
        assert name.strip() and name == asides.nth(i).locator(".cp-callout-title").text_content()


def test_the_warning_bar_is_dismissible_and_never_hides_focus(page, built):
    page.set_viewport_size({"width": 320, "height": 256})  # 1280 × 1024 at 400 % zoom
    page.emulate_media(reduced_motion="reduce")  # scrolling to the focused element is then immediate
    open_web(page, built)
    page.evaluate("Coursepack.current.alert(Coursepack.current.ui.no_lms)")
    bar = page.locator("#cp-alert-bar")
    assert bar.is_visible()
    covered = []
    for _ in range(40):
        page.keyboard.press("Tab")
        hidden = page.evaluate("""() => {
            const el = document.activeElement, r = el.getBoundingClientRect();
            if (el === document.body || !r.width) return null;
            const top = document.elementFromPoint(r.left + r.width / 2, r.top + Math.min(r.height, 20) / 2);
            return top && (el.contains(top) || top.contains(el)) ? null : el.outerHTML.slice(0, 80);
        }""")
        if hidden:
            covered.append(hidden)
    assert covered == [], "focus hidden under something"
    page.locator(".cp-alert-close").click()
    assert not bar.is_visible()
    assert page.evaluate("document.activeElement.id") == "cp-main"
    page.evaluate("Coursepack.current.alert('again')")
    assert bar.is_visible(), "a new message shows the bar again"


def test_completion_shows_a_printable_end_page(page, built, course_model):
    open_web(page, built)
    course = course_model("basic-en")
    assert not page.locator("#cp-done-badge").is_visible()
    for number, p in enumerate(course.pages()):
        if number:
            page.locator(".cp-next").click()
        if p.id == QUIZ:
            qs = questions(page, course_model)
            for n, q in enumerate(qs, 1):
                answer(page, n, q, right_answer(q))
            submit(page)
    assert page.locator("#cp-done-badge").is_visible(), "completion is seen, not only announced"
    assert page.locator(".cp-next").inner_text() == "Finish"
    page.locator(".cp-next").click()
    assert page.evaluate("location.hash") == "#/end"
    end = page.locator(".cp-certificate")
    assert page.locator("h1").inner_text() == "Course complete"
    assert course.title in end.inner_text() and "Course score: 100%" in end.inner_text()
    assert "Completed on" in end.inner_text()
    page.emulate_media(media="print")
    assert end.is_visible() and not page.locator(".cp-header").is_visible() and not page.locator(".cp-print").is_visible()


def test_dark_theme_covers_pages_and_diagrams(page, built):
    page.emulate_media(color_scheme="dark")
    open_web(page, built)
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(20, 23, 28)"
    figure = page.locator(".cp-content img[src$='.svg']").first
    assert "invert" in figure.evaluate("i => getComputedStyle(i).filter")


def test_forced_colours_mark_only_the_current_page(page, built):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.emulate_media(forced_colors="active")
    open_web(page, built)
    widths = page.evaluate("""() => [...document.querySelectorAll('#cp-toc a[data-page]')].map(
        a => [a.getAttribute('aria-current'), getComputedStyle(a).borderInlineStartWidth])""")
    assert [w for current, w in widths if current] == ["3px"]
    assert {w for current, w in widths if not current} == {"0px"}


@pytest.mark.parametrize("course", ["basic-en", "basic-ar"])
def test_no_axe_violation_on_any_page_kind(page, built, axe_strict, course):
    """WCAG 2.1 A/AA and best practice, any impact: home, lesson, quiz (fresh, confirming, results),
    glossary and end page, light and dark, desktop and phone with the contents open."""
    open_web(page, built, course)
    quiz = page.evaluate("COURSEPACK_COURSE.pages.find(p => p.quiz).id")
    problems = []
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.evaluate("Coursepack.current.home(true)")
        problems += axe_strict(page, f"home {scheme}")
        page.evaluate("Coursepack.current.go(COURSEPACK_COURSE.pages[0].id, true)")
        problems += axe_strict(page, f"lesson {scheme}")
        page.evaluate("(id) => Coursepack.current.go(id, true)", quiz)
        problems += axe_strict(page, f"quiz {scheme}")
        page.locator(".cp-retry:visible").click() if page.locator(".cp-retry").is_visible() else None
        page.locator(".cp-submit").click()
        problems += axe_strict(page, f"quiz confirm {scheme}")
        page.locator(".cp-confirm-yes").click()
        problems += axe_strict(page, f"quiz results {scheme}")
        page.evaluate("Coursepack.current.glossary('', true)")
        problems += axe_strict(page, f"glossary {scheme}")
        page.evaluate("Coursepack.current.end(true)")
        problems += axe_strict(page, f"end {scheme}")
        page.evaluate("Coursepack.current.alert(Coursepack.current.ui.no_lms)")
        problems += axe_strict(page, f"warning bar {scheme}")
    page.set_viewport_size({"width": 320, "height": 640})
    page.evaluate("Coursepack.current.go(COURSEPACK_COURSE.pages[0].id, true)")
    page.locator(".cp-toc-toggle").click()
    problems += axe_strict(page, "phone contents")
    assert problems == []


def test_keyboard_only_walk_through_every_question_type(page, built, course_model):
    """Tab and the keys each control takes; no mouse. Every question gets an answer, Enter in the
    text box does nothing, Submit by keyboard shows the results with focus on them."""
    open_web(page, built)
    page.evaluate("(id) => Coursepack.current.go(id, true)", QUIZ)
    qs = questions(page, course_model)
    assert {q.type.value for q in qs} == {"single", "multiple", "true-false", "fill-in", "matching", "ordering"}

    def tab_into(n: int) -> str:
        for _ in range(30):
            page.keyboard.press("Tab")
            where = page.evaluate("""() => { const e = document.activeElement, s = e.closest('.cp-question');
                return s && !e.classList.contains('cp-hint') ? s.dataset.q + ':' + e.tagName + ':' + (e.type || '') : ''; }""")
            if where.startswith(f"{n}:"):
                return where
        raise AssertionError(f"Tab never reached question {n}")

    for n, q in enumerate(qs, 1):
        where = tab_into(n)
        kind = q.type.value
        if kind in ("single", "true-false", "multiple"):
            page.keyboard.press("Space")
        elif kind == "fill-in":
            page.keyboard.type("check")
            page.keyboard.press("Enter")
            assert attempts(page) == 0
        elif kind == "matching":
            for i in range(len(q.pairs)):
                if i:
                    page.keyboard.press("Tab")
                page.keyboard.press("ArrowDown")
        else:
            assert where.endswith("BUTTON:button")
            page.keyboard.press("Enter")
    answered = page.evaluate("(id) => Object.keys(Coursepack.current.state.quizzes[id].answers).length", QUIZ)
    assert answered == len(qs)
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('cp-submit')"):
            break
    page.keyboard.press("Enter")
    assert not page.locator(".cp-confirm").is_visible(), "everything was answered: nothing to confirm"
    assert attempts(page) == 1
    assert page.evaluate("document.activeElement.className") == "cp-result"
