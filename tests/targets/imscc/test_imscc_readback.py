"""Read each cartridge quiz back with lxml and compare its answer key, points and feedback with the source quiz."""

from __future__ import annotations

import json
from urllib.parse import unquote

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
    labels = {label.get("ident"): text_of(label.findtext("q:material/q:mattext", namespaces=NS))
              for label in item.iterfind(".//q:response_label", NS)}
    entries = {ident: [" ".join(li.text_content().split())
                       for li in lxml_html.fragment_fromstring(html, create_parent="div").iter("li")]
               for ident, html in ((label.get("ident"), label.findtext("q:material/q:mattext", namespaces=NS))
                                   for label in item.iterfind(".//q:response_label", NS)) if html}
    return {"entries": entries, "fields": fields, "keys": keys, "feedback": feedback, "labels": labels,
            "prompt": text_of(item.findtext("q:presentation/q:material/q:mattext", namespaces=NS))}


def expected_key(q) -> list:
    if q.type is QuestionType.MULTIPLE:
        return [frozenset(c.id for c in q.choices if c.correct)]
    if q.type is QuestionType.FILL_IN:
        return [(answer, "Yes" if q.case_sensitive else "No") for answer in q.answers]
    return [(next(c.id for c in q.choices if c.correct), "Yes")]  # choice identifiers match exactly


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
            assert item["feedback"].get("hint_fb", "") == text_of("".join(q.hints))
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


def test_question_bank_is_off_by_default_and_holds_every_question_once_when_asked(cartridges, banked_cartridges):
    without = cartridges["basic-en"]
    assert layout.BANK_FILE not in without.tree
    assert b"question-bank" not in without.tree["imsmanifest.xml"]
    built = banked_cartridges["basic-en"]
    bank = etree.fromstring(built.tree[layout.BANK_FILE])
    idents = [i.get("ident") for i in bank.iterfind(".//q:item", NS)]
    assert idents == [layout.bank_item_ident(p.id, q.id) for p in built.course.quizzes() for q in p.quiz.questions]
    assert b"question-bank" in built.tree["imsmanifest.xml"]


# --- Files named from quiz text: `$IMS-CC-FILEBASE$`, a declared dependency, every file listed ---

FILEBASE = "$IMS-CC-FILEBASE$/"
CP = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"
QUIZ_MD = "02-practice/02-quiz.md"


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def media_variant(course_copy):
    """basic-en with an image in a prompt and in an option's feedback, and links from quiz text to a
    lesson, a glossary term and the quiz itself; the lesson before the quiz links to the quiz."""
    course = course_copy("basic-en")
    quiz = course / QUIZ_MD
    _edit(quiz, "{#q-course-file}\n",
          "{#q-course-file}\n\n![The course folder, course.yml at its top](../media/pipeline.svg)\n")
    _edit(quiz, "  > module.yml describes one module.",
          "  > module.yml describes one module ![a module folder](../media/pipeline.svg).")
    _edit(quiz, "> [!incorrect] Look at the folder tree in the first lesson.",
          "> [!incorrect] Look at the folder tree in [the first lesson](lesson:first-lesson); a "
          "[stable ID](glossary:stable-id) names it. Retry [this quiz](lesson:practice-quiz).")
    _edit(course / "02-practice/01-second-lesson.md", "fill-in, matching and ordering.",
          "fill-in, matching and ordering. Take [the practice quiz](lesson:practice-quiz#q-alt) when ready.")
    return course


def _mattexts(document: etree._Element) -> list[str]:
    return [m.text for m in document.iterfind(".//q:mattext", NS) if m.text]


def _urls(html: str) -> list[str]:
    fragment = lxml_html.fragment_fromstring(html, create_parent="div")
    return fragment.xpath(".//img/@src | .//a/@href")


def _resources(tree: dict) -> dict:
    manifest = etree.fromstring(tree["imsmanifest.xml"])
    return {r.get("identifier"): r for r in manifest.iter(f"{CP}resource")}


def _dependency_files(resources: dict, qti_path: str) -> set[str]:
    """Every file of every resource the resource holding `qti_path` depends on."""
    holder = next(r for r in resources.values()
                  if [unquote(f.get("href")) for f in r.iter(f"{CP}file")] == [qti_path])
    deps = [resources[d.get("identifierref")] for d in holder.iter(f"{CP}dependency")]
    return {unquote(f.get("href")) for r in deps for f in r.iter(f"{CP}file")}


