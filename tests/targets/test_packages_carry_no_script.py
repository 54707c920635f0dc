"""No package carries author-controlled script: every file of every target is scanned.

The runtime's own files (player.js and the rest, byte for byte as shipped in builder/runtime/)
are scripts by design and are recognised by their bytes; the `<script>` tags coursepack's page
templates write are recognised by their exact form. Everything else must hold no `<script`, no
`javascript:` URL, no `on…=` handler and no link target other than `_blank`, and no file that
came from the course may have an active type. The scanner is proven able to fail on the hostile media that `check` refuses.
"""

from __future__ import annotations

import dataclasses
import html
import json
import re
import tarfile
import zipfile
from pathlib import Path, PurePosixPath

import pytest
from coursepack_quiz.inline import render_text
from coursepack_quiz.upgrade import load_quiz_json
from lxml import etree

from builder import media, targets as registry
from builder.build import build_course, check_course
from builder.model import MediaFile
from builder.runtime.bundle import CONTENT_DIR, RUNTIME_DIR, SCRIPTS
from builder.runtime.bundle import runtime_files as shipped_runtime
from builder.runtime.standalone import runtime_sources as standalone_sources

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
HOSTILE_MEDIA = FIXTURES / "broken" / "media" / "media"

# Raw HTML a lesson may hold: `check` accepts it, the sanitiser must remove every handler and script.
HOSTILE_LESSON = """

<script>alert("lesson")</script>
<span onclick="alert(1)">a span</span> <details open ontoggle="alert(2)"><summary>x</summary></details>
<a href="https://example.org" target="_top" onmouseover="alert(3)">out</a>
<svg onload="alert(4)"><a href="#x">in an inline svg</a></svg>
<iframe srcdoc="&lt;script&gt;alert(5)&lt;/script&gt;"></iframe>
<img src="../media/pipeline.svg" alt="a figure" onerror="alert(6)">
<object data="x.swf"></object><embed src="x.swf">
<form action="https://example.org"><button formaction="x">go</button></form>
"""

# A scenario and a reflection with the same attacks: their standalone pages (IMS CC, OLX) and
# course.js entries must be as clean as a lesson.
HOSTILE_SCENARIO = """---
title: Hostile scenario
type: scenario
id: hostile-scenario
---
## Start here {#start}
<script>alert("node")</script><img src="../media/pipeline.svg" alt="a figure" onerror="alert(12)">

- Go <span onmouseover="alert(13)">on</span> {#go} -> end
  <script>alert("consequence")</script> Done.
- Stay {#stay} -> end
  Also done.

## The end {#end .ending}
<iframe srcdoc="&lt;script&gt;alert(14)&lt;/script&gt;"></iframe>
"""
HOSTILE_REFLECTION = """---
title: Hostile reflection
type: reflection
id: hostile-reflection
---
<script>alert("prompt")</script> What do you think? <a href="https://example.org" onclick="alert(15)">x</a>

## A model {.model-answer}
<details ontoggle="alert(16)" open><summary>y</summary></details>
"""

#: The `<script>` tags page templates write: the runtime's files and the player's start call.
_TEMPLATE_SCRIPT = re.compile(
    r'<script src="runtime/(?:course\.js|' + "|".join(re.escape(name) for name in SCRIPTS) + r')"></script>'
    r'|<script>Coursepack\.player\.start\(window\.COURSEPACK_COURSE, \{[^<]*\}\);</script>')
_SCRIPTS = [
    ("<script", re.compile(r"<script", re.I)),
    ("javascript: URL", re.compile(r"j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t\s*:", re.I)),
    ("on…= handler", re.compile(r"<[a-zA-Z][^>]*?[\s/\"']on[a-zA-Z]+\s*=", re.S)),
    ("<foreignObject", re.compile(r"<foreignObject", re.I)),
    ("a link target other than _blank", re.compile(r"""<a\s[^>]*?\btarget\s*=\s*(?!["']?_blank\b)""", re.I)),
]
_GENERATED_PAGES = {".html", ".xml"}  # pages and manifests coursepack writes itself (scanned below)


def runtime_files() -> set[bytes]:
    return {data for name, data in shipped_runtime().items() if name.endswith(".js")}


