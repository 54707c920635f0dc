"""One QTI 2.1 assessmentItem per question; all six types keep their own interaction.

| ours | interaction | RESPONSE |
|---|---|---|
| single, true/false | choiceInteraction maxChoices=1 | single identifier |
| multiple | choiceInteraction maxChoices=0 | multiple identifier |
| fill-in | textEntryInteraction | single string |
| matching | matchInteraction (premises × responses) | multiple directedPair |
| ordering | orderInteraction | ordered identifier |

Scoring uses a standard response-processing template wherever one gives the same score as our
grader (`scoring_template`): `match_correct` for a one-point question, `map_response` for fill-in
(each accepted answer maps to the points) and for single choice worth other points. Engines that
only know the templates (no general response processing) then still score the item.

Feedback needs rules no template has: FEEDBACK collects the keys of the texts to show
(`choice_<id>` per selected option, then `correct` or `incorrect`, and `hint` when wrong),
mirroring `coursepack_quiz.grading`. An item with feedback therefore carries both the template
and its own rules: the rules repeat the template's scoring and add the feedback; QTI 2.1 says an
engine prefers the item's rules when it has both, and a template-only engine scores by the
template and shows no feedback. Only an all-or-nothing multiple-response, matching or ordering
question worth other than one point has no template and needs an engine that runs the rules.
"""

from __future__ import annotations

import functools

import re
from typing import Callable

from lxml import etree


from coursepack_quiz.inline import plain_text
from coursepack_quiz.model import Question, QuestionType

from .._xml import TITLE_LIMIT, element, prototype, schema_root, serialise, stamp
from .html import NS, XML_LANG, append_html

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
    template, values = scoring_template(q), correct_values(q)
    root = stamp(None, _item_skeleton(q.type, template, len(values)))
    for name, value in (("identifier", identifier), ("title", _plain(q.prompt)), (XML_LANG, language)):
        root.set(name, value)
    response, _, max_score, _, body, processing = root  # SCORE and FEEDBACK need nothing of this item
    _declarations(response, max_score, q, template, values)
    append_html(body[0], rewrite(f"<p>{q.prompt}</p>{q.body}"))  # its <div class="prompt">
    _INTERACTIONS[q.type](body, q, rewrite, shuffle)
    _processing(processing, q, template)
    _feedback(root, q, rewrite)
    return serialise(root)


@functools.cache  # one per question type, scoring template and number of correct values
def _item_skeleton(question_type: QuestionType, template: str | None, values: int) -> etree._Element:
    """What every such item starts with, built once and copied whole (`stamp`): the assessmentItem,
    its attributes in their order (`assessment_item` sets the empty ones); the RESPONSE (its correct
    values set per item), SCORE, MAXSCORE (its value set per item) and FEEDBACK declarations; the
    item body with its prompt `div`; the responseProcessing, naming the template if there is one."""
    root = schema_root(NS, "assessmentItem", SCHEMA_LOCATION)
    for name, value in (("identifier", ""), ("title", ""), ("adaptive", "false"), ("timeDependent", "false"),
                        (XML_LANG, "")):
        root.set(name, value)
    cardinality, base_type = _SHAPE[question_type]
    response = _el(root, "responseDeclaration", identifier="RESPONSE", cardinality=cardinality, baseType=base_type)
    correct = _el(response, "correctResponse")
    for _ in range(values):
        _el(correct, "value")
    for name in ("SCORE", "MAXSCORE"):
        outcome = _el(root, "outcomeDeclaration", identifier=name, cardinality="single", baseType="float")
        _el(_el(outcome, "defaultValue"), "value", "0")
    _el(root, "outcomeDeclaration", identifier="FEEDBACK", cardinality="multiple", baseType="identifier")
    _el(_el(root, "itemBody"), "div", **{"class": "prompt"})
    _el(root, "responseProcessing", **({"template": template} if template else {}))
    return root


def _plain(html: str) -> str:
    return plain_text(html, TITLE_LIMIT, ellipsis="") or "question"


def correct_values(q: Question) -> list[str]:
    """RESPONSE's correct value(s) in QTI form (also what the read-back tests compare with)."""
    if q.type in (QuestionType.SINGLE, QuestionType.TRUE_FALSE, QuestionType.MULTIPLE):
        return [ncname(c.id) for c in q.choices if c.correct]
    if q.type is QuestionType.FILL_IN:
        return [q.answers[0]]
    if q.type is QuestionType.MATCHING:
        return [f"{premise_id(p.id)} {response_id(p.id)}" for p in q.pairs]
    return [ncname(item.id) for item in q.items]


TEMPLATES = "http://www.imsglobal.org/question/qti_v2p1/rptemplates/"
MATCH_CORRECT, MAP_RESPONSE = f"{TEMPLATES}match_correct", f"{TEMPLATES}map_response"


def scoring_template(q: Question) -> str | None:
    """The standard template that scores `q` exactly as our grader does, or None if only own rules can."""
    if q.type is QuestionType.FILL_IN:
        return MAP_RESPONSE
    if q.points == 1:
        return MATCH_CORRECT  # SCORE 1 or 0, all-or-nothing, for every interaction we write
    if q.type in (QuestionType.SINGLE, QuestionType.TRUE_FALSE):
        return MAP_RESPONSE  # the right option maps to the points
    return None


