"""The Markdown quiz syntax (docs/authoring.md, "Quizzes") read into a `Quiz`, with located diagnostics.

Lines are classified by the one pattern table in scanner.py. Here, each question section is read
in two small passes: its heading (prompt, `{#id .class key=value}`), then its lines through a
handler per line kind (`QuestionReader`), giving a draft; syntax_answers.py reads each answer line
and builds the draft's answers into `Question` fields, with one builder per answer shape.

Contract: nothing here raises. Whatever the text, the result is diagnostics, plus a `Quiz` when
none of them is an error.
"""

from __future__ import annotations

import hashlib

import math

from pydantic import ValidationError

from .bounds import check_characters, check_markdown, check_size
from .diagnostics import Diagnostic, Sink, error
from .draft import Answer, Draft
from .frontmatter import SplitDocument, split_front_matter
from .model import Question, Quiz, QuizFrontMatter, QuizSettings
from .reveals import revealing_feedback, revealing_id
from .scanner import (ANSWER_KINDS, ID_HINT, LINE_PATTERNS, Line, Section, heading_text,
                      join_text, scan, split_attrs, split_sections)
from .syntax_answers import ANSWER_READERS, build_fields, valid_id

__all__ = ["parse_quiz", "parse_quiz_document", "LINE_PATTERNS", "answers_start"]

CALLOUTS = ("hint", "correct", "incorrect")
HEADING_CLASSES = frozenset({"true-false", "case-sensitive", "applied"})


def parse_quiz(body: str, *, path: str, quiz_id: str, title: str, settings: QuizSettings,
               body_line: int = 1) -> tuple[Quiz | None, list[Diagnostic]]:
    """Parse a quiz file's body (after its front matter); `body_line` is its first line in the file.

    Returns the quiz (None when any diagnostic is an error) and every diagnostic, sorted by line.
    """
    sink = Sink(path)
    try:
        quiz = _parse(body, quiz_id, title, settings, body_line, sink)
    except Exception as exc:  # noqa: BLE001 - "never raise" is the contract; the fuzz tests assert this never fires
        sink.error(body_line, f"internal error while reading the quiz: {exc!r}", "quiz.internal",
                   hint="please report this, with the quiz file")
        quiz = None
    return (None if sink.has_errors else quiz), sink.sorted()


def parse_quiz_document(text: str, *, path: str, default_id: str) -> tuple[Quiz | None, list[Diagnostic]]:
    """Parse a whole quiz file: `---` front matter (`type: quiz`, title, settings), then the body.

    The quiz ID is the front matter's `id`, else `default_id`. Never raises.
    """
    try:
        too_large = check_size(text, path)
        if too_large:
            return None, too_large
        split, diagnostics = split_front_matter(text, path)
        refused = check_characters(split.body, path, first_line=split.body_line)
        refused += check_markdown(split.body, path, split.body_line)
        if refused:  # the body would not survive the renderers and XML writers (see bounds.py)
            return None, diagnostics + refused
        front, more = _validate_front(split, path)
        quiz, body_diagnostics = parse_quiz(
            split.body, path=path, quiz_id=front.id or default_id if front else default_id,
            title=front.title if front else "", settings=front.settings() if front else QuizSettings(),
            body_line=split.body_line)
    except Exception as exc:  # noqa: BLE001 - see parse_quiz
        return None, [error(path, 1, f"internal error while reading the quiz: {exc!r}", "quiz.internal")]
    diagnostics = diagnostics + more + body_diagnostics
    return (None if front is None or any(d.is_error for d in diagnostics) else quiz), diagnostics


def _validate_front(split: SplitDocument, path: str) -> tuple[QuizFrontMatter | None, list[Diagnostic]]:
    from .validation import validate_model  # imported here: validation is only needed for whole files

    return validate_model(QuizFrontMatter, split.front, path, context="front matter")


