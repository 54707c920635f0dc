"""One SCO per module (`sco_per_module`, issue 17 item 4), against scorm-again in the test LMS: each
module's launch page plays that module only (its pages in the table of contents and the pager),
keeps a saved state of its own (only that module's page keys) and reports that module's completion,
for SCORM 1.2 and 2004."""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

import pytest

from builder.build import build_course
from builder.runtime.bundle import module_launch_file
from lms_harness import READY, calls, sets, take_quiz, quiz_questions

pytestmark = pytest.mark.browser

HERE = Path(__file__).resolve().parent
COURSE = HERE.parent / "fixtures" / "courses" / "basic-en"
TARGET = {"12": "scorm12", "2004": "scorm2004"}
STATUS = {"12": "cmi.core.lesson_status", "2004": "cmi.completion_status"}
SUSPEND = {"12": "cmi.suspend_data", "2004": "cmi.suspend_data"}


@pytest.fixture
def per_module_site(tmp_path, node_modules, static_server):
    """version → (URL of the test LMS page serving basic-en built with one SCO per module, course)."""

    def site(version: str):
        target = TARGET[version]
        result = build_course(COURSE, [target], tmp_path / "out", overrides={target: {"sco_per_module": True}})
        assert result.ok, [d.format() for d in result.diagnostics]
        root = tmp_path / target
        root.mkdir()
        for name in ("lms.html", "lms.js", "wrap.html"):
            shutil.copy(HERE / name, root / name)
        os.symlink(node_modules, root / "node_modules")
        with zipfile.ZipFile(result.written[0].path) as archive:
            archive.extractall(root / "sco")
        return static_server(root).url + "/lms.html", result.course

    return site


def launch_module(page, url: str, version: str, module_id: str):
    page.set_default_timeout(5000)
    page.goto(url)
    launch = module_launch_file(module_id)
    page.evaluate("([v, src]) => launch(v, null, {src: 'sco/' + src})", [version, launch])
    for _ in range(100):
        frame = next((f for f in page.frames if f.url.split("#")[0].endswith(launch)), None)
        if frame and frame.evaluate(READY):
            return frame
        page.wait_for_timeout(50)
    raise AssertionError(f"the module's SCO never started; LMS calls: {calls(page)}")


def last(page, version: str, element: str) -> str:
    values = [value for name, value in sets(calls(page), version) if name == element]
    assert values, f"{element} was never set"
    return values[-1]


def visited_keys(suspend: str) -> list[str]:
    text = suspend.split("!")[3]  # format 3: "3" ! version ! location ! visited keys ! …
    return [text[i:i + 3] for i in range(0, len(text), 3)]


@pytest.mark.parametrize("version", ["12", "2004"])
def test_each_module_sco_plays_its_module_with_its_own_state(page, per_module_site, version):
    url, course = per_module_site(version)
    first, second = course.modules[:2]
    keys = {}

    frame = launch_module(page, url, version, first.id)
    shown = frame.evaluate("[...document.querySelectorAll('#cp-toc a[data-page]')].map(a => a.dataset.page)")
    assert [p for p in shown if p] == [p.id for p in first.pages]
    keys.update(frame.evaluate("Object.fromEntries(COURSEPACK_COURSE.pages.map(p => [p.id, p.k]))"))
    while frame.locator(".cp-next").inner_text() != "Finish":  # every page of the module, none of the next
        frame.locator(".cp-next").click()
    frame.locator(".cp-next").click()
    frame.locator("#cp-title").wait_for()
    assert visited_keys(last(page, version, SUSPEND[version])) == [keys[p.id] for p in first.pages]
    assert last(page, version, STATUS[version]) == "completed"  # this module's rule is met: its lessons seen

    frame = launch_module(page, url, version, second.id)
    assert frame.locator("#cp-title").inner_text() == second.pages[0].title
    assert frame.evaluate("Coursepack.current.course.pages.map(p => p.id)") == [p.id for p in second.pages]
    suspend = last(page, version, SUSPEND[version])
    assert visited_keys(suspend) == [keys[second.pages[0].id]]  # a state of its own: nothing of module one
    assert last(page, version, STATUS[version]) == "incomplete"
    (quiz,) = [p for p in second.pages if p.kind == "quiz"]
    assert quiz.quiz.settings.weight > 0
    frame.locator(".cp-next").click()  # the module's graded quiz decides the module's pass
    take_quiz(frame, quiz_questions(frame, course, quiz.id), rightly=True)
    if version == "12":
        assert last(page, version, "cmi.core.lesson_status") == "passed"
    else:
        assert last(page, version, "cmi.completion_status") == "completed"
        assert last(page, version, "cmi.success_status") == "passed"
    assert sorted(visited_keys(last(page, version, SUSPEND[version]))) == sorted(keys_of(frame, second))


def keys_of(frame, module) -> list[str]:
    return frame.evaluate("(ids) => COURSEPACK_COURSE.pages.filter(p => ids.includes(p.id)).map(p => p.k)",
                          [p.id for p in module.pages])
