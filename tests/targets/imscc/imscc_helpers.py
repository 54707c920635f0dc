"""Helpers shared by the Common Cartridge tests (a uniquely named module: every test folder has a conftest)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from builder.build import check_course
from builder.model import Course
from builder.targets.imscc import CommonCartridgeTarget

COURSES = Path(__file__).resolve().parents[2] / "fixtures" / "courses"


@dataclass
class Built:
    course: Course
    tree: dict[str, bytes]
    beside: dict[str, bytes]
    diagnostics: list


def build(course_dir: Path, **options) -> Built:
    checked = check_course(course_dir)
    assert checked.ok, [d.format() for d in checked.diagnostics]
    target = CommonCartridgeTarget(CommonCartridgeTarget.Settings(**options))
    output = target.emit(checked.course)
    return Built(checked.course, output.tree, output.beside, target.problems(checked.course))
