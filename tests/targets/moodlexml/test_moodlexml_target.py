"""Target moodlexml: the file of every fixture and shipped course passes our structural checker of
Moodle's documented format, and every question's key reads back key by key (every right answer,
every fraction, every accepted fill-in answer, every feedback and hint); media travel inside."""

from __future__ import annotations

import base64
import dataclasses

import pytest
from lxml import etree

from builder.build import build_course
from builder.targets import get
from moodle_courses import COURSES, assert_same_twice, course_model, plain, single_file_report, with_page

from moodle_xml_checker import check

def xml_bytes(course) -> bytes:
    (data,) = get("moodlexml").emit(course).tree.values()
    return data


def fractions(node) -> list[float]:
    return [float(a.get("fraction")) for a in node.findall("answer")]


@pytest.fixture(scope="module", params=sorted(COURSES))
def parsed(request):
    course = course_model(request.param)
    data = xml_bytes(course)
    return course, data, etree.fromstring(data)


def test_passes_the_structural_checker(parsed):
    _course, data, _root = parsed
    assert check(data) == []


def test_categories_one_per_module_before_its_questions(parsed):
    course, _data, root = parsed
    categories = [q.findtext("category/text") for q in root if q.get("type") == "category"]
    quiz_modules = [m for m in course.modules if any(p.kind == "quiz" for p in m.pages)]
    assert categories == [f"top/{course.title.replace('/', '//')}/{m.title.replace('/', '//')}" for m in quiz_modules]
    current, seen = None, {}
    for node in root:
        if node.get("type") == "category":
            current = node.findtext("category/text")
        else:
            seen[node.findtext("idnumber")] = current
    for module, path in zip(quiz_modules, categories):
        for page in (p for p in module.pages if p.kind == "quiz"):
            assert {seen[f"{page.id}.{q.id}"] for q in page.quiz.questions} == {path}


def test_every_question_round_trips_key_by_key(parsed):
    course, _data, root = parsed
    by_id = {q.findtext("idnumber"): q for q in root if q.get("type") != "category"}
    expected = [f"{page.id}.{q.id}" for page in course.quizzes() for q in page.quiz.questions]
    assert sorted(by_id) == sorted(expected) and len(by_id) == len(expected)
    for page in course.quizzes():
        for q in page.rendered.questions:
            node = by_id[f"{page.id}.{q.id}"]
            assert node.get("type") == TYPES[q.type.value]
            assert node.findtext("name/text").startswith(f"{page.id}.{q.id}: ")
            assert node.findtext("questiontext/text") == (f'<div lang="{course.language}" dir="{course.direction}">'
                                                          f"<p>{q.prompt}</p>{q.body}</div>")
            assert float(node.findtext("defaultgrade")) == q.points
            assert [h.findtext("text") for h in node.findall("hint")] == list(q.hints)
            CHECKS[q.type.value](q, node, page)


TYPES = {"single": "multichoice", "multiple": "multichoice", "true-false": "truefalse", "fill-in": "shortanswer",
         "matching": "matching", "ordering": "ordering"}


def _combined(q, node):
    assert node.findtext("correctfeedback/text") == q.feedback_correct
    assert node.findtext("incorrectfeedback/text") == q.feedback_incorrect
    assert node.findtext("partiallycorrectfeedback/text") == q.feedback_incorrect  # all-or-nothing in the course


def _choices(q, node, page):
    _combined(q, node)
    assert node.findtext("single") == ("true" if q.type.value == "single" else "false")
    assert node.findtext("shuffleanswers") == ("true" if page.quiz.settings.shuffle else "false")
    answers = node.findall("answer")
    assert [a.findtext("text") for a in answers] == [c.text for c in q.choices]
    assert [a.findtext("feedback/text") for a in answers] == [c.feedback for c in q.choices]
    if q.type.value == "single":
        assert fractions(node) == [100.0 if c.correct else 0.0 for c in q.choices]
    else:
        right = sum(c.correct for c in q.choices)
        assert fractions(node) == pytest.approx([100 / right if c.correct else -100 for c in q.choices], abs=1e-4)
        assert sum(f for f in fractions(node) if f > 0) == pytest.approx(100, abs=1e-3)


