"""The late API (Open edX's SCORM XBlock creates window.API / API_1484_11 when its own page has
finished loading, which can be after the course's page has loaded and started): the runtime keeps
looking for a bounded while before it falls back to "kept in this browser only"."""

from __future__ import annotations

import pytest

from lms_harness import READY, TARGET, assert_one_session, calls, launch, status_of

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("version", ["12", "2004"])
def test_an_api_that_appears_after_the_page_loaded_is_used(page, lms_site, version):
    frame = launch(page, lms_site("basic-en", TARGET[version]), version, lateApi=1500)
    assert frame.evaluate("() => Coursepack.current.tracker.kind") == TARGET[version]
    assert frame.locator("#cp-alert").inner_text() == "", "the learner was told progress stays in this browser"
    frame.locator(".cp-next").click()
    cmi = page.evaluate("() => closeSco()")
    trace = calls(page)
    assert_one_session(trace, version)
    assert status_of(cmi, version) in ("incomplete", ("incomplete", "unknown"))
    assert page.evaluate("() => window.lmsCalls[0].phase") == "open"


def test_no_api_at_all_falls_back_within_the_bound(page, lms_site):
    page.set_default_timeout(5000)
    page.goto(lms_site("basic-en", "scorm2004"))
    started = page.evaluate("() => { launch('2004', null, {noApi: true}); return performance.now(); }")
    frame = page.frame_locator("#sco")
    page.wait_for_function("() => document.querySelector('#sco').contentWindow.location.href.endsWith('index.html')")
    scorm_frame = next(f for f in page.frames if f.url.split("#")[0].endswith("sco/index.html"))
    assert scorm_frame.evaluate(READY) is False, "the player started before the wait for the API was over"
    scorm_frame.wait_for_function(READY, timeout=10000)
    waited = page.evaluate("() => performance.now()") - started
    assert scorm_frame.evaluate("() => Coursepack.current.tracker.kind") == "none"
    assert "browser only" in frame.locator("#cp-alert").inner_text()
    assert waited < 8000, f"fell back only after {waited:.0f} ms"
    assert calls(page) == []