def _parse(body: str, quiz_id: str, title: str, settings: QuizSettings, body_line: int, sink: Sink) -> Quiz | None:
    intro, sections = split_sections(scan(body, body_line))
    if not sections:
        sink.error(body_line, "the quiz has no questions", "quiz.no-questions",
                   hint="start each question with a `## Question text {#id}` heading")
        return None
    drafts = [read_heading(section, sink) for section in sections]
    _name_questions(drafts, sink)
    for draft, section in zip(drafts, sections):
        QuestionReader(draft, sink).read(section.lines)
    built = [(draft, _build_question(draft, sink)) for draft in drafts]
    questions = [q for _, q in built if q is not None]
    for draft, question in built:
        if question is not None:
            _warn_reveals(draft, question, settings, sink)
    try:
        return Quiz(id=quiz_id, title=title, intro=join_text([line.text for line in intro]),
                    settings=settings, questions=tuple(questions))
    except ValidationError as exc:
        sink.error(body_line, f"the quiz could not be built: {_first_error(exc)}", "quiz.invalid")
        return None


def _first_error(exc: ValidationError) -> str:
    first = exc.errors()[0]
    return ".".join(str(part) for part in first["loc"]) + f": {first['msg']}"


# --- the heading -------------------------------------------------------------------------------

def read_heading(section: Section, sink: Sink) -> Draft:
    line = section.heading
    prompt, tokens = split_attrs(heading_text(line))
    draft = Draft(line, prompt)
    if section.level != 2:
        sink.warning(line.no, f"question heading uses level {section.level} ('{'#' * section.level}'); "
                     "questions are '##' headings", "quiz.heading-level", hint="write `## Question text {#id}`")
    for token in tokens or ():
        _heading_token(token, draft, sink)
    if not prompt:
        sink.error(line.no, f'question "{draft.id}" has no text' if draft.id else "question heading has no text",
                   "quiz.empty-prompt")
    return draft


def _heading_token(token: str, draft: Draft, sink: Sink) -> None:
    no, label = draft.line, f'question "{draft.id}"' if draft.id else "question heading"
    if token.startswith("#"):
        if draft.id is not None:
            sink.error(no, f"{label} has a second ID '{token[1:]}'", "quiz.bad-attribute")
        elif valid_id(token[1:], no, sink, label):
            draft.id = token[1:]
    elif token[1:] in HEADING_CLASSES and token.startswith("."):
        draft.classes.add(token[1:])
    elif token.startswith("points="):
        draft.points = _points(token.removeprefix("points="), no, sink, label)
    elif token.startswith("facts="):
        # Source fact IDs, for reviewers and accuracy checks; never shown to learners.
        draft.facts = tuple(fact for fact in token.removeprefix("facts=").split(",") if fact)
    else:
        sink.error(no, f"{label}: attribute '{token}' is not understood", "quiz.bad-attribute",
                   hint="a heading takes {#id}, .true-false, .case-sensitive, .applied, points=N and facts=A-01,B-02")


def _points(value: str, line: int, sink: Sink, label: str) -> float:
    try:
        points = float(value)
    except ValueError:
        points = math.nan
    if not (math.isfinite(points) and 0 < points <= 1000):
        sink.error(line, f"{label}: points={value} is not a number above 0 and at most 1000", "quiz.points")
        return 1.0
    return points


def _name_questions(drafts: list[Draft], sink: Sink) -> None:
    """Explicit IDs must be unique, even ignoring case (they name files in packages, and a package
    unpacked on macOS or Windows would lose one of two names differing only in case); the others
    get a generated ID, never one an author wrote."""
    used: set[str] = set()  # case-folded
    first: dict[str, Draft] = {}
    for draft in drafts:
        if draft.id and draft.id.casefold() in used:
            _duplicate_question(draft, first[draft.id.casefold()], sink)
        if draft.id:
            used.add(draft.id.casefold())
            first.setdefault(draft.id.casefold(), draft)
            draft.name = draft.id
    for position, draft in enumerate(drafts, 1):
        if not draft.id:
            draft.name = generated_question_id(draft.prompt, position, used)
            sink.warning(draft.line, f'question {position} ("{_short(draft.prompt)}") has no ID; '
                         f'using provisional ID "{draft.name}"', "id.missing", hint=ID_HINT)


def _duplicate_question(draft: Draft, earlier: Draft, sink: Sink) -> None:
    if earlier.id == draft.id:
        sink.error(draft.line, f'question ID "{draft.id}" is used twice in this quiz (first at line {earlier.line})',
                   "quiz.duplicate-id", hint="question IDs must be unique within a quiz")
    else:
        sink.error(draft.line, f'question ID "{draft.id}" differs only in case from "{earlier.id}" at line '
                   f'{earlier.line}', "quiz.duplicate-id",
                   hint="file names collide on macOS and Windows: question IDs must differ in more than case")


