"""The line layer of the quiz syntax: one table of line patterns, and the quiz cut into sections.

`scan` gives every line the kind of the first pattern in `LINE_PATTERNS` it matches (lines in
fenced code are opaque: kind "code"); `split_sections` cuts the lines into the intro and one
section per question heading. syntax.py reads the sections; ids.py uses the same layer to
write IDs back, so the two can never disagree about what is a question or an option.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import count
from typing import Iterable, Iterator


#: Every line kind the parser knows, first match wins. Order matters: a choice line also looks
#: like a matching line if it contains "->", a callout also looks like a quote, and so on.
#: No two quantifiers may compete for the same characters (hence `++` and the bounded marks):
#: lines are author input, and a backtracking pattern would take minutes on a long line.
LINE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((kind, re.compile(pattern)) for kind, pattern in (
    ("fence", r"^ {0,3}(?P<fence>`{3,}|~{3,})"),
    ("blank", r"^[ \t]*$"),
    ("heading", r"^ {0,3}(?P<hashes>#{1,6})(?:[ \t]++(?P<text>.*))?$"),
    ("callout", r"^ ?>[ \t]?\[!(?P<name>[^\]\s]*)\][ \t]*(?P<text>.*)$"),
    # Indented by two or more: feedback under the option above (as a Markdown list-item quote).
    ("feedback", r"^(?P<indent>[ \t]{2,})>[ \t]?(?P<text>.*)$"),
    ("quote", r"^ ?>[ \t]?(?P<text>.*)$"),
    # `(?!\()` keeps Markdown links such as `- [a](b)` out; the gap and space groups are checked
    # by the reader so that `-(x) a` and `- (x)a` get "missing its space" rather than silence.
    ("choice", r"^ {0,3}[-*+](?P<gap>[ \t]*)(?P<open>[(\[])(?P<mark>[ \t]{0,2}[^\s()\[\]]?[ \t]{0,2})"
               r"(?P<close>[)\]])(?!\()(?P<space>[ \t]*)(?P<text>.*)$"),
    ("setext", r"^ {0,3}={2,}[ \t]*$"),  # a heading underline, not a fill-in answer
    ("fill", r"^=(?P<space>[ \t]*)(?P<text>.*)$"),
    ("pair", r"^ {0,3}[-*+][ \t]++(?P<left>.*?)->(?P<right>.*)$"),
    ("item", r"^ {0,3}(?P<num>\d{1,9})[.)][ \t]+(?P<text>.*)$"),
    ("indented", r"^[ \t]+\S"),
    ("text", r""),
))

#: Line kinds that are answers; each kind is also the name of its answer shape.
ANSWER_KINDS = frozenset({"choice", "fill", "pair", "item"})

#: `{#id .class key=value}` at the end of a heading or answer line (Pandoc/kramdown style).
ATTR_BLOCK = re.compile(r"\{(?P<body>[ \t]*(?:[#.]|[A-Za-z_][\w-]*=)[^{}]*)\}[ \t]*$")

ID_HINT = "run `coursepack ids COURSE --write`"


@dataclass(frozen=True, slots=True)
class Line:
    no: int  # the line number in the file
    kind: str
    text: str  # without its line ending
    match: re.Match[str] | None


@dataclass(slots=True)
class Section:
    heading: Line
    level: int
    lines: list[Line] = field(default_factory=list)


def classify(text: str) -> tuple[str, re.Match[str] | None]:
    for kind, pattern in LINE_PATTERNS:
        match = pattern.match(text)
        if match:
            return kind, match
    return "text", None  # pragma: no cover - the last pattern matches everything


def scan(body: str, first_line: int = 1) -> list[Line]:
    """Classify every line of `body`; `first_line` is the file line of the body's first line."""
    lines: list[Line] = []
    fence = ""
    for offset, raw in enumerate(body.split("\n")):
        text = raw[:-1] if raw.endswith("\r") else raw  # CRLF files read the same
        kind, match = classify(text)
        if fence:
            if kind == "fence" and _closes(fence, match, text):
                fence = ""
            else:
                kind, match = "code", None
        elif kind == "fence":
            fence = match["fence"]
        lines.append(Line(first_line + offset, kind, text, match))
    return lines


