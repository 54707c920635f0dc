"""What the CC profile cannot hold is said at build time (file, line, code) and in the admin report."""

from __future__ import annotations

import json
from pathlib import Path

from lxml import etree, html as lxml_html

from builder.build import build_course
from builder.targets.imscc import layout
from imscc_helpers import COURSES, build
from builder.targets.imscc.mapping import cc_weights, map_quiz

NS = {"q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"}
QUIZ = "02-practice/02-quiz.md"


def line_of(course_dir: Path, marker: str) -> int:
    lines = (course_dir / QUIZ).read_text(encoding="utf-8").splitlines()
    return next(n for n, text in enumerate(lines, 1) if marker in text)


def test_matching_and_ordering_are_reported_with_file_and_line(cartridges, course_copy):
    built = cartridges["basic-en"]
    found = {(d.path, d.line, d.code) for d in built.diagnostics}
    course = COURSES / "basic-en"
    assert found == {(QUIZ, line_of(course, "{#q-markers}"), "imscc.question-mapped"),
                     (QUIZ, line_of(course, "{#q-steps}"), "imscc.question-mapped")}
    assert all(d.severity.value == "warning" and d.hint for d in built.diagnostics)
    report = json.loads(next(v for k, v in built.beside.items() if k.endswith(".report.json")))
    mapped = [q["id"] for quiz in report["quizzes"] for q in quiz["questions"] if q["mapped"]]
    assert mapped == ["q-markers", "q-steps"]
    html = next(v for k, v in built.beside.items() if k.endswith(".report.html")).decode()
    assert "q-markers" in html and f"{QUIZ}:{line_of(course, '{#q-steps}')}" in html


def _variant(course_copy) -> Path:
    """basic-en with a two-item ordering, 7 attempts, fractional points and a text full of < & and Arabic."""
    course = course_copy("basic-en")
    quiz = course / QUIZ
    text = quiz.read_text(encoding="utf-8").replace("attempts: 3", "attempts: 7")
    text = text.replace("{#q-title}", "{#q-title points=2.5}")
    text += ("\n## Is 1 < 2 & 3 > 2? قل نعم {#q-escape}\n\n- (x) Yes & yes {#y}\n  > Right: 1 < 2 & نعم.\n"
             "- ( ) No {#n}\n- ( ) `<maybe>` {#m}\n\n"
             "## Order two things. {#q-two}\n\n1. First {#one}\n2. Second {#two}\n")
    quiz.write_text(text, encoding="utf-8")
    return course


def test_a_question_left_out_attempts_and_points_are_all_reported(course_copy):
    course = _variant(course_copy)
    built = build(course)
    codes = {d.code: d for d in built.diagnostics}
    assert codes["imscc.question-left-out"].line == line_of(course, "{#q-two}")
    assert "q-two" in codes["imscc.question-left-out"].message
    assert codes["imscc.attempts"].path == QUIZ
    assert "7 attempts" in codes["imscc.attempts"].message
    assert "imscc.points-rounded" not in codes  # 2.5 and 1 reduce exactly to 5 and 2
    document = etree.fromstring(built.tree[layout.quiz_file("practice-quiz")])
    idents = [i.get("ident") for i in document.iterfind(".//q:item", NS)]
    assert layout.item_ident("practice-quiz", "q-two") not in idents
    weights = {i.get("ident").split(".")[-1]: i.findtext(".//q:qtimetadatafield[q:fieldlabel='cc_weighting']/"
                                                          "q:fieldentry", namespaces=NS)
               for i in document.iterfind(".//q:item", NS)}
    assert weights["q-title"] == "5" and weights["q-alt"] == "2"
    report = json.loads(next(v for k, v in built.beside.items() if k.endswith(".report.json")))
    assert [q["id"] for quiz in report["quizzes"] for q in quiz["left_out"]] == ["q-two"]
    assert "NOT in the cartridge" in next(v for k, v in built.beside.items() if k.endswith(".html")).decode()


def test_html_in_qti_is_escaped_and_survives_with_arabic_text(course_copy):
    built = build(_variant(course_copy))
    raw = built.tree[layout.quiz_file("practice-quiz")]
    assert "قل نعم".encode() in raw  # UTF-8 text, not character references
    item = etree.fromstring(raw).find(".//q:item[@ident='practice-quiz.q-escape']", NS)
    prompt = item.findtext("q:presentation/q:material/q:mattext", namespaces=NS)
    assert lxml_html.fragment_fromstring(prompt, create_parent="div").text_content() == "Is 1 < 2 & 3 > 2? قل نعم"
    labels = [lxml_html.fragment_fromstring(m.text, create_parent="div").text_content()
              for m in item.iterfind(".//q:response_label//q:mattext", NS)]
    assert labels == ["Yes & yes", "No", "<maybe>"]
    feedback = item.findtext("q:itemfeedback[@ident='y_fb']//q:mattext", namespaces=NS)
    assert lxml_html.fragment_fromstring(feedback, create_parent="div").text_content() == "Right: 1 < 2 & نعم."


def test_plain_build_succeeds_and_strict_build_fails_on_the_mapping_warnings(tmp_path):
    plain = build_course(COURSES / "basic-en", ["imscc"], tmp_path / "plain")
    assert plain.ok and (tmp_path / "plain" / "basic-en-en-imscc.imscc").is_file()
    strict = build_course(COURSES / "basic-en", ["imscc"], tmp_path / "strict", strict=True)
    assert not strict.ok and not (tmp_path / "strict").exists()
    assert {d.code for d in strict.diagnostics} == {"imscc.question-mapped"}


def test_weights_keep_proportions_and_round_only_when_they_must():
    assert cc_weights([1, 2, 99]) == ([1, 2, 99], True)
    assert cc_weights([0.5, 1]) == ([1, 2], True)
    assert cc_weights([150, 300]) == ([1, 2], True)
    weights, exact = cc_weights([1, 250.5])
    assert not exact and weights[1] == 99 and weights[0] == 1


def test_check_and_emit_decide_each_quiz_once(monkeypatch):
    """`emit` writes the mapping `check` decided (the same frozen pages), and never maps a quiz again."""
    import builder.targets.imscc as imscc
    from builder.build import check_course

    course = check_course(COURSES / "basic-en").course
    mapped: list[str] = []
    monkeypatch.setattr(imscc, "map_quiz", lambda page, direction: mapped.append(page.id) or map_quiz(page, direction))
    target = imscc.CommonCartridgeTarget()
    found = target.problems(course)
    target.emit(course)
    assert sorted(mapped) == sorted(page.id for page in course.quizzes()) and found
    assert target.problems(course) == found  # the same decisions, said again
