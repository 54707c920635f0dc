"""H-limit(truncate): a platform that silently cuts over-long values (instead of refusing them) turns
any oversize write into "resumes at the wrong page" or a garbled answer. Over a whole learner session
(every page, a wrong attempt with a fill-in typed to the input's maximum length, a draft at that
length, a close, a resume, the draft submitted) the runtime must never send a value the platform
would cut: SCORM 1.2 suspend_data ≤ 4,096, lesson_location ≤ 255, student_response / pattern ≤ 255,
interaction IDs ≤ 255 printable ASCII without spaces (and the 2004 SPMs in 2004), and the typed
text must come back intact."""

from __future__ import annotations

import re

import pytest

from coursepack_quiz.model import QuestionType
from learner import answer, submit, wrong_answer
from lms_harness import NAMES, TARGET, assert_one_session, calls, launch, quiz_questions, sets, stored, walk_to

pytestmark = pytest.mark.browser

LIMITS = {  # element pattern → the most characters a conformant platform must keep
    "12": [(r"cmi\.suspend_data", 4096), (r"cmi\.core\.lesson_location", 255),
           (r"cmi\.interactions\.\d+\.student_response", 255),
           (r"cmi\.interactions\.\d+\.correct_responses\.\d+\.pattern", 255),
           (r"cmi\.interactions\.\d+\.id", 255)],
    "2004": [(r"cmi\.suspend_data", 64000), (r"cmi\.location", 1000), (r"cmi\.interactions\.\d+\.id", 4000),
             (r"cmi\.interactions\.\d+\.description", 250)],
}
# State and SCORM separators, quotes and the text's own script: what a naive encoder would break on.
FILLER = {"basic-en": "it's! a*b;c:d.e~f, [.] ", "basic-ar": "ليس! هذا*؛:'، ~ "}


def over_limit(trace, version):
    """Every set the platform would cut, checked here from the call log, independently of lms.js."""
    bad = []
    for name, value in sets(trace, version):
        text = re.sub(r"^(\{[^}]*\})+", "", value) if name.endswith(".description") else value
        for pattern, most in LIMITS[version]:
            if re.fullmatch(pattern, name) and len(text) > most:
                bad.append((name, len(text), most))
        is_id = re.fullmatch(r"cmi\.interactions\.\d+\.id", name)
        if version == "12" and is_id and not re.fullmatch(r"[\x21-\x7e]+", value):
            bad.append((name, value, "not printable ASCII without spaces"))
    return bad


def type_at_most(frame, number, text):
    """Enter more than the fill-in allows (Playwright's fill honours maxlength, as typing and pasting
    do); return what the input kept."""
    box = frame.locator(f".cp-question[data-q='{number}'] input[type=text]")
    box.fill(text)
    return box.input_value()


@pytest.mark.parametrize("version", ["12", "2004"])
@pytest.mark.parametrize("course_id", ["basic-en", "basic-ar"])
def test_nothing_sent_in_a_whole_session_would_be_truncated(page, lms_site, course_model, course_id, version):
    course = course_model(course_id)
    quiz_page = course.graded_quizzes()[0]
    url = lms_site(course_id, TARGET[version])

    # Session 1: every page, a wrong attempt with the fill-in typed to its limit, a draft, close.
    frame = launch(page, url, version, limits="truncate")
    walk_to(frame, quiz_page.title)
    questions = quiz_questions(frame, course, quiz_page.id)
    fill = next(n for n, q in enumerate(questions, 1) if q.type is QuestionType.FILL_IN)
    limit = frame.evaluate("([id, n]) => COURSEPACK_COURSE.pages.find(p => p.id === id).quiz.questions[n - 1].limit",
                           [quiz_page.id, fill])
    long_text = (FILLER[course_id] * limit)[: limit + 10]
    for n, q in enumerate(questions, 1):
        if n != fill:
            answer(frame, n, q, wrong_answer(q))
    typed = type_at_most(frame, fill, long_text)
    assert len(typed) == limit, f"the fill-in kept {len(typed)} characters, its maxlength is {limit}"
    submit(frame)
    frame.locator(".cp-retry").click()
    draft = type_at_most(frame, fill, long_text[::-1])
    cmi = page.evaluate("() => closeSco()")
    first = calls(page)
    assert_one_session(first, version)
    assert page.evaluate("() => lmsTruncated") == [], "the platform had to cut a value in session 1"
    assert over_limit(first, version) == []
    sent = dict(sets(first, version))
    fill_id = f"{quiz_page.id}.{questions[fill - 1].id}.a1"
    index = next(k.split(".")[2] for k, v in sets(first, version) if k.endswith(".id") and v == fill_id)
    response = sent[f"cmi.interactions.{index}." + ("student_response" if version == "12" else "learner_response")]
    assert re.sub(r"^\{lang=[^}]*\}", "", response) == typed, "the answer was cut or altered before it was sent"
    assert stored(cmi, version, "suspend_data", "suspend_data") == sent["cmi.suspend_data"]

    # Session 2: back on the quiz with the draft intact; the draft is submitted as attempt 2.
    frame = launch(page, url, version, cmi, limits="truncate")
    assert frame.locator("h1").inner_text() == quiz_page.title, "resumed at the wrong page"
    box = frame.locator(f".cp-question[data-q='{fill}'] input[type=text]")
    assert box.input_value() == draft, "the fill-in draft typed to the limit did not survive the relaunch"
    submit(frame)
    frame.locator(".cp-result p").first.wait_for()
    page.evaluate("() => closeSco()")
    second = calls(page)
    assert_one_session(second, version)
    assert page.evaluate("() => lmsTruncated") == [], "the platform had to cut a value in session 2"
    assert over_limit(second, version) == []
    written = dict(sets(second, version))
    assert written[NAMES[version]["location"]] == quiz_page.id
    attempt2 = [v for k, v in sets(second, version) if k.endswith(".id")]
    assert f"{quiz_page.id}.{questions[fill - 1].id}.a2" in attempt2, f"attempt 2 was not recorded: {attempt2}"


def test_the_truncating_lms_really_cuts_silently(page, lms_site):
    """The harness itself: without this, a truncate profile that cut nothing would prove nothing."""
    page.goto(lms_site("basic-en", "scorm12"))
    page.evaluate("() => launch('12', null, {limits: 'truncate', src: 'about:blank'})")  # no SCO needed
    assert page.evaluate("() => API.LMSInitialize('')") == "true"
    result = page.evaluate("() => API.LMSSetValue('cmi.core.lesson_location', 'x'.repeat(300))")
    assert result == "true"
    assert page.evaluate("() => lmsTruncated") == [{"name": "cmi.core.lesson_location", "length": 300, "max": 255}]
    assert len(page.evaluate("() => API.LMSGetValue('cmi.core.lesson_location')")) == 255
