"""The reviewer edition: answer keys, feedback, hints, facts and source lines on every page, a
printable whole-course page, right-to-left courses, and byte-identical builds."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from builder.build import check_course
from builder.review import ReviewSite
from builder.targets.review import ReviewTarget

COURSES = Path(__file__).resolve().parents[2] / "fixtures" / "courses"


def with_sheet(folder: Path, text: str) -> ReviewTarget:
    """The review target given a fact sheet, as course.yml or `--set review.facts=` gives it."""
    sheet = folder / "FACTS.md"
    sheet.write_text(text, encoding="utf-8")
    return ReviewTarget(ReviewTarget.Settings(facts=sheet))


@pytest.fixture(scope="module")
def checked():
    result = check_course(COURSES / "basic-en")
    assert result.ok
    return result


def line_of(course: str, relative: str, needle: str) -> int:
    lines = (COURSES / course / relative).read_text(encoding="utf-8").splitlines()
    return next(n for n, text in enumerate(lines, 1) if needle in text)


def test_every_page_and_the_print_edition_are_in_the_package(checked):
    tree = ReviewTarget().emit(checked.course).tree
    pages = [p.id for p in checked.course.pages()]
    assert {f"pages/{page_id}.html" for page_id in pages} <= set(tree)
    assert {"index.html", "print.html", "review.css", "media/pipeline.svg"} <= set(tree)
    printed = tree["print.html"].decode()
    assert all(f'id="page-{page_id}"' in printed for page_id in pages)
    assert "@media print" in tree["review.css"].decode()


def test_quiz_pages_show_keys_feedback_hints_and_lines(checked):
    html = ReviewTarget().emit(checked.course).tree["pages/practice-quiz.html"].decode()
    quiz = "02-practice/02-quiz.md"
    question = re.search(r'<section class="rv-question"[^>]*data-question="q-course-file">(.*?)</section>', html, re.S)
    body = question.group(1)
    correct = re.search(r'<li class="rv-correct" data-option="b">(.*?)</li>', body, re.S).group(1)
    assert "✓ correct" in correct and "course.yml" in correct
    assert f"{quiz}:{line_of('basic-en', quiz, '(x) course.yml')}" in correct
    assert "Right: course.yml holds the ID" in correct                      # per-option feedback
    assert "It is at the top of the course folder." in body               # hint
    assert "course.yml describes the course as a whole." in body          # overall feedback
    assert f"{quiz}:{line_of('basic-en', quiz, '{#q-course-file}')}" in body
    fill_in = re.search(r'data-question="q-command">(.*?)</section>', html, re.S).group(1)
    assert "<code>check</code>" in fill_in and "<code>coursepack check</code>" in fill_in


def test_lesson_blocks_carry_their_source_lines(checked):
    html = ReviewTarget().emit(checked.course).tree["pages/first-lesson.html"].decode()
    lesson = "01-welcome/01-first-lesson.md"
    for needle, shown in [("## Text, lists and tables", "<h2>Text, lists and tables</h2>"),
                          ("| Feature |", "<table>"), ("> [!tip]", 'class="cp-callout cp-tip"'),
                          ("[^why]: Screen-reader", 'class="footnote"')]:
        line = line_of("basic-en", lesson, needle)
        block = re.search(rf'<bdi>{re.escape(lesson)}:{line}</bdi>.*?</p>\s*(.*?)\n', html, re.S)
        assert block and shown in block.group(1), needle


def test_blocks_after_raw_html_media_keep_their_own_lines():
    """A raw <video> (with its void <source> and <track>) is a block without a line of its own; it
    neither swallows the blocks after it nor takes their lines."""
    course = check_course(COURSES / "media-en").course
    html = ReviewTarget().emit(course).tree["pages/watch-and-listen.html"].decode()
    lesson = "01-media/01-watch-and-listen.md"
    blocks = re.findall(r'<div class="rv-block">\n  <p class="rv-where">(.*?)</p>\n  (.*?)\n', html)
    lines = {shown: re.search(r"<bdi>[^<]*?(?::(\d+))?</bdi>", where).group(1) for where, shown in blocks}
    video = next(shown for shown in lines if shown.startswith("<video"))
    assert lines[video] is None
    for needle, shown in [("![](../media/divider.svg", "<p><img"), ("## An interview", "<h2>An interview"),
                          ("<audio controls", "<p><audio"), ("> [!transcript]", '<aside class="cp-callout')]:
        element = next(each for each in lines if each.startswith(shown))
        assert lines[element] == str(line_of("media-en", lesson, needle)), needle


def test_built_edition_gives_each_lesson_block_its_line(checked):
    """The model keeps each lesson's blocks and their lines, so a built edition (and the preview) has block lines."""
    html = ReviewTarget().emit(checked.course).tree["pages/first-lesson.html"].decode()
    assert "<bdi>01-welcome/01-first-lesson.md:10</bdi>" in html  # the first paragraph of the body
    assert "<bdi>01-welcome/01-first-lesson.md:13</bdi>" in html  # "## Text, lists and tables"


