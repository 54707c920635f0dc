"""The quiz block in XBlock's TestRuntime: views, handlers, grades, attempts, bad input, rescoring."""

from __future__ import annotations

import json
import re

import pytest
from xblock.scorable import Score

from coursepack_quiz.grading import grade
from coursepack_quiz.policy import public_tokens

from cpq_helpers import call, page_data, quiz_from

RIGHT = {"q-course-file": "b", "q-alt": ["a", "b"], "q-title": "true", "q-command": "Check"}


def right_answers(block) -> dict:
    """The full right answers in the browser's tokens (matching and ordering use public tokens)."""
    quiz = block.quiz_model()
    real_to_token = {qid: {real: token for token, real in table.items()}
                     for qid, table in public_tokens(quiz, salt=block.salt()).items()}
    return {**RIGHT, "q-markers": {p: real_to_token["q-markers"][p] for p in ("single", "multiple", "fill")},
            "q-steps": [real_to_token["q-steps"][i] for i in ("write", "check", "build", "upload")]}


def key_strings(source: str) -> list[str]:
    """Texts that only the answer key holds: option and overall feedback, fill-in answers."""
    quiz = quiz_from(source)
    texts = [c.feedback for q in quiz.questions for c in q.choices if c.feedback]
    texts += [q.feedback_correct for q in quiz.questions if q.feedback_correct]
    return [part for part in (t.split("`")[0][:30] for t in texts) if len(part) > 5]


def init_data(block) -> dict:
    return page_data(block.student_view().body_html())


def test_student_view_has_no_answer_key_before_submission(make_block, fixture_source):
    block = make_block(fixture_source)
    frag = block.student_view()
    page = frag.body_html()
    for secret in key_strings(fixture_source):
        assert secret not in page
    state = json.dumps(page_data(page)["state"])
    assert '"correct": true' not in page and '"correct": [' not in state and "checked" not in page
    assert page_data(page)["state"]["answers"] is None and frag.json_init_args is None
    # matching responses and ordering items reach the page only as opaque tokens
    assert 'data-item="write"' not in page and 'value="single"' not in page
    assert re.findall(r'data-item="(r\d)"', page) and frag.js_init_fn == "CoursepackQuizView"


def test_student_view_data_is_public_and_rendered(make_block, fixture_source):
    data = make_block(fixture_source).student_view_data()
    text = json.dumps(data, ensure_ascii=False)
    assert data["quiz"]["questions"][0]["choices"][0].keys() == {"id", "text"}
    assert "feedback" not in text and '"answers"' not in text and "<strong>Submit</strong>" in data["quiz"]["intro"]
    assert data["max_score"] == 6 and data["direction"] == "ltr"


def test_wrong_then_right_publishes_grade_and_completion(make_block, fixture_source):
    block = make_block(fixture_source)
    status, reply = call(block, "submit", {"responses": {"q-course-file": "a"}})
    assert status == 200 and reply["result"]["score"] == 0 and reply["attempts_left"] == 2
    assert reply["result"]["questions"]["q-course-file"]["feedback"][0] == "<p>module.yml describes one module.</p>"
    assert reply["answers"] is None  # after-last-attempt: not yet
    status, reply = call(block, "reset", {})
    assert status == 200 and reply["responses"] == {} and reply["attempts_used"] == 1
    status, reply = call(block, "submit", {"responses": right_answers(block)})
    assert reply["result"]["percent"] == 100 and reply["passed"] and reply["answers"]["q-command"]["answers"]
    grades = [data for kind, data in block.runtime.events if kind == "grade"]
    assert [g["value"] for g in grades] == [0.0, 6.0] and grades[-1]["max_value"] == 6.0
    assert ("completion", {"completion": 1.0}) in block.runtime.events
    assert block.get_score() == Score(6.0, 6.0)


def test_best_score_is_kept_and_only_improvements_are_published(make_block, fixture_source):
    block = make_block(fixture_source, allow_reset=False)
    call(block, "submit", {"responses": {"q-course-file": "b", "q-alt": ["a", "b"]}})
    call(block, "submit", {"responses": {"q-course-file": "a"}})
    assert block.raw_earned == 2 and [d["value"] for k, d in block.runtime.events if k == "grade"] == [2.0]
    assert block.result["score"] == 0  # the last attempt is what the learner sees


def test_attempts_are_enforced_on_the_server(make_block, fixture_source):
    block = make_block(fixture_source)
    for _ in range(3):
        assert call(block, "submit", {"responses": {}})[0] == 200
    status, reply = call(block, "submit", {"responses": right_answers(block)})
    assert status == 409 and "all 3 attempts" in reply["error"]
    assert block.attempts_used == 3 and block.raw_earned == 0
    state = init_data(block)["state"]
    assert not state["can_submit"] and state["answers"]["q-course-file"]["correct"] == ["b"]  # last attempt used


