"""The two UNTOC courses: complete, clean under --strict, every answer key right and sourced.

Accuracy checks read ../shared/content/FACTS.md and skip with a reason when it is absent.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from builder.build import check_course
from coursepack_quiz.grading import grade
from coursepack_quiz.model import QuestionType
from quiz_answers import right_answer, wrong_answer

REPO = Path(__file__).resolve().parents[2]
COURSES = {name: REPO / "courses" / name for name in ("untoc-intro", "untoc-intermediate")}
FACTS_FILE = REPO.parent / "shared" / "content" / "FACTS.md"
ALL_TYPES = {t.value for t in QuestionType}
# Facts whose row marks only a PART as unconfirmed; a key may rest on the confirmed part. Each
# entry says which part a quiz uses; a reviewer re-reads these when FACTS.md changes.
PARTLY_CONFIRMED = {
    "C-12": "the wording of SDG target 16.4 is confirmed; only the launch presentation's target list is not",
    "C-15": "the Toolkit's description is confirmed; only the counts of tools and case studies are not",
}
_FACT_ROW = re.compile(r"^\|\s*([A-G]-\d{2})\s*\|(.*)\|([^|]*)\|\s*$", re.M)


@pytest.fixture(scope="module", params=sorted(COURSES))
def course(request):
    checked = check_course(COURSES[request.param], strict=True)
    assert checked.ok, "\n".join(d.format() for d in checked.diagnostics)
    return checked.course


@pytest.fixture(scope="module")
def facts() -> dict[str, bool]:
    """Fact ID → may it carry a quiz answer (confirmed, not secondary-only)?"""
    if not FACTS_FILE.is_file():
        pytest.skip("../shared/content/FACTS.md not found beside the checkout")
    table = {}
    for fact_id, text, sources in _FACT_ROW.findall(FACTS_FILE.read_text(encoding="utf-8")):
        parts = [part for part in sources.split(";") if part.strip()]
        secondary_only = bool(parts) and all("Secondary" in part for part in parts)
        table[fact_id] = ("**Unconfirmed**" not in text + sources or fact_id in PARTLY_CONFIRMED) and not secondary_only
    return table


def _content_modules(course):
    return [m for m in course.modules if any(p.kind == "quiz" and p.weight == 0 for p in m.pages)]


def test_structure_follows_the_brief(course):
    pages = list(course.pages())
    assert pages[0].kind == "lesson" and "orientation" in pages[0].id
    modules = _content_modules(course)
    assert len(modules) == 5
    # Second edition (issue 11): modules grew to up to five lessons and eight practice questions, and
    # applied single-choice items replaced recall items, so every type must appear in the module
    # quizzes together rather than in each one.
    types_used = set()
    for module in modules:
        lessons = [p for p in module.pages if p.kind == "lesson"]
        (quiz,) = [p for p in module.pages if p.kind == "quiz"]
        assert 3 <= len(lessons) <= 6, module.id
        assert 5 <= len(quiz.quiz.questions) <= 10, quiz.id
        types_used |= {q.type.value for q in quiz.quiz.questions}
    assert types_used == ALL_TYPES
    (final,) = course.graded_quizzes()
    assert 13 <= len(final.quiz.questions) <= 17 and final.pass_mark == 80
    assert any("further-reading" in p.id for p in pages)
    assert len(course.glossary) >= 10


def test_lessons_are_sized_sourced_and_close_with_key_points(course):
    for module in _content_modules(course):
        for lesson in (p for p in module.pages if p.kind == "lesson"):
            words = len(re.sub(r"<[^>]+>", " ", lesson.html).split())
            assert 550 <= words <= 2500, f"{lesson.id}: {words} words"  # second edition: deeper lessons
            assert lesson.facts, f"{lesson.id} records no source facts"
            body = lesson.html.split('<div class="footnote">')[0].rstrip()  # footnotes render after the text
            last_callout = body.rsplit("<aside", 1)[-1]
            assert body.endswith("</aside>") and last_callout.startswith(' class="cp-callout cp-key"'), lesson.id


def test_at_least_four_diagrams_with_alt_text_and_caption(course):
    figures = re.findall(r'<figure class="cp-figure"><img alt="([^"]+)"[^>]*src="coursepack:media/([^"]+\.svg)">'
                         r"<figcaption>[^<]+</figcaption>",
                         "".join(p.html for p in course.lessons()))
    assert len({src for _, src in figures}) >= 4
    assert all(len(alt) > 20 for alt, _ in figures)


def test_every_quiz_passes_with_its_key_and_fails_without(course):
    for quiz_page in course.quizzes():
        quiz = quiz_page.quiz
        right = grade(quiz, {q.id: right_answer(q) for q in quiz.questions})
        assert right.percent == 100 and right.passed, quiz.id
        wrong = grade(quiz, {q.id: wrong_answer(q) for q in quiz.questions})
        assert wrong.score == 0 and not wrong.passed, quiz.id
        for question in quiz.questions:
            assert question.feedback_correct and question.feedback_incorrect, f"{quiz.id}/{question.id}"


def test_every_fact_cited_exists_and_quiz_keys_rest_on_confirmed_facts(course, facts):
    for page in course.pages():
        unknown = set(page.facts) - set(facts)
        assert not unknown, f"{page.id} cites unknown facts {sorted(unknown)}"
    for quiz_page in course.quizzes():
        for question in quiz_page.quiz.questions:
            assert question.facts, f"{quiz_page.id}/{question.id} records no source facts (facts=…)"
            unknown = set(question.facts) - set(facts)
            assert not unknown, f"{quiz_page.id}/{question.id} cites unknown facts {sorted(unknown)}"
            weak = [f for f in question.facts if not facts[f]]
            assert not weak, f"{quiz_page.id}/{question.id} rests on unconfirmed or secondary facts {weak}"
