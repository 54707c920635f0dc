"""A Studio edit of a live quiz (issue 13): the learner keeps every answer and score that still
exists, answers to removed questions or options are dropped (the rest of an answer stays), the
state records its format and the quiz it was written for, and damaged values are clamped, with the
learner told."""

from __future__ import annotations

from coursepack_quiz_xblock import learner
from cpq_helpers import call

ANSWERS = {"q-course-file": "b", "q-alt": ["a", "b"], "q-title": "true", "q-command": "check"}


def edited(source: str) -> str:
    """Reword a question, delete another, remove one option of a multiple-response question."""
    source = source.replace("Which file describes the whole course?", "Which file describes a course?")
    start = source.index("## A lesson's title comes from its front matter.")
    source = source[:start] + source[source.index("## ", start + 3):]
    return source.replace("- [x] A photo {#b}\n", "")


def test_a_studio_edit_keeps_what_still_exists(make_block, fixture_source):
    block = make_block(fixture_source)
    status, before = call(block, "submit", {"responses": ANSWERS})
    assert status == 200 and block.state_format == learner.STATE_FORMAT
    assert block.quiz_version == learner.quiz_version(block.quiz_model())
    status, reply = call(block, "save_source", {"source": edited(fixture_source)})
    assert status == 200 and reply["saved"], reply

    status, after = call(block, "state_data", {})
    assert status == 200
    assert after["responses"] == {"q-course-file": "b", "q-alt": ["a"], "q-command": "check"}
    assert after["best"] == before["best"] and after["attempts_used"] == 1
    assert "q-title" not in after["result"]["questions"] and after["state_damaged"] is False

    status, again = call(block, "submit", {"responses": after["responses"]})
    assert status == 200 and block.quiz_version == learner.quiz_version(block.quiz_model())
    assert set(block.responses) == {"q-course-file", "q-alt", "q-command"}


def test_damaged_values_are_clamped_and_the_learner_told(make_block, fixture_source):
    block = make_block(fixture_source, raw_earned=2866.0, raw_possible=6.0, attempts_used=-3,
                       responses={"q-alt": "not a list", "gone": "x"}, result={"questions": "broken"})
    status, data = call(block, "state_data", {})
    assert status == 200
    assert data["best"] == {"score": 6.0, "max_score": 6.0} and data["attempts_used"] == 0
    assert data["responses"] == {} and data["result"] is None and data["state_damaged"] is True
    html = block.student_view().content
    assert '"state_damaged": true' in html or '"state_damaged":true' in html


def test_a_state_from_before_formats_is_read_as_it_is(make_block, fixture_source):
    block = make_block(fixture_source)
    stored = learner.LearnerState(attempts_used=1, responses={"q-course-file": "b"}, raw_earned=1.0, raw_possible=6.0)
    assert stored.state_format == 0  # as a block stored it before state formats existed
    state, damaged = learner.migrate(block.quiz_model(), stored)
    assert not damaged and state.responses == {"q-course-file": "b"} and state.raw_earned == 1.0
    assert state.state_format == learner.STATE_FORMAT
