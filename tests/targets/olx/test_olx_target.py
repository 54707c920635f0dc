"""Target olx: the archive of each fixture course passes olxcleaner, every quiz tag is read by the
real XBlock class, url_names come from IDs, grading follows the course, builds are byte-identical."""

from __future__ import annotations

import dataclasses
import io
import json
import re
import struct
import tarfile
import zlib
from pathlib import Path

import pytest
from lxml import etree, html as lxml_html

from builder.build import check_course
from builder.i18n import ui
from builder.package import tar_gz_bytes
from builder import urls
from builder.targets import get
from builder.targets.olx import files, layout
from builder.targets.olx.image import HEIGHT, WIDTH, course_image

COURSES = Path(__file__).resolve().parents[2] / "fixtures" / "courses"
FIXTURES = ["basic-en", "basic-ar"]
SHIPPED_ROOT = Path(__file__).resolve().parents[3] / "courses"
SHIPPED = ["untoc-intro", "untoc-intermediate"]


def course_model(name: str):
    checked = check_course(COURSES / name)
    assert checked.ok, [d.format() for d in checked.diagnostics]
    return checked.course


@pytest.fixture(scope="module", params=FIXTURES)
def built(request, tmp_path_factory):
    """(course, output, folder where the archive was unpacked)."""
    course = course_model(request.param)
    output = get("olx").emit(course)
    return course, output, _unpack(output.tree, tmp_path_factory.mktemp(request.param))


def test_archive_passes_olxcleaner(built):
    course, _output, root = built
    url_names = _olxcleaner_clean(root)
    # olxcleaner skips allowed tags without reading them (hence the per-tag parse below)
    assert {p.id for p in course.pages()} <= set(url_names)


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_courses_pass_olxcleaner(name, tmp_path):
    checked = check_course(SHIPPED_ROOT / name)
    assert checked.ok, [d.format() for d in checked.diagnostics]
    root = _unpack(get("olx").emit(checked.course).tree, tmp_path)
    url_names = _olxcleaner_clean(root)
    _assert_glossary_links_resolve(checked.course, root, url_names)


def _unpack(tree, folder: Path) -> Path:
    with tarfile.open(fileobj=io.BytesIO(tar_gz_bytes(tree)), mode="r:gz") as archive:
        archive.extractall(folder, filter="data")
    return folder / "course"


def _olxcleaner_clean(root: Path) -> list[str]:
    """Run olxcleaner's every check; no error and no warning but one kind (see _accepted)."""
    olxcleaner = pytest.importorskip("olxcleaner")
    _, errors, url_names = olxcleaner.validate(str(root), steps=8, allowed_xblocks=["coursepack_quiz"])
    problems = [e for e in errors.errors if not _accepted(e, url_names)]
    assert not problems, [(type(e).__name__, e.filename, e.description) for e in problems]
    return url_names


def _accepted(error, url_names) -> bool:
    # olxcleaner reads "/jump_to_id/glossary#term" as the url_name "glossary#term" (a warning, not an
    # error); the LMS never sees the fragment. test_glossary_links_resolve checks both halves instead.
    if type(error).__name__ == "BadJumpToLink" and error.level == "WARNING":
        target = error.description.rsplit("/jump_to_id/", 1)[1]
        return "#" in target and target.split("#")[0] in url_names
    return False


_JUMP = re.compile(r'href="/jump_to_id/([^"#]+)(?:#([^"]*))?"')


def test_glossary_links_resolve(built):
    course, _output, root = built
    _, _, url_names = pytest.importorskip("olxcleaner").validate(str(root), steps=8,
                                                                  allowed_xblocks=["coursepack_quiz"])
    _assert_glossary_links_resolve(course, root, url_names)


