"""The simulator's SCORM API behaves like a strict LMS: access rules, types, limits, call order
and error codes, for SCORM 1.2 and 2004, run in Chromium (the API is plain browser JavaScript)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import builder.preview

pytestmark = pytest.mark.browser

API_JS = Path(builder.preview.__file__).parent / "static" / "scorm-api.js"

# (call, arguments, expected return, expected error code) in order, one session per version: a
# table kept as data (scorm_api_cases.json), each surprising case with its reason (`why`).
_TABLE = json.loads((Path(__file__).parent / "scorm_api_cases.json").read_text(encoding="utf-8"))


def _argument(value):
    return value["repeat"] * value["times"] if isinstance(value, dict) else value


CASES_12, CASES_2004 = ([(c["call"], [_argument(a) for a in c["args"]], c["returns"], c["error"]) for c in _TABLE[v]]
                        for v in ("1.2", "2004"))

RUN = """([version, cases]) => {
  const lms = CoursepackLMS.create(version, {});
  const error = version === "1.2" ? "LMSGetLastError" : "GetLastError";
  const seen = cases.map(([method, args]) => [method, args, String(lms.api[method](...args)), String(lms.api[error]())]);
  return {seen, total: lms.value(version === "1.2" ? "cmi.core.total_time" : "cmi.total_time")};
}"""


@pytest.mark.parametrize("version, cases, total", [("1.2", CASES_12, "0000:01:30.00"), ("2004", CASES_2004, "PT90S")])
def test_api_is_strict(page, version, cases, total):
    page.add_script_tag(path=str(API_JS))
    result = page.evaluate(RUN, [version, [[c[0], c[1]] for c in cases]])
    for (method, args, expected, code), (_, _, got, got_code) in zip(cases, result["seen"]):
        assert (got, got_code) == (expected, code), f"{method}{tuple(a[:40] for a in args)}"
    assert result["total"] == total  # session time added to total time on Terminate/LMSFinish


def test_error_strings_and_diagnostics(page):
    page.add_script_tag(path=str(API_JS))
    text = page.evaluate("""() => {
      const api = CoursepackLMS.create("2004", {}).api;
      api.Initialize(""); api.SetValue("cmi.learner_id", "x");
      return [api.GetLastError(), api.GetErrorString("404"), api.GetDiagnostic("")];
    }""")
    assert text == ["404", "Data Model Element Is Read Only", "cmi.learner_id is read-only"]
