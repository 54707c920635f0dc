"""YAML with line marks, and front matter split from Markdown bodies.

Loading never judges content: it returns plain Python data plus, for every key and list
item, the 1-based line and column where the author wrote it, so validation errors can
point into the author's file. Broken YAML becomes a diagnostic, never an exception.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from .bounds import MAX_YAML_DEPTH, check_characters, check_size, value_characters
from .diagnostics import Diagnostic, error

try:  # libyaml is several times faster; fall back to pure Python where it is missing.
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

Location = tuple[int, int]
Path = tuple[Any, ...]


@dataclass
class YamlDoc:
    """Parsed YAML: the data, and where each key path was written (1-based line, column)."""

    data: Any = None
    marks: dict[Path, Location] = field(default_factory=dict)
    line_offset: int = 0
    broken: bool = False  # the text was not valid YAML (already reported); don't judge its content

    def where(self, path: Path) -> Location:
        """The closest known location of `path` (falls back to its parents, then line 1)."""
        path = tuple(path)
        while path:
            if path in self.marks:
                return self.marks[path]
            path = path[:-1]
        return self.marks.get((), (self.line_offset + 1, 1))


@dataclass
class SplitDocument:
    """A Markdown file split into front matter and body; `body_line` is the body's first line."""

    front: YamlDoc
    body: str
    body_line: int
    has_front_matter: bool


_SCALAR_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def _forget_constructed() -> None:
    """PyYAML's constructor remembers every node it made (for aliases, which course files refuse)
    until a whole document is constructed, which this one never does: without this it would keep
    every scalar of every file read, with its node and marks, as long as the process lives."""
    _SCALAR_CONSTRUCTOR.constructed_objects.clear()
    _SCALAR_CONSTRUCTOR.recursive_objects.clear()


def load_yaml(text: str, path: str, *, line_offset: int = 0) -> tuple[YamlDoc, list[Diagnostic]]:
    """Parse YAML text; `line_offset` is added to every line (for front matter inside a file).

    Text past the bounds (size, control characters, anchors and aliases, nesting) is reported
    and not composed: the result is then an empty, `broken` document.
    """
    doc = YamlDoc(line_offset=line_offset)
    refused = check_size(text, path) or check_characters(text, path, first_line=line_offset + 1)
    try:
        refused = refused or _refused_structure(text, path, line_offset)
        if refused:
            doc.broken = True
            return doc, refused
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + line_offset) if mark else line_offset + 1
        col = (mark.column + 1) if mark else 0
        problem = exc.problem or exc.context or "invalid YAML"
        doc.broken = True
        return doc, [error(path, line, f"YAML syntax error: {problem}", "yaml.syntax", col=col,
                           hint="check indentation, colons after keys, and quotes around text containing ': ' or '#'")]
    except yaml.YAMLError as exc:  # e.g. reader errors on control characters
        doc.broken = True
        return doc, [error(path, line_offset + 1, f"YAML could not be read: {exc}", "yaml.syntax")]
    diagnostics: list[Diagnostic] = []
    if node is not None:
        doc.data = _construct(node, (), doc, path, line_offset, diagnostics)
    return doc, diagnostics


_ANCHOR_HINT = ("write the value out again where it is needed: course files refuse anchors (&name) and "
                "aliases (*name), which can expand a few lines into gigabytes")


def _refused_structure(text: str, path: str, offset: int) -> list[Diagnostic]:
    """Anchors, aliases and nesting past MAX_YAML_DEPTH, found in the event stream before composing.

    Composing follows aliases, so a 400-byte "billion laughs" or a self-referencing `&a [*a]`
    must be stopped here, while the text is still a flat list of events.
    """
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        where = (event.start_mark.line + 1 + offset, event.start_mark.column + 1)
        if isinstance(event, yaml.AliasEvent):
            return [error(path, where[0], f"YAML alias '*{event.anchor}' is not allowed", "yaml.alias",
                          col=where[1], hint=_ANCHOR_HINT)]
        if getattr(event, "anchor", None) is not None:
            return [error(path, where[0], f"YAML anchor '&{event.anchor}' is not allowed", "yaml.alias",
                          col=where[1], hint=_ANCHOR_HINT)]
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                return [error(path, where[0], f"YAML nested more than {MAX_YAML_DEPTH} levels deep",
                              "yaml.too-deep", col=where[1], hint="course files need at most 3 or 4 levels")]
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return []


def _mark(node: yaml.Node, line_offset: int) -> Location:
    return node.start_mark.line + 1 + line_offset, node.start_mark.column + 1


def _construct(node: yaml.Node, at: Path, doc: YamlDoc, path: str, offset: int, out: list[Diagnostic]) -> Any:
    doc.marks.setdefault(at, _mark(node, offset))
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _construct_scalar(key_node, path, offset, out) if isinstance(key_node, yaml.ScalarNode) else None
            if key is None or isinstance(key, (list, dict)):
                out.append(error(path, *_mark(key_node, offset)[:1], "a key must be plain text", "yaml.key"))
                continue
            key = str(key)
            if key in result:
                line, col = _mark(key_node, offset)
                out.append(error(path, line, f"key '{key}' is given twice", "yaml.duplicate-key", col=col,
                                 hint="keep one of the two; YAML would silently use the last"))
            doc.marks[at + (key,)] = _mark(key_node, offset)
            result[key] = _construct(value_node, at + (key,), doc, path, offset, out)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, at + (i,), doc, path, offset, out) for i, item in enumerate(node.value)]
    return _construct_scalar(node, path, offset, out)


def _construct_scalar(node: yaml.Node, path: str, offset: int, out: list[Diagnostic]) -> Any:
    try:
        value = _SCALAR_CONSTRUCTOR.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
        line, col = _mark(node, offset)
        out.append(error(path, line, f"value could not be read: {exc}", "yaml.value", col=col))
        return None
    finally:
        _forget_constructed()
    if isinstance(value, str):  # reported, and kept: the error already stops the build, and a
        out.extend(value_characters(value, path, *_mark(node, offset)))  # None would add noise
    return value


_FENCE = "---"
#: A Markdown file is a quiz when its front matter says `type: quiz`; otherwise it is a lesson.
QUIZ_TYPE = "quiz"


def is_quiz(front: YamlDoc) -> bool:
    """Whether a file's front matter makes it a quiz (the one test for the builder and `ids`)."""
    return isinstance(front.data, dict) and front.data.get("type") == QUIZ_TYPE


def split_front_matter(text: str, path: str) -> tuple[SplitDocument, list[Diagnostic]]:
    """Split `---`-delimited YAML front matter from a Markdown body, keeping line numbers."""
    text = text.lstrip("\ufeff")  # editors on Windows add a byte-order mark
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != _FENCE:
        return SplitDocument(YamlDoc(data={}), text, 1, False), []
    for end in range(1, len(lines)):
        if lines[end].rstrip() in (_FENCE, "..."):
            break
    else:
        return SplitDocument(YamlDoc(data={}, broken=True), text, 1, True), [
            error(path, 1, "front matter starts with '---' but never ends", "frontmatter.unclosed",
                  hint="add a line with '---' after the last front-matter key")
        ]
    front, diagnostics = load_yaml("\n".join(lines[1:end]), path, line_offset=1)
    if front.data is None:
        front.data = {}
    if not isinstance(front.data, dict):
        diagnostics.append(error(path, 2, "front matter must be a set of 'key: value' lines", "frontmatter.not-mapping"))
        front.data = {}
    body = "\n".join(lines[end + 1:])
    return SplitDocument(front, body, end + 2, True), diagnostics
