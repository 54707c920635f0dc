"""A small lxml helper shared by the XML-writing targets (QTI 1.2 in the cartridge, QTI 2.1)."""

from __future__ import annotations

from lxml import etree


def element(namespace: str, parent: etree._Element | None, tag: str, text: str | None = None,
            **attrs: str) -> etree._Element:
    """A namespaced element, appended to `parent` when one is given, with optional text."""
    name = f"{{{namespace}}}{tag}"
    node = etree.Element(name, attrs) if parent is None else etree.SubElement(parent, name, attrs)
    if text is not None:
        node.text = text
    return node
