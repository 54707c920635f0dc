"""The rules a page follows against the rest of the course (links, media, downloads, headings,
callouts: `page_rules`) and those that span pages (unique IDs, media names, completion:
`course_rules`). Validation runs both; the preview runs them again after re-reading an edited page.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from coursepack_quiz.diagnostics import Diagnostic, error, warning

from . import embeds, media
from .links import CourseIndex
from .load import SourceCourse
from .markdown.extensions import CALLOUT_KINDS
from .markdown.render import ALLOWED_TAGS, LINK_TARGET
from .schema import CourseConfig

if TYPE_CHECKING:  # validation's types; validation imports this module
    from .validate import Module, Page


def course_rules(config: CourseConfig | None, modules: list[Module], index: CourseIndex,
                 source: SourceCourse) -> list[Diagnostic]:
    """The rules that span pages (unique IDs, media names, completion): with `page_rules`, all a
    page edit can change, so the preview runs both after re-validating an edited page."""
    out = _unique_ids(modules) + _media_names(modules, index)
    if config is not None:
        out += _course_rules(config, modules, source)
    return out


def _unique_ids(modules: list[Module]) -> list[Diagnostic]:
    """Module IDs and page IDs name files in packages, so they must differ in more than case: a
    package unpacked on macOS or Windows would otherwise have one file overwrite the other."""
    out: list[Diagnostic] = []
    seen_modules: dict[str, tuple[str, str]] = {}
    seen_pages: dict[str, tuple[str, str]] = {}
    for module in modules:
        where = module.source.config_display
        out += clash(seen_modules, module.id, where, 1, "module ID", "give one of them an explicit, different `id:`",
                      whole_file=True)
        for page in module.pages:
            out += clash(seen_pages, page.id, page.source.display, 1, "ID",
                          "lesson and quiz IDs must be unique in the course", whole_file=True)
    return out


def clash(seen: dict[str, tuple[str, str]], ident: str, display: str, line: int, what: str,
           hint: str, code: str = "id.duplicate", *, whole_file: bool = False) -> list[Diagnostic]:
    """An error when `ident` was seen before, or one differing only in case; then remember it.
    `whole_file`: the ID belongs to the file (a page, a module), so other messages name just the file."""
    key = ident.casefold()
    if key not in seen:
        seen[key] = (ident, display if whole_file else f"{display}:{line}")
        return []
    first, place = seen[key]
    if first == ident:
        return [error(display, line, f"{what} '{ident}' is also used by {place}", code, hint=hint)]
    return [error(display, line, f"{what} '{ident}' differs only in case from '{first}' at {place}", code,
                  hint="file names collide on macOS and Windows: " + hint)]


def _media_names(modules: list[Module], index: CourseIndex) -> list[Diagnostic]:
    """Media keep their names in packages: two that differ only in case would overwrite each other."""
    out: list[Diagnostic] = []
    seen: dict[str, tuple[str, str]] = {}
    for page in (page for module in modules for page in module.pages):
        for link in page.scan.links:
            path = index.resolve(link.target, page.source.path, link.is_image).media
            if path and seen.get(path.casefold(), ("",))[0] != path:  # the same file twice is fine
                out += clash(seen, path, page.source.display, link.line, "media file",
                              "rename one of the files", "media.case")
    return out


def page_rules(page: Page, index: CourseIndex, language: str | None = None) -> list[Diagnostic]:
    """The rules a page must follow against the rest of the course (links, media, headings);
    `language`, the course's, is what captions must be written in."""
    out: list[Diagnostic] = []
    display = page.source.display
    out += _media_rules(page, index, language, display)  # quiz text too: the same sanitiser renders it
    if not page.is_quiz:
        out += _download_rules(page, index, display)
    if page.kind == "lesson" and not page.scan.has_content:  # scenarios and reflections have their own rule
        out.append(error(display, page.source.doc.body_line, "lesson has no text", "lesson.empty",
                         hint="write the lesson below the front matter"))
    out += _heading_rules(page, display)
    for link in page.scan.links:
        resolution = index.resolve(link.target, page.source.path, link.is_image)
        if resolution.url is None:
            out.append(error(display, link.line, resolution.problem, resolution.code, col=link.col, hint=resolution.hint))
        elif resolution.media:
            out += index.media_problems(resolution.media)
        if link.window is not None and link.window != LINK_TARGET:
            out.append(warning(display, link.line, f"link target=\"{link.window}\" becomes target=\"{LINK_TARGET}\"",
                               "link.target", col=link.col,
                               hint=f"links may only open a new window (target=\"{LINK_TARGET}\"); other targets "
                                    "would replace the LMS page around the course"))
        if link.is_image and link.title == embeds.DECORATIVE:
            if link.text.strip():
                out.append(error(display, link.line, f"decorative image '{link.target}' has alt text",
                                 "image.decorative-alt", col=link.col,
                                 hint="a decorative image is skipped by screen readers: remove the alt text, or "
                                      "remove the \"decorative\" marker if the image carries meaning"))
        elif link.is_image and not link.text.strip():
            out.append(error(display, link.line, f"image '{link.target}' has no alt text", "image.alt",
                             col=link.col, hint="describe what the image shows: ![a timeline from 1998 to 2003](…)"))
    for callout in page.scan.callouts:
        if callout.kind not in CALLOUT_KINDS and not page.is_quiz:
            out.append(warning(display, callout.line, f"unknown callout '[!{callout.kind}]'", "callout.unknown",
                               hint="use one of: " + ", ".join(f"[!{k}]" for k in CALLOUT_KINDS)))
    return out


