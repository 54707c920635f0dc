"""The preview's HTTP side: the simulator page, live events, built files and course sources.

Every URL starts with a secret per-run token (`/<token>/…`, printed by `coursepack serve`), so a
page on another site cannot name any of them: `<script src>` of a package's `course.js` (which
holds the answer key) or `fetch()` from another origin gets nothing. Behind the token, defence in
depth: the Host header must be ours (DNS rebinding), `Sec-Fetch-Site` and `Origin` must not
come from another site or port, every response carries `Cross-Origin-Resource-Policy:
same-origin` and a Content-Security-Policy, and a client must send its request within
`head_seconds` or lose the connection (`PreviewHTTPServer`).

URL space below `/<token>` (GET and HEAD only; everything else is 404 or 405):

    /                          the LMS simulator page
    /__preview/static/<name>   its own JS and CSS (a fixed list, never a path on disk)
    /__preview/state           the current snapshot as JSON: version, diagnostics, launch URLs
    /__preview/events          Server-Sent Events: one `build` event per rebuild, heartbeat comments
    /build/<target>/<path>     a file of the target's package, built in memory
    /build/review/<path>       the reviewer edition, rendered page by page on request
    /launch/<target>           a redirect to the package's launch file (from its manifest)
    /source/<path>             a course source file, as plain text (for "show source" links)

Built files live in memory and sources are read through `safety.resolve_inside`, so the
server can only ever read inside the course folder and never writes to it.
"""

from __future__ import annotations

import json
import queue
import secrets
import socket
import threading
import time
import traceback
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Mapping

from .. import targets as registry
from ..targets.base import unbuildable_pages
from ..review import Fact, ReviewSite
from .launch import LEARNER_LAUNCHES, launch_href
from .policy import OTHER_CSP, SIMULATOR_CSP, built_csp, host_names, refusal_of
from .rebuild import Snapshot
from .safety import clean_segments, resolve_inside, tree_key

STATIC = {"simulator.html": "text/html", "simulator.css": "text/css", "simulator.js": "text/javascript",
          "scorm-api.js": "text/javascript"}
_TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css",
          ".json": "application/json", ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
          ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp", ".xml": "application/xml",
          ".xsd": "application/xml", ".mp3": "audio/mpeg", ".mp4": "video/mp4", ".pdf": "application/pdf",
          ".woff2": "font/woff2", ".vtt": "text/vtt"}
_HEARTBEAT_SECONDS = 15.0  # a comment line this often keeps proxies and sleeping laptops from idling it out
_RETRY_MS = 1000  # how soon a page reconnects after the stream drops (the browser default is 3 s)

class PreviewState:
    """What the handlers read: the current snapshot, and the listeners waiting for the next one."""

    def __init__(self, course_dir: Path, facts: Mapping[str, Fact] | None = None):
        self.course_dir = Path(course_dir)
        self.facts = facts
        self.snapshot: Snapshot | None = None
        self.review_memo: dict = {}  # rendered reviewer pages, reused while a page is unchanged
        self._listeners: set[queue.Queue] = set()
        self._lock = threading.Lock()
        # Versions restart at 1 when the server restarts: pages compare this too, to notice a new run.
        self.run = secrets.token_hex(4)

    def publish(self, snapshot: Snapshot) -> None:
        with self._lock:
            if self.snapshot is not None and snapshot.version <= self.snapshot.version:
                return  # a slower, older rebuild finished late
            self.snapshot = snapshot
            if len(self.review_memo) > 5000:
                self.review_memo.clear()
            listeners = list(self._listeners)
        for listener in listeners:
            listener.put(snapshot.version)

    def listen(self) -> queue.Queue:
        listener: queue.Queue = queue.Queue()
        with self._lock:
            self._listeners.add(listener)
        return listener

    def forget(self, listener: queue.Queue) -> None:
        with self._lock:
            self._listeners.discard(listener)

    def hang_up(self) -> None:
        """End every open event stream (their pages reconnect by themselves), e.g. when stopping."""
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            listener.put(None)

    @property
    def listening(self) -> int:
        """Open event streams. A page that went away is noticed at the next write (event or heartbeat)."""
        with self._lock:
            return len(self._listeners)

    def state_json(self) -> dict:
        snapshot = self.snapshot
        if snapshot is None:
            return {"run": self.run, "version": 0, "ok": False, "diagnostics": [], "course": None}
        course = snapshot.course
        return {
            "run": self.run, "version": snapshot.version, "ok": snapshot.ok, "how": snapshot.how,
            "ms": round(snapshot.seconds * 1000, 1),
            "diagnostics": [{"path": d.path, "line": d.line, "col": d.col, "severity": d.severity.value,
                             "message": d.message, "code": d.code, "hint": d.hint, "text": d.format()}
                            for d in snapshot.diagnostics],
            "course": None if course is None else {
                "id": course.id, "title": course.title, "language": course.language, "direction": course.direction,
                "pages": [{"id": p.id, "title": p.title, "kind": p.kind} for p in course.pages()]},
            "learner": LEARNER_LAUNCHES if course is not None else {},
            "review": "build/review/index.html",  # relative to the simulator page, like the launch URLs
        }

    def review_site(self, snapshot: Snapshot) -> ReviewSite:
        return ReviewSite(snapshot.course, facts=self.facts, memo=self.review_memo)