def _closes(fence: str, match: re.Match[str], text: str) -> bool:
    # A closing fence uses the opening character, at least as many times, and nothing else.
    marker = match["fence"]
    return marker[0] == fence[0] and len(marker) >= len(fence) and text.strip() == marker


def heading_level(line: Line) -> int:
    return len(line.match["hashes"]) if line.kind == "heading" and line.match else 0


def heading_span(line: Line) -> tuple[int, int]:
    """Where a heading's text is in its line: without trailing spaces and closing `#`s."""
    if line.match is None or line.match["text"] is None:
        return len(line.text), len(line.text)
    start = line.match.start("text")
    text = line.match["text"].rstrip()
    unclosed = text.rstrip("#")
    if unclosed != text and (not unclosed or unclosed[-1] in " \t"):
        text = unclosed.rstrip()  # `## Title ##`: the closing hashes are not part of the title
    return start, start + len(text)


def heading_text(line: Line) -> str:
    start, end = heading_span(line)
    return line.text[start:end]


def split_sections(lines: list[Line]) -> tuple[list[Line], list[Section]]:
    """The intro lines, then one section per question heading."""
    intro: list[Line] = []
    sections: list[Section] = []
    for index, line in enumerate(lines):
        if line.kind == "heading" and _starts_question(lines, index, sections[-1] if sections else None):
            sections.append(Section(line, heading_level(line)))
        elif sections:
            sections[-1].lines.append(line)
        else:
            intro.append(line)
    return intro, sections


def _starts_question(lines: list[Line], index: int, current: Section | None) -> bool:
    heading = lines[index]
    if heading_level(heading) == 2:
        return True
    attrs = ATTR_BLOCK.search(heading_text(heading))
    if attrs and "#" in attrs["body"]:
        return True  # an `{#id}` says "this is a question", whatever its level
    # A `###` inside a question's text is a sub-heading; after its answers, or before any
    # question, a heading followed by answers is a question at the wrong level.
    settled = current is None or any(line.kind in ANSWER_KINDS for line in current.lines)
    return settled and _answers_follow(lines, index + 1)


def _answers_follow(lines: list[Line], start: int) -> bool:
    for line in lines[start:]:
        if line.kind == "heading":
            return False
        if line.kind in ANSWER_KINDS:
            return True
    return False


def split_attrs(text: str) -> tuple[str, list[str] | None]:
    """`text {#id .c k=v}` → ("text", ["#id", ".c", "k=v"]); without a block, (text, None)."""
    match = ATTR_BLOCK.search(text)
    if not match:
        return text.strip(), None
    return text[:match.start()].strip(), match["body"].split()


def letters(index: int) -> str:
    """0 → a, 25 → z, 26 → aa: provisional option IDs."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("a") + rest) + name
    return name


def option_ids() -> Iterator[str]:
    return (letters(index) for index in count())


def numbered(prefix: str, start: int = 1) -> Iterator[str]:
    return (f"{prefix}{index}" for index in count(start))


def next_free(candidates: Iterable[str], used: set[str]) -> str:
    """The first candidate not in `used`, which is then marked used."""
    for candidate in candidates:
        if candidate not in used:
            used.add(candidate)
            return candidate
    raise ValueError("candidates exhausted")  # pragma: no cover - callers pass endless generators


def join_text(texts: list[str]) -> str:
    """Lines as Markdown text, without leading and trailing blank lines."""
    start, end = 0, len(texts)
    while start < end and not texts[start].strip():
        start += 1
    while end > start and not texts[end - 1].strip():
        end -= 1
    return "\n".join(texts[start:end])
