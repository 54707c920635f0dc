"""Fixtures for the preview: a temporary copy of a fixture course, and a running preview of it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from builder.preview import Preview

COURSES = Path(__file__).resolve().parent.parent / "fixtures" / "courses"


@pytest.fixture
def course_copy(tmp_path: Path):
    """Copy a fixture course (default basic-en) into tmp: tests edit it, never the fixture."""

    def copy(name: str = "basic-en") -> Path:
        destination = tmp_path / name
        shutil.copytree(COURSES / name, destination)
        return destination

    return copy


@pytest.fixture
def preview(course_copy):
    """A preview server on 127.0.0.1 (a free port) over a fresh copy of basic-en."""
    running = Preview(course_copy(), port=0).start()
    yield running
    running.stop()