@pytest.mark.parametrize("body, message", [
    (b"{not json", "not valid JSON"),
    (b"[1, 2]", "must be a JSON object"),
    ({"responses": {"q-nope": "a"}}, "unknown question 'q-nope'"),
    ({"responses": {"q-course-file": "z"}}, "'z' is not one of a, b, c"),
    ({"responses": {"q-alt": "a"}}, "must be a list"),
    ({"responses": {"q-command": 42}}, "must be a string"),
    ({"responses": {"q-steps": ["r1"]}}, "all 4 items"),
    ({"responses": []}, '"responses" must be an object'),
    ({"answers": {}}, "unknown field 'answers'"),
    (b'{"responses": {"q-command": "' + b"x" * 70000 + b'"}}', "at most 65536"),
])
def test_bad_input_is_400_and_state_unchanged(make_block, fixture_source, body, message):
    block = make_block(fixture_source)
    call(block, "submit", {"responses": {"q-course-file": "b"}})
    before = block.state()
    events = list(block.runtime.events)
    status, reply = call(block, "submit", body)
    assert status == 400 and message in reply["error"], reply
    assert block.state() == before and block.runtime.events == events


def test_rescore_uses_the_kept_responses_against_the_fixed_key(make_block, fixture_source):
    block = make_block(fixture_source)
    call(block, "submit", {"responses": {"q-course-file": "a"}})
    fixed = fixture_source.replace("- ( ) module.yml {#a}", "- (x) module.yml {#a}").replace(
        "- (x) course.yml {#b}", "- ( ) course.yml {#b}")
    block.quiz = quiz_from(fixed).model_dump(mode="json")
    block.runtime.service = lambda block_, name: __import__("xblock.runtime").runtime.NullI18nService()
    block.rescore(only_if_higher=False)
    assert block.runtime.events[-1] == ("grade", {"value": 1.0, "max_value": 6.0, "only_if_higher": False})
    assert block.calculate_score() == Score(grade(quiz_from(fixed), {"q-course-file": "a"}).score, 6.0)


def test_quiz_stored_in_an_older_format_version_is_upgraded(make_block):
    block = make_block(None)
    block.quiz = {"id": "old", "title": "Old", "pass_mark": 50, "attempts": 1, "questions": [
        {"id": "q1", "kind": "true_false", "prompt": "Sky is blue", "options": [
            {"id": "true", "text": "True", "correct": True}, {"id": "false", "text": "False"}],
         "feedback": {"correct": "Yes", "incorrect": "No"}}]}
    quiz = block.quiz_model()
    assert quiz.format_version == 1 and quiz.settings.pass_mark == 50 and quiz.questions[0].feedback_correct == "Yes"
    status, reply = call(block, "submit", {"responses": {"q1": "true"}})
    assert status == 200 and reply["passed"]


def test_studio_save_rejects_errors_with_lines_and_saves_fixes(make_block, fixture_source):
    block = make_block(fixture_source)
    before = dict(block.quiz)
    broken = fixture_source.replace("- (x) course.yml {#b}", "- ( ) course.yml {#b}")
    status, reply = call(block, "save_source", {"source": broken})
    assert status == 400 and block.quiz == before
    heading = fixture_source.splitlines().index("## Which file describes the whole course? {#q-course-file}") + 1
    assert [(e["line"], e["code"]) for e in reply["errors"] if e["severity"] == "error"] == [(heading, "quiz.no-correct")]
    status, reply = call(block, "save_source", {"source": fixture_source.replace("Check your understanding", "Renamed")})
    assert status == 200 and block.display_name == "Renamed" and block.quiz_model().title == "Renamed"
    assert call(block, "save_source", {"source": 5})[0] == 400


def test_studio_view_shows_the_quiz_as_markdown(make_block, fixture_source):
    frag = make_block(fixture_source).studio_view()
    assert "## Which file describes the whole course? {#q-course-file}" in frag.body_html().replace("&#x27;", "'")
    assert frag.js_init_fn == "CoursepackQuizStudio"


def test_empty_block_shows_the_sample_quiz(make_block):
    block = make_block(None)
    assert block.quiz_model().questions and "cpq-question" in block.student_view().body_html()


def test_arabic_quiz_is_right_to_left_and_translated(make_block):
    source = "---\ntype: quiz\ntitle: اختبار\nattempts: 2\n---\n\n## سؤال؟ {#q1}\n\n- (x) نعم {#a}\n- ( ) لا {#b}\n"
    block = make_block(source, language="ar")
    html = block.student_view().body_html()
    assert 'lang="ar" dir="rtl"' in html and "إرسال" in html and "السؤال 1 من 1" in html


def test_studio_save_warns_when_feedback_gives_a_withheld_answer_away(make_block, fixture_source):
    block = make_block(fixture_source)
    revealing = re.sub(r"(?m)^> \[!incorrect\] It is the command you run.*$", "> [!incorrect] The answer is `check`.",
                       fixture_source)
    line = revealing.splitlines().index("> [!incorrect] The answer is `check`.") + 1
    status, reply = call(block, "save_source", {"source": revealing})
    assert status == 200 and reply["saved"]
    assert [(w["line"], w["code"]) for w in reply["warnings"] if w["code"].endswith("-reveals")] == \
        [(line, "quiz.feedback-reveals")]