def _true_false(q, node, _page):
    right = next(c for c in q.choices if c.correct)
    wrong = next(c for c in q.choices if not c.correct)
    answers = {a.findtext("text"): a for a in node.findall("answer")}
    assert float(answers[right.id].get("fraction")) == 100 and float(answers[wrong.id].get("fraction")) == 0
    assert answers[right.id].findtext("feedback/text") == right.feedback + q.feedback_correct
    assert answers[wrong.id].findtext("feedback/text") == wrong.feedback + q.feedback_incorrect


def _fill_in(q, node, _page):
    assert node.findtext("usecase") == ("1" if q.case_sensitive else "0")
    answers = node.findall("answer")
    accepted = [a for a in answers if float(a.get("fraction")) == 100]
    assert [a.findtext("text").replace("\\*", "*") for a in accepted] == list(q.answers)
    assert {a.findtext("feedback/text") for a in accepted} == {q.feedback_correct}
    rest = [(float(a.get("fraction")), a.findtext("text"), a.findtext("feedback/text")) for a in answers
            if a not in accepted]
    assert rest == ([(0.0, "*", q.feedback_incorrect)] if q.feedback_incorrect else [])


def _matching(q, node, _page):
    _combined(q, node)
    subs = [(s.findtext("text"), s.findtext("answer/text")) for s in node.findall("subquestion")]
    assert subs == [(p.left, plain(p.right)) for p in q.pairs] + [("", plain(d.text)) for d in q.distractors]


def _ordering(q, node, _page):
    _combined(q, node)
    assert node.findtext("gradingtype") == "ALL_OR_NOTHING"  # the course grades all-or-nothing too
    assert node.findtext("selecttype") == "ALL" and int(node.findtext("selectcount")) == len(q.items)
    assert [a.findtext("text") for a in node.findall("answer")] == [i.text for i in q.items]
    assert fractions(node) == [float(n) for n in range(1, len(q.items) + 1)]


CHECKS = {"single": _choices, "multiple": _choices, "true-false": _true_false, "fill-in": _fill_in,
          "matching": _matching, "ordering": _ordering}


def _with_image(course):
    """basic-en with its first question showing a course image and linking to a lesson."""
    page = next(course.quizzes())
    body = ('<p><img src="coursepack:media/media/pipeline.svg" alt="A chart"> see '
            '<a href="coursepack:lesson/first-lesson">the first lesson</a></p>')
    first = page.rendered.questions[0].model_copy(update={"body": body})
    rendered = page.rendered.model_copy(update={"questions": (first,) + page.rendered.questions[1:]})
    changed = dataclasses.replace(page, rendered=rendered)
    return with_page(course, page, changed), page


def test_media_are_embedded_as_pluginfiles():
    course, page = _with_image(course_model("basic-en"))
    data = xml_bytes(course)
    assert check(data) == []
    node = next(q for q in etree.fromstring(data) if q.findtext("idnumber") == f"{page.id}.{page.quiz.questions[0].id}")
    text = node.findtext("questiontext/text")
    assert '<img src="@@PLUGINFILE@@/pipeline.svg" alt="A chart">' in text
    assert "see the first lesson" in text and "coursepack:" not in data.decode()
    (file,) = node.findall("questiontext/file")
    media = {m.path: m.data for m in course.media}
    assert (file.get("name"), file.get("path"), file.get("encoding")) == ("pipeline.svg", "/", "base64")
    assert base64.b64decode(file.text) == media["media/pipeline.svg"]


def test_checker_finds_broken_files():
    """The checker is no rubber stamp: each broken variant of a clean file is reported."""
    clean = xml_bytes(course_model("basic-en"))
    broken = {
        "single choice without an answer at 100": clean.replace(b'fraction="100"', b'fraction="50"', 1),
        "positive fractions sum to": clean.replace(b'fraction="-100"', b'fraction="40"', 1),
        "need exactly 'true' and 'false'": clean.replace(b"<text>true</text>", b"<text>yes</text>", 1),
        "no such <file>": clean.replace(b"<text>&lt;p&gt;", b"<text>&lt;p&gt;&lt;img src=\"@@PLUGINFILE@@/x.png\"&gt;", 1),
        "unknown question type": clean.replace(b'type="ordering"', b'type="orderinq"', 1),
        "<gradingtype>": clean.replace(b"ALL_OR_NOTHING", b"ALL-OR-NOTHING", 1),
    }
    for expected, data in broken.items():
        assert data != clean, expected
        assert any(expected in problem for problem in check(data)), (expected, check(data))


