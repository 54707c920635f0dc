"""The learner state (builder/runtime/state.js): keyed by stable IDs, round-trips exactly, survives
republishing, and never exceeds the worst case the builder computes (builder/runtime/keys.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from damage import damaged

from coursepack_quiz.model import Choice, MatchPair, OrderItem, Question, QuestionType, Quiz, QuizSettings

from builder.build import check_course
from builder.model import Course, Lesson, Module, QuizPage
from builder.runtime.budget import check_budget
from builder.runtime.bundle import course_data
from builder.runtime.keys import course_keys, fill_in_limit, make_keys, option_ids, worst_case_state
from builder.schema import CourseConfig

COURSES = Path(__file__).resolve().parents[1] / "fixtures" / "courses"


def question(qid: str, kind: str) -> Question:
    if kind == "single":
        return Question(id=qid, type=QuestionType.SINGLE, prompt="p", choices=(
            Choice(id="a", text="A", correct=True), Choice(id="b", text="B"), Choice(id="c", text="C"),
            Choice(id="d", text="D")))
    if kind == "multiple":
        return Question(id=qid, type=QuestionType.MULTIPLE, prompt="p", choices=tuple(
            Choice(id=f"o{i}", text=str(i), correct=i < 2) for i in range(5)))
    if kind == "fill-in":
        return Question(id=qid, type=QuestionType.FILL_IN, prompt="p", answers=("Palermo", "Palermo, Italy"))
    if kind == "matching":
        return Question(id=qid, type=QuestionType.MATCHING, prompt="p", pairs=tuple(
            MatchPair(id=f"m{i}", left=f"l{i}", right=f"r{i}") for i in range(4)))
    return Question(id=qid, type=QuestionType.ORDERING, prompt="p", items=tuple(
        OrderItem(id=f"s{i}", text=str(i)) for i in range(4)))


KINDS = ["single", "single", "single", "multiple", "true-false-like", "fill-in", "matching", "ordering", "single",
         "multiple"]


def synthetic_course(lessons: int, quizzes: int, per_quiz: int, kinds=None) -> Course:
    """A course of `lessons` lessons and `quizzes` quizzes of `per_quiz` mixed questions."""
    kinds = kinds or KINDS
    config = CourseConfig(id="big", title="Big", language="en", description="d", completion="visited-and-passed")
    modules = []
    for m in range(quizzes):
        pages = [Lesson(f"module-{m}-lesson-{i}", "t", f"module-{m}", "<p>x</p>")
                 for i in range(m * lessons // quizzes, (m + 1) * lessons // quizzes)]
        qs = tuple(question(f"q-{m}-{i}", kinds[i % len(kinds)] if kinds[i % len(kinds)] != "true-false-like"
                            else "single") for i in range(per_quiz))
        quiz = Quiz(id=f"module-{m}-check", title="Check", settings=QuizSettings(pass_mark=80, attempts=3), questions=qs)
        pages.append(QuizPage(quiz.id, "Check", f"module-{m}", quiz, quiz))
        modules.append(Module(f"module-{m}", "M", tuple(pages)))
    return Course(config, tuple(modules))


def fullest_state(course: Course) -> dict:
    """The longest state encode() can produce: everything visited, answered to the longest."""
    quizzes = {}
    for page in course.quizzes():
        answers = {}
        for q in page.quiz.questions:
            ids = option_ids(q)
            keys = course_keys(course).options[(page.id, q.id)]
            widest = max(ids, key=lambda i: len(keys[i])) if ids else None
            answers[q.id] = {"single": widest, "true-false": widest, "multiple": ids, "ordering": ids,
                             "fill-in": "x" * fill_in_limit(q),
                             "matching": {p.id: widest for p in q.pairs}}[q.type.value]
        quizzes[page.id] = {"attempts": 100, "best": 100, "submitted": True, "answers": answers}
    longest = max(course.pages(), key=lambda p: len(course_keys(course).pages[p.id]))
    scenarios = {s.id: {"path": longest_path(s), "finished": True, "best": 100} for s in course.scenarios()}
    reflections = {r.id: "\u0663" * r.max_chars for r in course.reflections() if r.save == "lms"}
    return {"location": longest.id, "visited": [p.id for p in course.pages()], "quizzes": quizzes,
            "interactions": 36 ** 3 - 1, "version": course.config.version, "done": True, "top": 100,
            "scenarios": scenarios, "reflections": reflections, "notice": False}


def longest_path(scenario) -> list[str]:
    """The longest loop-free path of choices from the start (depth-first: fixture graphs are small)."""
    nodes = {n.id: n for n in scenario.nodes}

    def walk(node_id: str, seen: frozenset) -> list[str]:
        best: list[str] = []
        for c in nodes[node_id].choices:
            if c.next not in seen:
                tail = [c.id] + walk(c.next, seen | {c.next})
                best = max(best, tail, key=len)
        return best

    return walk(scenario.start.id, frozenset({scenario.start.id}))


def fixture(name: str) -> Course:
    return check_course(COURSES / name).course


@pytest.mark.parametrize("name", ["basic-en", "basic-ar"])
def test_round_trip_keeps_every_answer(node, name):
    course = fixture(name)
    state = fullest_state(course)
    quiz = next(course.quizzes())
    fill = next(q for q in quiz.quiz.questions if q.type is QuestionType.FILL_IN)
    # Fill-in text may hold the format's own separators and any script.
    state["quizzes"][quiz.id]["answers"][fill.id] = "a!b*c;d:e'f ٥٥/٢٥ é"
    state["interactions"] = 12
    (back,) = node("roundtrip", [{"course": course_data(course, "none"), "state": state}])
    assert back == state


@pytest.mark.parametrize("name", ["basic-en", "basic-ar", "activities-en", "activities-ar"])
def test_worst_case_is_exact_for_fixtures(node, name):
    course = fixture(name)
    (text,) = node("encode", [{"course": course_data(course, "none"), "state": fullest_state(course)}])
    assert len(text) == worst_case_state(course)


def test_a_course_of_200_lessons_and_150_questions_fits_scorm12_with_room(node):
    course = synthetic_course(lessons=200, quizzes=15, per_quiz=10)
    assert sum(1 for _ in course.lessons()) == 200
    assert sum(len(q.quiz.questions) for q in course.quizzes()) == 150
    (text,) = node("encode", [{"course": course_data(course, "none"), "state": fullest_state(course)}])
    worst = worst_case_state(course)
    assert len(text) <= worst < 0.75 * 4096, (len(text), worst)
    assert check_budget(course, 4096, "scorm12", "cmi.suspend_data") == []


def test_budget_warns_near_and_fails_over_the_limit():
    small = synthetic_course(lessons=10, quizzes=2, per_quiz=4)
    worst = worst_case_state(small)
    (warn,) = check_budget(small, int(worst / 0.8), "scorm12", "cmi.suspend_data")
    assert warn.severity.value == "warning" and warn.code == "state.near-limit" and f"{worst:,}" in warn.message
    (fail,) = check_budget(small, worst - 1, "scorm12", "cmi.suspend_data")
    assert fail.severity.value == "error" and fail.code == "state.too-large" and f"{worst - 1:,}" in fail.message
    assert check_budget(small, worst * 2, "scorm12", "cmi.suspend_data") == []


def test_republishing_keeps_progress_on_what_did_not_change(node):
    before = synthetic_course(lessons=6, quizzes=2, per_quiz=5)
    state = fullest_state(before)
    state["visited"] = [p.id for p in before.pages()]
    # The corrected course: a lesson removed, a lesson inserted at the front, a question's options
    # replaced, another question inserted; modules reordered (positions all shift).
    m0, m1 = before.modules
    changed = m0.pages[-1].quiz
    q0 = changed.questions[0].model_copy(update={"choices": (Choice(id="new", text="N", correct=True),)})
    quiz = changed.model_copy(update={"questions": (question("q-new", "single"), q0) + changed.questions[1:]})
    m0 = Module(m0.id, m0.title, (Lesson("intro", "i", m0.id, ""),) + m0.pages[1:-1] + (QuizPage(quiz.id, "c", m0.id, quiz, quiz),))
    after = Course(before.config, (m1, m0))
    (back,) = node("migrate", [{"before": course_data(before, "none"), "after": course_data(after, "none"),
                                "state": state}])
    removed = before.modules[0].pages[0].id
    assert set(back["visited"]) == set(state["visited"]) - {removed}
    kept = back["quizzes"][quiz.id]["answers"]
    assert q0.id not in kept  # its stored option no longer exists: that answer alone is dropped
    assert {k: v for k, v in kept.items()} == {k: v for k, v in state["quizzes"][quiz.id]["answers"].items() if k != q0.id}
    assert back["quizzes"][quiz.id]["attempts"] == 100
    assert back["quizzes"][m1.pages[-1].id] == state["quizzes"][m1.pages[-1].id]


def test_keys_come_from_ids_not_positions():
    assert make_keys(["b", "a"], 4) == make_keys(["a", "b"], 4) | make_keys(["b"], 4)
    assert make_keys(["lesson-ar-عربي"], 4)["lesson-ar-عربي"] == make_keys(["x", "lesson-ar-عربي"], 4)["lesson-ar-عربي"]


def test_colliding_short_keys_get_long_unique_ones():
    ids = [f"id-{i}" for i in range(3000)]  # 3,000 IDs in 1,296 two-character keys must collide
    keys = make_keys(ids, 2)
    assert len(set(keys.values())) == len(ids)
    assert any(k.startswith("~") and len(k) == 8 for k in keys.values())


def test_nothing_saved_is_a_fresh_start_and_unreadable_state_is_kept_in_part_and_flagged(node):
    course = course_data(fixture("basic-en"), "none")
    nothing = node("decode", [{"course": course, "text": t} for t in ("", None)])
    assert nothing == [None, None]
    unreadable = node("decode", [{"course": course, "text": t} for t in ("x", "2!abc", "9!1!!!", "1!!!!", "1!zzzz!zzzz!!")])
    assert [r["notice"] for r in unreadable[:3]] == [True, True, True]
    assert all(r["visited"] == [] and r["quizzes"] == {} for r in unreadable)
    assert unreadable[3]["notice"] is False and unreadable[4]["location"] is None


def test_out_of_range_numbers_are_clamped_and_flagged(node):
    course = fixture("basic-en")
    data = course_data(course, "none")
    quiz = next(p for p in data["pages"] if p.get("quiz"))
    page = data["pages"][0]["k"]
    # best 2,854.96 % ("64ag" in base 36), 5,000 attempts, a negative interaction count
    text = f"2!1.0.0!{page}!{page}!{quiz['k']}.3uw.64ag.1.!-5!1.zzzz"
    (state,) = node("decode", [{"course": data, "text": text}])
    assert state["quizzes"][quiz["id"]]["best"] == 100
    assert state["quizzes"][quiz["id"]]["attempts"] == 100
    assert state["interactions"] == 0 and state["top"] == 100 and state["done"] is True
    assert state["notice"] is True and state["visited"] == [data["pages"][0]["id"]]


def test_format_1_state_is_migrated(node):
    course = fixture("basic-en")
    data = course_data(course, "none")
    state = fullest_state(course)
    (text,) = node("encode", [{"course": data, "state": state}])
    _, _, rest = text.split("!", 2)  # "3!<version>!<rest>": the format-1 text is "1!" + rest minus the flags
    old = "1!" + rest.rsplit("!", 3)[0]  # … and minus format 3's scenarios and reflections
    (back,) = node("decode", [{"course": data, "text": old}])
    assert back == state | {"version": "", "done": False, "top": None}


def test_a_removed_option_drops_only_that_choice_from_a_multiple_response_answer(node):
    before = synthetic_course(lessons=2, quizzes=1, per_quiz=4, kinds=["multiple"])
    state = fullest_state(before)
    quiz = next(before.quizzes())
    q = quiz.quiz.questions[0]
    trimmed = q.model_copy(update={"choices": q.choices[1:]})
    new_quiz = quiz.quiz.model_copy(update={"questions": (trimmed,) + quiz.quiz.questions[1:]})
    module = before.modules[0]
    after = Course(before.config, (Module(module.id, module.title, module.pages[:-1] + (
        QuizPage(quiz.id, "Check", module.id, new_quiz, new_quiz),)),))
    (back,) = node("migrate", [{"before": course_data(before, "none"), "after": course_data(after, "none"),
                                "state": state}])
    assert back["quizzes"][quiz.id]["answers"][q.id] == [c.id for c in q.choices[1:]]
    assert back["notice"] is False


def test_mutated_states_never_throw_and_stay_in_range(node):
    """1,000 seeded mutations of a full state (characters changed, cut, repeated): decode returns a
    state whose numbers are in range and whose IDs all exist, or null, and never throws."""
    course = fixture("basic-en")
    data = course_data(course, "none")
    (text,) = node("encode", [{"course": data, "state": fullest_state(course)}])
    texts = damaged(text, 1000, seed=13, max_edits=4)
    results = node("decode", [{"course": data, "text": t} for t in texts])
    pages = {p.id for p in course.pages()}
    for state in results:
        if state is None:
            continue
        assert set(state["visited"]) <= pages and (state["location"] is None or state["location"] in pages)
        assert 0 <= state["interactions"] <= 36 ** 3 - 1
        assert state["top"] is None or 0 <= state["top"] <= 100
        for quiz in state["quizzes"].values():
            assert 0 <= quiz["attempts"] <= 100 and (quiz["best"] is None or 0 <= quiz["best"] <= 100)
    assert sum(1 for s in results if s and s["notice"]) > 100  # damage is reported, not hidden


@pytest.mark.parametrize("name", ["activities-en", "activities-ar"])
def test_the_fullest_activity_state_round_trips(node, name):
    course = fixture(name)
    state = fullest_state(course)
    assert state["scenarios"] and state["reflections"]  # the fixture has both kinds to store
    (back,) = node("roundtrip", [{"course": course_data(course, "none"), "state": state}])
    assert back == state


def test_budget_hint_names_the_reflections_kept_in_the_state_when_they_dominate():
    from dataclasses import replace

    course = fixture("activities-en")
    (kept,) = [r for r in course.reflections() if r.save == "lms"]
    big = replace(kept, max_chars=4000)
    modules = tuple(replace(m, pages=tuple(big if p is kept else p for p in m.pages)) for m in course.modules)
    course = replace(course, modules=modules)
    (problem,) = check_budget(course, 4096, "scorm12", "cmi.suspend_data (SCORM 1.2)")
    assert problem.code == "state.too-large"
    assert "save: device" in problem.hint and kept.source_path in problem.hint