def _assert_glossary_links_resolve(course, root: Path, url_names) -> None:
    """Every /jump_to_id/ link names a url_name in the archive; a glossary link's fragment names a
    term the glossary unit defines (a <dt id>); and every glossary link of the model is there."""
    glossary = lxml_html.fromstring((root / "html" / f"html-{layout.GLOSSARY_UNIT}.html").read_text())
    defined = {dt.get("id") for dt in glossary.iter("dt")}
    assert defined == {t.id for t in course.glossary}
    linked = set()
    for page in sorted((root / "html").glob("*.html")):
        for unit, fragment in _JUMP.findall(page.read_text()):
            assert unit in url_names, (page.name, unit)
            if unit == layout.GLOSSARY_UNIT:
                assert fragment in defined, (page.name, fragment)
                linked.add(fragment)
    expected = {value for lesson in course.lessons() for kind, value in urls.references(lesson.html)
                if kind == "glossary"}
    assert linked == expected and (expected or not course.glossary)


def test_every_quiz_tag_is_read_by_the_real_xblock(built):
    pytest.importorskip("xblock.core")
    from xblock.field_data import DictFieldData
    from xblock.fields import ScopeIds
    from xblock.test.tools import TestRuntime

    from coursepack_quiz_xblock.block import QuizBlock

    def runtime():
        return TestRuntime(services={"field-data": DictFieldData({})})

    course, _output, root = built
    quizzes = {q.id: q for q in course.quizzes()}
    seen = set()
    for path in sorted((root / "vertical").glob("*.xml")):
        for node in etree.parse(str(path)).getroot().iter("coursepack_quiz"):
            keys = ScopeIds("learner", "coursepack_quiz", node.get("url_name"), node.get("url_name"))
            block = QuizBlock.parse_xml(node, runtime(), keys)
            page = quizzes[path.stem]
            assert block.quiz_model().model_dump(exclude={"settings"}) == page.quiz.model_dump(exclude={"settings"})
            assert block.quiz_model().settings.pass_mark == page.pass_mark
            assert block.display_name == page.title and block.language == course.language
            assert "cpq-question" in block.student_view().body_html()
            seen.add(page.id)
    assert seen == set(quizzes)


def test_structure_url_names_and_links(built):
    course, output, root = built
    tree = output.tree
    for module in course.modules:
        chapter = etree.parse(str(root / "chapter" / f"ch-{module.id}.xml")).getroot()
        sequentials = [s.get("url_name") for s in chapter]
        units = [v.get("url_name") for s in sequentials
                 for v in etree.parse(str(root / "sequential" / f"{s}.xml")).getroot()]
        assert units == [p.id for p in module.pages]  # every page, in order, named by its ID
    for lesson in course.lessons():
        html = tree[f"course/html/html-{lesson.id}.html"].decode()
        assert "coursepack:" not in html and f'dir="{course.direction}"' in html
    all_html = "".join(v.decode() for k, v in tree.items() if k.endswith(".html"))
    for media in course.media:
        assert f"course/static/{media.path.removeprefix('media/')}" in tree
        assert f'/static/{media.path.removeprefix("media/")}' in all_html
    policy = json.loads(tree["course/policies/course/policy.json"])["course/course"]
    assert policy["advanced_modules"] == ["coursepack_quiz"] and policy["language"] == course.language


def test_grading_policy_follows_the_course(built):
    course, output, root = built
    grading = json.loads(output.tree["course/policies/course/grading_policy.json"])
    graded = course.graded_quizzes()
    assert grading["GRADE_CUTOFFS"] == {"Pass": course.config.pass_mark / 100}
    assert len(grading["GRADER"]) == len(graded) and abs(sum(g["weight"] for g in grading["GRADER"]) - 1) < 1e-9
    for quiz, entry in zip(graded, grading["GRADER"]):
        seq = etree.parse(str(root / "sequential" / f"seq-{quiz.id}.xml")).getroot()
        assert seq.get("graded") == "true" and seq.get("format") == entry["type"]
        assert entry["weight"] == pytest.approx(quiz.weight / sum(q.weight for q in graded))


def test_admin_report_beside_the_archive(built):
    course, output, _root = built
    name = get("olx").package_name(course)
    assert name == f"{course.id}-{course.language}-olx.tar.gz"
    stem = name.removesuffix(".tar.gz")
    report = json.loads(output.beside[f"{stem}.report.json"])
    assert report["graded_quizzes"][0]["id"] == course.graded_quizzes()[0].id
    assert "pip install coursepack-quiz-xblock" in output.beside[f"{stem}.report.html"].decode()


