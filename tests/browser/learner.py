"""A scripted learner: answers quiz questions in the player by what a person sees (label texts),
rightly or wrongly, using the keyboard-reachable controls the player offers."""

from __future__ import annotations

import html
import re

from coursepack_quiz.model import Question, QuestionType
from quiz_answers import right_answer, wrong_answer  # noqa: F401 - the learner's vocabulary, re-exported

_TAGS = re.compile(r"<[^>]+>")


def plain(text: str) -> str:
    return " ".join(html.unescape(_TAGS.sub("", text)).split())


def answer(frame, number: int, q: Question, response) -> None:
    """Give `response` (in ID terms) to question `number` (1-based, as shown) through the UI."""
    section = frame.locator(f".cp-question[data-q='{number}']")
    if q.type in (QuestionType.SINGLE, QuestionType.TRUE_FALSE, QuestionType.MULTIPLE):
        wanted = set(response if isinstance(response, list) else [response])
        for c in q.choices:
            box = section.get_by_label(plain(c.text), exact=True)
            if c.id in wanted or q.type is QuestionType.MULTIPLE:  # a radio is only unchecked by another
                box.set_checked(c.id in wanted)
    elif q.type is QuestionType.FILL_IN:
        section.locator("input[type=text]").fill(response)
    elif q.type is QuestionType.MATCHING:
        texts = {p.id: plain(p.right) for p in q.pairs} | {d.id: plain(d.text) for d in q.distractors}
        for p in q.pairs:
            section.get_by_label(plain(p.left), exact=True).select_option(label=texts[response[p.id]])
    else:
        texts = {i.id: plain(i.text) for i in q.items}
        for position, item in enumerate(response):
            while True:
                shown = [plain(t) for t in section.locator(".cp-order-text").all_inner_texts()]
                at = shown.index(texts[item])
                if at == position:
                    break
                section.locator(".cp-move[data-dir='up']").nth(at).press("Enter")


def shown_order(q: Question, quiz_json: dict) -> list[Question]:
    """The questions in the order the player shows them (course.js order)."""
    by_id = {x.id: x for x in q}
    return [by_id[item["id"]] for item in quiz_json["questions"]]


def submit(frame) -> None:
    """Press Submit and, when the player asks because some questions have no answer, confirm."""
    frame.locator(".cp-submit").click()
    confirm = frame.locator(".cp-confirm-yes")
    if confirm.is_visible():
        confirm.click()


def ending_paths(scenario) -> dict[str, list[str]]:
    """Ending ID → the shortest list of choice IDs that reaches it from the start (a model ScenarioPage)."""
    nodes = {n.id: n for n in scenario.nodes}
    paths, todo = {scenario.start.id: []}, [scenario.start.id]
    while todo:
        here = todo.pop(0)
        for c in nodes[here].choices:
            if c.next not in paths:
                paths[c.next] = paths[here] + [c.id]
                todo.append(c.next)
    return {n.id: paths[n.id] for n in scenario.nodes if n.ending}


def play(frame, scenario, choices: list[str]) -> None:
    """Choose each of `choices` (IDs) by the text the learner sees, read its consequence, continue."""
    by_id = {c.id: c for n in scenario.nodes for c in n.choices}
    for choice_id in choices:
        frame.locator(".cp-choices").get_by_label(plain(by_id[choice_id].html), exact=True).check()
        frame.locator(".cp-step .cp-submit").click()
        frame.locator(".cp-consequence").wait_for()
        frame.locator(".cp-step .cp-submit").click()
