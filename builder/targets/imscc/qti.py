"""QTI 1.2 documents in the Common Cartridge 1.1 profile: one assessment per quiz, an optional object bank.

Built with lxml, never by string concatenation. Question text is HTML carried as escaped text
in `mattext texttype="text/html"`, which is what the profile and every importer expect; lxml
does the escaping. Feedback identifiers follow the convention Canvas and Moodle read:
`<choice>_fb`, `correct_fb`, `general_incorrect_fb`, and `hint_fb`.

Response processing is laid out for the converters that do not run QTI but read its shape
(notes/CC2OLX.md, notes/MOODLE-CC.md), while meaning the same to an engine that does:
- the scoring condition comes first: cc2olx marks as correct every `<varequal>` it meets up to
  the first `continue="No"` condition, whatever that condition scores;
- no condition is `continue="Yes"`: Moodle pours the feedback of every such condition into the
  question's general feedback, shown to every learner;
- per-option feedback is folded into the condition where that option decides the outcome (the
  scoring condition for right options, one condition per option after it), so Moodle attaches
  it to the option it names;
- all accepted fill-in answers sit in one condition (cc2olx and Moodle read one condition);
- choice `<varequal>`s say `case="Yes"`, which Moodle needs to find a multiple-response key.
In an engine that does run QTI, a wrong multiple-response answer shows the feedback of the first
chosen option that has some (one condition fires), not of every chosen option.
"""

from __future__ import annotations

import functools

from typing import Callable

from coursepack_quiz.inline import plain_text
from lxml import etree


from .._xml import TITLE_LIMIT, element, prototype, schema_root, serialise, stamp
from .mapping import FIB, MR, Choice, MappedQuestion, MappedQuiz

NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
SCHEMA_LOCATION = f"{NS} http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_qtiasiv1p2p1_v1p0.xsd"
RESPONSE = "response1"
CORRECT_FB, INCORRECT_FB, HINT_FB = "correct_fb", "general_incorrect_fb", "hint_fb"

#: Rewrites `coursepack:` URLs in a fragment of rendered HTML (files become `$IMS-CC-FILEBASE$/<path>`).
Rewriter = Callable[[str], str]


_el = functools.partial(element, NS)


def _root() -> etree._Element:
    return schema_root(NS, "questestinterop", SCHEMA_LOCATION)


def _metadata(parent: etree._Element, fields: list[tuple[str, str]]) -> None:
    metadata = stamp(parent, _metadata_prototype(tuple(label for label, _ in fields)))
    for field, (_, entry) in zip(metadata, fields):
        field[1].text = entry  # its <fieldentry>


@functools.cache  # one per set of labels: the assessment's and the items'
def _metadata_prototype(labels: tuple[str, ...]) -> etree._Element:
    def build(holder: etree._Element) -> etree._Element:
        metadata = _el(holder, "qtimetadata")
        for label in labels:
            field = _el(metadata, "qtimetadatafield")
            _el(field, "fieldlabel", label)
            _el(field, "fieldentry")
        return metadata
    return prototype(NS, build)


def _html(parent: etree._Element, html: str) -> etree._Element:
    material = stamp(parent, _MATERIAL)
    material[0].text = html  # its <mattext>
    return material


# Blocks every item repeats, built once here and copied where they go (`stamp`, far cheaper than
# building them element by element); where one is used, a comment names each part filled in.
def _material(holder: etree._Element) -> etree._Element:
    material = _el(holder, "material")
    _el(material, "mattext", texttype="text/html")
    return material


def _response_label(holder: etree._Element) -> etree._Element:
    label = _el(holder, "response_label", ident="")
    _material(label)
    return label


def _item_feedback(holder: etree._Element) -> etree._Element:
    feedback = _el(holder, "itemfeedback", ident="")
    _material(_el(feedback, "flow_mat"))
    return feedback


def _outcomes(holder: etree._Element) -> etree._Element:
    outcomes = _el(holder, "outcomes")
    _el(outcomes, "decvar", varname="SCORE", vartype="Decimal", minvalue="0", maxvalue="100")
    return outcomes


@functools.cache  # one per number of feedback texts shown
def _respcondition(feedback: int) -> etree._Element:
    def build(holder: etree._Element) -> etree._Element:
        condition = _el(holder, "respcondition", title="")  # an empty title holds its place before `continue`
        condition.set("continue", "No")
        _el(condition, "conditionvar")
        _el(condition, "setvar", varname="SCORE", action="Set")
        for _ in range(feedback):
            _el(condition, "displayfeedback", feedbacktype="Response", linkrefid="")
        return condition
    return prototype(NS, build)


def _varequal_choice(holder: etree._Element) -> etree._Element:
    # case="Yes": choice identifiers match exactly, and Moodle reads a multiple-response key only
    # from varequal elements that say so.
    return _el(holder, "varequal", respident=RESPONSE, case="Yes")


_MATERIAL = prototype(NS, _material)
_ITEM_FEEDBACK = prototype(NS, _item_feedback)
_VAREQUAL = prototype(NS, _varequal_choice)


