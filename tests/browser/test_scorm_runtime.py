"""A learner takes each fixture course in a SCORM 1.2 and a SCORM 2004 package inside the test LMS
(scorm-again, made strict): pages, a wrong attempt, a close in the middle, a resume, a right
attempt, finish. The API call order and the final CMI values are asserted."""

from __future__ import annotations

import re

import pytest

from learner import answer, plain, right_answer, submit, wrong_answer

pytestmark = pytest.mark.browser

VERSIONS = {
    "scorm12": {"v": "12", "init": "LMSInitialize", "finish": "LMSFinish", "set": "LMSSetValue",
                "commit": "LMSCommit"},
    "scorm2004": {"v": "2004", "init": "Initialize", "finish": "Terminate", "set": "SetValue", "commit": "Commit"},
}


def sco(page):
    frame = page.frame_locator("#sco")
    return frame


def sco_frame(page):
    return next(f for f in page.frames if f.url.split("#")[0].endswith("sco/index.html"))


def launch(page, url, version, saved=None, depth=0):
    page.set_default_timeout(5000)
    page.goto(url)
    page.evaluate("([v, saved, depth]) => launch(v, saved, {depth})", [version, saved, depth])
    page.wait_for_function("() => window.lmsCalls.length > 0")
    frame = None
    page.wait_for_timeout(50)
    for _ in range(100):
        frame = next((f for f in page.frames if f.url.split("#")[0].endswith("sco/index.html")), None)
        if frame and frame.evaluate("() => !!(window.Coursepack && window.Coursepack.current)"):
            break
        page.wait_for_timeout(50)
    return frame


def calls(page):
    return page.evaluate("() => window.lmsCalls")


def assert_call_order(trace, names):
    methods = [c["method"] for c in trace]
    assert methods[0] == names["init"], methods[:3]
    assert methods.count(names["init"]) == 1
    assert methods[-1] == names["finish"], methods[-3:]
    assert methods.count(names["finish"]) == 1
    assert all(c["result"] == "true" for c in trace if c["method"] in (names["set"], names["commit"])), \
        [c for c in trace if c["result"] != "true" and c["method"] in (names["set"], names["commit"])]
    # Nothing relies on a commit while the page is being dismissed (Chromium blocks sync XHR then).
    assert not [c for c in trace if c["phase"] != "open" and c["method"] == names["commit"]]


def quiz_questions(frame, course, quiz_id):
    order = frame.evaluate("(id) => COURSEPACK_COURSE.pages.find(p => p.id === id).quiz.questions.map(q => q.id)", quiz_id)
    quiz = course.page(quiz_id).rendered  # the texts a learner sees
    return [quiz.question(qid) for qid in order]


def cmi_value(cmi, version, path12, path2004):
    node = cmi.get("cmi", cmi)
    for part in (path12 if version == "scorm12" else path2004).split("."):
        node = node[part]
    return node


