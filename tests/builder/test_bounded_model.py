"""What a build keeps while it writes packages (issue 17, item 2): the model, compactly, and
nothing of the validated sources it was made from."""

from __future__ import annotations

import dataclasses
import gc
import weakref
from pathlib import Path

from builder import build
from builder.build import build_course, check_course
from builder.model import Lesson

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "courses"
SHIPPED = Path(__file__).resolve().parents[2] / "courses"


def test_lesson_html_is_kept_as_utf8_and_read_back_as_the_same_text():
    html = "<p>Conférence des Parties — مؤتمر الأطراف</p>"
    lesson = Lesson("l", "Title", "m", html)
    assert lesson.html == html and isinstance(lesson.html, str)
    assert lesson.__dict__["_html_utf8"] == html.encode()  # 1 byte per ASCII character, not 2
    assert dataclasses.replace(lesson, html="<p>x</p>").html == "<p>x</p>"
    assert lesson == Lesson("l", "Title", "m", html) and lesson != Lesson("l", "Title", "m", "<p>x</p>")
    assert "Conférence" in repr(lesson)


def test_a_build_lets_go_of_the_validated_sources_once_the_model_is_made(tmp_path, monkeypatch):
    seen = []
    checked = build.check_course

    def watched(*args, **kwargs):
        result = checked(*args, **kwargs)
        seen.append(weakref.ref(result.valid))
        return result

    monkeypatch.setattr(build, "check_course", watched)
    result = build_course(SHIPPED / "untoc-intro", ["web", "review"], tmp_path, jobs=1)
    assert result.ok and result.prepared.checked.valid is None
    gc.collect()
    assert seen and seen[0]() is None  # every page's text, front matter and YAML marks: freed


def test_the_reviewer_line_numbers_come_from_the_blocks_not_from_kept_markdown():
    course = check_course(SHIPPED / "untoc-intro").course
    lessons = list(course.lessons())
    assert lessons and all(not hasattr(lesson, "markdown") for lesson in lessons)
    assert all(lesson.blocks for lesson in lessons)  # each lesson's top-level blocks and their lines
    first = lessons[0]
    assert first.blocks[0].line >= first.source_line
