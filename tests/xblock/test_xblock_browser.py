"""A learner and an author in the running workbench, driven by Playwright in Debian's chromium."""

from __future__ import annotations

import json

import pytest

from cpq_helpers import BREAKOUT, LEARNER_BREAKOUT, NASTY_QUIZ

pytestmark = [pytest.mark.workbench, pytest.mark.browser]

EN, AR = "coursepack_quiz.0", "coursepack_quiz.1"
KEY_ONLY = ["Right: it holds the ID", "Tables are text already", "course.yml describes the course."]


def open_quiz(page, base: str, scenario: str, student: str):
    page.goto(f"{base}/scenario/{scenario}/?student={student}")
    quiz = page.locator(".cpq")
    quiz.wait_for()
    return quiz


def block_html(page) -> str:
    """The block's own DOM (the workbench page also prints the scenario XML, which holds the key)."""
    return page.locator(".cpq").evaluate("e => e.closest('[data-block-type=coursepack_quiz]').outerHTML")


def put_in_order(quiz, question: str, texts: list[str]) -> None:
    """Reorder with the keyboard: focus an item's "move up" button and press Enter."""
    items = quiz.locator(f"[data-question={question}] .cpq-item")
    for target, text in enumerate(texts):
        item = items.filter(has=quiz.page.locator(".cpq-item-text", has_text=text))
        for _ in range(items.count()):
            if items.nth(target).locator(".cpq-item-text").inner_text().strip() == text:
                break
            item.locator(".cpq-up").focus()
            quiz.page.keyboard.press("Enter")
        assert items.nth(target).locator(".cpq-item-text").inner_text().strip() == text


def submit(quiz) -> None:
    """Press Submit and confirm when the block asks because some questions have no answer."""
    quiz.locator(".cpq-submit").click()
    if quiz.locator(".cpq-confirm-yes").is_visible():
        quiz.locator(".cpq-confirm-yes").click()


def answer_right(quiz) -> None:
    quiz.get_by_label("course.yml").check()
    quiz.get_by_label("A diagram").check()
    quiz.get_by_label("A photo").check()
    quiz.get_by_label("True").check()
    quiz.get_by_label("Your answer").fill("check")
    quiz.get_by_label("(x)").select_option(label="single choice")
    quiz.get_by_label("[x]").select_option(label="multiple response")
    put_in_order(quiz, "q-steps", ["Write", "Check", "Build"])


def test_wrong_then_right_then_reload(page, workbench_server):
    quiz = open_quiz(page, workbench_server, EN, "browser-1")
    html = block_html(page)
    assert not any(secret in html for secret in KEY_ONLY) and '"answers": null' in html
    status = quiz.locator(".cpq-status")

    quiz.get_by_label("module.yml").check()
    submit(quiz)
    page.wait_for_function("document.querySelector('.cpq-status').textContent.includes('Your score')")
    assert "Your score: 0%" in status.inner_text() and status.get_attribute("aria-live") == "polite"
    first = quiz.locator("[data-question=q-file]")
    assert "Incorrect" in first.inner_text() and "module.yml describes one module." in first.inner_text()
    assert not any(secret in block_html(page) for secret in KEY_ONLY)

    quiz.get_by_role("button", name="Try again").click()
    page.wait_for_function("!document.querySelector('.cpq-submit').disabled")
    answer_right(quiz)
    submit(quiz)
    page.wait_for_function("document.querySelector('.cpq-status').textContent.includes('100%')")
    assert "You passed." in status.inner_text() and "Attempts used: 2 of 3." in status.inner_text()
    assert "Correct answer:" in first.inner_text()  # after-last-attempt: passing reveals the key

    page.reload()
    quiz = open_quiz(page, workbench_server, EN, "browser-1")
    assert "Your score: 100%" in quiz.locator(".cpq-status").inner_text()
    assert quiz.get_by_label("course.yml").is_checked() and quiz.get_by_label("Your answer").input_value() == "check"


