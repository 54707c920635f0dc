"""No scenario or reflection, however broken, makes `check` raise; whatever `check` accepts, every
target that builds scenarios and reflections builds, without a crash (fuzzed with hypothesis)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from builder.build import check_course
from builder.model import PAGE_KINDS
from builder.targets import available

from tests.builder.test_fuzz_course import HOSTILE_TEXT, build_what_check_accepts, write_course

FRAGMENTS = ["## ", "{#a}", "{#b}", "{#c .ending}", "{#d .ending score=", "100}", "-1}", "{.questions}",
             "{.model-answer}", "{.other}", "- ", "* ", "1. ", "  ", "\t", "-> a", "-> b", "-> c", "-> zz", "\n",
             "\n\n", "```", "<video controls src=\"x.mp4\">", "<iframe>", "[l](lesson:x)", "![](", "#", "{", "}",
             ".ending", "score=50", "مؤتمر"]
BODY = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), max_size=50).map("".join)
HEAD = "id: c\ntitle: T\nlanguage: en\ndescription: D\n"


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "150")), deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(scenario=BODY, reflection=BODY, weight=st.sampled_from(["", "weight: 1\n", "weight: 0\npass_mark: 50\n"]))
def test_check_never_raises_on_broken_scenarios_and_reflections(scenario, reflection, weight):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_course(root, {"course.yml": HEAD, "01-m/module.yml": "title: M\n",
                            "01-m/01-s.md": f"---\ntitle: S\ntype: scenario\n{weight}---\n{scenario}",
                            "01-m/02-r.md": f"---\ntitle: R\ntype: reflection\n---\n{reflection}"})
        checked = check_course(root)
        for diagnostic in checked.diagnostics:
            assert diagnostic.path and diagnostic.code and diagnostic.message and diagnostic.line >= 0
        event("clean" if checked.ok else "check: " + min(d.code for d in checked.diagnostics if d.is_error))


SPOTS = ["node_title", "node_text", "choice", "consequence", "ending", "prompt", "question", "heading", "answer"]
COURSE = {
    "course.yml": HEAD + "completion: visited-and-passed\n",
    "01-m/module.yml": "title: M\n",
    "01-m/01-s.md": "---\ntitle: S\ntype: scenario\nid: s\nweight: 1\n---\n## {node_title} {{#start}}\n{node_text}\n\n"
                    "- {choice} {{#go}} -> end\n  {consequence}\n- Other {{#other}} -> end\n  Fine.\n\n"
                    "## The end {{#end .ending score=80}}\n{ending}\n",
    "01-m/02-r.md": "---\ntitle: R\ntype: reflection\nid: r\nsave: lms\n---\n{prompt}\n\n## {heading} {{.questions}}\n"
                    "1. {question}\n\n## Answer {{.model-answer}}\n{answer}\n",
}


@st.composite
def hostile_activities(draw) -> dict[str, str]:
    texts = dict.fromkeys(SPOTS, "Plain text")
    for spot in draw(st.lists(st.sampled_from(SPOTS), min_size=1, max_size=3, unique=True)):
        texts[spot] = draw(HOSTILE_TEXT).replace("\n", " ")
    return {name: template.format(**texts) for name, template in COURSE.items()}


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "60")), deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(files=hostile_activities())
def test_whatever_check_accepts_every_ready_target_builds(files):
    ready = [name for name, cls in available().items() if set(PAGE_KINDS) <= cls.page_kinds]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "course"
        write_course(root, files)
        result = build_what_check_accepts(root, ready, Path(folder) / "dist")
        if result is not None and result.ok:
            assert {w.target for w in result.written} == set(ready)
