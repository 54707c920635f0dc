"""Source positions read from the parser's tokens: what validation checks and the review's block lines."""

from __future__ import annotations

from builder.markdown.positions import Callout, Heading, Link, read_positions, source_blocks


def links(body: str, first_line: int = 1) -> list[tuple]:
    return [(link.line, link.col, link.is_image, link.text, link.target) for link in
            read_positions(body, first_line).links]


def test_links_and_images_carry_line_and_column_of_their_opening_bracket():
    body = "Intro line.\nSee [one](lesson:a) and ![a map](../media/m.svg \"Map\").\n"
    assert links(body, 10) == [(11, 5, False, "", "lesson:a"), (11, 25, True, "a map", "../media/m.svg")]
    assert read_positions(body, 10).links[1].title == "Map"


def test_columns_count_quote_markers_list_indentation_and_table_cells():
    body = "> quoted [q](lesson:q)\n\n- item\n  more [l](lesson:l)\n\n| a | b |\n|---|---|\n| x | [t](lesson:t) |\n"
    assert links(body) == [(1, 10, False, "", "lesson:q"), (4, 8, False, "", "lesson:l"),
                           (8, 7, False, "", "lesson:t")]


def test_a_link_on_a_paragraph_continuation_line_gets_that_line():
    assert links("First line\nsecond [x](lesson:x)\n", 5) == [(6, 8, False, "", "lesson:x")]


def test_code_comments_escapes_and_raw_html_blocks_hide_markdown_links():
    """What the renderer does not turn into a link is not checked as one (the regex scan did check
    indented code, escaped brackets and Markdown inside an HTML block)."""
    body = ("`[in code](lesson:no)`\n\n    [indented](lesson:no)\n\n```\n[fenced](lesson:no)\n```\n\n"
            "<!-- [comment](lesson:no) <img src=\"no.png\"> -->\n\n\\[escaped](lesson:no)\n\n"
            "<div>\n[in html](lesson:no)\n</div>\n")
    assert links(body) == []


def test_a_destination_may_hold_balanced_parentheses():
    assert links("[s](javascript:alert(1))") == [(1, 1, False, "", "javascript:alert(1)")]


def test_targets_stay_as_written_without_percent_encoding():
    assert links("![é](../media/café.png)")[0][-1] == "../media/café.png"


def test_raw_html_images_and_links_are_found_inline_and_in_blocks():
    body = 'Text <img src="a.png" alt="A"> and <a href="b.md" target="_top">b</a>.\n\n<p>\n  <img src="c.png">\n</p>\n'
    found = read_positions(body, 1).links
    assert [(link.line, link.col, link.is_image, link.text, link.target, link.window) for link in found] == [
        (1, 6, True, "A", "a.png", None), (1, 36, False, "", "b.md", "_top"), (4, 3, True, "", "c.png", None)]


def test_reference_definitions_are_checked_once_at_their_line_as_images_when_an_image_uses_them():
    body = "Uses [a][good], [b][good] and ![][pic] and [Shortcut].\n\n[good]: lesson:x\n[pic]: ../m.svg\n[shortcut]: y.md\n"
    assert links(body, 3) == [(5, 1, False, "", "lesson:x"), (6, 1, True, "", "../m.svg"), (7, 1, False, "", "y.md")]


def test_headings_include_setext_ones_and_drop_closing_hashes():
    body = "## Two ##\n\nText\n\nSetext\n------\n\n#### Four\n"
    assert read_positions(body, 2).headings == (Heading(2, 2, "Two"), Heading(6, 2, "Setext"), Heading(9, 4, "Four"))


def test_callouts_of_any_kind_are_found_with_their_line_and_a_plain_quote_is_not():
    body = "> [!NOTE]\n> text\n\n> plain\n\n> [!custom] inline\n"
    assert read_positions(body, 1).callouts == (Callout(1, "note"), Callout(6, "custom"))


def test_content_is_anything_but_comments():
    assert not read_positions("<!-- only a comment -->\n\n", 1).has_content
    assert read_positions("<!-- note -->\nText", 1).has_content


def test_source_blocks_follow_the_rendered_structure():
    body = ("Para\n\n## Head\n\n- a\n- b\n\n> A\n>\n> [!tip]\n> B\n\n```\ncode\n```\n\n---\n\n"
            "| a |\n|---|\n| b |\n\n![x](y.png)\n\nNote[^n]\n\n[^n]: The note.\n")
    assert [(b.line, b.kind) for b in source_blocks(body, 1)] == [
        (1, "para"), (3, "heading"), (5, "list"), (8, "quote"), (10, "quote"), (13, "fence"), (17, "hr"),
        (19, "table"), (23, "para"), (25, "para"), (27, "footnote")]


def test_links_are_dataclasses_validation_can_read():
    assert read_positions("[x](y)", 1).links == (Link(1, 1, False, "", "y", ""),)
