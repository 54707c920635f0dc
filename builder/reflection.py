"""Reflections: split a reflection body into its prompt, guiding questions and model answer.

Syntax (body of a file whose front matter says `type: reflection`):

    What would you change first in your own organisation?      <- the prompt (required)

    ## Questions to guide you {.questions}                      <- optional: one list of 1-6 items
    1. Who decides today?
    2. What would it cost?

    ## One possible answer {.model-answer}                      <- required
    A model answer, shown once the learner has written something.

The headings' text is the author's (a translated course titles them in its own language); the
class says what the section is. Sections are found from markdown-it tokens (a `##` line inside a
code block is not a heading), and every problem is reported at its line, all at once.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field

from markdown_it.token import Token

from coursepack_quiz.diagnostics import Diagnostic
from coursepack_quiz.diagnostics import Sink

from .markdown.extensions import create_parser

QUESTIONS, MODEL_ANSWER = "questions", "model-answer"
SECTIONS = (QUESTIONS, MODEL_ANSWER)
MIN_QUESTIONS, MAX_QUESTIONS = 1, 6
#: A section heading's text (without `## `), e.g. `Questions to guide you {.questions}`; as a whole
#: line with `## ` (translation keeps the class and translates the title): `SECTION_HEADING`.
_SECTION_TITLE = re.compile(r"^(?P<title>.*?)[ \t]*\{[ \t]*\.(?P<cls>[A-Za-z][\w-]*)[ \t]*\}$")
SECTION_HEADING = re.compile(r"^##[ \t]+(?P<title>.*?)[ \t]*\{[ \t]*\.(?P<cls>[A-Za-z][\w-]*)[ \t]*\}[ \t]*$")
_ITEM_MARKER = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
HINT_HEADINGS = "write `## Questions to guide you {.questions}` or `## One possible answer {.model-answer}`"


@dataclass
class Section:
    kind: str
    heading: str
    line: int  # the heading's file line
    body: str = ""  # Markdown between this heading and the next, without the blank lines around it
    body_line: int = 0  # the file line of the body's first line


@dataclass
class Reflection:
    prompt: str = ""
    prompt_line: int = 1
    questions_heading: str = ""
    questions: list[str] = field(default_factory=list)  # each guiding question as Markdown
    model_heading: str = ""
    model_answer: str = ""
    model_line: int = 0


def parse_reflection(body: str, path: str, first_line: int = 1) -> tuple[Reflection, list[Diagnostic]]:
    """Parse and check one reflection; never raises. `first_line` is the file line of the body's first line."""
    sink = Sink(path)
    lines = body.split("\n")
    tokens = create_parser().parse(body, {})
    starts = [t.map[0] for t in tokens if t.type == "heading_open" and t.tag == "h2" and t.level == 0 and t.map]
    titles = [tokens[i + 1].content for i, t in enumerate(tokens)
              if t.type == "heading_open" and t.tag == "h2" and t.level == 0 and t.map]
    reflection = Reflection(prompt=_text(lines[: starts[0] if starts else len(lines)]), prompt_line=first_line)
    if not reflection.prompt:
        sink.error(first_line, "reflection has no prompt", "reflection.no-prompt",
                   hint="write the question the learner answers below the front matter, before the first `##`")
    seen: dict[str, Section] = {}
    for number, (start, title) in enumerate(zip(starts, titles)):
        end = starts[number + 1] if number + 1 < len(starts) else len(lines)
        section = _section(title, first_line + start, lines[start + 1:end], first_line + start + 1, sink)
        if section is None:
            continue
        if section.kind in seen:
            sink.error(section.line, f"section .{section.kind} is given twice (first at line "
                       f"{seen[section.kind].line})", "reflection.duplicate-section",
                       hint="merge the two sections into one")
            continue
        seen[section.kind] = section
        _fill(reflection, section, sink)
    if MODEL_ANSWER not in seen:
        sink.error(first_line, "reflection has no model answer", "reflection.no-model-answer",
                   hint="add `## One possible answer {.model-answer}` and the answer below it")
    return reflection, sink.sorted()


