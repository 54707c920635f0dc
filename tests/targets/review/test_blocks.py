"""Splitting a lesson's HTML into its top-level elements and pairing them with source lines.

The splitter (`builder/review/blocks.py`) is a tag scanner that relies on the sanitiser's
serialisation. Here it is held to a reference that knows nothing of that: Python's own
`html.parser`, counting depth the same way, over generated HTML, generated Markdown and every
lesson of the fixture and shipped courses.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.build import prepare_build
from builder.embeds import Download, downloads_html
from builder.markdown.positions import SourceBlock
from builder.markdown.render import ALLOWED_TAGS, Renderer, sanitize
from builder.model import Lesson
from builder.review.blocks import block_spans, pair_lines

REPO = Path(__file__).resolve().parents[3]
COURSES = sorted((REPO / "tests" / "fixtures" / "courses").iterdir()) + sorted((REPO / "courses").iterdir())

# Elements without an end tag, from the HTML standard's list (the sanitiser writes no end tag for them).
REFERENCE_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                  "track", "wbr"}
REFERENCE_KIND = {"h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading",
                  "h6": "heading", "pre": "fence", "table": "table", "ul": "list", "ol": "list", "dl": "list",
                  "blockquote": "quote", "aside": "quote", "hr": "hr", "p": "para", "figure": "para"}


def html_blocks(html_text: str) -> list[tuple[str, str]]:
    """The top-level elements of `html_text` as (kind, html) pairs, in order, as `block_spans` cuts
    them (from its UTF-8 bytes, as the model keeps a lesson)."""
    data = html_text.encode()
    return [(kind, data[start:end].decode()) for kind, start, end in block_spans(data)]


class _ReferenceTopLevel(HTMLParser):
    """Offsets and kinds of the top-level elements, found by a general HTML parser."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.depth = 0
        self.starts: list[tuple[int, str]] = []
        self.line_offsets: list[int] = []

    def run(self, text: str) -> list[tuple[int, str]]:
        self.line_offsets = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]
        self.feed(text)
        self.close()
        return self.starts

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if self.depth == 0:
            line, col = self.getpos()
            classes = (dict(attrs).get("class") or "").split()
            self.starts.append((self.line_offsets[line - 1] + col,
                                "footnote" if "footnote" in classes else REFERENCE_KIND.get(tag, "html")))
        if tag not in REFERENCE_VOID:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag not in REFERENCE_VOID:
            self.depth = max(0, self.depth - 1)


def reference_blocks(text: str) -> list[tuple[str, str]]:
    starts = _ReferenceTopLevel().run(text)
    ends = [offset for offset, _ in starts[1:]] + [len(text)]
    return [(kind, text[offset:end].strip()) for (offset, kind), end in zip(starts, ends)]


# ---- generated HTML, serialised by the sanitiser as every lesson is -----------------------------

TEXT = st.text(alphabet=st.sampled_from(list("ab <>&\"'/=\n\t\u00a0é#")), max_size=6)
ATTRIBUTE = st.tuples(st.sampled_from(["class", "title", "id", "href", "src", "lang", "alt", "download"]),
                      st.sampled_from(["footnote", "x footnote", "footnotes", "a&nbsp;footnote", "a\u00a0footnote",
                                       "a > b", 'say "hi"', "<b>", "", "/", "coursepack:lesson/x#y", "x/>"]))
TAG = st.sampled_from(sorted(ALLOWED_TAGS | {"section", "script", "style", "textarea", "svg", "math"}))


def _element(tag: str, attributes: list[tuple[str, str]], children: list[str]) -> str:
    written = "".join(f' {name}="{html.escape(value)}"' for name, value in attributes)
    return f"<{tag}{written}>{''.join(children)}</{tag}>"


TREES = st.recursive(TEXT, lambda inner: st.builds(_element, TAG, st.lists(ATTRIBUTE, max_size=3),
                                                   st.lists(inner, max_size=4)), max_leaves=25)
DOWNLOADS = st.lists(st.builds(Download, st.sampled_from(["media/a.pdf", "media/b c.csv"]), TEXT,
                               st.integers(0, 10 ** 7)), max_size=2).map(tuple)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees=st.lists(st.tuples(TREES, st.sampled_from(["", "\n", "\n\n", " "])), max_size=6),
       downloads=DOWNLOADS)
def test_splitter_equals_a_general_parser_on_sanitised_html(trees, downloads):
    text = sanitize("".join(tree + gap for tree, gap in trees)) + downloads_html(downloads, "en", "page")
    assert html_blocks(text) == reference_blocks(text)


