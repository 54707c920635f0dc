"""QTI 1.2 documents in the Common Cartridge 1.1 profile: one assessment per quiz, one object bank.

Built with lxml, never by string concatenation. Question text is HTML carried as escaped text
in `mattext texttype="text/html"`, which is what the profile and every importer expect; lxml
does the escaping. Feedback identifiers follow the convention Canvas and Moodle read:
`<choice>_fb`, `correct_fb`, `general_incorrect_fb`, and `hint`.
"""

from __future__ import annotations

import functools

from typing import Callable

from lxml import etree


from .._xml import element
from .mapping import FIB, MR, MappedQuestion, MappedQuiz

NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{NS} http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_qtiasiv1p2p1_v1p0.xsd"
RESPONSE = "response1"
CORRECT_FB, INCORRECT_FB, HINT = "correct_fb", "general_incorrect_fb", "hint"

#: Rewrites `coursepack:` URLs in a fragment of rendered HTML (files become `$IMS-CC-FILEBASE$/<path>`).
Rewriter = Callable[[str], str]


_el = functools.partial(element, NS)


def _root() -> etree._Element:
    root = etree.Element(f"{{{NS}}}questestinterop", nsmap={None: NS, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    return root


def _metadata(parent: etree._Element, fields: list[tuple[str, str]]) -> None:
    metadata = _el(parent, "qtimetadata")
    for label, entry in fields:
        field = _el(metadata, "qtimetadatafield")
        _el(field, "fieldlabel", label)
        _el(field, "fieldentry", entry)


def _html(parent: etree._Element, html: str, tag: str = "material") -> etree._Element:
    material = _el(parent, tag)
    _el(material, "mattext", html, texttype="text/html")
    return material


def serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def assessment(mapped: MappedQuiz, rewrite: Rewriter, item_ident: Callable[[str], str]) -> bytes:
    """The quiz's assessment.xml: metadata (profile, attempts), the intro as rubric, one section."""
    page = mapped.page
    root = _root()
    test = _el(root, "assessment", ident=f"quiz.{page.id}", title=page.title)
    _metadata(test, [("cc_profile", "cc.exam.v0p1"), ("qmd_assessmenttype", "Examination"),
                     ("qmd_scoretype", "Percentage"), ("qmd_feedbackpermitted", "Yes"),
                     ("qmd_hintspermitted", "Yes" if any(m.question.hints for m in mapped.questions) else "No"),
                     ("cc_maxattempts", mapped.max_attempts)])
    if page.rendered.intro:
        _html(_el(test, "rubric"), rewrite(page.rendered.intro))
    section = _el(test, "section", ident=f"section.{page.id}")
    for question in mapped.questions:
        section.append(item(question, rewrite, item_ident(question.question.id), page.quiz.settings.shuffle))
    return serialize(root)


def question_bank(quizzes: list[MappedQuiz], rewrite: Rewriter, item_ident: Callable[[str, str], str],
                  bank_id: str) -> bytes:
    """Every mapped question of every quiz in one objectbank, for teachers to build their own quizzes."""
    root = _root()
    bank = _el(root, "objectbank", ident=bank_id)
    for mapped in quizzes:
        for question in mapped.questions:
            ident = item_ident(mapped.page.id, question.question.id)
            bank.append(item(question, rewrite, ident, mapped.page.quiz.settings.shuffle))
    return serialize(root)


def item(mapped: MappedQuestion, rewrite: Rewriter, ident: str, shuffle: bool) -> etree._Element:
    q = mapped.question
    element = _el(None, "item", ident=ident, title=_plain(q.prompt))
    _metadata(_el(element, "itemmetadata"), [("cc_profile", mapped.profile), ("cc_weighting", str(mapped.weight)),
                                             ("qmd_computerscored", "Yes")])
    presentation = _el(element, "presentation")
    _html(presentation, rewrite(_question_html(q.prompt, q.body)))
    if mapped.profile == FIB:
        _fib_presentation(presentation)
    else:
        _choice_presentation(presentation, mapped, rewrite, shuffle)
    _resprocessing(element, mapped)
    _feedback(element, mapped, rewrite)
    return element


def _question_html(prompt: str, body: str) -> str:
    return f"<p>{prompt}</p>{body}" if body else f"<p>{prompt}</p>"


def _plain(html: str) -> str:
    """The prompt as plain text, for the item's title attribute (LMS question lists show it)."""
    text = etree.fromstring(f"<t>{html}</t>", etree.HTMLParser()).xpath("string()") if html else ""
    return " ".join(text.split())[:200]


def _choice_presentation(presentation: etree._Element, mapped: MappedQuestion, rewrite: Rewriter,
                         shuffle: bool) -> None:
    cardinality = "Multiple" if mapped.profile == MR else "Single"
    response = _el(presentation, "response_lid", ident=RESPONSE, rcardinality=cardinality)
    # True/false reads True then False; mapped candidates keep the correct one first only in the file.
    allow_shuffle = shuffle or bool(mapped.note)
    render = _el(response, "render_choice", shuffle="Yes" if allow_shuffle and len(mapped.choices) > 2 else "No")
    for choice in mapped.choices:
        label = _el(render, "response_label", ident=choice.ident)
        _html(label, rewrite(choice.html))


def _fib_presentation(presentation: etree._Element) -> None:
    response = _el(presentation, "response_str", ident=RESPONSE, rcardinality="Single")
    render = _el(response, "render_fib", prompt="Box", fibtype="String")
    _el(render, "response_label", ident="answer1", rshuffle="No")


def _resprocessing(element: etree._Element, mapped: MappedQuestion) -> None:
    q = mapped.question
    processing = _el(element, "resprocessing")
    _el(_el(processing, "outcomes"), "decvar", varname="SCORE", vartype="Decimal", minvalue="0", maxvalue="100")
    for choice in mapped.choices:  # per-option feedback first; continue="Yes" lets scoring follow
        if choice.feedback_html:
            condition = _el(processing, "respcondition", title=f"feedback {choice.ident}")
            condition.set("continue", "Yes")
            _el(_el(condition, "conditionvar"), "varequal", choice.ident, respident=RESPONSE)
            _el(condition, "displayfeedback", feedbacktype="Response", linkrefid=feedback_ident(choice.ident))
    for conditionvar_builder in _correct_conditions(mapped):
        condition = _el(processing, "respcondition", title="correct")
        condition.set("continue", "No")
        conditionvar_builder(_el(condition, "conditionvar"))
        _el(condition, "setvar", "100", varname="SCORE", action="Set")
        if q.feedback_correct:
            _el(condition, "displayfeedback", feedbacktype="Response", linkrefid=CORRECT_FB)
    if q.feedback_incorrect or q.hints:
        condition = _el(processing, "respcondition", title="incorrect")
        condition.set("continue", "No")
        _el(_el(condition, "conditionvar"), "other")
        _el(condition, "setvar", "0", varname="SCORE", action="Set")
        if q.feedback_incorrect:
            _el(condition, "displayfeedback", feedbacktype="Response", linkrefid=INCORRECT_FB)
        if q.hints:
            _el(condition, "displayfeedback", feedbacktype="Hint", linkrefid=HINT)


def _correct_conditions(mapped: MappedQuestion) -> list[Callable[[etree._Element], None]]:
    """One builder per way of being right: each accepted fill-in answer, or the choice key."""
    q = mapped.question
    if mapped.profile == FIB:
        case = "Yes" if q.case_sensitive else "No"
        return [lambda cv, a=answer: _el(cv, "varequal", a, respident=RESPONSE, case=case) for answer in q.answers]
    correct = [c.ident for c in mapped.choices if c.correct]
    if mapped.profile != MR:
        return [lambda cv: _el(cv, "varequal", correct[0], respident=RESPONSE)]

    def exact_set(cv: etree._Element) -> None:  # all-or-nothing: every right option and no wrong one
        both = _el(cv, "and")
        for choice in mapped.choices:
            target = both if choice.correct else _el(both, "not")
            _el(target, "varequal", choice.ident, respident=RESPONSE)
    return [exact_set]


def feedback_ident(choice_ident: str) -> str:
    ident = f"{choice_ident}_fb"
    # An option called "correct" or "general_incorrect" must not borrow the overall feedback's name.
    return f"choice_{ident}" if ident in (CORRECT_FB, INCORRECT_FB) else ident


def _feedback(element: etree._Element, mapped: MappedQuestion, rewrite: Rewriter) -> None:
    q = mapped.question
    texts = [(feedback_ident(c.ident), c.feedback_html) for c in mapped.choices if c.feedback_html]
    texts += [(CORRECT_FB, q.feedback_correct), (INCORRECT_FB, q.feedback_incorrect)]
    for ident, html in texts:
        if html:
            _html(_el(_el(element, "itemfeedback", ident=ident), "flow_mat"), rewrite(html))
    if q.hints:
        hint = _el(_el(element, "itemfeedback", ident=HINT), "hint")
        for text in q.hints:
            _html(_el(hint, "hintmaterial"), rewrite(text))
