"""What a translator translates: every string of a course, each with a stable unit ID.

One walker per kind of source (YAML keys, lesson body, quiz body, SVG). Each takes a
`translate(unit) -> str` callback and returns the source rebuilt with what the callback gave:
extraction passes a callback that records the unit and returns its source text, the build passes
one that returns the translation. So extraction and application cannot disagree about what is a
unit or what its ID is.

Unit IDs come from the stable IDs (course, module, page, question, option) plus a role and, for
lesson blocks, the block's number in its page: `first-lesson/b3`, `practice-quiz/q-alt/choice:b`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

from lxml import etree

from coursepack_quiz.scanner import ATTR_BLOCK, Line, scan

from ..reflection import SECTION_HEADING
from ..scenario import BULLET, CHOICE_LINE, NODE_HEADING, is_node_line


@dataclass(frozen=True)
class Unit:
    id: str
    source: str
    path: str  # the source file as shown in diagnostics
    line: int
    kind: str  # "text", "markdown", or a quiz line kind ("choice", "fill", "pair", "item", ...)


Translate = Callable[[Unit], str]

#: Translatable keys of each YAML file; lists are translated item by item.
COURSE_KEYS = ("title", "description", "audience", "objectives")
MODULE_KEYS = ("title", "description", "objectives")
PAGE_KEYS = ("title", "objectives")
GLOSSARY_KEYS = ("term", "definition")


def walk_yaml(data: Any, keys: tuple[str, ...], prefix: str, path: str, where: Callable[[tuple], int],
              translate: Translate) -> Any:
    """A copy of the mapping `data` with the string values of `keys` translated."""
    if not isinstance(data, dict):
        return data
    out = dict(data)
    for key in keys:
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            out[key] = translate(Unit(f"{prefix}/{key}", value, path, where((key,)), "text"))
        elif isinstance(value, (list, tuple)):
            out[key] = [translate(Unit(f"{prefix}/{key}/{n}", item, path, where((key, n - 1)), "text"))
                        if isinstance(item, str) and item.strip() else item for n, item in enumerate(value, 1)]
    return out


# --- lesson bodies: one unit per Markdown block -------------------------------------------------

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_COMMENT_ONLY = re.compile(r"^\s*<!--.*-->\s*$", re.S)


def markdown_blocks(body: str) -> list[tuple[int, int]]:
    """(first, last) line indexes of each blank-line-separated block; a fenced code block is one
    block even with blank lines inside."""
    lines = body.split("\n")
    blocks: list[tuple[int, int]] = []
    start, fence = None, ""
    for index, text in enumerate(lines):
        opener = _FENCE.match(text)
        if fence:
            if opener and opener.group(1)[0] == fence[0] and len(opener.group(1)) >= len(fence):
                fence = ""
            continue
        if opener:
            fence = opener.group(1)
            start = index if start is None else start
        elif not text.strip():
            if start is not None:
                blocks.append((start, index - 1))
            start = None
        elif start is None:
            start = index
    if start is not None:
        blocks.append((start, len(lines) - 1))
    return blocks


def _translatable_block(text: str) -> bool:
    """Code blocks and reviewer comments are not for learners' eyes in another language."""
    return bool(text.strip()) and not _FENCE.match(text) and not _COMMENT_ONLY.match(text)


def walk_lesson(body: str, first_line: int, prefix: str, path: str, translate: Translate) -> str:
    lines = body.split("\n")
    out: list[str] = []
    done = 0
    for number, (first, last) in enumerate(markdown_blocks(body), 1):
        out += lines[done:first]
        block = "\n".join(lines[first:last + 1])
        if _translatable_block(block):
            block = translate(Unit(f"{prefix}/b{number}", block, path, first_line + first, "markdown"))
        out.append(block)
        done = last + 1
    out += lines[done:]
    return "\n".join(out)


# --- scenario bodies: node titles, node text blocks, choices and consequences --------------------

