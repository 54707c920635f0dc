"""The web target: a folder that opens from file://, offline, in the course's language and direction."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from builder.build import build_course

COURSES = Path(__file__).resolve().parents[2] / "fixtures" / "courses"


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    out = tmp_path_factory.mktemp("web")
    folders = {}
    for course in ("basic-en", "basic-ar"):
        result = build_course(COURSES / course, ["web"], out)
        assert result.ok
        folders[course] = result.written[0].path
    return folders


def test_language_and_direction_come_from_the_course(web):
    assert re.search(r'<html lang="en" dir="ltr">', (web["basic-en"] / "index.html").read_text("utf-8"))
    assert re.search(r'<html lang="ar" dir="rtl">', (web["basic-ar"] / "index.html").read_text("utf-8"))


@pytest.mark.parametrize("course", ["basic-en", "basic-ar"])
def test_nothing_is_loaded_from_the_network(web, course):
    folder = web[course]
    for path in folder.rglob("*"):
        if path.suffix in (".html", ".css", ".js") and path.name != "course.js":
            text = path.read_text("utf-8")
            assert not re.search(r'(src|href)="(https?:)?//', text), path
            assert "@import" not in text and "fetch(" not in text and "XMLHttpRequest" not in text, path
    index = (folder / "index.html").read_text("utf-8")
    for ref in re.findall(r'(?:src|href)="([^"#]+)"', index):
        assert (folder / ref).is_file(), ref  # every local reference resolves


def test_file_names_come_from_ids_not_titles(web):
    names = {p.relative_to(web["basic-ar"]).as_posix() for p in web["basic-ar"].rglob("*") if p.is_file()}
    assert all(re.fullmatch(r"[A-Za-z0-9._/-]+", n) for n in names), names
    assert web["basic-ar"].name == "basic-ar-ar-web"


def test_answer_key_is_not_in_the_page_markup(web):
    index = (web["basic-en"] / "index.html").read_text("utf-8")
    assert "correct" not in index and "coursepack check" not in index
    # The answer key is script data: in the quiz module's content script, not even in the outline.
    assert '"correct":true' not in (web["basic-en"] / "runtime" / "course.js").read_text("utf-8")
    assert '"correct":true' in (web["basic-en"] / "runtime" / "content" / "practice.js").read_text("utf-8")


def test_runtime_uses_no_unload_handlers():
    runtime = Path(__file__).resolve().parents[3] / "builder" / "runtime"
    for script in runtime.glob("*.js"):
        code = script.read_text("utf-8")
        assert not re.search(r"""["'](before)?unload["']|onunload|onbeforeunload""", code), script.name