def test_block_lines_come_from_the_model_blocks_not_the_markdown(checked):
    """The model keeps no lesson Markdown (memory): its blocks (`Lesson.blocks`) are enough for the
    lines, and a lesson without them (no Markdown body: `blocks` None) is one block without a line."""
    course = checked.course
    lesson = next(page for page in course.lessons() if page.id == "first-lesson")
    assert not hasattr(lesson, "markdown") and lesson.blocks
    assert "<bdi>01-welcome/01-first-lesson.md:13</bdi>" in ReviewSite(course).page_html("first-lesson")
    bare = ReviewSite(_with_lesson(course, dataclasses.replace(lesson, blocks=None))).page_html("first-lesson")
    assert bare.count('class="rv-block"') == 1 and "first-lesson.md:" not in bare.split('class="rv-lesson"')[1]


def _with_lesson(course, lesson):
    """`course` with one lesson replaced."""
    modules = [dataclasses.replace(module, pages=tuple(lesson if page.id == lesson.id else page for page in module.pages))
               for module in course.modules]
    return dataclasses.replace(course, modules=tuple(modules))


def test_facts_show_ids_alone_unless_a_fact_sheet_is_given(tmp_path):
    course_dir = tmp_path / "basic-en"
    shutil.copytree(COURSES / "basic-en", course_dir)
    lesson = course_dir / "01-welcome" / "01-first-lesson.md"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("facts: []", "facts: [A-01, Z-99]"), encoding="utf-8")
    course = check_course(course_dir).course
    path = "pages/first-lesson.html"
    plain = ReviewTarget().emit(course).tree[path].decode()
    assert "A-01" in plain and "Z-99" in plain and "--facts PATH" in plain
    reviewed = with_sheet(tmp_path, "| ID | Fact | Source |\n|---|---|---|\n| A-01 | A **checked** statement. | [S1] |\n")
    shown = reviewed.emit(course).tree[path].decode()
    assert "A <strong>checked</strong> statement." in shown and "[S1]" in shown
    assert "not in the fact sheet" in shown  # Z-99
    diagnostics = reviewed.problems(course)
    assert [(d.path, d.code, "Z-99" in d.message) for d in diagnostics] == [
        ("01-welcome/01-first-lesson.md", "review.unknown-fact", True)]


def test_no_fact_sheet_no_fact_checks(checked):
    assert ReviewTarget().problems(checked.course) == []


def test_right_to_left_course():
    course = check_course(COURSES / "basic-ar").course
    tree = ReviewTarget().emit(course).tree
    assert '<html lang="ar" dir="rtl">' in tree["index.html"].decode()
    page = tree[f"pages/{next(course.pages()).id}.html"].decode()
    assert 'class="rv-src" lang="en" dir="ltr"' in page  # file:line stays left-to-right


