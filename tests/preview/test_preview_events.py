"""The live event stream: the current build on connect, a heartbeat while idle, a build event per
rebuild, a closed page forgotten, and a page that reconnects after a dropped stream or a restart."""

from __future__ import annotations

import http.client
import json
import time
from pathlib import Path

import pytest

from builder.preview import Preview
from builder.preview import server as preview_server
from sources import edit

SECOND = Path("02-practice/01-second-lesson.md")


def open_stream(preview) -> http.client.HTTPResponse:
    host, port = preview.httpd.server_address[:2]
    connection = http.client.HTTPConnection(host, port, timeout=10)
    connection.request("GET", f"/{preview.token}/__preview/events", headers={"Host": f"{host}:{port}"})
    response = connection.getresponse()
    assert response.status == 200 and response.getheader("Content-Type") == "text/event-stream"
    return response


def next_block(response: http.client.HTTPResponse) -> list[str]:
    """One SSE block: the lines up to the next blank line."""
    lines = []
    while (line := response.readline().decode()) not in ("\n", ""):
        lines.append(line.rstrip("\n"))
    return lines


def wait_until(condition, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_a_stream_gets_the_current_build_heartbeats_and_each_rebuild(preview, monkeypatch):
    monkeypatch.setattr(preview_server, "_HEARTBEAT_SECONDS", 0.05)
    stream = open_stream(preview)
    assert next_block(stream) == [f"retry: {preview_server._RETRY_MS}"]
    current = preview.state.snapshot.version
    assert next_block(stream) == ["event: build", f"data: {json.dumps({'version': current})}"]
    assert next_block(stream) == [": heartbeat"]  # an idle stream still says something
    edit(preview.course_dir / SECOND, "The quiz that follows", "Edited: the quiz that follows")
    while (block := next_block(stream)) == [": heartbeat"]:
        pass
    assert block[0] == "event: build" and json.loads(block[1][len("data: "):])["version"] > current
    stream.close()


def test_a_closed_page_is_forgotten_at_the_next_heartbeat(preview, monkeypatch):
    monkeypatch.setattr(preview_server, "_HEARTBEAT_SECONDS", 0.05)
    stream = open_stream(preview)
    next_block(stream)
    wait_until(lambda: preview.state.listening == 1)
    stream.close()
    wait_until(lambda: preview.state.listening == 0)


def test_hang_up_ends_open_streams(preview):
    stream = open_stream(preview)
    next_block(stream)  # the retry interval
    next_block(stream)  # the current build
    wait_until(lambda: preview.state.listening == 1)
    preview.state.hang_up()
    assert stream.read() == b""  # the server closed the connection
    wait_until(lambda: preview.state.listening == 0)


STATUS_LOG = """() => {
  window.statusLog = [];
  const status = document.getElementById('build-status');
  new MutationObserver(() => window.statusLog.push(status.textContent))
    .observe(status, {childList: true, characterData: true, subtree: true});
}"""


@pytest.mark.browser
def test_a_dropped_stream_reconnects_and_the_status_recovers(page, preview):
    page.goto(preview.url)
    page.frame_locator("#course-frame").locator("h1").first.wait_for()
    ready = page.locator("#build-status").inner_text()
    assert ready.startswith("Build ")
    wait_until(lambda: preview.state.listening == 1)
    page.evaluate(STATUS_LOG)
    preview.state.hang_up()  # as a proxy timeout or a sleeping laptop would
    wait_until(lambda: preview.state.listening == 0)  # the stream is gone (the page retries after 1 s)
    wait_until(lambda: preview.state.listening == 1)  # the page is back
    page.wait_for_function("want => document.getElementById('build-status').textContent === want", arg=ready)
    log = page.evaluate("() => window.statusLog")
    assert any(text.startswith("Not connected") for text in log), log


def _first_run(page, course, then=None):
    """A preview started, its page open on the course, `then(frame)` done there, and the preview
    stopped: (that preview, what `then` returned)."""
    first = Preview(course, port=0).start()
    try:
        page.goto(first.url)
        frame = page.frame_locator("#course-frame")
        frame.locator("h1").first.wait_for()
        return first, then(frame) if then else None
    finally:
        first.stop()


@pytest.mark.browser
def test_the_page_follows_a_restarted_server_to_its_first_build(page, course_copy):
    course = course_copy()

    def next_page(frame) -> str:
        frame.locator(".cp-next").click()
        return frame.locator("h1").inner_text()
    first, title = _first_run(page, course, next_page)
    frame, port = page.frame_locator("#course-frame"), first.httpd.server_address[1]
    page.wait_for_function("() => document.getElementById('build-status').textContent.startsWith('Not connected')")
    lesson = next(p for p in first.state.snapshot.course.lessons() if p.title == title)
    edit(course / lesson.source_path, "---\n\n", "---\n\nRestarted server text.\n\n")
    # Its versions start at 1 again; same address (port and secret token), as when a program
    # embedding the preview restarts it. A new `coursepack serve` has a new token: see below.
    second = Preview(course, port=port, token=first.token).start()
    try:
        frame.get_by_text("Restarted server text.").wait_for()
        assert frame.locator("h1").inner_text() == title  # the learner's place is kept
        page.wait_for_function("() => document.getElementById('build-status').textContent.startsWith('Build 1 ready')")
    finally:
        second.stop()


@pytest.mark.browser
def test_a_page_of_an_earlier_run_says_the_preview_has_ended(page, course_copy):
    """A new run on the same port has a new secret address: the old page must say so, not spin."""
    course = course_copy()
    first, _ = _first_run(page, course)
    second = Preview(course, port=first.httpd.server_address[1]).start()
    try:
        assert second.token != first.token
        page.wait_for_function("() => document.getElementById('build-status').textContent"
                               ".startsWith('This preview has ended')")
    finally:
        second.stop()