def _text(lines: list[str]) -> str:
    return _trim(lines)[0]


def _trim(lines: list[str]) -> tuple[str, int]:
    """The lines without the blank ones around them, as text, and how many blank lines led."""
    lead = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    kept = lines[lead:]
    while kept and not kept[-1].strip():
        kept.pop()
    return "\n".join(kept), lead


def _section(title: str, line: int, lines: list[str], body_line: int, sink: Sink) -> Section | None:
    match = _SECTION_TITLE.match(title.strip())
    if match is None:
        sink.error(line, f"heading '{title.strip()}' starts no known section: its text would belong to none",
                   "reflection.stray-heading", hint=HINT_HEADINGS + " (use ### for a heading inside the prompt)")
        return None
    if match.group("cls") not in SECTIONS:
        sink.error(line, f"unknown section class '.{match.group('cls')}'", "reflection.unknown-class",
                   hint="a section is .questions or .model-answer")
        return None
    if not match.group("title"):
        sink.error(line, "section heading has no text", "reflection.heading-empty",
                   hint="the learner sees the heading: " + HINT_HEADINGS)
    text, lead = _trim(lines)
    return Section(match.group("cls"), match.group("title"), line, text, body_line + lead)


def _fill(reflection: Reflection, section: Section, sink: Sink) -> None:
    if section.kind == MODEL_ANSWER:
        reflection.model_heading, reflection.model_answer, reflection.model_line = (
            section.heading, section.body, section.line)
        if not section.body:
            sink.error(section.line, "the model answer is empty", "reflection.empty-model-answer",
                       hint="write one possible answer below the heading")
        return
    reflection.questions_heading = section.heading
    reflection.questions = _questions(section, sink)


def _questions(section: Section, sink: Sink) -> list[str]:
    """The items of the section's one list; anything else in the section is reported."""
    lines = section.body.split("\n")
    tokens = create_parser().parse(section.body, {}) if section.body else []
    blocks = [t for t in tokens if t.level == 0 and t.nesting >= 0 and t.map]
    lists = [t for t in blocks if t.type in ("bullet_list_open", "ordered_list_open")]
    for block in blocks:
        if block is not (lists[0] if lists else None):
            sink.error(section.body_line + block.map[0],
                       "text in the questions section that is not part of its list belongs to no question",
                       "reflection.stray-text", hint="write the guiding questions as one numbered or bulleted list")
    if not lists:
        sink.error(section.line, "the questions section has no list", "reflection.empty-questions",
                   hint="list 1-6 guiding questions (`1. …`), or remove the section")
        return []
    items = [_item(lines, t) for t in _items(tokens, lists[0])]
    if not MIN_QUESTIONS <= len(items) <= MAX_QUESTIONS:
        sink.error(section.line, f"{len(items)} guiding questions; a reflection has {MIN_QUESTIONS} to "
                   f"{MAX_QUESTIONS}", "reflection.question-count", hint="keep the questions that help most")
    for token, item in zip(_items(tokens, lists[0]), items):
        if not item:
            sink.error(section.body_line + token.map[0], "guiding question is empty",
                       "reflection.empty-question")
    return items


def _items(tokens: list[Token], opened: Token) -> list[Token]:
    start = tokens.index(opened)
    items = []
    for token in tokens[start + 1:]:
        if token.level == 0:
            break  # the list's closing token
        if token.type == "list_item_open" and token.level == 1:
            items.append(token)
    return items


def _item(lines: list[str], token: Token) -> str:
    first, end = token.map
    text = [_ITEM_MARKER.sub("", lines[first], count=1)] + [textwrap.dedent("\n".join(lines[first + 1:end]))]
    return "\n".join(part for part in text if part).strip()
