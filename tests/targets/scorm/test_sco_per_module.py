"""One SCO per module (`sco_per_module`, issue 17 item 4): a large course stays buildable, each
module is a SCO with its own launch page and state, the manifest is valid against the official
XSDs, SCORM 2004 rolls the modules up, and the state-budget error's hint names the setting."""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pytest
from lxml import etree

from builder.build import build_course, check_course
from builder.runtime.budget import budget
from builder.runtime.bundle import module_launch_file
from builder.runtime.keys import worst_case_state
from builder.targets import get

REPO = Path(__file__).resolve().parents[3]
COURSES = REPO / "tests" / "fixtures" / "courses"
SPECS = {"scorm12": "scorm12", "scorm2004": "scorm2004-4th"}
PER_MODULE = {"scorm12": {"sco_per_module": True}, "scorm2004": {"sco_per_module": True}}
IMSSS = "{http://www.imsglobal.org/xsd/imsss}"

sys.path.insert(0, str(REPO / "benchmarks"))
from synth import generate_course  # noqa: E402


@pytest.fixture(scope="module")
def packages(tmp_path_factory):
    """target → the basic-en zip's bytes, built with one SCO per module."""
    out = tmp_path_factory.mktemp("per-module")
    result = build_course(COURSES / "basic-en", list(SPECS), out, overrides=PER_MODULE)
    assert result.ok, [d.format() for d in result.diagnostics]
    return {written.target: written.path.read_bytes() for written in result.written}


@pytest.fixture(scope="module")
def large_course(tmp_path_factory):
    """A synthetic course too large for one SCORM 1.2 SCO (issue 17: from about 175 lessons on)."""
    return generate_course(tmp_path_factory.mktemp("synth") / "large", 250)


def read(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


def names(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.namelist()


@pytest.mark.parametrize("target", SPECS)
def test_each_module_is_a_sco_that_launches_its_own_page(packages, target):
    course = check_course(COURSES / "basic-en").course
    data = packages[target]
    root = etree.fromstring(read(data, "imsmanifest.xml"))
    resources = {r.get("identifier"): r for r in root.iter("{*}resource")}
    scos = [r for r in resources.values() if r.get("href")]
    assert [unquote(r.get("href")) for r in scos] == [module_launch_file(m.id) for m in course.modules]
    (shared,) = [r for r in resources.values() if not r.get("href")]
    for sco in scos:
        assert [d.get("identifierref") for d in sco.iter("{*}dependency")] == [shared.get("identifier")]
        page = read(data, unquote(sco.get("href"))).decode()
        assert 'module: "' + unquote(sco.get("href"))[4:-5] + '"' in page  # the player is kept to that module
    items = [i for i in root.iter("{*}item")]
    assert [i.findtext("{*}title") for i in items] == [m.title for m in course.modules]
    assert {i.get("identifierref") for i in items} == {r.get("identifier") for r in scos}
    listed = sorted(unquote(f.get("href")) for f in root.iter("{*}file"))
    assert listed == sorted(n for n in names(data) if n != "imsmanifest.xml")


@pytest.mark.conformance
@pytest.mark.parametrize("target", SPECS)
def test_the_per_module_manifest_is_valid_against_the_official_xsds(packages, check_schemas, target, tmp_path):
    validator = check_schemas.build_validator(SPECS[target])
    path = tmp_path / "imsmanifest.xml"
    path.write_bytes(read(packages[target], "imsmanifest.xml"))
    tree = etree.parse(str(path))
    assert validator.validate(tree), [f"{e.line}: {e.message}" for e in validator.error_log]
    with zipfile.ZipFile(io.BytesIO(packages[target])) as archive:
        archive.extractall(tmp_path)
    assert check_schemas.manifest_reference_checks(tree, path, True, SPECS[target]) == []


def test_scorm2004_rolls_the_modules_up_and_never_passes_by_measure(packages):
    root = etree.fromstring(read(packages["scorm2004"], "imsmanifest.xml"))
    items = list(root.iter("{*}item"))
    assert len(items) == 2
    for item in items:
        (rollup,) = item.iter(IMSSS + "rollupRules")
        assert rollup.get("rollupObjectiveSatisfied") == rollup.get("rollupProgressCompletion") == "true"
        (objective,) = item.iter(IMSSS + "primaryObjective")
        assert objective.get("satisfiedByMeasure") == "false"
        (delivery,) = item.iter(IMSSS + "deliveryControls")
        assert delivery.get("completionSetByContent") == delivery.get("objectiveSetByContent") == "true"


def test_a_course_too_large_for_one_sco_builds_with_one_sco_per_module(large_course, tmp_path):
    single = build_course(large_course, ["scorm12"], tmp_path / "single")
    (too_large,) = [d for d in single.diagnostics if d.code == "state.too-large"]
    assert not single.ok and single.written == []
    assert "scorm12" in too_large.message
    assert "sco_per_module: true" in too_large.hint and "--set scorm12.sco_per_module=true" in too_large.hint
    result = build_course(large_course, ["scorm12", "scorm2004"], tmp_path / "per-module", overrides=PER_MODULE)
    assert result.ok, [d.format() for d in result.diagnostics if d.is_error]
    course = result.course
    figure = budget(course, 4096, per_module=True)
    assert figure.worst <= 4096 and figure.module in {m.id for m in course.modules}
    assert figure.worst == max(worst_case_state(course, None, m) for m in course.modules)
    assert worst_case_state(course) > 4096  # the whole course would not fit one SCO


def test_the_setting_is_listed_for_both_scorm_targets():
    for target in SPECS:
        assert "sco_per_module" in get(target).Settings.model_fields
