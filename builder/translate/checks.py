"""Judging a translation file against today's source: every problem at the PO file's line.

Missing and untranslated units, markup the translation broke, and translations that would change
a quiz's answer key are errors; stale units are warnings (errors under --strict), and units the
source no longer has are warnings.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from coursepack_quiz.diagnostics import Diagnostic, error, warning

from .catalog import Entry
from .units import Unit

#: The markup a translation must keep, each kind with the pattern that finds it. Text inside the
#: marks may change (link text, emphasised words); the marks themselves and their targets may not.
MARKUP: tuple[tuple[str, re.Pattern[str]], ...] = tuple((name, re.compile(pattern)) for name, pattern in (
    ("link target", r"\]\(([^)\s]*)"),
    ("image", r"!\["),
    ("strong emphasis", r"\*\*|__"),
    ("emphasis", r"(?<!\*)\*(?!\*)"),
    ("code", r"`[^`]*`"),
    ("footnote", r"\[\^[^\]]+\]"),
    ("callout", r"\[![a-z]+\]"),
    ("placeholder", r"\{[^{}\s]*\}"),
    ("HTML tag", r"</?[A-Za-z][A-Za-z0-9]*"),
    ("blank", r"_{3,}"),
    ("arrow", r"->"),
))


def markup_of(text: str) -> Counter:
    counts: Counter = Counter()
    for name, pattern in MARKUP:
        for match in pattern.finditer(text):
            counts[(name, match.group(match.lastindex or 0))] += 1
    return counts


def markup_problem(source: str, translation: str) -> str | None:
    """What markup the translation lost or added, in words; None when it kept all of it."""
    before, after = markup_of(source), markup_of(translation)
    lost, added = before - after, after - before
    if lost:
        (name, mark), _ = next(iter(lost.items()))
        return f"the translation drops the {name} {mark!r} of the source"
    if added:
        (name, mark), _ = next(iter(added.items()))
        return f"the translation adds a {name} {mark!r} the source does not have"
    return None


@dataclass(frozen=True)
class Judged:
    diagnostics: list[Diagnostic]
    fresh: dict[str, str]  # unit ID → usable translation
    stale: set[str]


_ANSWERS = ("choice", "pair", "item")
_LETTERS = re.compile(r"[^\W\d_]")


def judge(units: list[Unit], entries: dict[str, Entry], path: str) -> Judged:
    out: list[Diagnostic] = []
    fresh: dict[str, str] = {}
    stale: set[str] = set()
    for unit in units:
        entry = entries.get(unit.id)
        if entry is None or not entry.text.strip():
            out.append(_missing(unit, entry, path))
            continue
        problem = markup_problem(unit.source, entry.text)
        if problem:
            out.append(error(path, entry.line, f"unit {unit.id}: {problem}", "translate.markup",
                             hint="keep links, emphasis, code and placeholders as in the source; translate only the words"))
            continue
        if entry.stale_for(unit.source):
            stale.add(unit.id)
            out.append(warning(path, entry.line, f"unit {unit.id} is stale: its source text changed since it was "
                               "translated", "translate.stale",
                               hint="update the translation to the new msgid and remove the fuzzy flag "
                                    "(`coursepack translate extract` shows the old source as `#| msgid`)"))
        fresh[unit.id] = entry.text
    out += _answer_keys(units, entries, path)
    known = {unit.id for unit in units}
    out += [warning(path, e.line, f"unit {e.id} is no longer in the source", "translate.obsolete",
                    hint="run `coursepack translate extract` to drop it") for e in entries.values() if e.id not in known]
    return Judged(out, fresh, stale)


def _missing(unit: Unit, entry: Entry | None, path: str) -> Diagnostic:
    if entry is None:
        return error(path, 0, f"unit {unit.id} ({unit.path}:{unit.line}) is missing from the translation",
                     "translate.missing", hint="run `coursepack translate extract` to add it, then translate it")
    return error(path, entry.line, f"unit {unit.id} is not translated", "translate.untranslated",
                 hint="write the translation in its msgstr")


def _answer_keys(units: list[Unit], entries: dict[str, Entry], path: str) -> list[Diagnostic]:
    """A translation must not change which answer is right: no option carrying another option's
    text (a reordering), no fill-in answer left in the source language."""
    out: list[Diagnostic] = []
    by_question: dict[str, list[Unit]] = {}
    for unit in units:
        if unit.kind in _ANSWERS:
            by_question.setdefault(unit.id.rsplit("/", 1)[0], []).append(unit)
        elif unit.kind == "fill":
            entry = entries.get(unit.id)
            if entry and entry.text.strip() == unit.source.strip() and _LETTERS.search(unit.source) \
                    and "same-in-translation" not in entry.flags:
                out.append(error(path, entry.line, f"unit {unit.id}: the fill-in answer {unit.source!r} is not "
                                 "translated, so learners who answer in the course's language would be marked wrong",
                                 "translate.answer-key",
                                 hint="translate the answer; if it really is the same word, add the flag "
                                      "`#, same-in-translation` above the unit"))
    for options in by_question.values():
        out += _reordered(options, entries, path)
    return out


def _reordered(options: list[Unit], entries: dict[str, Entry], path: str) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for unit in options:
        entry = entries.get(unit.id)
        if entry is None or not entry.text.strip():
            continue
        mine = entry.text.strip().casefold()
        for other in options:
            other_entry = entries.get(other.id)
            theirs = {other.source.strip().casefold()} | ({other_entry.text.strip().casefold()} if other_entry else set())
            if other is not unit and mine in theirs and mine != unit.source.strip().casefold():
                out.append(error(path, entry.line, f"unit {unit.id} carries the text of {other.id}: options "
                                 "reordered or duplicated in translation, which would change the answer key",
                                 "translate.answer-key",
                                 hint="each option's unit must hold the translation of that option only"))
                break
    return out
