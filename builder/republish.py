"""What republishing a course does to learners in progress: compare two versions and classify
every change, so an admin knows before uploading whether replacing the package is safe.

Each version is read into a snapshot first (builder/snapshot.py).

Classes, from what the runtime does with a saved state (runtime/state.js, runtime/keys.py):
- cosmetic: wording, images, titles — progress fully kept;
- compatible: pages or questions added, removed or moved — progress kept except on what was removed;
- breaking: what a learner already earned or answered means something else now (an answer key, type
  or options changed under the same ID, a graded quiz's weight or a pass mark changed, a state key
  or the SCORM identifier changed).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


from .jsontext import json_file
from .model import Course

COSMETIC, COMPATIBLE, BREAKING = "cosmetic", "compatible", "breaking"
RANK = {None: 0, COSMETIC: 1, COMPATIBLE: 2, BREAKING: 3}
EXIT = {None: 0, COSMETIC: 0, COMPATIBLE: 0, BREAKING: 3}


# --- the comparison --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Change:
    level: str  # cosmetic | compatible | breaking
    code: str  # e.g. question.answer-key
    subject: str  # "page lesson-x", "question q-1 in quiz quiz-a", "course"
    where: str  # source file:line, or "" when the version is a package
    what: str
    learners: str  # what happens to a learner in progress

    def line(self) -> str:
        return f"{self.where or '(package)'}: {self.level}: {self.subject}: {self.what}. Learners in progress: " \
               f"{self.learners} [{self.code}]"


@dataclass
class Comparison:
    changes: list[Change] = field(default_factory=list)

    @property
    def verdict(self) -> str | None:
        """The most severe class, None when nothing changed."""
        return max((c.level for c in self.changes), key=RANK.get, default=None)

    @property
    def exit_code(self) -> int:
        return EXIT[self.verdict]

    def to_json(self) -> dict:
        return {"verdict": self.verdict or "unchanged", "changes": [asdict(c) for c in self.changes]}


def compare(old: dict, new: dict) -> Comparison:
    """Every change from `old` to `new` (snapshots), each classified."""
    out: list[Change] = []
    _course_changes(old, new, out)
    old_pages = {p["id"]: p for p in old["pages"]}
    new_pages = {p["id"]: p for p in new["pages"]}
    moved = _moved(old["pages"], new["pages"])
    for page in new["pages"]:
        before = old_pages.get(page["id"])
        if before is None:
            out.append(Change(COMPATIBLE, "page.added", _page(page), page["where"], "added",
                              "they see a new page, not yet visited; a completion or pass already reported is kept"))
            continue
        _page_changes(before, page, page["id"] in moved, out)
    for page in old["pages"]:
        if page["id"] not in new_pages:
            out.append(Change(COMPATIBLE, "page.removed", _page(page), page["where"], "removed",
                              _REMOVED.get(page["kind"], "their visit of this page is dropped")
                              + "; everything else is kept"))
    for path in sorted(set(old["media"]) | set(new["media"])):
        if old["media"].get(path) != new["media"].get(path):
            out.append(Change(COSMETIC, "media.changed", f"media {path}", "", "added, replaced or removed",
                              "nothing changes in their progress"))
    return Comparison(out)


_REMOVED = {"quiz": "their visit and answers of this page are dropped",
            "scenario": "their visit, saved path and best score of this scenario are dropped",
            "reflection": "their visit is dropped (what they wrote stays on their device)"}


def _page(page: dict) -> str:
    return f"{page['kind'] if page['kind'] in ('quiz', 'scenario', 'reflection') else 'page'} {page['id']}"


def _moved(old: list[dict], new: list[dict]) -> set[str]:
    """IDs whose place among the pages both versions share changed (module or relative order)."""
    shared = {p["id"] for p in old} & {p["id"] for p in new}
    before = [(p["id"], p["module"]) for p in old if p["id"] in shared]
    after = {p["id"]: (i, p["module"]) for i, p in enumerate(q for q in new if q["id"] in shared)}
    return {ident for i, (ident, module) in enumerate(before) if after[ident] != (i, module)}


def _course_changes(old: dict, new: dict, out: list[Change]) -> None:
    if old["identifier"] != new["identifier"]:
        out.append(Change(BREAKING, "course.identifier", "course", "course.yml",
                          f"the SCORM identifier changed from {old['identifier']} to {new['identifier']}",
                          "the platform sees a different package; uploaded in place, saved progress may not match it"))
    if old["pass_mark"] != new["pass_mark"]:
        out.append(Change(BREAKING, "course.pass-mark", "course", "course.yml",
                          f"the course pass mark changed from {old['pass_mark']:g} to {new['pass_mark']:g} %",
                          "a learner already passed stays passed; others are judged against the new mark, so "
                          "learners with the same score can get different results"))
    if old["completion"] != new["completion"]:
        out.append(Change(BREAKING, "course.completion", "course", "course.yml",
                          f"the completion rule changed from {old['completion']} to {new['completion']}",
                          "a learner already complete stays complete; the others must meet the new rule"))
    if old.get("version") != new.get("version"):
        out.append(Change(COSMETIC, "course.version", "course", "course.yml",
                          f"version {old.get('version')} → {new.get('version')}", "nothing changes in their progress"))


def _page_changes(old: dict, new: dict, moved: bool, out: list[Change]) -> None:
    subject, where = _page(new), new["where"]
    if old["key"] != new["key"]:
        out.append(Change(BREAKING, "page.key", subject, where, f"its state key changed ({old['key']} → {new['key']})",
                          "their visit and answers on this page are lost (build with the key ledger keys.lock "
                          "committed so keys never change)"))
    if old["kind"] != new["kind"]:
        out.append(Change(BREAKING, "page.kind", subject, where, f"a {old['kind']} page became a {new['kind']} page",
                          "what they did on this page no longer applies"))
        return
    if moved:
        out.append(Change(COMPATIBLE, "page.moved", subject, where, "moved to another place or module",
                          "their progress is kept; they resume on the page they were on"))
    if old["text"] != new["text"]:
        out.append(Change(COSMETIC, "page.text", subject, where, "wording or title changed",
                          "nothing changes in their progress"))
    if new["kind"] == "quiz":
        _quiz_changes(old, new, out)
    elif new["kind"] == "scenario" and "nodes" in old and "nodes" in new:
        _scenario_changes(old, new, out)
    elif new["kind"] == "reflection" and "save" in old and "save" in new:
        _reflection_changes(old, new, out)


def _score_changes(old: dict, new: dict, kind: str, unit: str, score: str, out: list[Change]) -> bool:
    """A scored page's weight and pass mark (quizzes and scenarios alike); whether it is graded.
    `unit` follows a pass mark (" %"), `score` names what the learner keeps ("best score")."""
    subject, where = _page(new), new["where"]
    graded = old["graded"] or new["graded"]
    if old["graded"] != new["graded"] or (graded and old["weight"] != new["weight"]):
        out.append(Change(BREAKING, f"{kind}.weight", subject, where,
                          f"its weight in the course score changed ({old['weight']:g} → {new['weight']:g})",
                          "course scores are recomputed with the new weight: a score or pass can change"))
    if old["pass_mark"] != new["pass_mark"] and None not in (old["pass_mark"], new["pass_mark"]):
        out.append(Change(BREAKING if graded else COMPATIBLE, f"{kind}.pass-mark", subject, where,
                          f"its pass mark changed ({old['pass_mark']:g} → {new['pass_mark']:g}{unit})",
                          f"their {score} is kept but is judged against the new mark"))
    return graded


def _scenario_changes(old: dict, new: dict, out: list[Change]) -> None:
    subject = _page(new)
    graded = _score_changes(old, new, "scenario", "", "best ending score", out)
    _scenario_nodes(old, new, subject, graded, out)
    _scenario_choices(old, new, subject, out)


def _scenario_nodes(old: dict, new: dict, subject: str, graded: bool, out: list[Change]) -> None:
    before = {n["id"]: n for n in old["nodes"]}
    after = {n["id"]: n for n in new["nodes"]}
    for node in new["nodes"]:
        prior, nsubject = before.get(node["id"]), f"node {node['id']} in {subject}"
        if prior is None:
            out.append(Change(COMPATIBLE, "scenario.node-added", nsubject, node["where"], "added",
                              "they can reach it on their next play; their saved path is kept"))
            continue
        _key_change(prior, node, nsubject, out)
        if (prior["ending"], prior["score"]) != (node["ending"], node["score"]):
            out.append(Change(BREAKING if graded else COMPATIBLE, "scenario.ending", nsubject, node["where"],
                              f"ending and score changed ({_ending(prior)} → {_ending(node)})",
                              "a best score already earned was earned under the old ending"))
        _text_change(prior, node, nsubject, "wording or title changed", out)
    for node in old["nodes"]:
        if node["id"] not in after:
            out.append(Change(COMPATIBLE, "scenario.node-removed", f"node {node['id']} in {subject}", node["where"],
                           "removed", "a saved path through it is cut back to the last node that still exists; "
                                      "a best score already earned is kept"))


def _scenario_choices(old: dict, new: dict, subject: str, out: list[Change]) -> None:
    before = {c["id"]: c for c in old["choices"]}
    after = {c["id"]: c for c in new["choices"]}
    for choice in new["choices"]:
        prior, csubject = before.get(choice["id"]), f"choice {choice['id']} in {subject}"
        if prior is None:
            out.append(Change(COMPATIBLE, "scenario.choice-added", csubject, choice["where"],
                              f"added (in node {choice['node']}, leading to {choice['next']})",
                              "they can take it on their next play; their saved path is kept"))
            continue
        _key_change(prior, choice, csubject, out)
        if (prior["node"], prior["next"]) != (choice["node"], choice["next"]):
            out.append(Change(COMPATIBLE, "scenario.choice-next", csubject, choice["where"],
                              f"now in node {choice['node']} leading to {choice['next']} (was in {prior['node']} "
                              f"leading to {prior['next']})",
                              "a saved path through it is replayed as far as it still fits the graph"))
        _text_change(prior, choice, csubject, "wording or consequence changed", out)
    for choice in old["choices"]:
        if choice["id"] not in after:
            out.append(Change(COMPATIBLE, "scenario.choice-removed", f"choice {choice['id']} in {subject}",
                              choice["where"], f"removed (it was in node {choice['node']})",
                              "a saved path through it is cut back to before it; a best score already earned is kept"))


def _key_change(prior: dict, now: dict, subject: str, out: list[Change]) -> None:
    """A scenario node's or choice's state key: a saved path names them by it."""
    if prior["key"] != now["key"]:
        out.append(Change(BREAKING, "scenario.key", subject, now["where"],
                          f"its state key changed ({prior['key']} → {now['key']})",
                          "their saved path may no longer replay (commit keys.lock so keys never change)"))


def _text_change(prior: dict, now: dict, subject: str, what: str, out: list[Change]) -> None:
    if prior["text"] != now["text"]:
        out.append(Change(COSMETIC, "scenario.text", subject, now["where"], what, "nothing changes in their progress"))


def _ending(node: dict) -> str:
    if not node["ending"]:
        return "not an ending"
    return "ending, not scored" if node["score"] is None else f"ending, score {node['score']:g}"


def _reflection_changes(old: dict, new: dict, out: list[Change]) -> None:
    subject, where = _page(new), new["where"]
    if old["save"] != new["save"]:
        learners = ("what they wrote stays on their device and is no longer kept in the LMS"
                    if new["save"] == "device" else "what they wrote starts to be kept in the LMS at their next visit")
        out.append(Change(COMPATIBLE, "reflection.save", subject, where,
                          f"where the text is kept changed (save: {old['save']} → {new['save']})", learners))
    if old["max"] != new["max"] and None not in (old["max"], new["max"]):
        out.append(Change(COMPATIBLE, "reflection.max-chars", subject, where,
                          f"the longest text allowed changed ({old['max']} → {new['max']} characters)",
                          "text already written is kept; new writing is limited to the new length"))


def _quiz_changes(old: dict, new: dict, out: list[Change]) -> None:
    subject, where = _page(new), new["where"]
    _score_changes(old, new, "quiz", " %", "best score", out)
    if old["attempts"] != new["attempts"]:
        out.append(Change(COMPATIBLE, "quiz.attempts", subject, where,
                          f"attempts allowed changed ({old['attempts'] or 'unlimited'} → {new['attempts'] or 'unlimited'})",
                          "attempts already used still count against the new limit"))
    before = {q["id"]: q for q in old["questions"]}
    after = {q["id"]: q for q in new["questions"]}
    order_old = [q for q in before if q in after]
    order_new = [q for q in after if q in before]
    for q in new["questions"]:
        prior = before.get(q["id"])
        qsubject = f"question {q['id']} in quiz {new['id']}"
        if prior is None:
            out.append(Change(COMPATIBLE, "question.added", qsubject, q["where"], "added",
                              "they find it unanswered; their best score so far is kept as earned"))
            continue
        _question_changes(prior, q, qsubject, out)
        if order_old.index(q["id"]) != order_new.index(q["id"]):
            out.append(Change(COMPATIBLE, "question.moved", qsubject, q["where"], "moved within the quiz",
                              "their answer is kept"))
    for q in old["questions"]:
        if q["id"] not in after:
            out.append(Change(COMPATIBLE, "question.removed", f"question {q['id']} in quiz {new['id']}", q["where"],
                              "removed (a question without an explicit {#id} also looks removed when its text is "
                              "edited: give it one)",
                              "their answer to it is dropped; their best score so far is kept as earned"))


def _question_changes(old: dict, new: dict, subject: str, out: list[Change]) -> None:
    where = new["where"]
    shared = set(old["option_keys"]) & set(new["option_keys"])
    if old["key"] != new["key"] or any(old["option_keys"][o] != new["option_keys"][o] for o in shared):
        out.append(Change(BREAKING, "question.key", subject, where, "its state key or an option's changed",
                          "their answer to it is lost (commit keys.lock so keys never change)"))
    if old["type"] != new["type"]:
        out.append(Change(BREAKING, "question.type", subject, where, f"its type changed ({old['type']} → {new['type']})",
                          "their answer no longer fits and is dropped; scores already earned were for another question"))
        return
    if old["option_ids"] != new["option_ids"]:
        gone = sorted(set(old["option_ids"]) - set(new["option_ids"]))
        added = sorted(set(new["option_ids"]) - set(old["option_ids"]))
        detail = "; ".join(filter(None, [f"removed {', '.join(gone)}" if gone else "",
                                         f"added {', '.join(added)}" if added else ""]))
        out.append(Change(BREAKING, "question.options", subject, where, f"its options changed ({detail})",
                          "a chosen option that was removed is dropped from their answer; scores already earned "
                          "were for the old options"))
    elif old["answer_key"] != new["answer_key"]:
        out.append(Change(BREAKING, "question.answer-key", subject, where, "its answer key or points changed",
                          "their stored answer is kept but was graded against the old key: scores already earned "
                          "and the platform's interactions disagree with the new key"))
    if old["text"] != new["text"]:
        out.append(Change(COSMETIC, "question.text", subject, where, "wording, hints or feedback changed",
                          "their answer is kept"))


# --- the verdict for the admin -----------------------------------------------------------------------

SAFE = "Safe to replace the package in place: learners in progress keep their progress."
# How each LMS family replaces a package (see the admin report's "Replacing an earlier version").
IN_PLACE = {
    "Moodle": "open the existing SCORM activity, Settings › Package file: upload this zip in place of the old one "
              "and save. Do not add a new activity (it would start everyone afresh); keep 'Force new attempt' at No.",
    "Open edX (SCORM XBlock)": "in Studio, upload this zip into the same SCORM component and publish. A new "
                               "component would start everyone afresh: learner data belongs to the component.",
    "SCORM Cloud-style engines (Rustici)": "import it as a new version of the existing course (same course ID), "
                                           "not as a new course, and let registrations in progress move to it.",
}
INSTEAD = {
    "Moodle": "either replace the package in place (Settings › Package file) and accept what the breaking changes "
              "do to learners in progress, or add it as a new SCORM activity for new learners and hide the old "
              "one once its learners have finished.",
    "Open edX (SCORM XBlock)": "either upload it into the same SCORM component and accept what the breaking changes "
                               "do to learners in progress, or add a new SCORM component for new learners and hide "
                               "the old one once its learners have finished.",
    "SCORM Cloud-style engines (Rustici)": "import it as a new version but keep registrations in progress on the "
                                           "version they started (do not restart or move them), or import it as a "
                                           "new course for new learners.",
}


STATEFUL_TARGETS = ("web", "scorm12", "scorm2004")  # packages whose runtime keeps a learner state
RECORD_DIR = ".coursepack"  # in the output folder: what the last build there was made of


def recorded_snapshot_name(course: Course) -> str:
    """The snapshot each build records in the output folder, so the next build can compare."""
    return f"{RECORD_DIR}/{course.id}-{course.language}.snapshot.json"


def snapshot_bytes(snapshot: dict) -> bytes:
    return json_file(snapshot)


def admin_verdict(comparison: Comparison, previous: str, scorm: bool) -> dict:
    """The verdict in plain words for the admin report: a headline, the steps per LMS family, and the
    changes that decide it. `scorm`: the package goes to an LMS that keeps SCORM state."""
    breaking = [c for c in comparison.changes if c.level == BREAKING]
    counts = {level: sum(c.level == level for c in comparison.changes) for level in (COSMETIC, COMPATIBLE, BREAKING)}
    summary = ", ".join(f"{n} {level}" for level, n in counts.items() if n) or "no change"
    if not breaking:
        headline = f"{SAFE} Compared with {previous}: {summary}."
        steps = [f"{family}: {text}" for family, text in IN_PLACE.items()] if scorm else [
            "Replace the old package with this one; progress kept in learners' browsers carries over."]
    else:
        headline = (f"Not safe to replace in place without consequences: compared with {previous}, "
                    f"{len(breaking)} breaking change(s) ({summary}). What to do instead:")
        steps = ([f"{family}: {text}" for family, text in INSTEAD.items()] if scorm else
                 ["Replace the old package only if the breaking changes below are acceptable for learners in progress."])
        steps.append("Or undo the breaking edits first: `coursepack diff` names each with its file and line.")
    return {"verdict": comparison.verdict or "unchanged", "headline": headline, "steps": steps,
            "changes": [c.line() for c in breaking] + [c.line() for c in comparison.changes if c.level != BREAKING][:20]}



def admin_verdicts(comparison: Comparison, previous: str) -> dict:
    """The verdicts a build hands its targets (Course.republish): SCORM packages and the web one."""
    return {"scorm": admin_verdict(comparison, previous, scorm=True),
            "web": admin_verdict(comparison, previous, scorm=False)}