def generated_question_id(prompt: str, position: int, used: set[str]) -> str:
    """The ID a question without one gets: the same in the build (provisional) and in
    `coursepack ids --write`, so learner progress survives writing the IDs in."""
    for attempt in range(10_000):
        salt = f"\n{attempt}" if attempt else ""
        ident = "q-" + hashlib.sha1(f"{prompt}\n{position}{salt}".encode("utf-8")).hexdigest()[:6]
        if ident not in used:
            used.add(ident)
            return ident
    raise RuntimeError("no free question ID")  # pragma: no cover - 16M candidates, a file has few


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


# --- the lines under the heading ---------------------------------------------------------------

def answers_start(lines: list[Line]) -> int:
    """Index of the first answer line. A numbered list before other answers is question text; for
    ordering questions only the last run of numbered items is the answer."""
    found = [i for i, line in enumerate(lines) if line.kind in ANSWER_KINDS]
    if not found:
        return len(lines)
    if lines[found[-1]].kind != "item":
        return next(i for i in found if lines[i].kind != "item")
    start = found[-1]
    for i in range(found[-1] - 1, -1, -1):
        if lines[i].kind not in ("item", "blank", "indented", "feedback"):
            break
        if lines[i].kind == "item":
            start = i
    return start


class QuestionReader:
    """Reads one question's lines into its draft: one handler per line kind."""

    def __init__(self, draft: Draft, sink: Sink) -> None:
        self.draft, self.sink = draft, sink
        self.answer: Answer | None = None  # what indented feedback and continuations attach to
        self.callout: list[str] | None = None  # the callout that `>` lines continue
        self.reported: set[str] = set()

    def read(self, lines: list[Line]) -> None:
        start = answers_start(lines)
        for index, line in enumerate(lines):
            handler = getattr(self, "on_" + _HANDLERS.get(line.kind, "other"))
            handler(line, index >= start)

    def once(self, code: str, line: Line, message: str, hint: str = "", *, warn: bool = False) -> None:
        if code not in self.reported:
            self.reported.add(code)
            (self.sink.warning if warn else self.sink.error)(line.no, message, code, hint=hint)

    def on_answer(self, line: Line, in_answers: bool) -> None:
        if not in_answers:
            return self.on_other(line, False)
        self.callout = None
        answers = self.draft.answers
        if answers and answers[0].kind != line.kind:
            self.answer = None
            return self.once("quiz.mixed-answers", line, f'question "{self.draft.name}" mixes answer shapes '
                             f"({_SHAPES[answers[0].kind]} and {_SHAPES[line.kind]})",
                             "a question has one kind of answers; see `coursepack help quizzes`")
        self.answer = ANSWER_READERS[line.kind](line, self.draft, self.sink)
        answers.append(self.answer)

    def on_feedback(self, line: Line, in_answers: bool) -> None:
        if self.answer is not None and self.answer.kind == "choice" and self.callout is None:
            self.answer.feedback_line = self.answer.feedback_line or line.no
            self.answer.feedback.append(line.match["text"])
        elif self.answer is not None and self.callout is None:
            self.sink.error(line.no, f'question "{self.draft.name}": only choice options take feedback',
                            "quiz.orphan-feedback", hint="use `> [!correct]` / `> [!incorrect]` for the question")
        else:
            self.sink.error(line.no, f'question "{self.draft.name}": feedback with no option above it',
                            "quiz.orphan-feedback", hint="indent feedback right under the option it is about")

    def on_callout(self, line: Line, in_answers: bool) -> None:
        name = line.match["name"].casefold()
        self.answer, self.callout = None, [line.match["text"]]
        if name == "hint":
            self.draft.hints.append(self.callout)
        elif name in CALLOUTS:
            self.draft.overall[name].append(self.callout)
            self.draft.overall_lines[name].append(line.no)
        else:
            self.sink.error(line.no, f'question "{self.draft.name}": unknown callout [!{line.match["name"]}]',
                            "quiz.unknown-callout", hint="questions take [!hint], [!correct] and [!incorrect]")

    def on_quote(self, line: Line, in_answers: bool) -> None:
        if self.callout is not None:
            self.callout.append(line.match["text"])
        elif in_answers:
            self.sink.error(line.no, f'question "{self.draft.name}": blockquote with nothing to attach to',
                            "quiz.orphan-feedback",
                            hint="indent it under an option, or start it with [!correct], [!incorrect] or [!hint]")
        else:
            self.draft.body.append(line.text)

    def on_indented(self, line: Line, in_answers: bool) -> None:
        if self.callout is not None:
            self.callout.append(line.text.strip())
        elif in_answers and self.answer is not None:
            target = self.answer.feedback or None
            if target is not None:
                target.append(line.text.strip())
            else:
                self.answer.text = f"{self.answer.text} {line.text.strip()}".strip()
        else:
            self.on_other(line, in_answers)

    def on_blank(self, line: Line, in_answers: bool) -> None:
        self.callout = None
        if not in_answers:
            self.draft.body.append("")

    def on_other(self, line: Line, in_answers: bool) -> None:
        if not in_answers:
            self.draft.body.append(line.text)
            return
        self.answer = self.callout = None
        self.once("quiz.stray-text", line, f'question "{self.draft.name}": text after the answers is ignored',
                  "question text goes between the heading and the answers", warn=True)


