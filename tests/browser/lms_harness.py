"""Driving the test LMS (lms.html / lms.js) from a test: launch a SCO with a platform's named
behaviours, find the SCO's frame or popup, walk to a quiz, read back what the platform stored."""

from __future__ import annotations

from learner import answer, right_answer, submit, wrong_answer

TARGET = {"12": "scorm12", "2004": "scorm2004"}
NAMES = {
    "12": {"init": "LMSInitialize", "finish": "LMSFinish", "set": "LMSSetValue", "get": "LMSGetValue",
           "commit": "LMSCommit", "location": "cmi.core.lesson_location", "exit": "cmi.core.exit",
           "status": ("cmi.core.lesson_status",), "score": "cmi.core.score."},
    "2004": {"init": "Initialize", "finish": "Terminate", "set": "SetValue", "get": "GetValue", "commit": "Commit",
             "location": "cmi.location", "exit": "cmi.exit",
             "status": ("cmi.completion_status", "cmi.success_status"), "score": "cmi.score."},
}
READY = "() => !!(window.Coursepack && window.Coursepack.current)"


def launch(page, url: str, version: str, saved=None, **options):
    """Open the LMS page and launch the SCO in it; return the SCO's frame once the player runs."""
    page.set_default_timeout(5000)
    page.goto(url)  # a fresh LMS page: nothing carries over from the last session but `saved`
    page.evaluate("([v, saved, options]) => launch(v, saved, options)", [version, saved, options])
    for _ in range(100):
        frame = next((f for f in page.frames if f.url.split("#")[0].endswith("sco/index.html")), None)
        if frame and frame.evaluate(READY):
            return frame
        page.wait_for_timeout(50)
    raise AssertionError(f"the SCO never started; LMS calls: {calls(page)}")


def launch_popup(page, url: str, version: str, **options):
    """Launch the SCO in a popup window (H-popup); return (popup page, the SCO's frame)."""
    page.set_default_timeout(5000)
    page.goto(url)
    with page.expect_popup() as info:
        page.evaluate("([v, options]) => launch(v, null, Object.assign({popup: true}, options))", [version, options])
    popup = info.value
    popup.set_default_timeout(5000)
    for _ in range(100):
        frame = next((f for f in popup.frames if f.url.split("#")[0].endswith("sco/index.html")), None)
        if frame and frame.evaluate(READY):
            return popup, frame
        popup.wait_for_timeout(50)
    raise AssertionError(f"the SCO never started in the popup; LMS calls: {calls(page)}")


def calls(page) -> list[dict]:
    return page.evaluate("() => window.lmsCalls")


def sets(trace: list[dict], version: str) -> list[tuple[str, str]]:
    return [(c["args"][0], c["args"][1]) for c in trace if c["method"] == NAMES[version]["set"]]


def assert_one_session(trace: list[dict], version: str) -> None:
    """Initialize first and once, Terminate/LMSFinish last and once, every set and commit accepted."""
    n = NAMES[version]
    methods = [c["method"] for c in trace]
    assert methods and methods[0] == n["init"], f"first calls: {methods[:3]}"
    assert methods.count(n["init"]) == 1, f"{n['init']} called {methods.count(n['init'])} times"
    assert methods[-1] == n["finish"], f"last calls: {methods[-3:]} (the SCO did not terminate last)"
    assert methods.count(n["finish"]) == 1, f"{n['finish']} called {methods.count(n['finish'])} times"
    refused = [c for c in trace if c["method"] in (n["set"], n["commit"]) and c["result"] != "true"]
    assert not refused, f"calls the LMS refused: {refused}"


def node(cmi: dict) -> dict:
    return cmi.get("cmi", cmi)


def stored(cmi: dict, version: str, path12: str, path2004: str):
    value = node(cmi)
    for part in (path12 if version == "12" else path2004).split("."):
        value = value[part]
    return value


def quiz_questions(frame, course, quiz_id: str):
    """The quiz's questions in the order the player shows them."""
    order = frame.evaluate("(id) => COURSEPACK_COURSE.pages.find(p => p.id === id).quiz.questions.map(q => q.id)",
                           quiz_id)
    rendered = course.page(quiz_id).rendered
    return [rendered.question(qid) for qid in order]


def walk_to(frame, title: str) -> None:
    """Page forward with the Next button, as a learner does, until the page titled `title`."""
    while frame.locator("h1").inner_text() != title:
        assert frame.locator(".cp-next").is_enabled(), f"reached the last page without meeting {title!r}"
        frame.locator(".cp-next").click()


def take_quiz(frame, questions, rightly: bool) -> None:
    for n, q in enumerate(questions, 1):
        answer(frame, n, q, right_answer(q) if rightly else wrong_answer(q))
    submit(frame)
    frame.locator(".cp-result p").first.wait_for()


def open_from_toc(frame, page_id: str) -> None:
    """Jump to a page through the table of contents, skipping the pages between, as a learner can."""
    link = frame.locator(f"#cp-toc a[data-page='{page_id}']")
    if not link.is_visible():
        frame.locator(".cp-toc-toggle").click()
    link.click()


def finish_course(frame, course) -> None:
    """Open every page in order, passing each graded quiz not yet passed: the course rule is met."""
    frame.locator("#cp-toc a[data-page]").first.click()
    graded = {q.id for q in course.graded_quizzes()}
    for number, page in enumerate(course.pages()):
        if number:
            frame.locator(".cp-next").click()
        assert frame.locator("h1").inner_text() == page.title
        if page.id in graded and frame.locator(".cp-submit").is_visible():
            take_quiz(frame, quiz_questions(frame, course, page.id), rightly=True)


def status_of(cmi: dict, version: str):
    """1.2 lesson_status, or 2004 (completion_status, success_status), as the platform stored them."""
    if version == "12":
        return stored(cmi, version, "core.lesson_status", "")
    return stored(cmi, version, "", "completion_status"), stored(cmi, version, "", "success_status")


def status_writes(trace: list[dict], version: str) -> list[str]:
    return [value for name, value in sets(trace, version) if name in NAMES[version]["status"]]
