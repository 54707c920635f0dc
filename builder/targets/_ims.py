"""IMS Content Packaging, as SCORM 1.2/2004, Common Cartridge and QTI 2.1 write it: the
`imsmanifest.xml` root and its `<resources>`. Each format adds its own metadata and organizations;
how a resource, its files and its dependencies are written is decided here once."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from ._xml import element, schema_root
from ..urls import media_url

MANIFEST = "imsmanifest.xml"


@dataclass
class Resource:
    identifier: str
    type: str
    files: list[str]
    href: str | None = None
    dependencies: list[str] = field(default_factory=list)
    attributes: dict[str, str] = field(default_factory=dict)  # e.g. SCORM's adlcp:scormType, after href


def manifest_root(namespace: str, schema_location: str, nsmap: dict[str, str] | None = None,
                  **attrs: str) -> etree._Element:
    """`<manifest>` in the content-packaging namespace of the format (IMS CP 1.1.x or the CC profile's)."""
    return schema_root(namespace, "manifest", schema_location, nsmap, **attrs)


def add_resources(root: etree._Element, namespace: str, resources: list[Resource]) -> etree._Element:
    """`<resources>`: hrefs are URLs, so spaces and non-ASCII in file names are percent-encoded."""
    listed = element(namespace, root, "resources")
    for resource in resources:
        node = element(namespace, listed, "resource", identifier=resource.identifier, type=resource.type)
        if resource.href:
            node.set("href", media_url(resource.href))
        for name, value in resource.attributes.items():
            node.set(name, value)
        for path in resource.files:
            element(namespace, node, "file", href=media_url(path))
        for dependency in resource.dependencies:
            element(namespace, node, "dependency", identifierref=dependency)
    return listed
