"""Target gift: the GIFT file of every fixture and shipped course is read back by an independent
parser (npm gift-pegjs) and every question's key survives, key by key; special characters round-trip;
what GIFT cannot hold is said (a located warning, the admin report), never silently lost."""

from __future__ import annotations

import dataclasses

import pytest

from builder.targets import get
from moodle_courses import COURSES, assert_same_twice, course_model, plain, single_file_report, with_page
from builder.targets.gift import escape

from moodle_gift_rules import moodle_view

def gift_text(course) -> str:
    (data,) = get("gift").emit(course).tree.values()
    return data.decode("utf-8")


# gift-pegjs leaves its escape placeholders in a matching response (its PlainText rule skips the
# decoding its other rules do); Moodle's importer decodes them there too (escapedchar_post).
_PLACEHOLDERS = {"&&092;": "\\", "&&058;": ":", "&&035;": "#", "&&061;": "=", "&&123;": "{", "&&125;": "}",
                 "&&126;": "~", "&&010": "\n"}


def response(match: dict) -> str:
    value = match["subanswer"]
    for placeholder, char in _PLACEHOLDERS.items():
        value = value.replace(placeholder, char)
    return value


def wrapped(course, html: str) -> str:
    """A question text in the course's language and direction (Moodle's page may be in another)."""
    return f'<div lang="{course.language}" dir="{course.direction}">{html}</div>'


def clipped(name: str) -> str:
    """Moodle keeps 255 characters of a question name."""
    return name if len(name) <= 255 else name[:254] + "…"


def text(value) -> str | None:
    return value["text"] if value else None


@pytest.fixture(scope="module", params=sorted(COURSES))
def parsed(request, parse_gift):
    course = course_model(request.param)
    (result,) = parse_gift([gift_text(course)])
    assert "error" not in result, result
    return course, result["questions"]


def test_categories_one_per_module_in_course_order(parsed):
    course, questions = parsed
    categories = [q["title"] for q in questions if q["type"] == "Category"]
    expected = [f"top/{course.title.replace('/', '//')}/{m.title.replace('/', '//')}" for m in course.modules
                if any(p.kind == "quiz" for p in m.pages)]
    assert categories == expected


def test_every_question_round_trips_key_by_key(parsed):
    course, questions = parsed
    by_id = {q["id"]: q for q in questions if q["type"] != "Category"}
    expected_ids = [f"{page.id}.{q.id}" for page in course.quizzes() for q in page.quiz.questions]
    assert sorted(by_id) == sorted(expected_ids) and len(by_id) == len(expected_ids)
    for page in course.quizzes():
        for q in page.rendered.questions:
            found = by_id[f"{page.id}.{q.id}"]
            assert found["title"] == clipped(f"{page.id}.{q.id}: {plain(q.prompt)}")
            assert found["stem"] == {"format": "html", "text": wrapped(course, f"<p>{q.prompt}</p>{q.body}")}
            CHECKS[q.type.value](q, found)


def _single(q, found):
    assert found["type"] == "MC"
    assert [c["isCorrect"] for c in found["choices"]] == [c.correct for c in q.choices]
    assert [c["weight"] for c in found["choices"]] == [None] * len(q.choices)
    assert [c["text"]["text"] for c in found["choices"]] == [c.text for c in q.choices]
    for choice, got in zip(q.choices, found["choices"]):
        overall = q.feedback_correct if choice.correct else q.feedback_incorrect
        assert text(got["feedback"]) == ((choice.feedback + overall) or None)
    assert found["globalFeedback"] is None


def _multiple(q, found):
    assert found["type"] == "MC"
    right = sum(c.correct for c in q.choices)
    weights = [c["weight"] for c in found["choices"]]
    assert weights == pytest.approx([100 / right if c.correct else -100 for c in q.choices], abs=1e-4)
    assert sum(w for w in weights if w > 0) == pytest.approx(100, abs=1e-3)  # the full key scores 100 %
    assert not any(c["isCorrect"] for c in found["choices"])  # `=` would make Moodle read single choice
    assert [c["text"]["text"] for c in found["choices"]] == [c.text for c in q.choices]
    assert [text(c["feedback"]) for c in found["choices"]] == [c.feedback or None for c in q.choices]
    assert text(found["globalFeedback"]) == (q.feedback_incorrect or None)


def _true_false(q, found):
    assert found["type"] == "TF"
    right = next(c for c in q.choices if c.correct)
    wrong = next(c for c in q.choices if not c.correct)
    assert found["isTrue"] is (right.id == "true")
    # gift-pegjs names the two feedbacks by position; Moodle shows the first after a wrong answer
    # and the second after the right one, whichever the key is.
    assert text(found["trueFeedback"]) == ((wrong.feedback + q.feedback_incorrect) or None)
    assert text(found["falseFeedback"]) == ((right.feedback + q.feedback_correct) or None)


