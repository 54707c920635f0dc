"""Nothing is silently dropped: every media and download file the activities-en source refers to is
in each package that holds files, byte for byte; a package that cannot hold some of them names each
in its admin report (`files_left_out`). Every target is built, through the real pipeline."""

from __future__ import annotations

import json
import re
import tarfile
import zipfile
from pathlib import Path, PurePosixPath

import pytest

from builder.build import build_course
from builder.targets import available

COURSE = Path(__file__).resolve().parents[2] / "fixtures" / "courses" / "activities-en"
# Read from the Markdown as written (not from the model), so a file the model forgot still counts.
_HTML_URL = re.compile(r'\b(?:src|poster)="([^"]+)"')
_IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)")
_DOWNLOAD = re.compile(r"^\s*-?\s*file:\s*(\S+)\s*$", re.M)


def referenced_files() -> dict[str, bytes]:
    """Course-relative path → bytes of every file a page of the source refers to."""
    found = {}
    for page in sorted(COURSE.glob("*/*.md")):
        text = page.read_text(encoding="utf-8")
        for target in _HTML_URL.findall(text) + _IMAGE.findall(text) + _DOWNLOAD.findall(text):
            path = (page.parent / target).resolve().relative_to(COURSE.resolve())
            found[PurePosixPath(path).as_posix()] = (COURSE / path).read_bytes()
    return found


def package_files(path: Path) -> list[bytes]:
    if path.is_dir():
        return [p.read_bytes() for p in path.rglob("*") if p.is_file()]
    if path.suffix in (".zip", ".imscc"):
        with zipfile.ZipFile(path) as archive:
            return [archive.read(name) for name in archive.namelist()]
    if path.name.endswith(".tar.gz"):
        with tarfile.open(path) as archive:
            return [archive.extractfile(m).read() for m in archive.getmembers() if m.isfile()]
    return [path.read_bytes()]


def test_the_fixture_refers_to_every_kind_of_file():
    files = referenced_files()
    assert sorted(files) == sorted(p.relative_to(COURSE).as_posix() for p in (COURSE / "media").iterdir())
    assert {PurePosixPath(p).suffix for p in files} >= {".mp4", ".vtt", ".png", ".mp3", ".svg", ".pdf", ".csv"}


@pytest.mark.parametrize("target", sorted(available()))
def test_every_referenced_file_is_in_the_package_or_named_as_left_out(tmp_path, target):
    result = build_course(COURSE, [target], tmp_path)
    kinds = [d for d in result.diagnostics if d.code == "target.page-kind"]
    if kinds:  # the learner runtime's targets, until they play scenarios and reflections (issue 10)
        pytest.skip(f"{target} does not build scenario and reflection pages yet: {kinds[0].message}")
    assert result.ok, [d.format() for d in result.diagnostics]
    (written,) = result.written
    held = package_files(written.path)
    missing = sorted(path for path, data in referenced_files().items() if data not in held)
    if target == "json":  # an inspection document, not a package: it lists each file with its size
        document = json.loads(written.path.read_text(encoding="utf-8"))
        sizes = {m["path"]: m["bytes"] for m in document["media"]}
        assert {p: len(d) for p, d in referenced_files().items()} == sizes
        return
    if not missing:
        return
    reports = list(tmp_path.glob("*.report.json"))
    assert reports, f"{target} leaves out {missing} and has no admin report to say so"
    report = json.loads(reports[0].read_text(encoding="utf-8"))
    assert sorted(report.get("files_left_out", [])) == missing, f"{target} leaves out {missing} without naming them"
    html_report = reports[0].with_name(reports[0].name.replace(".report.json", ".report.html")).read_text(
        encoding="utf-8")
    assert all(path in html_report for path in missing)