def test_exhaust_attempts_and_state_survives_reload(page, workbench_server):
    quiz = open_quiz(page, workbench_server, EN, "browser-2")
    for attempt in range(3):
        if attempt:
            quiz.get_by_role("button", name="Try again").click()
            page.wait_for_function("!document.querySelector('.cpq-submit').disabled")
        submit(quiz)
        page.wait_for_function(f"document.querySelector('.cpq-status').textContent.includes('{attempt + 1} of 3')")
    assert "You have no attempts left." in quiz.locator(".cpq-status").inner_text()
    page.reload()
    quiz = open_quiz(page, workbench_server, EN, "browser-2")
    assert quiz.get_by_role("button", name="Submit", exact=True).is_disabled()
    assert quiz.locator(".cpq-reset").is_hidden() and "Correct answer:" in quiz.inner_text()


def test_phone_width_and_right_to_left(page, workbench_server):
    page.set_viewport_size({"width": 360, "height": 740})
    quiz = open_quiz(page, workbench_server, AR, "browser-3")
    assert quiz.get_attribute("dir") == "rtl" and quiz.get_attribute("lang") == "ar"
    assert quiz.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
    button = quiz.get_by_role("button", name="Submit", exact=True).bounding_box()
    assert button["height"] >= 44  # a comfortable touch target
    # keyboard: Tab reaches the first option and Space chooses it
    quiz.locator("input").first.focus()
    page.keyboard.press("Space")
    assert quiz.locator("input").first.is_checked()


def test_studio_edit_with_an_error_then_a_fix(page, workbench_server):
    page.goto(f"{workbench_server}/scenario/{AR}/studio_view/?student=author")
    editor = page.locator(".cpq-source")
    source = editor.input_value()
    broken = source.replace("- (x) 2000 {#b}", "- ( ) 2000 {#b}")
    editor.fill(broken)
    page.get_by_role("button", name="Save").click()
    errors = page.locator(".cpq-errors")
    errors.get_by_text("quiz.no-correct").wait_for()
    line = broken.splitlines().index("## متى اعتمدت الجمعية العامة الاتفاقية؟ {#q-year}") + 1
    errors.get_by_role("button", name=f"line {line}").click()
    assert page.evaluate("document.activeElement.classList.contains('cpq-source')")
    editor.fill(source.replace("title: اختبار قصير", "title: اختبار معدّل"))
    page.get_by_role("button", name="Save").click()
    page.locator(".cpq-studio-status").get_by_text("Saved.").wait_for()
    quiz = open_quiz(page, workbench_server, AR, "browser-4")
    assert quiz.locator(".cpq-title").inner_text() == "اختبار معدّل"
    assert json.loads(page.locator(".cpq-data").last.text_content())["state"]["attempts_used"] == 0


@pytest.mark.parametrize("scenario", [EN, AR])
def test_no_serious_accessibility_violations(page, workbench_server, axe_audit, scenario):
    """axe-core on the block itself (the workbench page around it is not ours): fresh, then with feedback."""
    quiz = open_quiz(page, workbench_server, scenario, f"axe-{scenario}")
    problems = axe_audit(page, ".cpq")
    submit(quiz)
    page.wait_for_function("document.querySelector('.cpq-status').textContent.trim().length > 0")
    problems += axe_audit(page, ".cpq")
    assert problems == []


@pytest.fixture(scope="module")
def scratch_workbench(tmp_path_factory):
    """A workbench of its own, whose sample quiz a test may overwrite without touching the others."""
    from conftest import prepare_workbench_database, running_workbench

    var = tmp_path_factory.mktemp("scratch-workbench")
    prepare_workbench_database(var)
    with running_workbench(var, "scratch") as url:
        yield url


def test_script_breakouts_in_quiz_text_and_answers_stay_text(page, scratch_workbench):
    """`</script>` and `<!--` in every quiz text and the answer key, U+2028 in the learner's answer:
    in Chromium nothing runs, the block starts, and every text shows as typed."""
    page.goto(f"{scratch_workbench}/scenario/{EN}/studio_view/?student=author")
    page.locator(".cpq-source").fill(NASTY_QUIZ)
    page.get_by_role("button", name="Save").click()
    page.locator(".cpq-studio-status").get_by_text("Saved.").wait_for()

    quiz = open_quiz(page, scratch_workbench, EN, "breakout-1")
    quiz.get_by_label("Your answer").fill(LEARNER_BREAKOUT)
    submit(quiz)
    page.wait_for_function("document.querySelector('.cpq-status').textContent.includes('Attempts used: 1')")
    page.reload()
    quiz = open_quiz(page, scratch_workbench, EN, "breakout-1")
    assert "Attempts used: 1 of 2." in quiz.locator(".cpq-status").inner_text()  # the script read its data
    assert page.evaluate("window.cpqPwned") is None
    assert quiz.get_by_label("Your answer").input_value() == LEARNER_BREAKOUT
    fill = quiz.locator("[data-question=q-fill]")
    assert BREAKOUT in fill.locator(".cpq-key-label").inner_text()  # the accepted answer, as text
    assert quiz.locator(".cpq-title").inner_text() == f"Title {BREAKOUT}"


