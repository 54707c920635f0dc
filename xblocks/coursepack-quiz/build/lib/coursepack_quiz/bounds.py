"""Bounds on author text: size, characters and nesting that every reader can afford.

Each limit is far above what a course needs and far below what makes a reader slow or crash:
Python-Markdown recurses once per list or quote level (250 levels exhaust the stack), scans
forward from every unclosed `[` or `(` (n of them cost n × paragraph length), and XML writers
refuse control characters. Checking here, once, before anything parses the text, turns each of
these into a located diagnostic. The builder's loader and the XBlock's Studio editor share it.
"""

from __future__ import annotations

import re
import unicodedata

from .diagnostics import Diagnostic, error

#: Characters per source file (Markdown or YAML), and so per quiz saved in Studio. The largest
#: shipped lesson is ~15 KB; the block and bracket limits below, not this one, keep parsing fast.
MAX_FILE_CHARS = 256 * 1024
#: Characters in one Markdown block (lines without a blank line between them). Python-Markdown's
#: inline patterns are quadratic in the length of the text they read (`*a*a*a…` of 200 KB takes
#: a minute), so a block's length is what bounds them.
MAX_BLOCK_CHARS = 32_000
#: Levels of YAML mappings and lists (course.yml needs 3).
MAX_YAML_DEPTH = 16
#: Levels of Markdown lists and blockquotes, counted together.
MAX_MARKDOWN_DEPTH = 16
#: Brackets `[`, `(` or `<tag` open at once in one block (a link needs 1, a nested link 2): each
#: one left open makes the renderer read the rest of the block again.
MAX_OPEN_BRACKETS = 8
#: Problems of one kind reported per file; the rest are counted in one last message.
MAX_REPORTED = 5

#: What XML 1.0 cannot carry (C0 controls but tab, LF and CR; lone surrogates; U+FFFE/U+FFFF),
#: plus DEL and the C1 controls, which XML allows but no editor shows and no author means.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

_C0_NAMES = ("NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN EM "
             "SUB ESC FS GS RS US").split()
CONTROL_HINT = ("delete it, or retype the text around it (it is invisible in most editors; it often comes "
                "from copying out of a PDF or a terminal)")


def char_name(char: str) -> str:
    """`control character U+0000 (NUL)`, `invalid character U+D800 (lone surrogate)`: what an author
    can search for."""
    code = ord(char)
    if code < 0x20:
        name = _C0_NAMES[code]
    elif code == 0x7F:
        name = "DEL"
    elif 0x80 <= code <= 0x9F:
        name = "C1 control"
    elif 0xD800 <= code <= 0xDFFF:
        name = "lone surrogate"
    elif code in (0xFFFE, 0xFFFF):
        name = "noncharacter"
    else:
        name = unicodedata.name(char, "")
    kind = "control " if code < 0x20 or 0x7F <= code <= 0x9F else "invalid " if FORBIDDEN.match(char) else ""
    return f"{kind}character U+{code:04X}" + (f" ({name})" if name else "")


def check_size(text: str, path: str) -> list[Diagnostic]:
    if len(text) <= MAX_FILE_CHARS:
        return []
    return [error(path, 0, f"file is too large ({len(text):,} characters; the limit is {MAX_FILE_CHARS:,})",
                  "file.too-large", hint="split it into several lessons or quizzes")]


def check_characters(text: str, path: str, *, first_line: int = 1) -> list[Diagnostic]:
    """Each forbidden character in `text` (whose first line is `first_line`), at line:col."""
    out: list[Diagnostic] = []
    matches = list(FORBIDDEN.finditer(text)) if FORBIDDEN.search(text) else []
    for match in matches[:MAX_REPORTED]:
        line_start = text.rfind("\n", 0, match.start()) + 1
        line = first_line + text.count("\n", 0, match.start())
        out.append(error(path, line, f"{char_name(match.group())} in the text",
                         "text.control-char", col=match.start() - line_start + 1, hint=CONTROL_HINT))
    if len(matches) > MAX_REPORTED:
        out.append(error(path, out[-1].line, f"{len(matches) - MAX_REPORTED} more such characters in this file",
                         "text.control-char", hint=CONTROL_HINT))
    return out