@pytest.mark.parametrize("name", FIXTURES)
def test_build_twice_is_byte_identical(name, monkeypatch, tmp_path):
    first = tar_gz_bytes(get("olx").emit(course_model(name)).tree)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    assert tar_gz_bytes(get("olx").emit(course_model(name)).tree) == first


def test_url_name_clash_is_a_located_error():
    course = course_model("basic-en")
    module = course.modules[0]
    lesson = dataclasses.replace(module.pages[0], id=f"ch-{course.modules[1].id}")
    clashing = dataclasses.replace(course, modules=(dataclasses.replace(module, pages=(lesson,)),) + course.modules[1:])
    found = [d for d in get("olx").problems(clashing) if d.code == "olx.url-name-clash"]
    assert [(d.path, d.line, d.is_error) for d in found] == [(lesson.source_path, lesson.source_line, True)]


def test_quiz_image_is_a_warning():
    course = course_model("basic-en")
    page = next(course.quizzes())
    question = page.quiz.questions[0].model_copy(update={"body": "![A chart](media/pipeline.svg)"})
    quiz = page.quiz.model_copy(update={"questions": (question,) + page.quiz.questions[1:]})
    changed = dataclasses.replace(page, quiz=quiz)
    module = next(m for m in course.modules if page in m.pages)
    pages = tuple(changed if p is page else p for p in module.pages)
    course = dataclasses.replace(course, modules=tuple(dataclasses.replace(m, pages=pages) if m is module else m
                                                       for m in course.modules))
    found = [d for d in get("olx").problems(course) if d.code == "olx.quiz-link"]
    assert [(d.path, d.line, d.is_error) for d in found] == [(page.source_path, question.line, False)]


def test_course_image_is_a_valid_png_drawn_from_the_title(built):
    course, output, root = built
    policy = json.loads(output.tree["course/policies/course/policy.json"])["course/course"]
    data = (root / "static" / policy["course_image"]).read_bytes()
    assert data == course_image(course.title)  # the same title, the same bytes
    assert course_image(course.title + " (2nd edition)") != data
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, offset = {}, 8
    while offset < len(data):  # every chunk's length and CRC, as a PNG decoder reads them
        (length,) = struct.unpack(">I", data[offset:offset + 4])
        kind, body = data[offset + 4:offset + 8], data[offset + 8:offset + 8 + length]
        assert struct.unpack(">I", data[offset + 8 + length:offset + 12 + length])[0] == zlib.crc32(kind + body)
        chunks[kind] = body
        offset += 12 + length
    width, height, depth, colour_type = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert (width, height, depth, colour_type) == (WIDTH, HEIGHT, 8, 3)
    pixels = zlib.decompress(chunks[b"IDAT"])
    assert len(pixels) == height * (width + 1)
    assert max(pixels[1:width + 1]) < len(chunks[b"PLTE"]) // 3  # every index is in the palette


def test_about_page_and_self_paced_schedule(built):
    course, output, _root = built
    policy = json.loads(output.tree["course/policies/course/policy.json"])["course/course"]
    assert policy["self_paced"] is True and policy["start"] < policy["end"]
    overview = lxml_html.fromstring(output.tree["course/about/overview.html"].decode())
    assert overview.get("lang") == course.language and overview.get("dir") == course.direction
    sections = {s.get("class"): s for s in overview.iter("section")}
    assert course.config.description in sections["about"].text_content()
    assert sections["about"].findtext("h2") == ui(course.language, "about")  # in the course's language
    assert [li.text for li in sections["objectives"].iter("li")] == list(course.config.objectives)
    assert course.config.audience in sections["prerequisites"].text_content()
    assert output.tree["course/about/short_description.html"].decode().strip() == course.config.description


def test_media_named_like_the_course_image_is_a_located_error():
    course = course_model("basic-en")
    clashing = dataclasses.replace(course, media=course.media + (
        type(course.media[0])(f"media/{files.IMAGE_NAME}", b"x"),))
    found = [d for d in get("olx").problems(clashing) if d.code == "olx.static-name-clash"]
    assert [(d.path, d.is_error) for d in found] == [(f"media/{files.IMAGE_NAME}", True)]
