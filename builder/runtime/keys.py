"""Short state keys derived from stable IDs, and the worst-case size of the state they make.

The runtime stores progress (builder/runtime/state.js) under these keys, not under
positions or titles, so republishing a corrected course keeps what did not change. A key is the
ID's CRC-32 in base 36, cut to a fixed width (3 for pages, 2 for questions and options inside
their quiz or question). When two IDs in one namespace share a short key, both get the long
form "~" + the full CRC-32 (7 characters), so no key is ever ambiguous.

**The key ledger** (`keys.lock` in the course folder, written by `coursepack build`, committed like
a lock file) records every key ever assigned, including those of pages and questions since removed.
With a ledger, a recorded ID keeps its key whatever is added, removed or reordered; a new ID takes
its short key only if no recorded ID holds (or held) it, else its long key. So a new page whose
short key collides never moves an existing page, and a retired key is never reused (a learner's
old progress on a removed page cannot be credited to a new one). Without a ledger (a course built
before it existed) keys are assigned as they always were, so published packages keep their keys.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from coursepack_quiz.model import Question, QuestionType

from ..jsontext import json_file
from ..model import Course, Module, QuizPage, ReflectionPage, ScenarioPage

PAGE_WIDTH = 3  # 46,656 keys: 215 pages share one with ~40 % odds; those two then take long keys
INNER_WIDTH = 2  # questions within a quiz, options/pairs/items within a question
LONG_DIGITS = 7  # a long key is "~" + the whole CRC-32 in base 36 (36**7 > 2**32)
MAX_ATTEMPTS_DIGITS = 2  # attempts ≤ 100 → "2s"
MAX_BEST_DIGITS = 3  # percent × 100 ≤ 10000 → "7ps"
MAX_COUNT_DIGITS = 3  # interactions written; 36**3 = 46,656
# 250: SCORM 2004 guarantees 250 characters per fill-in learner_response (1.2: 255).
FILL_IN_MIN, FILL_IN_MAX = 30, 250


def base36(number: int, width: int = 0) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while number:
        number, rest = divmod(number, 36)
        text = digits[rest] + text
    return text.rjust(width, "0") or "0"


def _crc(ident: str) -> int:
    return zlib.crc32(ident.encode("utf-8"))


def make_keys(ids: Iterable[str], width: int, recorded: dict[str, str] | None = None) -> dict[str, str]:
    """ID → key, unique within `ids`: short where it is unique, long where short ones collide.

    `recorded` (from the ledger): keys assigned before, which never change; new IDs avoid them."""
    ids = list(ids)
    if recorded is not None:
        return _keep_recorded(ids, width, recorded)
    short = {ident: base36(_crc(ident) % 36 ** width, width) for ident in ids}
    counts: dict[str, int] = {}
    for key in short.values():
        counts[key] = counts.get(key, 0) + 1
    keys = {ident: key if counts[key] == 1 else "~" + base36(_crc(ident), LONG_DIGITS) for ident, key in short.items()}
    if len(set(keys.values())) != len(keys):  # two IDs with the same CRC-32: vanishingly rare
        raise ValueError("two IDs share a CRC-32; rename one of: " + ", ".join(sorted(ids)))
    return keys


def _keep_recorded(ids: list[str], width: int, recorded: dict[str, str]) -> dict[str, str]:
    keys = {ident: recorded[ident] for ident in ids if ident in recorded}
    taken = set(recorded.values())
    for ident in ids:
        if ident in keys:
            continue
        short, long = base36(_crc(ident) % 36 ** width, width), "~" + base36(_crc(ident), LONG_DIGITS)
        key = short if short not in taken else long
        if key in taken:  # the whole CRC-32 is taken too: vanishingly rare
            raise ValueError(f"the ID {ident!r} has the same CRC-32 as one in keys.lock; rename it")
        keys[ident] = key
        taken.add(key)
    return keys


def option_ids(question: Question) -> list[str]:
    """The IDs a response to `question` is made of (options, pairs + distractors, or items)."""
    if question.type is QuestionType.MATCHING:
        return [p.id for p in question.pairs] + [d.id for d in question.distractors]
    if question.type is QuestionType.ORDERING:
        return [i.id for i in question.items]
    return [c.id for c in question.choices]


def fill_in_limit(question: Question) -> int:
    """The longest fill-in text the runtime accepts (the input's maxlength), and so stores.

    Twice the longest accepted answer (with some slack) can hold every right answer and any
    plausible wrong one, and keeps a SCORM 1.2 course's state bounded.
    """
    longest = max((len(a) for a in question.answers), default=0)
    return max(FILL_IN_MIN, min(FILL_IN_MAX, 2 * longest + 10))


@dataclass(frozen=True)
class CourseKeys:
    pages: dict[str, str]
    questions: dict[str, dict[str, str]]  # quiz ID → question ID → key
    options: dict[tuple[str, str], dict[str, str]]  # (quiz ID, question ID) → option ID → key
    # scenario ID → node or choice ID → key (nodes and choices share one namespace per scenario)
    scenarios: dict[str, dict[str, str]] = field(default_factory=dict)


LEDGER_FILE = "keys.lock"
LEDGER_FORMAT = 1


@dataclass(frozen=True)
class KeyLedger:
    """Every key assigned so far (keys.lock): pages, questions per quiz, options per "quiz/question",
    nodes and choices per scenario (written only once a course has a scenario, so the ledgers of
    courses without one stay as they were)."""

    pages: dict[str, str] = field(default_factory=dict)
    questions: dict[str, dict[str, str]] = field(default_factory=dict)
    options: dict[str, dict[str, str]] = field(default_factory=dict)
    scenarios: dict[str, dict[str, str]] = field(default_factory=dict)

    def to_json(self) -> bytes:
        data = {"format": LEDGER_FORMAT, "pages": self.pages, "questions": self.questions, "options": self.options,
                "about": "State keys assigned by coursepack build; commit this file. Keys here never change, "
                         "so learners keep their progress when the course is republished."}
        if self.scenarios:
            data["scenarios"] = self.scenarios
        return json_file(data)


class LedgerError(ValueError):
    """keys.lock cannot be read; the message says why."""


def read_ledger(course_dir: Path) -> KeyLedger | None:
    """The course's ledger, None when it has none yet; LedgerError when it is unreadable."""
    path = Path(course_dir) / LEDGER_FILE
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise LedgerError(f"not readable JSON ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != LEDGER_FORMAT:
        raise LedgerError(f"not a format-{LEDGER_FORMAT} key ledger")
    pages, questions, options = data.get("pages"), data.get("questions"), data.get("options")
    scenarios = data.get("scenarios", {})
    if not (_table(pages) and all(isinstance(t, dict) and all(_table(x) for x in t.values())
                                  for t in (questions, options, scenarios))):
        raise LedgerError("its pages, questions, options or scenarios are not tables of ID → key")
    return KeyLedger(pages, questions, options, scenarios)


def _table(value) -> bool:
    return isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())


def course_keys(course: Course, ledger: KeyLedger | None = None) -> CourseKeys:
    """The state keys of `course`, keeping those its ledger (course.key_ledger) recorded."""
    if ledger is None:  # the course's own ledger: the same keys for every target of the build
        return course.derived("keys.course_keys", lambda: _course_keys(course, course.key_ledger))
    return _course_keys(course, ledger)


def _course_keys(course: Course, ledger: KeyLedger | None) -> CourseKeys:

    def recorded(table: dict[str, dict[str, str]], name: str) -> dict[str, str] | None:
        return None if ledger is None else table.get(name, {})

    pages = make_keys((p.id for p in course.pages()), PAGE_WIDTH, None if ledger is None else ledger.pages)
    questions, options = {}, {}
    for quiz in course.quizzes():
        questions[quiz.id] = make_keys((q.id for q in quiz.quiz.questions), INNER_WIDTH,
                                       recorded(ledger.questions if ledger else {}, quiz.id))
        for q in quiz.quiz.questions:
            options[(quiz.id, q.id)] = make_keys(option_ids(q), INNER_WIDTH,
                                                 recorded(ledger.options if ledger else {}, f"{quiz.id}/{q.id}"))
    scenarios = {page.id: make_keys(scenario_ids(page), INNER_WIDTH, recorded(ledger.scenarios if ledger else {}, page.id))
                 for page in course.scenarios()}
    return CourseKeys(pages, questions, options, scenarios)


def carry_keys(old: Course, course: Course) -> None:
    """Give `course` the keys of `old` (an earlier model of the same course, in the preview) when
    nothing they are made from changed: the same ledger, page IDs, and for every page that is not
    the very same object, the same kind and inner IDs. Otherwise `course_keys` computes them."""
    if course.key_ledger is not old.key_ledger and course.key_ledger != old.key_ledger:
        return
    before = {page.id: page for page in old.pages()}
    if list(before) != [page.id for page in course.pages()]:
        return
    for page in course.pages():
        previous = before[page.id]
        if previous is not page and _key_ids(previous) != _key_ids(page):
            return
    keys = course_keys(old)
    course.derived("keys.course_keys", lambda: keys)


def _key_ids(page) -> tuple:
    """What a page's own keys are made from besides its ID (`_course_keys`): kind and inner IDs."""
    if isinstance(page, QuizPage):
        return page.kind, tuple((q.id, tuple(option_ids(q))) for q in page.quiz.questions)
    if isinstance(page, ScenarioPage):
        return page.kind, tuple(scenario_ids(page))
    return (page.kind,)


def scenario_ids(page: ScenarioPage) -> list[str]:
    """A scenario's node and choice IDs: one namespace, each gets a key within its scenario."""
    return [ident for node in page.nodes for ident in (node.id, *(c.id for c in node.choices))]


def updated_ledger(course: Course) -> KeyLedger:
    """The ledger after this build: what was recorded, plus every key this build assigned."""
    old = course.key_ledger or KeyLedger()
    keys = course_keys(course)
    questions = {quiz: dict(table) for quiz, table in old.questions.items()}
    options = {name: dict(table) for name, table in old.options.items()}
    for quiz, table in keys.questions.items():
        questions.setdefault(quiz, {}).update(table)
    for (quiz, question), table in keys.options.items():
        options.setdefault(f"{quiz}/{question}", {}).update(table)
    scenarios = {name: dict(table) for name, table in old.scenarios.items()}
    for name, table in keys.scenarios.items():
        scenarios.setdefault(name, {}).update(table)
    return KeyLedger({**old.pages, **keys.pages}, questions, options, scenarios)


def _worst_response(q: Question, keys: dict[str, str]) -> int:
    if q.type is QuestionType.FILL_IN:
        limit = fill_in_limit(q)
        return 2 + len(base36(limit)) + limit
    widest = max((len(k) for k in keys.values()), default=0)
    if q.type in (QuestionType.SINGLE, QuestionType.TRUE_FALSE):
        return widest
    if q.type is QuestionType.MATCHING:
        return sum(len(keys[p.id]) + widest for p in q.pairs)
    return sum(len(k) for k in keys.values())  # multiple, ordering: every option once


def _worst_quiz(quiz: QuizPage, keys: CourseKeys, page_key: str) -> int:
    size = len(page_key) + 4 + MAX_ATTEMPTS_DIGITS + MAX_BEST_DIGITS + 1  # "k.a.b.s." + fields
    answers = [len(keys.questions[quiz.id][q.id]) + 1 + _worst_response(q, keys.options[(quiz.id, q.id)])
               for q in quiz.quiz.questions]
    return size + sum(answers) + max(len(answers) - 1, 0)  # ";" between answers


def _worst_scenario(page: ScenarioPage, keys: CourseKeys) -> int:
    """`key.path.1.best`: the loop-erased path leaves each node at most once, and never an ending,
    so it is at most the widest choice key of every other node."""
    table = keys.scenarios[page.id]
    path = sum(max(len(table[c.id]) for c in node.choices) for node in page.nodes if node.choices)
    return len(keys.pages[page.id]) + 3 + path + 1 + MAX_BEST_DIGITS


def worst_reflection(page: ReflectionPage, keys: CourseKeys) -> int:
    """`key'length'text` for a reflection kept in the state (save: lms), at its longest; 0 otherwise."""
    if page.save != "lms":
        return 0
    return len(keys.pages[page.id]) + 2 + len(base36(page.max_chars)) + page.max_chars


def _joined(sizes: list[int]) -> int:
    return sum(sizes) + max(len(sizes) - 1, 0)  # "*" between records


def worst_case_state(course: Course, keys: CourseKeys | None = None, module: Module | None = None) -> int:
    """The longest state text the runtime can write for `course`: every page visited, every
    quiz attempted the most times with the longest possible answers, every scenario on its
    longest path and every reflection kept in the state at its longest (state.js `encode`).
    `module`: the state of that module alone (a package with one SCO per module, whose player
    keeps one state per module)."""
    keys = keys or course_keys(course)
    # The module's own pages, not the course's filtered: a course of one SCO per module asks once per module.
    pages = list(module.pages) if module is not None else list(course.pages())
    page_keys = [keys.pages[page.id] for page in pages]
    location = max((len(k) for k in page_keys), default=0)
    visited = sum(len(k) for k in page_keys)
    quizzes = _joined([_worst_quiz(q, keys, keys.pages[q.id]) for q in pages if isinstance(q, QuizPage)])
    scenarios = _joined([_worst_scenario(page, keys) for page in pages if isinstance(page, ScenarioPage)])
    reflections = _joined([size for page in pages
                           if isinstance(page, ReflectionPage) and (size := worst_reflection(page, keys))])
    separators = 1 + 8  # "3" + eight "!"
    version = len(str(course.config.version).replace("!", ""))
    flags = 1 + 1 + MAX_BEST_DIGITS  # done "1", ".", the course score once passed
    return (separators + version + location + visited + quizzes + MAX_COUNT_DIGITS + flags + scenarios
            + reflections)
