"""The pipeline end to end on the fixture courses: model contents, stable IDs, rendering, atomic builds."""

from __future__ import annotations

import json
from pathlib import Path


from builder.build import CRASH_FOLDER, build_course, check_course
from builder.markdown import Renderer
from builder import targets as registry
from builder.targets.base import Output, Target

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "courses"


def test_fixture_courses_are_clean_under_strict():
    for name in ("basic-en", "basic-ar"):
        checked = check_course(FIXTURES / name, strict=True)
        assert checked.ok, [d.format() for d in checked.diagnostics]


def test_model_has_stable_ids_rendered_html_and_media():
    course = check_course(FIXTURES / "basic-en").course
    assert [m.id for m in course.modules] == ["welcome", "practice"]  # folder names without prefixes
    assert [p.id for p in course.pages()] == ["first-lesson", "second-lesson", "practice-quiz"]
    lesson = course.page("first-lesson")
    assert 'href="coursepack:lesson/second-lesson"' in lesson.html
    assert '<figure class="cp-figure"><img alt="Markdown files pass through a check' in lesson.html
    assert "<figcaption>How a course is built</figcaption>" in lesson.html
    assert 'class="cp-callout cp-key"' in lesson.html and "Key points" in lesson.html
    assert 'id="first-lesson-fn-why"' in lesson.html  # footnote IDs unique per lesson
    assert "Comments like this one" not in lesson.html
    assert [m.path for m in course.media] == ["media/pipeline.svg"]
    quiz = course.page("practice-quiz")
    assert [q.type.value for q in quiz.quiz.questions] == [
        "single", "multiple", "true-false", "fill-in", "matching", "ordering"]
    assert quiz.pass_mark == 80


def test_arabic_course_is_rtl_and_keeps_ids():
    course = check_course(FIXTURES / "basic-ar").course
    assert course.direction == "rtl"
    assert [p.id for p in course.pages()] == ["adoption", "protocols", "ar-quiz"]
    assert "النقاط الرئيسية" in course.page("adoption").html  # callout label in the course language
    tf = course.page("ar-quiz").quiz.question("q-force")
    assert tf.type.value == "true-false" and [c.id for c in tf.choices] == ["true", "false"]


def test_ids_survive_text_edits_and_insertions(course_copy):
    course_dir = course_copy("basic-en")
    before = check_course(course_dir).course
    lesson = course_dir / "01-welcome" / "01-first-lesson.md"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("title: Your first lesson", "title: أهلاً"),
                      encoding="utf-8")
    (course_dir / "01-welcome" / "00-inserted.md").write_text("---\ntitle: Inserted\n---\n\nNew.\n", encoding="utf-8")
    after = check_course(course_dir).course
    assert [p.id for p in after.pages()] == ["inserted"] + [p.id for p in before.pages()]
    assert after.page("first-lesson").title == "أهلاً"


def test_raw_html_is_sanitised_and_its_media_resolved(course_copy, monkeypatch):
    course_dir = course_copy("basic-en")
    lesson = course_dir / "02-practice" / "01-second-lesson.md"
    lesson.write_text(lesson.read_text(encoding="utf-8") + (
        '\n<script>alert(1)</script><img src="../media/pipeline.svg" onerror="alert(2)" alt="x">'
        '<kbd onclick="alert(4)">K</kbd><iframe src="https://e.org"></iframe><style>*{}</style>\n'),
        encoding="utf-8")
    codes = [d.code for d in check_course(course_dir).diagnostics]
    assert codes == ["html.dropped", "media.embed", "html.dropped"], codes  # check names what would go
    # The sanitiser is the last line of defence even where check is skipped.
    monkeypatch.setattr("builder.embeds.check_body", lambda *args, **kwargs: [])
    html = check_course(course_dir).course.page("second-lesson").html
    for forbidden in ("<script", "onerror", "onclick", "<iframe", "<style", "alert("):
        assert forbidden not in html
    assert "<kbd>K</kbd>" in html
    assert '<img src="coursepack:media/media/pipeline.svg" alt="x">' in html  # raw HTML media resolved too


def test_sanitiser_removes_what_validation_would_not_see():
    """Defence in depth: even a URL no check looked at cannot run script."""
    html = Renderer("en").block('<a href="javascript:alert(3)">x</a> <img src=x onerror=alert(1)>',
                                lambda target, is_image: None)
    assert "javascript:" not in html and "onerror" not in html and "<a" in html


def test_raw_html_links_are_validated(course_copy):
    course_dir = course_copy("basic-en")
    lesson = course_dir / "02-practice" / "01-second-lesson.md"
    lesson.write_text(lesson.read_text(encoding="utf-8") + '\n<a href="javascript:alert(3)">x</a>\n',
                      encoding="utf-8")
    codes = [d.code for d in check_course(course_dir).diagnostics]
    assert codes == ["link.scheme"]


def test_every_link_check_accepts_keeps_its_target(course_copy):
    """What validation accepts must reach the learner: raw HTML links to lessons and glossary terms,
    and tel: links, once lost their href in the sanitiser while check said nothing."""
    course_dir = course_copy("basic-en")
    lesson = course_dir / "02-practice" / "01-second-lesson.md"
    lesson.write_text(lesson.read_text(encoding="utf-8") + (
        '\nSee <a href="lesson:first-lesson#top">the first</a>, <a href="glossary:package">a package</a>, '
        '[the office](tel:+43126060) and <a href="tel:+43126060">call</a>.\n'), encoding="utf-8")
    checked = check_course(course_dir)
    assert checked.diagnostics == []
    html = checked.course.page("second-lesson").html
    assert '<a href="coursepack:lesson/first-lesson#top"' in html
    assert '<a href="coursepack:glossary/package"' in html
    assert html.count('href="tel:+43126060"') == 2


class _ExplodingTarget(Target):
    name = "exploding-test-target"
    description = "fails while emitting"

    def emit(self, course) -> Output:
        raise RuntimeError("boom")


def test_failed_build_writes_nothing(tmp_path, monkeypatch):
    registry.available()  # discover the real targets first
    monkeypatch.setitem(registry._REGISTRY, _ExplodingTarget.name, _ExplodingTarget)  # removed after the test
    out = tmp_path / "dist"
    result = build_course(FIXTURES / "basic-en", ["json", "exploding-test-target"], out)
    assert [d.code for d in result.diagnostics] == ["build.target-crash"] and not result.written
    assert sorted(path.name for path in out.iterdir()) == [CRASH_FOLDER]  # the crash report, no package


def test_build_with_content_errors_writes_nothing(tmp_path):
    out = tmp_path / "dist"
    result = build_course(FIXTURES.parent / "broken" / "links", ["json"], out)
    assert not result.ok and not result.written
    assert not out.exists()


def test_json_target_writes_the_model(tmp_path):
    result = build_course(FIXTURES / "basic-en", ["json"], tmp_path)
    assert result.ok
    (written,) = result.written
    assert written.path.name == "basic-en-en-json.json"
    document = json.loads(written.path.read_text(encoding="utf-8"))
    assert document["course"]["id"] == "basic-en"
    assert [p["id"] for m in document["modules"] for p in m["pages"]] == ["first-lesson", "second-lesson",
                                                                          "practice-quiz"]
