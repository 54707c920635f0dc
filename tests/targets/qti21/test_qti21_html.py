"""Rendered HTML → QTI 2.1 XHTML (`qti21/html.py`): plain-text fragments skip the HTML parser, and
must come out exactly as the parser would read them."""

from __future__ import annotations

import pytest
from lxml import etree, html as lxml_html

from builder.targets.qti21.html import NS, append_html

PLAIN = ["conference", "São Paulo", "مؤتمر الأطراف", " leading and trailing ", "a > b", 'say "yes"', "tab\tand\nline",
         "\u00a0nbsp", "𝄞 astral"]
# Each reads differently through the parser (an entity, a carriage return, markup): never taken as plain.
PARSED = {"a &amp; b": "a & b", "a\r\nb": "a\nb", "x &lt;y&gt;": "x <y>"}


def _holder() -> etree._Element:
    return etree.Element(f"{{{NS}}}div", nsmap={None: NS})


@pytest.mark.parametrize("text", PLAIN)
def test_plain_text_is_appended_as_the_html_parser_reads_it(text):
    holder = _holder()
    append_html(holder, text)
    assert len(holder) == 0
    assert holder.text == lxml_html.fragment_fromstring(text, create_parent="div").text == text


@pytest.mark.parametrize("fragment, text", PARSED.items())
def test_text_the_parser_changes_is_parsed(fragment, text):
    holder = _holder()
    append_html(holder, fragment)
    assert holder.text == text


def test_plain_text_after_an_element_becomes_its_tail():
    holder = _holder()
    append_html(holder, "<p>first</p>")
    append_html(holder, "then")
    assert [child.tag for child in holder] == [f"{{{NS}}}p"]
    assert holder[0].tail == "then"


def test_markup_keeps_its_elements_and_leading_text():
    holder = _holder()
    append_html(holder, "lead <em>word</em> tail")
    assert etree.tostring(holder, encoding="unicode") == f'<div xmlns="{NS}">lead <em>word</em> tail</div>'


def test_whitespace_only_appends_nothing():
    holder = _holder()
    append_html(holder, " \n\t")
    assert holder.text is None and len(holder) == 0


@pytest.mark.parametrize("text", PLAIN + [" "])
def test_a_plain_paragraph_is_built_as_the_parser_reads_it(text):
    """`<p>plain</p>` skips the parser; a comment after it (dropped) makes the same text go through it."""
    built, parsed = _holder(), _holder()
    append_html(built, f"<p>{text}</p>")
    append_html(parsed, f"<p>{text}</p><!-- parsed -->")
    assert etree.tostring(built) == etree.tostring(parsed)
    assert built[0].text == text


@pytest.mark.parametrize("fragment, expected", [
    ("<p></p>", "<p/>"), ("<p>a &amp; b</p>", "<p>a &amp; b</p>"), ("<p>a\r\nb</p>", "<p>a\nb</p>"),
    ("<p>one</p><p>two</p>", "<p>one</p><p>two</p>"), ('<p class="x">c</p>', '<p class="x">c</p>')])
def test_paragraphs_that_are_not_one_plain_paragraph_are_parsed(fragment, expected):
    holder = _holder()
    append_html(holder, fragment)
    assert etree.tostring(holder, encoding="unicode") == f'<div xmlns="{NS}">{expected}</div>'
