"""Editor support: the files `coursepack new` writes name their JSON Schema on their first line, the
way YAML language servers read it, those schemas are the ones coursepack ships (exported from the
pydantic models), and they accept the scaffold and both real courses. Also: "did you mean" for
unknown keys, and `coursepack help TOPIC` (the authoring guide shipped inside the package)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from builder import guide
from builder.cli import main
from builder.schema import EXPORTED
from builder.schema_export import render_schemas
from coursepack_quiz.model import QuizFrontMatter

jsonschema = pytest.importorskip("jsonschema")

REPO = Path(__file__).resolve().parents[2]
COURSES = [REPO / "courses" / "untoc-intro", REPO / "courses" / "untoc-intermediate"]
# The modeline yaml-language-server reads (redhat-developer/yaml-language-server, "Using inlined schema").
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


def authored_files(course: Path) -> list[Path]:
    """The files of a course an author edits: course.yml, glossary.yml, module.yml, lessons and quizzes."""
    found = [course / "course.yml", course / "glossary.yml"]
    for folder in sorted(p for p in course.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))):
        if folder.name in ("media", "translations"):
            continue
        found += sorted(folder.glob("module.yml")) + sorted(folder.glob("*.md"))
    return [path for path in found if path.is_file()]


def yaml_part(path: Path) -> str:
    """The YAML of a file: all of a .yml file, the front matter of a Markdown file."""
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".md":
        return text
    assert text.startswith("---\n"), path
    return text[4:text.index("\n---\n", 4) + 1]


def schema_name_for(path: Path, data: dict) -> str:
    if path.suffix == ".yml":
        return {"course.yml": "course", "module.yml": "module", "glossary.yml": "glossary"}[path.name]
    return data.get("type", "lesson")  # quiz, scenario, reflection: each kind has its schema


def schema_errors(schema_text: str, data) -> list[str]:
    schema = json.loads(schema_text)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]


@pytest.fixture(scope="module")
def scaffold(tmp_path_factory) -> Path:
    course = tmp_path_factory.mktemp("new") / "my-course"
    result = CliRunner().invoke(main, ["new", str(course)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return course


def test_every_scaffold_file_names_a_shipped_schema_that_accepts_it(scaffold):
    shipped = render_schemas()
    files = authored_files(scaffold)
    assert {p.name for p in files} >= {"course.yml", "glossary.yml", "module.yml"} and any(
        p.suffix == ".md" for p in files)
    for path in files:
        part = yaml_part(path)
        modeline = MODELINE.match(part.splitlines()[0])
        assert modeline, f"{path.relative_to(scaffold)} does not name its schema on its first line"
        schema_file = (path.parent / modeline.group(1)).resolve()  # relative to the file, as the server reads it
        data = yaml.safe_load(part)
        expected = f"{schema_name_for(path, data)}.schema.json"
        assert schema_file == (scaffold / "_schemas" / expected).resolve(), path
        assert schema_file.read_text(encoding="utf-8") == shipped[expected]
        assert schema_errors(shipped[expected], data) == [], path


def test_the_scaffold_carries_exactly_the_shipped_schemas(scaffold):
    written = {p.name: p.read_text(encoding="utf-8") for p in (scaffold / "_schemas").iterdir()}
    assert written == render_schemas() and set(written) == {f"{name}.schema.json" for name in EXPORTED}


def test_the_schemas_folder_is_not_taken_for_a_module(scaffold, tmp_path):
    result = CliRunner().invoke(main, ["check", str(scaffold), "--strict"], catch_exceptions=False)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("course", COURSES, ids=lambda p: p.name)
def test_the_shipped_schemas_accept_the_real_courses(course):
    shipped = render_schemas()
    problems = []
    files = authored_files(course)
    assert len(files) > 10
    for path in files:
        data = yaml.safe_load(yaml_part(path))
        name = f"{schema_name_for(path, data)}.schema.json"
        if name not in shipped:
            problems.append(f"{path.relative_to(course)}: no schema for it ({name})")
            continue
        problems += [f"{path.relative_to(course)}: {e}" for e in schema_errors(shipped[name], data)]
    assert problems == []


def test_the_schemas_reject_what_check_rejects(scaffold):
    """The schemas are not vacuous: a misspelt key and a wrong type fail them, as they fail `check`."""
    shipped = render_schemas()
    course = yaml.safe_load((scaffold / "course.yml").read_text(encoding="utf-8"))
    assert schema_errors(shipped["course.schema.json"], course) == []
    assert schema_errors(shipped["course.schema.json"], {**course, "titel": "x"})
    assert schema_errors(shipped["course.schema.json"], {**course, "pass_mark": "high"})


# ---- "did you mean" ---------------------------------------------------------------------------

#: Misspelt keys and their hints, a table kept as data (did_you_mean_cases.json): file, find, replace, hint.
DID_YOU_MEAN = json.loads((Path(__file__).parent / "did_you_mean_cases.json").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("file, find, replace, hint", [tuple(case.values()) for case in DID_YOU_MEAN],
                         ids=[f"{case['file']}:{case['replace'].strip()}" for case in DID_YOU_MEAN])
def test_an_unknown_key_gets_a_did_you_mean(scaffold, tmp_path, file, find, replace, hint):
    course = tmp_path / "c"
    shutil.copytree(scaffold, course)
    path = course / file
    text = path.read_text(encoding="utf-8")
    assert find in text
    line = text[:text.index(find)].count("\n") + 2  # the line after the newline that starts `find`
    path.write_text(text.replace(find, replace, 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(course)], catch_exceptions=False)
    lines = result.output.splitlines()
    key = replace.strip().rstrip(":").split(":")[0]
    at = next(i for i, text in enumerate(lines) if "unknown key '" in text and f"{key}' [" in text)
    assert lines[at].startswith(f"{path}:{line}:"), lines[at]
    assert lines[at + 1].strip().startswith(f"hint: {hint}"), lines[at + 1]


# ---- coursepack help --------------------------------------------------------------------------

def test_the_guide_shipped_in_the_package_is_docs_authoring_md():
    assert guide.guide_text() == (REPO / "docs" / "authoring.md").read_text(encoding="utf-8")


def test_every_help_topic_the_code_names_exists():
    """Hints and models name topics (`coursepack help X`); each must print exactly one section."""
    every = guide.topics()
    named = {model.help_topic for model in [*EXPORTED.values(), QuizFrontMatter] if hasattr(model, "help_topic")}
    sources = [*(REPO / "builder").rglob("*.py"), *(REPO / "builder").rglob("*.md"), *(REPO / "builder").rglob(
        "*.yml"), *(REPO / "xblocks" / "coursepack-quiz").rglob("*.py")]
    for source in sources:
        named |= set(re.findall(r"coursepack help ([a-z0-9][a-z0-9.-]*)`", source.read_text(encoding="utf-8")))
    assert {"course.yml", "quizzes", "lessons", "audio", "scenarios", "reflections"} <= named
    for topic in sorted(named):
        assert len(guide.find(topic, every)) == 1, topic


def test_help_prints_a_section_and_lists_topics():
    runner = CliRunner()
    listed = runner.invoke(main, ["help"], catch_exceptions=False)
    assert listed.exit_code == 0 and "course-yml" in listed.output and "quizzes" in listed.output
    section = runner.invoke(main, ["help", "course.yml"], catch_exceptions=False)
    assert section.exit_code == 0
    assert section.output.startswith("## `course.yml`\n") and "\n## Modules" not in section.output
    assert "pass_mark" in section.output


def test_a_heading_inside_a_fenced_example_is_not_a_topic():
    slugs = [topic.slug for topic in guide.topics()]
    assert "quizzes" in slugs and not any(s.startswith("when-did-the-general-assembly") for s in slugs)


def test_an_unknown_topic_is_a_usage_error_with_suggestions():
    result = CliRunner().invoke(main, ["help", "quizes"], catch_exceptions=False)
    assert result.exit_code == 2 and "did you mean quizzes?" in result.output
