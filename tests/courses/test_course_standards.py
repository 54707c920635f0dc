"""Course standards every shipped course keeps (issue 11): applied learning, honest durations,
quiz keys that rest only on confirmed facts that exist in the fact sheet, and one decision
scenario and one reflection (with its worksheet to download) in every content module.

Courses are discovered from courses/ (every folder with a course.yml). Fact checks read
$COURSEPACK_FACTS, else ../shared/content/FACTS.md beside the checkout, and skip with a reason
when neither exists.
"""

from __future__ import annotations

import math
import os
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from builder.build import check_course
from builder.review.facts import Fact, load_facts
from test_untoc_courses import PARTLY_CONFIRMED as _PARTLY_CONFIRMED_ELSEWHERE

REPO = Path(__file__).resolve().parents[2]
COURSE_DIRS = sorted(p.parent for p in (REPO / "courses").glob("*/course.yml"))

WORDS_PER_MINUTE = 200
MINUTES_PER_QUESTION = 1.5
MINUTES_PER_DECISION = 1  # a scenario step: read the choices, weigh them, read the consequence
REFLECTION_WRITING_MINUTES = 10  # the learner writes their own answer
MIN_DECISION_STEPS = 2  # choices a learner makes before reaching the best ending
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
_SECTION_HEADING = re.compile(r"^##[ \t].*$", re.M)  # a reflection's `## ... {.questions}` / `{.model-answer}` lines


@pytest.fixture(scope="module", params=COURSE_DIRS, ids=[p.name for p in COURSE_DIRS])
def course_dir(request) -> Path:
    return request.param


#: Each model page's Markdown body as validation read it (the model keeps none), by the page object.
_BODIES: dict[int, str] = {}


def body(page) -> str:
    return _BODIES[id(page)]


@pytest.fixture(scope="module")
def course(course_dir):
    checked = check_course(course_dir)  # not strict: a warning elsewhere must not hide these findings
    assert checked.course is not None, "\n".join(d.format() for d in checked.diagnostics)
    bodies = {page.id: page.source.doc.body for module in checked.valid.modules for page in module.pages}
    _BODIES.update({id(page): bodies[page.id] for page in checked.course.pages()})
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
    return math.ceil(reading_words(body(lesson)) / WORDS_PER_MINUTE)


def quiz_minutes(quiz_page) -> float:
    return MINUTES_PER_QUESTION * len(quiz_page.quiz.questions)


def decision_nodes(nodes) -> list:
    """The steps where the learner chooses: every node that is not an ending."""
    return [node for node in nodes if not node.ending]


def scenario_minutes(scenario) -> int:
    """All words of the scenario body (every branch, as an author cannot know which a learner
    takes) at 200 a minute, plus one minute per decision step, rounded up."""
    return math.ceil(reading_words(body(scenario)) / WORDS_PER_MINUTE
                     + MINUTES_PER_DECISION * len(decision_nodes(scenario.nodes)))


def reflection_words(markdown: str) -> int:
    """Words of the prompt, the guiding questions and the model answer; the section headings
    are labels, not reading."""
    return reading_words(_SECTION_HEADING.sub(" ", markdown))


def reflection_minutes(reflection) -> int:
    return math.ceil(reflection_words(body(reflection)) / WORDS_PER_MINUTE + REFLECTION_WRITING_MINUTES)


def page_minutes(page) -> float:
    """Honest time of any page; a kind this test does not know fails rather than counting 0."""
    timers = {"lesson": lesson_minutes, "quiz": quiz_minutes, "scenario": scenario_minutes,
              "reflection": reflection_minutes}
    assert page.kind in timers, f"{page.source_path}: no duration rule for page kind '{page.kind}'"
    return timers[page.kind](page)


def fewest_decisions_to(nodes, targets: set[str]) -> int | None:
    """Fewest choices a learner makes from the start (nodes[0]) to any node in `targets`
    (breadth-first over the choices' `next`); None when none is reachable."""
    by_id = {node.id: node for node in nodes}
    depth = {nodes[0].id: 0} if nodes else {}
    frontier = list(depth)
    while frontier:
        following = []
        for node_id in frontier:
            if node_id in targets:
                return depth[node_id]
            for choice in by_id[node_id].choices:
                if choice.next in by_id and choice.next not in depth:
                    depth[choice.next] = depth[node_id] + 1
                    following.append(choice.next)
        frontier = following
    return None


def scenario_shape_problems(nodes) -> list[str]:
    """What keeps a scenario from being practice worth playing (the writers' brief): at least two
    endings, every ending scored, the best scoring 100 and another lower, and at least two
    decision steps, none of them skippable on the way to the best ending."""
    endings = [node for node in nodes if node.ending]
    problems = []
    if len(endings) < 2:
        problems.append(f"{len(endings)} ending(s); at least 2 (a good one and a weaker one)")
    unscored = [node.id for node in endings if node.score is None]
    if unscored:
        problems.append(f"endings without score=: {', '.join(unscored)}")
    scores = [node.score for node in endings if node.score is not None]
    if scores and max(scores) != 100:
        problems.append(f"best ending scores {max(scores):g}, not 100")
    if scores and min(scores) == max(scores):
        problems.append("every ending has the same score; a weaker ending must score lower")
    if len(decision_nodes(nodes)) < MIN_DECISION_STEPS:
        problems.append(f"{len(decision_nodes(nodes))} decision step(s); at least {MIN_DECISION_STEPS}")
    if scores:
        best = {node.id for node in endings if node.score == max(scores)}
        steps = fewest_decisions_to(nodes, best)
        if steps is None or steps < MIN_DECISION_STEPS:
            problems.append(f"the best ending is {steps} choice(s) from the start; at least {MIN_DECISION_STEPS}")
    return problems


