"""Our Python-Markdown extensions: callouts, figures and link resolution.

Each is a small tree processor registered with a name and a priority (Python-Markdown's
Registry), so their order is explicit rather than "after X".
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Callable

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from .. import urls
from ..embeds import DECORATIVE

CALLOUT_KINDS = ("note", "tip", "warning", "key", "transcript")  # transcript: builder/embeds.py
_MARKER_LINE = re.compile(r"^ {0,3}>\s*\[!(?:" + "|".join(CALLOUT_KINDS) + r")\]\s*$", re.I)
_CALLOUT_MARK = re.compile(r"^\s*\[!([A-Za-z-]+)\][ \t]*\n?")


class CalloutMarkerPreprocessor(Preprocessor):
    """Puts a blank quote line after a `> [!kind]` marker so that a list right below it parses."""

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        for line in lines:
            out.append(line)
            if _MARKER_LINE.match(line):
                out.append(">")
        return out


class CalloutProcessor(Treeprocessor):
    """`> [!note]` blockquotes become `<aside class="cp-callout cp-note">` with a titled label.

    Python-Markdown merges blockquotes separated only by a blank line, so one blockquote may
    hold several callouts: a new one starts at every paragraph that opens with a marker.
    """

    def __init__(self, md: Markdown, label: Callable[[str], str]):
        super().__init__(md)
        self.label = label

    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for child in list(parent):
                if child.tag == "blockquote":
                    self._split(parent, child)

    def _split(self, parent: etree.Element, quote: etree.Element) -> None:
        groups: list[tuple[str | None, list[etree.Element]]] = [(None, [])]
        for element in list(quote):
            kind = self._take_marker(element)
            if kind:
                groups.append((kind, []))
            if element.tag != "p" or element.text or len(element):
                groups[-1][1].append(element)
        if len(groups) == 1:
            return
        index = list(parent).index(quote)
        parent.remove(quote)
        replacements = [self._aside(kind, items) for kind, items in groups if kind] 
        if groups[0][1]:
            plain = etree.Element("blockquote")
            plain.extend(groups[0][1])
            replacements.insert(0, plain)
        for offset, element in enumerate(replacements):
            element.tail = "\n"
            parent.insert(index + offset, element)

    @staticmethod
    def _take_marker(element: etree.Element) -> str | None:
        if element.tag != "p" or not element.text:
            return None
        match = _CALLOUT_MARK.match(element.text)
        if not match or match.group(1).lower() not in CALLOUT_KINDS:
            return None
        element.text = element.text[match.end():]
        return match.group(1).lower()

    def _aside(self, kind: str, items: list[etree.Element]) -> etree.Element:
        aside = etree.Element("aside", {"class": f"cp-callout cp-{kind}"})
        title = etree.SubElement(aside, "p", {"class": "cp-callout-title"})
        title.text = self.label(kind)
        title.tail = "\n"
        aside.extend(items)
        return aside


class FigureProcessor(Treeprocessor):
    """An image alone in its paragraph becomes a `<figure>`; its Markdown title is the caption."""

    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                if self._is_lone_image(child):
                    parent[index] = self._figure(child[0])

    @staticmethod
    def _is_lone_image(p: etree.Element) -> bool:
        return (p.tag == "p" and len(p) == 1 and p[0].tag == "img" and p[0].get("title") != DECORATIVE
                and not (p.text or "").strip() and not (p[0].tail or "").strip())

    @staticmethod
    def _figure(img: etree.Element) -> etree.Element:
        figure = etree.Element("figure", {"class": "cp-figure"})
        caption = img.attrib.pop("title", "")
        img.tail = None
        figure.append(img)
        if caption:
            etree.SubElement(figure, "figcaption").text = caption
        return figure


class LinkProcessor(Treeprocessor):
    """Rewrites link and image targets through the current document's resolver."""

    resolve: Callable[[str, bool], str | None] = staticmethod(lambda target, is_image: target)

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.tag == "a" and "href" in element.attrib:
                self._rewrite(element, "href", False)
            elif element.tag == "img" and "src" in element.attrib:
                self._rewrite(element, "src", True)
                element.set("loading", "lazy")

    def _rewrite(self, element: etree.Element, attribute: str, is_image: bool) -> None:
        if element.get("class") in ("footnote-ref", "footnote-backref"):
            return
        resolved = self.resolve(element.get(attribute), is_image)
        if resolved is None:
            resolved = element.get(attribute)
        element.set(attribute, resolved)
        if not is_image and resolved.startswith(("http://", "https://")):
            element.set("class", "cp-external")
            element.set("target", "_blank")
        elif not is_image and urls.is_glossary(resolved):
            element.set("class", "cp-term")


class CoursepackExtension(Extension):
    def __init__(self, label: Callable[[str], str]):
        super().__init__()
        self.label = label
        self.links: LinkProcessor | None = None

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's API
        self.links = LinkProcessor(md)
        md.preprocessors.register(CalloutMarkerPreprocessor(md), "cp-callout-marker", 5)
        # Block-level rewrites run before Python-Markdown's "inline" processor (priority 20);
        # figures and links need the <img>/<a> elements it creates, so they run after it.
        md.treeprocessors.register(CalloutProcessor(md, self.label), "cp-callout", 25)
        md.treeprocessors.register(FigureProcessor(md), "cp-figure", 15)
        md.treeprocessors.register(self.links, "cp-links", 14)