class PreviewHandler(BaseHTTPRequestHandler):
    server_version = "coursepack-preview"
    protocol_version = "HTTP/1.1"
    state: PreviewState  # these three are set on the subclass made by `make_server`
    allowed_hosts: frozenset[str]
    prefix: str  # "/<token>/"
    timeout = 30  # seconds a blocked read or write may wait (set on the socket by StreamRequestHandler)
    server: "PreviewHTTPServer"

    def log_message(self, format: str, *args) -> None:  # the terminal is for diagnostics, not access logs
        pass

    def handle_one_request(self) -> None:
        self.server.expect_request(self.connection)  # the whole request must arrive before the deadline
        super().handle_one_request()

    def parse_request(self) -> bool:
        parsed = super().parse_request()
        if not self.server.request_arrived(self.connection):
            self.close_connection = True  # too late: the socket was shut, the headers may be cut short
            return False
        return parsed

    def do_HEAD(self) -> None:
        self.do_GET(head=True)

    def do_GET(self, head: bool = False) -> None:
        self.head = head
        try:
            self._route()
        except (BrokenPipeError, ConnectionResetError):
            pass
        except Exception:  # noqa: BLE001 - a bug in one response must not look like a dead server
            traceback.print_exc()
            self._send(HTTPStatus.INTERNAL_SERVER_ERROR, b"internal error; see the terminal\n", "text/plain")

    def _route(self) -> None:
        refusal = refusal_of(self.headers, self.allowed_hosts)
        if refusal:
            return self._send(HTTPStatus.FORBIDDEN, refusal.encode() + b"\n", "text/plain; charset=utf-8")
        raw = self.path.split("?", 1)[0]
        if not self._has_token(raw):
            if self._has_token(raw + "/"):  # the token without its slash: relative URLs need the slash
                return self._redirect(self.prefix)
            return self._send(HTTPStatus.NOT_FOUND, b"not found: open the full address that `coursepack serve` "
                              b"printed (it has a secret part)\n", "text/plain; charset=utf-8")
        path = "/" + raw[len(self.prefix):]
        if path == "/":
            return self._static("simulator.html")
        if path.startswith("/__preview/static/"):
            return self._static(path[len("/__preview/static/"):])
        if path == "/__preview/state":
            return self._send(HTTPStatus.OK, json.dumps(self.state.state_json()).encode(), "application/json")
        if path == "/__preview/events":
            return self._events()
        if path.startswith("/build/"):
            return self._built(path[len("/build/"):])
        if path.startswith("/launch/"):
            return self._launch(path[len("/launch/"):])
        if path.startswith("/source/"):
            return self._source(path[len("/source/"):])
        self._not_found()

    def _has_token(self, path: str) -> bool:
        head = path[:len(self.prefix)].encode("latin-1", "replace")  # http.server decodes the line as Latin-1
        return secrets.compare_digest(head, self.prefix.encode())

    def do_POST(self) -> None:
        self.close_connection = True  # its body is never read, so it must not be taken for the next request
        self._send(HTTPStatus.METHOD_NOT_ALLOWED, b"the preview is read-only\n", "text/plain")

    do_PUT = do_DELETE = do_PATCH = do_POST

    def _static(self, name: str) -> None:
        if name not in STATIC:
            return self._not_found()
        data = resources.files("builder.preview").joinpath("static", name).read_bytes()
        self._send(HTTPStatus.OK, data, STATIC[name] + "; charset=utf-8", csp=SIMULATOR_CSP)

    def _built(self, rest: str) -> None:
        snapshot = self.state.snapshot
        target, _, inner = rest.partition("/")
        if snapshot is None or snapshot.course is None or clean_segments(inner) is None:
            return self._not_found()
        if target == "review":
            key = "/".join(clean_segments(inner))
            data = self.state.review_site(snapshot).render(key)
        elif target in registry.available():
            if self._unbuildable(target):
                return None
            tree = snapshot.tree(target)
            key = tree_key(tree, inner)
            data = tree.get(key) if key else None
        else:
            data = None
        if data is None:
            return self._not_found()
        content_type = _TYPES.get(Path(inner).suffix.lower(), "application/octet-stream")
        self._send(HTTPStatus.OK, data, content_type, csp=built_csp(data) if content_type.startswith("text/html")
                   else OTHER_CSP)

    def _launch(self, target: str) -> None:
        snapshot = self.state.snapshot
        if snapshot is None or snapshot.course is None or target not in registry.available():
            return self._not_found()
        if self._unbuildable(target):
            return None
        href = launch_href(snapshot.tree(target))
        if href is None:
            return self._not_found()
        self._redirect(f"{self.prefix}build/{target}/{href}")

    def _unbuildable(self, target: str) -> bool:
        """A page kind the target does not build: say so (as `build` would) instead of emitting."""
        problems = unbuildable_pages(registry.get(target), self.state.snapshot.course)
        if problems:
            text = "\n".join(f"{d.path}: {d.message}" for d in problems) + "\n"
            self._send(HTTPStatus.NOT_IMPLEMENTED, text.encode(), "text/plain; charset=utf-8")
        return bool(problems)

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.FOUND)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self._common_headers(OTHER_CSP)
        self.end_headers()

    def _source(self, rest: str) -> None:
        found = resolve_inside(self.state.course_dir, rest)
        if found is None:
            return self._not_found()
        # Sources are shown, never run: plain text, and nosniff stops a browser guessing HTML.
        self._send(HTTPStatus.OK, found.read_bytes(), "text/plain; charset=utf-8")

    def _events(self) -> None:
        listener = self.state.listen()
        try:
            self.close_connection = True  # the stream ends only when the connection does
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self._common_headers(OTHER_CSP)
            self.end_headers()
            self.wfile.write(f"retry: {_RETRY_MS}\n\n".encode())
            version = self.state.snapshot.version if self.state.snapshot else 0
            self._event(version)
            while True:
                try:
                    version = listener.get(timeout=_HEARTBEAT_SECONDS)
                except queue.Empty:
                    self.wfile.write(b": heartbeat\n\n")
                    self.wfile.flush()
                    continue
                if version is None:  # hang_up(): end the stream, closing the connection
                    break
                self._event(version)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            pass  # the page went away
        finally:
            self.state.forget(listener)

    def _event(self, version: int) -> None:
        self.wfile.write(f"event: build\ndata: {json.dumps({'version': version})}\n\n".encode())
        self.wfile.flush()

    def _not_found(self) -> None:
        self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8")

    def _send(self, status: HTTPStatus, data: bytes, content_type: str, *, csp: str = OTHER_CSP) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self._common_headers(csp)
        self.end_headers()
        if not getattr(self, "head", False):
            self.wfile.write(data)

    def _common_headers(self, csp: str) -> None:
        if self.close_connection:
            self.send_header("Connection", "close")  # HTTP/1.1 clients would otherwise wait for more
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")  # the secret path never leaves in a Referer
        self.send_header("Cross-Origin-Resource-Policy", "same-origin")  # no <script src> from elsewhere
        self.send_header("Cross-Origin-Opener-Policy", "same-origin")
        self.send_header("X-Frame-Options", "SAMEORIGIN")  # frame-ancestors, for browsers without CSP 2
        self.send_header("Content-Security-Policy", csp)


