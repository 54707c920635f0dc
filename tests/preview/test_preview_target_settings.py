"""The preview builds targets with course.yml's settings, as `coursepack build` does."""

from __future__ import annotations

import shutil
from pathlib import Path

from builder.preview.rebuild import Rebuilder

COURSES = Path(__file__).resolve().parents[1] / "fixtures" / "courses"
BANK = "question_bank/question_bank.xml"


def test_preview_trees_follow_course_yml_settings(tmp_path):
    course = tmp_path / "basic-en"
    shutil.copytree(COURSES / "basic-en", course)
    assert BANK not in Rebuilder(course).full().tree("imscc")  # off by default
    config = course / "course.yml"
    config.write_text(config.read_text(encoding="utf-8") + "targets:\n  imscc:\n    question_bank: true\n",
                      encoding="utf-8")
    snapshot = Rebuilder(course).full()
    assert snapshot.ok and BANK in snapshot.tree("imscc")
