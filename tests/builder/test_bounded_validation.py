"""A build holds one page's parse at a time (issue 17, item 2): validation reads every page's front
matter first, then each body, which a build renders and frees before reading the next."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coursepack_quiz.diagnostics import Sink

from builder.build import check_course
from builder.load import load_course, load_markdown
from builder.model import PageRenderer, build_model
from builder.validate import validate

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "courses"
SHIPPED = Path(__file__).resolve().parents[2] / "courses"
CLEAN = sorted(p for p in FIXTURES.iterdir() if (p / "course.yml").is_file() and not (p / "expected.txt").is_file())


def _parsed_pages(valid) -> list[str]:
    """The pages whose tokens are in memory (parsed and not yet released)."""
    return [page.id for module in valid.modules for page in module.pages
            if page.scan.parsed is not None and page.scan.parsed.tokens]


def test_a_build_renders_each_page_while_it_alone_holds_tokens():
    source = load_course(SHIPPED / "untoc-intro", Sink())
    seen: list[tuple[str, list[str]]] = []
    renderer = PageRenderer()

    def spy(page, module_id, valid):
        seen.append((page.id, _parsed_pages(valid)))  # it is in its module already
        renderer(page, module_id, valid)

    valid = validate(source, Sink(), render=spy)
    assert valid is not None
    pages = [page.id for module in valid.modules for page in module.pages]
    assert [page_id for page_id, _ in seen] == pages  # every page rendered, in course order
    assert all(parsed == [page_id] for page_id, parsed in seen)  # only its own tokens were alive
    assert _parsed_pages(valid) == []  # and none is left once validation is done


@pytest.mark.parametrize("course", [*CLEAN, SHIPPED / "untoc-intro", SHIPPED / "untoc-intermediate"],
                         ids=lambda p: p.name)
def test_rendering_as_validation_goes_gives_the_model_of_rendering_afterwards(course):
    built = check_course(course)  # a build: rendered page by page during validation
    assert built.ok, [d.format() for d in built.diagnostics]
    sink = Sink()
    valid = validate(load_course(course, sink), sink)  # the preview's way: parses kept, rendered afterwards
    afterwards = build_model(valid)
    assert built.course.modules == afterwards.modules
    assert built.course.glossary == afterwards.glossary
    assert built.course.media == afterwards.media


def test_a_course_with_an_error_renders_nothing_after_it(tmp_path):
    course = tmp_path / "basic-en"
    shutil.copytree(FIXTURES / "basic-en", course)
    lesson = course / "02-practice" / "01-second-lesson.md"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\nSee [this](no-such-lesson.md).\n", encoding="utf-8")
    rendered: list[str] = []
    sink = Sink()
    valid = validate(load_course(course, sink), sink, render=lambda page, module_id, v: rendered.append(page.id))
    assert valid is None and [d.code for d in sink.items if d.is_error] == ["link.lesson"]
    assert rendered == ["first-lesson"]  # a page with an error, and every page after it, is never rendered


@pytest.mark.parametrize("text", [
    "---\ntitle: T\n---\nBody\n", "\ufeff---\ntitle: T\n---\n\nBody", "No front matter\n",
    "\ufeffNo front matter", "---\ntitle: T\nnever closed\n", "---\ntitle: T\n---", "",
], ids=["front", "bom", "plain", "bom-plain", "unclosed", "no-body", "empty"])
def test_a_source_file_keeps_its_text_once_and_gives_it_back_whole(tmp_path, text):
    path = tmp_path / "01-page.md"
    path.write_text(text, encoding="utf-8")
    file = load_markdown(path, Sink())
    assert file.text == text
    assert file.head + file.doc.body == text and len(file.head) <= len(text) - len(file.doc.body)
