"""Fixtures for the preview: a temporary copy of a fixture course, and a running preview of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.preview import Preview

COURSES = Path(__file__).resolve().parent.parent / "fixtures" / "courses"


@pytest.fixture
def preview(course_copy):
    """A preview server on 127.0.0.1 (a free port) over a fresh copy of basic-en."""
    running = Preview(course_copy(), port=0).start()
    yield running
    running.stop()