@pytest.mark.parametrize("target", ["scorm12", "scorm2004"])
@pytest.mark.parametrize("course_id", ["basic-en", "basic-ar"])
def test_learner_session_resume_and_finish(page, lms_site, course_model, target, course_id):
    names, course = VERSIONS[target], course_model(course_id)
    url = lms_site(course_id, target)
    quiz_page = course.graded_quizzes()[0]

    # Session 1: read the lessons, fail the quiz once, start a second attempt, close mid-way.
    frame = launch(page, url, names["v"], depth=1 if target == "scorm2004" else 0)
    while frame.locator(".cp-next").is_enabled() and frame.locator("h1").inner_text() != quiz_page.title:
        frame.locator(".cp-next").click()
    assert frame.locator("h1").inner_text() == quiz_page.title
    assert frame.evaluate("document.activeElement.id") == "cp-title"  # focus moved to the new page
    questions = quiz_questions(frame, course, quiz_page.id)
    for n, q in enumerate(questions, 1):
        answer(frame, n, q, wrong_answer(q))
    submit(frame)
    assert re.search(r"(?<![\d.])0[%٪]", frame.locator(".cp-result").inner_text())
    frame.wait_for_function("() => document.getElementById('cp-live').textContent.length > 0")
    frame.locator(".cp-retry").click()
    answer(frame, 1, questions[0], right_answer(questions[0]))  # a draft, not submitted
    cmi = page.evaluate("() => closeSco()")
    first = calls(page)
    assert_call_order(first, names)
    suspend = cmi_value(cmi, target, "suspend_data", "suspend_data")
    assert suspend.startswith("3!") and len(suspend) <= 4096  # state format 3 (state.js)
    assert cmi_value(cmi, target, "core.exit", "exit") == "suspend"
    assert cmi_value(cmi, target, "core.lesson_status", "completion_status") in ("incomplete", "failed")

    # Session 2: the LMS relaunches with the stored data; the learner is back on the quiz, with
    # the draft answer, then answers everything rightly and finishes.
    frame = launch(page, url, names["v"], saved=cmi)
    assert frame.locator("h1").inner_text() == quiz_page.title
    entry = page.evaluate("(v) => v === '12' ? rawAPI.cmi.core.entry : rawAPI.cmi.entry", names["v"])
    assert entry == "resume"
    first_q = questions[0]
    if first_q.type.value in ("single", "true-false"):
        right = next(c for c in first_q.choices if c.correct)
        assert frame.locator(".cp-question[data-q='1']").get_by_label(plain(right.text), exact=True).is_checked()
    assert frame.locator(".cp-submit").is_visible()
    for n, q in enumerate(questions, 1):
        answer(frame, n, q, right_answer(q))
    submit(frame)
    assert re.search(r"(?<![\d.])100[%٪]", frame.locator(".cp-result").inner_text())
    cmi = page.evaluate("() => closeSco()")
    second = calls(page)
    assert_call_order(second, names)
    assert page.evaluate("() => window.lmsRejected") == []

    node = cmi.get("cmi", cmi)
    if target == "scorm12":
        assert node["core"]["lesson_status"] == "passed"
        assert node["core"]["score"]["raw"] in ("100", 100)
        assert str(node["core"]["score"]["min"]) == "0" and str(node["core"]["score"]["max"]) == "100"
        assert node["core"]["exit"] == "suspend"  # also once complete: a relaunch keeps the status
        assert node["core"]["lesson_location"] == quiz_page.id
    else:
        assert node["completion_status"] == "completed"
        assert node["success_status"] == "passed"
        assert float(node["score"]["scaled"]) == 1
        assert float(node["score"]["raw"]) == 100
        assert node["exit"] == "suspend"
        assert node["location"] == quiz_page.id
    interactions = node["interactions"]
    items = [interactions[k] for k in sorted(interactions, key=int)] if isinstance(interactions, dict) else interactions
    ids = [i["id"] for i in items]
    assert len(ids) == 2 * len(questions) and len(set(ids)) == len(ids)
    kinds = {i["id"].split(".")[1]: i["type"] for i in items}
    expected = {"single": "choice", "multiple": "choice", "true-false": "true-false", "fill-in": "fill-in",
                "matching": "matching", "ordering": "sequencing"}
    assert kinds == {q.id: expected[q.type.value] for q in questions}
    results = [i["result"] for i in items]
    wrong = "wrong" if target == "scorm12" else "incorrect"
    assert results == [wrong] * len(questions) + ["correct"] * len(questions)


def test_a_failing_commit_is_retried_then_shown_to_the_learner(page, lms_site):
    url = lms_site("basic-en", "scorm2004")
    page.goto(url)
    page.evaluate("() => launch('2004', null, {failCommits: true})")
    frame = page.frame_locator("#sco")
    frame.locator(".cp-next").click()
    alert = frame.locator("#cp-alert")
    alert.wait_for(state="attached")
    page.wait_for_function("() => document.querySelector('#sco').contentDocument.getElementById('cp-alert').textContent"
                           ".length > 0", timeout=8000)
    assert alert.get_attribute("role") == "alert"
    commits = [c for c in calls(page) if c["method"] == "Commit"]
    assert len(commits) >= 3  # the first try and two retries


@pytest.mark.parametrize("version", ["12", "2004"])
def test_review_mode_records_nothing(page, lms_site, version):
    url = lms_site("basic-en", "scorm12" if version == "12" else "scorm2004")
    page.goto(url)
    page.evaluate("(v) => launch(v, null, {mode: 'review'})", version)
    frame = page.frame_locator("#sco")
    started = page.wait_for_function("() => document.querySelector('#sco') && document.querySelector('#sco')"
                                     ".contentWindow.Coursepack && document.querySelector('#sco').contentWindow"
                                     ".Coursepack.current")
    started.dispose()  # a click before the player starts would be lost (it drew no page yet)
    for expected in ("second-lesson", "practice-quiz"):
        frame.locator(".cp-next").click()
        page.wait_for_function("(id) => document.querySelector('#sco').contentWindow.Coursepack.current.current "
                               "=== id", arg=expected)
    submit(frame)
    page.evaluate("() => closeSco()")
    methods = {c["method"] for c in calls(page)}
    assert not methods & {"SetValue", "LMSSetValue"}
    assert methods & {"Terminate", "LMSFinish"}