def content_modules(course):
    """Every module but the first (getting started) and the last (final assessment and reading)."""
    return course.modules[1:-1]


def _within(declared: float, computed: float) -> bool:
    return abs(declared - computed) <= TOLERANCE * computed


def test_reading_words_ignore_comments_alt_text_and_markup():
    body = "# Title\n\n<!-- a note for authors -->\n![a long alt text here](media/x.svg)\n\n- one two\n> three"
    assert reading_words(body) == 4  # Title, one, two, three


def test_reflection_words_leave_out_the_section_headings():
    body = "Think about it.\n\n## Questions to guide you {.questions}\n1. Why?\n\n## One answer {.model-answer}\nBecause."
    assert reflection_words(body) == 6  # Think, about, it, "1." (list numbers count, as in lessons), Why, Because


def _node(node_id, *nexts, ending=False, score=None):
    choices = [SimpleNamespace(next=target) for target in nexts]
    return SimpleNamespace(id=node_id, ending=ending, score=score, choices=choices)


def test_scenario_shape_accepts_two_steps_to_the_best_ending():
    nodes = [_node("start", "step", "weak"), _node("step", "good", "start"),
             _node("good", ending=True, score=100), _node("weak", ending=True, score=30)]
    assert scenario_shape_problems(nodes) == []
    assert fewest_decisions_to(nodes, {"good"}) == 2


@pytest.mark.parametrize("nodes, expected", [
    ([_node("start", "good", "weak"), _node("good", ending=True, score=100), _node("weak", ending=True, score=0)],
     "1 decision step(s)"),
    ([_node("start", "step", "good"), _node("step", "good", "weak"),
      _node("good", ending=True, score=100), _node("weak", ending=True, score=0)],
     "the best ending is 1 choice(s) from the start"),
    ([_node("start", "step", "good"), _node("step", "good", "start"), _node("good", ending=True, score=100)],
     "1 ending(s)"),
    ([_node("start", "step", "weak"), _node("step", "good", "weak"),
      _node("good", ending=True), _node("weak", ending=True, score=20)], "endings without score=: good"),
    ([_node("start", "step", "weak"), _node("step", "good", "weak"),
      _node("good", ending=True, score=80), _node("weak", ending=True, score=20)], "best ending scores 80"),
    ([_node("start", "step", "weak"), _node("step", "good", "weak"),
      _node("good", ending=True, score=100), _node("weak", ending=True, score=100)], "the same score"),
], ids=["one-step", "best-ending-skips-a-step", "one-ending", "unscored", "best-not-100", "all-equal"])
def test_scenario_shape_names_each_problem(nodes, expected):
    problems = scenario_shape_problems(nodes)
    assert any(expected in problem for problem in problems), problems


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
                         f"{reading_words(body(lesson))} words at {WORDS_PER_MINUTE} wpm is {computed} min")
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
        f"{course_dir / 'course.yml'}: duration_minutes {config['duration_minutes']} but lessons, quizzes "
        f"(1.5 min a question), scenarios and reflections add up to {total:g} min: "
        + ", ".join(f"{k} {v:g}" for k, v in per_module.items()))


#: How each activity kind's time is computed, and how the test explains the figure.
ACTIVITY_TIMES = {
    "scenario": (lambda page: scenario_minutes(page),
                 lambda page: f"{reading_words(body(page))} words at {WORDS_PER_MINUTE} wpm plus "
                              f"{len(decision_nodes(page.nodes))} decision step(s)"),
    "reflection": (lambda page: reflection_minutes(page),
                   lambda page: f"{reflection_words(body(page))} words at {WORDS_PER_MINUTE} wpm plus "
                                f"{REFLECTION_WRITING_MINUTES} min of writing"),
}


@pytest.mark.parametrize("kind", sorted(ACTIVITY_TIMES))
def test_every_activity_declares_its_honest_time(course, kind):
    computed_minutes, explain = ACTIVITY_TIMES[kind]
    wrong = []
    for page in (p for p in course.pages() if p.kind == kind):
        assert body(page).strip(), f"{page.source_path}: validation read no body to count"
        computed = computed_minutes(page)
        if page.duration_minutes is None or not _within(page.duration_minutes, computed):
            wrong.append(f"{page.source_path}: declares {page.duration_minutes} min, but {explain(page)} "
                         f"is {computed} min")
    assert not wrong, f"{kind} durations off by more than 20 %:\n" + "\n".join(wrong)


def test_every_scenario_is_worth_playing(course):
    shaped = {scenario.source_path: scenario_shape_problems(scenario.nodes) for scenario in course.scenarios()}
    wrong = [f"{path}: {problem}" for path, problems in shaped.items() for problem in problems]
    assert not wrong, "scenarios that break the brief:\n" + "\n".join(wrong)


def test_every_content_module_has_one_scenario_and_one_reflection_with_a_download(course):
    wrong = []
    for module in content_modules(course):
        scenarios = [p for p in module.pages if p.kind == "scenario"]
        reflections = [p for p in module.pages if p.kind == "reflection"]
        if len(scenarios) != 1:
            wrong.append(f"module {module.id}: {len(scenarios)} decision scenarios, not 1")
        if len(reflections) != 1:
            wrong.append(f"module {module.id}: {len(reflections)} reflections, not 1")
        wrong += [f"{p.source_path}: reflection without a worksheet in downloads:" for p in reflections
                  if not p.downloads]
    assert content_modules(course), f"{course.id} has no content modules"
    assert not wrong, "\n".join(wrong)


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
