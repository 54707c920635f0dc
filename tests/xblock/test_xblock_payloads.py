"""Every malformed request is a 400 that changes nothing; every save by a learner is a 403.

A table of payloads for each handler, sent through the runtime as the LMS does (`runtime.handle`
also saves the block's dirty fields after the handler, which is where a half-done write used to
turn a refusal into a 500).
"""

from __future__ import annotations

import json

import pytest
from webob import Request

from coursepack_quiz.bounds import MAX_BLOCK_CHARS
from coursepack_quiz_xblock.block import MAX_SOURCE

from cpq_helpers import LmsLikeRuntime, call, quiz_from

Q = '{"responses": {"q-command": %s}}'  # a fill-in question of the fixture quiz, for values


def deep(n: int, opening: str = "[", closing: str = "]") -> bytes:
    return (opening * n + closing * n).encode()


MALFORMED = {
    "empty body": b"",
    "not JSON": b"{not json",
    "not UTF-8": b'{"responses": {"q-command": "\xff\xfe"}}',
    "UTF-8 BOM": b'\xef\xbb\xbf{"responses": {}}',
    "array": b"[1, 2]",
    "number": b"42",
    "string": b'"responses"',
    "null": b"null",
    "true": b"true",
    "nested arrays, 30 000 deep": deep(30000),
    "nested objects, 10 000 deep": b'{"a":' * 10000 + b"1" + b"}" * 10000,
    "nested under the recursion limit": b'{"responses": {"q-alt": ' + deep(400) + b"}}",
    "nested inside responses, 5 000 deep": b'{"responses": {"q-alt": ' + deep(5000) + b"}}",
    "over 64 KiB": b'{"responses": {"q-command": "' + b"x" * 70000 + b'"}}',
    "lone surrogate": (Q % '"\\ud800"').encode(),
    "NaN": (Q % "NaN").encode(),
    "Infinity": (Q % "Infinity").encode(),
    "5 000-digit number": (Q % ("1" + "0" * 5000)).encode(),
    "unknown field": b'{"answers": {}}',
    "responses null": b'{"responses": null}',
    "responses a list": b'{"responses": ["b"]}',
    "responses a string": b'{"responses": "b"}',
    "3 000 unknown questions": json.dumps({"responses": {f"q{n}": "a" for n in range(3000)}}).encode(),
    "single: a list": b'{"responses": {"q-course-file": ["b"]}}',
    "single: an object": b'{"responses": {"q-course-file": {"b": true}}}',
    "single: a number": b'{"responses": {"q-course-file": 1}}',
    "single: true": b'{"responses": {"q-course-file": true}}',
    "single: unknown option": b'{"responses": {"q-course-file": "z"}}',
    "multiple: a string": b'{"responses": {"q-alt": "a"}}',
    "multiple: numbers": b'{"responses": {"q-alt": [1, 2]}}',
    "multiple: twice the same": b'{"responses": {"q-alt": ["a", "a"]}}',
    "multiple: too many": json.dumps({"responses": {"q-alt": ["a"] * 500}}).encode(),
    "fill-in: a list": (Q % '["check"]').encode(),
    "fill-in: a number": (Q % "7").encode(),
    "fill-in: over 1000 characters": (Q % json.dumps("x" * 1001)).encode(),
    "matching: a list": b'{"responses": {"q-markers": ["r1"]}}',
    "matching: a string": b'{"responses": {"q-markers": "r1"}}',
    "matching: number values": b'{"responses": {"q-markers": {"single": 1}}}',
    "matching: unknown premise": b'{"responses": {"q-markers": {"nope": "r1"}}}',
    "matching: real ID": b'{"responses": {"q-markers": {"single": "single"}}}',
    "ordering: an object": b'{"responses": {"q-steps": {"r1": 1}}}',
    "ordering: nested lists": b'{"responses": {"q-steps": [["r1"], ["r2"], ["r3"], ["r4"]]}}',
    "ordering: real IDs": b'{"responses": {"q-steps": ["write", "check", "build", "upload"]}}',
    "ordering: a token twice": b'{"responses": {"q-steps": ["r1", "r1", "r2", "r3"]}}',
    "ordering: too few": b'{"responses": {"q-steps": ["r1"]}}',
}


