"""A version of a course as republishing compares it (`republish.compare`): its *snapshot*, the
learner-facing facts the runtime's state depends on (page and question IDs and their state keys,
order, each question's type, options and answer key, quiz weights and pass marks, scenario graphs,
the SCORM identifier) plus a fingerprint of every text, so wording changes are seen too. A snapshot
comes from a course folder (with source file:line), a git revision of one, a built package (its
`runtime/course.js` and manifest), or the JSON a build records.
"""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import tarfile
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

from .model import Course
from .runtime.bundle import COURSE_FILE, package_data, streamed_data

SNAPSHOT_FORMAT = 1


class SnapshotError(ValueError):
    """A version cannot be read (not a course folder, package or snapshot); the message says why."""


def _digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def snapshot_of_data(data: dict, identifier: str, sources: dict[str, str] | None = None,
                     media: dict[str, str] | None = None) -> dict:
    """The snapshot of the player's course JSON (runtime/bundle.py `course_data`; its pages are read
    once, in order, so they may be an iterator: `streamed_data`). `sources`: page
    or "quiz/question" ID → "file:line", when the version is a course folder."""
    sources = sources or {}
    pages = []
    for index, page in enumerate(data["pages"]):
        entry = {"id": page["id"], "key": page["k"], "kind": page["kind"], "module": page["module"], "position": index,
                 "title": page["title"], "where": sources.get(page["id"], "")}
        if page.get("quiz"):
            quiz = page["quiz"]
            settings = quiz["settings"]
            entry.update(graded=bool(page.get("graded")), weight=settings["weight"], pass_mark=settings["pass_mark"],
                         attempts=settings["attempts"], text=_digest([page["title"], quiz["intro"]]),
                         questions=[_question(q, position, sources.get(f"{page['id']}/{q['id']}", ""))
                                    for position, q in enumerate(quiz["questions"])])
        elif page.get("scenario"):
            entry.update(_scenario(page, sources))
        elif page.get("reflection"):
            reflection = page["reflection"]
            entry.update(save=reflection.get("save", "device"), max=reflection.get("max"),
                         text=_digest([page["title"], reflection.get("prompt"), reflection.get("questions_heading"),
                                       reflection.get("questions"), reflection.get("model_heading"),
                                       reflection.get("model")]))
        else:
            entry["text"] = _digest([page["title"], page.get("html", "")])
        pages.append(entry)
    return {"format": SNAPSHOT_FORMAT, "course": data["id"], "language": data.get("lang"), "version": data.get("version", ""),
            "identifier": identifier, "pass_mark": data["pass_mark"], "completion": data["completion"],
            "pages": pages, "media": media or {}}


def _question(q: dict, position: int, where: str) -> dict:
    options = {name: [{k: v for k, v in o.items() if k in ("id", "text", "left", "right", "feedback")}
                      for o in q.get(name, [])] for name in ("choices", "pairs", "distractors", "items")}
    key = {"correct": sorted(c["id"] for c in q.get("choices", []) if c.get("correct")),
           "answers": q.get("answers", []), "case": q.get("case_sensitive", False),
           "pairs": [p["id"] for p in q.get("pairs", [])], "items": [i["id"] for i in q.get("items", [])],
           "points": q.get("points", 1)}
    return {"id": q["id"], "key": q["k"], "type": q["type"], "position": position, "where": where,
            "option_ids": sorted(q.get("keys", {})), "option_keys": q.get("keys", {}), "answer_key": _digest(key),
            "text": _digest([q.get("prompt"), q.get("body"), q.get("hints"), q.get("feedback_correct"),
                             q.get("feedback_incorrect"), options])}


def _scenario(page: dict, sources: dict[str, str]) -> dict:
    """A scenario's scoring settings and graph: each node (ending, score) and choice (where it leads)
    with its state key, so a republish sees what a saved path or best score would now mean."""
    scenario = page["scenario"]
    nodes, choices = [], []
    for node in scenario["nodes"]:
        where = sources.get(f"{page['id']}/{node['id']}", "")
        nodes.append({"id": node["id"], "key": node.get("k", ""), "where": where, "ending": bool(node["ending"]),
                      "score": node.get("score"), "text": _digest([node.get("title"), node.get("html")])})
        choices += [{"id": c["id"], "key": c.get("k", ""), "node": node["id"], "next": c["next"],
                     "where": sources.get(f"{page['id']}/{c['id']}", where),
                     "text": _digest([c.get("html"), c.get("consequence")])} for c in node.get("choices", [])]
    return {"graded": bool(page.get("graded")), "weight": scenario.get("weight", 0),
            "pass_mark": scenario.get("pass_mark"), "text": _digest([page["title"]]), "nodes": nodes,
            "choices": choices}


