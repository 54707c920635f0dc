"""Media are checked, not trusted: the type allow-list, size limits, content signatures and SVG rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder import media
from builder.build import check_course

REPO = Path(__file__).resolve().parents[2]

# The first bytes of a real file of each type (enough for its signature).
GENUINE = {
    ".png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    ".jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF",
    ".jpeg": b"\xff\xd8\xff\xdb\x00\x43",
    ".gif": b"GIF89a\x01\x00\x01\x00",
    ".webp": b"RIFF\x24\x00\x00\x00WEBPVP8 ",
    ".svg": b'<svg xmlns="http://www.w3.org/2000/svg"/>',
    ".mp3": b"ID3\x03\x00\x00\x00",
    ".m4a": b"\x00\x00\x00\x20ftypM4A ",
    ".ogg": b"OggS\x00\x02",
    ".mp4": b"\x00\x00\x00\x18ftypmp42",
    ".webm": b"\x1a\x45\xdf\xa3\x9f\x42\x86",
    ".vtt": b"WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n",
    ".pdf": b"%PDF-1.7\n",
    ".docx": b"PK\x03\x04\x14\x00",
    ".odt": b"PK\x03\x04\x14\x00",
    ".xlsx": b"PK\x03\x04\x14\x00",
    ".csv": b"term,definition\nAPI,a programming interface\n",
    ".txt": b"Plain notes: 2 < 3.\n",
}
HTML = b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"


def test_every_allowed_type_has_a_genuine_sample_here():
    assert set(GENUINE) == set(media.MEDIA_TYPES)


@pytest.mark.parametrize("suffix", sorted(GENUINE))
def test_a_genuine_file_passes(tmp_path, suffix):
    path = tmp_path / f"file{suffix}"
    path.write_bytes(GENUINE[suffix])
    assert media.refusal(path, path.name) is None


@pytest.mark.parametrize("suffix", sorted(set(GENUINE) - {".svg"}))  # an SVG is judged by parsing it
def test_an_html_page_under_any_media_name_is_refused(tmp_path, suffix):
    path = tmp_path / f"file{suffix}"
    path.write_bytes(HTML)
    refused = media.refusal(path, path.name)
    assert refused is not None and refused.code == "media.signature"


def test_the_suffix_is_read_without_regard_to_case(tmp_path):
    path = tmp_path / "photo.PNG"
    path.write_bytes(GENUINE[".png"])
    assert media.refusal(path, path.name) is None


@pytest.mark.parametrize("suffix", sorted(media.ACTIVE_SUFFIXES))
def test_active_types_are_refused_as_active(tmp_path, suffix):
    path = tmp_path / f"file{suffix}"
    path.write_bytes(b"content")
    refused = media.refusal(path, path.name)
    assert refused is not None and refused.code == "media.active"


@pytest.mark.parametrize("name", ["data.xyz", "README", "archive.zip", "slides.pptx", "style.css"])
def test_types_not_on_the_list_are_refused_with_the_list(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"content")
    refused = media.refusal(path, name)
    assert refused is not None and refused.code == "media.type" and "png jpg" in refused.hint


@pytest.mark.parametrize("suffix", [".png", ".svg", ".mp4", ".pdf"])
def test_each_type_has_a_size_limit(tmp_path, suffix):
    limit = media.MEDIA_TYPES[suffix].max_bytes
    path = tmp_path / f"big{suffix}"
    with path.open("wb") as handle:
        handle.write(GENUINE[suffix])
        handle.truncate(limit)  # sparse: no real disk space
    assert media.refusal(path, path.name) is None
    with path.open("r+b") as handle:
        handle.truncate(limit + 1)
    refused = media.refusal(path, path.name)
    assert refused is not None and refused.code == "media.too-large"


SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">\n{}\n</svg>'

#: (what is inside the SVG, the code it must give at line 2)
HOSTILE_SVG = [
    ("<script>alert(1)</script>", "svg.script"),
    ('<script href="https://evil.example/x.js"/>', "svg.script"),
    ('<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>', "svg.script"),
    ('<circle onload="alert(1)"/>', "svg.handler"),
    ('<circle ONCLICK="alert(1)"/>', "svg.handler"),
    ('<g onfocusin="alert(1)"/>', "svg.handler"),
    ('<a href="javascript:alert(1)"><text>x</text></a>', "svg.url"),
    ('<a xlink:href="JaVaScRiPt:alert(1)"/>', "svg.url"),
    ('<a href="java&#x09;script:alert(1)"/>', "svg.url"),
    ('<a href="&#x20;javascript:alert(1)"/>', "svg.url"),
    ('<a href="vbscript:msgbox(1)"/>', "svg.url"),
    ('<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;"/>', "svg.url"),
    ('<image href="data:image/svg+xml;base64,PHN2Zy8+"/>', "svg.url"),
    ('<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>', "svg.foreign-object"),
    ('<h:iframe xmlns:h="http://www.w3.org/1999/xhtml" srcdoc="x"/>', "svg.foreign-object"),
    ('<image href="https://tracker.example/p.png"/>', "svg.external"),
    ('<image xlink:href="//tracker.example/p.png"/>', "svg.external"),
    ('<use href="other.svg#shape"/>', "svg.external"),
    ('<image href="../../etc/passwd"/>', "svg.external"),
    ('<rect fill="url(https://tracker.example/g.svg#g)"/>', "svg.external"),
    ('<rect style="fill: url(\'other.svg#g\')"/>', "svg.external"),
    ("<style>@import 'https://tracker.example/x.css';</style>", "svg.external"),
    ("<style>rect { background: url(https://tracker.example/x.png) }</style>", "svg.external"),
    ('<rect style="fill: url(javascript:alert(1))"/>', "svg.url"),
    ('<g xml:base="https://tracker.example/"/>', "svg.external"),
    ('<set attributeName="href" to="javascript:alert(1)"/>', "svg.url"),
    ('<set attributeName="xlink:href" to="https://evil.example"/>', "svg.animation"),
    ('<animate attributeName="onclick" values="alert(1)"/>', "svg.animation"),
    ("<?xml-stylesheet type='text/xsl' href='x.xsl'?>", "svg.instruction"),
]


@pytest.mark.parametrize("inside, code", HOSTILE_SVG, ids=[code + ":" + inside[:30] for inside, code in HOSTILE_SVG])
def test_a_hostile_svg_is_refused_at_the_line_of_the_attack(inside, code):
    problems = media.check_svg(SVG.format(inside).encode(), "media/x.svg")
    assert (code, 2, "media/x.svg") in {(p.code, p.line, p.path) for p in problems}, problems
    assert all(p.is_error and p.hint for p in problems)


BENIGN_SVG = [
    '<rect width="10" height="10" fill="url(#g)"/>',
    '<rect style="fill: url( \'#g\' ); stroke: red"/>',
    '<use href="#shape"/><use xlink:href="#shape"/>',
    '<a href="#section"><text>in-image link</text></a>',
    '<image width="1" height="1" href="data:image/png;base64,iVBORw0KGgo="/>',
    '<image width="1" height="1" xlink:href="data:image/jpeg;base64,/9j/4AAQ"/>',
    "<style>rect { fill: url(#g); } .note { font: 12px sans-serif }</style>",
    '<metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></metadata>',
    '<text>javascript: is only text here, and onload= too</text>',
    '<circle r="5" opacity="0.5" offset="1"/>',
]


@pytest.mark.parametrize("inside", BENIGN_SVG)
def test_a_static_svg_passes(inside):
    assert media.check_svg(SVG.format(inside).encode(), "media/x.svg") == []


def test_the_shipped_courses_drawings_pass():
    drawings = sorted(REPO.glob("courses/*/media/*.svg")) + sorted(REPO.glob("tests/fixtures/courses/*/media/*.svg"))
    assert len(drawings) >= 10
    for drawing in drawings:
        assert media.check_svg(drawing.read_bytes(), drawing.name) == [], drawing


def test_entities_are_refused_without_being_expanded():
    laughs = ('<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY a "lol">\n'
              + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">\n' for i in range(9))
              + ']>\n<svg xmlns="http://www.w3.org/2000/svg"><text>&j;</text></svg>')
    problems = media.check_svg(laughs.encode(), "x.svg")
    assert [(p.code, p.line) for p in problems] == [("svg.dtd", 2)]


def test_an_external_entity_is_never_fetched_or_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", encoding="utf-8")
    xxe = f'<!DOCTYPE svg [<!ENTITY x SYSTEM "file://{secret}">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>'
    problems = media.check_svg(xxe.encode(), "x.svg")
    assert [p.code for p in problems] == ["svg.dtd"] and "SECRET" not in problems[0].message


def test_a_public_doctype_without_declarations_is_fine():
    svg = ('<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
           '<svg xmlns="http://www.w3.org/2000/svg"/>')
    assert media.check_svg(svg.encode(), "x.svg") == []


@pytest.mark.parametrize("data, code", [
    (b"<svg xmlns='http://www.w3.org/2000/svg'><g></svg>", "svg.malformed"),
    (b"", "svg.malformed"),
    (b"<svg><script>alert(1)</script></svg>", "svg.not-svg"),  # no SVG namespace: a browser shows XML, or worse
    (b"<html xmlns='http://www.w3.org/1999/xhtml'><script>alert(1)</script></html>", "svg.not-svg"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'>" + b"<g>" * 300 + b"</g>" * 300 + b"</svg>", "svg.malformed"),
])
def test_what_is_not_a_well_formed_svg_is_refused(data, code):
    assert [p.code for p in media.check_svg(data, "x.svg")] == [code]


def test_media_names_differing_only_in_case_collide(course_copy, tmp_path):
    probe = tmp_path / "probe"
    probe.write_text("x")
    if (tmp_path / "PROBE").exists():
        pytest.skip("this file system ignores case, so two such files cannot exist here")
    course = course_copy()
    (course / "media" / "Pipeline.svg").write_bytes((course / "media" / "pipeline.svg").read_bytes())
    lesson = course / "02-practice" / "01-second-lesson.md"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\n![the same, capitalised](../media/Pipeline.svg)\n",
                      encoding="utf-8")
    problems = [d for d in check_course(course).diagnostics if d.code == "media.case"]
    assert len(problems) == 1
    assert "'media/Pipeline.svg' differs only in case from 'media/pipeline.svg' at" in problems[0].message
    assert "01-first-lesson.md:" in problems[0].message and problems[0].path.endswith("01-second-lesson.md")


def test_a_file_that_cannot_be_read_is_a_diagnostic_not_a_traceback(tmp_path):
    unreadable = tmp_path / "folder.png"  # opening a folder fails like a file without permission
    unreadable.mkdir()
    refused = media.refusal(unreadable, "media/folder.png")
    assert refused is not None and refused.code == "file.unreadable"


@pytest.mark.parametrize("data", [
    b'<!DOCTYPE svg SYSTEM "x>y" [<!ATTLIST svg onload CDATA "alert(1)">]>\n<svg xmlns="http://www.w3.org/2000/svg"/>',
    b'<!DOCTYPE svg [ ]>\n<svg xmlns="http://www.w3.org/2000/svg"/>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><!-- <!ENTITY is named even in a comment --></svg>',
])
def test_any_declaration_is_refused_wherever_it_hides(data):
    assert [p.code for p in media.check_svg(data, "x.svg")] == ["svg.dtd"]


@pytest.mark.parametrize("data", [
    '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg"/>'
    .encode("utf-16"),  # declarations a byte scan would not see
    b'<?xml version="1.0" encoding="UTF-16"?><svg xmlns="http://www.w3.org/2000/svg"/>',
    b'<?xml version="1.0" encoding="ISO-8859-1"?><svg xmlns="http://www.w3.org/2000/svg"><text>\xe9</text></svg>',
])
def test_an_svg_must_be_utf8_so_that_the_checks_read_what_the_browser_reads(data):
    assert [p.code for p in media.check_svg(data, "x.svg")] == ["svg.encoding"]


def test_a_utf8_svg_with_a_byte_order_mark_and_declaration_is_fine():
    svg = '\ufeff<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"><text>é</text></svg>'
    assert media.check_svg(svg.encode("utf-8"), "x.svg") == []


def test_an_instruction_after_the_drawing_is_refused_too():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"/>\n<?xml-stylesheet type="text/xsl" href="x.xsl"?>'
    assert [(p.code, p.line) for p in media.check_svg(svg, "x.svg")] == [("svg.instruction", 2)]
