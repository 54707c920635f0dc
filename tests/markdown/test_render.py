"""The renderer's own rules on markdown-it-py: callouts, figures, footnotes, tables, links, sanitising."""

from __future__ import annotations

from builder.markdown import Renderer


def render(text: str, prefix: str = "", resolve=lambda target, is_image: None) -> str:
    return Renderer("en").block(text, resolve, prefix=prefix)


def test_a_marker_mid_quote_starts_a_callout_and_what_came_before_stays_a_quote():
    html = render("> A\n>\n> [!note]\n> B\n>\n> [!tip] C\n\n> [!unknown]\n> x\n")
    assert html.count("<blockquote>") == 2 and "[!unknown]" in html
    assert '<aside class="cp-callout cp-note">\n<p class="cp-callout-title">Note</p>\n<p>B</p>\n</aside>' in html
    assert '<aside class="cp-callout cp-tip">\n<p class="cp-callout-title">Tip</p>\n<p>C</p>\n</aside>' in html


def test_a_list_right_below_a_marker_is_inside_the_callout():
    html = render("> [!key]\n> - one\n> - two\n")
    assert html.startswith('<aside class="cp-callout cp-key">\n<p class="cp-callout-title">Key points</p>\n<ul>')


def test_footnotes_are_numbered_in_definition_order_with_unique_prefixed_ids():
    html = render("T[^a] u[^b] v[^a]\n\n[^b]: B\n\n[^a]: A\n", prefix="p1")
    assert '<sup id="p1-fnref-a"><a class="footnote-ref" href="#p1-fn-a" rel="noopener noreferrer">2</a>' in html
    assert '<sup id="p1-fnref2-a">' in html  # a second citation's ID carries the page prefix too
    assert html.index('id="p1-fn-b"') < html.index('id="p1-fn-a"')


def test_only_an_image_alone_in_a_paragraph_becomes_a_figure():
    assert render('![x](y.png "Cap")') == ('<figure class="cp-figure"><img alt="x" loading="lazy" src="y.png">'
                                           "<figcaption>Cap</figcaption></figure>")
    assert "<figure" not in render("- ![x](y.png)\n") and "<figure" not in render("See ![x](y.png)")


def test_table_alignment_survives_sanitising_as_the_align_attribute():
    assert '<th align="right">b</th>' in render("| a | b |\n|:--|--:|\n| 1 | 2 |\n")


def test_links_are_resolved_marked_and_forbidden_schemes_dropped():
    html = render("[l](lesson:x) [w](https://example.org) [s](javascript:alert(1))",
                  resolve=lambda target, is_image: "coursepack:lesson/x" if target == "lesson:x" else None)
    assert '<a href="coursepack:lesson/x"' in html
    assert 'class="cp-external"' in html and 'target="_blank"' in html
    assert "javascript" not in html


def test_inline_drops_the_paragraph_and_plain_text_is_only_escaped():
    renderer = Renderer("en")
    assert renderer.inline("**a** & b", lambda target, is_image: None) == "<strong>a</strong> &amp; b"
    assert renderer.inline("1 < 2", lambda target, is_image: None) == "1 &lt; 2"
