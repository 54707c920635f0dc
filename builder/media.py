"""Media files: which types a course may publish, how large, and what their bytes must look like.

Every file a lesson links to is copied unchanged into every package, where an LMS serves it from
its own origin; a click on a link to an HTML page or a scripted SVG would run the author's (or an
attacker's) script with the learner's LMS session. So media are checked, not trusted:

- the type, by suffix, is on `MEDIA_TYPES` (one table: add a row to allow a new type);
- the size is within that type's limit;
- the first bytes match the type (a `.png` that is really HTML is refused), where a signature is cheap;
- an SVG is parsed (lxml, no network, no DTD, no entity expansion) and refused when it could run
  script or fetch anything (`check_svg`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from coursepack_quiz.diagnostics import Diagnostic, error
from lxml import etree

from .load import display_path

MB = 1024 * 1024


def _starts(*prefixes: bytes) -> Callable[[bytes], bool]:
    return lambda head: head.startswith(prefixes)


def _at(offset: int, magic: bytes) -> Callable[[bytes], bool]:
    return lambda head: head[offset:offset + len(magic)] == magic


def _webp(head: bytes) -> bool:
    return head.startswith(b"RIFF") and head[8:12] == b"WEBP"


def _mp3(head: bytes) -> bool:
    # An ID3 tag, or straight into an MPEG audio frame (11 set sync bits).
    return head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0)


def _text(head: bytes) -> bool:
    """Plain text that no browser's sniffer would take for HTML (WHATWG MIME sniffing, 7.1)."""
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:  # a character cut at the end of the head is fine
            return False
    return not _LOOKS_LIKE_HTML.match(head)


def _vtt(head: bytes) -> bool:
    return head.removeprefix(b"\xef\xbb\xbf").startswith(b"WEBVTT") and _text(head)


def _svg(head: bytes) -> bool:
    return True  # judged by parsing the whole file (check_svg)


_LOOKS_LIKE_HTML = re.compile(
    rb"\s*<(?:!doctype\s+html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p|!--|\?xml|svg"
    rb"|object|embed|meta|form)[\s>/]", re.I)


@dataclass(frozen=True)
class MediaType:
    kind: str  # image, audio, video, captions, document
    max_bytes: int
    signature: Callable[[bytes], bool]
    looks_like: str  # what the first bytes should be, for the error message


_ZIP = _starts(b"PK\x03\x04")
_MP4 = _at(4, b"ftyp")

#: Every type a course may publish, by lower-case suffix. Limits keep packages uploadable to an
#: LMS (many cap uploads at 100–500 MB) and a single bad export from bloating every package.
MEDIA_TYPES: dict[str, MediaType] = {
    ".png": MediaType("image", 5 * MB, _starts(b"\x89PNG\r\n\x1a\n"), "a PNG image"),
    ".jpg": MediaType("image", 5 * MB, _starts(b"\xff\xd8\xff"), "a JPEG image"),
    ".jpeg": MediaType("image", 5 * MB, _starts(b"\xff\xd8\xff"), "a JPEG image"),
    ".gif": MediaType("image", 10 * MB, _starts(b"GIF87a", b"GIF89a"), "a GIF image"),
    ".webp": MediaType("image", 5 * MB, _webp, "a WebP image"),
    ".svg": MediaType("image", 1 * MB, _svg, "an SVG image"),
    ".mp3": MediaType("audio", 50 * MB, _mp3, "MP3 audio"),
    ".m4a": MediaType("audio", 50 * MB, _MP4, "MPEG-4 audio"),
    ".ogg": MediaType("audio", 50 * MB, _starts(b"OggS"), "Ogg audio"),
    ".mp4": MediaType("video", 200 * MB, _MP4, "MPEG-4 video"),
    ".webm": MediaType("video", 200 * MB, _starts(b"\x1a\x45\xdf\xa3"), "WebM video"),
    ".vtt": MediaType("captions", 1 * MB, _vtt, "WebVTT captions (starting with WEBVTT)"),
    ".pdf": MediaType("document", 20 * MB, _starts(b"%PDF-"), "a PDF document"),
    ".docx": MediaType("document", 20 * MB, _ZIP, "a Word document"),
    ".odt": MediaType("document", 20 * MB, _ZIP, "an OpenDocument text"),
    ".xlsx": MediaType("document", 20 * MB, _ZIP, "an Excel workbook"),
    ".csv": MediaType("document", 5 * MB, _text, "plain UTF-8 text (not HTML)"),
    ".txt": MediaType("document", 5 * MB, _text, "plain UTF-8 text (not HTML)"),
}

