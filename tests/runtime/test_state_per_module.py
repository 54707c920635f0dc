"""The per-module worst-case state (one SCO per module, builder/runtime/keys.py) is exactly the
longest state the player writes when it is kept to one module (player.js restricts the course
data to the module's pages, and state.js encodes what it is given)."""

from __future__ import annotations

from builder.build import check_course
from builder.runtime.bundle import course_data
from builder.runtime.keys import worst_case_state
from tests.runtime.test_state import COURSES, fullest_state


def test_per_module_state_is_exact_for_a_module(node):
    """The per-module worst case is what the player writes for a module alone (state.js encode)."""
    course = check_course(COURSES / "activities-en").course
    data = course_data(course, "none")
    for module in course.modules:
        ids = {p.id for p in module.pages}
        view = {**data, "modules": [m for m in data["modules"] if m["id"] == module.id],
                "pages": [p for p in data["pages"] if p["id"] in ids]}
        state = fullest_state(course)
        state["location"] = max(ids, key=lambda i: len(next(p["k"] for p in data["pages"] if p["id"] == i)))
        (text,) = node("encode", [{"course": view, "state": state}])
        assert len(text) == worst_case_state(course, None, module), module.id
