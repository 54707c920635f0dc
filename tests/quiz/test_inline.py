"""The XBlock's tiny Markdown subset: safe by construction."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from coursepack_quiz.inline import plain_text, render_text


@pytest.mark.parametrize("text, html", [
    ("plain & <b>", "plain &amp; &lt;b&gt;"),
    ("**bold** and *em*", "<strong>bold</strong> and <em>em</em>"),
    ("`a*b*<c>`", "<code>a*b*&lt;c&gt;</code>"),
    ("[UNODC](https://www.unodc.org/?a=1&b=2)",
     '<a href="https://www.unodc.org/?a=1&amp;b=2" target="_blank" rel="noopener noreferrer">UNODC</a>'),
    ("[mail](mailto:x@example.org)", '<a href="mailto:x@example.org" target="_blank" rel="noopener noreferrer">mail</a>'),
    ("[x](javascript:alert)", "x"),
    ("[x](data:text/html,hi)", "x"),
    ("[x](/relative)", "x"),
    ('[x](https://e.org/"onmouseover=)', "x"),
    ("[**b**](https://e.org/*x*)", '<a href="https://e.org/*x*" target="_blank" rel="noopener noreferrer"><strong>b</strong></a>'),
    ("2 * 3 * 4", "2 * 3 * 4"),
    ("\x00 zero", "\ufffd zero"),
    ("  صحيح  ", "صحيح"),
])
def test_inline(text, html):
    assert render_text(text, True) == html


def test_blocks_paragraphs_lists_and_code():
    text = "First *line*\nsecond line\n\n- one\n- **two**\n  continued\n\n```\n<script>\n```\nLast"
    assert render_text(text, False) == (
        "<p>First <em>line</em>\nsecond line</p>\n<ul><li>one</li><li><strong>two</strong> continued</li></ul>\n"
        "<pre><code>&lt;script&gt;</code></pre>\n<p>Last</p>")


def test_nothing_unescaped_gets_through():
    hostile = '<img src=x onerror=alert(1)> [a](javascript:x) "quoted" \'single\''
    out = render_text(hostile, False)
    assert "<img" not in out and "javascript" not in out and "href" not in out
    assert "&lt;img src=x onerror=alert(1)&gt;" in out


@pytest.mark.parametrize(("fragment", "limit", "ellipsis", "expected"), [
    ("<strong>Bold</strong> &amp; <em>em</em>", None, "…", "Bold & em"),
    ("a\n  <code>b</code>\tc<!-- note -->", None, "…", "a b c"),
    ("abcdef", 4, "…", "abc…"),
    ("abcdef", 4, "", "abcd"),
    ("abcd", 4, "…", "abcd"),
    ("", 10, "", ""),
])
def test_plain_text_drops_markup_folds_space_and_cuts(fragment, limit, ellipsis, expected):
    assert plain_text(fragment, limit, ellipsis) == expected


def _parsed_text(fragment: str) -> str:
    """What the HTML parser reads in `fragment` (the path every text with a tag or an entity takes)."""
    from coursepack_quiz.inline import _TextOnly

    parser = _TextOnly()
    parser.feed(fragment)
    parser.close()
    return " ".join("".join(parser.parts).split())


@pytest.mark.parametrize("fragment", ["Is 1 > 0?", "  spaced\tout\r\nlines  ", 'say "yes"', "São Paulo – مؤتمر",
                                      "\u00a0nbsp\u2028", "a;b#c", ""])
def test_plain_text_without_tags_or_entities_is_read_as_the_parser_reads_it(fragment):
    assert plain_text(fragment) == _parsed_text(fragment)


@settings(max_examples=500, deadline=None)
@given(st.text().filter(lambda text: "<" not in text and "&" not in text))
def test_any_text_without_tags_or_entities_is_read_as_the_parser_reads_it(fragment):
    # A comment after it (dropped) sends the same text through the parser.
    assert plain_text(fragment, 40) == plain_text(fragment + "<!-- parsed -->", 40)
