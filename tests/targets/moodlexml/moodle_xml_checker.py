"""A structural checker of Moodle XML question files, written from Moodle's documentation of the
format (docs.moodle.org "Moodle XML format") and what its importer (question/format/xml) reads.
It knows nothing of the builder: it reads a file and lists every problem it finds.

Rules checked, per question type:
- the root is <quiz>; every child is <question type="…"> of a known type;
- a category question holds <category><text>top/…</text></category>;
- every other question has a non-empty <name><text>, a <questiontext format> with <text>, a
  numeric <defaultgrade> > 0, and an <idnumber> of at most 100 characters when present;
- multichoice: <single> true/false, at least 2 answers, fractions within −100…100; single choice
  has one answer at 100; multiple response has positive fractions summing to 100 (Moodle rounds
  the sum of fractions to 2 decimals) and no answer at 100 unless it is the only right one;
- truefalse: exactly the answers "true" and "false", one at 100 and the other at 0;
- shortanswer: <usecase> 0 or 1, at least one answer at 100;
- matching: at least 2 sub-questions with text and 3 responses in all, each with <answer><text>;
- ordering: known layouttype/selecttype/gradingtype values, at least 2 answers;
- every text field (<text> format) is one of html, moodle_auto_format, plain_text, markdown;
- files: each @@PLUGINFILE@@/path in a field's text has a base64 <file> in the same field with that
  path and name, and every <file> is used; each <file> decodes as base64.
"""

from __future__ import annotations

import base64
import binascii
import re
from urllib.parse import unquote

from lxml import etree

TYPES = {"category", "multichoice", "truefalse", "shortanswer", "matching", "ordering", "numerical", "essay",
         "description", "cloze", "ddwtos", "gapselect", "calculated"}
FORMATS = {"html", "moodle_auto_format", "plain_text", "markdown"}
ORDERING = {"layouttype": {"VERTICAL", "HORIZONTAL"}, "selecttype": {"ALL", "RANDOM", "CONTIGUOUS"},
            "gradingtype": {"ALL_OR_NOTHING", "ABSOLUTE_POSITION", "RELATIVE_NEXT_EXCLUDE_LAST",
                            "RELATIVE_NEXT_INCLUDE_LAST", "RELATIVE_ONE_PREVIOUS_AND_NEXT",
                            "RELATIVE_ALL_PREVIOUS_AND_NEXT", "LONGEST_ORDERED_SUBSET",
                            "LONGEST_CONTIGUOUS_SUBSET", "RELATIVE_TO_CORRECT"}}
_PLUGINFILE = re.compile(r'@@PLUGINFILE@@(/[^"\'\s<>]*)')


def check(data: bytes) -> list[str]:
    """Every problem in a Moodle XML file, as "question N (name): message"; empty when it is clean."""
    root = etree.fromstring(data)
    if root.tag != "quiz":
        return [f"the root element is <{root.tag}>, not <quiz>"]
    problems = []
    for n, question in enumerate(root, 1):
        label = f"question {n} ({question.findtext('name/text') or question.get('type')})"
        problems += [f"{label}: {p}" for p in _question(question)]
    return problems


def _question(q: etree._Element) -> list[str]:
    if q.tag != "question":
        return [f"<{q.tag}> where <question> belongs"]
    kind = q.get("type")
    if kind not in TYPES:
        return [f"unknown question type {kind!r}"]
    if kind == "category":
        path = q.findtext("category/text") or ""
        return [] if path.startswith(("top/", "$course$/", "$system$/")) else [f"category path {path!r}"]
    problems = _common(q) + _files(q)
    return problems + RULES.get(kind, lambda _: [])(q)