def readable(data: bytes) -> str:
    """The text as a browser or an LMS would see it: entities decoded (a cartridge's QTI holds
    HTML as escaped text) and JSON escapes undone (course.js holds HTML in JSON strings)."""
    text = data.decode("utf-8", errors="replace")
    if "<coursepack_quiz" in text:
        text = xblock_view(data)
    elif text.startswith("{"):
        text = json_view(text)
    text = text.replace("\\u003c", "<").replace("\\u003C", "<").replace('\\"', '"').replace("\\/", "/")
    return html.unescape(text)


def xblock_view(data: bytes) -> str:
    """An Open edX vertical with each quiz XBlock's stored Markdown replaced by the HTML the
    XBlock shows learners (`render_text`, as coursepack_quiz_xblock.learner does)."""
    root = etree.fromstring(data)
    for block in root.iter("coursepack_quiz"):
        block.text = load_quiz_json(json.loads(block.text)).map_text(render_text).model_dump_json()
    return etree.tostring(root, encoding="unicode")


def json_view(text: str) -> str:
    """The `json` target's model without each quiz's author Markdown ("quiz", kept verbatim by
    design for tools, never shown as HTML); its HTML ("html", "rendered", definitions) stays."""
    def strip(node):
        if isinstance(node, dict):
            return {k: strip(v) for k, v in node.items() if not (k == "quiz" and "rendered" in node)}
        return [strip(v) for v in node] if isinstance(node, list) else node
    return json.dumps(strip(json.loads(text)), ensure_ascii=False)


_STANDALONE_START = re.compile(r"<script>Coursepack\.activity\.standalone\((.*)\);</script>", re.S)


def without_inlined_runtime(text: str) -> str:
    """A standalone activity page (runtime/standalone.py) inlines the runtime's scripts: those exact
    texts go, and the start call keeps only its argument, the course data, which is still scanned."""
    for source in standalone_sources().values():
        text = text.replace(f"<script>{source.decode()}</script>", "")
    return _STANDALONE_START.sub(lambda m: m.group(1), text)


def findings(tree: dict[str, bytes], course_media: set[bytes]) -> list[str]:
    """Every place in a package where script could come from the course."""
    runtime = runtime_files()
    found = []
    for name, data in sorted(tree.items()):
        suffix = PurePosixPath(name).suffix.lower()
        if data in runtime and PurePosixPath(name).parent.name == RUNTIME_DIR:
            continue  # the player itself
        if data in course_media and suffix not in media.MEDIA_TYPES:
            found.append(f"{name}: a course file of a type packages must not carry")
        elif data not in course_media and suffix in media.ACTIVE_SUFFIXES and suffix not in _GENERATED_PAGES \
                and name != f"{RUNTIME_DIR}/course.js" and not name.startswith(f"{CONTENT_DIR}/"):
            found.append(f"{name}: an active file that is neither the runtime nor a generated page")
        if data not in course_media and suffix == ".html":
            data = without_inlined_runtime(data.decode("utf-8", errors="replace")).encode()
        text = _TEMPLATE_SCRIPT.sub("", readable(data)) if data not in course_media else readable(data)
        found += [f"{name}: {what}" for what, pattern in _SCRIPTS if pattern.search(text)]
    return found


def unpack(path: Path, package_format: str) -> dict[str, bytes]:
    if package_format == "dir":
        return {p.relative_to(path).as_posix(): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}
    if package_format == "zip":
        with zipfile.ZipFile(path) as archive:
            return {name: archive.read(name) for name in archive.namelist() if not name.endswith("/")}
    if package_format == "tar.gz":
        with tarfile.open(path, "r:gz") as archive:
            return {m.name: archive.extractfile(m).read() for m in archive.getmembers() if m.isfile()}
    return {path.name: path.read_bytes()}


@pytest.fixture(scope="module")
def hostile_course(tmp_path_factory):
    """basic-en with raw HTML attacks in a lesson, a glossary definition and a quiz prompt."""
    import shutil

    course = Path(shutil.copytree(FIXTURES / "courses" / "basic-en", tmp_path_factory.mktemp("c") / "basic-en"))
    lesson = course / "01-welcome" / "01-first-lesson.md"
    lesson.write_text(lesson.read_text(encoding="utf-8") + HOSTILE_LESSON, encoding="utf-8")
    glossary = course / "glossary.yml"
    glossary.write_text(glossary.read_text(encoding="utf-8").replace(
        "definition: A zip file", 'definition: A <b onclick="alert(7)">zip</b> file<script>alert(8)</script>'),
        encoding="utf-8")
    (course / "02-practice" / "03-hostile-scenario.md").write_text(HOSTILE_SCENARIO, encoding="utf-8")
    (course / "02-practice" / "04-hostile-reflection.md").write_text(HOSTILE_REFLECTION, encoding="utf-8")
    quiz = course / "02-practice" / "02-quiz.md"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace(
        "## Which file describes the whole course?",
        '## Which <u onmouseover="alert(9)">file</u> describes the whole course?<script>alert(10)</script>'),
        encoding="utf-8")
    return course