def test_cli_builds_byte_identical_packages(tmp_path):
    outputs = []
    for run in ("a", "b"):
        out = tmp_path / run
        subprocess.run([sys.executable, "-m", "builder.cli", "build", str(COURSES / "basic-en"), "--target", "review",
                        "--out", str(out)], check=True, capture_output=True,
                       env={"PYTHONHASHSEED": run == "a" and "1" or "2", "TZ": run == "a" and "UTC" or "Asia/Tokyo",
                            "PATH": "/usr/bin:/bin"}, cwd=tmp_path)
        outputs.append((out / "basic-en-en-review.zip").read_bytes())
    assert outputs[0] == outputs[1]


def test_question_facts_are_shown_with_their_texts(tmp_path):
    course_dir = tmp_path / "basic-en"
    shutil.copytree(COURSES / "basic-en", course_dir)
    quiz = course_dir / "02-practice" / "02-quiz.md"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace("{#q-alt}", "{#q-alt facts=A-02,Q-77}"), encoding="utf-8")
    checked = check_course(course_dir)
    assert checked.ok, [d.format() for d in checked.diagnostics]
    reviewed = with_sheet(tmp_path, "| A-02 | Alt text is **required**. | [S9] |\n")
    html = reviewed.emit(checked.course).tree["pages/practice-quiz.html"].decode()
    question = re.search(r'data-question="q-alt">(.*?)</section>', html, re.S).group(1)
    assert "Alt text is <strong>required</strong>." in question and "Q-77" in question
    line = next(n for n, t in enumerate(quiz.read_text(encoding="utf-8").splitlines(), 1) if "{#q-alt" in t)
    assert [(d.line, "Q-77" in d.message) for d in reviewed.problems(checked.course)] == [(line, True)]


def _question(html: str, question_id: str) -> tuple[str, str]:
    """A question's (heading, rest) as a page or print.html shows it."""
    found = re.search(rf'data-question="{question_id}">\n  (<h\d>.*?</h\d>)\n(.*?)</section>', html, re.S)
    return found.group(1), found.group(2)


@pytest.mark.parametrize("pages_first", [True, False], ids=["pages-then-print", "print-alone"])
def test_answer_keys_are_shared_by_both_editions_only_where_no_text_links(tmp_path, pages_first):
    """The page edition keeps a question's answer key for print.html, which would show the same: a
    key with a `coursepack:` link (hint, option feedback) is mapped for each edition instead."""
    course_dir = tmp_path / "basic-en"
    shutil.copytree(COURSES / "basic-en", course_dir)
    quiz = course_dir / "02-practice" / "02-quiz.md"
    quiz.write_text(quiz.read_text(encoding="utf-8")
                    .replace("folder.\n", "folder ([tree](lesson:first-lesson)).\n")
                    .replace("Tables are text already.", "Tables are [text](lesson:second-lesson) already."),
                    encoding="utf-8")
    checked = check_course(course_dir)
    assert checked.ok, [d.format() for d in checked.diagnostics]
    site = ReviewSite(checked.course)
    page = site.page_html("practice-quiz") if pages_first else ReviewSite(checked.course).page_html("practice-quiz")
    printed = site.render("print.html").decode()
    for question, target in [("q-course-file", "first-lesson"), ("q-alt", "second-lesson")]:
        (page_heading, page_key), (print_heading, print_key) = _question(page, question), _question(printed, question)
        assert page_heading.startswith("<h2>") and print_heading.startswith("<h3>")
        assert f'href="{target}.html"' in page_key and f'href="#page-{target}"' in print_key
        assert "coursepack:" not in page_key + print_key
    for question in ("q-title", "q-command", "q-markers", "q-steps"):  # no link: one key for both
        assert _question(page, question)[1] == _question(printed, question)[1]
    for page_id in ("first-lesson", "practice-quiz"):  # a page's head is the same in both, too
        head = re.search(r"</h1>\n(.*?)\n(?:<dl class=\"rv-meta rv-settings\"|<div class=\"rv-lesson\")",
                         site.page_html(page_id), re.S).group(1)
        assert head.startswith('<dl class="rv-meta"') and head in printed
