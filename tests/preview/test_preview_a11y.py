"""axe-core on the simulator page itself (controls, LMS panel, overlay), in each state an author meets:
SCORM 1.2 and 2004, learner and reviewer view, a full call log, the error overlay, a phone-width window.
The course inside the frame is the package's own page, audited by the runtime tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from sources import edit

pytestmark = pytest.mark.browser

QUIZ = Path("02-practice/02-quiz.md")


@pytest.fixture
def page(browser):
    """axe-core goes in as an inline script, which the simulator's CSP rightly refuses: these audits
    bypass CSP. The other browser tests keep it on, so they prove it does not break the simulator."""
    context = browser.new_context(bypass_csp=True)
    yield context.new_page()
    context.close()


def simulator_violations(page, axe_audit) -> list:
    # Only the simulator's own document: axe would otherwise report the frame as not tested.
    return [v for v in axe_audit(page) if v[0] != "frame-tested"]


def test_the_simulator_has_no_serious_wcag_violations(page, preview, axe_audit):
    page.set_default_timeout(10000)
    page.goto(preview.url)
    frame = page.frame_locator("#course-frame")
    frame.locator("h1").first.wait_for()
    assert page.locator("html").get_attribute("lang") == "en"
    found = {"learner, SCORM 1.2": simulator_violations(page, axe_audit)}

    page.select_option("#api-version", "2004")  # the version switch relaunches under the other API
    frame.locator("h1").first.wait_for()
    for _ in range(3):  # enough calls to make the log scroll
        page.click("#resume")
        page.wait_for_function("() => document.getElementById('phase').textContent === '(running)'")
    page.wait_for_function("() => document.getElementById('calls').scrollHeight > "
                           "document.getElementById('calls').clientHeight")
    page.check("input[name=view][value=review]")
    frame.locator(".rv-banner").wait_for()
    found["reviewer, SCORM 2004, long call log"] = simulator_violations(page, axe_audit)

    edit(preview.course_dir / QUIZ, "- (x) course.yml {#b}", "- ( ) course.yml {#b}")
    page.locator("#overlay").wait_for(state="visible")
    found["error overlay"] = simulator_violations(page, axe_audit)

    page.set_viewport_size({"width": 375, "height": 667})
    found["phone width"] = simulator_violations(page, axe_audit)
    assert found == {state: [] for state in found}


def test_every_scrolling_region_can_be_reached_by_keyboard(page, preview):
    """Whether they overflow depends on content and window size; each is focusable and named anyway."""
    page.goto(preview.url)
    page.frame_locator("#course-frame").locator("h1").first.wait_for()
    regions = page.locator("aside, aside .scroll, #calls, #overlay")
    assert regions.count() == 4
    for i in range(regions.count()):
        region = regions.nth(i)
        assert region.get_attribute("tabindex") == "0"
        assert region.evaluate("el => getComputedStyle(el).overflowY") in ("auto", "scroll")
        labelledby = region.get_attribute("aria-labelledby")
        name = region.get_attribute("aria-label") or page.locator(f"#{labelledby}").inner_text()
        assert name.strip(), "a focusable region needs a name"
