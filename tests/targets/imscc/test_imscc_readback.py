"""Read each cartridge quiz back with lxml and compare its answer key, points and feedback with the source quiz."""

from __future__ import annotations

import json

import pytest
from lxml import etree, html as lxml_html

from coursepack_quiz.model import QuestionType

from builder.targets.imscc import layout
from imscc_helpers import build
from builder.targets.imscc.mapping import parse_candidate

FIXTURES = ("basic-en", "basic-ar")
NS = {"q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"}


def text_of(html: str) -> str:
    """What a learner reads: the text of an HTML fragment, whitespace collapsed."""
    return " ".join(lxml_html.fragment_fromstring(html, create_parent="div").text_content().split()) if html else ""


def read_item(item: etree._Element) -> dict:
    """The item as an importer sees it: profile, weighting, key, feedback texts by ident."""
    fields = {f.findtext("q:fieldlabel", namespaces=NS): f.findtext("q:fieldentry", namespaces=NS)
              for f in item.iterfind("q:itemmetadata/q:qtimetadata/q:qtimetadatafield", NS)}
    scoring = [c for c in item.iterfind("q:resprocessing/q:respcondition", NS)
               if c.findtext("q:setvar", namespaces=NS) == "100"]
    keys = []
    for condition in scoring:
        conditionvar = condition.find("q:conditionvar", NS)
        if conditionvar.find("q:and", NS) is not None:
            keys.append(frozenset(v.text for v in conditionvar.iterfind("q:and/q:varequal", NS)))
            assert {v.text for v in conditionvar.iterfind("q:and/q:not/q:varequal", NS)}.isdisjoint(keys[-1])
        else:
            keys += [(v.text, v.get("case", "No")) for v in conditionvar.iterfind("q:varequal", NS)]
    feedback = {f.get("ident"): text_of(f.findtext("q:flow_mat/q:material/q:mattext", namespaces=NS))
                for f in item.iterfind("q:itemfeedback", NS) if f.find("q:flow_mat", NS) is not None}
    hints = [text_of(m.text) for m in item.iterfind("q:itemfeedback/q:hint/q:hintmaterial//q:mattext", NS)]
    labels = {label.get("ident"): text_of(label.findtext("q:material/q:mattext", namespaces=NS))
              for label in item.iterfind(".//q:response_label", NS)}
    entries = {ident: [" ".join(li.text_content().split())
                       for li in lxml_html.fragment_fromstring(html, create_parent="div").iter("li")]
               for ident, html in ((label.get("ident"), label.findtext("q:material/q:mattext", namespaces=NS))
                                   for label in item.iterfind(".//q:response_label", NS)) if html}
    return {"entries": entries, "fields": fields, "keys": keys, "feedback": feedback, "hints": hints, "labels": labels,
            "prompt": text_of(item.findtext("q:presentation/q:material/q:mattext", namespaces=NS))}


def expected_key(q) -> list:
    if q.type is QuestionType.MULTIPLE:
        return [frozenset(c.id for c in q.choices if c.correct)]
    if q.type is QuestionType.FILL_IN:
        return [(answer, "Yes" if q.case_sensitive else "No") for answer in q.answers]
    return [(next(c.id for c in q.choices if c.correct), "No")]


@pytest.mark.parametrize("name", FIXTURES)
def test_each_quiz_reads_back_with_its_source_answer_key_and_feedback(name, cartridges):
    built = cartridges[name]
    for page in built.course.quizzes():
        document = etree.fromstring(built.tree[layout.quiz_file(page.id)])
        items = {i.get("ident"): read_item(i) for i in document.iterfind(".//q:item", NS)}
        assert list(items) == [layout.item_ident(page.id, q.id) for q in page.quiz.questions]  # none lost
        for q in page.rendered.questions:
            item = items[layout.item_ident(page.id, q.id)]
            assert item["prompt"].startswith(text_of(q.prompt))
            if q.type in (QuestionType.ORDERING, QuestionType.MATCHING):
                _check_candidates(q, item, built.course.direction)
            else:
                assert item["keys"] == expected_key(q), q.id
                if q.choices:
                    assert item["labels"] == {c.id: text_of(c.text) for c in q.choices}
            for choice in q.choices:
                if choice.feedback:
                    assert item["feedback"][f"{choice.id}_fb"] == text_of(choice.feedback)
            assert item["feedback"].get("correct_fb", "") == text_of(q.feedback_correct)
            assert item["feedback"].get("general_incorrect_fb", "") == text_of(q.feedback_incorrect)
            assert item["hints"] == [text_of(h) for h in q.hints]
            assert item["fields"]["cc_weighting"] == f"{q.points:g}"


def _check_candidates(q, item: dict, direction: str) -> None:
    """A mapped question's key is the candidate that spells the source's order or matching."""
    assert item["fields"]["cc_profile"] == "cc.multiple_choice.v0p1"
    assert len(item["keys"]) == 1 and 3 <= len(item["labels"]) <= 4
    ident = item["keys"][0][0]
    key = parse_candidate(ident)
    if q.type is QuestionType.ORDERING:
        assert key == [i.id for i in q.items]
        assert item["entries"][ident] == [text_of(i.text) for i in q.items]
    else:
        assert key == {p.id: p.id for p in q.pairs}
        arrow = "←" if direction == "rtl" else "→"  # premise to response, in reading order
        assert item["entries"][ident] == [f"{text_of(p.left)} {arrow} {text_of(p.right)}" for p in q.pairs]
    wrong = [parse_candidate(k) for k in item["labels"] if k != ident]
    assert key not in wrong and len({json.dumps(w, sort_keys=True) for w in wrong}) == len(wrong)


@pytest.mark.parametrize("name", FIXTURES)
def test_quiz_settings_reach_the_assessment(name, cartridges):
    built = cartridges[name]
    for page in built.course.quizzes():
        document = etree.fromstring(built.tree[layout.quiz_file(page.id)])
        fields = {f.findtext("q:fieldlabel", namespaces=NS): f.findtext("q:fieldentry", namespaces=NS)
                  for f in document.iterfind("q:assessment/q:qtimetadata/q:qtimetadatafield", NS)}
        assert fields["cc_profile"] == "cc.exam.v0p1"
        assert fields["cc_maxattempts"] == str(page.quiz.settings.attempts or "unlimited")
        shuffles = {r.get("shuffle") for r in document.iterfind(".//q:render_choice", NS)
                    if len(r) > 2}
        assert shuffles == {"Yes" if page.quiz.settings.shuffle else "No"} or not page.quiz.settings.shuffle


def test_question_bank_holds_every_question_once_and_is_optional(cartridges, course_copy):
    built = cartridges["basic-en"]
    bank = etree.fromstring(built.tree[layout.BANK_FILE])
    idents = [i.get("ident") for i in bank.iterfind(".//q:item", NS)]
    assert idents == [layout.bank_item_ident(p.id, q.id) for p in built.course.quizzes() for q in p.quiz.questions]
    without = build(course_copy("basic-en"), question_bank=False)
    assert layout.BANK_FILE not in without.tree
    assert b"question-bank" not in without.tree["imsmanifest.xml"]
