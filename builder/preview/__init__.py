"""`coursepack serve`: a live preview of one course inside an LMS simulator.

`Preview` ties the pieces together: `rebuild` (incremental rebuilds, in memory), `patch` (a
snapshot's package made from the previous one's, re-serialising only what an edit touched), `watch`
(file events), `server` (HTTP on 127.0.0.1, below a secret per-run path) and the simulator page
in `static/`, whose SCORM 1.2 / 2004 API is plain JavaScript shipped with the builder.
"""

from __future__ import annotations

import secrets
import threading
import traceback
from pathlib import Path
from typing import Callable, Mapping

from .. import targets as registry
from ..review import Fact
from .rebuild import Rebuilder, Snapshot, Verifier
from .server import PreviewState, make_server
from .watch import watch_course

__all__ = ["Preview", "Snapshot"]


class Preview:
    """A running preview: build once, serve, rebuild on every edit. Never writes to disk."""

    def __init__(self, course_dir: Path, *, host: str = "127.0.0.1", port: int = 0, token: str | None = None,
                 facts: Mapping[str, Fact] | None = None, on_snapshot: Callable[[Snapshot], None] | None = None,
                 on_internal_error: Callable[[str], None] | None = None):
        """`token` is the secret first segment of every URL: a new one per run unless given (a page
        open on an earlier run follows a restart only when the token is the same)."""
        self.course_dir = Path(course_dir)
        self.token = token or secrets.token_urlsafe(18)
        # Discover the targets now, on one thread: the registry fills itself on first use and
        # request threads asking at the same moment could see it half-filled.
        registry.available()
        self.rebuilder = Rebuilder(self.course_dir)
        self.state = PreviewState(self.course_dir, facts)
        self.httpd = make_server(self.state, host, port, self.token)
        self.url = f"http://{host}:{self.httpd.server_address[1]}/{self.token}/"
        self.on_snapshot = on_snapshot or (lambda snapshot: None)
        self.on_internal_error = on_internal_error or (lambda text: None)
        self.verifier = Verifier(self.rebuilder, self._publish)
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self) -> "Preview":
        self._publish(self.rebuilder.full())
        # A short poll interval only matters for stopping: shutdown() waits for one poll.
        server = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                  name="coursepack-serve", daemon=True)
        server.start()
        self._threads = [server, watch_course(self.course_dir, self.changed, self._stop)]
        return self

    def changed(self, paths: set[Path]) -> None:
        """Rebuild after an edit. Content errors become diagnostics; a crash here is our bug,
        reported without stopping the server so the author can keep working."""
        try:
            snapshot = self.rebuilder.changed(paths)
            self._publish(snapshot)
            self.verifier.after(snapshot)
        except Exception:  # noqa: BLE001 - the preview must outlive its own bugs
            self.on_internal_error(traceback.format_exc())

    def _publish(self, snapshot: Snapshot) -> None:
        self.state.publish(snapshot)
        self.on_snapshot(snapshot)

    def stop(self) -> None:
        self._stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.state.hang_up()  # open event streams would otherwise outlive the server, heartbeating
        for thread in self._threads[1:]:
            thread.join(timeout=5)

    def __enter__(self) -> "Preview":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