def has_feedback(q: Question) -> bool:
    return bool(any(c.feedback for c in q.choices) or q.feedback_correct or q.feedback_incorrect or q.hints)


def processing_kind(q: Question) -> str:
    """How an engine must process the item: `template`, `template+rules` (rules only for feedback), `rules`."""
    if scoring_template(q) is None:
        return "rules"
    return "template+rules" if has_feedback(q) else "template"


_SHAPE = {
    QuestionType.SINGLE: ("single", "identifier"), QuestionType.TRUE_FALSE: ("single", "identifier"),
    QuestionType.MULTIPLE: ("multiple", "identifier"), QuestionType.FILL_IN: ("single", "string"),
    QuestionType.MATCHING: ("multiple", "directedPair"), QuestionType.ORDERING: ("ordered", "identifier"),
}


def _declarations(response: etree._Element, max_score: etree._Element, q: Question, template: str | None,
                  values: list[str]) -> None:
    for slot, value in zip(response[0], values):  # its <correctResponse>'s <value>s
        slot.text = value
    if template == MAP_RESPONSE:
        _mapping(response, q)
    max_score[0][0].text = _number(q.points)  # its <defaultValue><value>


def _mapping(response: etree._Element, q: Question) -> None:
    """What map_response scores: each accepted fill-in answer, or the right option, maps to the points."""
    mapping = _el(response, "mapping", defaultValue="0")
    keys = list(dict.fromkeys(q.answers)) if q.type is QuestionType.FILL_IN else correct_values(q)
    case = "true" if q.case_sensitive or q.type is not QuestionType.FILL_IN else "false"
    for key in keys:
        _el(mapping, "mapEntry", mapKey=key, mappedValue=_number(q.points), caseSensitive=case)


def _choice(body: etree._Element, q: Question, rewrite: Rewriter, shuffle: bool) -> None:
    single = q.type is not QuestionType.MULTIPLE
    interaction = stamp(body, _choice_interaction(shuffle and q.type is not QuestionType.TRUE_FALSE, single,
                                                  len(q.choices)))
    _fill_choices(interaction, [(ncname(c.id), c.text) for c in q.choices], rewrite)


@functools.cache  # one per shuffle, single or multiple choice, and number of options
def _choice_interaction(shuffle: bool, single: bool, count: int) -> etree._Element:
    return _with_choices("choiceInteraction", count, shuffle="true" if shuffle else "false",
                         maxChoices="1" if single else "0")


def _with_choices(tag: str, count: int, **attributes: str) -> etree._Element:
    """An interaction prototype with `count` simpleChoices, their identifiers set per item."""
    def build(holder: etree._Element) -> etree._Element:
        interaction = _el(holder, tag, responseIdentifier="RESPONSE", **attributes)
        for _ in range(count):
            _el(interaction, "simpleChoice", identifier="")
        return interaction
    return prototype(NS, build)


def _fill_choices(interaction: etree._Element, choices: list[tuple[str, str]], rewrite: Rewriter) -> None:
    """Each stamped `simpleChoice` gets its identifier and its text."""
    for choice, (identifier, html) in zip(interaction, choices):
        choice.set("identifier", identifier)
        append_html(choice, rewrite(html))


def _fill_in(body: etree._Element, q: Question, rewrite: Rewriter, shuffle: bool) -> None:
    longest = max(len(a) for a in q.answers)
    _el(_el(body, "p"), "textEntryInteraction", responseIdentifier="RESPONSE", expectedLength=str(max(10, longest)))


def _matching(body: etree._Element, q: Question, rewrite: Rewriter, shuffle: bool) -> None:
    interaction = _el(body, "matchInteraction", responseIdentifier="RESPONSE", shuffle="true",
                      maxAssociations=str(len(q.pairs)))
    premises, responses = _el(interaction, "simpleMatchSet"), _el(interaction, "simpleMatchSet")
    for parent, ident, text in ([(premises, premise_id(p.id), p.left) for p in q.pairs]
                                + [(responses, response_id(p.id), p.right) for p in q.pairs]
                                + [(responses, response_id(d.id), d.text) for d in q.distractors]):
        choice = stamp(parent, _ASSOCIABLE_CHOICE)
        choice.set("identifier", ident)
        append_html(choice, rewrite(text))


def _ordering(body: etree._Element, q: Question, rewrite: Rewriter, shuffle: bool) -> None:
    interaction = stamp(body, _order_interaction(len(q.items)))
    _fill_choices(interaction, [(ncname(item.id), item.text) for item in q.items], rewrite)


@functools.cache  # one per number of items
def _order_interaction(count: int) -> etree._Element:
    return _with_choices("orderInteraction", count, shuffle="true")