def test_quiz_images_use_filebase_and_the_assessment_depends_on_their_resource(course_copy):
    built = build(media_variant(course_copy), question_bank=True)
    quiz = etree.fromstring(built.tree[layout.quiz_file("practice-quiz")])
    item = quiz.find(f".//q:item[@ident='{layout.item_ident('practice-quiz', 'q-course-file')}']", NS)
    prompt = item.findtext("q:presentation/q:material/q:mattext", namespaces=NS)
    feedback = item.findtext("q:itemfeedback[@ident='a_fb']/q:flow_mat/q:material/q:mattext", namespaces=NS)
    media = FILEBASE + layout.media_file("media/pipeline.svg")
    assert _urls(prompt) == [media] and _urls(feedback) == [media]
    resources = _resources(built.tree)
    for path in (layout.quiz_file("practice-quiz"), layout.BANK_FILE):  # the bank carries the same text
        reachable = _dependency_files(resources, path)
        urls = [u for html in _mattexts(etree.fromstring(built.tree[path])) for u in _urls(html)]
        named = sorted({unquote(u[len(FILEBASE):].split('#')[0]) for u in urls if u.startswith(FILEBASE)})
        assert named == [layout.media_file("media/pipeline.svg")], path  # lessons and terms are notes
        for url in urls:
            assert url.startswith(FILEBASE), f"{path}: {url} is not a $IMS-CC-FILEBASE$ reference"
            file = unquote(url[len(FILEBASE):].split("#")[0])
            assert file in built.tree, f"{path}: {url} names no file in the cartridge"
            assert file in reachable, f"{path}: {url} is in no resource the QTI resource depends on"
    holder = resources[layout.page_resource("practice-quiz")]
    assert [d.get("identifierref") for d in holder.iter(f"{CP}dependency")] == [layout.MEDIA_RESOURCE]
    listed = [unquote(f.get("href")) for f in etree.fromstring(built.tree["imsmanifest.xml"]).iter(f"{CP}file")]
    assert sorted(listed) == sorted(set(built.tree) - {"imsmanifest.xml"})  # every file listed, once


def test_a_quiz_without_files_declares_no_dependency(cartridges):
    resources = _resources(cartridges["basic-en"].tree)
    assert resources[layout.page_resource("practice-quiz")].find(f"{CP}dependency") is None


@pytest.mark.conformance
def test_the_media_variant_passes_the_cc11_schemas_and_profile_rules(course_copy, cc_schemas):
    manifest_xsd, qti_xsd, qti_rules = cc_schemas
    tree = build(media_variant(course_copy), question_bank=True).tree
    assert manifest_xsd.validate(etree.ElementTree(etree.fromstring(tree["imsmanifest.xml"]))), manifest_xsd.error_log
    for path in (layout.quiz_file("practice-quiz"), layout.BANK_FILE):
        document = etree.ElementTree(etree.fromstring(tree[path]))
        assert qti_xsd.validate(document), (path, qti_xsd.error_log)
        assert qti_rules.validate(document), (path, qti_rules.error_log)


def _quiz_refs(html: str, kind: str = "quiz") -> list[str]:
    fragment = lxml_html.fragment_fromstring(html, create_parent="div")
    return [" ".join(span.text_content().split()) for span in fragment.iterfind(f".//span[@class='cp-{kind}-ref']")]


def test_a_link_to_a_quiz_keeps_its_text_and_names_the_quiz(course_copy):
    built = build(media_variant(course_copy))
    page = lxml_html.fromstring(built.tree[layout.lesson_file("second-lesson")])
    text = " ".join(page.find(".//main").text_content().split())
    assert "Take the practice quiz (see the quiz “Check your understanding” in this course) when ready." in text
    assert not [a for a in page.iter("a") if "practice-quiz" in a.get("href", "")]
    assert page.find(".//span[@class='cp-quiz-ref']/bdi").text == "Check your understanding"
    quiz = etree.fromstring(built.tree[layout.quiz_file("practice-quiz")])
    incorrect = quiz.findtext(".//q:itemfeedback[@ident='general_incorrect_fb']//q:mattext", namespaces=NS)
    assert _quiz_refs(incorrect) == ["(see the quiz “Check your understanding” in this course)"]


def test_links_to_lessons_and_terms_keep_their_text_and_name_their_target(course_copy):
    """Moodle makes each lesson a Page activity, so no file path reaches it: the link becomes a note."""
    built = build(media_variant(course_copy))
    quiz = etree.fromstring(built.tree[layout.quiz_file("practice-quiz")])
    incorrect = quiz.findtext(".//q:itemfeedback[@ident='general_incorrect_fb']//q:mattext", namespaces=NS)
    assert not _urls(incorrect)
    assert _quiz_refs(incorrect, "lesson") == ["(see the lesson “Your first lesson” in this course)"]
    assert _quiz_refs(incorrect, "term") == ["(see “stable ID” in the glossary)"]
    text = " ".join(lxml_html.fragment_fromstring(incorrect, create_parent="div").text_content().split())
    assert text.startswith("Look at the folder tree in the first lesson (see the lesson “Your first lesson”")


def test_the_quiz_note_is_in_the_course_language(course_copy):
    course = course_copy("basic-ar")
    _edit(course / "01-intro/02-protocols.md", "\n---\n", "\n---\n\nأجب عن [أسئلة الوحدة](lesson:ar-quiz).\n")
    built = build(course)
    page = lxml_html.fromstring(built.tree[layout.lesson_file("protocols")])
    note = "(انظر الاختبار «تحقق من فهمك» في هذا المقرر)"
    assert _quiz_refs(lxml_html.tostring(page, encoding="unicode")) == [note]
    assert "أجب عن أسئلة الوحدة (انظر الاختبار" in " ".join(page.text_content().split())
