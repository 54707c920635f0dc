"""Safe output: packages get the permissions the umask allows (a web folder a web server can read),
two courses never silently overwrite each other's packages, and `coursepack clean` removes what
coursepack wrote and nothing else."""

from __future__ import annotations

import os
import pwd
import shutil
import stat
import subprocess
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder.build import CRASH_FOLDER, build_course
from builder.cli import main
from builder.package import TEMP_PREFIX

COURSE = Path(__file__).resolve().parents[1] / "fixtures" / "courses" / "basic-en"


def build(*args: str):
    return CliRunner().invoke(main, ["build", *args], catch_exceptions=False)


def modes_under(root: Path) -> dict[str, int]:
    """Permission bits of `root` and of every file and folder below it."""
    found = {".": stat.S_IMODE(root.stat().st_mode)}
    for path in root.rglob("*"):
        found[str(path.relative_to(root))] = stat.S_IMODE(path.lstat().st_mode)
    return found


@pytest.fixture
def umask():
    previous = os.umask(0o022)
    yield lambda mask: os.umask(mask)
    os.umask(previous)


@pytest.mark.parametrize("mask, folder_mode, file_mode", [(0o022, 0o755, 0o644), (0o077, 0o700, 0o600),
                                                          (0o002, 0o775, 0o664)],
                         ids=["umask-022", "umask-077", "umask-002"])
def test_packages_get_the_permissions_the_umask_allows(tmp_path, umask, mask, folder_mode, file_mode):
    umask(mask)
    out = tmp_path / "dist"
    result = build_course(COURSE, ["web", "scorm12"], out)
    assert result.ok, result.diagnostics
    web = out / "basic-en-en-web"
    modes = modes_under(web)
    assert len(modes) > 5 and any(Path(name).parent != Path(".") for name in modes)  # files in subfolders too
    expected = {name: folder_mode if (web / name).is_dir() else file_mode for name in modes}
    assert modes == expected
    for written in out.iterdir():  # the zip, the reports beside the packages, the build record
        if written.is_file():
            assert stat.S_IMODE(written.stat().st_mode) == file_mode, written.name
    assert stat.S_IMODE((out / ".coursepack").stat().st_mode) == folder_mode


def test_a_rebuilt_web_folder_keeps_ordinary_permissions(tmp_path, umask):
    umask(0o022)
    out = tmp_path / "dist"
    for _ in range(2):  # the second build swaps a new folder in for the old one
        assert build_course(COURSE, ["web"], out).ok
    assert stat.S_IMODE((out / "basic-en-en-web").stat().st_mode) == 0o755


@pytest.mark.skipif(os.geteuid() != 0, reason="reading as another user needs root to switch users")
def test_another_user_can_read_the_web_folder(umask):
    umask(0o022)
    try:
        nobody = pwd.getpwnam("nobody").pw_uid
    except KeyError:
        pytest.skip("no user 'nobody' on this machine")
    # Not under tmp_path: pytest keeps that private (0700), which would hide any package from anyone.
    shared = Path(tempfile.mkdtemp(prefix="coursepack-perm-"))
    try:
        shared.chmod(0o755)
        assert build_course(COURSE, ["web"], shared / "dist").ok
        files = sorted(str(p) for p in (shared / "dist" / "basic-en-en-web").rglob("*") if p.is_file())
        read = subprocess.run(["cat", *files], user=nobody, capture_output=True)
        assert read.returncode == 0, read.stderr.decode()
        assert b"<html" in read.stdout
    finally:
        shutil.rmtree(shared)