#: Types refused with a sharper reason: a browser or the learner's computer would run them.
ACTIVE_SUFFIXES = frozenset({
    ".html", ".htm", ".xhtml", ".xht", ".shtml", ".svgz", ".xml", ".xsl", ".xslt", ".js", ".mjs", ".cjs",
    ".wasm", ".swf", ".jar", ".php", ".phtml", ".asp", ".aspx", ".jsp", ".cgi", ".pl", ".py", ".rb", ".sh",
    ".bash", ".ps1", ".bat", ".cmd", ".vbs", ".hta", ".exe", ".dll", ".msi", ".com", ".scr", ".app", ".docm",
    ".xlsm", ".pptm", ".appcache", ".manifest",
})

_HEAD_BYTES = 64


@dataclass(frozen=True)
class Refusal:
    """Why a file may not be published, for the link that points at it."""

    message: str
    code: str
    hint: str


def allowed_suffixes() -> str:
    return " ".join(suffix[1:] for suffix in MEDIA_TYPES)


def refusal(path: Path, name: str) -> Refusal | None:
    """Type, size and signature of the file at `path` (shown as `name`); None when it may be published.
    The SVG's content is `check_svg`'s business."""
    suffix = Path(name).suffix.lower()
    media_type = MEDIA_TYPES.get(suffix)
    if media_type is None:
        return _refuse_type(name, suffix)
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(_HEAD_BYTES)
    except OSError as exc:
        return Refusal(f"'{name}' could not be read: {exc.strerror}", "file.unreadable",
                       "check the file's permissions")
    if size > media_type.max_bytes:
        return Refusal(f"'{name}' is {size / MB:.1f} MB; a {suffix[1:]} file may be at most "
                       f"{media_type.max_bytes // MB} MB", "media.too-large",
                       "compress it, or link to it on the web instead of packaging it")
    if not media_type.signature(head):
        return Refusal(f"'{name}' does not look like {media_type.looks_like}", "media.signature",
                       f"save it again as a real {suffix[1:]} file; the content must match the name")
    return None


def _refuse_type(name: str, suffix: str) -> Refusal:
    if suffix in ACTIVE_SUFFIXES:
        return Refusal(f"'{name}' is an active file ({suffix or 'no suffix'}): packages never carry pages or "
                       "programs, which would run inside the LMS", "media.active",
                       "write the content as a lesson, or export it as PDF or an image")
    return Refusal(f"'{name}' has a type packages do not carry ({suffix or 'no suffix'})", "media.type",
                   f"allowed: {allowed_suffixes()}")


def content_problems(path: Path) -> list[Diagnostic]:
    """Problems inside a file that `refusal` let through, at their lines in that file."""
    checker = {".svg": check_svg, ".vtt": check_vtt}.get(path.suffix.lower())
    if checker is None:
        return []
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [error(display_path(path), 0, f"file could not be read: {exc.strerror}", "file.unreadable")]
    return checker(data, display_path(path))


# ---- WebVTT -------------------------------------------------------------------------------------

_VTT_HEADER = re.compile(r"\AWEBVTT(?:[ \t][^\n]*)?\Z")
_VTT_TIME = r"(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})"
_VTT_TIMING = re.compile(rf"\A{_VTT_TIME}[ \t]+-->[ \t]+{_VTT_TIME}(?:[ \t]+[^\n]*)?\Z")


def _seconds(hours: str | None, minutes: str, seconds: str, millis: str) -> float:
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


def check_vtt(data: bytes, display: str) -> list[Diagnostic]:
    """A WebVTT file as browsers read it (W3C WebVTT, 4.): a `WEBVTT` header line, then blocks
    separated by blank lines; a cue is an optional ID line, a timing line and its text. A cue a
    browser cannot parse is skipped without a word, so each is reported at its line here."""
    try:
        text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        return [error(display, 1, "captions are not UTF-8 text", "vtt.encoding", hint="save the file as UTF-8")]
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not _VTT_HEADER.match(lines[0]):
        return [error(display, 1, "captions do not start with the line WEBVTT", "vtt.header",
                      hint="the first line must be WEBVTT (export the captions as WebVTT, not SRT)")]
    out: list[Diagnostic] = []
    cues = 0
    number = 1
    while number < len(lines):
        if not lines[number].strip():
            number += 1
            continue
        block_start = number
        block = []
        while number < len(lines) and lines[number].strip():
            block.append(lines[number])
            number += 1
        problem, is_cue = _vtt_block(block, display, block_start + 1)
        cues += is_cue
        out += problem
    if cues == 0 and not out:
        out.append(error(display, 1, "captions have no cues", "vtt.empty",
                         hint="add cues: a line like 00:00.000 --> 00:04.000, then the text"))
    return out


