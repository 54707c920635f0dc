"""A large course's pages are read, checked and rendered in several processes (`validate.PARALLEL_FROM`,
`jobs`): the findings, the model and the packages are the same as one process gives (issue 17, item 3)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from builder import forked, validate
from builder.build import build_course, check_course

TESTS = Path(__file__).resolve().parents[1]
FIXTURES = TESTS / "fixtures" / "courses"
BROKEN = TESTS / "fixtures" / "broken"


@pytest.fixture
def every_course_is_large(monkeypatch):
    """The fixtures are small: make the parallel pass apply to them (and count that it ran)."""
    runs: list[int] = []
    in_shares = forked.in_shares

    def counted(count, workers, work, **kwargs):
        runs.append(workers)
        return in_shares(count, workers, work, **kwargs)

    monkeypatch.setattr(validate, "PARALLEL_FROM", 1)
    monkeypatch.setattr(forked, "in_shares", counted)
    return runs


def digests(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.mark.parametrize("course", [FIXTURES / "activities-en", FIXTURES / "basic-ar", FIXTURES / "media-en",
                                    *sorted(BROKEN.iterdir())], ids=lambda p: p.name)
def test_several_processes_find_what_one_finds(course, every_course_is_large):
    one = check_course(course, jobs=1)
    assert every_course_is_large == []
    several = check_course(course, jobs=3)
    assert every_course_is_large == [3]
    assert [d.format() for d in several.diagnostics] == [d.format() for d in one.diagnostics]
    assert several.course == one.course
    if one.course is not None:
        assert [p.html for p in several.course.lessons()] == [p.html for p in one.course.lessons()]
        assert several.course.media == one.course.media


def test_several_processes_build_the_same_bytes(tmp_path, every_course_is_large):
    one = build_course(FIXTURES / "activities-en", None, tmp_path / "one", jobs=1)
    several = build_course(FIXTURES / "activities-en", None, tmp_path / "several", jobs=2)
    assert one.ok and several.ok and every_course_is_large == [2]
    assert len(digests(tmp_path / "one")) > 20 and digests(tmp_path / "several") == digests(tmp_path / "one")


def test_a_small_course_is_read_in_this_process(monkeypatch):
    runs = []
    monkeypatch.setattr(forked, "in_shares", lambda *args, **kwargs: runs.append(1))
    assert check_course(FIXTURES / "basic-en", jobs=2).ok and runs == []


def test_shares_come_back_in_order_and_inherited_objects_as_themselves():
    kept = [{"n": n} for n in range(7)]
    pid = os.getpid()
    found = forked.in_shares(7, 3, lambda numbers: [(n, kept[n], None, os.getpid()) for n in numbers], known=kept)
    assert [n for n, *_ in found] == list(range(7))
    assert all(value is kept[n] and nothing is None for n, value, nothing, _ in found)  # references, not copies
    assert {worker for *_, worker in found} - {pid}  # some shares ran elsewhere


def test_a_worker_that_dies_leaves_its_share_to_this_process():
    pid = os.getpid()

    def work(numbers):
        if os.getpid() != pid:
            os._exit(9)  # as the out-of-memory killer would end it
        return [n * n for n in numbers]

    assert forked.in_shares(5, 2, work) == [0, 1, 4, 9, 16]
