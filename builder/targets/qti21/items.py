"""One QTI 2.1 assessmentItem per question; all six types keep their own interaction.

| ours | interaction | RESPONSE |
|---|---|---|
| single, true/false | choiceInteraction maxChoices=1 | single identifier |
| multiple | choiceInteraction maxChoices=0 | multiple identifier |
| fill-in | textEntryInteraction | single string |
| matching | matchInteraction (premises × responses) | multiple directedPair |
| ordering | orderInteraction | ordered identifier |

Response processing is written out (not a template) so that SCORE carries the question's points
and FEEDBACK collects the keys of the feedback to show: `choice_<id>` per selected option, then
`correct` or `incorrect` (and `hint` when wrong), mirroring `coursepack_quiz.grading`.
"""

from __future__ import annotations

import functools

import re
from typing import Callable

from lxml import etree


from coursepack_quiz.model import Question, QuestionType

from .._xml import element
from .html import NS, XML_LANG, append_html

XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{NS} http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
_NCNAME_START = re.compile(r"^[A-Za-z_]")
Rewriter = Callable[[str], str]


def ncname(value: str) -> str:
    """Our IDs may start with a digit; QTI identifiers are NCNames, which may not."""
    return value if _NCNAME_START.match(value) else f"_{value}"


def premise_id(pair_id: str) -> str:
    return f"P_{pair_id}"  # a pair ID names both sides; QTI needs two distinct identifiers


def response_id(choice_id: str) -> str:
    return f"R_{choice_id}"


def feedback_id(choice_id: str) -> str:
    return f"choice_{choice_id}"


_el = functools.partial(element, NS)


def _number(points: float) -> str:
    return f"{points:g}"


