"""SCORM 1.2 and 2004 packages: valid manifests (official XSDs), listing exactly the files in the
zip, stable identifiers, explicit mastery/sequencing, golden manifests, byte-identical rebuilds."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pytest
from lxml import etree

from builder.build import build_course, check_course
from builder.targets import get

REPO = Path(__file__).resolve().parents[3]
COURSES = REPO / "tests" / "fixtures" / "courses"
GOLDEN = Path(__file__).with_name("golden")
SPECS = {"scorm12": "scorm12", "scorm2004": "scorm2004-4th"}
FORBIDDEN = (".php", ".py", ".sh", ".pl", ".rb", ".cgi", ".asp", ".aspx", ".jsp", ".shtml", ".htaccess")
CASES = [(course, target) for course in ("basic-en", "basic-ar") for target in SPECS]


@pytest.fixture(scope="module")
def packages(tmp_path_factory):
    """(course, target) → the zip's bytes, built once for the module."""
    out = tmp_path_factory.mktemp("scorm")
    built = {}
    for course in ("basic-en", "basic-ar"):
        result = build_course(COURSES / course, list(SPECS), out)
        assert result.ok, [d.format() for d in result.diagnostics]
        for written in result.written:
            built[(course, written.target)] = written.path.read_bytes()
    return built


