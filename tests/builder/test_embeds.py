"""Audio, video and downloads: every file the source refers to is in every package that holds lessons,
and the checks on downloads and captions (builder/embeds.py, builder/media.py)."""

from __future__ import annotations

import shutil
import tarfile
import zipfile
from pathlib import Path

import pytest

from builder import embeds, media
from builder.build import build_course, check_course

COURSE = Path(__file__).resolve().parents[1] / "fixtures" / "courses" / "media-en"
#: Every media and download file the fixture's lesson refers to.
REFERENCED = {"review-meeting.mp4", "review-meeting.vtt", "review-meeting-poster.png", "interview.mp3",
              "divider.svg", "review-checklist.pdf", "action-log.csv", "questions.txt"}


def _names(package: Path) -> set[str]:
    if package.is_dir():
        return {p.name for p in package.rglob("*") if p.is_file()}
    if package.name.endswith(".tar.gz"):
        with tarfile.open(package) as archive:
            return {Path(n).name for n in archive.getnames()}
    with zipfile.ZipFile(package) as archive:
        return {Path(n).name for n in archive.namelist()}


@pytest.mark.parametrize("target", ["web", "scorm12", "scorm2004", "imscc", "olx", "review"])
def test_every_referenced_file_is_in_each_package_that_holds_lessons(target, tmp_path):
    result = build_course(COURSE, [target], tmp_path)
    packages = [p for p in tmp_path.iterdir()
                if not p.name.startswith(".") and not p.name.endswith((".report.html", ".report.json"))]
    assert len(packages) == 1, packages
    missing = REFERENCED - _names(packages[0])
    assert not missing, f"{target} dropped {sorted(missing)}"
    assert result is not None


def test_the_lesson_lists_each_download_with_type_and_size():
    lesson = next(check_course(COURSE).course.lessons())
    assert [(d.title, embeds.type_label(d.path)) for d in lesson.downloads] == [
        ("Review checklist", "PDF"), ("Action log template", "CSV"), ("questions.txt", "TXT")]
    assert '<a href="coursepack:media/media/review-checklist.pdf" download>Review checklist</a>' in lesson.html
    assert "(PDF, 0.6\u00a0KB)" in lesson.html
    assert '<track kind="captions" src="coursepack:media/media/review-meeting.vtt"' in lesson.html
    assert 'poster="coursepack:media/media/review-meeting-poster.png"' in lesson.html


@pytest.mark.parametrize("size, language, shown", [
    (600, "en", "0.6\u00a0KB"), (12_345, "fr", "12\u00a0Ko"), (3 * media.MB // 2, "ar", "1٫5\u00a0م.ب"),
    (5 * 1024, "es", "5,0\u00a0KB")])
def test_sizes_are_written_in_the_course_language(size, language, shown):
    assert embeds.format_size(size, language) == shown


def test_an_oversized_download_is_refused(tmp_path):
    big = tmp_path / "big.pdf"
    with big.open("wb") as handle:  # sparse: the size counts, not the disk
        handle.write(b"%PDF-1.4\n")
        handle.truncate(media.MEDIA_TYPES[".pdf"].max_bytes + 1)
    refused = media.refusal(big, "media/big.pdf")
    assert refused is not None and refused.code == "media.too-large"


@pytest.mark.parametrize("text, codes", [
    ("WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n", []),
    ("WEBVTT - with a title\n\nNOTE a comment\n\nid\n01:00:00.000 --> 01:00:01.500 align:start\nHi\n", []),
    ("1\n00:00:00,000 --> 00:00:01,000\nSRT\n", ["vtt.header"]),
    ("WEBVTT\n", ["vtt.empty"]),
    ("WEBVTT\n\n00:00.000 -> 00:01.000\nx\n", ["vtt.timing"]),
    ("WEBVTT\n\n00:02.000 --> 00:01.000\nx\n", ["vtt.timing"]),
])
def test_webvtt_is_checked_as_browsers_read_it(text, codes):
    assert [d.code for d in media.check_vtt(text.encode(), "x.vtt")] == codes


def _broken_copy(tmp_path: Path) -> Path:
    """basic-en with raw HTML the sanitiser would drop, in a quiz and in the glossary."""
    course = tmp_path / "course"
    shutil.copytree(COURSE.parent / "basic-en", course)
    quiz = course / "02-practice" / "02-quiz.md"
    text = quiz.read_text(encoding="utf-8")
    text = text.replace("Answer the questions, then select **Submit**.",
                        'Answer the questions. <video controls src="media/x.mp4"></video> <iframe src="https://x.test"></iframe>')
    text = text.replace("- ( ) module.yml {#a}", "- ( ) module.yml <marquee>now</marquee> {#a}")
    quiz.write_text(text, encoding="utf-8")
    glossary = course / "glossary.yml"
    glossary.write_text(glossary.read_text(encoding="utf-8").replace(
        "keep learners' progress.", "keep <script>x()</script> progress."), encoding="utf-8")
    return course


def test_raw_html_in_quizzes_and_the_glossary_is_reported_never_dropped(tmp_path):
    checked = check_course(_broken_copy(tmp_path))
    found = sorted((d.path.split("/")[-1], d.line, d.code) for d in checked.diagnostics)
    assert found == [("02-quiz.md", 11, "media.embed"), ("02-quiz.md", 11, "media.not-in-lesson"),
                     ("02-quiz.md", 15, "html.dropped"), ("glossary.yml", 3, "html.dropped")]
    quiz_words = {d.code: d.message for d in checked.diagnostics if d.path.endswith("02-quiz.md")}
    assert "in a quiz" in quiz_words["media.not-in-lesson"] and "inside the quiz" in quiz_words["media.embed"]
    assert checked.course is None  # nothing builds with text that would silently disappear