def snapshot_of_course(course: Course, course_dir: Path | None = None) -> dict:
    """A course folder's snapshot, with each page's and question's source file:line."""
    from .targets._scorm import manifest_identifier  # the one owner of the identifier

    sources: dict[str, str] = {}
    prefix = f"{course_dir.as_posix().rstrip('/')}/" if course_dir else ""
    for page in course.pages():
        sources[page.id] = f"{prefix}{page.source_path}:{page.source_line}"
    for quiz in course.quizzes():
        for q in quiz.quiz.questions:
            sources[f"{quiz.id}/{q.id}"] = f"{prefix}{quiz.source_path}:{q.line or quiz.source_line}"
    for scenario in course.scenarios():
        for node in scenario.nodes:
            sources[f"{scenario.id}/{node.id}"] = f"{prefix}{scenario.source_path}:{node.line}"
            for choice in node.choices:
                sources[f"{scenario.id}/{choice.id}"] = f"{prefix}{scenario.source_path}:{choice.line}"
    media = {m.path: hashlib.sha256(m.data).hexdigest()[:16] for m in course.media}
    # The page entries stream past (made once for the build: the player's targets reuse them).
    return snapshot_of_data(streamed_data(course, "none"), manifest_identifier(course), sources, media)


class _Folder:
    """A web package folder read like a zip archive."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def __enter__(self) -> "_Folder":
        return self

    def __exit__(self, *exc) -> None:
        return None

    def namelist(self) -> list[str]:
        return [p.relative_to(self.root).as_posix() for p in self.root.rglob("*") if p.is_file()]

    def read(self, name: str) -> bytes:
        return (self.root / name).read_bytes()


def snapshot_of_package(path: Path) -> dict:
    """A built web or SCORM package's snapshot (no source lines: a package holds none)."""
    try:
        with (_Folder(path) if path.is_dir() else zipfile.ZipFile(path)) as archive:
            names = set(archive.namelist())
            if COURSE_FILE not in names:
                raise SnapshotError(f"{path}: no {COURSE_FILE}: not a coursepack web or SCORM package")
            data = package_data(lambda name: archive.read(name).decode("utf-8"))
            identifier = ""
            if "imsmanifest.xml" in names:
                identifier = etree.fromstring(archive.read("imsmanifest.xml")).get("identifier", "")
            media = {name: hashlib.sha256(archive.read(name)).hexdigest()[:16] for name in sorted(names)
                     if name.startswith("media/")}
    except (OSError, KeyError, zipfile.BadZipFile, UnicodeDecodeError, ValueError, etree.XMLSyntaxError) as exc:
        if isinstance(exc, SnapshotError):
            raise
        raise SnapshotError(f"{path}: cannot read the package ({exc})") from None
    return snapshot_of_data(data, identifier or f"coursepack-{data['id']}-{data['lang']}", media=media)


def load_snapshot(path: Path) -> dict:
    """A course folder, a package (.zip) or a recorded snapshot (.json) → its snapshot."""
    path = Path(path)
    if path.is_dir() and (path / COURSE_FILE).is_file():
        return snapshot_of_package(path)
    if path.is_dir():
        from .build import check_course

        checked = check_course(path)
        if not checked.ok:
            problems = "; ".join(d.format() for d in checked.diagnostics if d.is_error)[:500]
            raise SnapshotError(f"{path}: the course has errors, so it cannot be compared: {problems}")
        return snapshot_of_course(checked.course, path)
    if path.suffix == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise SnapshotError(f"{path}: cannot read the snapshot ({exc})") from None
        if not isinstance(data, dict) or data.get("format") != SNAPSHOT_FORMAT or "pages" not in data:
            raise SnapshotError(f"{path}: not a format-{SNAPSHOT_FORMAT} coursepack snapshot")
        return data
    if path.is_file():
        return snapshot_of_package(path)
    raise SnapshotError(f"{path}: no such course folder, package or snapshot")


def snapshot_at_revision(course_dir: Path, revision: str) -> dict:
    """The snapshot of `course_dir` as it was at git revision `revision`."""
    course_dir = Path(course_dir).resolve()
    try:
        top = subprocess.run(["git", "-C", str(course_dir), "rev-parse", "--show-toplevel"], capture_output=True,
                             text=True, check=True).stdout.strip()
        relative = course_dir.relative_to(Path(top).resolve()).as_posix()
        archive = subprocess.run(["git", "-C", top, "archive", "--format=tar", revision, "--", relative],
                                 capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError, ValueError) as exc:
        detail = getattr(exc, "stderr", "") or exc
        detail = detail.decode(errors="replace") if isinstance(detail, bytes) else str(detail)
        raise SnapshotError(f"{course_dir}: cannot read it at revision {revision!r} ({detail.strip()})") from None
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        snapshot = load_snapshot(Path(tmp) / relative)
        scratch = f"{(Path(tmp) / relative).as_posix()}/"
        parts = ("questions", "nodes", "choices")
        for entry in [*snapshot["pages"], *(q for p in snapshot["pages"] for part in parts for q in p.get(part, []))]:
            entry["where"] = entry["where"].replace(scratch, f"{revision}:{relative}/", 1)  # as the author knows it
    return snapshot
