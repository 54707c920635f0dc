"""`coursepack help TOPIC`: the authoring guide, shipped inside the package, one section at a time.

The guide is docs/authoring.md itself: `builder/authoring.md` is a link to it, and a wheel carries
the file's content as package data (there is one copy to edit). Its `##` and `###` headings are the
topics, found by the Markdown parser (a `## Question` inside a fenced example is not a heading).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from importlib import resources

from markdown_it import MarkdownIt

GUIDE = "authoring.md"


@dataclass(frozen=True)
class Topic:
    slug: str  # "course-yml", "audio-and-video"
    title: str  # "`course.yml`", "Audio and video"
    text: str  # the section in Markdown, heading included, up to the next heading of its level or above


def guide_text() -> str:
    return resources.files("builder").joinpath(GUIDE).read_text(encoding="utf-8")


def slug(text: str) -> str:
    """`Modules: module.yml` → `modules-module-yml`: lower case, words joined by '-'."""
    return re.sub(r"[^\w]+", "-", text.lower().replace("`", "")).strip("-")


def topics(text: str | None = None) -> list[Topic]:
    text = guide_text() if text is None else text
    lines = text.splitlines(keepends=True)
    tokens = MarkdownIt("commonmark").parse(text)
    heads = [(int(tok.tag[1]), tok.map[0], tokens[i + 1].content) for i, tok in enumerate(tokens)
             if tok.type == "heading_open" and tok.tag in ("h2", "h3") and tok.map]
    found = []
    for n, (level, start, title) in enumerate(heads):
        end = next((line for lvl, line, _ in heads[n + 1:] if lvl <= level), len(lines))
        found.append(Topic(slug(title), title, "".join(lines[start:end]).rstrip() + "\n"))
    return found


def find(query: str, every: list[Topic]) -> list[Topic]:
    """The topics `query` names: an exact slug, else every topic whose slug holds its words in a row
    (`module.yml` finds "Modules: `module.yml`", `audio` finds "Audio and video")."""
    wanted = slug(query)
    exact = [topic for topic in every if topic.slug == wanted]
    if exact or not wanted:
        return exact
    return [topic for topic in every if f"-{wanted}-" in f"-{topic.slug}-"]


def suggestions(query: str, every: list[Topic]) -> list[str]:
    return difflib.get_close_matches(slug(query), [topic.slug for topic in every], n=3, cutoff=0.5)
