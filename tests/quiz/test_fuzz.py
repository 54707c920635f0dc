"""Property tests: no input, however broken, makes the readers raise."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coursepack_quiz.frontmatter import load_yaml, split_front_matter
from coursepack_quiz.ids import add_missing_ids
from coursepack_quiz.inline import render_text
from coursepack_quiz.model import QuizSettings
from coursepack_quiz.syntax import parse_quiz, parse_quiz_document

# FUZZ_EXAMPLES=3000 for a deeper run by hand; CI keeps the suite fast.
FAST = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "150")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow])

# Lines built from the syntax's own pieces, so that examples reach deep into the parser.
PIECES = st.sampled_from([
    "## Q", "## Q {#q}", "## Q {#q .true-false}", "## {#q points=2}", "# H", "### H {#h}", "##", "## Q {#}", "{#",
    "- (x) a", "- ( ) b {#b}", "- [x] c", "- [ ] d {#d}", "-(x) e", "- (x)f", "- ( x ) g", "- (X) h", "- ()", "- [",
    "= x", "=", "=y", "==", "- a -> b", "- -> c {#c}", "- ->", "1. one", "2. two {#i}", "1)", "  > fb", "> [!hint] h",
    "> [!correct]", "> [!foo] f", "> more", "```", "~~~", "    code", "", " ", "text", "صحيح", "Vrai", "- True",
    "- (x) True", "- ( ) False", "---", "type: quiz", "title: T", "\t", "\r", "\ufeff", "{#a} {#b}",
])
MARKDOWNISH = st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=30).map("\n".join)
ANY_TEXT = st.one_of(st.text(max_size=300), MARKDOWNISH)


def _no_internal(diagnostics):
    assert all(d.code != "quiz.internal" for d in diagnostics), [d.format() for d in diagnostics]


@FAST
@given(ANY_TEXT)
def test_parse_quiz_never_raises(text):
    quiz, diagnostics = parse_quiz(text, path="f.md", quiz_id="quiz", title="T", settings=QuizSettings(), body_line=5)
    _no_internal(diagnostics)
    assert (quiz is None) == any(d.is_error for d in diagnostics)
    assert all(d.line >= 5 for d in diagnostics)


@FAST
@given(ANY_TEXT, st.booleans())
def test_parse_quiz_document_never_raises(text, with_front):
    if with_front:
        text = "---\ntype: quiz\ntitle: T\n---\n" + text
    quiz, diagnostics = parse_quiz_document(text, path="f.md", default_id="quiz")
    _no_internal(diagnostics)
    assert quiz is None or not any(d.is_error for d in diagnostics)


@FAST
@given(ANY_TEXT)
def test_split_front_matter_and_load_yaml_never_raise(text):
    split, _ = split_front_matter("---\n" + text, "f.md")
    assert isinstance(split.front.data, dict)
    load_yaml(text, "f.yml")


@FAST
@given(MARKDOWNISH)
def test_add_missing_ids_never_raises_and_is_idempotent(text):
    once, _ = add_missing_ids(text)
    assert add_missing_ids(once) == (once, [])


@FAST
@given(ANY_TEXT, st.booleans())
def test_render_text_never_emits_raw_angle_brackets_from_input(text, inline):
    html = render_text(text.replace("<", "‹"), inline)  # our own tags are the only '<' left
    for tag in ("<script", "<img", "<iframe"):
        assert tag not in html
    assert render_text("<" + text, inline).count("&lt;") >= 1


LONG = 20_000
ADVERSARIAL = [" " * LONG + "x", "- " + " " * LONG + "a" + " " * LONG, "- a" + " -" * LONG, "{#" * LONG,
               "## " + "{#a " * LONG + "}", "##" + " " * LONG + "x", "- (" + " " * LONG + ")", "- " + "[" * LONG,
               "1. " + "{" * LONG + "}", "> [!" + "x" * LONG, "  " + " " * LONG + "> x", "= " + " " * LONG,
               "**a" * LONG, "[a](" * LONG, "`" * LONG]


def test_long_adversarial_lines_stay_linear():
    import time

    for line in ADVERSARIAL:
        start = time.perf_counter()
        parse_quiz_document("---\ntype: quiz\ntitle: T\n---\n## Q {#q}\n" + line + "\n= a\n", path="f.md",
                            default_id="q")
        add_missing_ids("## Q\n" + line + "\n")
        render_text(line, False)
        assert time.perf_counter() - start < 1.0, line[:20]


# YAML built from anchors, aliases, escapes and nesting: the loader answers with diagnostics at
# once, whatever the text (a composed alias graph once expanded to gigabytes, or recursed forever).
YAML_PIECES = st.sampled_from(["a: ", "&a ", "*a", "&b ", "*b", "[", "]", "{", "}", ", ", "\n", "  ", "- ", "<<: ",
                               '"\\0"', '"\\x1b"', '"\\ud800"', "'x'", "&#12;", "? ", ": ", "!!str ", "!!python/name:x",
                               "\x00", "\x0b", "\ufffe", "\t", "#", "|\n  ", ">\n  ", "---\n", "..."])
YAMLISH = st.lists(st.one_of(YAML_PIECES, st.text(max_size=4)), max_size=40).map("".join)


@FAST
@given(YAMLISH)
def test_load_yaml_refuses_aliases_and_never_raises(text):
    doc, diagnostics = load_yaml(text, "f.yml")
    assert len(repr(doc.data)) <= 10 * len(text) + 100  # nothing expanded: the data is no bigger than the text
    for diagnostic in diagnostics:
        assert diagnostic.line >= 1 and diagnostic.code.startswith(("yaml.", "text.", "file."))
    if any(d.code == "yaml.alias" for d in diagnostics):
        assert doc.broken


@FAST
@given(ANY_TEXT, st.sampled_from(["\x00", "\x0b", "\x1b", "\x7f", "\x9f", "\ud800", "\uffff", "&#12;"]))
def test_parse_quiz_document_reports_control_characters_wherever_they_are(text, char):
    document = "---\ntype: quiz\ntitle: T\n---\n## Q {#q}\n- (x) a\n" + text + char
    quiz, diagnostics = parse_quiz_document(document, path="f.md", default_id="quiz")
    _no_internal(diagnostics)
    assert quiz is None
    assert any(d.code == "text.control-char" and d.line >= 6 for d in diagnostics)
