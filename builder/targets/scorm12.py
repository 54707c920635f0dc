"""Target `scorm12`: a SCORM 1.2 package (one SCO) that tracks through the 1.2 run-time API."""

from __future__ import annotations

from lxml import etree

from ..model import Course
from . import register
from ._scorm import ScormProfile, ScormTarget

PROFILE = ScormProfile(
    tracking="scorm12", standard="SCORM 1.2",
    namespaces={"": "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
                "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
                "imsmd": "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"},
    schema_locations=(("http://www.imsproject.org/xsd/imscp_rootv1p1p2", "imscp_rootv1p1p2.xsd"),
                      ("http://www.imsglobal.org/xsd/imsmd_rootv1p2p1", "imsmd_rootv1p2p1.xsd"),
                      ("http://www.adlnet.org/xsd/adlcp_rootv1p2", "adlcp_rootv1p2.xsd")),
    scorm_type="scormtype", state_limit=4096, state_element="cmi.suspend_data (SCORM 1.2)")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@register
class Scorm12Target(ScormTarget):
    name = "scorm12"
    description = "SCORM 1.2 package (one SCO, resumes, records quiz interactions)"
    priority = 20
    profile = PROFILE
    schema_version = "1.2"
    steps = ["In the learning platform, add a new SCORM activity (Moodle: Add an activity › SCORM package).",
             "Upload this zip file as it is; do not unpack it.",
             "Keep the platform's SCORM 1.2 data checks on: the package stays within the 4,096-character limit.",
             "Save, then open the activity as a student to check that it launches and resumes."]
    notes = ["Status values sent: incomplete until the course's completion rule is met, then passed (a graded "
             "quiz passed) or completed; failed only when no attempt is left that could still complete the "
             "course. Never 'not attempted', and never failed while the learner can still try again (Moodle "
             "ends the attempt on failed). The score is sent once passed or failed is decided."]
    score_extra = ", sent once passed or failed is decided"
    completion_setting = ("Moodle: Completion tracking › Require status: 'Passed' and 'Completed' both ticked "
                          "(passed or completed). Either value means the course's completion rule is met.")

    def metadata(self, metadata: etree._Element, course: Course) -> None:
        lom = self.sub(metadata, "imsmd", "lom")
        general = self.sub(lom, "imsmd", "general")
        self.sub(self.sub(general, "imsmd", "title"), "imsmd", "langstring", course.title).set(XML_LANG, course.language)
        self.sub(general, "imsmd", "language", course.language)
        self.sub(self.sub(general, "imsmd", "description"), "imsmd", "langstring",
                 course.config.description).set(XML_LANG, course.language)
        lifecycle = self.sub(lom, "imsmd", "lifecycle")
        self.sub(self.sub(lifecycle, "imsmd", "version"), "imsmd", "langstring", course.config.version).set(XML_LANG, "x-none")

    def organization(self, organizations: etree._Element, course: Course, ident: str) -> None:
        organization = self.sub(organizations, "", "organization", identifier=f"{ident}-org")
        self.sub(organization, "", "title", course.title)
        item = self.sub(organization, "", "item", identifier=f"{ident}-item", identifierref=f"{ident}-sco",
                        isvisible="true")
        self.sub(item, "", "title", course.title)
        mastery = self.mastery_score(course)
        if mastery is not None:
            self.sub(item, "adlcp", "masteryscore", f"{mastery:g}")

    def module_organization(self, organizations: etree._Element, course: Course, ident: str) -> None:
        """One item per module SCO; SCORM 1.2 has no rollup: each module reports its own status."""
        organization = self.sub(organizations, "", "organization", identifier=f"{ident}-org")
        self.sub(organization, "", "title", course.title)
        mastery = self.mastery_score(course)
        for module in course.modules:
            item = self.sub(organization, "", "item", identifier=f"{ident}-item-{module.id}",
                            identifierref=f"{ident}-sco-{module.id}", isvisible="true")
            self.sub(item, "", "title", module.title)
            if mastery is not None:
                self.sub(item, "adlcp", "masteryscore", f"{mastery:g}")

    def mastery_score(self, course: Course) -> float | None:
        """The pass mark, only when the course is complete exactly when it is passed: a platform that
        applies a mastery score (Moodle's "Mastery score overrides status", on by default) rewrites
        the status from the score on exit, which under any other rule would pass a learner who has
        not opened every lesson, or fail one whom the rule completes by visits."""
        if course.graded_activities() and course.config.completion.value == "passed":
            return course.config.pass_mark
        return None

    per_module_note = ("SCORM 1.2 has no rollup: the platform shows each module's status and score, and decides "
                       "from them whether the course is done (Moodle: 'Require status' applies per SCO, and the "
                       "grade is the platform's grading method across SCOs, e.g. 'Average of scores' or "
                       "'Number of learning objects completed').")

    def course_notes(self, course: Course) -> list[str]:
        if not (course.graded_activities() and course.config.completion.value == "visited"):
            return []
        return ["This course completes on lesson visits alone and also has graded quizzes. SCORM 1.2 has one "
                "status field, so the package sends 'completed' once every lesson is opened; Moodle then ends the "
                "attempt, and quiz attempts made after the learner reopens the activity are not stored. If quiz "
                "results matter after completion, upload the SCORM 2004 package instead."]

    def mastery_words(self, course: Course) -> str:
        if not course.graded_activities():
            return "none (the course has no graded quiz or scored scenario)"
        mark = f"{course.config.pass_mark:g}"
        if self.mastery_score(course) is not None:
            return (f"{mark} (adlcp:masteryscore), which agrees with the completion rule (complete exactly when "
                    "passed). The package sends the score only once passed or failed is decided, so a platform "
                    "that rewrites the status from it (Moodle: Mastery score overrides status) reaches the same "
                    "status")
        return (f"none in the manifest: the package sets passed/failed itself at {mark} %. With this completion "
                "rule a platform that rewrites the status from the score (Moodle: Mastery score overrides status) "
                "would mark a learner passed or failed against the rule. If the platform asks for a mastery or "
                f"passing score, leave it empty; if it insists, enter {mark} and turn off any option that lets the "
                "score override the status (Moodle: Mastery score overrides status = No)")
