"""imsmanifest.xml for a Common Cartridge 1.1: LOM metadata, one rooted organization, resources.

The organization mirrors the course: a title-less root item, one item per module, one per page
(lesson or quiz) under it, and the glossary last as a module of its own. Shared files (media, the glossary page) are
one web-content resource each, reached through `<dependency>`; the CC profile forbids a
learning object from pointing at a question bank, so the bank is listed but never organized.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from lxml import etree

from ...model import Course, Lesson
from .._ims import Resource, add_resources, manifest_root
from .._xml import element, serialise
from . import layout

CP = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
LOMM = "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest"
LOMR = "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/resource"
_PROFILE = "http://www.imsglobal.org/profile/cc/ccv1p1"
SCHEMA_LOCATION = " ".join([CP, f"{_PROFILE}/ccv1p1_imscp_v1p2_v1p0.xsd",
                            LOMM, f"{_PROFILE}/LOM/ccv1p1_lommanifest_v1p0.xsd",
                            LOMR, f"{_PROFILE}/LOM/ccv1p1_lomresource_v1p0.xsd"])
WEBCONTENT = "webcontent"
ASSESSMENT = "imsqti_xmlv1p2/imscc_xmlv1p1/assessment"
QUESTION_BANK = "imsqti_xmlv1p2/imscc_xmlv1p1/question-bank"


@dataclass
class Plan:
    """What the manifest lists, decided by the target; this module only writes it down."""

    resources: list[Resource] = field(default_factory=list)
    glossary_title: str | None = None  # set when the cartridge has a glossary page


_cp = functools.partial(element, CP)


def _lom(parent: etree._Element, tag: str) -> etree._Element:
    return element(LOMM, parent, tag)


def _langstring(parent: etree._Element, tag: str, text: str, language: str) -> None:
    element(LOMM, _lom(parent, tag), "string", text, language=language)


def manifest(course: Course, plan: Plan) -> bytes:
    root = manifest_root(CP, SCHEMA_LOCATION, {"lomimscc": LOMM, "lom": LOMR},
                         identifier=layout.manifest_id(course.id, course.language))
    _metadata(root, course)
    _organization(root, course, plan)
    add_resources(root, CP, plan.resources)
    return serialise(root)


def _metadata(root: etree._Element, course: Course) -> None:
    config, language = course.config, course.language
    metadata = _cp(root, "metadata")
    _cp(metadata, "schema", "IMS Common Cartridge")
    _cp(metadata, "schemaversion", "1.1.0")
    lom = _lom(metadata, "lom")
    general = _lom(lom, "general")
    _langstring(general, "title", course.title, language)
    _lom(general, "language").text = language
    if config.description:
        _langstring(general, "description", config.description, language)
    if getattr(config, "licence", None):
        rights = _lom(lom, "rights")
        _lom(_lom(rights, "copyrightAndOtherRestrictions"), "value").text = "yes"
        _langstring(rights, "description", f"Licence: {config.licence}", language)


def _organization(root: etree._Element, course: Course, plan: Plan) -> None:
    organization = _cp(_cp(root, "organizations"), "organization", identifier=layout.ORGANIZATION,
                       structure="rooted-hierarchy")
    top = _cp(organization, "item", identifier=layout.ROOT_ITEM)
    for module in course.modules:
        module_item = _cp(top, "item", identifier=layout.module_item(module.id))
        _cp(module_item, "title", module.title)
        for page in module.pages:
            page_item = _cp(module_item, "item", identifier=layout.page_item(page.id),
                            identifierref=layout.page_resource(page.id))
            _cp(page_item, "title", page.title)
    if plan.glossary_title:
        # A module of its own, like every other page: LMSs build their sections from the root's
        # children, and Moodle only gives a section a title (as its summary) when that child is a
        # title-only item.
        module_item = _cp(top, "item", identifier=layout.GLOSSARY_MODULE)
        _cp(module_item, "title", plan.glossary_title)
        glossary = _cp(module_item, "item", identifier=layout.GLOSSARY_ITEM, identifierref=layout.GLOSSARY_RESOURCE)
        _cp(glossary, "title", plan.glossary_title)


def lesson_resource(lesson: Lesson, uses_media: bool) -> Resource:
    """A lesson page depends on the media resource when it shows a media file (other pages it only names)."""
    path = layout.lesson_file(lesson.id)
    dependencies = [layout.MEDIA_RESOURCE] if uses_media else []
    return Resource(layout.page_resource(lesson.id), WEBCONTENT, [path], href=path, dependencies=dependencies)
