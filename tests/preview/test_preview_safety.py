"""The server reads only inside the course and its in-memory build, answers 404 to every escape
attempt, refuses foreign Host headers, and never writes into the course folder."""

from __future__ import annotations

import http.client
import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from builder.preview.safety import clean_segments, resolve_inside

COURSES = Path(__file__).resolve().parent.parent / "fixtures" / "courses"

ESCAPES = [
    "/source/../course.yml",
    "/source/../../etc/passwd",
    "/source/%2e%2e/%2e%2e/etc/passwd",
    "/source/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
    "/source/%252e%252e/%252e%252e/etc/passwd",   # double-encoded
    "/source/..%2f..%2fetc%2fpasswd",
    "/source/..%5c..%5cetc%5cpasswd",             # backslashes
    "/source//etc/passwd",
    "/source/%2Fetc%2Fpasswd",                    # an absolute path, encoded
    "/source/C:%5Cwindows%5Cwin.ini",
    "/source/01-welcome/%00.md",
    "/source/01-welcome/./module.yml",
    "/source/.hidden-notes.md",
    "/source/outside-link/secret.txt",            # a symlink to a folder outside the course
    "/source/leak.txt",                           # a symlink to a file outside the course
    "/build/review/../../course.yml",
    "/build/review/%2e%2e/index.html",
    "/build/json/../../../etc/passwd",
    "/__preview/static/../../cli.py",
    "/__preview/static/%2e%2e/server.py",
]


def request(url: str, path: str, *, method: str = "GET", host: str | None = None) -> tuple[int, bytes]:
    """Send `path` (below the preview's secret first segment) exactly as written (no client-side
    normalisation), and return status and body."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    connection.putrequest(method, parts.path + path.removeprefix("/"), skip_host=True, skip_accept_encoding=True)
    connection.putheader("Host", host or parts.netloc)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """A preview whose course holds a hidden file and two symlinks to a secret outside it."""
    from builder.preview import Preview

    root = tmp_path_factory.mktemp("planted")
    course = root / "course"
    shutil.copytree(COURSES / "basic-en", course)
    outside = root / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("TOP SECRET")
    (course / ".hidden-notes.md").write_text("hidden")
    (course / "outside-link").symlink_to(outside, target_is_directory=True)
    (course / "leak.txt").symlink_to(outside / "secret.txt")
    with Preview(course, port=0) as running:
        yield running


@pytest.mark.parametrize("path", ESCAPES)
def test_escape_attempts_get_404(planted, path):
    status, body = request(planted.url, path)
    assert status == 404
    assert b"SECRET" not in body and b"root:" not in body


def test_course_files_and_build_files_are_served(preview):
    status, body = request(preview.url, "/source/course.yml")
    assert status == 200 and b"id: basic-en" in body
    status, body = request(preview.url, "/build/review/index.html")
    assert status == 200 and b"Reviewer edition" in body


def test_symlink_inside_the_course_is_followed(preview):
    (preview.course_dir / "alias.yml").symlink_to(preview.course_dir / "course.yml")
    assert request(preview.url, "/source/alias.yml")[0] == 200


def test_foreign_host_header_is_refused(preview):
    """A web page cannot reach the preview through DNS rebinding: its Host is not ours."""
    status, _ = request(preview.url, "/source/course.yml", host="attacker.example:80")
    assert status == 403


def test_writes_are_refused(preview):
    assert request(preview.url, "/source/course.yml", method="PUT")[0] == 405
    assert request(preview.url, "/build/review/index.html", method="POST")[0] == 405


def test_binds_to_loopback_by_default(preview):
    assert preview.httpd.server_address[0] == "127.0.0.1"


def test_the_course_folder_is_never_written(course_copy):
    """Build, serve every kind of file, rebuild after an edit: the folder keeps its exact files."""
    from builder.preview import Preview

    course = course_copy()

    def listing() -> dict[str, tuple[int, int]]:
        return {str(p.relative_to(course)): (p.stat().st_size, p.stat().st_mtime_ns)
                for p in sorted(course.rglob("*"))}

    lesson = course / "01-welcome" / "01-first-lesson.md"
    with Preview(course, port=0) as running:
        lesson.write_text(lesson.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
        before = listing()
        running.changed({lesson})
        for path in ("/", "/__preview/state", "/build/review/print.html",
                     "/source/course.yml", "/launch/scorm12"):
            assert request(running.url, path)[0] in (200, 302)
    assert listing() == before


@pytest.mark.parametrize("raw, expected", [
    ("media/pipeline.svg", ["media", "pipeline.svg"]),
    ("media/caf%C3%A9%20menu.svg", ["media", "café menu.svg"]),
    ("a/%2e%2e/b", None), ("a%2Fb", ["a", "b"]), ("%ff", None), ("a/b?x=../..", ["a", "b"]),
])
def test_clean_segments(raw, expected):
    assert clean_segments(raw) == expected


def test_resolve_inside_refuses_folders(tmp_path):
    (tmp_path / "sub").mkdir()
    assert resolve_inside(tmp_path, "sub") is None
    (tmp_path / "sub" / "f.md").write_text("x")
    assert resolve_inside(tmp_path, "sub/f.md") == (tmp_path / "sub" / "f.md").resolve()
    assert os.path.isfile(resolve_inside(tmp_path, "sub/f.md"))