def _fill_in(q, found):
    assert found["type"] == "Short"
    accepted = [c for c in found["choices"] if c["weight"] == 100]
    assert [c["text"]["text"].replace("\\*", "*") for c in accepted] == list(q.answers)
    assert {text(c["feedback"]) for c in accepted} == {q.feedback_correct or None}
    others = [c for c in found["choices"] if c["weight"] != 100]
    expected = [(0, "*", q.feedback_incorrect)] if q.feedback_incorrect else []
    assert [(c["weight"], c["text"]["text"], text(c["feedback"])) for c in others] == expected


def _matching(q, found):
    assert found["type"] == "Matching"
    pairs = [(m["subquestion"]["text"], response(m)) for m in found["matchPairs"]]
    assert pairs == [(p.left, plain(p.right)) for p in q.pairs] + [("", plain(d.text)) for d in q.distractors]
    assert text(found["globalFeedback"]) == (q.feedback_incorrect or None)


def _ordering(q, found):
    assert found["type"] == "Matching"  # each item matched to its position, 1 first
    pairs = [(m["subquestion"]["text"], response(m)) for m in found["matchPairs"]]
    assert pairs == [(item.text, str(n)) for n, item in enumerate(q.items, 1)]


CHECKS = {"single": _single, "multiple": _multiple, "true-false": _true_false, "fill-in": _fill_in,
          "matching": _matching, "ordering": _ordering}


def _replace_rendered(course, page, questions):
    """The course with `page`'s questions replaced (rendered and source alike)."""
    changed = dataclasses.replace(page, rendered=page.rendered.model_copy(update={"questions": questions}),
                                  quiz=page.quiz.model_copy(update={"questions": questions}))
    return with_page(course, page, changed)


NASTY = "a~b =c #d {e} f:g \\h ->i // j %50% [k]"
BODY = f"<p>{NASTY}</p>\n\n<p>// not a comment</p>\n<p>#### not general feedback</p>"


def _nasty(q):
    update = {"prompt": NASTY, "body": BODY, "feedback_incorrect": f"<p>{NASTY}</p>"}
    if q.choices:
        update["choices"] = tuple(c.model_copy(update={"text": f"%50% [x] {NASTY} {c.id}",
                                                       "feedback": f"<p>{NASTY}</p>\n\n"}) for c in q.choices)
    if q.answers:
        update["answers"] = ("a*b", "x{y}z", "50%", "c:\\path", "=eq", "~t#u")
    if q.pairs:
        update["pairs"] = tuple(p.model_copy(update={"left": f"{NASTY} {p.id}", "right": f"r=s:{p.id}"})
                                for p in q.pairs)
    return q.model_copy(update=update)


def same_html(html: str) -> str:
    """GIFT cannot escape "->", so the target writes "-&gt;", which HTML reads as the same text."""
    return html.replace("->", "-&gt;")


def test_special_characters_round_trip_through_an_independent_parser(parse_gift):
    course = course_model("basic-en")
    page = next(course.quizzes())
    questions = tuple(_nasty(q) for q in page.rendered.questions)
    course = _replace_rendered(course, page, questions)
    (result,) = parse_gift([gift_text(course)])
    assert "error" not in result, result
    found = {q["id"]: q for q in result["questions"] if q["type"] != "Category"}
    assert len(found) == len(questions)
    for q in questions:
        got = found[f"{page.id}.{q.id}"]
        assert got["title"] == f"{page.id}.{q.id}: {NASTY}"
        # line breaks kept, none read as GIFT syntax
        assert got["stem"]["text"] == same_html(wrapped(course, f"<p>{NASTY}</p>{BODY}"))
        if q.type.value in ("single", "multiple"):
            assert [c["text"]["text"] for c in got["choices"]] == [same_html(c.text) for c in q.choices]
            assert all(same_html(NASTY) in c["feedback"]["text"] for c in got["choices"])
        if q.type.value == "fill-in":
            accepted = [c["text"]["text"].replace("\\*", "*") for c in got["choices"] if c["weight"] == 100]
            assert accepted == list(q.answers)
        if q.type.value == "matching":
            pairs = [(m["subquestion"]["text"], response(m)) for m in got["matchPairs"]][:len(q.pairs)]
            assert pairs == [(same_html(p.left), p.right) for p in q.pairs]
            assert got["globalFeedback"]["text"] == same_html(f"<p>{NASTY}</p>")


@pytest.mark.parametrize("name", sorted(COURSES))
def test_moodle_reads_each_question_as_its_intended_type_with_its_weights(name):
    """What gift-pegjs does not model: Moodle's own choice of type, of single/multiple and of weights."""
    course = course_model(name)
    blocks = gift_text(course).strip().split("\n\n")[1:]  # after the header comment
    expected = []
    for module in course.modules:
        quizzes = [p for p in module.pages if p.kind == "quiz"]
        if quizzes:
            expected.append(("category", None, []))
        expected += [MOODLE[q.type.value](q) for page in quizzes for q in page.quiz.questions]
    got = [moodle_view(block) for block in blocks]
    assert [(t, s) for t, s, _ in got] == [(t, s) for t, s, _ in expected]
    for (_, _, weights), (_, _, wanted) in zip(got, expected):
        assert weights == pytest.approx(wanted, abs=1e-6)


