"""Golden manifests and QTI files per fixture course, build-twice byte identity, and the lesson pages.

Refresh the golden files after an intended change with
`pytest tests/targets/imscc --update-golden` and review the diff.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pytest
from lxml import etree, html as lxml_html

from builder.build import build_course

FIXTURES = ("basic-en", "basic-ar")
GOLDEN = Path(__file__).resolve().parent / "golden"
REPO = Path(__file__).resolve().parents[3]


def normalise(data: bytes) -> bytes:
    """Canonical XML (attribute order, namespace declarations, empty elements) so diffs show content only."""
    canonical = etree.tostring(etree.fromstring(data), method="c14n2", strip_text=True)
    parser = etree.XMLParser(remove_blank_text=True)
    return etree.tostring(etree.fromstring(canonical, parser), pretty_print=True, encoding="UTF-8")


@pytest.mark.parametrize("name", FIXTURES)
def test_manifest_and_qti_files_match_the_golden_files(name, cartridges, update_golden):
    tree = cartridges[name].tree
    files = sorted(p for p in tree if p.endswith(".xml"))
    folder = GOLDEN / name
    for path in files:
        golden = folder / path
        actual = normalise(tree[path])
        if update_golden or not golden.exists():
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_bytes(actual)
        assert actual == golden.read_bytes(), f"{path} differs from {golden} (run pytest --update-golden)"
    assert sorted(str(p.relative_to(folder)) for p in folder.rglob("*.xml")) == files  # no stale golden file


def test_building_twice_gives_byte_identical_cartridges(tmp_path):
    """Once in this process, once in a fresh one with another hash seed, time zone and working folder."""
    course = REPO / "tests" / "fixtures" / "courses" / "basic-ar"
    first = build_course(course, ["imscc"], tmp_path / "a")
    assert first.ok
    env = dict(os.environ, PYTHONHASHSEED="12345", TZ="Pacific/Kiritimati")
    script = ("import sys; from pathlib import Path; from builder.build import build_course; "
              "sys.exit(0 if build_course(Path(sys.argv[1]), ['imscc'], Path(sys.argv[2])).ok else 1)")
    subprocess.run([sys.executable, "-c", script, str(course), str(tmp_path / "b")], check=True, env=env,
                   cwd=tmp_path)
    names = sorted(str(p.relative_to(tmp_path / "a")) for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert names == sorted(str(p.relative_to(tmp_path / "b")) for p in (tmp_path / "b").rglob("*") if p.is_file())
    for name in names:  # the packages, their reports and the build's record of what it wrote
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


@pytest.mark.parametrize("name", FIXTURES)
def test_lesson_pages_are_standalone_and_every_link_resolves(name, cartridges, tmp_path):
    built = cartridges[name]
    for path, data in built.tree.items():
        assert b"coursepack:" not in data, f"{path} still has an unmapped coursepack: URL"
    for lesson in built.course.lessons():
        path = f"web_resources/lessons/{lesson.id}.html"
        page = lxml_html.fromstring(built.tree[path])
        assert page.get("lang") == built.course.language and page.get("dir") == built.course.direction
        main = page.find(".//main")
        assert main.get("dir") == built.course.direction  # survives an LMS keeping only the body
        assert page.findtext(".//h1") == lesson.title
        assert not page.xpath("//script") and not page.xpath("//link[@rel='stylesheet']")
        for url in page.xpath("//img/@src | //a/@href"):
            if url.startswith(("http:", "https:", "mailto:", "#")):
                continue
            target = os.path.normpath(os.path.join(os.path.dirname(path), unquote(url.split("#")[0])))
            assert target in built.tree, f"{path} links to {url}, which is not in the cartridge"


def test_cartridge_zip_is_named_from_stable_ids(tmp_path):
    result = build_course(REPO / "tests" / "fixtures" / "courses" / "basic-ar", ["imscc"], tmp_path)
    assert [w.path.name for w in result.written] == ["basic-ar-ar-imscc.imscc"]
    with zipfile.ZipFile(result.written[0].path) as archive:
        assert "imsmanifest.xml" in archive.namelist()
        assert all(n.isascii() for n in archive.namelist())
    assert {p.name for p in tmp_path.iterdir()} == {"basic-ar-ar-imscc.imscc", "basic-ar-ar-imscc.report.html",
                                                   "basic-ar-ar-imscc.report.json", ".coursepack"}
