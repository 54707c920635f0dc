"""A small reader that reads a cartridge the way Open edX's converter cc2olx (v0.4) does.

Written by us from the behaviour documented in ../shared/notes/CC2OLX.md (no cc2olx code):
it answers "which options would Open edX mark correct, which fill-in answers would it accept,
and which `url_name` would each block get", so tests can check that every key survives.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

Q = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
CP = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"
CHOICE_PROFILES = ("cc.multiple_choice.v0p1", "cc.true_false.v0p1", "cc.multiple_response.v0p1")
FIB = "cc.fib.v0p1"
PLACEHOLDER = "x" * 34  # the identifier cc2olx gives the sequentials and verticals it has to invent


@dataclass
class Problem:
    ident: str
    profile: str
    correct: set[str] = field(default_factory=set)  # choice types: the options marked correct
    answers: list[str] = field(default_factory=list)  # fill-in: the primary answer, then the additional ones


def _conditions_read(item: etree._Element) -> list[etree._Element]:
    """Conditions in document order, up to and including the first `continue="No"` (the default)."""
    read = []
    for condition in item.iterfind(f"{Q}resprocessing/{Q}respcondition"):
        read.append(condition)
        if condition.get("continue", "No") == "No":
            break
    return read


def _choice_key(item: etree._Element) -> set[str]:
    """Every direct `varequal` (or, failing those, those directly under `and`/`or`) counts as correct;
    `setvar` is ignored, and `varequal` inside `not` is skipped."""
    correct: set[str] = set()
    for condition in _conditions_read(item):
        found = condition.findall(f"{Q}conditionvar/{Q}varequal")
        if not found:
            found = condition.findall(f"{Q}conditionvar/{Q}and/{Q}varequal")
            found += condition.findall(f"{Q}conditionvar/{Q}or/{Q}varequal")
        correct |= {v.text for v in found}
    return correct


def _fib_answers(item: etree._Element) -> list[str]:
    answers = []
    for condition in _conditions_read(item):
        answers += [v.text for v in condition.findall(f"{Q}conditionvar/{Q}varequal")]
        answers += [v.text for v in condition.findall(f"{Q}conditionvar/{Q}varsubstring")]
    return answers


def _profile(item: etree._Element) -> str:
    for f in item.iterfind(f"{Q}itemmetadata/{Q}qtimetadata/{Q}qtimetadatafield"):
        if f.findtext(f"{Q}fieldlabel") == "cc_profile":
            return f.findtext(f"{Q}fieldentry")
    raise ValueError("QTI metadata must contain a cc_profile field")  # cc2olx fails the same way


def read_assessment(data: bytes) -> list[Problem]:
    """The problems cc2olx makes of one assessment file (items under `section`, in order)."""
    problems = []
    for item in etree.fromstring(data).iterfind(f".//{Q}section/{Q}item"):
        problem = Problem(item.get("ident"), _profile(item))
        if problem.profile in CHOICE_PROFILES:
            problem.correct = _choice_key(item)
        elif problem.profile == FIB:
            problem.answers = _fib_answers(item)
        problems.append(problem)
    return problems


# --- the course outline and the url_name of every block ----------------------------------------

def _item_tree(item: etree._Element) -> dict:
    node = {"identifier": item.get("identifier"), "title": item.findtext(f"{CP}title")}
    if item.get("identifierref"):
        node["identifierref"] = item.get("identifierref")
    children = [_item_tree(child) for child in item.findall(f"{CP}item")]
    if children:
        node["children"] = children
    return node


def _is_leaf(node: dict) -> bool:
    return "identifierref" in node


def _only_leaves(node: dict) -> bool:
    return all(_is_leaf(child) for child in node.get("children", []))


def _flatten(nodes: list[dict]) -> list[dict]:
    out = []
    for node in nodes:
        out += [node] if _is_leaf(node) else _flatten(node.get("children", []))
    return out


def outline(manifest: bytes) -> list[dict]:
    """chapter → sequential → vertical → leaf items, the way cc2olx normalises an organization:
    a level made only of leaves gets invented containers with the placeholder identifier."""
    root = etree.fromstring(manifest).find(f"{CP}organizations/{CP}organization/{CP}item")
    chapters = []
    for section in _item_tree(root).get("children", []):
        if _is_leaf(section):
            subsections = [section]
        elif _only_leaves(section):
            subsections = [{"identifier": PLACEHOLDER, "title": section["title"], "children": section["children"]}]
        else:
            subsections = section["children"]
        chapter = {**section, "children": []}
        for subsection in subsections:
            if _is_leaf(subsection):
                units = [subsection]
            elif _only_leaves(subsection):  # one invented unit per leaf
                units = [{"identifier": PLACEHOLDER, "title": u["title"], "children": [u]}
                         for u in subsection.get("children", [])]
            else:
                units = subsection["children"]
            sequential = {**subsection, "children": []}
            for unit in units:
                components = [unit] if _is_leaf(unit) else _flatten(unit.get("children", []))
                sequential["children"].append({**unit, "children": components})
            chapter["children"].append(sequential)
        chapters.append(chapter)
    return chapters


def url_names(manifest: bytes, problems_per_resource: dict[str, int]) -> list[tuple[str, str, str]]:
    """(tag, url_name, where it came from) for every block cc2olx writes.

    A container takes its item's `identifierref`, else its `identifier`; each block a leaf
    yields (a page, or every problem of an assessment) takes the leaf's `identifierref`.
    """
    names = []

    def container(tag: str, node: dict) -> None:
        names.append((tag, node.get("identifierref") or node["identifier"], node["identifier"]))

    for chapter in outline(manifest):
        container("chapter", chapter)
        for sequential in chapter["children"]:
            container("sequential", sequential)
            for vertical in sequential["children"]:
                container("vertical", vertical)
                for leaf in vertical["children"]:
                    ref = leaf["identifierref"]
                    names += [("problem", ref, ref)] * problems_per_resource.get(ref, 0) or [("html", ref, ref)]
    return names
