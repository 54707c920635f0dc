"""What the SCORM 1.2 and SCORM 2004 targets share: one SCO built from the learner runtime (or,
with `sco_per_module`, one SCO per module, each with its own saved state), a manifest listing the
package's real files, the state-budget check and the admin report.

A version supplies a `ScormProfile` (namespaces, limits, words) and its own `organization` and
`metadata` elements; everything else is here, so the two targets cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree
from pydantic import Field

from coursepack_quiz.diagnostics import Sink

from ..model import Course
from ..report import AdminReport, course_fact
from ..runtime.budget import PER_MODULE_SETTING, Budget, budget, check_budget
from ..runtime.bundle import bundle, module_launch_file, module_launch_html
from ._ims import MANIFEST, Resource, add_resources, manifest_root
from ._xml import element, serialise
from .base import ALL_PAGE_KINDS, Output, Target, TargetSettings

OPENEDX_SETTING = (" Open edX (SCORM XBlock): no completion setting; tick 'Scored' to grade it: the grade is the "
                   "reported score once the package reports the course passed or completed.")
COMPLETION_WORDS = {
    "visited": "the learner has opened every lesson",
    "passed": "the learner's course score reaches the pass mark",
    "visited-and-passed": "the learner has opened every lesson and the course score reaches the pass mark",
}


@dataclass(frozen=True)
class ScormProfile:
    tracking: str  # the runtime adapter: scorm12 | scorm2004
    standard: str  # for people: "SCORM 1.2"
    namespaces: dict[str, str]  # prefix ("" = default) → namespace
    schema_locations: tuple[tuple[str, str], ...]
    scorm_type: str  # the adlcp attribute naming a resource's SCORM type
    state_limit: int
    state_element: str  # e.g. "cmi.suspend_data (SCORM 1.2)"


def manifest_identifier(course: Course) -> str:
    """Stable per course and language, across rebuilds and versions (an LMS matches updates on it)."""
    return f"coursepack-{course.id}-{course.language}"


class ScormSettings(TargetSettings):
    sco_per_module: bool = Field(False, description="one SCO per module, each with its own saved state, completion "
                                 "and score (for a course whose state outgrows one SCO's limit); SCORM 2004 rolls "
                                 "them up into the course. LMS trade-offs: docs/authoring.md, 'One SCO per module'")


class ScormTarget(Target):
    profile: ScormProfile
    page_kinds = ALL_PAGE_KINDS  # the learner runtime plays every kind
    Settings = ScormSettings

    @property
    def per_module(self) -> bool:
        return bool(getattr(self.settings, PER_MODULE_SETTING))

    def check(self, course: Course, sink: Sink) -> None:
        sink.extend(check_budget(course, self.profile.state_limit, self.name, self.profile.state_element,
                                 self.per_module))

    def emit(self, course: Course) -> Output:
        tree = bundle(course, self.profile.tracking)
        if self.per_module:  # a launch page per module: the same player, kept to that module
            tree.update({module_launch_file(m.id): module_launch_html(course, self.profile.tracking, m.id)
                         for m in course.modules})
        tree[MANIFEST] = self.manifest(course, sorted(tree))
        package = self.package_name(course)
        figure = budget(course, self.profile.state_limit, self.per_module)
        return Output(tree, beside=self.report(course, package, figure).files(package),
                      summary={"files": str(len(tree)), "state": figure.describe()})

    # --- the manifest ------------------------------------------------------------------------

    def q(self, prefix: str, name: str) -> str:
        return f"{{{self.profile.namespaces[prefix]}}}{name}"

    def sub(self, parent: etree._Element, prefix: str, name: str, text: str | None = None, **attrs: str) -> etree._Element:
        return element(self.profile.namespaces[prefix], parent, name, text, **attrs)

    def manifest(self, course: Course, files: list[str]) -> bytes:
        """The manifest for a package holding exactly `files` (so it can never list a missing one)."""
        ident = manifest_identifier(course)
        namespaces = dict(self.profile.namespaces)
        content_packaging = namespaces.pop("")
        root = manifest_root(content_packaging, " ".join(f"{ns} {loc}" for ns, loc in self.profile.schema_locations),
                             namespaces, identifier=ident, version=course.config.version)
        metadata = self.sub(root, "", "metadata")
        self.sub(metadata, "", "schema", "ADL SCORM")
        self.sub(metadata, "", "schemaversion", self.schema_version)
        self.metadata(metadata, course)
        organizations = self.sub(root, "", "organizations", default=f"{ident}-org")
        if self.per_module:
            self.module_organization(organizations, course, ident)
            add_resources(root, content_packaging, self.module_resources(course, ident, files))
            return serialise(root)
        self.organization(organizations, course, ident)
        sco = Resource(f"{ident}-sco", "webcontent", [path for path in files if path != MANIFEST], href="index.html",
                       attributes={self.q("adlcp", self.profile.scorm_type): "sco"})
        add_resources(root, content_packaging, [sco])
        return serialise(root)

    def module_resources(self, course: Course, ident: str, files: list[str]) -> list[Resource]:
        """One SCO resource per module (its launch page) and one asset resource with everything the
        SCOs share (the player, the course data, media), which each SCO depends on."""
        launches = {module_launch_file(m.id) for m in course.modules}
        kind = self.q("adlcp", self.profile.scorm_type)
        shared = Resource(f"{ident}-shared", "webcontent",
                          [path for path in files if path != MANIFEST and path not in launches],
                          attributes={kind: "asset"})
        scos = [Resource(f"{ident}-sco-{m.id}", "webcontent", [module_launch_file(m.id)], href=module_launch_file(m.id),
                         dependencies=[shared.identifier], attributes={kind: "sco"}) for m in course.modules]
        return [*scos, shared]

    def module_organization(self, organizations: etree._Element, course: Course, ident: str) -> None:
        raise NotImplementedError

    schema_version: str = ""

    def metadata(self, metadata: etree._Element, course: Course) -> None:
        raise NotImplementedError

    def organization(self, organizations: etree._Element, course: Course, ident: str) -> None:
        raise NotImplementedError

    # --- the admin report ----------------------------------------------------------------------

    def report(self, course: Course, package: str, figure: Budget) -> AdminReport:
        graded = course.graded_activities()
        quizzes = course.graded_quizzes()
        config = course.config
        attempts = "; ".join(f"{q.title}: {q.quiz.settings.attempts or 'unlimited'}" for q in quizzes) or "no graded quizzes"
        scenarios = len(graded) - len(quizzes)
        counted = f"{len(quizzes)} graded quiz{'zes' if len(quizzes) != 1 else ''}" + (
            f" and {scenarios} scored scenario{'s' if scenarios != 1 else ''} (the best ending reached; replays "
            "unlimited)" if scenarios else "")
        pass_rule = (f"passed when the course score (the weighted mean of the best scores of {counted}) reaches "
                     f"{config.pass_mark:g} %; failed only when no graded quiz has an attempt left and the score is "
                     "below it (unlimited attempts: never failed)" if graded else "no pass/fail: no graded quizzes")
        facts = [
            course_fact(course.title, course.id, course.language, config.version),
            ("Standard", self.profile.standard),
            ("Package", package),
            ("Manifest identifier", manifest_identifier(course)),
            ("Completion", f"complete when {COMPLETION_WORDS[config.completion.value]}"),
            ("Pass/fail", pass_rule),
            ("Mastery score", self.mastery_words(course)),
            ("Completion setting in the LMS", self.completion_setting + OPENEDX_SETTING),
            ("Attempts per quiz", attempts),
            ("Saved state", f"{figure.describe()} in {self.profile.state_element}"),
            ("Score reported", "0–100 (raw), with min 0 and max 100" + self.score_extra),
        ]
        notes = [
            PER_MODULE_NOTE + self.per_module_note if self.per_module else
            "One SCO: the whole course opens as a single activity and resumes where the learner left off.",
            "The package always exits with 'suspend', also once complete, so a learner who opens it again keeps "
            "their status and answers (a normal exit lets a platform start a new, empty attempt). In Moodle keep "
            "'Force new attempt' at 'No' for the same reason.",
            "The package needs no internet connection and loads nothing from other sites.",
            "Quiz answers are recorded as interactions, one per question and attempt.",
        ] + activity_notes(course, self.profile.tracking) + self.notes + self.course_notes(course)
        steps = self.steps
        return AdminReport(f"{course.title}: {self.profile.standard} package", config.description, facts, notes,
                           steps, republish=(course.republish or {}).get("scorm", {}), data={"standard": self.profile.standard, "manifest_identifier": manifest_identifier(course),
                                        "state_worst_case": figure.worst, "state_limit": figure.limit,
                                        "pass_mark": config.pass_mark if graded else None,
                                        "mastery_score": self.mastery_score(course),
                                        "completion": config.completion.value})

    score_extra = ""
    per_module_note = ""  # how this SCORM version's LMS sees the course as a whole
    completion_setting = ""  # the LMS setting that completes the activity exactly when the course rule is met
    notes: list[str] = []
    steps: list[str] = []

    def mastery_words(self, course: Course) -> str:
        return "none"

    def mastery_score(self, course: Course) -> float | None:
        """The mastery score the manifest declares, if any."""
        return None

    def course_notes(self, course: Course) -> list[str]:
        """Notes that depend on this course's rules."""
        return []



