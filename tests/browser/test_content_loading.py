"""Pages load what they show (issue 17, item 5): the first page of a multi-module web package
loads the outline (runtime/course.js) and its own module's content script only; another module's
script is loaded when one of its pages is shown (or prefetched when the browser is idle), from
file://; a script that fails to load gives a clear message and a retry that works."""

from __future__ import annotations

import shutil

import pytest

pytestmark = pytest.mark.browser

#: The player's idle work (the prefetch) is held until the test lets it run.
HOLD_IDLE = "window.__idle = []; window.requestIdleCallback = function (f) { __idle.push(f); };"


#: A page entry holds its content (the outline has none of these fields).
HAS_CONTENT = """(id) => { const p = COURSEPACK_COURSE.pages.find(p => p.id === id);
  return "html" in p || (!!p.quiz && "intro" in p.quiz) || (!!p.scenario && "html" in p.scenario.nodes[0])
    || (!!p.reflection && "prompt" in p.reflection); }"""


def scripts_requested(page) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url.split("/runtime/", 1)[-1]) if r.url.endswith(".js") else None)
    return seen


def open_package(page, root):
    page.set_default_timeout(5000)
    page.goto((root / "index.html").as_uri())
    page.wait_for_function("() => !!(window.Coursepack && Coursepack.current)")


def modules(page) -> list[dict]:
    return page.evaluate("COURSEPACK_COURSE.modules.map(m => ({id: m.id, pages: m.pages, content: m.content}))")


def test_the_first_page_loads_its_own_module_only_and_another_module_on_demand(page, built):
    page.add_init_script(HOLD_IDLE)
    seen = scripts_requested(page)
    open_package(page, built("basic-en", "web"))
    first, second = modules(page)[:2]
    assert not page.evaluate(HAS_CONTENT, second["pages"][0])  # the outline alone, until shown
    runtime = ["course.js", "grader.js", "state.js", "tracking.js", "quiz.js", "activity.js", "player.js"]
    assert sorted(seen) == sorted(runtime + [f"content/{first['id']}.js"])
    assert page.locator("#cp-title").inner_text() == page.evaluate("COURSEPACK_COURSE.pages[0].title")
    assert page.locator(".cp-content").inner_html().strip() != ""  # the lesson's HTML, from its module script

    target = second["pages"][0]
    page.locator(f"#cp-toc a[data-page='{target}']").click()
    page.wait_for_function("(id) => location.hash === '#/page/' + id && !document.querySelector('.cp-loading')", arg=target)
    assert seen.count(f"content/{second['id']}.js") == 1
    assert page.evaluate(HAS_CONTENT, target)
    assert page.locator(".cp-content").inner_html().strip() != ""
    # Back to the first module: already here, nothing is loaded again.
    page.go_back()
    page.wait_for_function("(id) => location.hash === '#/page/' + id", arg=first["pages"][0])
    assert len(seen) == len(runtime) + 2


def test_the_next_module_is_prefetched_when_the_browser_is_idle(page, built):
    seen = scripts_requested(page)
    open_package(page, built("basic-en", "web"))
    second = modules(page)[1]
    page.wait_for_function("(id) => !!(window.COURSEPACK_CONTENT || {})[id]", arg=second["id"])
    assert seen.count(f"content/{second['id']}.js") == 1


def test_a_module_that_fails_to_load_says_so_and_retries(page, built, tmp_path):
    root = tmp_path / "package"
    shutil.copytree(built("basic-en", "web"), root)
    page.add_init_script(HOLD_IDLE)
    open_package(page, root)
    second = modules(page)[1]
    script = root / second["content"]
    kept = script.read_bytes()
    script.unlink()  # as if the LMS or the network lost it
    target = second["pages"][0]
    page.locator(f"#cp-toc a[data-page='{target}']").click()
    alert = page.locator("#cp-main [role=alert]")
    alert.wait_for()
    assert "could not be loaded" in alert.inner_text()
    assert page.evaluate("document.activeElement.id") == "cp-title"  # the learner hears where they are
    script.write_bytes(kept)
    page.locator(".cp-load-retry").click()
    page.wait_for_function("(id) => location.hash === '#/page/' + id && !document.querySelector('.cp-load-retry')",
                           arg=target)
    assert page.locator("#cp-title").inner_text() == page.evaluate(
        "(id) => COURSEPACK_COURSE.pages.find(p => p.id === id).title", target)
    assert page.locator(".cp-content").inner_html().strip() != ""
