"""The key ledger (keys.lock): recorded keys never move, so a page added, removed or reordered never
changes another page's or question's state key (builder/runtime/keys.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

from builder.build import build_course, check_course
from builder.runtime.keys import LEDGER_FILE, PAGE_WIDTH, base36, course_keys, make_keys, read_ledger, _crc

COURSES = Path(__file__).resolve().parents[1] / "fixtures" / "courses"


def colliding_pair(width: int = PAGE_WIDTH) -> tuple[str, str]:
    """Two IDs whose short keys collide (found by search, so the test states no magic IDs)."""
    seen: dict[int, str] = {}
    for n in range(200_000):
        ident = f"lesson-{n}"
        short = _crc(ident) % 36 ** width
        if short in seen:
            return seen[short], ident
        seen[short] = ident
    raise AssertionError("no collision found")


def test_without_a_ledger_colliding_ids_both_take_long_keys_as_published_packages_did():
    old, new = colliding_pair()
    keys = make_keys([old, new], PAGE_WIDTH)
    assert keys[old].startswith("~") and keys[new].startswith("~")


def test_with_a_ledger_a_new_colliding_id_never_moves_the_recorded_one():
    old, new = colliding_pair()
    before = make_keys([old, "other"], PAGE_WIDTH)
    assert not before[old].startswith("~")
    after = make_keys([new, "other", old], PAGE_WIDTH, recorded=before)  # added first, order changed
    assert after[old] == before[old] and after["other"] == before["other"]
    assert after[new] == "~" + base36(_crc(new), 7)


def test_a_removed_ids_key_is_never_given_to_a_new_one():
    old, new = colliding_pair()
    recorded = make_keys([old], PAGE_WIDTH)
    after = make_keys([new], PAGE_WIDTH, recorded=recorded)  # `old` was removed
    assert after[new] != recorded[old]


def test_build_records_the_keys_and_a_later_build_keeps_them(tmp_path):
    course_dir = tmp_path / "course"
    shutil.copytree(COURSES / "basic-en", course_dir)
    assert build_course(course_dir, ["web"], tmp_path / "out", record_keys=True).ok
    ledger = read_ledger(course_dir)
    first = course_keys(check_course(course_dir).course)
    assert ledger.pages == first.pages
    assert all(ledger.questions[quiz] == table for quiz, table in first.questions.items())
    # A second build of the unchanged course leaves the file byte-identical.
    data = (course_dir / LEDGER_FILE).read_bytes()
    assert build_course(course_dir, ["web"], tmp_path / "out2", record_keys=True).ok
    assert (course_dir / LEDGER_FILE).read_bytes() == data


def test_a_damaged_ledger_is_an_error_naming_the_file(tmp_path):
    course_dir = tmp_path / "course"
    shutil.copytree(COURSES / "basic-en", course_dir)
    (course_dir / LEDGER_FILE).write_text("{not json", encoding="utf-8")
    checked = check_course(course_dir)
    assert not checked.ok
    (problem,) = [d for d in checked.diagnostics if d.code == "keys.unreadable"]
    assert problem.path.endswith(LEDGER_FILE) and "git checkout" in problem.hint


def test_scenario_node_and_choice_keys_are_recorded_and_kept_when_the_scenario_changes(tmp_path):
    course_dir = tmp_path / "course"
    shutil.copytree(COURSES / "activities-en", course_dir)
    (course_dir / LEDGER_FILE).unlink()
    assert build_course(course_dir, ["web"], tmp_path / "out", record_keys=True).ok
    ledger = read_ledger(course_dir)
    first = course_keys(check_course(course_dir).course).scenarios["late-report"]
    assert ledger.scenarios["late-report"] == first and {"start", "call-team", "owned"} <= set(first)
    # A choice removed and another added: every recorded key stays, the removed one is never reused.
    scenario = course_dir / "02-decide" / "01-late-report.md"
    text = scenario.read_text("utf-8").replace(
        "- Ask for a week's delay {#ask-delay} -> delay\n  The chair sighs, but agrees to hear you out.\n",
        "- Ask the chair first {#ask-chair} -> delay\n  The chair listens.\n")
    scenario.write_text(text, "utf-8")
    assert build_course(course_dir, ["web"], tmp_path / "out2", record_keys=True).ok
    after = course_keys(check_course(course_dir).course).scenarios["late-report"]
    assert {k: v for k, v in after.items() if k in first} == {k: v for k, v in first.items() if k != "ask-delay"}
    assert after["ask-chair"] not in first.values()
    assert read_ledger(course_dir).scenarios["late-report"]["ask-delay"] == first["ask-delay"]  # retired, kept


def test_a_ledger_of_a_course_without_scenarios_is_written_as_before(tmp_path):
    course_dir = tmp_path / "course"
    shutil.copytree(COURSES / "basic-en", course_dir)
    assert build_course(course_dir, ["web"], tmp_path / "out", record_keys=True).ok
    assert b'"scenarios"' not in (course_dir / LEDGER_FILE).read_bytes()
