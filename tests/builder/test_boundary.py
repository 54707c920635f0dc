"""The course folder is a boundary: links out of it are errors, nothing is read or written through them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder.build import build_course, check_course
from builder.cli import main

BROKEN_YAML = "title: [this is not closed\n"  # a file read through a link would report a YAML error
SECRET = "SECRET-OUTSIDE-THE-COURSE"


@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder beside the course, with files a link could reach."""
    folder = tmp_path / "outside"
    (folder / "module").mkdir(parents=True)
    (folder / "module" / "module.yml").write_text(BROKEN_YAML, encoding="utf-8")
    (folder / "module" / "01-lesson.md").write_text(f"---\ntitle: {SECRET}\n---\n\n{SECRET}\n", encoding="utf-8")
    (folder / "lesson.md").write_text(f"---\n{BROKEN_YAML}---\n\n{SECRET}\n", encoding="utf-8")
    (folder / "secret.svg").write_text(f'<svg xmlns="http://www.w3.org/2000/svg"><title>{SECRET}</title></svg>',
                                       encoding="utf-8")
    (folder / "glossary.yml").write_text(BROKEN_YAML, encoding="utf-8")
    return folder


def links_out(course: Path, outside: Path) -> dict[str, Path]:
    """Every kind of link out: a module folder, a lesson, a media file, the media folder's
    neighbour, glossary.yml, an absolute link, a link through an inside link, and a loop."""
    made = {
        "03-linked-module": (course / "03-linked-module", Path(os.path.relpath(outside / "module", course))),
        "03-linked.md": (course / "01-welcome" / "03-linked.md", outside / "lesson.md"),
        "secret.svg": (course / "media" / "secret.svg",
                       Path(os.path.relpath(outside / "secret.svg", course / "media"))),
        "glossary.yml": (course / "glossary.yml", outside / "glossary.yml"),
        "loop-a": (course / "media" / "loop-a", Path("loop-b")),
        "loop-b": (course / "media" / "loop-b", Path("loop-a")),
    }
    (course / "glossary.yml").unlink()
    for path, target in made.values():
        path.symlink_to(target)
    lesson = course / "01-welcome" / "01-first-lesson.md"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\n![a secret](../media/secret.svg)\n", encoding="utf-8")
    return {name: path for name, (path, _) in made.items()}


def test_each_link_out_of_the_course_is_an_error_at_its_path_and_nothing_is_read(course_copy, outside, monkeypatch):
    course = course_copy()
    made = links_out(course, outside)
    monkeypatch.chdir(course)
    checked = check_course(Path("."))
    text = "\n".join(d.format() for d in checked.diagnostics)
    assert not checked.ok
    for name, path in made.items():
        shown = path.relative_to(course).as_posix()
        assert f"{shown}: error: '{name}' is a symbolic link to" in text and "[file.outside]" in text, name
    assert SECRET not in text  # nothing behind a link was read, so nothing from it is reported
    assert "yaml" not in text.lower()
    assert text.count("[file.outside]") == len(made)
    assert "hint: copy the file or folder into the course instead of linking to it" in text


def test_links_inside_the_course_are_fine(course_copy):
    course = course_copy()
    (course / "media" / "same.svg").symlink_to("pipeline.svg")
    (course / "media" / "sub").mkdir()
    (course / "media" / "sub" / "other.svg").write_bytes((course / "media" / "pipeline.svg").read_bytes())
    (course / "media" / "alias").symlink_to("sub", target_is_directory=True)
    lesson = course / "01-welcome" / "01-first-lesson.md"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\n![the same](../media/same.svg)\n"
                      "![another](../media/alias/other.svg)\n", encoding="utf-8")
    checked = check_course(course)
    assert checked.ok, [d.format() for d in checked.diagnostics]
    assert {m.path for m in checked.course.media} == {"media/pipeline.svg", "media/same.svg", "media/alias/other.svg"}


def test_a_course_yml_outside_the_course_is_not_read(course_copy, outside):
    course = course_copy()
    (course / "course.yml").unlink()
    (course / "course.yml").symlink_to(outside / "glossary.yml")
    checked = check_course(course)
    codes = [d.code for d in checked.diagnostics]
    assert codes == ["file.outside"]


def test_build_refuses_a_course_that_links_out(course_copy, outside, tmp_path):
    course = course_copy()
    links_out(course, outside)
    result = build_course(course, ["web"], tmp_path / "dist")
    assert not result.ok and not result.written
    assert not (tmp_path / "dist").exists()


def test_ids_write_never_reads_or_writes_through_a_link(course_copy, outside):
    course = course_copy()
    quiz = outside / "quiz.md"
    original = (course / "02-practice" / "02-quiz.md").read_text(encoding="utf-8").replace(" {#q-alt}", "")
    quiz.write_text(original, encoding="utf-8")
    (course / "02-practice" / "03-outside-quiz.md").symlink_to(quiz)
    inside_copy = course / "02-practice" / "04-copy.md"
    inside_copy.write_text(original.replace("id: practice-quiz", "id: copy"), encoding="utf-8")
    (course / "02-practice" / "05-inside-link.md").symlink_to("04-copy.md")
    result = CliRunner().invoke(main, ["ids", str(course), "--write"], catch_exceptions=False)
    assert quiz.read_text(encoding="utf-8") == original  # outside: untouched
    assert "03-outside-quiz.md: skipped" in result.output and "05-inside-link.md: skipped" in result.output
    assert (course / "02-practice" / "05-inside-link.md").is_symlink()  # a link stays a link
    written = inside_copy.read_text(encoding="utf-8")
    assert written != original and "{#q-" in written  # the plain file inside the course was written


def test_ids_write_replaces_a_file_rather_than_writing_into_what_it_points_to(course_copy, outside, monkeypatch):
    """A link swapped in between reading and writing: the new file replaces the link, the target is untouched."""
    course = course_copy()
    quiz = course / "02-practice" / "02-quiz.md"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace(" {#q-alt}", ""), encoding="utf-8")
    victim = outside / "victim.md"
    victim.write_text("mine\n", encoding="utf-8")
    import coursepack_quiz.ids as ids

    real_add = ids.add_missing_ids

    def add_then_swap(text):  # runs after the file was read and before it is written
        quiz.unlink()
        quiz.symlink_to(victim)
        return real_add(text)

    monkeypatch.setattr(ids, "add_missing_ids", add_then_swap)
    CliRunner().invoke(main, ["ids", str(course), "--write"], catch_exceptions=False)
    assert victim.read_text(encoding="utf-8") == "mine\n"
    assert not quiz.is_symlink() and "{#q-" in quiz.read_text(encoding="utf-8")