def _common(q: etree._Element) -> list[str]:
    problems = []
    if not (q.findtext("name/text") or "").strip():
        problems.append("no name")
    if q.find("questiontext/text") is None:
        problems.append("no question text")
    for field in q.iter():
        if field.find("text") is not None and field.get("format") is not None and field.get("format") not in FORMATS:
            problems.append(f"<{field.tag}> has the unknown format {field.get('format')!r}")
    grade = _number(q.findtext("defaultgrade"))
    if grade is None or grade <= 0:
        problems.append(f"defaultgrade {q.findtext('defaultgrade')!r}")
    idnumber = q.findtext("idnumber")
    if idnumber is not None and len(idnumber) > 100:
        problems.append("idnumber longer than 100 characters")
    return problems


def _fractions(q: etree._Element) -> list[float | None]:
    return [_number(a.get("fraction")) for a in q.findall("answer")]


def _multichoice(q: etree._Element) -> list[str]:
    single = q.findtext("single")
    fractions = _fractions(q)
    problems = [] if single in ("true", "false") else [f"<single> is {single!r}"]
    if len(fractions) < 2:
        return problems + ["fewer than 2 answers"]
    if any(f is None or not -100 <= f <= 100 for f in fractions):
        return problems + [f"fractions {fractions}"]
    if single == "true" and max(fractions) != 100:
        problems.append("single choice without an answer at 100")
    if single == "false" and round(sum(f for f in fractions if f > 0) / 100, 2) != 1:
        problems.append(f"positive fractions sum to {sum(f for f in fractions if f > 0)}, not 100")
    return problems


def _truefalse(q: etree._Element) -> list[str]:
    answers = sorted((a.findtext("text"), _number(a.get("fraction"))) for a in q.findall("answer"))
    if [text for text, _ in answers] != ["false", "true"]:
        return [f"answers {answers}: need exactly 'true' and 'false'"]
    return [] if sorted(f for _, f in answers) == [0, 100] else [f"fractions {answers}"]


def _shortanswer(q: etree._Element) -> list[str]:
    problems = [] if q.findtext("usecase") in ("0", "1") else [f"usecase {q.findtext('usecase')!r}"]
    return problems + ([] if 100 in _fractions(q) else ["no answer at 100"])


def _matching(q: etree._Element) -> list[str]:
    subs = q.findall("subquestion")
    premises = [s for s in subs if (s.findtext("text") or "").strip()]
    problems = [] if len(premises) >= 2 and len(subs) >= 3 else [f"{len(premises)} premises, {len(subs)} responses"]
    return problems + [f"sub-question {n} has no <answer><text>" for n, s in enumerate(subs, 1)
                       if s.find("answer/text") is None or not (s.findtext("answer/text") or "").strip()]


def _ordering(q: etree._Element) -> list[str]:
    problems = [f"<{tag}> {q.findtext(tag)!r}" for tag, allowed in ORDERING.items() if q.findtext(tag) not in allowed]
    return problems + ([] if len(q.findall("answer")) >= 2 else ["fewer than 2 items"])


RULES = {"multichoice": _multichoice, "truefalse": _truefalse, "shortanswer": _shortanswer,
         "matching": _matching, "ordering": _ordering}


def _files(q: etree._Element) -> list[str]:
    problems = []
    for field in q.iter():
        text = field.find("text")
        if text is None:
            continue
        used = {unquote(m.group(1)) for m in _PLUGINFILE.finditer(text.text or "")}
        files = {}
        for file in field.findall("file"):
            if file.get("encoding") != "base64":
                problems.append(f"<file {file.get('name')}> is not base64")
            try:
                base64.b64decode(file.text or "", validate=True)
            except binascii.Error:
                problems.append(f"<file {file.get('name')}> is not valid base64")
            files[(file.get("path") or "/") + (file.get("name") or "")] = file
        problems += [f"<{field.tag}> shows {path} but holds no such <file>" for path in sorted(used - set(files))]
        problems += [f"<{field.tag}> holds {path}, which its text never uses" for path in sorted(set(files) - used)]
    return problems


def _number(value: str | None) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None
