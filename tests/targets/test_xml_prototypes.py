"""`_xml.prototype` and `stamp`: a copied block serialises exactly as the same block built in place."""

from __future__ import annotations

from lxml import etree

from builder.targets._xml import element, prototype, schema_root, serialise, stamp

NS = "urn:example:qti"


def _condition(holder: etree._Element, title: str | None = None) -> etree._Element:
    condition = element(NS, holder, "respcondition", title=title or "")
    condition.set("continue", "No")
    element(NS, condition, "setvar", varname="SCORE", action="Set")
    return condition


def _document() -> etree._Element:
    return schema_root(NS, "root", f"{NS} example.xsd")


def test_a_stamped_block_serialises_as_the_block_built_in_place():
    built, stamped = _document(), _document()
    condition = _condition(built, "correct")
    condition[0].text = "100"
    copy = stamp(stamped, prototype(NS, _condition))
    copy.set("title", "correct")  # a placeholder keeps its place: `title` stays before `continue`
    copy[0].text = "100"
    # Same bytes, so also no second declaration of the namespace: the copy's merges into the document's.
    assert serialise(stamped) == serialise(built)


def test_each_stamp_is_a_copy_the_prototype_never_changes():
    block = prototype(NS, _condition)
    first = stamp(None, block)
    first.set("title", "first")
    first[0].text = "1"
    second = stamp(None, block)
    assert second.get("title") == "" and second[0].text is None
    assert block.get("title") == "" and block[0].text is None


def test_stamping_twice_into_one_parent_appends_two_blocks():
    root = _document()
    block = prototype(NS, _condition)
    stamp(root, block)
    stamp(root, block)
    assert [child.tag for child in root] == [f"{{{NS}}}respcondition"] * 2
    assert serialise(root).count(b'xmlns="') == 1