def _media_rules(page: Page, index: CourseIndex, language: str | None, display: str) -> list[Diagnostic]:
    """Raw HTML the sanitiser would drop, and audio and video (builder/embeds.py)."""
    inside: list[Diagnostic] = []

    def resolve(target: str, tag: embeds.Tag, what: str) -> tuple[str, Diagnostic | None]:
        resolution = index.resolve(target, page.source.path, True)
        if resolution.url is None or not resolution.media:
            problem = resolution.problem or f"{what} '{target}' is not a file in the course"
            return "", error(display, tag.line, problem, resolution.code or "media.missing", col=tag.col,
                             hint=resolution.hint or "link to a file in the course's media/ folder")
        inside.extend(index.media_problems(resolution.media))
        return resolution.media, None

    out = embeds.check_body(page.source.doc.body, page.source.doc.body_line, display, ALLOWED_TAGS,
                            language or "", resolve, where=page.kind)
    return out + [d for d in dict.fromkeys(inside)]


def _download_rules(page: Page, index: CourseIndex, display: str) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for number, entry in enumerate(page.downloads):
        line, col = page.source.doc.front.where(("downloads", number, "file"))
        resolution = index.resolve(entry.file, page.source.path, True)
        if resolution.url is None or not resolution.media:
            out.append(error(display, line, resolution.problem or f"download '{entry.file}' is not a file",
                             resolution.code or "download.missing", col=col,
                             hint=resolution.hint or "list a file in the course's media/ folder"))
        elif media.MEDIA_TYPES[PurePosixPath(resolution.media).suffix.lower()].kind != "document":
            out.append(error(display, line, f"download '{entry.file}' is not a document", "download.type", col=col,
                             hint=f"allowed for downloads: {embeds.document_suffixes()}; show images, audio and "
                                  "video in the lesson instead"))
        else:
            out += index.media_problems(resolution.media)
    return out


def _heading_rules(page: Page, display: str) -> list[Diagnostic]:
    if page.kind in ("quiz", "scenario"):
        return []  # the quiz and scenario parsers own heading rules in their pages
    out: list[Diagnostic] = []
    previous = 1  # the lesson title is the level-1 heading
    for heading in page.scan.headings:
        if heading.level == 1:
            out.append(warning(display, heading.line, "level-1 heading in a lesson", "heading.h1",
                               hint="the title comes from the front matter; start sections with ##"))
        elif heading.level > previous + 1:
            out.append(warning(display, heading.line,
                               f"heading level jumps from {previous} to {heading.level}", "heading.skip",
                               hint=f"use {'#' * (previous + 1)} here (screen-reader users navigate by levels)"))
        previous = heading.level
    return out


def _course_rules(config: CourseConfig, modules: list[Module], source: SourceCourse) -> list[Diagnostic]:
    pages = [page for module in modules for page in module.pages]
    if not pages:
        return [error(source.config_display, 1, "the course has no lessons", "course.empty",
                      hint="add a module folder with a module.yml and a lesson; see `coursepack help lessons`")]
    graded = [p for p in pages if p.kind in ("quiz", "scenario") and p.meta.weight > 0]
    # A quiz or scenario whose front matter could not all be read may be the graded one: no invented error.
    unsure = any(p.kind in ("quiz", "scenario") and p.partial for p in pages)
    if config.completion.value != "visited" and not graded and not unsure:
        line, col = source.config.where(("completion",))
        return [error(source.config_display, line, f"completion '{config.completion.value}' needs a graded quiz "
                      "or scored scenario", "completion.no-graded-quiz", col=col,
                      hint="add a quiz or a scenario with weight > 0, or use `completion: visited`")]
    return []
