"""The learner's and the author's HTML, from the public quiz only (never the answer key).

Templates are plain `string.Template` files in templates/; every value put into them is escaped
here, or is HTML produced by the quiz core's escaping renderer.
"""

from __future__ import annotations

import html
import json
from functools import lru_cache
from importlib import resources
from string import Template
from typing import Callable

from coursepack_quiz.inline import plain_text

from .i18n import N_

Gettext = Callable[[str], str]


@lru_cache(maxsize=None)
def template(name: str) -> Template:
    return Template(resources.files(__package__).joinpath("templates", name).read_text(encoding="utf-8"))


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def plain(fragment_html: str) -> str:
    """Rendered inline HTML as plain text (for <option>, which cannot hold markup), escaped again."""
    return esc(plain_text(fragment_html))


# Inside <script>, "</script" ends the element and "<!--" can swallow the rest of the page; U+2028
# and U+2029 end a line in older JavaScript. As JSON escapes they are the same text to JSON.parse.
_SCRIPT_SAFE = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def data_script(data: dict) -> str:
    """`data` as a JSON data block the page's script reads (`.cpq-data`), safe for any text in it.

    The block's init data travels this way rather than in `Fragment.json_init_args`, which some
    runtimes (the xblock-sdk workbench) write into the page without escaping `</script>`.
    """
    text = json.dumps(data, ensure_ascii=False).translate(_SCRIPT_SAFE)
    return f'<script type="application/json" class="cpq-data">{text}</script>'


def student_html(public: dict, *, uid: str, language: str, direction: str, _: Gettext, data: dict) -> str:
    questions = public["questions"]
    body = "\n".join(question_html(q, n, len(questions), uid, _) for n, q in enumerate(questions, 1))
    return template("student.html").substitute(
        uid=esc(uid), lang=esc(language or ""), dir=esc(direction), title=esc(html.unescape(public["title"])),
        intro=public["intro"], meta=esc(meta_line(public["settings"], _)), questions=body,
        submit=esc(_(N_("Submit"))), reset=esc(_(N_("Try again"))), results=esc(_(N_("Results"))),
        data=data_script(data))


def meta_line(settings: dict, _: Gettext) -> str:
    parts = []
    if settings.get("pass_mark") is not None:
        parts.append(_(N_("Pass mark: {percent}%")).format(percent=_number(settings["pass_mark"])))
    attempts = settings.get("attempts") or 0
    parts.append(_(N_("Attempts allowed: {count}")).format(count=attempts) if attempts
                 else _(N_("Unlimited attempts")))
    return " · ".join(parts)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def question_html(q: dict, number: int, total: int, uid: str, _: Gettext) -> str:
    qid = f"{uid}-{q['id']}"
    points = _(N_("{points} point")) if q["points"] == 1 else _(N_("{points} points"))
    return template("question.html").substitute(
        qid=esc(qid), question=esc(q["id"]), type=esc(q["type"]),
        label=esc(_(N_("Question {number} of {total}")).format(number=number, total=total)),
        points=esc(points.format(points=_number(q["points"]))), prompt=q["prompt"],
        body=f'<div class="cpq-body">{q["body"]}</div>' if q["body"] else "",
        answers=ANSWERS[q["type"]](q, qid, _), hints=hints_html(q, qid, _))


def _choices(q: dict, qid: str, kind: str) -> str:
    rows = []
    for c in q["choices"]:
        cid = f"{qid}-{c['id']}"
        rows.append(f'<div class="cpq-choice" data-choice="{esc(c["id"])}">'
                    f'<input type="{kind}" id="{esc(cid)}" name="{esc(qid)}" value="{esc(c["id"])}">'
                    f'<label for="{esc(cid)}">{c["text"]}</label>'
                    f'<div class="cpq-choice-feedback" id="{esc(cid)}-fb"></div></div>')
    return f'<div class="cpq-choices">{"".join(rows)}</div>'


def _fill_in(q: dict, qid: str, _: Gettext) -> str:
    return (f'<div class="cpq-fill"><label for="{esc(qid)}-text">{esc(_(N_("Your answer")))}</label>'
            f'<input type="text" id="{esc(qid)}-text" name="{esc(qid)}" autocomplete="off" spellcheck="false" '
            f'autocapitalize="off" dir="auto"></div>')


