"""`coursepack ids --write`: add the missing `{#id}`s to a quiz file, touching nothing else.

It reads the file with the parser's own line table and question reader, so it agrees with
`parse_quiz` about what is a question, an option, a pair or an item; option, pair and item IDs
are exactly the provisional IDs the parser would have used, so writing them changes nothing for
learners. Question IDs are `q-` + 6 hex digits of SHA-1 over the prompt and position: stable
once written, and unlike `q1`, `q2` they do not suggest an order that later edits would break.
"""

from __future__ import annotations

from typing import Any

from .frontmatter import split_front_matter
from .diagnostics import Sink
from .scanner import ATTR_BLOCK, Line, heading_span, heading_text, numbered, option_ids, scan, split_attrs, split_sections
from .draft import Draft
from .syntax import QuestionReader, generated_question_id, read_heading
from .syntax_answers import assign_ids, is_true_false

# The group of each answer line kind that carries an ID: (match group holding the text, IDs).
_ANSWER_TEXT = {"choice": "text", "pair": "right", "item": "text"}


def add_missing_ids(text: str) -> tuple[str, list[str]]:
    """The quiz file with `{#…}` added where a question heading or an option/pair/item line lacks
    one (every other byte, line endings included, unchanged), and a list of the changes.
    Idempotent: a file with every ID present comes back unchanged, with no changes listed."""
    split, _ = split_front_matter(text, "")
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    raw = text[len(bom):].split("\n")
    body_line = split.body_line if split.has_front_matter else 1
    sink = Sink("")  # the parser's diagnostics are not this command's business
    _, sections = split_sections(scan("\n".join(raw[body_line - 1:]), body_line))
    drafts = [read_heading(section, sink) for section in sections]
    for draft, section in zip(drafts, sections):
        QuestionReader(draft, sink).read(section.lines)
    edits: dict[int, str] = {}
    changes: list[tuple[int, str]] = []
    _question_ids(drafts, edits, changes)
    for draft in drafts:
        _answer_ids(draft, edits, changes)
    for number, ident in sorted(edits.items()):
        raw[number - 1] = _with_id(raw[number - 1], ident)
    return bom + "\n".join(raw), [f"line {number}: {change}" for number, change in sorted(changes)]


def add_missing_ids_to_bytes(data: bytes) -> tuple[bytes, list[str]]:
    """`add_missing_ids` over a file's bytes, for writing back: UTF-8 with or without a BOM, LF,
    CRLF or old-Mac CR line endings, each kept as found. Raises UnicodeDecodeError for other
    encodings and ValueError for a file that mixes lone CRs with LFs (no way to keep both)."""
    text = data.decode("utf-8")  # "utf-8", not "utf-8-sig": a BOM stays as U+FEFF, which add_missing_ids keeps
    # The parser splits lines at "\n" and drops a "\r" before it, so LF and CRLF (even mixed)
    # round-trip unchanged; lone CRs (which the builder reads as line breaks) must become "\n" first.
    lone_cr = "\r" in text.replace("\r\n", "")
    if lone_cr and "\n" in text:
        raise ValueError("the file mixes CR and LF line endings; save it with LF or CRLF endings first")
    new_text, changes = add_missing_ids(text.replace("\r", "\n") if lone_cr else text)
    return (new_text.replace("\n", "\r") if lone_cr else new_text).encode("utf-8"), changes


def _question_ids(drafts: list[Draft], edits: dict[int, str], changes: list[tuple[int, str]]) -> None:
    used = {draft.id.casefold() for draft in drafts if draft.id}  # as the parser: IDs differ in more than case
    for position, draft in enumerate(drafts, 1):
        draft.name = draft.id or ""
        if draft.id or _has_id_token(draft.heading) or not draft.prompt:
            continue  # an invalid {#id} or an empty heading is the author's to fix, not ours
        draft.id = draft.name = generated_question_id(draft.prompt, position, used)
        edits[draft.line] = draft.id
        changes.append((draft.line, f'question "{_short(draft.prompt)}" ← {{#{draft.id}}}'))


def _answer_ids(draft: Draft, edits: dict[int, str], changes: list[tuple[int, str]]) -> None:
    answers = [a for a in draft.answers if a.kind in _ANSWER_TEXT]
    if not answers or (answers[0].kind == "choice" and is_true_false(draft)):
        return  # true/false options are always `true` and `false`; fill-in lines have no IDs
    missing = [a for a in answers if a.id is None and not a.bad_id]
    if answers[0].kind == "pair":
        groups: list[tuple[list[Any], Any]] = [([a for a in answers if a.left], numbered("p")),
                                               ([a for a in answers if not a.left], numbered("d"))]
    else:
        groups = [(answers, option_ids() if answers[0].kind == "choice" else numbered("i"))]
    assign_ids(draft, groups, Sink(""), "")  # the very IDs the parser uses as provisional ones
    for answer in missing:
        edits[answer.line.no] = answer.id
        changes.append((answer.line.no, f'question "{draft.name}": "{_short(answer.text)}" ← {{#{answer.id}}}'))


def _has_id_token(line: Line) -> bool:
    _, tokens = split_attrs(heading_text(line))
    return any(token.startswith("#") for token in tokens or ())


def _with_id(line: str, ident: str) -> str:
    """`line` with `#ident` put in its attribute block, or ` {#ident}` after its text."""
    content, ending = (line[:-1], "\r") if line.endswith("\r") else (line, "")
    start, end = _text_span(content)
    region = content[start:end]
    block = ATTR_BLOCK.search(region)
    if block:
        at = start + block.start() + 1
        return content[:at] + f"#{ident} " + content[at:] + ending
    at = start + len(region.rstrip())
    return content[:at] + f" {{#{ident}}}" + content[at:] + ending


def _text_span(content: str) -> tuple[int, int]:
    # The region that may end with an attribute block: a heading's text before any closing
    # hashes, an answer line's text; re-scanning the single line finds it the parser's way.
    line = scan(content)[0]
    if line.kind == "heading":
        return heading_span(line)
    group = _ANSWER_TEXT.get(line.kind, "text")
    if line.match is None or line.match[group] is None:
        return len(content), len(content)
    return line.match.start(group), line.match.end(group)


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"
