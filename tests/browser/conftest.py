"""Fixtures for the runtime browser tests: built packages, the test LMS site, a scripted learner."""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from builder.build import build_course, check_course

HERE = Path(__file__).resolve().parent
COURSES = HERE.parent / "fixtures" / "courses"
NODE_MODULES = HERE / "node_modules"


@pytest.fixture(scope="session")
def node_modules() -> Path:
    if not (NODE_MODULES / "scorm-again").is_dir() or not (NODE_MODULES / "axe-core").is_dir():
        pytest.skip("npm packages missing: run `npm ci` in tests/browser (scripts/setup.sh does)")
    return NODE_MODULES


@pytest.fixture(scope="session")
def built(tmp_path_factory, node_modules):
    """build(course, target, completion=None) → the package path; each combination is built once per
    session. `completion` replaces the course's completion rule (in a copy of the course)."""
    out = tmp_path_factory.mktemp("packages")
    cache: dict[tuple[str, str, str | None], Path] = {}

    def build(course: str, target: str, completion: str | None = None) -> Path:
        key = (course, target, completion)
        if key not in cache:
            source = COURSES / course
            if completion:
                source = out / f"{course}-{completion}-source"
                if not source.exists():
                    shutil.copytree(COURSES / course, source)
                    config = source / "course.yml"
                    text = re.sub(r"(?m)^completion: .*$", f"completion: {completion}", config.read_text("utf-8"))
                    config.write_text(text, "utf-8")
            result = build_course(source, [target], out / "-".join(filter(None, key)))
            assert result.ok, [d.format() for d in result.diagnostics]
            cache[key] = result.written[0].path
        return cache[key]

    return build


@pytest.fixture
def lms_site(tmp_path, built, static_server):
    """site(course, target, completion=None) → URL of the test LMS page serving that package as sco/."""

    def site(course: str, target: str, completion: str | None = None) -> str:
        root = tmp_path / "-".join(filter(None, (course, target, completion)))
        root.mkdir()
        for name in ("lms.html", "lms.js", "wrap.html"):
            shutil.copy(HERE / name, root / name)
        os.symlink(NODE_MODULES, root / "node_modules")
        with zipfile.ZipFile(built(course, target, completion)) as archive:
            archive.extractall(root / "sco")
        return static_server(root).url + "/lms.html"

    return site


@pytest.fixture(scope="session")
def course_model():
    def load(course: str):
        checked = check_course(COURSES / course)
        assert checked.ok
        return checked.course

    return load


STRICT_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@pytest.fixture
def axe_strict(node_modules):
    """audit(page_or_frame, label) → every axe-core violation (any impact), WCAG 2.1 A/AA and best practice."""
    script = node_modules / "axe-core" / "axe.min.js"

    def audit(target, label: str) -> list:
        if not target.evaluate("() => !!window.axe"):
            target.add_script_tag(path=str(script))
        result = target.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", STRICT_TAGS)
        return [(label, v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]

    return audit
