"""Where a link or image in a lesson points: another lesson, a glossary term, a media file, the web.

One resolver serves both validation (which reports what does not resolve) and the model
(which rewrites targets to `coursepack:` URLs that each target maps into its own package).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from coursepack_quiz.diagnostics import Diagnostic

from . import media, urls

EXTERNAL_SCHEMES = urls.EXTERNAL_SCHEMES


@dataclass(frozen=True)
class Resolution:
    url: str | None  # the rewritten URL, or None when the target does not resolve
    problem: str = ""
    code: str = ""
    hint: str = ""
    media: str = ""  # course-relative POSIX path of a referenced media file


@dataclass
class CourseIndex:
    """What links can point at: documents by path and ID, glossary terms, files in the course."""

    root: Path
    ids_by_path: dict[Path, str]
    page_ids: set[str]
    glossary_ids: set[str]
    _memo: dict[tuple[str, Path, bool], Resolution] = field(default_factory=dict, repr=False)
    _media_memo: dict[str, tuple[Diagnostic, ...]] = field(default_factory=dict, repr=False)

    def resolve(self, target: str, source: Path, is_image: bool) -> Resolution:
        """Validation and rendering ask about the same links; a media path costs file-system calls."""
        key = (target, source.parent, is_image)
        if key not in self._memo:
            self._memo[key] = self._resolve(target, source, is_image)
        return self._memo[key]

    def _resolve(self, target: str, source: Path, is_image: bool) -> Resolution:
        if not target:
            return Resolution(None, "link has no target", "link.empty", "write the target between the parentheses")
        parts = urlsplit(target)
        scheme = parts.scheme.lower()
        if scheme in EXTERNAL_SCHEMES:
            if is_image:
                return Resolution(None, f"image '{target}' is on the web", "media.remote",
                                  "packages must work offline: put the file in media/ and link to it")
            return Resolution(target)
        if scheme == "lesson":
            return self._lesson(parts.path, parts.fragment, target)
        if scheme == "glossary":
            if parts.path in self.glossary_ids:
                return Resolution(urls.glossary(parts.path))
            return Resolution(None, f"glossary term '{parts.path}' is not in glossary.yml", "link.glossary",
                              "add it to glossary.yml or fix the term ID")
        if scheme or target.startswith("//"):
            return Resolution(None, f"link scheme '{scheme or '//'}' is not allowed", "link.scheme",
                              "use https://, mailto:, lesson:ID, glossary:ID or a relative path")
        if not parts.path:  # "#section": a place in the same page
            return Resolution(target)
        return self._relative(unquote(parts.path), parts.fragment, source, is_image)

    def _lesson(self, page_id: str, fragment: str, target: str) -> Resolution:
        if page_id in self.page_ids:
            return Resolution(urls.lesson(page_id, fragment))
        return Resolution(None, f"no lesson or quiz has the ID '{page_id}' ({target})", "link.lesson",
                          "check the ID in that lesson's front matter or file name")

    def _relative(self, path: str, fragment: str, source: Path, is_image: bool) -> Resolution:
        if path.startswith("/"):
            return Resolution(None, f"'{path}' is an absolute path", "link.absolute",
                              "use a path relative to this file, e.g. ../media/figure.svg")
        course_relative = posixpath.normpath(posixpath.join(source.parent.relative_to(self.root).as_posix(), path))
        if course_relative == ".." or course_relative.startswith("../"):
            return Resolution(None, f"'{path}' points outside the course folder", "link.outside",
                              "keep media inside the course's media/ folder")
        full = self.root / course_relative
        if path.endswith(".md") and not is_image:
            page_id = self.ids_by_path.get(full)
            if page_id is None:
                return Resolution(None, f"no lesson at '{path}'", "link.lesson", "check the relative path")
            return Resolution(urls.lesson(page_id, fragment))
        if not full.is_file():
            return Resolution(None, f"file '{path}' does not exist", "media.missing",
                              f"looked for {course_relative} in the course folder")
        if not full.resolve().is_relative_to(self.root.resolve()):
            return Resolution(None, f"'{path}' is a link to a file outside the course", "link.outside",
                              "copy the file into the course's media/ folder")
        refused = media.refusal(full, course_relative)
        if refused is not None:
            return Resolution(None, refused.message, refused.code, refused.hint)
        return Resolution(urls.media(course_relative), media=course_relative)

    def media_problems(self, course_relative: str) -> tuple[Diagnostic, ...]:
        """What is wrong inside a media file (an SVG's script), at lines of that file; once per file."""
        if course_relative not in self._media_memo:
            self._media_memo[course_relative] = tuple(media.content_problems(self.root / course_relative))
        return self._media_memo[course_relative]
