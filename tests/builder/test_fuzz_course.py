"""No input, however broken, makes `coursepack check` raise: fuzz whole course folders."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.build import check_course

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
