"""Audio, video and files to download in lessons: the author syntax, its checks and the download list.

Authors write audio and video as raw HTML, which the sanitiser keeps (`MEDIA_ELEMENTS`):

    <video controls poster="../media/x.jpg"><source src="../media/x.mp4" type="video/mp4">
    <track kind="captions" src="../media/x.vtt" srclang="en" label="English"></video>

A video needs a captions track (WebVTT, in the course language); an audio needs a `> [!transcript]`
callout right after it. Files only come from the course (packages work offline): `<iframe>`,
`<embed>` and `<object>` are refused, and so is every other tag the sanitiser would drop, so that
nothing disappears between `check` and the learner. Files to download are listed in a lesson's
front matter (`downloads:`) and shown below the lesson with their type and size
(`downloads_html`). Which file types and sizes are allowed is `media.MEDIA_TYPES`'s business.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Callable
from urllib.parse import urlsplit

from coursepack_quiz.diagnostics import Diagnostic, error

from . import i18n, media, urls

#: Kept by the sanitiser, with these attributes (render.py adds them to its allowlist).
MEDIA_ATTRIBUTES: dict[str, set[str]] = {
    "video": {"src", "poster", "controls", "width", "height", "preload", "muted", "playsinline"},
    "audio": {"src", "controls", "preload"},
    "source": {"src", "type"},
    "track": {"kind", "src", "srclang", "label", "default"},
}
MEDIA_ELEMENTS = tuple(MEDIA_ATTRIBUTES)
#: The title that marks an image as decorative: `![](media/rule.svg "decorative")` gets alt="".
DECORATIVE = "decorative"
#: Elements that show another site inside the page: refused with the offline hint.
EMBEDS = frozenset({"iframe", "embed", "object", "frame", "frameset", "applet", "portal"})
CAPTION_KINDS = frozenset({"captions", "subtitles"})
#: The page kinds whose text may hold audio and video (every other text goes to question formats too).
PLAYER_PAGES = ("lesson", "scenario", "reflection")

_FENCED = re.compile(r"^ {0,3}(`{3,}|~{3,})[^\n]*\n(?:.*?\n)?(?: {0,3}\1[`~]*[ \t]*$|\Z)", re.M | re.S)
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_INLINE_CODE = re.compile(r"(?<!`)(`++)[^`\n]+?\1")
# A start or end tag: a name followed by a space, '/' or '>' (autolinks like <https://…> are not tags).
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*+)(?=[\s/>])([^<>]*+)>")
_ATTR = re.compile(r"""([A-Za-z_:][-A-Za-z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
_TRANSCRIPT = re.compile(r"\A\s*>\s*\[!transcript\]", re.I)


@dataclass(frozen=True)
class Tag:
    line: int
    col: int
    name: str
    closing: bool
    attrs: dict[str, str]
    end: int  # offset just after the tag in the scanned text


def _blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def raw_tags(body: str, first_line: int) -> list[Tag]:
    """Every raw HTML tag in a Markdown body outside code and comments, with its position."""
    if "<" not in body:
        return []
    text = _COMMENT.sub(_blank, body)
    text = _FENCED.sub(_blank, text)
    text = _INLINE_CODE.sub(_blank, text)
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    tags = []
    for match in _TAG.finditer(text):
        index = _line_index(starts, match.start())
        attrs = {a.group(1).lower(): next((v for v in a.groups()[1:] if v is not None), "")
                 for a in _ATTR.finditer(match.group(3))}
        tags.append(Tag(first_line + index, match.start() - starts[index] + 1, match.group(2).lower(),
                        bool(match.group(1)), attrs, match.end()))
    return tags


def _line_index(starts: list[int], offset: int) -> int:
    low, high = 0, len(starts)
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if starts[middle] <= offset else (low, middle)
    return low


#: (target, the element it sits on) → (course-relative media path or "", diagnostic or None).
MediaResolver = Callable[[str, Tag, str], "tuple[str, Diagnostic | None]"]


def check_body(body: str, first_line: int, display: str, allowed_tags: frozenset[str], language: str,
               resolve: MediaResolver, *, where: str = "lesson") -> list[Diagnostic]:
    """Every raw tag the sanitiser would drop, and every audio or video that breaks the rules.

    `where` names the text for the learner-facing words ("lesson", "quiz", "glossary definition", "scenario");
    audio and video are for the pages a player shows (`PLAYER_PAGES`): question formats (QTI, GIFT,
    Moodle XML) cannot carry them."""
    out: list[Diagnostic] = []
    tags = raw_tags(body, first_line)
    for position, tag in enumerate(tags):
        if tag.name in MEDIA_ELEMENTS and where not in PLAYER_PAGES:
            if not tag.closing and tag.name in ("video", "audio"):
                out.append(error(display, tag.line, f"<{tag.name}> is only allowed in lessons, scenarios and "
                                 f"reflections, not in a {where}",
                                 "media.not-in-lesson", col=tag.col,
                                 hint="put the audio or video in a lesson before the quiz and refer to it; "
                                      "question formats (QTI, GIFT, Moodle XML) cannot carry media players"))
        elif tag.name in EMBEDS:
            if not tag.closing:
                out.append(error(display, tag.line, f"<{tag.name}> shows another site inside the {where}",
                                 "media.embed", col=tag.col,
                                 hint="packages must work offline: put the video or audio file in media/ and use "
                                      "<video> or <audio> (see `coursepack help audio`)"))
        elif tag.name not in allowed_tags:
            if not tag.closing:
                out.append(error(display, tag.line, f"<{tag.name}> is not allowed and would be removed from the "
                                 f"{where}", "html.dropped", col=tag.col,
                                 hint="write it in Markdown, or use an allowed element (see `coursepack help "
                                      "what-you-can-write-in-a-lesson`)"))
        elif tag.name in ("video", "audio") and not tag.closing:
            inner = _inner(tags, position)
            out += _check_player(tag, inner, display, language, resolve)
            if tag.name == "audio" and not _transcript_follows(body, tags, position, inner):
                out.append(error(display, tag.line, "audio has no transcript", "media.transcript", col=tag.col,
                                 hint="write the transcript right after </audio>, in a `> [!transcript]` callout"))
    return out


def _inner(tags: list[Tag], position: int) -> list[Tag]:
    """The <source> and <track> tags up to the element's end tag."""
    name = tags[position].name
    inner = []
    for tag in tags[position + 1:]:
        if tag.name == name or tag.name in ("video", "audio"):
            break
        inner.append(tag)
    return inner


def _transcript_follows(body: str, tags: list[Tag], position: int, inner: list[Tag]) -> bool:
    end_tag = next((t for t in tags[position + 1 + len(inner):] if t.name == "audio"), None)
    after = end_tag.end if end_tag is not None and end_tag.closing else tags[position].end
    # `end` is an offset in the blanked text, which keeps the body's offsets.
    return bool(_TRANSCRIPT.match(body[after:]))


def _check_player(tag: Tag, inner: list[Tag], display: str, language: str,
                  resolve: MediaResolver) -> list[Diagnostic]:
    kind = tag.name  # video or audio
    out: list[Diagnostic] = []
    if "controls" not in tag.attrs:
        out.append(error(display, tag.line, f"{kind} has no controls", "media.controls", col=tag.col,
                         hint=f"write <{kind} controls …>: without them keyboard users cannot play or stop it"))
    sources = [(tag, tag.attrs["src"])] if "src" in tag.attrs else []
    sources += [(t, t.attrs.get("src", "")) for t in inner if t.name == "source" and not t.closing]
    if not sources:
        out.append(error(display, tag.line, f"{kind} has no source file", "media.no-source", col=tag.col,
                         hint=f'write <{kind} controls src="../media/file"> or add a <source src="…">'))
    for where, target in sources:
        out += _expect(where, target, kind, f"{kind} source", display, resolve)
    if kind == "video" and "poster" in tag.attrs:
        out += _expect(tag, tag.attrs["poster"], "image", "poster", display, resolve)
    if kind == "video":
        out += _check_captions(tag, [t for t in inner if t.name == "track" and not t.closing], display, language,
                               resolve)
    return out


def _expect(tag: Tag, target: str, media_kind: str, what: str, display: str,
            resolve: MediaResolver) -> list[Diagnostic]:
    """The file at `target` resolves and is of `media_kind` (video, audio, image, captions)."""
    if _is_remote(target):
        return [error(display, tag.line, f"{what} '{target}' is on the web", "media.remote", col=tag.col,
                      hint="packages must work offline: put the file in media/ and link to it")]
    path, problem = resolve(target, tag, what)
    if problem is not None:
        return [problem]
    actual = media.MEDIA_TYPES[PurePosixPath(path).suffix.lower()].kind
    if actual != media_kind:
        return [error(display, tag.line, f"{what} '{target}' is {actual}, not {media_kind}", "media.kind",
                      col=tag.col, hint=f"expected {media_kind}: {_suffixes(media_kind)}")]
    return []


def _check_captions(video: Tag, tracks: list[Tag], display: str, language: str,
                    resolve: MediaResolver) -> list[Diagnostic]:
    captions = [t for t in tracks if t.attrs.get("kind", "subtitles") in CAPTION_KINDS]
    if not captions:
        return [error(display, video.line, "video has no captions", "media.captions", col=video.col,
                      hint='add <track kind="captions" src="../media/file.vtt" srclang="…" label="…"> inside '
                           "<video> (WebVTT; deaf learners and anyone without sound depend on it)")]
    out: list[Diagnostic] = []
    for track in captions:
        out += _expect(track, track.attrs.get("src", ""), "captions", "captions track", display, resolve)
        srclang = track.attrs.get("srclang", "")
        if language and i18n.base_language(srclang) != i18n.base_language(language):
            out.append(error(display, track.line,
                             f"captions track srclang=\"{srclang}\" does not match the course language '{language}'",
                             "media.captions-language", col=track.col,
                             hint=f'write captions in the course language and set srclang="{language}"'))
        if not track.attrs.get("label", "").strip():
            out.append(error(display, track.line, "captions track has no label", "media.captions-label",
                             col=track.col, hint='add label="…": players list the track by it'))
    return out


def _is_remote(target: str) -> bool:
    return target.startswith("//") or urlsplit(target).scheme.lower() in ("http", "https")


def _suffixes(kind: str) -> str:
    return " ".join(s[1:] for s, t in media.MEDIA_TYPES.items() if t.kind == kind)


def document_suffixes() -> str:
    return _suffixes("document")


# ---- downloads ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Download:
    path: str  # course-relative POSIX path
    title: str
    size: int  # bytes


def format_size(size: int, language: str) -> str:
    """`12.3 KB` / `12,3 Ko` / `١٢٫٣ ك.ب`-style sizes: one decimal below 10, whole units above."""
    unit, value = ("mb", size / media.MB) if size >= media.MB else ("kb", max(size / 1024, 0.1))
    text = f"{value:.1f}" if value < 10 else f"{value:.0f}"
    return f"{text.replace('.', i18n.ui(language, 'decimal'))}\u00a0{i18n.ui(language, unit)}"


def type_label(path: str) -> str:
    return PurePosixPath(path).suffix[1:].upper()


def downloads_html(downloads: tuple[Download, ...], language: str, page_id: str) -> str:
    """The list below a lesson: each file's name, type and size, linked with `download`."""
    if not downloads:
        return ""
    heading = f"{page_id}-downloads"
    items = "".join(
        f'<li><a href="{html.escape(urls.media(d.path), quote=True)}" download>{html.escape(d.title)}</a> '
        f'<span class="cp-download-meta">({type_label(d.path)}, {format_size(d.size, language)})</span></li>\n'
        for d in downloads)
    return (f'<section class="cp-downloads" aria-labelledby="{heading}">\n'
            f'<h2 id="{heading}">{html.escape(i18n.ui(language, "downloads"))}</h2>\n<ul>\n{items}</ul>\n</section>\n')
