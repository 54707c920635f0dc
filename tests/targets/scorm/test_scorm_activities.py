"""SCORM packages of the activity fixtures: manifests valid against the official XSDs with the
activity runtime listed, and an admin report that says what scenarios and reflections record."""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree

from builder.build import build_course

from test_scorm_packages import COURSES, SPECS


@pytest.fixture(scope="module")
def activity_packages(tmp_path_factory):
    out = tmp_path_factory.mktemp("scorm-activities")
    result = build_course(COURSES / "activities-en", list(SPECS), out)
    assert result.ok, [d.format() for d in result.diagnostics]
    return {w.target: w for w in result.written}


@pytest.mark.conformance
@pytest.mark.parametrize("target", list(SPECS))
def test_manifest_of_a_course_with_activities_is_valid(activity_packages, check_schemas, target, tmp_path):
    with zipfile.ZipFile(io.BytesIO(activity_packages[target].path.read_bytes())) as archive:
        archive.extractall(tmp_path)
        assert "runtime/activity.js" in archive.namelist()
    tree = etree.parse(str(tmp_path / "imsmanifest.xml"))
    validator = check_schemas.build_validator(SPECS[target])
    assert validator.validate(tree), [f"{e.line}: {e.message}" for e in validator.error_log]


@pytest.mark.parametrize("target,words", [("scorm12", "type 'choice'"), ("scorm2004", "type 'other'")])
def test_admin_report_says_what_scenarios_and_reflections_record(activity_packages, target, words):
    package = activity_packages[target].path
    report = package.with_name(package.name.removesuffix(".zip") + ".report.json").read_text("utf-8")
    assert words in report and "next-step (save: lms)" in report
    assert "scored scenario" in report  # the pass rule counts it