class _ScenarioWalk:
    """Rebuilds a scenario body line by line (the shapes of builder/scenario.py), translating the
    title of each node, its text block by block, each choice's text (its `{#id} -> next` kept) and
    each consequence as one Markdown unit (re-indented under its choice).

    Unit IDs: `<page>/<node>` (title), `<page>/<node>/b<n>`, `<page>/<node>/choice:<id>`,
    `<page>/<node>/<choice>/consequence`."""

    def __init__(self, body: str, first_line: int, prefix: str, path: str, translate: Translate) -> None:
        self.lines, self.first_line, self.prefix, self.path, self.translate = (
            body.split("\n"), first_line, prefix, path, translate)
        self.out: list[str] = []
        self.node, self.choice = "", ""
        self.pending: list[int] = []  # line indexes of the node text or consequence being gathered
        self.in_choices = False

    def run(self) -> str:
        for index, raw in enumerate(self.lines):
            if is_node_line(raw):
                self._flush()
                self._heading(index, raw)
            elif BULLET.match(raw) and self.node:
                self._flush()
                self._choice(index, raw)
            elif not self.node or not self.in_choices or not raw.strip() or raw[:1] in (" ", "\t"):
                self.pending.append(index)
            else:  # text after the choices: an error validation reports; kept as written
                self._flush()
                self.out.append(raw)
        self._flush()
        return "\n".join(self.out)

    def _unit(self, suffix: str, text: str, index: int, kind: str) -> str:
        return self.translate(Unit(f"{self.prefix}/{suffix}", text, self.path, self.first_line + index, kind))

    def _heading(self, index: int, raw: str) -> None:
        match = NODE_HEADING.match(raw)
        node = next((a[1:] for a in (match["attrs"].split() if match else []) if a.startswith("#")), "")
        self.node, self.in_choices = node or f"line{self.first_line + index}", False
        if match is None or not match["title"].strip():
            self.out.append(raw)
            return
        start, end = match.span("title")
        self.out.append(raw[:start] + self._unit(self.node, match["title"], index, "text") + raw[end:])

    def _choice(self, index: int, raw: str) -> None:
        match = CHOICE_LINE.match(raw)
        self.in_choices = True
        self.choice = (match["id"] if match else "") or f"line{self.first_line + index}"
        if match is None or not match["text"].strip():
            self.out.append(raw)
            return
        start, end = match.span("text")
        text = self._unit(f"{self.node}/choice:{self.choice}", match["text"], index, "text")
        self.out.append(raw[:start] + text + raw[end:])

    def _flush(self) -> None:
        indexes, self.pending = self.pending, []
        if not indexes:
            return
        lines = [self.lines[i] for i in indexes]
        if not self.in_choices:  # a node's text (or text before the first node): blocks, like a lesson
            prefix = f"{self.prefix}/{self.node}" if self.node else self.prefix
            self.out += walk_lesson("\n".join(lines), self.first_line + indexes[0], prefix, self.path,
                                    self.translate).split("\n")
            return
        kept = len(lines)
        while kept and not lines[kept - 1].strip():
            kept -= 1
        if kept:
            self.out += self._consequence(lines[:kept], indexes[0])
        self.out += lines[kept:]

    def _consequence(self, lines: list[str], index: int) -> list[str]:
        indent = next(line[: len(line) - len(line.lstrip())] for line in lines if line.strip())
        text = "\n".join(line[len(indent):] if line.startswith(indent) else line.lstrip() for line in lines)
        translated = self._unit(f"{self.node}/{self.choice}/consequence", text, index, "markdown")
        return [indent + line if line.strip() else "" for line in translated.split("\n")]


def walk_scenario(body: str, first_line: int, prefix: str, path: str, translate: Translate) -> str:
    return _ScenarioWalk(body, first_line, prefix, path, translate).run()


# --- reflection bodies: blocks like a lesson, section headings without their class ---------------

def walk_reflection(body: str, first_line: int, prefix: str, path: str, translate: Translate) -> str:
    """The prompt and the sections block by block (unit `<page>/b<n>`), except a section heading,
    whose unit is its text alone (`<page>/<class>`, e.g. `my-page/model-answer`): its `{.class}` stays."""

    def heading_or_block(unit: Unit) -> str:
        first, newline, rest = unit.source.partition("\n")
        match = SECTION_HEADING.match(first)
        if match is None:
            return translate(unit)
        start, end = match.span("title")
        heading = first[:start] + translate(Unit(f"{prefix}/{match['cls']}", match["title"], path, unit.line,
                                                 "text")) + first[end:]
        if not rest.strip():  # a heading with a blank line after it
            return heading + newline + rest
        return heading + newline + translate(Unit(unit.id, rest, path, unit.line + 1, "markdown"))

    return walk_lesson(body, first_line, prefix, path, heading_or_block)