def assessment(mapped: MappedQuiz, rewrite: Rewriter, item_ident: Callable[[str], str]) -> bytes:
    """The quiz's assessment.xml: metadata (profile, attempts), the intro as rubric, one section."""
    page = mapped.page
    root = _root()
    test = _el(root, "assessment", ident=f"quiz.{page.id}", title=page.title)
    _metadata(test, [("cc_profile", "cc.exam.v0p1"), ("qmd_assessmenttype", "Examination"),
                     ("qmd_scoretype", "Percentage"), ("qmd_feedbackpermitted", "Yes"),
                     ("cc_maxattempts", mapped.max_attempts)])
    if page.rendered.intro:
        _html(_el(test, "rubric"), rewrite(page.rendered.intro))
    section = _el(test, "section", ident=f"section.{page.id}")
    for question in mapped.questions:
        section.append(item(question, rewrite, item_ident(question.question.id), page.quiz.settings.shuffle))
    return serialise(root)


def question_bank(quizzes: list[MappedQuiz], rewrite: Rewriter, item_ident: Callable[[str, str], str],
                  bank_id: str) -> bytes:
    """Every mapped question of every quiz in one objectbank, for teachers to build their own quizzes."""
    root = _root()
    bank = _el(root, "objectbank", ident=bank_id)
    for mapped in quizzes:
        for question in mapped.questions:
            ident = item_ident(mapped.page.id, question.question.id)
            bank.append(item(question, rewrite, ident, mapped.page.quiz.settings.shuffle))
    return serialise(root)


def item(mapped: MappedQuestion, rewrite: Rewriter, ident: str, shuffle: bool) -> etree._Element:
    q = mapped.question
    element = stamp(None, _ITEM)
    element.set("ident", ident)
    element.set("title", _plain(q.prompt))
    metadata, presentation, processing = element
    profile, weight, _ = metadata[0]  # its <qtimetadata>'s fields
    profile[1].text, weight[1].text = mapped.profile, str(mapped.weight)  # their <fieldentry>
    presentation[0][0].text = rewrite(_question_html(q.prompt, q.body))  # its <material><mattext>
    if mapped.profile == FIB:
        _fib_presentation(presentation)
    else:
        _choice_presentation(presentation, mapped, rewrite, shuffle)
    _resprocessing(processing, mapped)
    _feedback(element, mapped, rewrite)
    return element


def _item(holder: etree._Element) -> etree._Element:
    """What every item starts with: its metadata (the profile and weight set per item), the
    presentation with the question text's material, the processing with its outcome."""
    element = _el(holder, "item", ident="", title="")
    metadata = _el(_el(element, "itemmetadata"), "qtimetadata")
    for label, entry in (("cc_profile", None), ("cc_weighting", None), ("qmd_computerscored", "Yes")):
        field = _el(metadata, "qtimetadatafield")
        _el(field, "fieldlabel", label)
        _el(field, "fieldentry", entry)
    _material(_el(element, "presentation"))
    _outcomes(_el(element, "resprocessing"))
    return element


_ITEM = prototype(NS, _item)


def _question_html(prompt: str, body: str) -> str:
    return f"<p>{prompt}</p>{body}" if body else f"<p>{prompt}</p>"


def _plain(html: str) -> str:
    """The prompt as plain text, for the item's title attribute (LMS question lists show it)."""
    return plain_text(html, TITLE_LIMIT, ellipsis="")


def _choice_presentation(presentation: etree._Element, mapped: MappedQuestion, rewrite: Rewriter,
                         shuffle: bool) -> None:
    cardinality = "Multiple" if mapped.profile == MR else "Single"
    # True/false reads True then False; mapped candidates keep the correct one first only in the file.
    allow_shuffle = shuffle or bool(mapped.note)
    count = len(mapped.choices)
    response = stamp(presentation, _choice_response(cardinality, allow_shuffle and count > 2, count))
    for label, choice in zip(response[0], mapped.choices):  # its <render_choice>'s labels
        label.set("ident", choice.ident)
        label[0][0].text = rewrite(choice.html)  # its <material><mattext>


@functools.cache  # one per cardinality, shuffle and number of choices
def _choice_response(cardinality: str, shuffle: bool, count: int) -> etree._Element:
    def build(holder: etree._Element) -> etree._Element:
        response = _el(holder, "response_lid", ident=RESPONSE, rcardinality=cardinality)
        render = _el(response, "render_choice", shuffle="Yes" if shuffle else "No")
        for _ in range(count):
            _response_label(render)
        return response
    return prototype(NS, build)


def _fib_presentation(presentation: etree._Element) -> None:
    stamp(presentation, _FIB_RESPONSE)


def _fib_response(holder: etree._Element) -> etree._Element:
    response = _el(holder, "response_str", ident=RESPONSE, rcardinality="Single")
    render = _el(response, "render_fib", prompt="Box", fibtype="String")
    _el(render, "response_label", ident="answer1", rshuffle="No")
    return response


_FIB_RESPONSE = prototype(NS, _fib_response)