def test_two_course_folders_with_one_id_are_an_error_naming_both(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(COURSE, "first")
    shutil.copytree(COURSE, "second")
    result = build("first", "second", "-t", "web", "--out", "dist")
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    assert errors == ["second/course.yml:3: error: the course folders first and second both have the id "
                      "'basic-en': their packages would overwrite each other (basic-en-en-web); this one was not "
                      "built [build.duplicate-id]"]
    assert "hint: give one of them another `id:`" in result.output
    assert (Path("dist") / "basic-en-en-web").is_dir()  # the first course's package, not overwritten


def test_the_same_folder_twice_or_different_ids_are_fine(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(COURSE, "first")
    shutil.copytree(COURSE, "other")
    config = Path("other/course.yml")
    config.write_text(config.read_text(encoding="utf-8").replace("id: basic-en", "id: other-course"),
                      encoding="utf-8")
    assert build("first", "first", "other", "-t", "web", "--out", "dist").exit_code == 0
    assert sorted(p.name for p in Path("dist").glob("*-web")) == ["basic-en-en-web", "other-course-en-web"]


def test_clean_removes_what_coursepack_wrote_and_nothing_else(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert build(str(COURSE), "-t", "web", "--out", "dist").exit_code == 0
    assert build(str(COURSE), "-t", "scorm12", "--out", "dist").exit_code == 0  # fewer targets: both remembered
    dist = Path("dist")
    written = sorted(p.name for p in dist.iterdir())
    assert "basic-en-en-web" in written and "basic-en-en-scorm12.zip" in written
    # What coursepack also owns: a killed build's temporary and a crash report.
    (dist / f"{TEMP_PREFIX}basic-en-en-web.abc123").mkdir()
    (dist / CRASH_FOLDER).mkdir()
    (dist / CRASH_FOLDER / "web.txt").write_text("traceback")
    # What it does not: the author's own files, even one named like a package, and a link.
    theirs = {"notes.txt": "mine", "basic-en-en-olx.tar.gz": "not built here", "uploads/a.zip": "keep"}
    for name, text in theirs.items():
        (dist / name).parent.mkdir(exist_ok=True)
        (dist / name).write_text(text)
    outside = tmp_path / "outside.txt"
    outside.write_text("outside")

    dry = CliRunner().invoke(main, ["clean", "--out", "dist", "--dry-run"], catch_exceptions=False)
    assert dry.exit_code == 0 and "would remove dist/basic-en-en-web" in dry.output
    assert sorted(p.name for p in dist.iterdir()) == sorted(written + [f"{TEMP_PREFIX}basic-en-en-web.abc123",
                                                                       CRASH_FOLDER, "notes.txt", "uploads",
                                                                       "basic-en-en-olx.tar.gz"])

    result = CliRunner().invoke(main, ["clean", "--out", "dist"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in dist.iterdir()) == ["basic-en-en-olx.tar.gz", "notes.txt", "uploads"]
    assert all((dist / name).read_text() == text for name, text in theirs.items())
    assert "removed 9 item(s); left 3 that coursepack did not write" in result.output
    again = CliRunner().invoke(main, ["clean", "--out", "dist"], catch_exceptions=False)
    assert "removed 0 item(s)" in again.output


def test_clean_never_follows_a_link_or_leaves_the_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert build(str(COURSE), "-t", "web", "--out", "dist").exit_code == 0
    dist = Path("dist")
    elsewhere = tmp_path / "elsewhere"
    shutil.move(dist / "basic-en-en-web", elsewhere)
    (dist / "basic-en-en-web").symlink_to(elsewhere)  # put there by someone else
    record = next((dist / ".coursepack").glob("*.written.json"))
    escape = tmp_path / "escape.txt"
    escape.write_text("keep")
    record.write_text('["../escape.txt", "/etc/hostname", "basic-en-en-web", "basic-en-en-web.report.html"]')
    result = CliRunner().invoke(main, ["clean", "--out", "dist"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "left alone: it is a symbolic link" in result.output
    assert (dist / "basic-en-en-web").is_symlink() and (elsewhere / "index.html").is_file()
    assert escape.read_text() == "keep" and Path("/etc/hostname").exists()
    assert not (dist / "basic-en-en-web.report.html").exists()


def test_clean_of_a_missing_folder_is_not_an_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["clean", "--out", "nothing-here"], catch_exceptions=False)
    assert result.exit_code == 0 and "removed 0 item(s)" in result.output and not Path("nothing-here").exists()