_INTERACTIONS = {QuestionType.SINGLE: _choice, QuestionType.TRUE_FALSE: _choice, QuestionType.MULTIPLE: _choice,
                 QuestionType.FILL_IN: _fill_in, QuestionType.MATCHING: _matching, QuestionType.ORDERING: _ordering}


def _add_feedback(parent: etree._Element, key: str) -> None:
    stamp(parent, _ADD_FEEDBACK)[0][1].text = key  # its <multiple><baseValue>


def _add_feedback_prototype(holder: etree._Element) -> etree._Element:
    setter = _el(holder, "setOutcomeValue", identifier="FEEDBACK")
    multiple = _el(setter, "multiple")
    _el(multiple, "variable", identifier="FEEDBACK")
    _el(multiple, "baseValue", baseType="identifier")
    return setter


def _processing(processing: etree._Element, q: Question, template: str | None) -> None:
    if template and not has_feedback(q):
        return  # the template alone: nothing for the rules to add
    for c in q.choices:  # per-option feedback for every selected option that has some
        if c.feedback:
            branch = _el(_el(processing, "responseCondition"), "responseIf")
            test = _el(branch, "match" if q.type is not QuestionType.MULTIPLE else "member")
            value = _el(None, "baseValue", ncname(c.id), baseType="identifier")
            variable = _el(None, "variable", identifier="RESPONSE")
            test.extend([variable, value] if q.type is not QuestionType.MULTIPLE else [value, variable])
            _add_feedback(branch, feedback_id(c.id))
    if template == MAP_RESPONSE:
        stamp(processing, _MAP_RESPONSE_RULES)
        right, wrong = stamp(processing, _MAPPED_SCORE_IS_MAX)
    else:
        right, wrong = stamp(processing, _MATCH_CORRECT_RULES)
        right[1][0].text = _number(q.points)  # its <setOutcomeValue><baseValue>
    if q.feedback_correct:
        _add_feedback(right, "correct")
    if q.feedback_incorrect:
        _add_feedback(wrong, "incorrect")
    if q.hints:
        _add_feedback(wrong, "hint")
    if not len(wrong):
        wrong.getparent().remove(wrong)


# The fixed rules, built once each and copied into every item that has them (`stamp`).
def _map_response_rules(holder: etree._Element) -> etree._Element:
    """The map_response template written out: no answer scores 0, else the mapped value."""
    condition = _el(holder, "responseCondition")
    empty = _el(condition, "responseIf")
    _el(_el(empty, "isNull"), "variable", identifier="RESPONSE")
    _set_score(empty, "0")
    _el(_el(_el(condition, "responseElse"), "setOutcomeValue", identifier="SCORE"), "mapResponse",
        identifier="RESPONSE")
    return condition


def _mapped_score_is_max(holder: etree._Element) -> etree._Element:
    """Right when map_response gave the full points; the feedback keys are added to each branch."""
    condition = _el(holder, "responseCondition")
    reached = _el(_el(condition, "responseIf"), "gte")
    _el(reached, "variable", identifier="SCORE")
    _el(reached, "variable", identifier="MAXSCORE")
    _el(condition, "responseElse")
    return condition


def _match_correct_rules(holder: etree._Element) -> etree._Element:
    """As match_correct does: SCORE is the points (set per item) when right, else 0."""
    condition = _el(holder, "responseCondition")
    right = _el(condition, "responseIf")
    match = _el(right, "match")
    _el(match, "variable", identifier="RESPONSE")
    _el(match, "correct", identifier="RESPONSE")
    _set_score(right, None)
    _set_score(_el(condition, "responseElse"), "0")
    return condition


def _set_score(parent: etree._Element, value: str | None) -> None:
    _el(_el(parent, "setOutcomeValue", identifier="SCORE"), "baseValue", value, baseType="float")


_ADD_FEEDBACK = prototype(NS, _add_feedback_prototype)
_MAP_RESPONSE_RULES = prototype(NS, _map_response_rules)
_MAPPED_SCORE_IS_MAX = prototype(NS, _mapped_score_is_max)
_MATCH_CORRECT_RULES = prototype(NS, _match_correct_rules)


def _feedback(root: etree._Element, q: Question, rewrite: Rewriter) -> None:
    texts = [(feedback_id(c.id), c.feedback) for c in q.choices if c.feedback]
    texts += [("correct", q.feedback_correct), ("incorrect", q.feedback_incorrect)]
    texts += [("hint", "".join(q.hints))]
    for key, html in texts:
        if html:
            feedback = stamp(root, _MODAL_FEEDBACK)
            feedback.set("identifier", key)
            append_html(feedback[0], rewrite(html))  # its <div>


# Copied into items (`stamp`); an empty identifier keeps its place in the attribute order.
_ASSOCIABLE_CHOICE = prototype(NS, lambda holder: _el(holder, "simpleAssociableChoice", identifier="", matchMax="1"))


def _modal_feedback(holder: etree._Element) -> etree._Element:
    feedback = _el(holder, "modalFeedback", outcomeIdentifier="FEEDBACK", identifier="", showHide="show")
    _el(feedback, "div")
    return feedback


_MODAL_FEEDBACK = prototype(NS, _modal_feedback)
