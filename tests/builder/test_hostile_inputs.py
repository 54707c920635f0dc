"""Hostile inputs that once crashed or hung `check` or `build`: each now gives exit 1 and a located
diagnostic, never a traceback (docs/authoring.md, "Limits").

Each case edits one file of a copy of the basic-en fixture. The payloads are written here rather
than as fixture folders because several are 100 KB of one repeated character.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder.cli import main

LESSON = "01-welcome/01-first-lesson.md"
QUIZ = "02-practice/02-quiz.md"
MODULE = "01-welcome/module.yml"
LAUGHS = "".join(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n"
                 for prev, name in zip("abcdefgh", "bcdefghi"))
BILLION_LAUGHS = "---\ntitle: T\nid: first-lesson\nx:\n  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + \
    "".join("  " + line for line in LAUGHS.splitlines(keepends=True)) + "---\n\nText.\n"


def _replace(old: str, new: str):
    def edit(text: str) -> str:
        assert old in text, f"fixture changed: {old!r} not found"
        return text.replace(old, new, 1)
    return edit


def _body(payload: str):
    return lambda text: text + "\n\n" + payload + "\n"


# name: (file, edit of its text, the diagnostic code expected)
CASES = {
    # XML writers refused these after `check` had passed (traceback in build, 500 in the SCORM launch).
    "nul-escape-in-lesson-title": (LESSON, _replace("title: Your first lesson", 'title: "Your\\0 first lesson"'),
                                   "text.control-char"),
    "vertical-tab-in-quiz-option": (QUIZ, _replace("course.yml {#b}", "course\x0b.yml {#b}"), "text.control-char"),
    "escape-in-question-prompt": (QUIZ, _replace("## Which file", "## \x1b[31mWhich file"), "text.control-char"),
    "del-in-module-title": (MODULE, lambda text: "title: Wel\x7fcome\n", "text.control-char"),
    "c1-escape-in-course-title": ("course.yml", _replace('title: "Basic fixture course"', 'title: "Basic\\x85 course"'),
                                  "text.control-char"),
    "noncharacter-in-feedback": (QUIZ, _replace("describes one module.", "describes one \ufffe module."),
                                 "text.control-char"),
    "form-feed-reference-in-quiz-intro": (QUIZ, _replace("Answer the questions", "Answer &#12; the questions"),
                                          "text.control-char"),
    "control-reference-in-glossary": ("glossary.yml", _replace("never changes,", "never &#x1b; changes,"),
                                      "text.control-char"),
    "surrogate-escape-in-glossary": ("glossary.yml", _replace("term: stable ID", 'term: "stable \\ud800 ID"'),
                                     "yaml.syntax"),
    # YAML aliases: 2 GB of memory, or a RecursionError, from a few hundred bytes.
    "billion-laughs-front-matter": (LESSON, lambda text: BILLION_LAUGHS, "yaml.alias"),
    "self-referencing-alias": ("course.yml", lambda text: text + "loop: &a [*a]\n", "yaml.alias"),
    "yaml-nested-200-deep": (MODULE, lambda text: "title: M\nx: " + "[" * 200 + "]" * 200 + "\n", "yaml.too-deep"),
    # Python-Markdown recursion and quadratic paths.
    "list-nested-250-deep": (LESSON, _body("\n".join("    " * i + "- item" for i in range(250))),
                             "markdown.too-deep"),
    "blockquote-nested-300-deep": (QUIZ, _body("> " * 300 + "deep"), "markdown.too-deep"),
    "unclosed-brackets": (LESSON, _body("[" * 6000 + "x"), "markdown.open-brackets"),
    "unclosed-html-tags-across-paragraphs": (LESSON, _body("<a \n\n" * 3000), "markdown.open-brackets"),
    "unclosed-code-fences": (LESSON, _body("```x\n\n" * 3000), "markdown.unclosed-fence"),
    "emphasis-run-in-one-paragraph": (LESSON, _body("*a" * 30000), "markdown.block-too-long"),
    "file-too-large": (LESSON, _body(("A sentence of a long lesson. " * 40 + "\n\n") * 240), "file.too-large"),
}


def _course(course_copy, name: str) -> Path:
    course = course_copy()
    relative, edit, _code = CASES[name]
    path = course / relative
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8", newline="\n")
    return course


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_input_gives_a_located_diagnostic_not_a_traceback(name, course_copy, tmp_path):
    course = _course(course_copy, name)
    code = CASES[name][2]
    for command in (["check", str(course)], ["build", str(course), "--out", str(tmp_path / "dist")]):
        result = CliRunner().invoke(main, command, catch_exceptions=False)  # a crash fails the test here
        assert result.exit_code == 1, result.output
        assert f"[{code}]" in result.output
        assert re.search(rf"{re.escape(CASES[name][0])}:\d+(:\d+)?: error: .* \[{re.escape(code)}\]|"
                         rf"{re.escape(CASES[name][0])}: error: .* \[{re.escape(code)}\]", result.output)
    assert not (tmp_path / "dist").exists() or not any((tmp_path / "dist").iterdir())


def test_control_characters_are_named_at_line_and_column(course_copy):
    course = _course(course_copy, "vertical-tab-in-quiz-option")
    result = CliRunner().invoke(main, ["check", str(course)], catch_exceptions=False)
    line = next(no for no, text in enumerate((course / QUIZ).read_text().split("\n"), 1) if "\x0b" in text)
    col = (course / QUIZ).read_text().split("\n")[line - 1].index("\x0b") + 1
    assert f"02-quiz.md:{line}:{col}: error: control character U+000B (VT) in the text [text.control-char]" \
        in result.output


def _run_cli(*args: str) -> subprocess.CompletedProcess:
    """The real command in a child process, so that a hang is a timeout and not a stuck test run."""
    env = dict(os.environ, COLUMNS="200")
    return subprocess.run([sys.executable, "-m", "builder.cli", *args], capture_output=True, text=True,
                          timeout=30, env=env)


def test_backtick_runs_are_bounded(course_copy, tmp_path):
    """100 KB of backticks took over 10 minutes (the scan's code-span pattern retried every run
    length from every position): now one long run is refused and short ones build at once."""
    course = course_copy()
    lesson = course / LESSON
    original = lesson.read_text(encoding="utf-8")
    lesson.write_text(original + "\n\n" + "`" * 100_000 + "\n", encoding="utf-8")
    refused = _run_cli("check", str(course))
    assert refused.returncode == 1 and "[markdown.block-too-long]" in refused.stderr
    assert "Traceback" not in refused.stderr
    lesson.write_text(original + "\n\n" + ("`" * 3_000 + "\n\n") * 30, encoding="utf-8")
    built = _run_cli("build", str(course), "--out", str(tmp_path / "dist"))
    assert built.returncode == 0, built.stderr
    assert "Traceback" not in built.stderr
