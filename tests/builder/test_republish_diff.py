"""`coursepack diff`: every kind of edit an author makes to a live course gets the right class
(cosmetic / compatible / breaking), named with its source file:line, and the right exit status."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder.build import build_course
from builder.cli import main
from builder.republish import BREAKING, COMPATIBLE, COSMETIC, compare
from builder.snapshot import load_snapshot

COURSES = Path(__file__).resolve().parents[1] / "fixtures" / "courses"
QUIZ = "02-practice/02-quiz.md"
FIRST = "01-welcome/01-first-lesson.md"
SECOND = "02-practice/01-second-lesson.md"


def edit(path: str, old: str, new: str, count: int = 1):
    def apply(course: Path) -> None:
        file = course / path
        text = file.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        file.write_text(text.replace(old, new, count), encoding="utf-8")
    return apply


def add_lesson(course: Path) -> None:
    (course / "01-welcome" / "02-added.md").write_text(
        "---\ntitle: An added lesson\nid: added-lesson\n---\n\nA lesson added in the middle.\n", encoding="utf-8")


def swap_second_lesson_and_quiz(course: Path) -> None:
    folder = course / "02-practice"
    (folder / "01-second-lesson.md").rename(folder / "tmp.md")
    (folder / "02-quiz.md").rename(folder / "01-quiz.md")
    (folder / "tmp.md").rename(folder / "02-second-lesson.md")
    edit(FIRST, "../02-practice/01-second-lesson.md", "../02-practice/02-second-lesson.md")(course)


def both(*edits):
    def apply(course: Path) -> None:
        for one in edits:
            one(course)
    return apply


def section(course: Path, qid: str) -> tuple[str, int, int]:
    text = (course / QUIZ).read_text(encoding="utf-8")
    start = text.rindex("\n## ", 0, text.index("{#" + qid + "}")) + 1
    end = text.find("\n## ", start + 1)
    return text, start, len(text) if end < 0 else end + 1


def delete_question(qid: str):
    def apply(course: Path) -> None:
        text, start, end = section(course, qid)
        (course / QUIZ).write_text(text[:start] + text[end:], encoding="utf-8")
    return apply


def move_question_first(qid: str):
    def apply(course: Path) -> None:
        text, start, end = section(course, qid)
        block, rest = text[start:end], text[:start] + text[end:]
        first = rest.index("\n## ") + 1
        (course / QUIZ).write_text(rest[:first] + block + rest[first:], encoding="utf-8")
    return apply


def add_question(course: Path) -> None:
    text = (course / QUIZ).read_text(encoding="utf-8")
    (course / QUIZ).write_text(text.rstrip("\n") + "\n\n## Is this new? {#q-new}\n\n- (x) Yes {#y}\n- ( ) No {#n}\n",
                               encoding="utf-8")


def replace_media(course: Path) -> None:
    path = course / "media" / "pipeline.svg"
    path.write_text(path.read_text(encoding="utf-8").replace("</svg>", "<!-- redrawn --></svg>"), encoding="utf-8")


# (name, edit, expected verdict, a change code that must be among the changes)
CASES = [
    ("typo in a lesson", edit(FIRST, "This paragraph is the start", "This paragraph is the beginning"), COSMETIC, "page.text"),
    ("lesson retitled", edit(FIRST, "title: Your first lesson", "title: Your very first lesson"), COSMETIC, "page.text"),
    ("question reworded", edit(QUIZ, "Which file describes the whole course?", "Which file describes the course?"),
     COSMETIC, "question.text"),
    ("option feedback reworded", edit(QUIZ, "module.yml describes one module.", "module.yml is for one module."),
     COSMETIC, "question.text"),
    ("hint reworded", edit(QUIZ, "It is at the top of the course folder.", "Look at the top of the folder."),
     COSMETIC, "question.text"),
    ("image redrawn", replace_media, COSMETIC, "media.changed"),
    ("course version bumped", edit("course.yml", "version: 1.0.0", "version: 1.0.1"), COSMETIC, "course.version"),
    ("lesson added in the middle", add_lesson, COMPATIBLE, "page.added"),
    ("two pages swapped", swap_second_lesson_and_quiz, COMPATIBLE, "page.moved"),
    ("lesson removed", both(lambda course: (course / SECOND).unlink(),
                            edit(FIRST, "(lesson:second-lesson)", ""),
                            edit(FIRST, "(../02-practice/01-second-lesson.md)", "")), COMPATIBLE, "page.removed"),
    ("question deleted", delete_question("q-title"), COMPATIBLE, "question.removed"),
    ("question added", add_question, COMPATIBLE, "question.added"),
    ("questions reordered", move_question_first("q-steps"), COMPATIBLE, "question.moved"),
    ("attempts raised", edit(QUIZ, "attempts: 3", "attempts: 5"), COMPATIBLE, "quiz.attempts"),
    ("right answer changed", both(edit(QUIZ, "- ( ) module.yml {#a}", "- (x) module.yml {#a}"),
                                  edit(QUIZ, "- (x) course.yml {#b}", "- ( ) course.yml {#b}")),
     BREAKING, "question.answer-key"),
    ("option removed", edit(QUIZ, "- [ ] A table {#c}\n  > Tables are text already.\n", ""), BREAKING,
     "question.options"),
    ("question type changed", edit(QUIZ, "- [x] A diagram {#a}\n- [x] A photo {#b}\n- [ ] A table {#c}",
                                   "- (x) A diagram {#a}\n- ( ) A photo {#b}\n- ( ) A table {#c}"),
     BREAKING, "question.type"),
    ("fill-in answer accepted", edit(QUIZ, "= coursepack check\n", "= coursepack check\n= check it\n"), BREAKING,
     "question.answer-key"),
    ("quiz pass mark changed", edit(QUIZ, "pass_mark: 80", "pass_mark: 60"), BREAKING, "quiz.pass-mark"),
    ("quiz weight changed", edit(QUIZ, "attempts: 3", "attempts: 3\nweight: 2"), BREAKING, "quiz.weight"),
    ("course pass mark changed", edit("course.yml", "pass_mark: 80", "pass_mark: 70"), BREAKING, "course.pass-mark"),
    ("course ID changed", edit("course.yml", "id: basic-en", "id: basic-en-2"), BREAKING, "course.identifier"),
    ("nothing changed", lambda course: None, None, None),
]


@pytest.fixture(scope="module")
def old_snapshot():
    return load_snapshot(COURSES / "basic-en")


@pytest.mark.parametrize("name,change,verdict,code", CASES, ids=[c[0] for c in CASES])
def test_each_edit_kind_gets_its_class(tmp_path, old_snapshot, name, change, verdict, code):
    course = tmp_path / "basic-en"
    shutil.copytree(COURSES / "basic-en", course)
    change(course)
    result = compare(old_snapshot, load_snapshot(course))
    assert result.verdict == verdict, [c.line() for c in result.changes]
    if code:
        assert code in {c.code for c in result.changes}, [c.line() for c in result.changes]
    assert result.exit_code == (3 if verdict == BREAKING else 0)


def test_a_breaking_question_edit_is_named_with_its_file_and_line(tmp_path, old_snapshot):
    course = tmp_path / "basic-en"
    shutil.copytree(COURSES / "basic-en", course)
    edit(QUIZ, "- [ ] A table {#c}\n  > Tables are text already.\n", "")(course)
    (change,) = [c for c in compare(old_snapshot, load_snapshot(course)).changes if c.level == BREAKING]
    heading = next(n for n, line in enumerate((course / QUIZ).read_text("utf-8").splitlines(), 1) if "{#q-alt}" in line)
    assert change.where == f"{course.as_posix()}/{QUIZ}:{heading}"
    assert "removed c" in change.what and change.subject == "question q-alt in quiz practice-quiz"


def test_the_cli_compares_packages_and_exits_3_on_a_breaking_change(tmp_path):
    course = tmp_path / "basic-en"
    shutil.copytree(COURSES / "basic-en", course)
    old = build_course(course, ["scorm12"], tmp_path / "v1").written[0].path
    edit(QUIZ, "pass_mark: 80", "pass_mark: 60")(course)
    new = build_course(course, ["scorm12"], tmp_path / "v2").written[0].path
    result = CliRunner().invoke(main, ["diff", str(old), str(new), "--json"])
    assert result.exit_code == 3, result.output
    data = json.loads(result.output)
    assert data["verdict"] == "breaking" and [c["code"] for c in data["changes"]] == ["quiz.pass-mark"]
    with zipfile.ZipFile(new) as archive:
        assert "imsmanifest.xml" in archive.namelist()
    compatible = CliRunner().invoke(main, ["diff", str(old), str(old)])
    assert compatible.exit_code == 0 and "verdict: unchanged" in compatible.output


def test_unreadable_input_exits_1(tmp_path):
    (tmp_path / "junk.zip").write_bytes(b"not a zip")
    result = CliRunner().invoke(main, ["diff", str(tmp_path / "junk.zip"), str(COURSES / "basic-en")])
    assert result.exit_code == 1 and "cannot read the package" in result.output


def test_since_a_git_revision(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(COURSES / "basic-en", repo / "course")
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(git + ["init", "-q"], check=True)
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-qm", "v1"], check=True)
    delete_question("q-title")(repo / "course")
    result = CliRunner().invoke(main, ["diff", "--since", "HEAD", str(repo / "course")])
    assert result.exit_code == 0, result.output
    assert re.search(r"HEAD:course/02-practice/02-quiz\.md:\d+: compatible: question q-title", result.output), result.output
