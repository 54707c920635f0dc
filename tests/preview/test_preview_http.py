"""The preview answers only its own page: every URL below a secret per-run token, Host, Origin and
Sec-Fetch-Site checked, protective headers on every response, and no client can hold a connection
without sending its request (an idle socket, or one that drips a byte at a time)."""

from __future__ import annotations

import base64
import hashlib
import http.client
import re
import socket
import time
from urllib.parse import urlsplit

import pytest

from builder.cli import serve
from builder.preview.server import PreviewHTTPServer

DATA_JS = "/build/scorm12/runtime/content/practice.js"  # the quiz module's content script: answer key included
ANSWERS = b'"correct":true'


def send(preview, raw_path: str, headers: dict[str, str] | None = None, method: str = "GET"):
    """`raw_path` exactly as written (no token added), with the preview's own Host unless overridden."""
    parts = urlsplit(preview.url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    connection.putrequest(method, raw_path, skip_host=True, skip_accept_encoding=True)
    for name, value in ({"Host": parts.netloc} | (headers or {})).items():
        if value is not None:
            connection.putheader(name, value)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def own(preview, path: str) -> str:
    return f"/{preview.token}{path}"


def test_the_course_data_is_there_for_the_preview_itself(preview):
    response, body = send(preview, own(preview, DATA_JS))
    assert response.status == 200 and ANSWERS in body  # what the other tests keep from other sites


@pytest.mark.parametrize("path", [DATA_JS, "/", "/__preview/state", "/source/course.yml", "/launch/scorm12",
                                  "/x" + DATA_JS, "//" + DATA_JS])
def test_without_the_token_nothing_is_served(preview, path):
    response, body = send(preview, path)
    assert response.status == 404 and ANSWERS not in body and b"basic-en" not in body


def test_a_wrong_token_of_the_right_length_gets_nothing(preview):
    wrong = "A" * len(preview.token) if preview.token != "A" * len(preview.token) else "B" * len(preview.token)
    response, body = send(preview, f"/{wrong}{DATA_JS}")
    assert response.status == 404 and ANSWERS not in body


def test_the_token_is_new_on_every_run_and_long(course_copy):
    from builder.preview import Preview

    course = course_copy()
    tokens = {Preview(course).token for _ in range(3)}
    assert len(tokens) == 3 and all(len(t) >= 22 and re.fullmatch(r"[A-Za-z0-9_-]+", t) for t in tokens)


def test_the_bare_token_redirects_to_the_simulator(preview):
    response, _ = send(preview, f"/{preview.token}")
    assert response.status == 302 and response.getheader("Location") == f"/{preview.token}/"
    response, body = send(preview, own(preview, "/"))
    assert response.status == 200 and b"coursepack preview" in body


@pytest.mark.parametrize("site, allowed", [("cross-site", False), ("same-site", False),
                                           ("same-origin", True), ("none", True), (None, True)])
def test_fetch_metadata_from_another_site_or_port_is_refused(preview, site, allowed):
    response, body = send(preview, own(preview, DATA_JS), {"Sec-Fetch-Site": site})
    assert (response.status == 200) is allowed and (ANSWERS in body) is allowed


@pytest.mark.parametrize("origin, allowed", [
    ("http://evil.example", False), ("null", False), ("http://127.0.0.2:{port}", False),
    ("http://127.0.0.1:1", False), ("https://127.0.0.1:{port}", False),
    ("http://127.0.0.1:{port}", True), ("http://localhost:{port}", True),
])
def test_a_foreign_origin_is_refused(preview, origin, allowed):
    port = preview.httpd.server_address[1]
    response, body = send(preview, own(preview, DATA_JS), {"Origin": origin.format(port=port)})
    assert (response.status == 200) is allowed and (ANSWERS in body) is allowed


@pytest.mark.parametrize("host, allowed", [
    ("127.0.0.1:{port}", True), ("localhost:{port}", True), ("LOCALHOST:{port}", True),
    ("127.0.0.1", False), ("127.0.0.1:1", False), ("attacker.example:{port}", False),
    ("127.0.0.1.nip.io:{port}", False), ("", False), (None, False),
])
def test_only_our_own_host_names_are_answered(preview, host, allowed):
    """DNS rebinding: a name the attacker controls, pointed at 127.0.0.1, still says its own name."""
    port = preview.httpd.server_address[1]
    value = None if host is None else host.format(port=port)
    response, body = send(preview, own(preview, DATA_JS), {"Host": value})
    assert (response.status == 200) is allowed and (ANSWERS in body) is allowed


def csp_of(response) -> dict[str, str]:
    policy = response.getheader("Content-Security-Policy")
    return {part.split()[0]: " ".join(part.split()[1:]) for part in policy.split(";") if part.strip()}


@pytest.mark.parametrize("path", ["/", "/__preview/static/simulator.js", DATA_JS, "/build/scorm12/index.html",
                                  "/build/review/index.html", "/__preview/state", "/source/course.yml",
                                  "/launch/scorm12", "/nothing-here"])
def test_every_response_carries_the_protective_headers(preview, path):
    response, _ = send(preview, own(preview, path))
    assert response.status in (200, 302, 404)
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("Cross-Origin-Resource-Policy") == "same-origin"
    assert response.getheader("Referrer-Policy") == "no-referrer"
    csp = csp_of(response)
    assert csp["base-uri"] == "'none'" and csp["object-src"] == "'none'"
    assert "'unsafe-inline'" not in response.getheader("Content-Security-Policy")
    assert "'unsafe-eval'" not in response.getheader("Content-Security-Policy")


def test_the_refusals_carry_them_too(preview):
    response, _ = send(preview, DATA_JS)
    assert response.getheader("Cross-Origin-Resource-Policy") == "same-origin"
    response, _ = send(preview, own(preview, DATA_JS), {"Sec-Fetch-Site": "cross-site"})
    assert response.status == 403 and response.getheader("X-Content-Type-Options") == "nosniff"


def test_the_simulator_is_framed_by_nobody_and_runs_only_its_own_files(preview):
    csp = csp_of(send(preview, own(preview, "/"))[0])
    assert csp["frame-ancestors"] == "'none'" and csp["script-src"] == "'self'" and csp["default-src"] == "'none'"


def test_a_package_page_may_run_exactly_its_own_inline_start_up_script(preview):
    response, body = send(preview, own(preview, "/build/scorm12/index.html"))
    inline = re.findall(rb"<script>(.*?)</script>", body, re.S)
    assert len(inline) == 1 and b"Coursepack.player.start" in inline[0]
    digest = base64.b64encode(hashlib.sha256(inline[0]).digest()).decode()
    csp = csp_of(response)
    assert csp["script-src"] == f"'self' 'sha256-{digest}'" and csp["frame-ancestors"] == "'self'"


def test_a_write_closes_the_connection_its_unread_body_would_confuse(preview):
    response, _ = send(preview, own(preview, "/"), {"Content-Length": "5"}, method="POST")
    assert response.status == 405 and response.getheader("Connection") == "close"


# ---- slow and idle clients -----------------------------------------------------------------------

def connect(preview) -> socket.socket:
    return socket.create_connection(preview.httpd.server_address[:2], timeout=10)


def closed_within(sock: socket.socket, seconds: float) -> bytes:
    """Everything the server sent before closing; fails if it is still open after `seconds`."""
    sock.settimeout(seconds)
    received = b""
    try:
        while chunk := sock.recv(4096):
            received += chunk
    except TimeoutError:
        pytest.fail(f"the server kept the connection open for more than {seconds} s")
    return received


def test_the_default_deadline_is_finite():
    assert 0 < PreviewHTTPServer.head_seconds <= 30


def test_a_client_that_connects_and_sends_nothing_is_dropped(preview):
    preview.httpd.head_seconds = 0.5
    idle = [connect(preview) for _ in range(5)]
    started = time.monotonic()
    assert send(preview, own(preview, "/__preview/state"))[0].status == 200  # others are still served
    for sock in idle:
        assert closed_within(sock, 5) == b""
        sock.close()
    assert time.monotonic() - started < 5


def test_a_client_that_drips_its_headers_is_dropped_unanswered(preview):
    preview.httpd.head_seconds = 0.5
    port = preview.httpd.server_address[1]
    sock = connect(preview)
    sock.sendall(f"GET /{preview.token}/__preview/state HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n".encode())
    started = time.monotonic()
    try:
        while time.monotonic() - started < 3:
            sock.sendall(b"X")  # one byte of a never-ending header every 50 ms
            time.sleep(0.05)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the server hung up while we were still dripping
    assert time.monotonic() - started < 2.5
    assert not closed_within(sock, 5).startswith(b"HTTP/")  # no response to a request that never arrived
    sock.close()


def test_an_idle_keep_alive_connection_is_closed_after_its_response(preview):
    preview.httpd.head_seconds = 0.5
    port = preview.httpd.server_address[1]
    sock = connect(preview)
    sock.sendall(f"GET /{preview.token}/__preview/state HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    received = closed_within(sock, 5)
    assert received.startswith(b"HTTP/1.1 200") and b'"version"' in received
    sock.close()


def test_serve_picks_a_free_port_on_loopback_by_default():
    defaults = {param.name: param.default for param in serve.params}
    assert defaults["port"] == 0 and defaults["host"] == "127.0.0.1"
