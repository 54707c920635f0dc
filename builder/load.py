"""Load: read a course folder into source documents, keeping line positions.

Loading only splits front matter from bodies and orders files; it never judges content
(that is `validate`'s job), so a broken file still loads and every problem is reported once.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from coursepack_quiz.bounds import check_characters, check_markdown, check_size
from coursepack_quiz.diagnostics import Sink, error
from coursepack_quiz.frontmatter import SplitDocument, YamlDoc, load_yaml, split_front_matter

from .boundary import escaping_links, link_diagnostics

COURSE_FILE = "course.yml"
MODULE_FILE = "module.yml"
GLOSSARY_FILE = "glossary.yml"
MEDIA_DIR = "media"
TRANSLATIONS_DIR = "translations"  # translators' PO files (builder/translate), not a module

# "01-intro", "2_basics", "10 review": the number orders, the rest is the ID.
_PREFIX = re.compile(r"^(\d+)[-_ ]+")


@dataclass
class SourceFile:
    """A Markdown file of a module: lesson or quiz, decided by its front matter."""

    path: Path
    display: str  # the path as shown in diagnostics
    doc: SplitDocument
    # The file's text before its body (byte-order mark, front matter and its fences): the text
    # is kept once, as `head` and `doc.body`, not a second time whole (`text` joins them).
    head: str
    # A bound was passed (too large, nested too deep; already reported): the body is not read
    # further, because scanning or rendering it could take minutes or exhaust the stack.
    out_of_bounds: bool = False

    @property
    def text(self) -> str:
        """The whole file as read (line ends made LF)."""
        return self.head + self.doc.body


@dataclass
class SourceModule:
    path: Path
    display: str
    config: YamlDoc | None  # None when module.yml is missing
    config_display: str
    files: list[SourceFile] = field(default_factory=list)


@dataclass
class SourceCourse:
    root: Path
    display: str
    config: YamlDoc
    config_display: str
    glossary: YamlDoc | None
    glossary_display: str
    modules: list[SourceModule] = field(default_factory=list)


def display_path(path: Path) -> str:
    """Paths in diagnostics are relative to the working directory when that is shorter."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return rel if not rel.startswith("..") or len(rel) < len(str(path)) else str(path)


def order_key(name: str) -> tuple[int, str]:
    match = _PREFIX.match(name)
    return (int(match.group(1)) if match else 1 << 30, name)


def strip_prefix(name: str) -> str:
    """`02-the-convention.md` → `the-convention`: the default ID of a file or folder."""
    stem = name[:-3] if name.endswith(".md") else name
    return _PREFIX.sub("", stem, count=1)


def _visible(entry: os.DirEntry) -> bool:
    return not entry.name.startswith((".", "_"))


def read_text(path: Path, display: str, sink: Sink) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        sink.add(error(display, 0, f"file is not UTF-8 text (byte {exc.start})", "file.encoding",
                       hint="save the file as UTF-8 in your editor"))
    except OSError as exc:
        sink.add(error(display, 0, f"file could not be read: {exc.strerror}", "file.unreadable"))
    return None


def _load_yaml_file(path: Path, sink: Sink) -> YamlDoc | None:
    display = display_path(path)
    text = read_text(path, display, sink)
    if text is None:
        return YamlDoc(data={})
    doc, diagnostics = load_yaml(text.lstrip("\ufeff"), display)
    sink.extend(diagnostics)
    return doc


def load_course(root: Path, sink: Sink) -> SourceCourse | None:
    """Read every source of the course at `root`, its problems into `sink`. Returns None only when
    it is not a course."""
    root = Path(root)
    course_file = root / COURSE_FILE
    outside = escaping_links(root) if root.is_dir() else {}
    if course_file not in outside and not course_file.is_file():
        sink.add(error(display_path(root), 0, f"no {COURSE_FILE} here: not a course folder", "course.missing",
                       hint="point at a folder such as courses/my-course, or run `coursepack new`"))
        return None
    sink.extend(link_diagnostics(outside, display_path))
    if course_file in outside:
        return None
    config = _load_yaml_file(course_file, sink)
    glossary_file = root / GLOSSARY_FILE
    glossary = _load_yaml_file(glossary_file, sink) if glossary_file.is_file() and glossary_file not in outside else None
    course = SourceCourse(root, display_path(root), config, display_path(course_file),
                          glossary, display_path(glossary_file))
    for entry in sorted(os.scandir(root), key=lambda e: order_key(e.name)):
        if entry.is_dir() and _visible(entry) and entry.name not in (MEDIA_DIR, TRANSLATIONS_DIR) and Path(entry.path) not in outside:
            course.modules.append(_load_module(Path(entry.path), sink, outside))
    return course


def _load_module(path: Path, sink: Sink, outside: dict[Path, str]) -> SourceModule:
    config_file = path / MODULE_FILE
    config = _load_yaml_file(config_file, sink) if config_file.is_file() and config_file not in outside else None
    module = SourceModule(path, display_path(path), config, display_path(config_file))
    for entry in sorted(os.scandir(path), key=lambda e: order_key(e.name)):
        if entry.is_file() and _visible(entry) and entry.name.endswith(".md") and Path(entry.path) not in outside:
            source = load_markdown(Path(entry.path), sink)
            if source is not None:
                module.files.append(source)
    return module


def load_markdown(path: Path, sink: Sink) -> SourceFile | None:
    display = display_path(path)
    text = read_text(path, display, sink)
    if text is None:
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    too_large = check_size(text, display)
    if too_large:
        sink.extend(too_large)
        return SourceFile(path, display, SplitDocument(YamlDoc(data={}, broken=True), "", 1, True), "",
                          out_of_bounds=True)
    doc, diagnostics = split_front_matter(text, display)  # the front matter's own bounds are checked there
    sink.extend(diagnostics)
    sink.extend(check_characters(doc.body, display, first_line=doc.body_line))
    structure = check_markdown(doc.body, display, doc.body_line)
    sink.extend(structure)
    # split_front_matter's body is the end of `text` (the lines after the closing fence)
    head = text[:len(text) - len(doc.body)]
    return SourceFile(path, display, doc, head, out_of_bounds=bool(structure))