MOODLE = {
    "single": lambda q: ("multichoice", True, [1.0 if c.correct else 0.0 for c in q.choices]),
    "multiple": lambda q: ("multichoice", False, [1 / sum(x.correct for x in q.choices) if c.correct else -1.0
                                                   for c in q.choices]),
    "true-false": lambda q: ("truefalse", None, []),
    "fill-in": lambda q: ("shortanswer", None, [1.0] * len(q.answers) + ([0.0] if q.feedback_incorrect else [])),
    "matching": lambda q: ("match", None, []),
    "ordering": lambda q: ("match", None, []),
}


def test_moodle_rules_see_the_special_characters_as_text():
    course = course_model("basic-en")
    page = next(course.quizzes())
    questions = tuple(_nasty(q) for q in page.rendered.questions)
    blocks = gift_text(_replace_rendered(course, page, questions)).strip().split("\n\n")[2:]
    assert [moodle_view(b)[:2] for b in blocks] == [MOODLE[q.type.value](q)[:2] for q in questions]
    fill_in = next(n for n, q in enumerate(questions) if q.type.value == "fill-in")
    assert moodle_view(blocks[fill_in])[2] == [1.0] * 6 + [0.0]  # "50%" and "=eq" stay answers


def test_escape_covers_every_gift_control_character():
    assert escape("~=#{}:\\") == "\\~\\=\\#\\{\\}\\:\\\\"
    assert escape("a\r\nb\nc") == "a\\nb\\nc"  # never a real line break inside a question


def test_no_blank_line_inside_a_question():
    course = course_model("untoc-intro")
    blocks = gift_text(course).strip().split("\n\n")
    questions = sum(len(p.quiz.questions) for p in course.quizzes())
    categories = sum(1 for m in course.modules if any(p.kind == "quiz" for p in m.pages))
    assert len(blocks) == 1 + categories + questions  # header, categories, one block per question


def test_course_image_and_page_links_become_text_with_a_located_warning():
    course = course_model("basic-en")
    page = next(course.quizzes())
    first = page.rendered.questions[0]
    body = ('<p><img src="coursepack:media/media/pipeline.svg" alt="A chart"> see '
            '<a href="coursepack:lesson/first-lesson">the first lesson</a></p>')
    source = page.quiz.questions[0].model_copy(update={"body": "![A chart](media/pipeline.svg)"})
    rendered = page.rendered.model_copy(update={"questions": (first.model_copy(update={"body": body}),)
                                                + page.rendered.questions[1:]})
    quiz = page.quiz.model_copy(update={"questions": (source,) + page.quiz.questions[1:]})
    changed = dataclasses.replace(page, rendered=rendered, quiz=quiz)
    course = dataclasses.replace(course, modules=tuple(
        dataclasses.replace(m, pages=tuple(changed if p is page else p for p in m.pages)) for m in course.modules))
    found = [d for d in get("gift").problems(course) if d.code == "gift.media"]
    assert [(d.path, d.line, d.is_error) for d in found] == [(page.source_path, source.line, False)]
    written = gift_text(course)
    assert "coursepack:" not in written
    assert "<p>[A chart] see the first lesson</p>" in written


def test_fill_in_answer_with_an_arrow_is_a_located_warning():
    course = course_model("basic-en")
    page = next(course.quizzes())
    q = next(q for q in page.quiz.questions if q.type.value == "fill-in")
    changed = q.model_copy(update={"answers": q.answers + ("a -> b",)})
    course = _replace_rendered(course, page, tuple(changed if x is q else x for x in page.quiz.questions))
    found = [d for d in get("gift").problems(course) if d.code == "gift.arrow-answer"]
    assert [(d.path, d.line, d.is_error) for d in found] == [(page.source_path, q.line, False)]


def test_admin_report_says_what_gift_leaves_out():
    course, report = single_file_report("gift", "untoc-intro", "untoc-intro-en-gift.txt")
    hints = sum(len(q.hints) for p in course.quizzes() for q in p.quiz.questions)
    assert report["hints_left_out"] == hints > 0
    assert f"{hints} (GIFT has no hints)" == report["facts"]["Hints left out"]
    assert len(report["questions"]) == sum(len(p.quiz.questions) for p in course.quizzes())


@pytest.mark.parametrize("name", ["basic-en", "untoc-intermediate"])
def test_build_twice_is_byte_identical(name, monkeypatch, tmp_path):
    assert_same_twice(gift_text, name, monkeypatch, tmp_path)
