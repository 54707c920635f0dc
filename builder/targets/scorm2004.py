"""Target `scorm2004`: a SCORM 2004 4th Edition package (one SCO) with minimal, explicit sequencing.

Sequencing says only what the SCO does: it sets completion and success itself
(completionSetByContent, objectiveSetByContent), and the primary objective is never satisfied
by measure, so the LMS cannot mark a learner passed from a score alone.
"""

from __future__ import annotations

from lxml import etree

from ..model import Course
from . import register
from ._scorm import ScormProfile, ScormTarget

PROFILE = ScormProfile(
    tracking="scorm2004", standard="SCORM 2004 4th Edition",
    namespaces={"": "http://www.imsglobal.org/xsd/imscp_v1p1",
                "adlcp": "http://www.adlnet.org/xsd/adlcp_v1p3",
                "adlseq": "http://www.adlnet.org/xsd/adlseq_v1p3",
                "adlnav": "http://www.adlnet.org/xsd/adlnav_v1p3",
                "imsss": "http://www.imsglobal.org/xsd/imsss",
                "lom": "http://ltsc.ieee.org/xsd/LOM"},
    schema_locations=(("http://www.imsglobal.org/xsd/imscp_v1p1", "imscp_v1p1.xsd"),
                      ("http://www.adlnet.org/xsd/adlcp_v1p3", "adlcp_v1p3.xsd"),
                      ("http://www.adlnet.org/xsd/adlseq_v1p3", "adlseq_v1p3.xsd"),
                      ("http://www.adlnet.org/xsd/adlnav_v1p3", "adlnav_v1p3.xsd"),
                      ("http://www.imsglobal.org/xsd/imsss", "imsss_v1p0.xsd"),
                      ("http://ltsc.ieee.org/xsd/LOM", "lom.xsd")),
    scorm_type="scormType", state_limit=64000, state_element="cmi.suspend_data (SCORM 2004 4th Edition)")


@register
class Scorm2004Target(ScormTarget):
    name = "scorm2004"
    description = "SCORM 2004 4th Edition package (one SCO, minimal explicit sequencing)"
    priority = 21
    profile = PROFILE
    schema_version = "2004 4th Edition"
    score_extra = "; cmi.score.scaled 0–1"
    steps = ["In the learning platform, add a new SCORM activity and choose this zip file (do not unpack it).",
             "If the platform asks for the SCORM version, choose SCORM 2004 (4th Edition).",
             "Save, then open the activity as a student to check that it launches and resumes."]
    notes = ["completion_status and success_status are set separately; the LMS does not derive pass/fail "
             "from the score (no satisfiedByMeasure). success_status is failed only when no attempt is left."]
    per_module_note = ("The LMS rolls the modules up into the course (SCORM 2004 sequencing, default rollup): the "
                       "course is completed once every module is, passed once every module with graded quizzes "
                       "is passed, and its score is the mean of the modules' scores (each module weighs the same, "
                       "whatever the quiz weights inside). A platform that ignores sequencing shows each "
                       "module on its own.")
    completion_setting = ("Moodle: Completion tracking › Require status: 'Completed' (cmi.completion_status is "
                          "completed exactly when the course's completion rule is met).")

    def metadata(self, metadata: etree._Element, course: Course) -> None:
        lom = self.sub(metadata, "lom", "lom")
        general = self.sub(lom, "lom", "general")
        self.sub(self.sub(general, "lom", "title"), "lom", "string", course.title, language=course.language)
        self.sub(general, "lom", "language", course.language)
        self.sub(self.sub(general, "lom", "description"), "lom", "string", course.config.description,
                 language=course.language)
        lifecycle = self.sub(lom, "lom", "lifeCycle")
        self.sub(self.sub(lifecycle, "lom", "version"), "lom", "string", course.config.version, language="x-none")

    def organization(self, organizations: etree._Element, course: Course, ident: str) -> None:
        organization = self.sub(organizations, "", "organization", identifier=f"{ident}-org")
        organization.set(self.q("adlseq", "objectivesGlobalToSystem"), "false")
        self.sub(organization, "", "title", course.title)
        item = self.sub(organization, "", "item", identifier=f"{ident}-item", identifierref=f"{ident}-sco")
        self.sub(item, "", "title", course.title)
        sequencing = self.sub(item, "imsss", "sequencing")
        objectives = self.sub(sequencing, "imsss", "objectives")
        self.sub(objectives, "imsss", "primaryObjective", objectiveID=f"{course.id}-passed", satisfiedByMeasure="false")
        self.sub(sequencing, "imsss", "deliveryControls", completionSetByContent="true", objectiveSetByContent="true")
        control = self.sub(organization, "imsss", "sequencing")
        self.sub(control, "imsss", "controlMode", choice="true", flow="true")

    def module_organization(self, organizations: etree._Element, course: Course, ident: str) -> None:
        """One item per module SCO. The course (the organization) is rolled up by the LMS with the
        default SCORM 2004 rollup: completed once every module is completed, satisfied (passed) once
        every module is satisfied and not satisfied once one is, its score the mean of the modules'
        scores (each module weighs 1: rollupRules objectiveMeasureWeight). Each module sets its own
        status (completionSetByContent, objectiveSetByContent), never satisfied by a score alone."""
        organization = self.sub(organizations, "", "organization", identifier=f"{ident}-org")
        organization.set(self.q("adlseq", "objectivesGlobalToSystem"), "false")
        self.sub(organization, "", "title", course.title)
        for module in course.modules:
            item = self.sub(organization, "", "item", identifier=f"{ident}-item-{module.id}",
                            identifierref=f"{ident}-sco-{module.id}")
            self.sub(item, "", "title", module.title)
            sequencing = self.sub(item, "imsss", "sequencing")
            self.sub(sequencing, "imsss", "rollupRules", rollupObjectiveSatisfied="true",
                     rollupProgressCompletion="true", objectiveMeasureWeight="1")
            objectives = self.sub(sequencing, "imsss", "objectives")
            self.sub(objectives, "imsss", "primaryObjective", objectiveID=f"{course.id}-{module.id}-passed",
                     satisfiedByMeasure="false")
            self.sub(sequencing, "imsss", "deliveryControls", completionSetByContent="true",
                     objectiveSetByContent="true")
        control = self.sub(organization, "imsss", "sequencing")
        self.sub(control, "imsss", "controlMode", choice="true", flow="true")

    def mastery_words(self, course: Course) -> str:
        if not course.graded_activities():
            return "none (the course has no graded quiz or scored scenario)"
        return (f"{course.config.pass_mark:g} %, applied by the package, which sets cmi.success_status; no "
                "cmi.scaled_passing_score is declared, so the LMS never passes a learner on its own")