# --- quiz bodies: one unit per line of text, markers and `{#id}` kept from the source ----------

#: Quiz line kinds whose `text` group a translator translates; "pair" translates left -> right.
_QUIZ_TEXT_KINDS = {"heading", "callout", "feedback", "quote", "choice", "fill", "item", "text", "indented"}


def _payload_span(line: Line) -> tuple[int, int] | None:
    """Where the translatable text of a quiz line starts and ends (the attribute block excluded)."""
    match = line.match
    if line.kind == "pair" and match:
        start, end = match.start("left"), match.end("right")
    elif line.kind in ("text", "indented"):
        start, end = len(line.text) - len(line.text.lstrip()), len(line.text)
    elif line.kind in _QUIZ_TEXT_KINDS and match and match.groupdict().get("text") is not None:
        start, end = match.start("text"), match.end("text")
    else:
        return None
    attrs = ATTR_BLOCK.search(line.text, start)
    if attrs and line.kind != "fill":
        end = min(end, attrs.start())
    while end > start and line.text[end - 1] in " \t":
        end -= 1
    return (start, end) if end > start else None


class _QuizNames:
    """Unit IDs inside a quiz: question ID (or number), then kind and option ID (or count)."""

    def __init__(self, prefix: str) -> None:
        self.prefix, self.question, self.questions, self.counts = prefix, "intro", 0, {}
        self.answer = ""  # the last answer line's name: feedback under it is named after it

    def name(self, line: Line, payload: str) -> str:
        attrs = ATTR_BLOCK.search(line.text)
        explicit = next((a[1:] for a in (attrs["body"].split() if attrs else []) if a.startswith("#")), None)
        if line.kind == "heading" and line.match and len(line.match["hashes"]) == 2:
            self.questions += 1
            self.question, self.counts, self.answer = explicit or f"q{self.questions}", {}, ""
            return f"{self.prefix}/{self.question}"
        if line.kind == "feedback" and self.answer:
            return f"{self.prefix}/{self.question}/{self.answer}/feedback"
        kind = f"{line.kind}-{line.match['name']}" if line.kind == "callout" else line.kind
        self.counts[kind] = self.counts.get(kind, 0) + 1
        suffix = f"{kind}:{explicit}" if explicit and line.kind != "fill" else f"{kind}{self.counts[kind]}"
        self.answer = suffix if line.kind in ("choice", "pair", "item") else self.answer
        return f"{self.prefix}/{self.question}/{suffix}"


def walk_quiz(body: str, first_line: int, prefix: str, path: str, translate: Translate) -> str:
    names = _QuizNames(prefix)
    out: list[str] = []
    for line in scan(body, first_line):
        span = _payload_span(line)
        if span is None:
            out.append(line.text)
            continue
        start, end = span
        payload = line.text[start:end]
        unit = Unit(names.name(line, payload), payload, path, line.no, line.kind)
        out.append(line.text[:start] + translate(unit) + line.text[end:])
    return "\n".join(out)


# --- SVG diagrams: the text a learner reads or hears ------------------------------------------

_SVG_TEXT = frozenset({"text", "tspan", "title", "desc", "textPath"})


def walk_svg(data: bytes, prefix: str, path: str, translate: Translate, *, language: str = "",
             direction: str = "ltr") -> bytes:
    """The SVG with its text translated; unchanged bytes when it has no text (or is not ours to parse)."""
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return data  # media checks report it
    count = 0
    for node in root.iter():
        if not isinstance(node.tag, str) or etree.QName(node).localname not in _SVG_TEXT:
            continue
        if node.text and node.text.strip():
            count += 1
            node.text = translate(Unit(f"{prefix}/t{count}", node.text.strip(), path, node.sourceline or 0, "text"))
    if not count or not language:
        return data
    root.set("{http://www.w3.org/XML/1998/namespace}lang", language)
    if direction == "rtl":
        root.set("direction", "rtl")
    return etree.tostring(root, encoding="utf-8", xml_declaration=False) + b"\n"