def _resprocessing(processing: etree._Element, mapped: MappedQuestion) -> None:
    """Scoring first, every condition `continue="No"`: the first that matches decides score and feedback.

    The order is what the converters need (see the module docstring): the key sits in the first
    condition, each choice's feedback is folded into the one condition where that choice decides
    the outcome, and no condition is `continue="Yes"`.
    """
    _condition(processing, "correct", _correct_test(mapped), "100", correct_feedback(mapped))
    wrong = wrong_feedback(mapped.question)
    for choice, feedback in _choice_conditions(mapped, wrong):
        _condition(processing, f"chosen {choice.ident}",
                   lambda cv, ident=choice.ident: _varequal(cv, ident), "0", feedback)
    if wrong:
        _condition(processing, "incorrect", lambda cv: _el(cv, "other"), "0", wrong)


def _condition(processing: etree._Element, title: str, test: Callable[[etree._Element], None], score: str,
               feedback: list[str]) -> None:
    condition = stamp(processing, _respcondition(len(feedback)))
    condition.set("title", title)
    test(condition[0])  # its <conditionvar>
    condition[1].text = score  # its <setvar>
    for display, ident in zip(condition[2:], feedback):  # its <displayfeedback>s
        display.set("linkrefid", ident)


def _varequal(parent: etree._Element, choice_ident: str) -> etree._Element:
    varequal = stamp(parent, _VAREQUAL)
    varequal.text = choice_ident
    return varequal


def correct_feedback(mapped: MappedQuestion) -> list[str]:
    """Shown with a right answer: the feedback of the chosen (= correct) options, then the overall text."""
    chosen = [feedback_ident(c.ident) for c in mapped.choices if c.correct and c.feedback_html]
    return chosen + ([CORRECT_FB] if mapped.question.feedback_correct else [])


def wrong_feedback(q) -> list[str]:
    """Shown with any wrong answer: the overall text, then the hints (as Response feedback, see `_feedback`)."""
    return ([INCORRECT_FB] if q.feedback_incorrect else []) + ([HINT_FB] if q.hints else [])


def _choice_conditions(mapped: MappedQuestion, wrong: list[str]) -> list[tuple[Choice, list[str]]]:
    """One condition per option whose choice carries feedback, after the scoring condition.

    A wrong option's condition also shows the overall wrong-answer feedback and hints (choosing it
    makes the answer wrong). In a multiple-response item a right option can be chosen in a wrong
    answer too; its condition shows only its own text, because Moodle attaches a condition's
    feedback to the option it names and would otherwise tell learners a right option is wrong.
    Wrong options come first so that a wrong answer containing one gets the full feedback.
    """
    if mapped.profile == FIB:
        return []
    wrong_options = [(c, ([feedback_ident(c.ident)] if c.feedback_html else []) + wrong)
                     for c in mapped.choices if not c.correct]
    conditions = [(c, feedback) for c, feedback in wrong_options if feedback]
    if mapped.profile == MR:
        conditions += [(c, [feedback_ident(c.ident)]) for c in mapped.choices if c.correct and c.feedback_html]
    return conditions


def _correct_test(mapped: MappedQuestion) -> Callable[[etree._Element], None]:
    """The key as one test: any accepted fill-in answer, the right option, or exactly the right options."""
    q = mapped.question
    if mapped.profile == FIB:
        # The CC profile has no <or>: several <varequal> in one condition is how it says "any of these",
        # and how Canvas, Moodle and cc2olx read accepted answers (one condition each loses all but one).
        case = "Yes" if q.case_sensitive else "No"
        return lambda cv: [_el(cv, "varequal", a, respident=RESPONSE, case=case) for a in q.answers]
    correct = [c.ident for c in mapped.choices if c.correct]
    if mapped.profile != MR:
        return lambda cv: _varequal(cv, correct[0])

    def exact_set(cv: etree._Element) -> None:  # all-or-nothing: every right option and no wrong one
        both = _el(cv, "and")
        for choice in mapped.choices:
            _varequal(both if choice.correct else _el(both, "not"), choice.ident)
    return exact_set


def feedback_ident(choice_ident: str) -> str:
    ident = f"{choice_ident}_fb"
    # An option called "correct", "general_incorrect" or "hint" must not borrow a shared feedback's name.
    return f"choice_{ident}" if ident in (CORRECT_FB, INCORRECT_FB, HINT_FB) else ident


def _feedback(element: etree._Element, mapped: MappedQuestion, rewrite: Rewriter) -> None:
    """Every text as Response feedback in `flow_mat`, the one form Canvas, Moodle and Brightspace import.

    Hints are Response feedback too, shown with a wrong answer: QTI's own `<hint>` is dropped by
    Moodle's and Canvas's importers, so a hint written that way reaches no learner there.
    """
    q = mapped.question
    texts = [(feedback_ident(c.ident), c.feedback_html) for c in mapped.choices if c.feedback_html]
    texts += [(CORRECT_FB, q.feedback_correct), (INCORRECT_FB, q.feedback_incorrect), (HINT_FB, "".join(q.hints))]
    for ident, html in texts:
        if html:
            feedback = stamp(element, _ITEM_FEEDBACK)
            feedback.set("ident", ident)
            feedback[0][0][0].text = rewrite(html)  # its <flow_mat><material><mattext>
