"""The reviewer edition's small HTML pieces: the parts built in Python escape exactly as the
templates' autoescape (markupsafe) does, so moving a part out of a template changes no byte."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from markupsafe import escape

from builder.review.marks import escaped, line_of, mapped, source_ref


@given(st.one_of(st.text(), st.integers(), st.floats(allow_nan=False), st.text(alphabet="<>&\"' aé\u00a0")))
def test_escaped_is_markupsafes_escape_as_plain_text(value):
    assert escaped(value) == str(escape(value))
    assert type(escaped(value)) is str


def test_source_references_escape_the_path_and_show_the_line_only_when_known():
    assert source_ref('a&b/"x".md', 7) == '<span class="rv-src" lang="en" dir="ltr"><bdi>a&amp;b/&#34;x&#34;.md:7</bdi></span>'
    assert source_ref("a.md") == source_ref("a.md", 0) == '<span class="rv-src" lang="en" dir="ltr"><bdi>a.md</bdi></span>'
    assert line_of("a.md", None) == "" and line_of("a.md", 3) == source_ref("a.md", 3)


def test_mapped_rewrites_only_texts_with_course_urls():
    calls = []

    def rewrite(text: str) -> str:
        calls.append(text)
        return text.replace("coursepack:lesson/x", "x.html")

    assert mapped('<a href="https://e.org">e</a>', rewrite) == '<a href="https://e.org">e</a>' and not calls
    assert mapped('<a href="coursepack:lesson/x">x</a>', rewrite) == '<a href="x.html">x</a>'
    assert mapped(None, rewrite) == "" and len(calls) == 1