def manifest_of(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("imsmanifest.xml")


def names_of(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.namelist()


@pytest.mark.conformance
@pytest.mark.parametrize("course,target", CASES)
def test_manifest_is_valid_against_the_official_xsds(packages, check_schemas, course, target, tmp_path):
    validator = check_schemas.build_validator(SPECS[target])
    path = tmp_path / "imsmanifest.xml"
    path.write_bytes(manifest_of(packages[(course, target)]))
    tree = etree.parse(str(path))
    assert validator.validate(tree), [f"{e.line}: {e.message}" for e in validator.error_log]
    with zipfile.ZipFile(io.BytesIO(packages[(course, target)])) as archive:
        archive.extractall(tmp_path)
    assert check_schemas.manifest_reference_checks(tree, path, True, SPECS[target]) == []


@pytest.mark.parametrize("course,target", CASES)
def test_manifest_lists_exactly_the_files_in_the_package(packages, course, target):
    data = packages[(course, target)]
    names = names_of(data)
    root = etree.fromstring(manifest_of(data))
    files = [unquote(f.get("href")) for f in root.iter("{*}file")]
    assert sorted(files) == sorted(n for n in names if n != "imsmanifest.xml")
    assert len(files) == len(set(files))
    (resource,) = root.iter("{*}resource")
    assert resource.get("href") == "index.html" and "index.html" in names
    assert "imsmanifest.xml" in names and not any(n.lower().endswith(FORBIDDEN) for n in names)
    assert not any(n.endswith(".xsd") for n in names)  # control files are never bundled


@pytest.mark.parametrize("course,target", CASES)
def test_manifest_matches_golden(packages, update_golden, course, target):
    golden = GOLDEN / f"{course}-{target}.xml"
    manifest = manifest_of(packages[(course, target)])
    if update_golden or not golden.exists():
        golden.write_bytes(manifest)
    assert manifest == golden.read_bytes(), f"manifest changed; review and refresh with --update-golden ({golden})"


def test_2004_never_passes_by_measure(packages):
    root2004 = etree.fromstring(manifest_of(packages[("basic-en", "scorm2004")]))
    imsss = "{http://www.imsglobal.org/xsd/imsss}"
    assert all(o.get("satisfiedByMeasure") == "false" for o in root2004.iter(imsss + "primaryObjective"))
    assert not list(root2004.iter(imsss + "minNormalizedMeasure"))
    (delivery,) = root2004.iter(imsss + "deliveryControls")
    assert delivery.get("completionSetByContent") == "true" and delivery.get("objectiveSetByContent") == "true"


@pytest.mark.parametrize("completion,declared", [("passed", True), ("visited-and-passed", False), ("visited", False)])
def test_scorm12_mastery_score_only_when_it_agrees_with_the_completion_rule(tmp_path, completion, declared):
    """Moodle rewrites the status from score and mastery score on exit: under any rule but "passed"
    that would pass a learner who has not opened every lesson (or fail one completed by visits), so
    the manifest declares it only for "passed", and the admin report says how to set it otherwise."""
    copy = tmp_path / "course"
    shutil.copytree(COURSES / "basic-en", copy)
    config = copy / "course.yml"
    config.write_text(config.read_text("utf-8").replace("completion: visited-and-passed", f"completion: {completion}"),
                      "utf-8")
    result = build_course(copy, ["scorm12"], tmp_path / "out")
    assert result.ok, [d.format() for d in result.diagnostics]
    package = result.written[0].path
    root12 = etree.fromstring(manifest_of(package.read_bytes()))
    masteries = [m.text for m in root12.iter("{http://www.adlnet.org/xsd/adlcp_rootv1p2}masteryscore")]
    report = json.loads(package.with_name(package.name.replace(".zip", ".report.json")).read_text("utf-8"))
    assert masteries == (["80"] if declared else [])
    assert report["mastery_score"] == (80 if declared else None)
    words = report["facts"]["Mastery score"]
    assert ("agrees with the completion rule" in words) if declared else ("Mastery score overrides status = No" in words)
    assert "passed or completed" in report["facts"]["Completion setting in the LMS"]
    assert any("upload the SCORM 2004 package" in n for n in report["notes"]) == (completion == "visited")


def test_2004_report_names_the_completed_setting(tmp_path):
    result = build_course(COURSES / "basic-en", ["scorm2004"], tmp_path)
    package = result.written[0].path
    report = json.loads(package.with_name(package.name.replace(".zip", ".report.json")).read_text("utf-8"))
    assert "Require status: 'Completed'" in report["facts"]["Completion setting in the LMS"]
    assert report["mastery_score"] is None


@pytest.mark.parametrize("target", list(SPECS))
def test_identifier_is_stable_across_versions_and_titles(tmp_path, target):
    copy = tmp_path / "course"
    shutil.copytree(COURSES / "basic-ar", copy)
    config = copy / "course.yml"
    before = build_course(copy, [target], tmp_path / "a").written[0].path.read_bytes()
    config.write_text(config.read_text("utf-8").replace("version: 1.0.0", "version: 2.1.0")
                      .replace("title: \"", "title: \"نسخة جديدة "), "utf-8")
    after = build_course(copy, [target], tmp_path / "b").written[0].path.read_bytes()
    ident = [etree.fromstring(manifest_of(d)).get("identifier") for d in (before, after)]
    assert ident[0] == ident[1] == "coursepack-basic-ar-ar"
    assert etree.fromstring(manifest_of(after)).get("version") == "2.1.0"


@pytest.mark.parametrize("course,target", CASES)
def test_admin_report_states_the_facts(tmp_path, course, target):
    result = build_course(COURSES / course, [target], tmp_path)
    report = (tmp_path / f"{course}-{course.split('-')[1]}-{target}.report.json").read_text("utf-8")
    for fact in ("Standard", "Completion", "Pass/fail", "Mastery score", "Attempts per quiz", "Manifest identifier",
                 "Saved state"):
        assert f'"{fact}"' in report
    assert "coursepack-" + course in report and result.ok
    assert (tmp_path / f"{course}-{course.split('-')[1]}-{target}.report.html").is_file()


def test_scorm12_build_fails_when_state_cannot_fit():
    course = check_course(COURSES / "basic-en").course
    target = get("scorm12")
    target.profile = dataclasses.replace(target.profile, state_limit=100)  # this instance only
    (problem,) = target.problems(course)
    assert problem.is_error and problem.code == "state.too-large" and "100" in problem.message


def test_building_twice_gives_identical_bytes(tmp_path):
    """Different hash seeds, time zones and working folders; the same bytes."""
    outputs = []
    for n, (seed, tz) in enumerate([("1", "UTC"), ("987", "Asia/Tokyo")]):
        out, cwd = tmp_path / f"out{n}", tmp_path / f"cwd{n}"
        cwd.mkdir()
        env = {**os.environ, "PYTHONHASHSEED": seed, "TZ": tz}
        for course in ("basic-en", "basic-ar"):
            subprocess.run([sys.executable, "-m", "builder.cli", "build", str(COURSES / course), "--target", "scorm12",
                            "--target", "scorm2004", "--target", "web", "--out", str(out)],
                           cwd=cwd, env=env, check=True, capture_output=True)
        outputs.append({str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
    assert outputs[0].keys() == outputs[1].keys() and len(outputs[0]) > 10
    assert [k for k in outputs[0] if outputs[0][k] != outputs[1][k]] == []
