"""What several targets derive from the whole course is computed once per build, and the cycle
collector does not walk it again and again (issue 17, item 1)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from builder import build
from builder.build import build_course, check_course
from builder.runtime import bundle, keys

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "courses"


def test_derived_runs_once_per_course_and_a_replaced_course_starts_afresh():
    course = check_course(FIXTURES / "basic-en").course
    calls = []
    first = course.derived("test.answer", lambda: calls.append(1) or ["answer"])
    again = course.derived("test.answer", lambda: calls.append(1) or ["other"])
    assert first is again and calls == [1]
    replaced = dataclasses.replace(course, key_ledger=None)  # may differ in what derivations read
    assert replaced.derived("test.answer", lambda: ["fresh"]) == ["fresh"]


def test_the_player_targets_share_one_course_data_and_one_set_of_keys(tmp_path, monkeypatch):
    """Each page's player entry is made once per build (for the snapshot, which the player targets
    then reuse as content scripts and outline), never once per target."""
    counts = {"entries": 0, "keys": 0}
    page_entry, course_keys = bundle._page, keys._course_keys

    def counted_entry(*args, **kwargs):
        counts["entries"] += 1
        return page_entry(*args, **kwargs)

    def counted_keys(course, ledger):
        counts["keys"] += 1
        return course_keys(course, ledger)

    monkeypatch.setattr(bundle, "_page", counted_entry)
    monkeypatch.setattr(keys, "_course_keys", counted_keys)
    result = build_course(FIXTURES / "basic-en", ["web", "scorm12", "scorm2004"], tmp_path)
    assert result.ok and sorted(w.target for w in result.written) == ["scorm12", "scorm2004", "web"]
    assert counts == {"entries": len(list(result.course.pages())), "keys": 1}


def test_a_rebuild_compared_with_the_last_build_makes_each_page_entry_once(tmp_path, monkeypatch):
    """A build into a folder holding an earlier build compares the two (`Course.with_republish`):
    the compared course keeps the player's data its snapshot made, and makes no entry again."""
    assert build_course(FIXTURES / "basic-en", ["web"], tmp_path).ok
    made = []
    page_entry = bundle._page
    monkeypatch.setattr(bundle, "_page", lambda *args, **kwargs: made.append(1) or page_entry(*args, **kwargs))
    result = build_course(FIXTURES / "basic-en", ["web", "scorm12"], tmp_path)
    assert result.ok
    report = json.loads(next(tmp_path.glob("*-web.report.json")).read_text(encoding="utf-8"))
    assert "republish" in report  # compared with the last build
    assert len(made) == len(list(result.course.pages()))


def test_a_serial_build_frees_the_derived_data_after_the_last_player_target(tmp_path, monkeypatch):
    seen: dict[str, list[str]] = {}
    produce = build._produce

    def watched(job, staged, course_dir, out_dir):
        target, course = job
        result = produce(job, staged, course_dir, out_dir)
        seen[target.name] = sorted(course._derived)
        return result

    monkeypatch.setattr(build, "_produce", watched)
    result = build_course(FIXTURES / "basic-en", ["web", "scorm2004", "imscc", "json"], tmp_path, jobs=1)
    assert result.ok
    assert "bundle.content_scripts" in seen["web"]  # kept for scorm2004, which reads it too
    assert "bundle.course_data" not in seen["web"]  # every page's entry at once: a build never holds them
    assert seen["imscc"] == [] and seen["json"] == []  # freed once no player target is left
    assert result.course._derived == {}


def test_the_cycle_collector_rests_while_a_build_runs_and_is_left_as_it_was(tmp_path, monkeypatch):
    import gc

    during: list[bool] = []
    produce = build._produce

    def watched(job, staged, course_dir, out_dir):
        during.append(gc.isenabled())
        return produce(job, staged, course_dir, out_dir)

    monkeypatch.setattr(build, "_produce", watched)
    assert gc.isenabled()
    assert build_course(FIXTURES / "basic-en", ["web", "json"], tmp_path / "a", jobs=1).ok
    assert during == [False, False] and gc.isenabled()
    gc.disable()
    try:  # a caller that had paused it finds it paused still
        assert build_course(FIXTURES / "basic-en", ["json"], tmp_path / "b", jobs=1).ok
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_templates_are_compiled_once_per_process_not_per_page_module_or_report(tmp_path, monkeypatch):
    import jinja2

    settings = {"scorm12": {"sco_per_module": True}, "scorm2004": {"sco_per_module": True}}
    assert build_course(FIXTURES / "activities-en", None, tmp_path / "first", jobs=1, overrides=settings).ok
    compiled: list[str] = []
    compile_ = jinja2.Environment.compile

    def counted(self, source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name or str(source)[:60])
        return compile_(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    again = build_course(FIXTURES / "activities-en", None, tmp_path / "again", jobs=1, overrides=settings)
    assert again.ok and len(again.written) == 10
    assert compiled == []  # the first build compiled every template any target uses
