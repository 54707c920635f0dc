"""The terminal side of `coursepack serve`: start, print each rebuild's diagnostics, stop on Ctrl-C."""

from __future__ import annotations

import ipaddress
import threading
import webbrowser
from pathlib import Path
from typing import Callable

from coursepack_quiz.diagnostics import Diagnostic
from rich.console import Console

from ..review import load_facts
from . import Preview, Snapshot


def run_serve(course: Path, *, host: str, port: int, facts_path: Path | None, open_browser: bool,
              report: Callable[[list[Diagnostic]], None], err: Console) -> int:
    """Serve until interrupted; returns the exit status (2 when the server cannot start)."""
    facts = load_facts(facts_path) if facts_path else None
    if not _is_loopback(host):
        err.print(f"warning: serving on {host}: anyone who can reach this address can read the course",
                  style="yellow")

    def on_snapshot(snapshot: Snapshot) -> None:
        report(list(snapshot.diagnostics))
        status = "ok" if snapshot.ok else "errors: the page shows them until they are fixed"
        err.print(f"build {snapshot.version} ({snapshot.how}, {snapshot.seconds * 1000:.0f} ms): {status}",
                  style="green" if snapshot.ok else "bold red", markup=False)

    try:
        preview = Preview(course, host=host, port=port, facts=facts, on_snapshot=on_snapshot,
                          on_internal_error=lambda text: err.print(f"internal error (please report):\n{text}",
                                                                  style="red", markup=False))
    except OSError as exc:
        err.print(f"error: cannot listen on {host}:{port}: {exc.strerror}; leave out --port to use any free port",
                  style="red")
        return 2
    with preview:
        # The address ends in a secret that is new on every run: other web pages cannot guess it.
        err.print(f"previewing {course} at {preview.url}  (Ctrl-C stops)", style="bold", markup=False)
        if open_browser:
            webbrowser.open(preview.url)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            err.print("stopped")
    return 0


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"
