"""Pages load what they show (builder/runtime/bundle.py): `runtime/course.js` is the outline and
each module's content is its own script. The outline alone must read and write the learner state
exactly as the full data does, carry no page content, and outline + content scripts must give back
the full course data (what republish compares packages with)."""

from __future__ import annotations

import json
import zipfile

import pytest

from builder.snapshot import SnapshotError, snapshot_of_data, snapshot_of_package
from builder.runtime.bundle import (COURSE_FILE, CONTENT_DIR, bundle, content_file, course_data, outline,
                                    package_data)

from tests.runtime.test_state import fixture, fullest_state

#: What an outline page may hold: navigation, scoring and the state's key tables, never content.
PAGE_FIELDS = {"id", "k", "kind", "title", "module", "graded", "quiz", "scenario", "reflection"}
QUESTION_FIELDS = {"id", "k", "type", "keys", "limit", "items"}


@pytest.mark.parametrize("name", ["basic-en", "basic-ar", "activities-en", "activities-ar"])
def test_the_outline_writes_and_reads_the_state_as_the_full_data_does(node, name):
    course = fixture(name)
    full, skeleton = course_data(course, "none"), outline(course_data(course, "none"))
    state = fullest_state(course)
    (from_full, from_outline) = node("encode", [{"course": full, "state": state},
                                                {"course": skeleton, "state": state}])
    assert from_outline == from_full
    (read_full, read_outline) = node("decode", [{"course": full, "text": from_full},
                                                {"course": skeleton, "text": from_full}])
    assert read_outline == read_full == state


@pytest.mark.parametrize("name", ["basic-en", "activities-en"])
def test_the_outline_carries_no_page_content(name):
    data = outline(course_data(fixture(name), "none"))
    kinds = set()
    for page in data["pages"]:
        kinds.add(page["kind"])
        assert set(page) <= PAGE_FIELDS, page["id"]
        for q in page.get("quiz", {}).get("questions", []):
            assert set(q) <= QUESTION_FIELDS, (page["id"], q["id"])
            assert all(set(item) == {"id"} for item in q.get("items", []))
        for node in page.get("scenario", {}).get("nodes", []):
            assert "html" not in node and all("consequence" not in c and "html" not in c for c in node["choices"])
        assert set(page.get("reflection", {})) <= {"save", "max"}
    assert kinds >= ({"lesson", "quiz"} if name == "basic-en" else {"scenario", "reflection"})
    assert [m["content"] for m in data["modules"]] == [content_file(m["id"]) for m in data["modules"]]


@pytest.mark.parametrize("name", ["basic-en", "activities-en", "activities-ar"])
def test_outline_and_content_scripts_give_back_the_full_course_data(name):
    course = fixture(name)
    tree = bundle(course, "scorm2004")
    scripts = sorted(path for path in tree if path.startswith(CONTENT_DIR + "/"))
    assert scripts == sorted(content_file(m.id) for m in course.modules)
    assert package_data(lambda path: tree[path].decode("utf-8")) == course_data(course, "scorm2004")
    assert bundle(course, "scorm2004") == tree  # byte-identical on a second run


def test_a_page_is_in_its_own_module_script_only():
    course = fixture("basic-en")
    tree = bundle(course, "none")
    for module in course.modules:
        text = tree[content_file(module.id)].decode("utf-8")
        pages = json.loads(text[text.index("]=") + 2:].rstrip().rstrip(";"))
        assert list(pages) == sorted(p.id for p in module.pages)


def test_a_package_missing_a_content_script_is_a_clear_snapshot_error(tmp_path):
    course = fixture("basic-en")
    tree = bundle(course, "none")
    package = tmp_path / "web.zip"
    missing = content_file(course.modules[-1].id)
    with zipfile.ZipFile(package, "w") as archive:
        for path, data in tree.items():
            if path != missing:
                archive.writestr(path, data)
    with pytest.raises(SnapshotError, match="cannot read the package"):
        snapshot_of_package(package)


def test_a_built_package_snapshots_as_its_course_folder_does(tmp_path):
    course = fixture("activities-en")
    root = tmp_path / "web"
    for path, data in bundle(course, "none").items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(data)
    assert (root / COURSE_FILE).is_file()
    from_package = snapshot_of_package(root)
    from_data = snapshot_of_data(course_data(course, "none"), from_package["identifier"])
    assert from_package["pages"] == from_data["pages"]
    assert any(page.get("nodes") for page in from_package["pages"])  # scenario content was read


def test_a_package_built_before_the_split_still_reads_whole():
    """A package from before content scripts (every page in course.js) is read as it was, so
    `coursepack diff` against an older published version keeps working."""
    course = fixture("basic-en")
    full = course_data(course, "none")
    older = {COURSE_FILE: ("window.COURSEPACK_COURSE=" + json.dumps(full, ensure_ascii=False, sort_keys=True,
                                                                     separators=(",", ":")) + ";\n").encode()}
    assert package_data(lambda path: older[path].decode("utf-8")) == full
