"""The Content-Security-Policy breaks nothing: the simulator, the learner package (SCORM 1.2 and
2004) and reviewer mode run in Chromium without a single CSP violation."""

from __future__ import annotations

import pytest

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.browser


@pytest.fixture
def violations(page):
    """Every CSP violation Chromium reports, in the page or any of its frames."""
    found: list[str] = []
    page.on("console", lambda message: found.append(message.text)
            if "Content Security Policy" in message.text else None)
    return found


def test_learner_and_reviewer_views_run_under_the_policy(page, preview, violations):
    page.set_default_timeout(30000)  # generous: the machine may be busy, and nothing here races
    page.goto(preview.url)
    frame = page.frame_locator("#course-frame")
    heading = frame.locator("h1").first
    titles = [p.title for p in preview.state.snapshot.course.pages()]
    expect(heading).to_have_text(titles[0], timeout=30000)
    for title in titles[1:]:  # every page of the course, in order
        frame.locator(".cp-next").click()
        expect(heading).to_have_text(title, timeout=30000)
    page.select_option("#api-version", "2004")
    frame.locator("h1").first.wait_for()
    # Reviewer mode opens the learner's page once the package has stored its location (else the index).
    expect(page.locator("#cmi-location")).not_to_have_text("–", timeout=30000)
    page.check("input[name=view][value=review]")
    frame.locator(".rv-banner").wait_for()
    frame.get_by_role("link", name="All pages").click()
    frame.get_by_role("link", name="Check your understanding").click()
    frame.locator("li.rv-correct").first.wait_for()
    assert page.locator("#call-count").inner_text() != "0"  # the package did talk to the API
    assert violations == []


def test_an_inline_script_is_refused(page, preview, violations):
    """The check above can fail: an injected inline script is reported and does not run."""
    page.goto(preview.url)
    page.evaluate("""() => { const s = document.createElement('script');
                             s.textContent = 'window.injected = true'; document.body.appendChild(s); }""")
    assert page.evaluate("() => window.injected === undefined")
    for _ in range(100):  # the report reaches the console a moment later
        if violations:
            break
        page.wait_for_timeout(20)
    assert any("script-src" in text for text in violations), violations
