"""A small reader that reads a cartridge the way Moodle's IMS CC 1.1 import does (Moodle 5.1).

Written by us from the behaviour documented in ../shared/notes/MOODLE-CC.md and checked against
the public description of Moodle's backup/cc converter (no Moodle code): which sections and
section texts a course gets, what each question's answers score, which feedback each answer
carries and what lands in the general feedback every learner sees.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree, html as lxml_html

Q = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
CP = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"
MR, FIB = "cc.multiple_response.v0p1", "cc.fib.v0p1"


def text_of(html: str) -> str:
    return " ".join(lxml_html.fragment_fromstring(html, create_parent="div").text_content().split()) if html else ""


@dataclass
class Answer:
    ident: str
    fraction: float  # 0..1 of the question's grade
    feedback: str = ""  # plain text of every feedback Moodle attaches to this answer


@dataclass
class Question:
    ident: str
    profile: str
    general_feedback: str  # shown to every learner after answering
    answers: list[Answer] = field(default_factory=list)
    accepted: list[str] = field(default_factory=list)  # fill-in: the answers graded 100%


def _feedback_text(item: etree._Element, condition: etree._Element) -> str:
    """Moodle reads each linked feedback's first `flow_mat/material/mattext`; other shapes (QTI `<hint>`) are lost."""
    texts = []
    for display in condition.iterfind(f"{Q}displayfeedback"):
        for feedback in item.iterfind(f"{Q}itemfeedback"):
            if feedback.get("ident") == display.get("linkrefid"):
                texts.append(text_of(feedback.findtext(f"{Q}flow_mat/{Q}material/{Q}mattext") or ""))
    return " ".join(t for t in texts if t)


def _first_varequal(condition: etree._Element) -> str:
    return condition.findtext(f"{Q}conditionvar/{Q}varequal") or ""


def _choice_answers(item: etree._Element, profile: str) -> list[Answer]:
    conditions = item.findall(f"{Q}resprocessing/{Q}respcondition")
    mr_key: set[str] = set()
    if profile == MR:  # the options named (case="Yes", not under <not>) by the condition setting SCORE to 100
        for condition in conditions:
            if any(s.get("varname") == "SCORE" and s.text == "100" for s in condition.iterfind(f"{Q}setvar")):
                mr_key |= {v.text for v in condition.iterfind(f"{Q}conditionvar//{Q}varequal[@case='Yes']")
                           if etree.QName(v.getparent()).localname != "not"}
    answers = []
    for label in item.iterfind(f"{Q}presentation/{Q}response_lid/{Q}render_choice/{Q}response_label"):
        ident = label.get("ident")
        named = [c for c in conditions if _first_varequal(c).lower() == ident.lower()]
        score = ""
        for condition in named:  # the last condition naming the option decides; empty or "0" scores 0
            score = condition.findtext(f"{Q}setvar") or ""
        fraction = 1.0 if score not in ("", "0") else 0.0
        if profile == MR:
            fraction = round(1 / len(mr_key), 7) if ident in mr_key else fraction
        feedback = " ".join(t for t in (_feedback_text(item, c) for c in named) if t)
        answers.append(Answer(ident, fraction, feedback))
    return answers


def _accepted(item: etree._Element) -> list[str]:
    """Fill-in: every direct `varequal` of the first condition that sets 100."""
    for condition in item.iterfind(f"{Q}resprocessing/{Q}respcondition"):
        if condition.findtext(f"{Q}setvar") == "100":
            return [v.text for v in condition.iterfind(f"{Q}conditionvar/{Q}varequal") if v.text]
    return []


def _general_feedback(item: etree._Element) -> str:
    """Every feedback linked from a `continue="Yes"` condition, concatenated."""
    yes = [c for c in item.iterfind(f"{Q}resprocessing/{Q}respcondition") if (c.get("continue") or "").lower() == "yes"]
    return " ".join(t for t in (_feedback_text(item, c) for c in yes) if t)


def read_assessment(data: bytes) -> list[Question]:
    questions = []
    for item in etree.fromstring(data).iterfind(f"{Q}assessment/{Q}section/{Q}item"):
        profile = next(f.findtext(f"{Q}fieldentry") for f in item.iterfind(f".//{Q}qtimetadatafield")
                       if f.findtext(f"{Q}fieldlabel") == "cc_profile")
        question = Question(item.get("ident"), profile, _general_feedback(item))
        if profile == FIB:
            question.accepted = _accepted(item)
        else:
            question.answers = _choice_answers(item, profile)
        questions.append(question)
    return questions


@dataclass
class Section:
    summary: str  # the root child's title when it is a title-only item; Moodle never sets a section name
    activities: list[tuple[str, str]]  # (title, resource identifier) of every item below


def sections(manifest: bytes) -> list[Section]:
    """One section per child of the organization's root item."""
    root = etree.fromstring(manifest).find(f"{CP}organizations/{CP}organization/{CP}item")
    found = []
    for child in root.findall(f"{CP}item"):
        summary = "" if child.get("identifierref") else (child.findtext(f"{CP}title") or "")
        items = [child] if child.get("identifierref") else list(child.iter(f"{CP}item"))[1:]
        found.append(Section(summary, [(i.findtext(f"{CP}title"), i.get("identifierref")) for i in items
                                       if i.get("identifierref")]))
    return found


def broken_links(page: bytes) -> list[str]:
    """Links in a lesson page that Moodle's Page activity cannot follow: relative links to other pages.

    Moodle copies a page's images and files, but another lesson or the glossary becomes a Page
    activity of its own, which no relative `.html` path reaches.
    """
    document = lxml_html.fromstring(page)
    hrefs = document.xpath("//a/@href")
    return [h for h in hrefs if "://" not in h and not h.startswith(("#", "mailto:"))
            and h.split("#")[0].lower().endswith((".html", ".htm", ".xhtml"))]