PER_MODULE_NOTE = (
    "One SCO per module (sco_per_module): each module opens as its own activity with its own saved state, "
    "completion, pass/fail and score (the course's completion rule and pass mark applied to that module's lessons "
    "and graded quizzes); the learner chooses modules in the platform's table of contents, and a link from one "
    "module's page to another module's page does nothing. Open edX's SCORM XBlock launches one file per package "
    "(multi-SCO packages are not tested there): on Open edX use the single-SCO package. ")


def activity_notes(course: Course, tracking: str) -> list[str]:
    """What the package records of decision scenarios and reflections, in the admin report."""
    notes = []
    if any(True for _ in course.scenarios()):
        path = ("cmi.interactions type 'choice', the path as each step's letter (a-d, the choice's place in its "
                "step), at most 128 steps" if tracking == "scorm12" else
                "cmi.interactions type 'other', learner_response the choice IDs joined by commas")
        notes.append("Decision scenarios: each ending reached is one interaction (ID <scenario>.<ending>.n<index>; "
                     f"{path}; result correct or incorrect against the scenario's pass mark, neutral when the ending "
                     "has no score). The path taken is kept in the suspend data, so a learner resumes where they were.")
    reflections = list(course.reflections())
    if reflections:
        kept = [r.id for r in reflections if r.save == "lms"]
        notes.append("Reflections are never graded or sent as interactions. What learners write stays in their "
                     "browser" + (f"; for {', '.join(kept)} (save: lms) it is also kept in the suspend data, so it "
                                 "follows the learner to another device." if kept else "; nothing of it reaches the "
                                 "platform."))
    return notes
