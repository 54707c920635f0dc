"""No input, however broken, makes `coursepack check` raise: fuzz whole course folders."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from builder.build import BuildResult, build_course, check_course
from builder.targets import available

FRAGMENTS = ["---", "title:", "id:", "type: quiz", "type: lesson", "- ", "  - ", ": ", "{#", "}", "(x)", "[ ]",
             "[x]", "= ", "->", "1. ", "> [!hint]", "> [!key]", "![", "](", ")", "[", "lesson:", "glossary:",
             "../media/", "<!--", "-->", "```", "\n", "\n\n", "#", "## ", "&", "<script>", "\t", "\ufeff", "\x00",
             "مؤتمر", "é", "*", "|", "[^1]", "pass_mark: ", "attempts: ", "- [", ": [", "'", '"']
markdownish = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=40).map("".join)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(course_yml=markdownish, module_yml=markdownish, lesson=markdownish, quiz=markdownish,
       glossary=markdownish)
def test_check_never_raises(course_yml, module_yml, lesson, quiz, glossary):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "01-m").mkdir()
        (root / "course.yml").write_text(course_yml, encoding="utf-8", errors="surrogatepass")
        (root / "glossary.yml").write_text(glossary, encoding="utf-8", errors="surrogatepass")
        (root / "01-m" / "module.yml").write_text(module_yml, encoding="utf-8", errors="surrogatepass")
        (root / "01-m" / "01-lesson.md").write_text(lesson, encoding="utf-8", errors="surrogatepass")
        (root / "01-m" / "02-quiz.md").write_text("---\ntype: quiz\ntitle: Q\n---\n" + quiz, encoding="utf-8",
                                                 errors="surrogatepass")
        checked = check_course(root)
        for diagnostic in checked.diagnostics:
            assert diagnostic.path and diagnostic.code and diagnostic.message


@settings(max_examples=60, deadline=None)
@given(raw=st.binary(max_size=200))
def test_non_utf8_files_are_diagnosed(raw):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "01-m").mkdir()
        (root / "course.yml").write_bytes(b"id: c\ntitle: T\nlanguage: en\ndescription: D\n")
        (root / "01-m" / "module.yml").write_bytes(b"title: M\n")
        (root / "01-m" / "01-lesson.md").write_bytes(raw)
        checked = check_course(root)
        assert checked.ok or any(d.is_error for d in checked.diagnostics)


# --- whatever `check` accepts, `build` builds -------------------------------------------------
# Small, mostly valid courses with hostile strings in every text an author writes: front matter
# and YAML values (as escapes too, which is how a control character reaches a title), lesson
# bodies, question prompts, options and feedback. Each example is checked, and when the check is
# clean, built for every registered target.

CONTROL = [chr(c) for c in range(32) if c not in (9, 10, 13)] + ["\x7f", "\x80", "\x85", "\x9f"]
INVALID = ["\ud800", "\udfff", "\ufffe", "\uffff"]
UNUSUAL = ["\ufdd0", "\u2028", "\u2029", "\u202e", "\u200b", "\ufeff", "\U0010ffff", "\U0001f600", "مؤتمر", "é"]
REFERENCES = ["&#0;", "&#x1;", "&#12;", "&#xD800;", "&#65534;", "&#x110000;", "&#x7f;", "&#x81;", "&#x85;",
              "&nbsp;", "&bogus;", "&#99999999999;"]
MARKUP = ["<![CDATA[", "]]>", "--", "<!--", "-->", "<?xml", "</script>", "<script>", "<", ">", "&", "'", '"', "\\",
          "{{", "}}", "{%", "${x}", "%s", "<a href='x'>", "<img src=x alt=y>", "<div>", "</div>", "`", "**", "*",
          "_", "[", "]", "](", ")", "![", "[^1]", "#", "> ", "- ", "1. ", "|", "```", "\n", "-> ", "= ", "{#x}",
          "(x)", "[x]", "> [!hint] ", "[a](lesson:second)", "[g](glossary:term)"]
# Pieces that `check` must refuse are rarer than those `build` must carry, so that both happen.
HOSTILE_PIECE = st.one_of(st.sampled_from(CONTROL), st.sampled_from(INVALID), st.sampled_from(UNUSUAL),
                          st.sampled_from(REFERENCES), st.sampled_from(MARKUP), st.sampled_from(MARKUP),
                          st.sampled_from(MARKUP), st.sampled_from(UNUSUAL), st.text(max_size=6))
HOSTILE_TEXT = st.lists(HOSTILE_PIECE, min_size=1, max_size=8).map(lambda pieces: "Text " + "".join(pieces))
DEEP = st.builds(lambda kind, n: {"quote": "> " * n + "x", "list": "\n".join("    " * i + "- x" for i in range(n)),
                                  "markers": "- " * n + "x", "brackets": "[" * n + "x", "backticks": "`" * n * 40,
                                  "tags": "<a " * n, "emphasis": "*a" * n * 40}[kind],
                 st.sampled_from(["quote", "list", "markers", "brackets", "backticks", "tags", "emphasis"]),
                 st.sampled_from([2, 4, 8, 12, 40, 300]))

# Every text an author writes, by where it goes: {name} in the course below.
YAML_SPOTS = ["course_title", "course_description", "objective", "term", "definition", "module_title",
              "lesson_title", "quiz_title"]
LINE_SPOTS = ["prompt", "option_a", "option_b", "feedback", "hint", "correct"]
BLOCK_SPOTS = ["lesson_body", "quiz_intro", "question_body"]
ANSWERS = {"single": "- (x) {option_a} {{#a}}\n  > {feedback}\n- ( ) {option_b} {{#b}}\n",
           "multiple": "- [x] {option_a} {{#a}}\n- [ ] {option_b} {{#b}}\n  > {feedback}\n",
           "fill": "= {option_a}\n", "matching": "- {option_a} -> {option_b}\n- other -> {feedback}\n",
           "ordering": "1. {option_a}\n2. {option_b}\n", "true-false": "- (x) True\n- ( ) False\n"}
COURSE = {
    "course.yml": "id: c\ntitle: {course_title}\nlanguage: en\ndescription: {course_description}\n"
                  "objectives:\n  - {objective}\ncompletion: visited-and-passed\npass_mark: 50\n",
    "glossary.yml": "term:\n  term: {term}\n  definition: {definition}\n",
    "01-m/module.yml": "title: {module_title}\n",
    "01-m/01-first.md": "---\ntitle: {lesson_title}\nid: first\n---\n\n[next](lesson:second) [g](glossary:term)\n\n"
                        "{lesson_body}\n",
    "01-m/02-second.md": "---\ntitle: Second\nid: second\n---\n\nPlain text.\n",
    "01-m/03-quiz.md": "---\ntype: quiz\ntitle: {quiz_title}\nid: q1\n---\n\n{quiz_intro}\n\n"
                       "## {prompt} {{#q1}}\n\n{question_body}\n\n{answers}\n> [!hint] {hint}\n> [!correct] {correct}\n",
}


def _yaml_text(text: str, style: int) -> str:
    """A YAML scalar: double-quoted with escapes (reaches any character), single-quoted, or plain."""
    if style == 0 or not text.isprintable():
        return json.dumps(text)
    return "'" + text.replace("'", "''") + "'" if style == 1 else text


@st.composite
def hostile_courses(draw) -> dict[str, str]:
    """A valid course with one to three of its texts replaced by hostile ones."""
    texts = dict.fromkeys(YAML_SPOTS + LINE_SPOTS + BLOCK_SPOTS, "Plain text")
    for spot in draw(st.lists(st.sampled_from(list(texts)), min_size=1, max_size=3, unique=True)):
        texts[spot] = draw(st.one_of(HOSTILE_TEXT, DEEP) if spot in BLOCK_SPOTS else HOSTILE_TEXT)
    for spot in YAML_SPOTS:
        texts[spot] = _yaml_text(texts[spot], draw(st.integers(0, 2)))
    for spot in LINE_SPOTS:
        texts[spot] = texts[spot].replace("\n", " ")
    answers = ANSWERS[draw(st.sampled_from(list(ANSWERS)))].format(**texts)
    return {name: template.format(answers=answers, **texts) for name, template in COURSE.items()}


def write_course(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        # surrogatepass: a lone surrogate becomes bytes that are not UTF-8, which the loader must report
        (root / name).write_text(text, encoding="utf-8", errors="surrogatepass")


def build_what_check_accepts(root: Path, targets: list[str] | None, dist: Path) -> BuildResult | None:
    """Check the course at `root`; when check accepts it, build it: a crash in no target, and a
    refusal only with an error saying why. None when check refused it (with an error)."""
    checked = check_course(root)
    if not checked.ok:
        assert any(d.is_error for d in checked.diagnostics)
        event("check: " + min(d.code for d in checked.diagnostics if d.is_error))
        return None
    result = build_course(root, targets, dist)
    assert not any(d.code == "build.target-crash" for d in result.diagnostics), [d.format() for d in result.diagnostics]
    assert result.ok or any(d.is_error for d in result.diagnostics), [d.format() for d in result.diagnostics]
    event("built" if result.ok else "build refused")
    return result


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "100")), deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(files=hostile_courses())
def test_whatever_check_accepts_every_target_builds(files):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "course"
        write_course(root, files)
        result = build_what_check_accepts(root, None, Path(folder) / "dist")  # every registered target
        if result is not None and result.ok:
            assert {w.target for w in result.written} == set(available())
