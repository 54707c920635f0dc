"""The distribution an LMS admin installs: a wheel with the XBlock and the quiz core only."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.workbench  # builds a wheel: a few seconds

DIST = Path(__file__).resolve().parents[2] / "xblocks" / "coursepack-quiz"
FORBIDDEN = {"builder", "jinja2", "markdown", "click", "rich", "nh3"}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    # Build from a copy: setuptools writes build/ and *.egg-info into the source folder.
    source = out / "source"
    shutil.copytree(DIST, source, ignore=shutil.ignore_patterns("__pycache__", "build", "*.egg-info"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "--disable-pip-version-check",
                    "-w", str(out), str(source)], check=True, capture_output=True)
    (path,) = out.glob("coursepack_quiz_xblock-*.whl")
    return zipfile.ZipFile(path)


def test_wheel_holds_the_block_the_core_and_their_files(wheel):
    names = set(wheel.namelist())
    for needed in ("coursepack_quiz/grading.py", "coursepack_quiz_xblock/block.py", "coursepack_quiz_xblock/static/quiz.js",
                   "coursepack_quiz_xblock/templates/student.html", "coursepack_quiz/locale/coursepack.pot",
                   "coursepack_quiz/locale/ar/LC_MESSAGES/coursepack.po"):
        assert needed in names
    assert not any(name.startswith(("builder/", "tests/")) for name in names)
    meta = next(n for n in names if n.endswith("entry_points.txt"))
    assert "coursepack_quiz = coursepack_quiz_xblock.block:QuizBlock" in wheel.read(meta).decode()
    requires = [line for line in wheel.read(next(n for n in names if n.endswith("METADATA"))).decode().splitlines()
                if line.startswith("Requires-Dist:") and "extra ==" not in line]
    assert sorted(r.split()[1].split(">")[0].split("<")[0].lower() for r in requires) == ["babel", "pydantic", "pyyaml", "xblock"]


def test_no_module_imports_the_builder_jinja_or_markdown(wheel):
    for name in wheel.namelist():
        if name.endswith(".py"):
            tree = ast.parse(wheel.read(name).decode())
            imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                        for alias in node.names}
            imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                         if isinstance(node, ast.ImportFrom) and node.module and not node.level}
            assert not imported & FORBIDDEN, (name, imported & FORBIDDEN)
