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
    notes = ["Status values sent: incomplete, passed, failed or completed (never left at 'not attempted')."]

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
        if course.graded_quizzes():
            self.sub(item, "adlcp", "masteryscore", f"{course.config.pass_mark:g}")

    def mastery_words(self, course: Course) -> str:
        if not course.graded_quizzes():
            return "none (the course has no graded quiz)"
        return (f"{course.config.pass_mark:g} (adlcp:masteryscore); the package also sets passed/failed itself, so "
                "a platform that applies the mastery score reaches the same result")
