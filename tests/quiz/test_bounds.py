"""Bounds on author text (coursepack_quiz.bounds), as the XBlock's Studio editor and the builder meet them."""

from __future__ import annotations

import pytest

from coursepack_quiz.bounds import (MAX_BLOCK_CHARS, MAX_FILE_CHARS, MAX_MARKDOWN_DEPTH, MAX_OPEN_BRACKETS,
                                    MAX_YAML_DEPTH, FORBIDDEN, char_name, check_characters, check_markdown)
from coursepack_quiz.frontmatter import load_yaml
from coursepack_quiz.syntax import parse_quiz_document

QUIZ = "---\ntype: quiz\ntitle: T\n---\n## Question {{#q}}\n\n- (x) {option} {{#a}}\n- ( ) other {{#b}}\n"


def codes(diagnostics):
    return [d.code for d in diagnostics if d.is_error]


@pytest.mark.parametrize("char, name", [("\x00", "control character U+0000 (NUL)"),
                                        ("\x0b", "control character U+000B (VT)"),
                                        ("\x1b", "control character U+001B (ESC)"),
                                        ("\x7f", "control character U+007F (DEL)"),
                                        ("\x85", "control character U+0085 (C1 control)"),
                                        ("\ud800", "invalid character U+D800 (lone surrogate)"),
                                        ("\uffff", "invalid character U+FFFF (noncharacter)")])
def test_each_forbidden_character_is_named_at_its_line_and_column(char, name):
    [diagnostic] = check_characters(f"first\nab{char}c\n", "f.md", first_line=10)
    assert (diagnostic.line, diagnostic.col, diagnostic.code) == (11, 3, "text.control-char")
    assert diagnostic.message == f"{name} in the text"


def test_tab_newline_and_ordinary_unicode_are_allowed():
    text = "a\tb\r\nc é مؤتمر \U0001f600 \u2028 \ufeff"
    assert check_characters(text, "f.md") == [] and not FORBIDDEN.search(text)
    assert char_name("é") == "character U+00E9 (LATIN SMALL LETTER E WITH ACUTE)"


def test_many_control_characters_are_reported_a_few_times_then_counted():
    diagnostics = check_characters("\x00" * 50, "f.md")
    assert len(diagnostics) == 6 and diagnostics[-1].message == "45 more such characters in this file"


def test_yaml_escapes_and_character_references_cannot_smuggle_control_characters():
    _, from_escape = load_yaml('title: "a\\0b"\n', "c.yml")
    _, from_reference = load_yaml("definition: a &#x1b; b\n", "g.yml")
    assert [(d.line, d.col, d.code) for d in from_escape] == [(1, 8, "text.control-char")]
    assert "U+001B (ESC)" in from_reference[0].message
    assert codes(check_markdown("a &#12; b\n\n&#65; &#x85; &#0;", "f.md", 1)) == ["text.control-char"]


@pytest.mark.parametrize("text", ["a: &x [1, 2]\nb: *x\n", "x: &a [*a]\n",
                                  "a: &a [lol, lol]\nb: &b [*a, *a]\nc: &c [*b, *b]\n"])
def test_yaml_anchors_and_aliases_are_refused_before_they_expand(text):
    doc, diagnostics = load_yaml(text, "c.yml", line_offset=1)
    assert doc.broken and doc.data is None
    assert [(d.line, d.code) for d in diagnostics] == [(2, "yaml.alias")]


def test_yaml_nesting_is_bounded():
    deep = "x: " + "[" * (MAX_YAML_DEPTH + 1) + "]" * (MAX_YAML_DEPTH + 1)
    fine = "x: " + "[" * (MAX_YAML_DEPTH - 1) + "]" * (MAX_YAML_DEPTH - 1)
    assert codes(load_yaml(deep, "c.yml")[1]) == ["yaml.too-deep"]
    assert load_yaml(fine, "c.yml")[1] == []


