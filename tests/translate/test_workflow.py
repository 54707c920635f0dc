"""The course translation workflow on the `translated` fixture: extract, translate, build, compare;
stale detection; and every error a translation can hold, each at the PO file's line."""

from __future__ import annotations

import json
import re
from pathlib import Path

from babel.messages.pofile import read_po, write_po
from click.testing import CliRunner

from builder.build import build_course, check_course
from builder.cli import main
from builder.translate.catalog import read_entries, translation_path

COURSE_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "courses"
LANGUAGES = ("fr", "es", "pt", "ar")


def _extract(course: Path, *languages: str) -> None:
    args = ["translate", "extract", str(course)] + [f"--lang={lang}" for lang in languages]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output


def _fill(course: Path, language: str, translations: dict[str, str], flags: dict[str, set] | None = None) -> None:
    path = translation_path(course, language)
    with open(path, "rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if message.context in translations:
            message.string = translations[message.context]
            message.flags.update((flags or {}).get(message.context, set()))
    with open(path, "wb") as handle:
        write_po(handle, catalog, width=0, include_previous=True)


def _po_line(course: Path, language: str, unit: str) -> int:
    return read_entries(translation_path(course, language))[unit].line


def _shipped(course: Path, language: str) -> dict[str, str]:
    return {e.id: e.text for e in read_entries(translation_path(course, language)).values()}


def _question_ids(page: dict) -> list:
    return [(q["id"], [a.get("id") for a in q.get("choices", q.get("items", []))]) for q in page["quiz"]["questions"]]


def test_round_trip_extract_translate_build_compare(course_copy, tmp_path):
    course = course_copy("translated")
    shipped = {lang: _shipped(course, lang) for lang in LANGUAGES}
    for path in (course / "translations").iterdir():
        path.unlink()
    _extract(course, *LANGUAGES)
    assert not check_course(course).ok  # extracted but untranslated: every unit is an error
    for lang in LANGUAGES:
        _fill(course, lang, shipped[lang], {"check/q-word/fill1": {"same-in-translation"}} if lang == "fr" else None)
    result = build_course(course, ["json", "web"], tmp_path / "dist")
    assert result.ok, [d.format() for d in result.diagnostics]
    built = {lang: json.loads((tmp_path / "dist" / f"translated-{lang}-json.json").read_text("utf-8"))
             for lang in ("en",) + LANGUAGES}
    for lang in LANGUAGES:
        assert built[lang]["course"]["title"] == shipped[lang]["course/title"]
        assert built[lang]["course"]["language"] == lang
        assert built[lang]["glossary"][0]["term"] == shipped[lang]["glossary/link-sharing/term"]
        pages = built[lang]["modules"][0]["pages"]
        english = built["en"]["modules"][0]["pages"]
        assert [p["id"] for p in pages] == [p["id"] for p in english]
        assert json.dumps(pages[1]["quiz"]["questions"], sort_keys=True).count('"id"') == \
            json.dumps(english[1]["quiz"]["questions"], sort_keys=True).count('"id"')
        assert re.findall(r'"id": "([^"]+)"', json.dumps(pages[1]["quiz"])) == \
            re.findall(r'"id": "([^"]+)"', json.dumps(english[1]["quiz"]))
        assert (tmp_path / "dist" / f"translated-{lang}-web" / "index.html").is_file()
    assert "Vous" in (tmp_path / "dist" / "translated-fr-web" / "media" / "flow.svg").read_text("utf-8")
    svg = (tmp_path / "dist" / "translated-ar-web" / "media" / "flow.svg").read_text("utf-8")
    assert "الجميع" in svg and 'direction="rtl"' in svg and 'xml:lang="ar"' in svg


def test_editing_one_sentence_makes_exactly_its_unit_stale_in_every_language(course_copy, tmp_path):
    course = course_copy("translated")
    lesson = course / "01-start" / "01-sharing.md"
    lesson.write_text(lesson.read_text("utf-8").replace("Ask **who** needs", "Ask first **who** needs"), "utf-8")
    checked = check_course(course)
    stale = [d for d in checked.diagnostics if d.code == "translate.stale"]
    assert sorted((Path(d.path).name, d.line) for d in stale) == \
        sorted((f"{lang}.po", _po_line(course, lang, "sharing/b3")) for lang in LANGUAGES)
    assert all("sharing/b3" in d.message and not d.is_error for d in stale)
    assert all(d.is_error for d in check_course(course, strict=True).diagnostics if d.code == "translate.stale")
    assert not build_course(course, ["json"], tmp_path / "a").ok  # stale and no fallback allowed: no build
    config = course / "course.yml"
    config.write_text(config.read_text("utf-8") + "translation_fallback: source\n", "utf-8")
    result = build_course(course, ["json"], tmp_path / "b")
    assert result.ok, [d.format() for d in result.diagnostics]
    french = (tmp_path / "b" / "translated-fr-json.json").read_text("utf-8")
    assert "Ask first <strong>who</strong> needs" in french and "Partager un fichier" in french


def test_extract_again_keeps_translations_and_marks_the_changed_unit_fuzzy(course_copy):
    course = course_copy("translated")
    lesson = course / "01-start" / "01-sharing.md"
    lesson.write_text(lesson.read_text("utf-8").replace("Ask **who** needs", "Ask first **who** needs"), "utf-8")
    _extract(course, "fr")
    text = translation_path(course, "fr").read_text("utf-8")
    assert text.count("#, fuzzy") == 1 and '#| msgid "Ask **who** needs' in text
    entries = read_entries(translation_path(course, "fr"))
    assert entries["sharing/b3"].fuzzy and entries["sharing/b3"].source.startswith("Ask first")
    assert entries["sharing/b1"].text.startswith("Un fichier partagé") and not entries["sharing/b1"].fuzzy


def _errors(course: Path, code: str) -> list:
    return [d for d in check_course(course).diagnostics if d.code == code]


def test_broken_markup_is_an_error_at_the_po_line(course_copy):
    course = course_copy("translated")
    _fill(course, "es", {"sharing/b1": "Un archivo compartido puede llegar lejos. Haga el cuestionario."})
    _fill(course, "pt", {"sharing/b3": "Pergunte quem precisa do ficheiro e *por quanto tempo*. Desative a "
                                       "[partilha por ligação](glossary:link-sharing) quando terminar."})
    found = {(Path(d.path).name, d.line, d.message.split(": ", 1)[1]) for d in _errors(course, "translate.markup")}
    assert found == {
        ("es.po", _po_line(course, "es", "sharing/b1"), "the translation drops the link target 'lesson:check' of the source"),
        ("pt.po", _po_line(course, "pt", "sharing/b3"), "the translation drops the strong emphasis '**' of the source"),
    }


def test_missing_and_untranslated_units_are_errors(course_copy):
    course = course_copy("translated")
    path = translation_path(course, "fr")
    text = path.read_text("utf-8")
    block = re.search(r'\n#\. fingerprint: \w+\n#: [^\n]+\nmsgctxt "start/title"\n[^\n]+\n[^\n]+\n', text).group(0)
    path.write_text(text.replace(block, "\n"), "utf-8")
    _fill(course, "ar", {"check/title": ""})
    missing = _errors(course, "translate.missing")
    assert [(Path(d.path).name, "start/title" in d.message) for d in missing] == [("fr.po", True)]
    untranslated = _errors(course, "translate.untranslated")
    assert [(Path(d.path).name, d.line) for d in untranslated] == [("ar.po", _po_line(course, "ar", "check/title"))]


def test_translations_that_change_the_answer_key_are_errors(course_copy):
    course = course_copy("translated")
    _fill(course, "es", {"check/q-public/choice:a": "Cualquiera que tenga la dirección"})  # option b's text in a
    _fill(course, "pt", {"check/q-word/fill1": "public"})  # fill-in answer left in English
    found = sorted((Path(d.path).name, d.line) for d in _errors(course, "translate.answer-key"))
    # a now reads like b, so each of the two is reported
    assert found == sorted([("es.po", _po_line(course, "es", "check/q-public/choice:a")),
                            ("es.po", _po_line(course, "es", "check/q-public/choice:b")),
                            ("pt.po", _po_line(course, "pt", "check/q-word/fill1"))])


def test_a_listed_language_without_its_file_is_an_error_naming_course_yml(course_copy):
    course = course_copy("translated")
    translation_path(course, "pt").unlink()
    [problem] = _errors(course, "translate.no-file")
    assert problem.path.endswith("course.yml") and problem.line == 16 and "pt.po" in problem.message


def test_extract_rejects_a_bad_language_tag(course_copy):
    result = CliRunner().invoke(main, ["translate", "extract", str(course_copy("translated")), "--lang", "french!"])
    assert result.exit_code == 2 and "BCP 47" in result.output


def test_a_unit_the_source_lost_is_a_warning_and_a_damaged_file_an_error(course_copy):
    course = course_copy("translated")
    glossary = course / "glossary.yml"
    glossary.write_text(glossary.read_text("utf-8").replace("  definition: Giving access to a file to anyone who "
                                                            "has its address.\n", "  definition: Access by address.\n"
                                                            "extra:\n  term: extra\n  definition: More.\n"), "utf-8")
    codes = {(Path(d.path).name, d.code, d.is_error) for d in check_course(course).diagnostics}
    assert ("fr.po", "translate.stale", False) in codes and ("fr.po", "translate.missing", True) in codes
    path = translation_path(course, "es")
    lines = path.read_text("utf-8").split("\n")
    broken_line = lines.index('msgctxt "course/title"') + 1
    lines.insert(broken_line - 1, "a stray line")
    path.write_text("\n".join(lines), "utf-8")
    [damaged] = [d for d in check_course(course).diagnostics if d.code == "translate.unreadable"]
    assert (Path(damaged.path).name, damaged.line, damaged.is_error) == ("es.po", broken_line, True)


def test_obsolete_units_are_warnings_at_their_line(course_copy):
    course = course_copy("translated")
    lesson = course / "01-start" / "01-sharing.md"
    text = lesson.read_text("utf-8")
    lesson.write_text(text.replace("\n> [!tip]\n> Set an **expiry date** on every shared link.\n", "\n"), "utf-8")
    obsolete = [d for d in check_course(course).diagnostics if d.code == "translate.obsolete"]
    assert sorted((Path(d.path).name, d.line) for d in obsolete) == \
        sorted((f"{lang}.po", _po_line(course, lang, "sharing/b5")) for lang in LANGUAGES)
    assert not any(d.is_error for d in obsolete)


def test_building_the_translations_twice_gives_identical_bytes(tmp_path):
    for name in ("a", "b"):
        assert build_course(COURSE_FIXTURES / "translated", ["scorm12", "json", "olx"], tmp_path / name).ok
    first = {p.relative_to(tmp_path / "a"): p.read_bytes() for p in (tmp_path / "a").rglob("*") if p.is_file()}
    second = {p.relative_to(tmp_path / "b"): p.read_bytes() for p in (tmp_path / "b").rglob("*") if p.is_file()}
    # 5 languages × 3 targets, with reports; 5 snapshots and the record of what was written in .coursepack/
    assert len(first) == 41 and first == second