class PreviewHTTPServer(ThreadingHTTPServer):
    """Closing the server also closes the connections it accepted.

    `server_close()` alone only stops accepting: keep-alive connections and their threads would
    go on serving a stopped preview, and a page would never notice it was gone.
    """

    daemon_threads = True  # open event streams must not keep the process alive
    #: From connecting (or the end of the previous response) to the end of the request's headers.
    #: A client that sends nothing, or drips a byte at a time, loses its connection and its thread.
    head_seconds = 10.0

    def __init__(self, *args, **kwargs):
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        self._deadlines: dict[socket.socket, float] = {}
        super().__init__(*args, **kwargs)

    def expect_request(self, request: socket.socket) -> None:
        with self._open_lock:
            self._deadlines[request] = time.monotonic() + self.head_seconds

    def request_arrived(self, request: socket.socket) -> bool:
        """Stop the clock on `request`; False if its deadline had already passed (it was shut)."""
        with self._open_lock:
            return self._deadlines.pop(request, None) is not None

    def service_actions(self) -> None:
        """Shut the connections whose request is late (serve_forever calls this every poll)."""
        now = time.monotonic()
        with self._open_lock:
            late = [request for request, deadline in self._deadlines.items() if deadline <= now]
            for request in late:
                del self._deadlines[request]
        for request in late:
            _hang_up(request)

    def get_request(self):
        request, address = super().get_request()
        with self._open_lock:
            self._open.add(request)
        return request, address

    def shutdown_request(self, request) -> None:
        with self._open_lock:
            self._open.discard(request)
            self._deadlines.pop(request, None)
        super().shutdown_request(request)

    def server_close(self) -> None:
        super().server_close()
        with self._open_lock:
            still_open = list(self._open)
        for request in still_open:
            _hang_up(request)


def _hang_up(request: socket.socket) -> None:
    try:
        request.shutdown(socket.SHUT_RDWR)  # its thread sees the end of the stream and returns
    except OSError:
        pass  # already closed by its peer


def make_server(state: PreviewState, host: str = "127.0.0.1", port: int = 0,
                token: str | None = None) -> PreviewHTTPServer:
    """Bind (127.0.0.1 by default; port 0 picks a free one), serve below `/<token>/` (a new secret
    when not given) and accept only our own Host names."""
    attributes = {"state": state, "prefix": f"/{token or secrets.token_urlsafe(18)}/"}
    handler = type("BoundHandler", (PreviewHandler,), attributes)
    httpd = PreviewHTTPServer((host, port), handler)
    handler.allowed_hosts = host_names(host, httpd.server_address[1])
    return httpd