def value_characters(value: str, path: str, line: int, col: int) -> list[Diagnostic]:
    """A parsed value (a YAML escape such as "\\0" gives characters the file itself does not hold)."""
    match = FORBIDDEN.search(value)
    if match:
        return [error(path, line, f"{char_name(match.group())} in this value",
                      "text.control-char", col=col, hint="remove the escape that writes it (such as \\0, \\x1b or \\u0000)")]
    reference = _forbidden_reference(value) if "&#" in value else None
    if reference:
        return [_reference_error(reference, path, line, col)]
    return []


# `&#12;` is a form feed once HTML is parsed (Python-Markdown passes references through, and the
# sanitiser decodes them), so a reference can smuggle in what the characters check refuses.
_REFERENCE = re.compile(r"&#(?:[xX][0-9a-fA-F]{1,8}|[0-9]{1,10});?")


def _referenced(reference: str) -> str:
    """The character an HTML5 parser makes of a numeric reference (html.unescape drops some instead)."""
    digits = reference.rstrip(";")[2:]
    code = int(digits[1:], 16) if digits[:1] in "xX" else int(digits)
    if code == 0 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        return "\ufffd"
    if 0x80 <= code <= 0x9F:
        try:
            return bytes([code]).decode("cp1252")  # HTML5 reads these as Windows-1252
        except UnicodeDecodeError:
            pass  # 0x81, 0x8D, 0x8F, 0x90, 0x9D stay C1 controls
    return chr(code)


def _forbidden_reference(text: str) -> re.Match[str] | None:
    for match in _REFERENCE.finditer(text):
        if FORBIDDEN.search(_referenced(match.group())):
            return match
    return None


def _reference_error(match: re.Match[str], path: str, line: int, col: int) -> Diagnostic:
    char = _referenced(match.group())
    return error(path, line, f"character reference '{match.group()}' writes the "
                 f"{char_name(char)}", "text.control-char", col=col, hint="delete the reference")


def check_text(text: str, path: str) -> list[Diagnostic]:
    """Size and characters of a whole file: what must hold before any parser reads it."""
    return check_size(text, path) or check_characters(text, path)


# --- Markdown structure ------------------------------------------------------------------------

# A fence as Python-Markdown's fenced_code reads it: at the very start of a line, closed only by
# the same string of backticks or tildes. Fenced code is opaque to the other parsers.
_FENCE = re.compile(r"^(`{3,}|~{3,})")
_CLOSING_FENCE = re.compile(r"^(`{3,}|~{3,}) *$")
# One container marker at the start of what is left of a line: a quote `>` or a list marker.
_CONTAINER = re.compile(r" {0,3}(?:>[ \t]?|(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$))")
_OPENERS = {"[": "]", "(": ")", "<": ">"}
_CLOSERS = {"]": "[", ")": "(", ">": "<"}
# An escaped character, a bracket, or the `<` of a tag (`a < b` opens nothing).
_BRACKET = re.compile(r"\\.|[\[\]()>]|<(?=[A-Za-z/!?])")


def check_markdown(body: str, path: str, first_line: int) -> list[Diagnostic]:
    """Lists and quotes nested too deep, blocks too long, brackets and fences left open, and
    character references to forbidden characters, in a Markdown body."""
    walk = _MarkdownWalk(path, first_line)
    lines = body.split("\n")
    code = _fenced_lines(lines, walk)
    for offset, line in enumerate(lines):
        walk.visit(offset, line, offset in code)
    return walk.out


