"""Rendered (safe) HTML → the XHTML subset QTI 2.1 allows inside an item, as lxml elements.

QTI 2.1 embeds a fixed set of XHTML elements in its own namespace. Ours map onto it: the HTML5
sectioning and marking elements it lacks become `div` (block) or `span` (inline), attributes it
does not declare are dropped (QTI 2.1 has no `dir`; `lang` becomes `xml:lang`), and `id`s are
dropped because several texts share one item and QTI requires them unique.
"""

from __future__ import annotations

import re

from lxml import etree, html as lxml_html

NS = "http://www.imsglobal.org/xsd/imsqti_v2p1"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

_KEPT = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "dfn", "div", "dl",
    "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "ol", "p", "pre", "q", "samp",
    "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "var",
}
_AS_DIV = {"aside", "details", "figure", "figcaption", "summary", "section"}
_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt", "width", "height"}, "td": {"colspan", "rowspan"},
               "th": {"colspan", "rowspan", "scope"}, "col": {"span"}, "colgroup": {"span"}}
_P = f"{{{NS}}}p"
_LENGTH = re.compile(r"^[0-9]+%?$")  # QTI's Length.Type


# lxml.html's own parser, without its element classes: they cost a Python call per parsed element,
# and the conversion reads only tags, attributes and text.
_PARSER = etree.HTMLParser()
# A fragment the HTML parser gives back unchanged as one text: no markup, no entity, and none of
# the characters it rewrites (a carriage return) or refuses (other C0 controls, non-characters).
_PLAIN = r"[^<&\r\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]"
_PLAIN_TEXT = re.compile(f"{_PLAIN}*")
# One paragraph of such text, which the parser gives back as one <p> holding it: most prompts
# (`<p>prompt</p>`) and many feedback texts, built here without a parse (a third of an item's cost).
_PLAIN_PARAGRAPH = re.compile(f"<p>({_PLAIN}+)</p>")


def append_html(parent: etree._Element, html: str) -> None:
    """Append the converted fragment `html` (text and elements) to `parent`."""
    if not html.strip():
        return
    if _PLAIN_TEXT.fullmatch(html):  # an option or a label often is plain text: nothing to parse
        _append_text(parent, html)
        return
    paragraph = _PLAIN_PARAGRAPH.fullmatch(html)
    if paragraph:
        etree.SubElement(parent, _P).text = paragraph[1]
        return
    parts = lxml_html.fragments_fromstring(html, parser=_PARSER)
    if parts and isinstance(parts[0], str):
        _append_text(parent, parts.pop(0))
    for child in parts:
        _convert(parent, child)


def _append_text(parent: etree._Element, text: str | None) -> None:
    if not text:
        return
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _convert(parent: etree._Element, source: etree._Element) -> None:
    if not isinstance(source.tag, str):  # comments and processing instructions never reach learners
        _append_text(parent, source.tail)
        return
    tag = _tag(source)
    element = etree.SubElement(parent, f"{{{NS}}}{tag}")
    _copy_attributes(source, element, tag)
    element.text = source.text
    for child in source:
        _convert(element, child)
    element.tail = source.tail


def _tag(source: etree._Element) -> str:
    tag = source.tag.lower()
    if tag == "a" and not source.get("href"):
        return "span"
    if tag == "img" and not source.get("src"):
        return "span"
    if tag in _KEPT:
        return tag
    return "div" if tag in _AS_DIV else "span"


def _copy_attributes(source: etree._Element, element: etree._Element, tag: str) -> None:
    for name in ("class",):
        if source.get(name):
            element.set(name, source.get(name))
    if source.get("lang"):
        element.set(XML_LANG, source.get("lang"))
    for name in sorted(_ATTRIBUTES.get(tag, ())):
        value = source.get(name)
        if value is None or (name in ("width", "height") and not _LENGTH.match(value)):
            continue
        element.set(name, value)
    if tag == "img" and element.get("alt") is None:
        element.set("alt", "")
