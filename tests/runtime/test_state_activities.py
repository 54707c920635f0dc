"""Format 3 of the learner state (builder/runtime/state.js): scenario paths and reflections kept in
the state (save: lms) round-trip, survive a republished scenario, never carry a save: device text,
and older formats still read. Courses here are course.js data written by hand (the shape
bundle.course_data gives), so each case shows exactly the graph it tests."""

from __future__ import annotations


import pytest
from damage import damaged


def choice(cid: str, key: str, nxt: str) -> dict:
    return {"id": cid, "k": key, "html": cid, "consequence": f"<p>{cid} happened</p>", "next": nxt}


def step(nid: str, key: str, *choices: dict, ending: bool = False, score: float | None = None) -> dict:
    return {"id": nid, "k": key, "title": nid, "html": "", "ending": ending, "score": score, "choices": list(choices)}


#: start -a-> middle -c-> good (ending); start -b-> middle; middle -d-> start (a loop); middle -e-> bad
GRAPH = [
    step("start", "s0", choice("a", "c1", "middle"), choice("b", "c2", "middle")),
    step("middle", "s1", choice("c", "c3", "good"), choice("d", "c4", "start"), choice("e", "c5", "bad")),
    step("good", "s2", ending=True, score=100),
    step("bad", "s3", ending=True, score=20),
]


def course(graph=None, save: str = "lms", max_chars: int = 50) -> dict:
    return {"version": "1.0", "pages": [
        {"id": "intro", "k": "aaa", "kind": "lesson", "title": "Intro", "module": "m", "html": ""},
        {"id": "case", "k": "bbb", "kind": "scenario", "title": "Case", "module": "m", "graded": True,
         "scenario": {"weight": 1, "pass_mark": 60, "start": "start", "nodes": graph or GRAPH}},
        {"id": "think", "k": "ccc", "kind": "reflection", "title": "Think", "module": "m",
         "reflection": {"prompt": "<p>Why?</p>", "questions_heading": "", "questions": [], "model_heading": "M",
                        "model": "<p>m</p>", "save": save, "max": max_chars, "downloads_html": ""}},
        {"id": "private", "k": "ddd", "kind": "reflection", "title": "Private", "module": "m",
         "reflection": {"prompt": "<p>Why?</p>", "questions_heading": "", "questions": [], "model_heading": "M",
                        "model": "<p>m</p>", "save": "device", "max": 50, "downloads_html": ""}},
    ]}


def state(**changes) -> dict:
    base = {"location": "case", "visited": ["intro", "case"], "quizzes": {}, "interactions": 3, "version": "1.0",
            "done": False, "top": None, "notice": False,
            "scenarios": {"case": {"path": ["b", "c"], "finished": True, "best": 100}},
            "reflections": {"think": "a!b*c'd.e ٥٥ é\nnew line"}}
    return base | changes


def test_paths_and_kept_reflections_round_trip(node):
    (text,) = node("encode", [{"course": course(), "state": state()}])
    assert text.startswith("3!1.0!bbb!aaabbb!!3!.!bbb.c2c3.1.7ps!ccc'")
    (back,) = node("roundtrip", [{"course": course(), "state": state()}])
    assert back == state()


def test_a_device_reflection_never_enters_the_state(node):
    secret = "my own words"
    given = state(reflections={"private": secret})
    (text,) = node("encode", [{"course": course(), "state": given}])
    assert secret not in text and text.endswith("!")  # no reflection record at all
    (text,) = node("encode", [{"course": course(save="device"), "state": state()}])
    assert "a!b*c" not in text


def test_unplayed_and_unfinished_scenarios(node):
    cases = [state(scenarios={}), state(scenarios={"case": {"path": [], "finished": False, "best": None}}),
             state(scenarios={"case": {"path": ["a"], "finished": True, "best": 20}})]
    assert node("roundtrip", [{"course": course(), "state": s} for s in cases]) == cases


def test_a_path_is_replayed_from_the_start_and_cut_where_the_graph_changed(node):
    # The republished scenario sends "a" straight to the ending: the stored "c" no longer leaves
    # the node reached, so the path stops after "a" (and the learner resumes on a real node).
    changed = list(GRAPH)
    changed[0] = step("start", "s0", choice("a", "c1", "good"), choice("b", "c2", "middle"))
    given = state(scenarios={"case": {"path": ["a", "c"], "finished": False, "best": None}})
    (back,) = node("migrate", [{"before": course(), "after": course(changed), "state": given}])
    assert back["scenarios"]["case"]["path"] == ["a"] and back["notice"] is False
    # A removed choice: the path stops before it.
    removed = [GRAPH[0], step("middle", "s1", choice("d", "c4", "start"), choice("e", "c5", "bad")), *GRAPH[2:]]
    (back,) = node("migrate", [{"before": course(), "after": course(removed), "state": state()}])
    assert back["scenarios"]["case"] == {"path": ["b"], "finished": True, "best": 100}


def test_a_reflection_longer_than_the_new_limit_is_cut_to_it(node):
    (back,) = node("migrate", [{"before": course(max_chars=50), "after": course(max_chars=5), "state": state()}])
    assert back["reflections"]["think"] == "a!b*c"


def test_formats_1_and_2_read_as_migrations(node):
    data = course()
    two = "2!1.0!bbb!aaabbb!!3!1.7ps"
    one = "1!bbb!aaabbb!!3"
    back = node("decode", [{"course": data, "text": t} for t in (two, one)])
    assert back[0] == state(scenarios={}, reflections={}, done=True, top=100)
    assert back[1] == state(scenarios={}, reflections={}, version="")


def test_damaged_format_3_texts_never_throw_and_stay_in_range(node):
    (text,) = node("encode", [{"course": course(), "state": state()}])
    texts = damaged(text, 600, seed=7, max_edits=3, repeats=False)
    texts += [text[:cut] for cut in range(len(text))]  # every truncation
    results = node("decode", [{"course": course(), "text": t} for t in texts])
    choices = {c["id"] for n in GRAPH for c in n["choices"]}
    for back in results:
        if back is None:
            continue
        for play in back["scenarios"].values():
            assert set(play["path"]) <= choices and (play["best"] is None or 0 <= play["best"] <= 100)
        assert set(back["reflections"]) <= {"think"} and all(len(t) <= 50 for t in back["reflections"].values())
    assert sum(1 for s in results if s and s["notice"]) > 100


@pytest.mark.parametrize(("path", "kept"), [(["a", "d", "b", "c"], 4), (["a", "a"], 1), (["a", "c", "c"], 2)])
def test_an_inconsistent_path_is_cut_at_the_first_step_that_cannot_be_played(node, path, kept):
    given = state(scenarios={"case": {"path": path, "finished": False, "best": None}})
    (back,) = node("roundtrip", [{"course": course(), "state": given}])
    assert back["scenarios"]["case"]["path"] == path[:kept]