@pytest.mark.parametrize("body", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_submissions_are_400_and_change_nothing(make_block, fixture_source, body):
    block = make_block(fixture_source)
    call(block, "submit", {"responses": {"q-course-file": "b"}})
    before, events = block.state(), list(block.runtime.events)
    status, reply = call(block, "submit", body)
    assert status == 400 and isinstance(reply["error"], str) and reply["error"], reply
    assert block.state() == before and block.runtime.events == events


NOT_AN_OBJECT = {name: MALFORMED[name] for name in (
    "empty body", "not JSON", "not UTF-8", "array", "null", "nested arrays, 30 000 deep",
    "nested objects, 10 000 deep", "over 64 KiB", "lone surrogate")}


@pytest.mark.parametrize("handler", ["reset", "state_data"])
@pytest.mark.parametrize("body", NOT_AN_OBJECT.values(), ids=NOT_AN_OBJECT.keys())
def test_other_learner_handlers_refuse_the_same_payloads(make_block, fixture_source, handler, body):
    block = make_block(fixture_source)
    call(block, "submit", {"responses": {"q-course-file": "a"}})
    before = block.state()
    status, reply = call(block, handler, body)
    assert status == 400 and reply["error"] and block.state() == before


def test_thousands_of_wrong_entries_get_a_short_reply(make_block, fixture_source):
    status, reply = call(make_block(fixture_source), "submit", MALFORMED["3 000 unknown questions"])
    assert status == 400 and reply["error"].endswith("; and 2990 more") and len(reply["error"]) < 1000


@pytest.mark.parametrize("handler", ["submit", "reset", "state_data", "save_source"])
def test_handlers_take_post_only(make_block, fixture_source, handler):
    block = make_block(fixture_source)
    response = block.runtime.handle(block, handler, Request.blank("/?responses=%7B%7D", method="GET"))
    assert response.status_code == 405 and response.headers["Allow"] == "POST" and block.attempts_used == 0


def test_reply_is_valid_json_even_when_the_error_quotes_odd_text(make_block, fixture_source):
    block = make_block(fixture_source)
    request = Request.blank("/", method="POST")
    request.body = b'{"responses": {"q-course-file": "\\u2028</script>"}}'
    response = block.runtime.handle(block, "submit", request)
    assert response.status_code == 400 and response.content_type == "application/json"
    assert "</script>" in json.loads(response.body)["error"]


# --- Studio saves ---------------------------------------------------------------------------------

SAVE_MALFORMED = {
    "not JSON": b"{",
    "array": b"[]",
    "no source": b"{}",
    "source a number": b'{"source": 5}',
    "source null": b'{"source": null}',
    "source a list": b'{"source": ["---"]}',
    "unknown field": b'{"source": "", "extra": 1}',
    "nested 30 000 deep": deep(30000),
    "over the limit": json.dumps({"source": "x" * (MAX_SOURCE + 1)}).encode(),
    "body far over the limit": b'{"source": "' + b"x" * (7 * MAX_SOURCE) + b'"}',
    "lone surrogate": b'{"source": "\\ud800"}',
}


@pytest.mark.parametrize("body", SAVE_MALFORMED.values(), ids=SAVE_MALFORMED.keys())
def test_malformed_saves_are_400_and_change_nothing(make_block, fixture_source, body):
    block = make_block(fixture_source)
    before = dict(block.quiz)
    status, reply = call(block, "save_source", body)
    assert status == 400 and reply["error"] and not reply.get("errors") and block.quiz == before, reply


BROKEN_SOURCES = {
    "YAML syntax": ("---\ntype: quiz\ntitle: [unclosed\n---\n\n## Q {#q}\n\n- (x) a\n", "yaml.syntax"),
    "YAML tag": ("---\ntype: quiz\ntitle: !!python/object:os.system x\n---\n\n## Q {#q}\n\n- (x) a\n", "yaml.value"),
    "deep YAML": ("---\ntype: quiz\ntitle: T\nx: " + "[" * 5000 + "]" * 5000 + "\n---\n\n## Q {#q}\n\n- (x) a\n",
                  "yaml.syntax"),
    "no correct answer": ("---\ntype: quiz\ntitle: T\n---\n\n## Q {#q}\n\n- ( ) a\n- ( ) b\n", "quiz.no-correct"),
}


@pytest.mark.parametrize("source, code", BROKEN_SOURCES.values(), ids=BROKEN_SOURCES.keys())
def test_loader_errors_are_400_with_their_message(make_block, fixture_source, source, code):
    block = make_block(fixture_source)
    before = dict(block.quiz)
    status, reply = call(block, "save_source", {"source": source})
    assert status == 400 and block.quiz == before
    assert code in [e["code"] for e in reply["errors"]] and all(e["message"] and e["line"] for e in reply["errors"])


def big_quiz(characters: int) -> str:
    """A valid quiz of exactly `characters` characters (padded in its intro, in paragraphs shorter
    than the quiz core's block limit)."""
    head = "---\ntype: quiz\ntitle: Big\nid: big\n---\n\n"
    questions = "".join(f"## Question {n}? {{#q{n}}}\n\n- (x) Right {n} {{#a}}\n  > Feedback é ✓.\n- ( ) Wrong {{#b}}\n\n"
                        for n in range(1, 1000))
    padding = characters - len(head) - len(questions) - 2
    assert padding > 0
    paragraphs = ("é" * (MAX_BLOCK_CHARS - 2) + "\n\n") * (padding // MAX_BLOCK_CHARS)
    return head + paragraphs + "é" * (padding - len(paragraphs)) + "\n\n" + questions


def test_studio_accepts_the_documented_limit_and_refuses_one_more(make_block, fixture_source):
    block = make_block(fixture_source)
    source = big_quiz(MAX_SOURCE)
    assert len(source) == MAX_SOURCE == 256 * 1024 and len(json.dumps({"source": source}).encode()) > 64 * 1024
    status, reply = call(block, "save_source", json.dumps({"source": source}, ensure_ascii=False).encode())
    assert status == 200 and reply["saved"] and len(block.quiz_model().questions) == 999
    status, reply = call(block, "save_source", {"source": source + "x"})
    assert status == 400 and f"{MAX_SOURCE + 1} characters" in reply["error"] and f"at most {MAX_SOURCE}" in reply["error"]
    assert len(block.quiz_model().questions) == 999  # the saved quiz stays


# --- a learner calling the Studio handler in the LMS (content read-only) -----------------------

FORBIDDEN = {
    "a valid quiz": None,  # filled in by the test: the fixture quiz, renamed
    "a broken quiz": {"source": "---\ntype: quiz\n---\n"},
    "not JSON": b"{",
    "array": b"[]",
    "over the limit": {"source": "x" * (MAX_SOURCE + 1)},
    "nested": deep(30000),
}


@pytest.mark.parametrize("name", FORBIDDEN)
def test_a_learner_saving_the_quiz_gets_403_and_changes_nothing(fixture_source, name):
    runtime = LmsLikeRuntime(quiz_from(fixture_source).model_dump(mode="json"))
    block = runtime.block()
    before = json.dumps(block.quiz, sort_keys=True)
    body = FORBIDDEN[name] or {"source": fixture_source.replace("Check your understanding", "Hacked")}
    status, reply = call(block, "save_source", body)
    assert status == 403 and "Studio" in reply["error"], reply
    fresh = runtime.block()
    assert json.dumps(fresh.quiz, sort_keys=True) == before and fresh.display_name != "Hacked"
    assert call(fresh, "submit", {"responses": {"q-course-file": "b"}})[0] == 200  # learners still can submit
