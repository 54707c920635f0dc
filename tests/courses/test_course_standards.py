"""Course standards every shipped course keeps (issue 11): applied learning, honest durations,
and quiz keys that rest only on confirmed facts that exist in the fact sheet.

Courses are discovered from courses/ (every folder with a course.yml). Fact checks read
$COURSEPACK_FACTS, else ../shared/content/FACTS.md beside the checkout, and skip with a reason
when neither exists.
"""

from __future__ import annotations

import math
import os
import re
from pathlib import Path

import pytest
import yaml

from builder.build import check_course
from builder.review.facts import Fact, load_facts
from test_untoc_courses import PARTLY_CONFIRMED as _PARTLY_CONFIRMED_ELSEWHERE

REPO = Path(__file__).resolve().parents[2]
COURSE_DIRS = sorted(p.parent for p in (REPO / "courses").glob("*/course.yml"))

WORDS_PER_MINUTE = 200
MINUTES_PER_QUESTION = 1.5
TOLERANCE = 0.20  # a declared duration may differ from the computed one by at most 20 %
MIN_APPLIED_SHARE = 0.5

# Rows FACTS.md marks confirmed whose source column names a Secondary source for one side detail
# only; a key may rest on the confirmed part. Reviewers re-read these when FACTS.md changes.
PARTLY_CONFIRMED = {
    **_PARTLY_CONFIRMED_ELSEWHERE,
    "A-06": "192 States parties (UNODC, October 2024) is confirmed; only South Sudan and the 193 count are not",
    "A-48": "rule 17 is confirmed (UNODC page); only 'adopted at the first session' is secondary",
}
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")  # ![alt](src): alt text is for screen readers, the path for nobody
_WORD = re.compile(r"\w")  # a token counts as a word when it holds a letter or digit, so "#", ">" and "-" don't


@pytest.fixture(scope="module", params=COURSE_DIRS, ids=[p.name for p in COURSE_DIRS])
def course_dir(request) -> Path:
    return request.param


@pytest.fixture(scope="module")
def course(course_dir):
    checked = check_course(course_dir)  # not strict: a warning elsewhere must not hide these findings
    assert checked.course is not None, "\n".join(d.format() for d in checked.diagnostics)
    return checked.course


@pytest.fixture(scope="module")
def facts() -> dict[str, Fact]:
    """The fact sheet, parsed by the same code that shows facts to reviewers."""
    candidates = [os.environ.get("COURSEPACK_FACTS"), REPO.parent / "shared" / "content" / "FACTS.md"]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return load_facts(Path(candidate))
    pytest.skip("FACTS.md not found: set COURSEPACK_FACTS or put shared/content/FACTS.md beside the checkout")


def _questions(course):
    return [(page, question) for page in course.quizzes() for question in page.quiz.questions]


def reading_words(markdown: str) -> int:
    """Words a learner reads in a lesson body (front matter already removed by the loader)."""
    text = _IMAGE.sub(" ", _HTML_COMMENT.sub(" ", markdown))
    return sum(1 for token in text.split() if _WORD.search(token))


def lesson_minutes(lesson) -> int:
    """Reading time at 200 words a minute, rounded up; lessons declare no activity time (the
    lesson schema has no such field), so reading is all there is."""
    return math.ceil(reading_words(lesson.markdown) / WORDS_PER_MINUTE)


def quiz_minutes(quiz_page) -> float:
    return MINUTES_PER_QUESTION * len(quiz_page.quiz.questions)


def page_minutes(page) -> float:
    """A lesson's reading time, a quiz's 1.5 min a question; a scenario or reflection is an activity
    whose time only its author knows: its declared duration_minutes (none declared: 0)."""
    if page.kind == "lesson":
        return lesson_minutes(page)
    if page.kind == "quiz":
        return quiz_minutes(page)
    return page.duration_minutes or 0


def _within(declared: float, computed: float) -> bool:
    return abs(declared - computed) <= TOLERANCE * computed


def test_reading_words_ignore_comments_alt_text_and_markup():
    body = "# Title\n\n<!-- a note for authors -->\n![a long alt text here](media/x.svg)\n\n- one two\n> three"
    assert reading_words(body) == 4  # Title, one, two, three


def test_at_least_half_of_all_questions_are_applied(course):
    questions = _questions(course)
    applied = [q.id for _, q in questions if q.applied]
    assert questions, f"{course.id} has no quiz questions"
    share = len(applied) / len(questions)
    assert share >= MIN_APPLIED_SHARE, (
        f"{course.id}: {len(applied)} of {len(questions)} questions ({share:.0%}) carry .applied; "
        f"at least {MIN_APPLIED_SHARE:.0%} must put the learner in a situation (## ... {{#id .applied}})")


def test_every_lesson_declares_its_real_reading_time(course):
    wrong = []
    for lesson in course.lessons():
        computed = lesson_minutes(lesson)
        if lesson.duration_minutes is None:
            wrong.append(f"{lesson.source_path}: no duration_minutes (computed {computed} min)")
        elif not _within(lesson.duration_minutes, computed):
            wrong.append(f"{lesson.source_path}: declares {lesson.duration_minutes} min, but "
                         f"{reading_words(lesson.markdown)} words at {WORDS_PER_MINUTE} wpm is {computed} min")
    assert not wrong, "durations off by more than 20 %:\n" + "\n".join(wrong)


def test_course_duration_is_the_sum_of_its_pages(course, course_dir):
    """Quizzes declare no duration of their own (1.5 min a question); modules declare none in
    module.yml; the course total, when course.yml declares one, must match the sum."""
    for module_yml in course_dir.glob("*/module.yml"):
        declared = (yaml.safe_load(module_yml.read_text(encoding="utf-8")) or {}).get("duration_minutes")
        assert declared is None, f"{module_yml}: modules declare no duration (the schema has no field for it)"
    config = yaml.safe_load((course_dir / "course.yml").read_text(encoding="utf-8")) or {}
    if "duration_minutes" not in config:
        pytest.skip(f"{course.id}: course.yml declares no duration_minutes")
    per_module = {m.id: sum(page_minutes(p) for p in m.pages) for m in course.modules}
    total = sum(per_module.values())
    assert _within(config["duration_minutes"], total), (
        f"{course_dir / 'course.yml'}: duration_minutes {config['duration_minutes']} but lessons plus quizzes "
        f"(1.5 min a question) add up to {total:g} min: " + ", ".join(f"{k} {v:g}" for k, v in per_module.items()))


def test_no_question_rests_on_a_secondary_or_unconfirmed_fact(course, facts):
    weak = [f"{page.source_path}:{q.line}: {q.id} cites {fid} ({facts[fid].status})"
            for page, q in _questions(course) for fid in q.facts
            if fid in facts and facts[fid].status and fid not in PARTLY_CONFIRMED]
    assert not weak, ("questions must not cite facts FACTS.md marks Secondary or Unconfirmed:\n" + "\n".join(weak))


def test_every_cited_fact_exists(course, facts):
    cited = [(page.source_path, 1, page.id, fid) for page in course.pages() for fid in page.facts]
    cited += [(page.source_path, q.line, q.id, fid) for page, q in _questions(course) for fid in q.facts]
    unknown = [f"{path}:{line}: {owner} cites {fid}" for path, line, owner, fid in cited if fid not in facts]
    assert not unknown, "fact IDs not in FACTS.md:\n" + "\n".join(unknown)
