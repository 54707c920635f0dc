"""The runtime as packages ship it (bundle.runtime_files): the sources without their whole-line
comments, still valid JavaScript, and nothing but comments removed."""

from __future__ import annotations

import difflib
import re
import shutil
import subprocess
from importlib import resources

import pytest

from builder.runtime.bundle import RUNTIME_DIR, SCRIPTS, STYLES, runtime_files, without_comments


def source(name: str) -> str:
    return (resources.files("builder.runtime") / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", SCRIPTS)
def test_no_template_literal_so_no_comment_marker_can_start_a_line_inside_a_string(name):
    code = re.sub(r"(?ms)^\s*/\*.*?\*/|//[^\n]*", "", source(name))  # backquotes in comments are prose
    assert "`" not in code


@pytest.mark.parametrize("name", SCRIPTS)
def test_shipped_scripts_parse_and_keep_every_line_of_code(tmp_path, name):
    node = shutil.which("node")
    if not node:
        pytest.skip("node is not installed")
    shipped = runtime_files()[f"{RUNTIME_DIR}/{name}"].decode()
    path = tmp_path / name
    path.write_text(shipped, encoding="utf-8")
    assert subprocess.run([node, "--check", str(path)], capture_output=True).returncode == 0
    # Only whole comments went: every removed run of lines is comments alone, nothing was changed.
    before, after = source(name).splitlines(), shipped.splitlines()
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        assert op in ("equal", "delete"), (op, before[i1:i2], after[j1:j2])
        if op == "delete":
            assert _COMMENTS.fullmatch("\n".join(before[i1:i2]) + "\n"), before[i1:i2]


_COMMENTS = re.compile(r"(?:[ \t]*(?://[^\n]*|/\*(?:(?!\*/).)*\*/[ \t]*)\n)+", re.S)


def test_a_block_comment_never_swallows_code_after_it():
    text = b"/* a */ var x = 1;\nvar y = 2; /* b */\n  /* whole\n  line */\nvar z = 3;\n"
    assert without_comments(text, script=True) == b"/* a */ var x = 1;\nvar y = 2; /* b */\nvar z = 3;\n"


def test_styles_lose_comments_only():
    shipped = runtime_files()[f"{RUNTIME_DIR}/{STYLES[0]}"].decode()
    assert "/*" not in shipped.split("{", 1)[0] and shipped.count("{") == source(STYLES[0]).count("{")
