"""`coursepack ids --write` on real files: line endings, byte-order mark and permissions kept,
atomic, and a file it cannot read or write left unchanged with an error (exit 1), never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from builder.cli import main

FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _quiz_without_ids(course: Path) -> Path:
    quiz = course / "02-practice" / "02-quiz.md"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace(" {#q-alt}", ""), encoding="utf-8")
    return quiz


def test_ids_write_keeps_crlf_bom_and_permissions(tmp_path):
    course = Path(shutil.copytree(FIXTURES / "courses" / "basic-en", tmp_path / "c"))
    quiz = _quiz_without_ids(course)
    lf = quiz.read_bytes()
    quiz.write_bytes(b"\xef\xbb\xbf" + lf.replace(b"\n", b"\r\n"))
    quiz.chmod(0o600)
    assert run("ids", str(course), "--write").exit_code == 0
    after = quiz.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf---\r\n")
    assert after.count(b"\r\n") == lf.count(b"\n") and b"\n" not in after.replace(b"\r\n", b"")
    assert b"{#q-" in after and quiz.stat().st_mode & 0o777 == 0o600
    assert run("check", str(course), "--strict", "--accept", "imscc.question-mapped").exit_code == 0
    assert not list(quiz.parent.glob(".coursepack-tmp-*"))


def test_ids_leaves_a_file_it_cannot_keep_unchanged(tmp_path):
    course = Path(shutil.copytree(FIXTURES / "courses" / "basic-en", tmp_path / "c"))
    quiz = _quiz_without_ids(course)
    latin = quiz.read_text(encoding="utf-8").replace("course.yml", "caf\xe9.yml").encode("latin-1")
    quiz.write_bytes(latin)
    result = run("ids", str(course), "--write")
    assert result.exit_code == 1 and "not UTF-8" in result.output
    assert quiz.read_bytes() == latin


def test_ids_reports_a_file_it_cannot_write(tmp_path, monkeypatch):
    course = Path(shutil.copytree(FIXTURES / "courses" / "basic-en", tmp_path / "c"))
    quiz = _quiz_without_ids(course)
    before = quiz.read_bytes()

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("builder.package.os.replace", refuse)
    result = run("ids", str(course), "--write")
    assert result.exit_code == 1 and "cannot write it: Permission denied" in result.output
    assert quiz.read_bytes() == before and not list(quiz.parent.glob(".coursepack-tmp-*"))


def test_ids_reads_the_front_matter_as_yaml_like_the_builder(tmp_path):
    """`type: "quiz"` is a quiz to the builder, so `ids` numbers it; `type: quizzes` is no quiz."""
    from click.testing import CliRunner

    from builder.cli import main

    quoted = tmp_path / "01-quoted.md"
    quoted.write_text('---\ntype: "quiz"\ntitle: Q\n---\n\n## Question\n\nPick.\n\n- [x] Yes\n- [ ] No\n',
                      encoding="utf-8")
    lesson = tmp_path / "02-lesson.md"
    lesson.write_text("---\ntype: quizzes\ntitle: L\n---\n\n## Question\n\n- [x] Yes\n- [ ] No\n",
                      encoding="utf-8")
    result = CliRunner().invoke(main, ["ids", str(tmp_path)])
    assert "01-quoted.md" in result.output
    assert "02-lesson.md" not in result.output
