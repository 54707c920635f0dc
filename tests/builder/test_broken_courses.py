"""Each broken fixture course gives exactly its expected diagnostics (tests/fixtures/broken/*/expected.txt).

Refresh after an intended change with `pytest tests/builder --update-golden` and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.build import check_course

BROKEN = Path(__file__).resolve().parents[1] / "fixtures" / "broken"
CASES = sorted(p.name for p in BROKEN.iterdir() if (p / "course.yml").exists())


def diagnostics_text(course: Path, monkeypatch: pytest.MonkeyPatch, *, strict: bool = False) -> str:
    monkeypatch.chdir(course)  # diagnostics show paths relative to the working directory
    checked = check_course(Path("."), strict=strict)
    return "".join(d.format() + "\n" for d in checked.diagnostics)


@pytest.mark.parametrize("name", CASES)
def test_broken_course_gives_exactly_its_expected_diagnostics(name, monkeypatch, update_golden):
    course = BROKEN / name
    expected_file = course / "expected.txt"
    actual = diagnostics_text(course, monkeypatch)
    if update_golden or not expected_file.exists():
        expected_file.write_text(actual, encoding="utf-8")
    assert actual == expected_file.read_text(encoding="utf-8")
    assert " error: " in actual, "a broken fixture must produce at least one error"


def test_strict_turns_warnings_into_errors(monkeypatch):
    course = BROKEN / "structure"
    relaxed = diagnostics_text(course, monkeypatch)
    strict = diagnostics_text(course, monkeypatch, strict=True)
    assert ": warning: " in relaxed
    assert ": warning: " not in strict
    assert strict.count(": error: ") == relaxed.count(": error: ") + relaxed.count(": warning: ")
