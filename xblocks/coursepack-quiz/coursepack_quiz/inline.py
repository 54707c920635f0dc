"""A tiny, safe Markdown subset → HTML, for the XBlock (which has no Markdown library).

Everything is HTML-escaped first, so author text can never inject markup; then only these are
recognised: `code`, [text](url) with an http, https or mailto URL, **bold**, *em*; for block
text also paragraphs (blank-line separated), `-` / `*` lists and ``` / ~~~ fenced code.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

_SAFE_URL = re.compile(r"^(?:https?://|mailto:)[^\s\"'<>]+$", re.IGNORECASE)
_CODE = re.compile(r"`([^`\n]+)`")
_LINK = re.compile(r"\[([^\[\]\n]+)\]\(([^()\s]+)\)")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EM = re.compile(r"\*(?=[^\s*])(.+?)(?<=[^\s*])\*")
_HOLE = re.compile("\x00(\\d+)\x00")
_BULLET = re.compile(r"^[-*][ \t]+")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def render_text(text: str, inline: bool) -> str:
    """Markdown subset → HTML; `inline` texts (prompts, options) get no paragraph wrapper.

    The signature matches `Quiz.map_text`'s converter.
    """
    text = text.replace("\x00", "\ufffd").replace("\r\n", "\n")  # \x00 marks the holes below
    return _inline(text.strip()) if inline else _blocks(text)


def _inline(text: str) -> str:
    holes: list[str] = []

    def hole(html_text: str) -> str:
        holes.append(html_text)
        return f"\x00{len(holes) - 1}\x00"

    # Code and links are cut out first, so that `*` inside them is never read as emphasis.
    out = _CODE.sub(lambda m: hole(f"<code>{html.escape(m[1])}</code>"), text)
    out = _LINK.sub(lambda m: hole(_link(m[1], m[2], _fill(_emphasis(html.escape(m[1])), holes))), out)
    out = _emphasis(html.escape(out, quote=False))
    return _fill(out, holes)


def _link(label: str, url: str, label_html: str) -> str:
    if not _SAFE_URL.match(url):
        return label_html  # javascript:, data:, relative links…: keep the words, drop the link
    return f'<a href="{html.escape(url)}" target="_blank" rel="noopener noreferrer">{label_html}</a>'


def _emphasis(escaped: str) -> str:
    return _EM.sub(r"<em>\1</em>", _BOLD.sub(r"<strong>\1</strong>", escaped))


def _fill(text: str, holes: list[str]) -> str:
    # Holes can nest (code inside a link's label), hence a few passes; stray markers cannot occur
    # because \x00 was replaced in the input.
    for _ in range(3):
        if "\x00" not in text:
            break
        text = _HOLE.sub(lambda m: holes[int(m[1])], text)
    return text


def _blocks(text: str) -> str:
    out: list[str] = []
    para: list[str] = []
    lines = iter(text.split("\n"))
    for line in lines:
        fence = _FENCE.match(line)
        if fence or not line.strip():
            out.append(_paragraph(para))
            para = []
            if fence:
                out.append(_code_block(lines, fence[1]))
        else:
            para.append(line)
    out.append(_paragraph(para))
    return "\n".join(part for part in out if part)


def _code_block(lines, marker: str) -> str:
    body = []
    for line in lines:
        if line.strip().startswith(marker[0] * len(marker)) and not line.strip().strip(marker[0]):
            break
        body.append(line)
    return "<pre><code>" + html.escape("\n".join(body)) + "</code></pre>"


def _paragraph(lines: list[str]) -> str:
    if not lines:
        return ""
    if all(_BULLET.match(line) or line.startswith((" ", "\t")) for line in lines) and _BULLET.match(lines[0]):
        return _list(lines)
    return "<p>" + _inline("\n".join(line.strip() for line in lines)) + "</p>"


def _list(lines: list[str]) -> str:
    items: list[str] = []
    for line in lines:
        if _BULLET.match(line):
            items.append(_BULLET.sub("", line))
        else:  # an indented continuation of the item above
            items[-1] += " " + line.strip()
    return "<ul>" + "".join(f"<li>{_inline(item.strip())}</li>" for item in items) + "</ul>"


class _TextOnly(HTMLParser):
    """Collects an HTML fragment's text, entities decoded; tags and comments dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(fragment_html: str, limit: int | None = None, ellipsis: str = "\u2026") -> str:
    """Rendered inline HTML as plain text, whitespace folded (titles, descriptions, <option> text).

    The one owner of this conversion for the builder's targets and the XBlock (the stdlib parser:
    the XBlock has no lxml). With `limit`, the text is at most that long; a cut text ends in
    `ellipsis` (pass "" for a hard cut, as QTI titles have always been).
    """
    if "<" in fragment_html or "&" in fragment_html:
        parser = _TextOnly()
        parser.feed(fragment_html)
        parser.close()
        fragment_html = "".join(parser.parts)
    # else: no tag, no entity: the parser would give the text back as it is (most titles and
    # prompts; the builder's XML targets ask for thousands at a time)
    text = " ".join(fragment_html.split())
    if limit is None or len(text) <= limit:
        return text
    return text[: limit - len(ellipsis)] + ellipsis
