"""The state budget: does the runtime's worst-case state fit a target's storage limit?

Checked at build time (Target.check): a warning at 75 % of the limit, an error above it, each
naming the figures, so no learner ever meets a suspend_data that the LMS truncates.
"""

from __future__ import annotations

from dataclasses import dataclass

from coursepack_quiz.diagnostics import Diagnostic, error, warning

from ..model import Course, Module
from .keys import course_keys, worst_case_state, worst_reflection

WARN_AT = 0.75


#: The setting that gives each module a SCO (and a state) of its own (targets/_scorm.py).
PER_MODULE_SETTING = "sco_per_module"


@dataclass(frozen=True)
class Budget:
    worst: int  # characters
    limit: int | None
    module: str | None = None  # one SCO per module: the module whose state can be longest

    @property
    def share(self) -> float | None:
        return None if not self.limit else self.worst / self.limit

    def describe(self) -> str:
        per = f" per module (largest: {self.module})" if self.module else ""
        if not self.limit:
            return f"at most {self.worst:,} characters of saved state{per}"
        return f"at most {self.worst:,} of {self.limit:,} characters ({100 * self.share:.0f} %){per}"


def budget(course: Course, limit: int | None, per_module: bool = False) -> Budget:
    """The worst-case state against `limit`; `per_module`: each module's own state (one SCO per
    module), of which the largest counts."""
    if not per_module:
        worst = course.derived("budget.worst_case_state", lambda: worst_case_state(course, course_keys(course)))
        return Budget(worst, limit)
    sizes = [(_module_worst(course, module), module.id) for module in course.modules]
    worst, module = max(sizes, key=lambda size: size[0], default=(0, None))
    return Budget(worst, limit, module)


def _module_worst(course: Course, module: Module) -> int:
    return course.derived(f"budget.worst_case_state.{module.id}",
                          lambda: worst_case_state(course, course_keys(course), module))


def check_budget(course: Course, limit: int, target: str, element: str, per_module: bool = False) -> list[Diagnostic]:
    """A diagnostic when the worst-case state passes 75 % of `limit` (warning) or `limit` (error)."""
    figure = budget(course, limit, per_module)
    if figure.worst <= WARN_AT * limit:
        return []
    hint = _reflection_hint(course, figure.worst) or _quiz_hint(course)
    if not per_module and len(course.modules) > 1:
        hint += (f"; or give each module a SCO and a saved state of its own: `{PER_MODULE_SETTING}: true` for "
                 f"{target} under `targets:` in course.yml (or --set {target}.{PER_MODULE_SETTING}=true), with "
                 "the LMS trade-offs in docs/authoring.md, 'One SCO per module'")
    whose = f"the saved state of module '{figure.module}' (one SCO per module)" if figure.module \
        else "the learner's saved state"
    message = (f"{target}: {whose} can reach {figure.worst:,} characters, "
               f"{100 * figure.share:.0f} % of the {limit:,} that {element} holds")
    if figure.worst > limit:
        return [error("course.yml", 0, message + "; learners could lose their progress", "state.too-large", hint=hint)]
    return [warning("course.yml", 0, message, "state.near-limit", hint=hint)]


def _quiz_hint(course: Course) -> str:
    biggest = sorted(course.quizzes(), key=lambda q: -len(q.quiz.questions))[:3]
    return ("the state grows with every lesson and question; fewer questions per quiz, or fewer fill-in "
            "questions (they store the learner's text), shrink it"
            + (": largest quizzes " + ", ".join(q.source_path for q in biggest) if biggest else ""))


def _reflection_hint(course: Course, worst: int) -> str:
    """When reflections kept in the state (save: lms) are most of it, name them: they are the fix."""
    keys = course_keys(course)
    kept = [(worst_reflection(page, keys), page) for page in course.reflections() if page.save == "lms"]
    if sum(size for size, _ in kept) * 2 < worst:
        return ""
    return ("reflections with save: lms keep the learner's text in the state and take most of it; give them "
            "save: device (the text stays on the learner's device) or a smaller max_chars: "
            + ", ".join(f"{page.source_path} ({size:,} characters)" for size, page in sorted(kept, key=lambda x: -x[0])))
