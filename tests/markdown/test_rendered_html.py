"""Every page of the shipped and fixture courses renders to the same HTML as the committed snapshot.

The snapshot is normalised (attributes sorted, insignificant whitespace collapsed, one element
per line) so that it guards what a learner sees, not how a Markdown library spaces its output.
It is the safety net for any change of Markdown renderer. Refresh after an intended change with
`pytest tests/markdown --update-golden` and review the diff.
"""

from __future__ import annotations

import dataclasses

import re
from pathlib import Path

import lxml.html
import pytest

from builder.build import check_course

REPO = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent / "golden"
COURSES = {
    "untoc-intro": REPO / "courses" / "untoc-intro",
    "untoc-intermediate": REPO / "courses" / "untoc-intermediate",
    "basic-en": REPO / "tests" / "fixtures" / "courses" / "basic-en",
    "basic-ar": REPO / "tests" / "fixtures" / "courses" / "basic-ar",
}
_SPACE = re.compile(r"\s+")
_PRESERVE = {"pre", "code"}


def normalise(html: str) -> str:
    """One element per line, indented by depth, attributes sorted, whitespace runs collapsed."""
    lines: list[str] = []
    for node in lxml.html.fragments_fromstring(html) if html.strip() else []:
        if isinstance(node, str):
            _text(lines, node, 0, False, first=True, last=True)
        else:
            _element(lines, node, 0, False)
            _text(lines, node.tail, 0, False, first=True, last=True)
    return "\n".join(lines)


def _text(lines: list[str], text: str | None, depth: int, keep: bool, first: bool = False,
          last: bool = False) -> None:
    """Whitespace inside text counts as one space; at an element's edges, or alone, it does not."""
    value = text or ""
    if not keep:
        value = _SPACE.sub(" ", value)
        value = value.lstrip() if first else value
        value = value.rstrip() if last else value
    if value.strip() or (keep and value):
        lines.append("  " * depth + repr(value))


def _element(lines: list[str], element, depth: int, keep: bool) -> None:
    attributes = " ".join(f'{name}="{value}"' for name, value in sorted(element.attrib.items()))
    lines.append("  " * depth + f"<{element.tag}{' ' + attributes if attributes else ''}>")
    keep = keep or element.tag in _PRESERVE
    children = list(element)
    _text(lines, element.text, depth + 1, keep, first=True, last=not children)
    for index, child in enumerate(children):
        _element(lines, child, depth + 1, keep)
        _text(lines, child.tail, depth + 1, keep, last=index == len(children) - 1)


def _strings(value, path: str):
    """(path, string) for every string in a dumped quiz, depth first, in field order."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}")
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}[{index}]")


def _rendered_fields(page):
    """A quiz's rendered quiz; a scenario's or reflection's rendered HTML fields (nodes, choices,
    prompt, guiding questions, model answer), in field order."""
    if page.kind == "quiz":
        return page.rendered.model_dump(mode="json")
    data = dataclasses.asdict(page)
    if page.kind == "scenario":
        return [{k: v for k, v in node.items() if k in ("title", "html", "choices")} for node in data["nodes"]]
    return {k: v for k, v in data.items() if k.endswith(("_html", "_heading"))}


def snapshot(course_dir: Path) -> str:
    checked = check_course(course_dir)
    assert checked.ok, "\n".join(d.format() for d in checked.diagnostics)
    sections: list[str] = []
    for page in checked.course.pages():
        if page.kind == "lesson":
            sections.append(f"== {page.id} ==\n{normalise(page.html)}")
            continue
        for path, text in _strings(_rendered_fields(page), page.id):
            sections.append(f"== {path} ==\n{normalise(text) if '<' in text else repr(text)}")
    for term in checked.course.glossary:
        sections.append(f"== glossary {term.id} ==\n{normalise(term.definition_html)}")
    return "\n".join(sections) + "\n"


@pytest.mark.parametrize("name", sorted(COURSES))
def test_rendered_html_matches_the_snapshot(name: str, update_golden: bool):
    current = snapshot(COURSES[name])
    golden = GOLDEN / f"{name}.txt"
    if update_golden or not golden.exists():
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(current, encoding="utf-8")
    assert current == golden.read_text(encoding="utf-8"), (
        f"rendered HTML of {name} changed; review `pytest tests/markdown --update-golden` and its diff")


def test_normalise_ignores_attribute_order_and_spacing_but_not_content():
    assert normalise('<p class="a" id="b">x  \n y</p>') == normalise('<p id="b" class="a">x y</p>')
    assert normalise("<p>x</p>") != normalise("<p>y</p>")
    assert normalise("<pre><code>a\n  b</code></pre>") != normalise("<pre><code>a b</code></pre>")
