"""Plain standalone lesson pages: one HTML file per lesson, no script, no player, inline CSS.

Used by targets whose platform shows our HTML inside its own page (Common Cartridge
web content in Canvas, Moodle, Blackboard, D2L, Schoology). The page must read well even
when the platform keeps only the `<body>`: direction and language are therefore set on the
body's wrapper too, and every callout carries its own visible title.
"""

from __future__ import annotations

from dataclasses import dataclass

from jinja2 import Environment, select_autoescape
from markupsafe import Markup, escape

from .. import i18n

# Logical properties (inline-start, not left) so the same sheet serves LTR and RTL pages.
CSS = """
body{margin:0;color:#1b1b1b;background:#fff;font:1rem/1.6 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",
"Noto Naskh Arabic",sans-serif}
.cp-page{max-width:46rem;margin:0 auto;padding:1rem 1.25rem 3rem}
h1{font-size:1.75rem;line-height:1.25;margin:.5rem 0 1rem}h2{font-size:1.35rem;margin-top:2rem}h3{font-size:1.15rem}
a{color:#0b57d0;text-decoration-thickness:1px;text-underline-offset:2px}a:focus-visible{outline:3px solid #0b57d0;
outline-offset:2px}
img{max-width:100%;height:auto}figure{margin:1.5rem 0}figcaption{font-size:.95rem;color:#444;margin-top:.4rem}
table{border-collapse:collapse;display:block;overflow-x:auto;margin:1rem 0}
th,td{border:1px solid #bbb;padding:.4rem .6rem;text-align:start;vertical-align:top}
code,kbd{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.95em;background:#f2f2f2;padding:0 .2em;
border-radius:3px}
.cp-callout{border-inline-start:4px solid #0b57d0;background:#f1f5fe;padding:.6rem 1rem;margin:1.25rem 0}
.cp-tip{border-color:#137333;background:#eef7f0}.cp-warning{border-color:#b3261e;background:#fcefee}
.cp-key{border-color:#7a4b00;background:#fdf5e6}.cp-callout-title{font-weight:700;margin:0 0 .25rem}
.cp-objectives{background:#f6f6f6;padding:.6rem 1rem;margin:0 0 1.5rem}
.footnote{font-size:.95rem}dt{font-weight:700;margin-top:1rem}dd{margin-inline-start:0}
@media (prefers-color-scheme:dark){body{color:#e8e8e8;background:#161616}a{color:#8ab4f8}
code,kbd{background:#2a2a2a}.cp-callout,.cp-objectives{background:#202631}figcaption{color:#bbb}}
"""

# The page as `str.format` fields, each value escaped as Jinja's autoescape escapes it (markupsafe):
# a thousand-lesson cartridge renders a thousand pages, and Jinja's context and escaping of
# constants cost ten times the formatting of the few fields that change.
_PAGE = """<!doctype html>
<html lang="{lang}" dir="{dir}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{css}</style></head>
<body><main class="cp-page" lang="{lang}" dir="{dir}">
<h1>{title}</h1>
{objectives}{body}
</main></body></html>
"""
_OBJECTIVES = """<section class="cp-objectives" aria-labelledby="cp-objectives-title">
<h2 id="cp-objectives-title">{label}</h2><ul>{items}</ul>
</section>
"""
_ENV = Environment(autoescape=select_autoescape(default=True), keep_trailing_newline=True)
_GLOSSARY = _ENV.from_string(
    '<dl>{% for anchor, term, definition in terms %}<dt id="{{ anchor }}">{{ term }}</dt>'
    "<dd>{{ definition }}</dd>{% endfor %}</dl>")


@dataclass(frozen=True)
class Page:
    """One standalone page: `body_html` is already safe HTML with its links mapped."""

    title: str
    language: str
    body_html: str
    objectives: tuple[str, ...] = ()


def render_page(page: Page) -> bytes:
    """The page as UTF-8 bytes; deterministic (no dates, no random IDs)."""
    language = page.language
    objectives = _OBJECTIVES.format(label=escape(i18n.ui(language, "objectives")),
                                    items="".join(f"<li>{escape(o)}</li>" for o in page.objectives))
    html = _PAGE.format(lang=escape(language), dir=escape(i18n.text_direction(language)), title=escape(page.title),
                        css=_CSS, objectives=objectives if page.objectives else "", body=page.body_html)
    return html.encode("utf-8")


_CSS = CSS.strip()


def glossary_body(terms: list[tuple[str, str, str]]) -> str:
    """A definition list of (anchor, term, definition HTML); anchors let lessons link to a term."""
    return _GLOSSARY.render(terms=[(a, t, Markup(d)) for a, t, d in terms])