def _fenced_lines(lines: list[str], walk: "_MarkdownWalk") -> set[int]:
    """Indexes of lines inside closed fences (fence lines included). An opening fence that is
    never closed is text; each one makes Python-Markdown search the rest of the file again."""
    closers_after: list[frozenset[str]] = [frozenset()] * (len(lines) + 1)
    for index in range(len(lines) - 1, -1, -1):  # which closing fences appear below each line
        match = _CLOSING_FENCE.match(lines[index])
        closers_after[index] = closers_after[index + 1] | {match.group(1)} if match else closers_after[index + 1]
    code: set[int] = set()
    index = 0
    while index < len(lines):
        match = _FENCE.match(lines[index])
        if match and match.group(1) in closers_after[index + 1]:
            end = next(j for j in range(index + 1, len(lines)) if lines[j].rstrip(" ") == match.group(1))
            code.update(range(index, end + 1))
            index = end
        elif match:
            walk.unclosed_fence(index)
        index += 1
    return code


class _MarkdownWalk:
    """The line-by-line state of `check_markdown`; each problem is reported once per file."""

    def __init__(self, path: str, first_line: int) -> None:
        self.path, self.first_line = path, first_line
        self.out: list[Diagnostic] = []
        self.open = dict.fromkeys(_OPENERS, 0)
        self.block_chars, self.block_start, self.unclosed_fences = 0, 0, 0

    def visit(self, offset: int, line: str, in_code: bool) -> None:
        if not line.strip():
            # A blank line ends a block and any link in it; an HTML tag reads on to its `>`.
            self.open["["] = self.open["("] = 0
            self.block_chars, self.block_start = 0, offset + 1
            return
        self.block_chars += len(line) + 1
        if self.block_chars > MAX_BLOCK_CHARS:
            self._once(self.block_start, 0, f"block of more than {MAX_BLOCK_CHARS:,} characters without a blank "
                       "line", "markdown.block-too-long", "put blank lines between paragraphs, or split the table, "
                       "list or code")
        if in_code:
            return
        depth = _container_depth(line)
        if depth > MAX_MARKDOWN_DEPTH:
            self._once(offset, 0, f"lists and quotes nested {depth} levels deep (the limit is "
                       f"{MAX_MARKDOWN_DEPTH})", "markdown.too-deep",
                       "flatten the structure: split the list, or use headings for the outer levels")
        reference = _forbidden_reference(line) if "&#" in line else None
        if reference:
            self.out.append(_reference_error(reference, self.path, self.first_line + offset, reference.start() + 1))
        bracket, col = _track_brackets(line, self.open)
        if bracket:
            self._once(offset, col, f"more than {MAX_OPEN_BRACKETS} '{bracket}' open at once",
                       "markdown.open-brackets", f"close each '{bracket}' with '{_OPENERS[bracket]}', or write "
                       f"it as '\\{bracket}' when it is meant as plain text")

    def unclosed_fence(self, offset: int) -> None:
        self.unclosed_fences += 1
        if self.unclosed_fences > MAX_OPEN_BRACKETS:
            self._once(offset, 1, f"more than {MAX_OPEN_BRACKETS} code fences are never closed",
                       "markdown.unclosed-fence", "close each ``` or ~~~ fence with the same string on a line of "
                       "its own")

    def _once(self, offset: int, col: int, message: str, code: str, hint: str) -> None:
        if not any(d.code == code for d in self.out):
            self.out.append(error(self.path, self.first_line + offset, message, code, col=col, hint=hint))


def _container_depth(line: str) -> int:
    """Quote and list markers at the start of `line`, plus one level per 4 columns of indentation."""
    expanded = line.expandtabs(4)
    indent = len(expanded) - len(expanded.lstrip(" "))
    rest, depth = expanded[indent - indent % 4:], indent // 4
    while True:
        match = _CONTAINER.match(rest)
        if not match or not match.group():
            return depth
        depth += 1
        rest = rest[match.end():]


def _track_brackets(line: str, counts: dict[str, int]) -> tuple[str, int]:
    """Update the open-bracket counts with `line`; the bracket and column that passed the limit."""
    for match in _BRACKET.finditer(line):
        char = match.group()
        if char in _OPENERS:
            counts[char] += 1
            if counts[char] > MAX_OPEN_BRACKETS:
                return char, match.start() + 1
        elif char in _CLOSERS and counts[_CLOSERS[char]]:
            counts[_CLOSERS[char]] -= 1
    return "", 0