def _vtt_block(block: list[str], display: str, line: int) -> tuple[list[Diagnostic], bool]:
    """(problems, whether the block is a cue) for one block starting at `line`."""
    first = block[0]
    if first.startswith(("NOTE", "STYLE", "REGION")) and "-->" not in first:
        return [], False
    timing_at = 0 if "-->" in first else 1
    if timing_at >= len(block) or "-->" not in block[timing_at]:
        return [error(display, line, "captions block has no timing line", "vtt.timing",
                      hint="a cue is an optional ID line, then 00:00:01.000 --> 00:00:04.000, then its text")], False
    match = _VTT_TIMING.match(block[timing_at].strip())
    if match is None:
        return [error(display, line + timing_at, f"captions timing '{block[timing_at].strip()}' is not valid WebVTT",
                      "vtt.timing", hint="write times as mm:ss.ttt or hh:mm:ss.ttt with a dot before the "
                                         "milliseconds (SRT writes a comma)")], False
    start = _seconds(*match.groups()[:4])
    end = _seconds(*match.groups()[4:])
    if end <= start:
        return [error(display, line + timing_at, "captions cue ends before it starts", "vtt.timing",
                      hint="the time after --> must be later than the one before it")], True
    return [], True


# ---- SVG ----------------------------------------------------------------------------------------

_SVG_NS = "http://www.w3.org/2000/svg"
_XHTML_NS = "http://www.w3.org/1999/xhtml"
_XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
# A DOCTYPE with an internal subset (quoted literals may hold '>'), or any declaration at all:
# entities can hide script from a scan and attribute defaults can add `onload` to every element.
_DECLARATIONS = re.compile(r"""<!DOCTYPE(?:[^>\["']|"[^"]*"|'[^']*')*\[|<!(?:ENTITY|ATTLIST|ELEMENT|NOTATION)\b""",
                           re.I)