def test_long_idnumber_is_a_located_warning_and_left_out():
    course = course_model("basic-en")
    page = next(course.quizzes())
    long_id = "q" * 64
    question = page.quiz.questions[0].model_copy(update={"id": long_id})
    rendered = page.rendered.questions[0].model_copy(update={"id": long_id})
    changed = dataclasses.replace(
        page, id="p" * 40, quiz=page.quiz.model_copy(update={"questions": (question,) + page.quiz.questions[1:]}),
        rendered=page.rendered.model_copy(update={"questions": (rendered,) + page.rendered.questions[1:]}))
    course = dataclasses.replace(course, modules=tuple(
        dataclasses.replace(m, pages=tuple(changed if p is page else p for p in m.pages)) for m in course.modules))
    found = [d for d in get("moodlexml").problems(course) if d.code == "moodlexml.long-idnumber"]
    assert [(d.path, d.line, d.is_error) for d in found] == [(page.source_path, question.line, False)]
    names = [q.findtext("name/text") for q in etree.fromstring(xml_bytes(course))
             if q.get("type") != "category" and q.find("idnumber") is None]
    assert names == [f"{'p' * 40}.{long_id}: {plain(rendered.prompt)}"]


def test_admin_report_beside_the_file():
    course, report = single_file_report("moodlexml", "untoc-intro", "untoc-intro-en-moodlexml.xml")
    assert len(report["questions"]) == sum(len(p.quiz.questions) for p in course.quizzes())
    assert "Moodle 4.4" in " ".join(report["notes"])


def test_cli_builds_both_moodle_targets_for_both_shipped_courses(tmp_path):
    for name in ("untoc-intro", "untoc-intermediate"):
        result = build_course(COURSES[name], ["gift", "moodlexml"], tmp_path, strict=True)
        assert not [d.format() for d in result.diagnostics]
        assert sorted(w.target for w in result.written) == ["gift", "moodlexml"]
        for stem in (f"{name}-en-gift", f"{name}-en-moodlexml"):
            assert (tmp_path / f"{stem}.report.html").is_file()
    assert check((tmp_path / "untoc-intro-en-moodlexml.xml").read_bytes()) == []


@pytest.mark.parametrize("name", ["basic-ar", "untoc-intro"])
def test_build_twice_is_byte_identical(name, monkeypatch, tmp_path):
    assert_same_twice(xml_bytes, name, monkeypatch, tmp_path)


def _text_fields() -> dict[str, list[str]]:
    """Every str field of the quiz model's question and its parts (the places a text can name a file)."""
    from coursepack_quiz import model as quiz

    kinds = (quiz.Question, quiz.Choice, quiz.MatchPair, quiz.MatchDistractor, quiz.OrderItem)
    return {kind.__name__: sorted(name for name, field in kind.model_fields.items()
                                  if field.annotation in (str, tuple[str, ...])) for kind in kinds}


def test_question_texts_cover_every_text_of_the_quiz_model():
    """`media_used` reads `question_texts`: each text field of the model names its own file there and
    is found (a field added to the model fails here until `question_texts` reads it)."""
    from coursepack_quiz.model import Choice, MatchDistractor, MatchPair, OrderItem, Question, QuestionType
    from builder import urls
    from builder.targets import _moodle

    # `id` and `facts` (source-fact IDs) follow the ID pattern: they can never name a file.
    assert _text_fields() == {
        "Question": ["answers", "body", "facts", "feedback_correct", "feedback_incorrect", "hints", "id", "prompt"],
        "Choice": ["feedback", "id", "text"], "MatchPair": ["id", "left", "right"], "MatchDistractor": ["id", "text"],
        "OrderItem": ["id", "text"]}

    def image(name: str) -> str:
        return f'<img src="{urls.media(f"media/{name}.png")}" alt="">'

    q = Question(id="q", type=QuestionType.SINGLE, prompt=image("prompt"), body=image("body"),
                 answers=(image("answer"),), hints=(image("hint"),), feedback_correct=image("right"),
                 feedback_incorrect=image("wrong"), choices=(Choice(id="a", text=image("choice"),
                                                                    feedback=image("choice-fb")),),
                 pairs=(MatchPair(id="p", left=image("left"), right=image("right-side")),),
                 distractors=(MatchDistractor(id="d", text=image("distractor")),),
                 items=(OrderItem(id="o", text=image("item")),))
    names = ["prompt", "body", "answer", "hint", "right", "wrong", "choice", "choice-fb", "left", "right-side",
             "distractor", "item"]
    assert _moodle.media_used(q) == sorted(f"media/{name}.png" for name in names)
