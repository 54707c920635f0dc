"""docs/authoring.md documents scenarios and reflections with complete examples that check clean,
and names every diagnostic code the builder can give for them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from builder.build import check_course

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
COURSE = ROOT / "tests" / "fixtures" / "courses" / "activities-en"


def example(section: str) -> str:
    """The first ````markdown example after the heading `section`."""
    start = DOC.index(f"\n## {section}\n")
    block = re.search(r"````markdown\n(.*?)````", DOC[start:], re.S)
    return block.group(1)


def test_the_documented_examples_check_clean_in_a_course(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(COURSE, course)
    (course / "02-decide" / "01-late-report.md").write_text(example("Decision scenarios"), encoding="utf-8")
    (course / "02-decide" / "03-your-review.md").write_text(example("Reflections"), encoding="utf-8")
    checked = check_course(course, strict=True)
    assert checked.ok, [d.format() for d in checked.diagnostics]
    assert checked.course.page("late-report").kind == "scenario"
    assert checked.course.page("your-review").kind == "reflection"


def test_every_scenario_and_reflection_code_is_documented():
    sources = "".join((ROOT / "builder" / name).read_text(encoding="utf-8")
                      for name in ("scenario.py", "reflection.py", "validate.py"))
    codes = set(re.findall(r'"((?:scenario|reflection)\.[a-z-]+)"', sources))
    assert len(codes) > 25
    assert sorted(code for code in codes if f"`{code}`" not in DOC) == []
    assert "scenario.not-built" not in DOC