_ENCODING = re.compile(r"""\A\s*<\?xml[^>]*?\bencoding\s*=\s*["']([^"']*)["']""")
_UTF8_NAMES = {"utf-8", "utf8", "us-ascii", "ascii"}
# Browsers drop ASCII tabs and newlines inside URLs, and ignore case: "Java&#9;Script:" runs.
_URL_NOISE = re.compile(r"[\x00-\x20]")
_BAD_SCHEME = re.compile(r"(javascript|vbscript|data):")
_CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)""", re.I | re.S)
_CSS_IMPORT = re.compile(r"@import", re.I)
# An <image> may embed a raster picture: those formats cannot carry script (an embedded SVG could).
_EMBEDDED_RASTER = re.compile(r"data:image/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*$")


def _parser() -> etree.XMLParser:
    # No DTD, no network, no entity expansion, no huge documents: parsing is itself safe.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                           remove_blank_text=False)


def check_svg(data: bytes, display: str) -> list[Diagnostic]:
    """Every way the SVG could run script or fetch something, each at its line in the SVG."""
    text = _utf8(data)
    if text is None:
        return [error(display, 1, "SVG is not UTF-8 text", "svg.encoding",
                      hint="export it again as UTF-8 (what drawing programs write by default)")]
    declaration = _DECLARATIONS.search(text)
    if declaration:
        line = text.count("\n", 0, declaration.start()) + 1
        return [error(display, line, "SVG has a DOCTYPE with declarations (entities can hide script)",
                      "svg.dtd", hint="export it again as plain SVG (e.g. Inkscape: Save as → Optimized SVG)")]
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        return [error(display, exc.lineno or 0, f"SVG is not well-formed XML: {exc.msg}", "svg.malformed",
                      hint="export it again from your drawing program")]
    if root.tag != f"{{{_SVG_NS}}}svg":
        return [error(display, root.sourceline or 0, "file is not an SVG image (its root is not <svg>)",
                      "svg.not-svg", hint="name the file after what it is, or export it as SVG")]
    out: list[Diagnostic] = []
    for sibling in [*root.itersiblings(preceding=True), *root.itersiblings()]:
        out += _node_problems(sibling, display)
    for node in root.iter():
        out += _node_problems(node, display)
    return out


def _utf8(data: bytes) -> str | None:
    """The SVG's text when it is UTF-8 and says nothing else: the declaration checks above must
    read the same characters as the parser and the browser."""
    try:
        text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        return None
    declared = _ENCODING.match(text)
    return text if declared is None or declared.group(1).lower() in _UTF8_NAMES else None


def _node_problems(node, display: str) -> list[Diagnostic]:
    line = node.sourceline or 0
    if isinstance(node, etree._ProcessingInstruction):
        return [error(display, line, f"SVG has a processing instruction <?{node.target} …?>", "svg.instruction",
                      hint="remove it: a stylesheet instruction can turn the image into a scripted page")]
    if isinstance(node, etree._Entity):
        return [error(display, line, f"SVG uses the entity &{node.name};", "svg.dtd",
                      hint="write the characters out, or export it again as plain SVG")]
    if not isinstance(node.tag, str):
        return []  # a comment
    out = _element_problems(node, display, line)
    element = etree.QName(node).localname
    for name, value in node.attrib.items():
        if not (element == "image" and _EMBEDDED_RASTER.match(value)):
            out += _attribute_problems(etree.QName(name).localname, name, value, display, line)
    if element == "style" and node.text:
        out += _css_problems(node.text, "a <style> element", display, line)
    return out


def _element_problems(node, display: str, line: int) -> list[Diagnostic]:
    name = etree.QName(node)
    if name.localname.lower() == "script":
        return [error(display, line, "SVG holds a <script>", "svg.script",
                      hint="remove the script; course images must be static")]
    if name.localname == "foreignObject":
        return [error(display, line, "SVG holds a <foreignObject> (HTML inside the image)", "svg.foreign-object",
                      hint="draw the content as SVG shapes and text instead")]
    if name.namespace == _XHTML_NS:
        return [error(display, line, f"SVG holds an HTML element <{name.localname}>", "svg.foreign-object",
                      hint="draw the content as SVG shapes and text instead")]
    return []


def _attribute_problems(local: str, name: str, value: str, display: str, line: int) -> list[Diagnostic]:
    if local.lower().startswith("on"):
        return [error(display, line, f"SVG has an event handler attribute {local}=", "svg.handler",
                      hint="remove it; course images must be static")]
    compact = _URL_NOISE.sub("", value).lower()
    if local == "attributeName" and (compact.startswith("on") or compact.endswith("href")):
        return [error(display, line, f"SVG animates the attribute {value}", "svg.animation",
                      hint="animations may not change links or event handlers")]
    scheme = _BAD_SCHEME.search(compact)
    if scheme:
        return [error(display, line, f"SVG attribute {local}= holds a {scheme.group(0)} URL", "svg.url",
                      hint="only references inside the SVG (#id) are allowed")]
    if local == "href" or name == _XML_BASE:
        if not compact.startswith("#"):
            return [_external(display, line, f"{local}={value!r}")]
        return []
    if local == "style":
        return _css_problems(value, "a style= attribute", display, line)
    return _css_urls(value, display, line)


def _css_problems(css: str, where: str, display: str, line: int) -> list[Diagnostic]:
    if _CSS_IMPORT.search(css):
        return [error(display, line, f"SVG has @import in {where}", "svg.external",
                      hint="put the styles into the SVG itself")]
    if _BAD_SCHEME.search(_URL_NOISE.sub("", css).lower()):
        return [error(display, line, f"SVG has a script or data URL in {where}", "svg.url",
                      hint="only references inside the SVG (url(#id)) are allowed")]
    return _css_urls(css, display, line)


def _css_urls(text: str, display: str, line: int) -> list[Diagnostic]:
    if "url(" not in text.lower():
        return []
    return [_external(display, line, f"url({match.group(2)})") for match in _CSS_URL.finditer(text)
            if not _URL_NOISE.sub("", match.group(2)).startswith("#")]


def _external(display: str, line: int, what: str) -> Diagnostic:
    return error(display, line, f"SVG refers to something outside itself: {what}", "svg.external",
                 hint="only references inside the SVG (#id, url(#id)) are allowed: embed images, "
                      "and link other files from the lesson instead")
