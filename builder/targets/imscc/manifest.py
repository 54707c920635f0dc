"""imsmanifest.xml for a Common Cartridge 1.1: LOM metadata, one rooted organization, resources.

The organization mirrors the course: a title-less root item, one item per module, one per page
(lesson or quiz) under it, and the glossary last as a module of its own. Shared files (media, the glossary page) are
one web-content resource each, reached through `<dependency>`; the CC profile forbids a
learning object from pointing at a question bank, so the bank is listed but never organized.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from ...model import Course, Lesson
from ...urls import media_url
from . import layout

CP = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
LOMM = "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest"
LOMR = "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/resource"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
_PROFILE = "http://www.imsglobal.org/profile/cc/ccv1p1"
SCHEMA_LOCATION = " ".join([CP, f"{_PROFILE}/ccv1p1_imscp_v1p2_v1p0.xsd",
                            LOMM, f"{_PROFILE}/LOM/ccv1p1_lommanifest_v1p0.xsd",
                            LOMR, f"{_PROFILE}/LOM/ccv1p1_lomresource_v1p0.xsd"])
WEBCONTENT = "webcontent"
ASSESSMENT = "imsqti_xmlv1p2/imscc_xmlv1p1/assessment"
QUESTION_BANK = "imsqti_xmlv1p2/imscc_xmlv1p1/question-bank"


@dataclass
class Resource:
    identifier: str
    type: str
    files: list[str]
    href: str | None = None
    dependencies: list[str] = field(default_factory=list)


@dataclass
class Plan:
    """What the manifest lists, decided by the target; this module only writes it down."""

    resources: list[Resource] = field(default_factory=list)
    glossary_title: str | None = None  # set when the cartridge has a glossary page


def _cp(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{CP}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def _lom(parent: etree._Element, tag: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{LOMM}}}{tag}")


def _langstring(parent: etree._Element, tag: str, text: str, language: str) -> None:
    string = etree.SubElement(_lom(parent, tag), f"{{{LOMM}}}string", language=language)
    string.text = text


def manifest(course: Course, plan: Plan) -> bytes:
    root = etree.Element(f"{{{CP}}}manifest", nsmap={None: CP, "lomimscc": LOMM, "lom": LOMR, "xsi": XSI},
                         identifier=layout.manifest_id(course.id, course.language))
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    _metadata(root, course)
    _organization(root, course, plan)
    resources = _cp(root, "resources")
    for resource in plan.resources:
        _resource(resources, resource)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


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


def _resource(parent: etree._Element, resource: Resource) -> None:
    attrs = {"identifier": resource.identifier, "type": resource.type}
    if resource.href:
        attrs["href"] = media_url(resource.href)
    element = _cp(parent, "resource", **attrs)
    for path in resource.files:  # hrefs are URLs: spaces and non-ASCII in media names are percent-encoded
        _cp(element, "file", href=media_url(path))
    for dependency in resource.dependencies:
        _cp(element, "dependency", identifierref=dependency)


def lesson_resource(lesson: Lesson, uses_media: bool) -> Resource:
    """A lesson page depends on the media resource when it shows a media file (other pages it only names)."""
    path = layout.lesson_file(lesson.id)
    dependencies = [layout.MEDIA_RESOURCE] if uses_media else []
    return Resource(layout.page_resource(lesson.id), WEBCONTENT, [path], href=path, dependencies=dependencies)
