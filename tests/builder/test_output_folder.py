"""The output folder: a killed build leaves nothing behind after the next build, and a folder that
cannot take the packages is one clear `output.unwritable` error (which folder, why, what to do)."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder import package
from builder.build import build_course
from builder.cli import main
from builder.package import TEMP_PREFIX, remove_stale_temporaries

COURSE = Path(__file__).resolve().parents[1] / "fixtures" / "courses" / "basic-en"


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX))


def coursepack(*args: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "builder.cli", *args], env={**os.environ, **(env or {})},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


@pytest.mark.parametrize("target", ["scorm12", "web"])  # a zip file and a folder package
def test_a_killed_build_leaves_nothing_after_the_next_build(tmp_path, target):
    out = tmp_path / "dist"
    # A real build, slowed after each file it writes (tests only), killed in the middle of writing.
    build = coursepack("build", str(COURSE), "-t", target, "--out", str(out),
                       env={"COURSEPACK_TEST_SLOW_WRITE": "30"})
    deadline = time.monotonic() + 60
    while not (out.is_dir() and leftovers(out)):
        assert build.poll() is None, build.stderr.read().decode()
        assert time.monotonic() < deadline, "the build never started writing"
        time.sleep(0.05)
    build.send_signal(signal.SIGKILL)
    build.wait()
    assert leftovers(out), "the kill should have left a half-written temporary"
    again = coursepack("build", str(COURSE), "-t", target, "--out", str(out))
    assert again.wait(120) == 0, again.stderr.read().decode()
    assert leftovers(out) == []
    assert any(p.name.endswith(("-scorm12.zip", "-web")) for p in out.iterdir())


def test_only_unheld_temporaries_of_ours_in_the_folder_itself_are_removed(tmp_path):
    handle, live = package._new_temporary(tmp_path, "live.zip", directory=False)  # a running build's
    stale_file = tmp_path / f"{TEMP_PREFIX}dead.zip.abc"
    stale_file.write_bytes(b"half")
    stale_dir = tmp_path / f"{TEMP_PREFIX}dead-web.xyz"
    (stale_dir / "runtime").mkdir(parents=True)
    (stale_dir / "runtime" / "x.js").write_text("x")
    others = [tmp_path / ".keep", tmp_path / "notes.coursepack-tmp-1", tmp_path / "sub" / f"{TEMP_PREFIX}deep"]
    for other in others:
        other.parent.mkdir(exist_ok=True)
        other.write_text("mine")
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_text("keep me")
    (tmp_path / f"{TEMP_PREFIX}link").symlink_to(outside)
    try:
        removed = remove_stale_temporaries(tmp_path)
        assert removed == [stale_dir.name, stale_file.name]
        assert live.exists() and (tmp_path / f"{TEMP_PREFIX}link").is_symlink() and outside.read_text() == "keep me"
        assert all(other.read_text() == "mine" for other in others)
    finally:
        os.close(handle)
    assert remove_stale_temporaries(tmp_path) == [live.name]  # once its build is gone


def run_build(*args: str):
    return CliRunner().invoke(main, ["build", str(COURSE), "-t", "scorm12", *args], catch_exceptions=False)


def assert_one_clear_error(result, folder: str, why: str) -> None:
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    assert errors == [f"{folder}: error: cannot write packages to this folder: {why} [output.unwritable]"], \
        result.output
    assert "hint: " in result.output and "--out" in result.output and "Traceback" not in result.output


def test_a_file_in_the_way_of_the_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("dist").write_text("not a folder")
    assert_one_clear_error(run_build("--out", "dist/sub"), "dist/sub", "a file is in the way (dist is a file)")


def test_a_folder_in_the_way_of_the_package(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("dist/basic-en-en-scorm12.zip").mkdir(parents=True)
    result = run_build("--out", "dist")
    assert_one_clear_error(result, "dist", "a folder is in the way (dist/basic-en-en-scorm12.zip)")
    assert leftovers(Path("dist")) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder anyway (see the tmpfs test)")
def test_a_read_only_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("dist").mkdir(mode=0o555)
    assert_one_clear_error(run_build("--out", "dist"), "dist", "permission denied")


def test_the_disk_filling_up_while_writing(tmp_path, monkeypatch):
    """Network file systems often report a full disk only when the data is flushed."""
    monkeypatch.chdir(tmp_path)

    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(package.os, "fsync", full)
    assert_one_clear_error(run_build("--out", "dist"), "dist", "the disk is full")
    assert leftovers(Path("dist")) == [] and not list(Path("dist").glob("*.zip"))


@contextmanager
def mounted_tmpfs(where: Path, options: str):
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a tmpfs needs root")
    where.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)]).returncode:
        pytest.skip("this machine does not allow mounting a tmpfs")
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], check=True)


def test_a_really_full_disk(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with mounted_tmpfs(tmp_path / "small", "size=8k"):
        result = run_build("--out", "small")
        assert_one_clear_error(result, "small", "the disk is full")
        assert leftovers(Path("small")) == []


def test_a_really_read_only_file_system(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with mounted_tmpfs(tmp_path / "ro", "ro,size=64k"):
        assert_one_clear_error(run_build("--out", "ro"), "ro", "it is on a read-only file system")


def test_two_courses_into_an_unwritable_folder_give_one_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("dist").write_text("x")
    twice = CliRunner().invoke(main, ["build", str(COURSE), str(COURSE), "--out", "dist/x"], catch_exceptions=False)
    assert twice.output.count("[output.unwritable]") == 1 and twice.exit_code == 1


def test_build_course_reports_rather_than_raises(tmp_path):
    (tmp_path / "dist").write_text("x")
    result = build_course(COURSE, ["json"], tmp_path / "dist")
    assert not result.ok and [d.code for d in result.diagnostics if d.is_error] == ["output.unwritable"]