def _matching(q: dict, qid: str, _: Gettext) -> str:
    options = f'<option value="">{esc(_(N_("Choose a response")))}</option>' + "".join(
        f'<option value="{esc(r["id"])}">{plain(r["text"])}</option>' for r in q["responses"])
    rows = [f'<div class="cpq-match"><label for="{esc(qid)}-{esc(p["id"])}">{p["text"]}</label>'
            f'<select id="{esc(qid)}-{esc(p["id"])}" data-premise="{esc(p["id"])}">{options}</select></div>'
            for p in q["premises"]]
    return f'<div class="cpq-matches">{"".join(rows)}</div>'


def _ordering(q: dict, qid: str, _: Gettext) -> str:
    up, down = _(N_("Move up: {item}")), _(N_("Move down: {item}"))
    rows = []
    for item in q["items"]:
        name = plain(item["text"])
        rows.append(f'<li class="cpq-item" data-item="{esc(item["id"])}"><span class="cpq-item-text">{item["text"]}</span>'
                    f'<span class="cpq-item-moves"><button type="button" class="cpq-up" aria-label="{up.format(item=name)}">'
                    f'<span aria-hidden="true">▲</span></button><button type="button" class="cpq-down" '
                    f'aria-label="{down.format(item=name)}"><span aria-hidden="true">▼</span></button></span></li>')
    hint = esc(_(N_("Use the buttons to put the items in order.")))
    return f'<p class="cpq-help" id="{esc(qid)}-help">{hint}</p><ol class="cpq-order" aria-describedby="{esc(qid)}-help">{"".join(rows)}</ol>'


ANSWERS: dict[str, Callable[[dict, str, Gettext], str]] = {
    "single": lambda q, qid, _: _choices(q, qid, "radio"),
    "true-false": lambda q, qid, _: _choices(q, qid, "radio"),
    "multiple": lambda q, qid, _: _choices(q, qid, "checkbox"),
    "fill-in": _fill_in, "matching": _matching, "ordering": _ordering,
}


def hints_html(q: dict, qid: str, _: Gettext) -> str:
    if not q["hints"]:
        return ""
    hints = "".join(f'<div class="cpq-hint" hidden>{h}</div>' for h in q["hints"])
    return (f'<div class="cpq-hints"><button type="button" class="cpq-hint-button" aria-controls="{esc(qid)}-hints" '
            f'aria-expanded="false">{esc(_(N_("Show a hint")))}</button><div id="{esc(qid)}-hints">{hints}</div></div>')


def studio_html(source: str, *, uid: str, _: Gettext, data: dict) -> str:
    return template("studio.html").substitute(data=data_script(data),
        uid=esc(uid), source=esc(source), label=esc(_(N_("Quiz (Markdown)"))),
        help=esc(_(N_("Write the quiz as in a course folder: front matter, then one ## heading per question. "
                      "See docs/authoring.md, Quizzes."))),
        save=esc(_(N_("Save"))), cancel=esc(_(N_("Cancel"))))


#: Strings the browser needs, translated on the server and passed in the init data.
JS_STRINGS = {
    "submitting": N_("Submitting…"), "saved": N_("Saved."), "saving": N_("Saving…"),
    "score": N_("Your score: {percent}% ({score} of {max} points)."),
    "best": N_("Best score kept: {score} of {max} points."),
    "passed": N_("You passed."), "not_passed": N_("Not passed yet: the pass mark is {pass_mark}%."),
    "attempts": N_("Attempts used: {used} of {allowed}."), "attempts_unlimited": N_("Attempts used: {used}."),
    "no_attempts": N_("You have no attempts left."), "correct": N_("Correct"), "incorrect": N_("Incorrect"),
    "correct_answer": N_("Correct answer:"), "accepted": N_("Accepted answers:"),
    "moved": N_("{item}: position {position} of {total}."), "error": N_("Your answers were not graded: {message}"),
    "network": N_("The server could not be reached. Your answers are still here; try again."),
    "fix": N_("Fix these problems, then save:"), "line": N_("line {line}"), "hint_more": N_("Show another hint"),
    "hints_done": N_("No more hints"),
    "confirm_unanswered": N_("{n} of {total} questions have no answer. Submit anyway?"),
    "confirm_yes": N_("Submit anyway"), "confirm_no": N_("Back to the questions"),
    "your_answer": N_("Your answer:"), "unanswered": N_("Not answered"), "to_review": N_("Questions to review:"),
    "state_damaged": N_("Part of your saved answers could not be read; everything else is kept."),
}