def test_markdown_nesting_counts_quotes_list_markers_and_indentation():
    limit = MAX_MARKDOWN_DEPTH
    assert check_markdown("> " * limit + "x", "f.md", 1) == []
    assert codes(check_markdown("> " * (limit + 1) + "x", "f.md", 1)) == ["markdown.too-deep"]
    assert codes(check_markdown("- " * (limit + 1) + "x", "f.md", 1)) == ["markdown.too-deep"]
    nested = "\n".join("    " * level + "- item" for level in range(limit + 1))
    [diagnostic] = check_markdown(nested, "f.md", 7)
    assert (diagnostic.code, diagnostic.line) == ("markdown.too-deep", 7 + limit)


def test_fenced_code_is_opaque_but_an_unclosed_fence_is_not():
    code = "```\n" + "\n".join("    " * level + "x" for level in range(40)) + "\n```\n"
    assert check_markdown(code, "f.md", 1) == []
    unclosed = "```x\n\n" * (MAX_OPEN_BRACKETS + 1)
    assert codes(check_markdown(unclosed, "f.md", 1)) == ["markdown.unclosed-fence"]


def test_open_brackets_are_counted_per_block_and_tags_across_blocks():
    many = MAX_OPEN_BRACKETS + 1
    assert codes(check_markdown("[" * many, "f.md", 1)) == ["markdown.open-brackets"]
    assert check_markdown("[\n\n" * many, "f.md", 1) == []  # a blank line closes a link
    assert codes(check_markdown("<a \n\n" * many, "f.md", 1)) == ["markdown.open-brackets"]
    assert check_markdown("a < b " * many + "\\[" * many + "[x](y) " * many, "f.md", 1) == []


def test_long_blocks_are_refused_and_blank_lines_reset_the_count():
    assert codes(check_markdown("a" * (MAX_BLOCK_CHARS + 1), "f.md", 1)) == ["markdown.block-too-long"]
    assert check_markdown(("a" * 1000 + "\n\n") * (MAX_BLOCK_CHARS // 1000 + 5), "f.md", 1) == []


def test_the_xblock_document_parser_applies_the_same_bounds():
    assert parse_quiz_document(QUIZ.format(option="fine"), path="q.md", default_id="q")[0] is not None
    for option, code in [("a\x00b", "text.control-char"), ("&#x1b;", "text.control-char"),
                         ("[" * (MAX_OPEN_BRACKETS + 1), "markdown.open-brackets")]:
        quiz, diagnostics = parse_quiz_document(QUIZ.format(option=option), path="q.md", default_id="q")
        assert quiz is None and codes(diagnostics) == [code]
        assert diagnostics[0].line == 7
    too_large = QUIZ.format(option="x" * MAX_FILE_CHARS)
    assert codes(parse_quiz_document(too_large, path="q.md", default_id="q")[1]) == ["file.too-large"]
    bomb = QUIZ.format(option="x").replace("title: T", "title: T\nx: &a [*a]")
    assert codes(parse_quiz_document(bomb, path="q.md", default_id="q")[1]) == ["yaml.alias"]


def test_reading_yaml_keeps_no_node_of_it_afterwards():
    """The front matter of every file of a course is read in one process: what is read must not
    stay behind (PyYAML's constructor kept every scalar node with its marks: ~16 MiB at 5,000 lessons)."""
    import gc

    import yaml

    def nodes() -> int:
        gc.collect()
        return sum(1 for o in gc.get_objects() if isinstance(o, (yaml.Node, yaml.Mark)))

    before = nodes()
    for index in range(50):
        doc, diagnostics = load_yaml(f"title: Lesson {index}\nobjectives:\n  - one\n  - two\nwhen: 2024-13-45\n",
                                     "l.md", line_offset=1)
        assert doc.data["title"] == f"Lesson {index}" and codes(diagnostics) == ["yaml.value"]
    assert nodes() == before
