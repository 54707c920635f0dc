"""Target `web`: the course as a folder that opens from file:// offline; progress in localStorage."""

from __future__ import annotations

from ..model import Course
from ..report import AdminReport, course_fact
from ..runtime.budget import budget
from ..runtime.bundle import bundle
from . import register
from .base import ALL_PAGE_KINDS, Output, Target


@register
class WebTarget(Target):
    name = "web"
    description = "offline web folder: open index.html in any browser, no server or network"
    package_format = "dir"
    priority = 10
    page_kinds = ALL_PAGE_KINDS  # the learner runtime plays every kind

    def emit(self, course: Course) -> Output:
        tree = bundle(course, "none")
        package = self.package_name(course)
        figure = budget(course, None)
        report = AdminReport(
            f"{course.title}: offline web version", course.config.description,
            facts=[course_fact(course.title, course.id, course.language, course.config.version),
                   ("Format", "a folder of HTML, CSS and JavaScript; open index.html"),
                   ("Tracking", "none sent anywhere: progress stays in the learner's browser (localStorage)"),
                   ("Saved state", figure.describe())],
            notes=["Works from a USB stick or a shared drive: no server and no internet connection needed.",
                   "Progress is kept per browser; another browser or device starts afresh."],
            steps=["Copy the folder anywhere (or zip it and share it).", "Open index.html in a browser."],
            data={"state_worst_case": figure.worst}, republish=(course.republish or {}).get("web", {}))
        return Output(tree, beside=report.files(package + ".dir"),
                      summary={"files": str(len(tree)), "state": figure.describe()})
