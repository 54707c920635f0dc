"""The lxml helpers every XML-writing target shares: one element helper, one way to start a
schema-bound document, one serialiser (so every XML file we write has the same declaration), and
prototypes: fixed blocks built once and copied where they go (`stamp`), for the blocks every QTI
item or Moodle question repeats."""

from __future__ import annotations

from typing import Callable

from lxml import etree

XSI = "http://www.w3.org/2001/XMLSchema-instance"
#: Characters of a QTI item's title (its prompt as plain text), which LMS question lists show.
TITLE_LIMIT = 200
# Double-quoted, as most tools write it: some LMS importers match the declaration as text.
DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'


def element(namespace: str, parent: etree._Element | None, tag: str, text: str | None = None,
            **attrs: str) -> etree._Element:
    """An element in `namespace` ("" for none), appended to `parent` when one is given, with optional text."""
    name = f"{{{namespace}}}{tag}" if namespace else tag
    node = etree.Element(name, attrs) if parent is None else etree.SubElement(parent, name, attrs)
    if text is not None:
        node.text = text
    return node


def prototype(namespace: str, build: Callable[..., etree._Element], *args: str) -> etree._Element:
    """A fixed sub-tree for `stamp`, built once by `build(holder, *args)` under a throwaway holder in `namespace`.

    An attribute each copy sets gets an empty placeholder here, so that it keeps its place in the
    attribute order (lxml writes attributes in the order they were first set)."""
    return build(element(namespace, None, "prototype"), *args)


def stamp(parent: etree._Element | None, block: etree._Element) -> etree._Element:
    """A copy of the prototype `block`, appended to `parent` when one is given.

    Why: lxml copies a sub-tree, attributes and all, in one C call, where building it costs a
    Python call per element and per attribute; QTI and Moodle XML repeat the same blocks in every
    item. The copy's namespace declarations merge into the parent's, so the output is unchanged."""
    node = block.__copy__()  # lxml's copy is deep; called directly, without `copy.copy`'s Python dispatch
    if parent is not None:
        parent.append(node)
    return node


def schema_root(namespace: str, tag: str, schema_location: str, nsmap: dict[str | None, str] | None = None,
                **attrs: str) -> etree._Element:
    """A document root in `namespace` (the default namespace), `attrs` then `xsi:schemaLocation`.

    `nsmap` adds prefixed namespaces; `xsi` is always declared last."""
    namespaces = {None: namespace, **(nsmap or {}), "xsi": XSI}
    root = etree.Element(f"{{{namespace}}}{tag}", attrs, nsmap=namespaces)
    root.set(f"{{{XSI}}}schemaLocation", schema_location)
    return root


def serialise(root: etree._Element) -> bytes:
    """The document as UTF-8 bytes, pretty-printed, after the one declaration every target writes."""
    return DECLARATION + etree.tostring(root, encoding="UTF-8", pretty_print=True)
