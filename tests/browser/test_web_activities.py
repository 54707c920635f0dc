"""Scenarios and reflections in the offline web player: played with the keyboard alone, the
reflection's text downloaded and printed, the model answer only once something is written, and no
serious or critical axe-core violation on any step, in English and Arabic (RTL)."""

from __future__ import annotations

import pytest

from learner import ending_paths, plain, play

pytestmark = pytest.mark.browser

SCENARIO, REFLECTION = "late-report", "your-review"  # the same IDs in activities-en and activities-ar


def open_page(page, built, course: str, page_id: str) -> None:
    page.set_default_timeout(5000)
    page.goto((built(course, "web") / "index.html").as_uri())
    page.wait_for_function("() => !!(window.Coursepack && Coursepack.current)")
    page.evaluate("(id) => Coursepack.current.go(id, true)", page_id)


def focused(page) -> str:
    return page.evaluate("() => [document.activeElement.tagName, document.activeElement.textContent].join(': ')")


def tab_to(page, selector: str, limit: int = 30) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}; focus is on {focused(page)}")


@pytest.mark.parametrize("course", ["activities-en", "activities-ar"])
def test_keyboard_only_play_to_an_ending_and_again(page, built, course_model, course):
    scenario = course_model(course).page(SCENARIO)
    open_page(page, built, course, SCENARIO)
    best = max(ending_paths(scenario).items(), key=lambda item: scenario.node(item[0]).score)
    for choice_id in best[1]:
        node = next(n for n in scenario.nodes if any(c.id == choice_id for c in n.choices))
        assert focused(page) in (f"H1: {scenario.title}", f"H2: {node.title}")  # focus on the newest heading
        tab_to(page, ".cp-choices input")
        at = [c.id for c in node.choices].index(choice_id)
        if at == 0:
            page.keyboard.press("Space")
        for _ in range(at):
            page.keyboard.press("ArrowDown")  # a radio group: arrows move and select
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.classList.contains('cp-submit')")
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.matches('.cp-consequence h2')"), focused(page)
        consequence = plain(next(c for c in node.choices if c.id == choice_id).consequence_html)
        page.wait_for_function("(t) => document.getElementById('cp-live').textContent.replace(/\\s+/g, ' ').trim() === t",
                               arg=consequence)  # the live region reads the consequence out
        tab_to(page, ".cp-step .cp-submit")  # Continue
        page.keyboard.press("Enter")
    assert focused(page) == f"H2: {scenario.node(best[0]).title}"
    assert page.locator(".cp-path li").count() == len(best[1])
    tab_to(page, ".cp-retry")  # Play again
    page.keyboard.press("Enter")
    assert focused(page) == f"H2: {scenario.start.title}"
    assert page.evaluate("(id) => Coursepack.current.state.scenarios[id]", SCENARIO) == {
        "path": [], "finished": True, "best": scenario.node(best[0]).score}


def test_choose_without_a_choice_says_so_and_keeps_the_step(page, built):
    open_page(page, built, "activities-en", SCENARIO)
    page.locator(".cp-step .cp-submit").click()
    assert page.locator(".cp-need").inner_text() == "Select one of the options first."
    assert page.evaluate("document.activeElement.matches('.cp-choices input')")
    assert page.locator(".cp-consequence").count() == 0


def test_reflection_model_answer_download_and_print(page, built, course_model):
    reflection = course_model("activities-en").page(REFLECTION)
    open_page(page, built, "activities-en", REFLECTION)
    show = page.get_by_role("button", name="Show the model answer")
    assert show.is_disabled() and page.locator(".cp-model").is_hidden()
    text = "Nobody owned the findings.\nI would name an owner — and a date — for each one. ٥٥"
    page.get_by_label("Your answer").fill(text)
    assert show.is_enabled()
    show.click()
    assert page.locator(".cp-model").is_visible()
    assert page.evaluate("document.activeElement.matches('.cp-model h2')")
    assert page.locator(".cp-model h2").inner_text() == reflection.model_heading
    # Kept on this device under its own key, never in the course state (save: device).
    stored = page.evaluate("(id) => [localStorage.getItem(COURSEPACK_COURSE.storage_key + ':reflection:' + id), "
                           "localStorage.getItem(COURSEPACK_COURSE.storage_key)]", REFLECTION)
    assert stored[0] == text and "Nobody" not in (stored[1] or "")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download my text").click()
    download = info.value
    assert download.suggested_filename == f"{REFLECTION}.txt"
    saved = open(download.path(), encoding="utf-8-sig").read()
    assert saved.startswith(reflection.title + "\n") and text in saved
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    page.get_by_role("button", name="Print").click()
    assert page.evaluate("window.printed") == 1
    page.emulate_media(media="print")
    assert page.locator("textarea").is_hidden() and page.locator(".cp-header").is_hidden()
    assert page.locator(".cp-print-text").inner_text() == text
    page.emulate_media(media="screen")
    # The counter follows once typing pauses.
    page.wait_for_function("(n) => document.querySelector('.cp-count').textContent.endsWith(String(n))",
                           arg=reflection.max_chars - len(text))


@pytest.mark.parametrize("course", ["activities-en", "activities-ar"])
def test_no_serious_accessibility_violations_on_each_step(page, built, course_model, axe_audit, course):
    model = course_model(course)
    scenario = model.page(SCENARIO)
    open_page(page, built, course, SCENARIO)
    problems = [("node", v) for v in axe_audit(page)]
    path = next(iter(ending_paths(scenario).values()))
    play(page, scenario, path[:-1])
    last = next(c for n in scenario.nodes for c in n.choices if c.id == path[-1])
    page.locator(".cp-choices").get_by_label(plain(last.html), exact=True).check()
    page.locator(".cp-step .cp-submit").click()
    problems += [("consequence", v) for v in axe_audit(page)]
    page.locator(".cp-step .cp-submit").click()
    problems += [("ending", v) for v in axe_audit(page)]
    for reflection in model.reflections():
        page.evaluate("(id) => Coursepack.current.go(id, true)", reflection.id)
        problems += [(reflection.id, v) for v in axe_audit(page)]
        page.locator("textarea").fill("x")
        page.locator(".cp-actions button").first.click()
        problems += [(reflection.id + " model", v) for v in axe_audit(page)]
    assert problems == []


@pytest.mark.parametrize("course", ["activities-en", "activities-ar"])
@pytest.mark.parametrize("width", [320, 360])
def test_activities_fit_a_phone_without_sideways_scrolling(page, built, course_model, course, width):
    page.set_viewport_size({"width": width, "height": 740})
    scenario = course_model(course).page(SCENARIO)
    open_page(page, built, course, SCENARIO)
    path = next(iter(ending_paths(scenario).values()))
    for step in range(len(path) + 1):
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        if step < len(path):
            play(page, scenario, path[step:step + 1])
    page.evaluate("(id) => Coursepack.current.go(id, true)", REFLECTION)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
