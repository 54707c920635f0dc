"""The simulator's SCORM API behaves like a strict LMS: access rules, types, limits, call order
and error codes, for SCORM 1.2 and 2004, run in Chromium (the API is plain browser JavaScript)."""

from __future__ import annotations

from pathlib import Path

import pytest

import builder.preview

pytestmark = pytest.mark.browser

API_JS = Path(builder.preview.__file__).parent / "static" / "scorm-api.js"

# (call, arguments, expected return, expected error code) in order, one session per version.
CASES_12 = [
    ("LMSGetValue", ["cmi.core.lesson_status"], "", "301"),               # before LMSInitialize
    ("LMSInitialize", ["x"], "false", "201"),
    ("LMSInitialize", [""], "true", "0"),
    ("LMSInitialize", [""], "false", "101"),
    ("LMSGetValue", ["cmi.core.lesson_status"], "not attempted", "0"),
    ("LMSGetValue", ["cmi.core.entry"], "ab-initio", "0"),
    ("LMSSetValue", ["cmi.core.lesson_status", "not attempted"], "false", "405"),
    ("LMSSetValue", ["cmi.core.lesson_status", "passed"], "true", "0"),
    ("LMSSetValue", ["cmi.core.student_id", "x"], "false", "403"),
    ("LMSGetValue", ["cmi.core.exit"], "", "404"),
    ("LMSSetValue", ["cmi.core._children", "x"], "false", "402"),
    ("LMSGetValue", ["cmi.core.lesson_status._count"], "", "203"),
    ("LMSGetValue", ["cmi.nonsense"], "", "201"),
    ("LMSSetValue", ["cmi.suspend_data", "x" * 4096], "true", "0"),
    ("LMSSetValue", ["cmi.suspend_data", "x" * 4097], "false", "405"),
    ("LMSSetValue", ["cmi.core.lesson_location", "y" * 256], "false", "405"),
    ("LMSSetValue", ["cmi.core.score.raw", "101"], "false", "405"),
    ("LMSSetValue", ["cmi.core.score.raw", "85.5"], "true", "0"),
    ("LMSSetValue", ["cmi.interactions.1.id", "q1"], "false", "201"),    # index out of order
    ("LMSSetValue", ["cmi.interactions.0.id", "q1"], "true", "0"),
    ("LMSSetValue", ["cmi.interactions.0.result", "incorrect"], "false", "405"),  # 1.2 says "wrong"
    ("LMSSetValue", ["cmi.interactions.0.result", "wrong"], "true", "0"),
    ("LMSGetValue", ["cmi.interactions.0.id"], "", "404"),
    ("LMSGetValue", ["cmi.interactions._count"], "1", "0"),
    ("LMSSetValue", ["cmi.core.session_time", "PT1M"], "false", "405"),
    ("LMSSetValue", ["cmi.core.session_time", "0000:01:30.00"], "true", "0"),
    ("LMSCommit", [""], "true", "0"),
    ("LMSFinish", [""], "true", "0"),
    ("LMSGetValue", ["cmi.core.lesson_status"], "", "301"),
    ("LMSFinish", [""], "false", "301"),
]
CASES_2004 = [
    ("Terminate", [""], "false", "112"),
    ("Initialize", [""], "true", "0"),
    ("Initialize", [""], "false", "103"),
    ("GetValue", ["cmi.score.raw"], "", "403"),                           # not set yet
    ("GetValue", ["cmi.completion_status"], "unknown", "0"),
    ("SetValue", ["cmi.completion_status", "done"], "false", "406"),
    ("SetValue", ["cmi.score.scaled", "1.5"], "false", "407"),
    ("SetValue", ["cmi.score.scaled", "0.8"], "true", "0"),
    ("SetValue", ["cmi.exit", "suspend"], "true", "0"),
    ("GetValue", ["cmi.exit"], "", "405"),
    ("SetValue", ["cmi.mode", "browse"], "false", "404"),
    ("GetValue", ["cmi.nonsense"], "", "401"),
    ("SetValue", ["cmi.interactions.0.type", "choice"], "false", "408"),  # id first
    ("SetValue", ["cmi.interactions.0.id", "q1"], "true", "0"),
    ("SetValue", ["cmi.interactions.0.type", "choice"], "true", "0"),
    ("SetValue", ["cmi.interactions.0.result", "wrong"], "false", "406"),  # 2004 says "incorrect"
    ("SetValue", ["cmi.interactions.0.result", "incorrect"], "true", "0"),
    ("GetValue", ["cmi.interactions.0.result"], "incorrect", "0"),
    ("SetValue", ["cmi.session_time", "0000:01:00"], "false", "406"),
    ("SetValue", ["cmi.session_time", "PT1M30S"], "true", "0"),
    ("Commit", [""], "true", "0"),
    ("Terminate", [""], "true", "0"),
    ("Terminate", [""], "false", "113"),
    ("GetValue", ["cmi.location"], "", "123"),
    ("SetValue", ["cmi.location", "x"], "false", "133"),
    ("Commit", [""], "false", "143"),
]

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
