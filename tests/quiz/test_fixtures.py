"""Broken quiz files and their exact expected diagnostics, as committed folder pairs.

Each tests/fixtures/quizzes/<name>/ holds quiz.md and expected.txt (every diagnostic, formatted
with Diagnostic.format(), then a last line "quiz: built" or "quiz: none"). To refresh after an
intended change, run `pytest --update-golden` (the one flag for every golden file) and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from coursepack_quiz.syntax import parse_quiz_document

ROOT = Path(__file__).resolve().parent.parent / "fixtures" / "quizzes"
CASES = sorted(p.name for p in ROOT.iterdir() if (p / "quiz.md").is_file())


def _render(name: str) -> str:
    path = ROOT / name / "quiz.md"
    quiz, diagnostics = parse_quiz_document(path.read_text("utf-8"), path=f"{name}/quiz.md", default_id=name)
    lines = [d.format() for d in diagnostics]
    lines.append("quiz: built" if quiz is not None else "quiz: none")
    return "\n".join(lines) + "\n"


def test_there_are_fixtures():
    assert len(CASES) >= 4


@pytest.mark.parametrize("name", CASES)
def test_fixture_diagnostics(name, update_golden):
    expected_path = ROOT / name / "expected.txt"
    actual = _render(name)
    if update_golden:
        expected_path.write_text(actual, "utf-8")
    assert actual == expected_path.read_text("utf-8")