def test_every_package_of_a_course_with_hostile_html_carries_no_script(hostile_course, tmp_path, monkeypatch):
    assert not check_course(hostile_course).ok  # check refuses raw tags the sanitiser would drop
    # The sanitiser is the last line of defence even where check is skipped (builder/embeds.py).
    monkeypatch.setattr("builder.embeds.check_body", lambda *args, **kwargs: [])
    checked = check_course(hostile_course)
    assert checked.ok, [d.format() for d in checked.diagnostics]
    result = build_course(hostile_course, None, tmp_path)
    assert result.ok and {w.target for w in result.written} == set(registry.available())
    course_media = {m.data for m in checked.course.media}
    scanned = media_seen = 0
    for written in result.written:
        tree = unpack(written.path, registry.available()[written.target].package_format)
        assert findings(tree, course_media) == [], written.target
        scanned += len(tree)
        media_seen += sum(data in course_media for data in tree.values())
    assert scanned > 50 and media_seen >= 5  # the scan looked at pages and at the course's own media


def test_the_scan_fails_when_the_sanitiser_is_off(hostile_course, tmp_path, monkeypatch):
    """The same course with the sanitiser switched off: every target showing lesson HTML is caught,
    so the test above passes because the packages are clean, not because the scan is blind."""
    monkeypatch.setattr("builder.markdown.render.sanitize", lambda html_text: html_text)
    monkeypatch.setattr("builder.embeds.check_body", lambda *args, **kwargs: [])
    result = build_course(hostile_course, None, tmp_path)
    flagged = {w.target for w in result.written
               if findings(unpack(w.path, registry.available()[w.target].package_format), set())}
    assert {"web", "scorm12", "scorm2004", "imscc", "olx", "review", "json"} <= flagged, flagged


def test_the_scan_fails_on_hostile_media_that_check_refuses():
    """Put the refused files into an otherwise clean model, emit every target and scan: each target
    that carries media must be caught. Proves the scan above can fail."""
    refused = check_course(FIXTURES / "broken" / "media")
    assert not refused.ok and refused.course is None
    codes = {d.code for d in refused.diagnostics}
    assert {"svg.script", "svg.handler", "svg.url", "svg.foreign-object", "media.active", "media.signature"} <= codes
    course = check_course(FIXTURES / "courses" / "basic-en").course
    hostile = tuple(MediaFile(f"media/{name}", (HOSTILE_MEDIA / name).read_bytes())
                    for name in ("scripted.svg", "page.html", "tool.js", "photo.png", "notes.txt"))
    poisoned = dataclasses.replace(course, media=course.media + hostile)
    hostile_bytes = {m.data for m in hostile}
    caught = set()
    carriers = set()
    for name, target_class in registry.available().items():
        tree = target_class().emit(poisoned).tree
        carried = [path for path, data in tree.items() if data in hostile_bytes]
        problems = findings(tree, {m.data for m in poisoned.media})
        for path in carried:
            assert any(problem.startswith(f"{path}:") for problem in problems), (name, path)
        carriers |= {name} if carried else set()
        caught |= {name} if problems else set()
    assert carriers == caught and len(carriers) >= 5, (carriers, caught)


@pytest.mark.parametrize("payload", [
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"/></svg>',
    b'<p>&lt;img src=x onerror=alert(1)&gt;</p>',
    b'window.X={"html":"\\u003cscript>alert(1)"}',
    b'<p><a href="https://example.org" target="_top">out</a></p>',
])
def test_the_scan_flags_each_kind_of_script_in_a_generated_file(payload):
    assert findings({"pages/x.html": payload}, set())


def test_the_scan_passes_the_runtime_and_flags_a_foreign_script():
    player = shipped_runtime()[f"{RUNTIME_DIR}/player.js"]
    assert findings({f"{RUNTIME_DIR}/player.js": player}, set()) == []
    assert findings({"media/player.js": player}, set())  # the same bytes elsewhere are not the runtime
    assert findings({"lib/helper.js": b"var x = 1;"}, set())