# ---- generated Markdown, rendered as lessons are -------------------------------------------------

MARKDOWN_BLOCKS = ["Plain *text* with `code` and a [link](https://example.org \"t > u\").", "## Heading {#h}",
                   "- one\n- two\n  - nested", "1. first\n2. second", "> quoted\n> more", "> [!tip]\n> a tip",
                   "> [!key]\n> - a\n> - b", "| a | b |\n|---|---|\n| 1 | <b>2</b> |", "```\n<p>not a tag</p>\n```",
                   "    indented code", "---", "Text[^n]\n\n[^n]: A note.", "<div class=\"footnote\">raw</div>",
                   "<video controls><source src=\"media/a.mp4\" type=\"video/mp4\"></video>", "<p>raw <br> html</p>",
                   "![alt](media/a.png \"title\")", "<!-- a comment -->", "Term\n: definition", "a < b & c > d",
                   "<hr/>", "<details><summary>S</summary>Body</details>", "<img src=\"media/x.png\" alt=\"a>b\">"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(blocks=st.lists(st.sampled_from(MARKDOWN_BLOCKS), max_size=8))
def test_splitter_equals_a_general_parser_on_rendered_markdown(blocks):
    text = Renderer("en").block("\n\n".join(blocks), lambda target, is_image: None, prefix="page")
    assert html_blocks(text) == reference_blocks(text)


# ---- every lesson of every fixture and shipped course, in every language -------------------------

def _lessons(course_dir: Path) -> list[Lesson]:
    prepared = prepare_build(course_dir, ["review"])
    assert prepared.ok, [d.format() for d in prepared.diagnostics]
    return [page for course in prepared.courses for page in course.pages() if isinstance(page, Lesson)]


@pytest.mark.parametrize("course_dir", COURSES, ids=lambda path: path.name)
def test_splitter_equals_a_general_parser_on_every_real_lesson(course_dir):
    lessons = _lessons(course_dir)
    assert lessons
    for lesson in lessons:
        assert lesson.html_utf8 == lesson.html.encode()
        assert html_blocks(lesson.html) == reference_blocks(lesson.html), lesson.id


# ---- pairing -----------------------------------------------------------------------------------

def test_spans_run_from_each_element_to_the_next_less_trailing_whitespace():
    text = '<p>a</p>\n<ul>\n<li>b</li>\n</ul> \n<p class="x footnote">c</p>\u2028\n'
    assert html_blocks(text) == [
        ("para", "<p>a</p>"), ("list", "<ul>\n<li>b</li>\n</ul>"), ("footnote", '<p class="x footnote">c</p>')]


@pytest.mark.parametrize("space", ["\u00a0", "\u2028", "\u3000", "\x1c", "\x1f", "\u0085"])
def test_spans_lose_the_whitespace_str_strips_past_ascii_too(space):
    """Offsets are in UTF-8 bytes, trimmed as `str.rstrip` trims the text, not as `bytes.rstrip` would."""
    text = f"<p>é</p>x{space} \n<p>ü{space}</p>"
    assert html_blocks(text) == [("para", "<p>é</p>x"), ("para", f"<p>ü{space}</p>")]


def test_pairing_gives_each_element_the_line_of_its_block_and_raw_html_none():
    """Raw HTML (the <div>) has no block of its own; the footnotes, rendered last, take the line
    of the first footnote definition wherever it was written."""
    text = ('<h2>T</h2>\n<p>a</p>\n<div>raw</div>\n<ul><li>x</li></ul>\n'
            '<div class="footnote">\n<hr>\n<ol><li>n</li></ol>\n</div>')
    sources = (SourceBlock(3, "heading"), SourceBlock(5, "para"), SourceBlock(7, "footnote"), SourceBlock(9, "list"))
    data = text.encode()
    paired = pair_lines(data, sources)
    assert [(line, data[start:end].decode().strip()[:4]) for line, start, end in paired] == [
        (3, "<h2>"), (5, "<p>a"), (None, "<div"), (9, "<ul>"), (7, "<div")]


def test_pairing_stops_rather_than_guessing_across_a_long_detour():
    text = "<h2>T</h2>\n<p>late</p>"
    sources = (SourceBlock(1, "heading"), *(SourceBlock(2 + n, "list") for n in range(4)), SourceBlock(9, "para"))
    assert [line for line, _, _ in pair_lines(text.encode(), sources)] == [1, None]
