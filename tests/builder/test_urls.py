"""builder/urls.py maps `coursepack:` URLs in href, src and poster attributes, and nowhere else."""

from __future__ import annotations

import html
import re

from hypothesis import given, settings, strategies as st

from builder import urls

# The pattern as first written (the attribute named in the regex): the oracle for the faster one.
_PLAIN = re.compile(r'(href|src|poster)="coursepack:(lesson|media|glossary)/([^"#]*)(#[^"]*)?"')


def plain_rewrite(text: str) -> str:
    def replace(match: re.Match) -> str:
        attribute, kind, value, fragment = match.groups()
        url = f"{kind.upper()}:{html.unescape(value)}" + (fragment or "")
        return f'{attribute}="{html.escape(url, quote=True)}"'
    return _PLAIN.sub(replace, text)


def mapped(text: str) -> str:
    return urls.rewrite(text, lesson=lambda v: f"LESSON:{v}", media=lambda v: f"MEDIA:{v}",
                        glossary=lambda v: f"GLOSSARY:{v}")


PIECES = ['<a href="coursepack:lesson/intro#part">', '<img src="coursepack:media/a b&amp;c.png">', "</a>",
          '<video poster="coursepack:media/p.jpg">', 'data-href="coursepack:lesson/x"', 'title="coursepack:media/t"',
          '="coursepack:glossary/term"', 'src="coursepack:other/x"', "href=", '"', "text ", "coursepack:lesson/y",
          '<a href="https://example.org">', '=""']


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12))
def test_rewrite_and_references_match_the_plain_pattern(pieces):
    text = "".join(pieces)
    assert mapped(text) == plain_rewrite(text)
    assert urls.references(text) == {(m.group(2), html.unescape(m.group(3))) for m in _PLAIN.finditer(text)}


def test_only_url_attributes_are_mapped():
    text = ('<a href="coursepack:lesson/b#x" title="coursepack:lesson/c">'
            '<img src="coursepack:media/m.png" alt=""></a><p>="coursepack:glossary/t"</p>')
    assert mapped(text) == ('<a href="LESSON:b#x" title="coursepack:lesson/c">'
                            '<img src="MEDIA:m.png" alt=""></a><p>="coursepack:glossary/t"</p>')
    assert urls.references(text) == {("lesson", "b"), ("media", "m.png")}


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12))
def test_a_text_without_urls_is_left_as_it_is(pieces):
    # `has_urls` lets callers skip mapping: it must never say "none" where a URL would be mapped.
    text = "".join(pieces)
    if _PLAIN.search(text) or urls.unlink(text, lambda kind, value, inner: "X") != text:
        assert urls.has_urls(text)
    if not urls.has_urls(text):
        assert mapped(text) == text and urls.references(text) == set()


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12))
def test_shows_media_says_whether_references_hold_a_media_file(pieces):
    text = "".join(pieces)
    assert urls.shows_media(text) == any(kind == "media" for kind, _ in urls.references(text))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("aZ09_.~/-% é#?&+:\u0665"), max_size=12))
def test_media_url_percent_encodes_as_quote_does(path):
    from urllib.parse import quote

    assert urls.media_url(path, "base/") == "base/" + quote(path, safe="/")
