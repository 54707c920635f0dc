"""Scenarios and reflections in translation: every text unit extracted with a stable ID, the
structure (IDs, links between nodes, scores, classes) kept out of the translator's hands, and the
translated build carrying every unit (fixture translated-activities, French)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from coursepack_quiz.diagnostics import Sink

from builder.build import build_course, check_course
from builder.cli import main
from builder.load import load_course
from builder.translate.walk import extract_units, walk_course
from builder.validate import validate

COURSES = Path(__file__).resolve().parents[1] / "fixtures" / "courses"
COURSE = COURSES / "translated-activities"


def valid_course(root: Path):
    sink = Sink()
    valid = validate(load_course(root, sink), sink)
    assert valid is not None, [d.format() for d in sink.items]
    return valid


def test_every_scenario_and_reflection_text_is_a_unit_with_a_stable_id():
    units = {u.id: u for u in extract_units(valid_course(COURSE))}
    scenario = [i for i in units if i.startswith("choice/")]
    assert scenario == [
        "choice/title", "choice/start", "choice/start/b1",
        "choice/start/choice:volunteer", "choice/start/volunteer/consequence",
        "choice/start/choice:close", "choice/start/close/consequence",
        "choice/open", "choice/open/b1", "choice/open/choice:call-back", "choice/open/call-back/consequence",
        "choice/open/choice:let-go", "choice/open/let-go/consequence",
        "choice/owned", "choice/owned/b1", "choice/lost", "choice/lost/b1"]
    assert units["choice/start/choice:close"].source == "Close the meeting"  # not its {#id} -> next
    assert units["choice/start/close/consequence"].source == "People leave quickly.\n\nThe finding stays open."
    assert units["choice/start/close/consequence"].line == 14
    reflection = [i for i in units if i.startswith("reflect/")]
    assert reflection == ["reflect/title", "reflect/downloads/1/title", "reflect/b1", "reflect/questions",
                          "reflect/b2", "reflect/model-answer", "reflect/b3"]
    assert units["reflect/questions"].source == "Questions to help you"  # not its {.questions}


def test_walking_with_the_source_text_rebuilds_every_file_exactly():
    for root in (COURSE, COURSES / "activities-en", COURSES / "activities-ar"):
        valid = valid_course(root)
        walked = walk_course(valid, lambda unit: unit.source)
        for before, after in zip(valid.source.modules, walked.source.modules):
            assert [f.doc.body for f in before.files] == [f.doc.body for f in after.files]


def test_the_translated_build_carries_every_unit_and_keeps_the_structure(tmp_path):
    result = build_course(COURSE, ["json"], tmp_path)
    assert result.ok, [d.format() for d in result.diagnostics]
    en, fr = (json.loads((tmp_path / f"translated-activities-{lang}-json.json").read_text()) for lang in ("en", "fr"))
    text = json.dumps(fr, ensure_ascii=False)
    leftovers = [u.source for u in extract_units(valid_course(COURSE))
                 if u.id.startswith(("choice/", "reflect/")) and u.source in text]
    assert leftovers == []

    def shape(course: dict) -> list:
        pages = course["modules"][0]["pages"]
        nodes = [(n["id"], n["ending"], n["score"], [(c["id"], c["next"]) for c in n["choices"]])
                 for n in pages[1]["nodes"]]
        return [nodes, pages[1]["weight"], pages[1]["pass_mark"], [d["path"] for d in pages[2]["downloads"]]]
    assert shape(fr) == shape(en)
    scenario, reflection = fr["modules"][0]["pages"][1:3]
    assert scenario["nodes"][0]["choices"][1]["consequence_html"] == (
        "<p>Chacun part vite.</p>\n<p>Le constat reste ouvert.</p>")
    assert reflection["questions_heading"] == "Questions pour vous aider"
    assert reflection["questions_html"] == ["Qui parle en premier ?", "Qui note les responsables ?"]
    assert reflection["downloads"][0]["title"] == "Liste de contrôle de la revue"


def test_extract_again_keeps_every_translation(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(COURSE, course)
    before = (course / "translations" / "fr.po").read_text(encoding="utf-8")
    result = CliRunner().invoke(main, ["translate", "extract", str(course), "--lang", "fr"])
    assert result.exit_code == 0, result.output
    assert "30 units, 30 translated and current" in result.output
    assert (course / "translations" / "fr.po").read_text(encoding="utf-8") == before


def test_a_translation_that_adds_a_choice_arrow_is_a_markup_error_at_its_unit(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(COURSE, course)
    po = course / "translations" / "fr.po"
    text = po.read_text(encoding="utf-8")
    text = text.replace('"Chacun part vite.\\n"', '"Chacun part vite -> open.\\n"')
    po.write_text(text, encoding="utf-8")
    checked = check_course(course)
    assert [d.code for d in checked.diagnostics if d.is_error] == ["translate.markup"]
    assert "choice/start/close/consequence" in checked.diagnostics[0].message