def assessment_item(q: Question, identifier: str, language: str, rewrite: Rewriter, shuffle: bool) -> bytes:
    root = etree.Element(f"{{{NS}}}assessmentItem", nsmap={None: NS, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    for name, value in (("identifier", identifier), ("title", _plain(q.prompt)), ("adaptive", "false"),
                        ("timeDependent", "false")):
        root.set(name, value)
    root.set(XML_LANG, language)
    _declarations(root, q)
    body = _el(root, "itemBody")
    append_html(_el(body, "div", **{"class": "prompt"}), rewrite(f"<p>{q.prompt}</p>{q.body}"))
    _INTERACTIONS[q.type](body, q, rewrite, shuffle)
    _processing(root, q)
    _feedback(root, q, rewrite)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _plain(html: str) -> str:
    text = etree.fromstring(f"<t>{html}</t>", etree.HTMLParser()).xpath("string()") if html else ""
    return " ".join(text.split())[:200] or "question"


def correct_values(q: Question) -> list[str]:
    """RESPONSE's correct value(s) in QTI form (also what the read-back tests compare with)."""
    if q.type in (QuestionType.SINGLE, QuestionType.TRUE_FALSE, QuestionType.MULTIPLE):
        return [ncname(c.id) for c in q.choices if c.correct]
    if q.type is QuestionType.FILL_IN:
        return [q.answers[0]]
    if q.type is QuestionType.MATCHING:
        return [f"{premise_id(p.id)} {response_id(p.id)}" for p in q.pairs]
    return [ncname(item.id) for item in q.items]


_SHAPE = {
    QuestionType.SINGLE: ("single", "identifier"), QuestionType.TRUE_FALSE: ("single", "identifier"),
    QuestionType.MULTIPLE: ("multiple", "identifier"), QuestionType.FILL_IN: ("single", "string"),
    QuestionType.MATCHING: ("multiple", "directedPair"), QuestionType.ORDERING: ("ordered", "identifier"),
}


def _declarations(root: etree._Element, q: Question) -> None:
    cardinality, base_type = _SHAPE[q.type]
    response = _el(root, "responseDeclaration", identifier="RESPONSE", cardinality=cardinality, baseType=base_type)
    correct = _el(response, "correctResponse")
    for value in correct_values(q):
        _el(correct, "value", value)
    for name, default in (("SCORE", "0"), ("MAXSCORE", _number(q.points))):
        outcome = _el(root, "outcomeDeclaration", identifier=name, cardinality="single", baseType="float")
        _el(_el(outcome, "defaultValue"), "value", default)
    _el(root, "outcomeDeclaration", identifier="FEEDBACK", cardinality="multiple", baseType="identifier")


def _choice(body: etree._Element, q: Question, rewrite: Rewriter, shuffle: bool) -> None:
    single = q.type is not QuestionType.MULTIPLE
    interaction = _el(body, "choiceInteraction", responseIdentifier="RESPONSE",
                      shuffle="true" if shuffle and q.type is not QuestionType.TRUE_FALSE else "false",
                      maxChoices="1" if single else "0")
    for c in q.choices:
        append_html(_el(interaction, "simpleChoice", identifier=ncname(c.id)), rewrite(c.text))


def _fill_in(body: etree._Element, q: Question, rewrite: Rewriter, shuffle: bool) -> None:
    longest = max(len(a) for a in q.answers)
    _el(_el(body, "p"), "textEntryInteraction", responseIdentifier="RESPONSE", expectedLength=str(max(10, longest)))


def _matching(body: etree._Element, q: Question, rewrite: Rewriter, shuffle: bool) -> None:
    interaction = _el(body, "matchInteraction", responseIdentifier="RESPONSE", shuffle="true",
                      maxAssociations=str(len(q.pairs)))
    premises, responses = _el(interaction, "simpleMatchSet"), _el(interaction, "simpleMatchSet")
    for p in q.pairs:
        append_html(_el(premises, "simpleAssociableChoice", identifier=premise_id(p.id), matchMax="1"),
                    rewrite(p.left))
    for ident, text in [(p.id, p.right) for p in q.pairs] + [(d.id, d.text) for d in q.distractors]:
        append_html(_el(responses, "simpleAssociableChoice", identifier=response_id(ident), matchMax="1"),
                    rewrite(text))


def _ordering(body: etree._Element, q: Question, rewrite: Rewriter, shuffle: bool) -> None:
    interaction = _el(body, "orderInteraction", responseIdentifier="RESPONSE", shuffle="true")
    for item in q.items:
        append_html(_el(interaction, "simpleChoice", identifier=ncname(item.id)), rewrite(item.text))


_INTERACTIONS = {QuestionType.SINGLE: _choice, QuestionType.TRUE_FALSE: _choice, QuestionType.MULTIPLE: _choice,
                 QuestionType.FILL_IN: _fill_in, QuestionType.MATCHING: _matching, QuestionType.ORDERING: _ordering}


def _add_feedback(parent: etree._Element, key: str) -> None:
    setter = _el(parent, "setOutcomeValue", identifier="FEEDBACK")
    multiple = _el(setter, "multiple")
    _el(multiple, "variable", identifier="FEEDBACK")
    _el(multiple, "baseValue", key, baseType="identifier")


def _processing(root: etree._Element, q: Question) -> None:
    processing = _el(root, "responseProcessing")
    for c in q.choices:  # per-option feedback for every selected option that has some
        if c.feedback:
            branch = _el(_el(processing, "responseCondition"), "responseIf")
            test = _el(branch, "match" if q.type is not QuestionType.MULTIPLE else "member")
            value = _el(None, "baseValue", ncname(c.id), baseType="identifier")
            variable = _el(None, "variable", identifier="RESPONSE")
            test.extend([variable, value] if q.type is not QuestionType.MULTIPLE else [value, variable])
            _add_feedback(branch, feedback_id(c.id))
    condition = _el(processing, "responseCondition")
    right = _el(condition, "responseIf")
    _correct_test(right, q)
    score = _el(right, "setOutcomeValue", identifier="SCORE")
    _el(score, "baseValue", _number(q.points), baseType="float")
    if q.feedback_correct:
        _add_feedback(right, "correct")
    if q.feedback_incorrect or q.hints:
        wrong = _el(condition, "responseElse")
        if q.feedback_incorrect:
            _add_feedback(wrong, "incorrect")
        if q.hints:
            _add_feedback(wrong, "hint")


def _correct_test(parent: etree._Element, q: Question) -> None:
    if q.type is not QuestionType.FILL_IN:
        match = _el(parent, "match")
        _el(match, "variable", identifier="RESPONSE")
        _el(match, "correct", identifier="RESPONSE")
        return
    # Several accepted answers: any of them; case ignored unless the author asked otherwise.
    either = _el(parent, "or")
    for answer in q.answers:
        test = _el(either, "stringMatch", caseSensitive="true" if q.case_sensitive else "false")
        _el(test, "variable", identifier="RESPONSE")
        _el(test, "baseValue", answer, baseType="string")


def _feedback(root: etree._Element, q: Question, rewrite: Rewriter) -> None:
    texts = [(feedback_id(c.id), c.feedback) for c in q.choices if c.feedback]
    texts += [("correct", q.feedback_correct), ("incorrect", q.feedback_incorrect)]
    texts += [("hint", "".join(q.hints))]
    for key, html in texts:
        if html:
            feedback = _el(root, "modalFeedback", outcomeIdentifier="FEEDBACK", identifier=key, showHide="show")
            append_html(_el(feedback, "div"), rewrite(html))
