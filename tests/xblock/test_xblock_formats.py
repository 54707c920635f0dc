"""What the block reads and writes: Markdown for Studio, OLX, and its translation catalogs."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from lxml import etree
from xblock.fields import ScopeIds

from coursepack_quiz import parse_quiz_document, storage
from coursepack_quiz_xblock import i18n, olx
from coursepack_quiz_xblock.block import QuizBlock
from coursepack_quiz_xblock.source import quiz_markdown
from cpq_helpers import REPO, RecordingRuntime, quiz_from

QUIZ_FILES = sorted(p for p in (REPO / "tests/fixtures/courses").glob("*/*/*.md") if "type: quiz" in p.read_text())
LINES = {"line": True, "choices": {"__all__": {"line"}}, "pairs": {"__all__": {"line"}},
         "distractors": {"__all__": {"line"}}, "items": {"__all__": {"line"}}}


def without_lines(quiz) -> dict:
    return quiz.model_dump(exclude={"questions": {"__all__": LINES}})


@pytest.mark.parametrize("path", QUIZ_FILES, ids=lambda p: p.parent.parent.name)
def test_markdown_round_trip(path):
    quiz = quiz_from(path.read_text(encoding="utf-8"))
    again, diagnostics = parse_quiz_document(quiz_markdown(quiz), path="again.md", default_id="other")
    assert not diagnostics and without_lines(again) == without_lines(quiz)


def test_markdown_round_trip_of_the_workbench_samples():
    for source in (olx.SAMPLE_EN, olx.SAMPLE_AR):
        quiz = quiz_from(source)
        assert without_lines(quiz_from(quiz_markdown(quiz))) == without_lines(quiz)


def _block(node, usage="u"):
    return QuizBlock.parse_xml(node, RecordingRuntime(), ScopeIds("learner", "coursepack_quiz", usage, usage))


def test_olx_round_trip_inline_in_a_vertical():
    quiz = quiz_from(olx.SAMPLE_EN)
    node = olx.quiz_element(quiz, display_name="Sample", language="fr", url_name="quiz-sample", weight=2)
    block = _block(node)
    assert block.quiz_model() == quiz and (block.display_name, block.language, block.weight) == ("Sample", "fr", 2)
    vertical = etree.Element("vertical")
    block.add_xml_to_node(etree.SubElement(vertical, "placeholder"))
    exported = vertical[0]
    assert exported.tag == "coursepack_quiz" and exported.get("xblock-family") == "xblock.v1"
    assert _block(exported).quiz_model() == quiz and exported.text == olx.quiz_json(quiz)


def test_builder_olx_quiz_loads_in_the_block():
    """Every quiz the builder's `olx` target exports loads in the block as the same quiz, and the
    block exports it again byte for byte: both sides write coursepack_quiz.storage's format."""
    from builder.build import check_course
    from builder.targets import get

    checked = check_course(REPO / "tests/fixtures/courses/basic-en")
    assert checked.ok, [d.format() for d in checked.diagnostics]
    quizzes = {page.id: page for page in checked.course.pages() if page.kind == "quiz"}
    loaded = {}
    for path, data in sorted(get("olx").emit(checked.course).tree.items()):
        for node in etree.fromstring(data).iter(storage.TAG) if "/vertical/" in path else ():
            block = _block(node, usage=path)
            loaded[block.quiz_model().id] = block
            again = etree.SubElement(etree.Element("vertical"), "placeholder")
            block.add_xml_to_node(again)
            assert again.text == node.text
    assert quizzes and set(loaded) == set(quizzes)
    for ident, page in quizzes.items():
        assert loaded[ident].display_name == page.title
        assert loaded[ident].quiz_model().questions == page.quiz.questions


def test_olx_upgrades_old_json_and_rejects_bad_json():
    old = etree.fromstring('<coursepack_quiz>{"id": "q", "title": "T", "attempts": 2, "questions": []}</coursepack_quiz>')
    assert _block(old).quiz_model().settings.attempts == 2
    with pytest.raises(ValueError, match="does not hold a valid quiz"):
        _block(etree.fromstring("<coursepack_quiz>{not json</coursepack_quiz>"))
    with pytest.raises(ValueError, match="format_version 9 is newer"):
        _block(etree.fromstring('<coursepack_quiz>{"format_version": 9}</coursepack_quiz>'))


def test_catalogue_translates_every_marked_string_in_every_language():
    from coursepack_quiz.catalogue import LANGUAGES
    marked = i18n.extract()
    for language in LANGUAGES:
        catalog = i18n.catalog(language)
        assert set(catalog) == set(marked), "run: python -m builder.interface_catalogue, then translate"
        for msgid, msgstr in catalog.items():  # placeholders survive translation
            assert sorted(_placeholders(msgid)) == sorted(_placeholders(msgstr)), msgid


def _placeholders(text: str) -> list[str]:
    import re
    return re.findall(r"\{\w+\}", text)


def test_every_ui_string_goes_through_gettext():
    """Literal UI text in views.py must be marked, so it is extracted; this catches forgotten N_()."""
    tree = ast.parse(Path(i18n.__file__).with_name("views.py").read_text(encoding="utf-8"))
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", None) == "_"]
    assert calls and all(isinstance(c.args[0], ast.Call) and c.args[0].func.id == "N_" for c in calls)


def test_translator_prefers_catalog_then_service():
    class Service:
        def gettext(self, text):
            return f"<{text}>"

    assert i18n.translator("ar-EG", Service())("Submit") == "إرسال"
    assert i18n.translator("de", Service())("Submit") == "<Submit>"
    assert i18n.translator("de")("Submit") == "Submit"
    assert i18n.direction("ar-EG") == "rtl" and i18n.direction("fr") == "ltr"