def test_quiz_flow_enter_confirm_and_readable_results(page, workbench_server):
    """Enter in the text box never submits; unanswered questions are confirmed first; afterwards each
    question states the learner's answer and the results link the questions to review."""
    quiz = open_quiz(page, workbench_server, EN, "browser-flow")
    quiz.get_by_label("module.yml").check()
    quiz.get_by_label("Your answer").fill("build")
    quiz.get_by_label("Your answer").press("Enter")
    quiz.get_by_label("module.yml").press("Enter")
    page.wait_for_timeout(300)
    assert "Your score" not in quiz.locator(".cpq-status").inner_text(), "Enter submitted the quiz"
    quiz.locator(".cpq-submit").click()
    confirm = quiz.locator(".cpq-confirm")
    assert confirm.is_visible() and "have no answer" in confirm.inner_text()
    assert page.evaluate("document.activeElement.className") == "cpq-confirm-text"
    quiz.locator(".cpq-confirm-no").click()
    assert not confirm.is_visible()
    assert page.evaluate("document.activeElement.closest('.cpq-question') !== null")
    page.wait_for_timeout(300)
    assert "Your score" not in quiz.locator(".cpq-status").inner_text(), "going back spent an attempt"
    submit(quiz)
    page.wait_for_function("document.querySelector('.cpq-status').textContent.includes('Your score')")
    first = quiz.locator("[data-question=q-file]")
    assert "Your answer: module.yml" in first.locator(".cpq-given").inner_text()
    assert first.locator(".cpq-chosen").count() == 1
    assert first.locator("input:checked").evaluate("i => getComputedStyle(i).opacity") == "1"
    assert "Questions to review" in quiz.locator(".cpq-status").inner_text()  # announced (aria-live)
    links = quiz.locator(".cpq-review a")
    assert links.count() >= 1
    links.first.click()
    assert page.evaluate("document.activeElement.className") == "cpq-feedback"


ARABIC_KEYS_QUIZ = """---
type: quiz
title: الترتيب والمطابقة
id: arrows
attempts: 1
show_answers: after-last-attempt
---

## طابق كل أداة بوظيفتها. {#q-match}

- SCORM -> حزمة {#scorm}
- QTI -> أسئلة {#qti}

## رتّب الخطوات. {#q-order}

1. اكتب Markdown {#write}
2. تحقّق {#check}
3. ابنِ الحزمة {#build}
"""


def test_answer_key_arrows_follow_the_direction_in_arabic(page, scratch_workbench):
    """U+2192 is not mirrored by the bidi algorithm: in Arabic the key's arrows must point left,
    and each text (Latin ones included) is isolated so it cannot pull the arrow out of place."""
    page.goto(f"{scratch_workbench}/scenario/{AR}/studio_view/?student=author")
    page.locator(".cpq-source").fill(ARABIC_KEYS_QUIZ)
    page.locator(".cpq-save").click()
    status = page.locator(".cpq-studio-status")
    page.wait_for_function("(s) => !!s.textContent && !/…$/.test(s.textContent.trim())", arg=status.element_handle())
    assert status.inner_text().strip() in ("تم الحفظ.", "Saved."), status.inner_text()
    quiz = open_quiz(page, scratch_workbench, AR, "arrows-1")
    submit(quiz)
    page.wait_for_function("document.querySelectorAll('.cpq-key-label').length >= 3")
    keys = quiz.locator(".cpq-key-label").all_inner_texts()
    assert all("\u2190" in key and "\u2192" not in key for key in keys), keys
    assert any("\u2068SCORM\u2069" in key for key in keys), keys