_HANDLERS = {**{kind: "answer" for kind in ANSWER_KINDS}, "feedback": "feedback", "callout": "callout",
             "quote": "quote", "indented": "indented", "blank": "blank"}
_SHAPES = {"choice": "options", "fill": "'=' answers", "pair": "matching pairs", "item": "ordering items"}


# --- the question ------------------------------------------------------------------------------

def _build_question(draft: Draft, sink: Sink) -> Question | None:
    if not draft.answers:
        sink.error(draft.line, f'question "{draft.name}" has no answers', "quiz.no-answers",
                   hint="add options (`- (x) right`, `- ( ) wrong`), `= answer` lines, pairs or a numbered list")
        return None
    fields = build_fields(draft, sink)
    if fields is None:
        return None
    fields.update(id=draft.name, prompt=draft.prompt, body=join_text(draft.body), points=draft.points,
                  facts=draft.facts, applied="applied" in draft.classes,
                  hints=tuple(t for t in (_callout_text(h) for h in draft.hints) if t),
                  feedback_correct=_overall(draft, "correct"), feedback_incorrect=_overall(draft, "incorrect"),
                  line=draft.line)
    try:
        return Question.model_validate(fields)
    except ValidationError as exc:
        sink.error(draft.line, f'question "{draft.name}" could not be built: {_first_error(exc)}', "quiz.invalid")
        return None


def _callout_text(lines: list[str]) -> str:
    return join_text([text.strip() for text in lines])


def _overall(draft: Draft, name: str) -> str:
    return "\n\n".join(t for t in (_callout_text(c) for c in draft.overall[name]) if t)



# --- answers given away too early (reveals.py) ---------------------------------------------------

def _warn_reveals(draft: Draft, question: Question, settings: QuizSettings, sink: Sink) -> None:
    policy = f"show_answers: {settings.show_answers.value}"
    spelled = revealing_id(question, settings)
    if spelled is not None:
        sink.warning(draft.line, f'question ID "{question.id}" spells its answer ("{_short(spelled)}"), which '
                     f"learners can read in the page and in LMS records before {policy} shows answers",
                     "quiz.id-reveals", hint="rename it to a neutral ID naming the topic (renaming a question "
                     "resets learner progress on it)")
    lines = {f"choice:{c.id}": a.feedback_line for c, a in zip(question.choices, draft.answers)}
    lines["incorrect"] = draft.overall_lines["incorrect"][0] if draft.overall_lines["incorrect"] else draft.line
    for reveal in revealing_feedback(question, settings):
        what = "[!incorrect] feedback" if reveal.where == "incorrect" else \
            f"feedback of option \"{reveal.where.removeprefix('choice:')}\""
        sink.warning(lines.get(reveal.where) or draft.line, f'question "{question.id}": {what} states the answer '
                     f'("{_short(reveal.answer)}"), but {policy} withholds answers after a wrong attempt',
                     "quiz.feedback-reveals", hint="point to the rule or the lesson without stating the answer; "
                     "or let the policy show answers (e.g. show_answers: after-submit)")
