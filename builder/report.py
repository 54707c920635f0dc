"""The LMS-admin report written next to each package: the same facts as HTML and JSON.

Plain language for the person who uploads the package: what it is, what sets completion and
pass/fail, and how to upload it. Targets pass their facts; this module only lays them out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jinja2 import Environment, select_autoescape
from markupsafe import Markup, escape

from .jsontext import json_file

_TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title|isolate_plain }}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
th{text-align:start;vertical-align:top;padding:.3rem 1rem .3rem 0}td{padding:.3rem 0}
table{border-collapse:collapse}tr{border-bottom:1px solid #ddd}li{margin:.3rem 0}</style></head>
<body><h1>{{ title|isolate }}</h1><p>{{ summary|isolate }}</p>
<h2>Facts</h2><table>{% for label, value in facts %}<tr><th scope="row">{{ label }}</th><td>{{ value|isolate }}</td></tr>{% endfor %}</table>
{% if notes %}<h2>Things to know</h2><ul>{% for note in notes %}<li>{{ note|isolate }}</li>{% endfor %}</ul>{% endif %}
{% if republish %}<h2 id="republish">Replacing an earlier version</h2><p>{{ republish.headline|isolate }}</p>
<ul>{% for step in republish.steps %}<li>{{ step|isolate }}</li>{% endfor %}</ul>
{% if republish.changes %}<details><summary>Changes</summary><ul>{% for c in republish.changes %}<li><code>{{ c|isolate }}</code></li>{% endfor %}</ul></details>{% endif %}{% endif %}
{% if steps %}<h2>How to upload it</h2><ol>{% for step in steps %}<li>{{ step|isolate }}</li>{% endfor %}</ol>{% endif %}
</body></html>
"""
_ENV = Environment(autoescape=select_autoescape(default=True), keep_trailing_newline=True)

# A run of right-to-left text (Hebrew, Arabic, Syriac, Thaana, NKo... and their presentation forms),
# with the spaces, digits and punctuation inside it. The report is English for the LMS admin; a
# course title in Arabic inside an English sentence is scrambled ("…package :العنوان") unless
# the run is isolated, so it is set in <bdi dir="rtl"> (and between FSI/PDI where no markup is allowed).
_RTL = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc"
_RTL_RUN = re.compile(f"[{_RTL}](?:[{_RTL}\\s\\d.,:;!?()«»\"'\u060c\u061b\u061f-]*[{_RTL}])?")


def _isolate(text: object) -> Markup:
    escaped = str(escape(text))
    return Markup(_RTL_RUN.sub(lambda m: f'<bdi dir="rtl">{m.group(0)}</bdi>', escaped))


def _isolate_plain(text: object) -> str:
    return _RTL_RUN.sub(lambda m: f"\u2067{m.group(0)}\u2069", str(text))


_ENV.filters.update(isolate=_isolate, isolate_plain=_isolate_plain)
_PAGE = _ENV.from_string(_TEMPLATE)  # compiled once, not for every report


def course_fact(title: str, course_id: str, language: str, version: str = "") -> tuple[str, str]:
    """The "Course" fact every admin report starts with: the course named as the admin finds it."""
    if version:
        return "Course", f"{title} ({course_id}, version {version}, language {language})"
    return "Course", f"{title} ({course_id}, {language})"


@dataclass
class AdminReport:
    title: str
    summary: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    data: dict = field(default_factory=dict)  # machine-readable extras for the JSON version
    republish: dict = field(default_factory=dict)  # republish.admin_verdict: replacing an earlier version

    def files(self, package_name: str) -> dict[str, bytes]:
        """`<package>.report.html` and `<package>.report.json`, to be written beside the package."""
        html = _PAGE.render(
            title=self.title, summary=self.summary, facts=self.facts, notes=self.notes, steps=self.steps,
            republish=self.republish)
        document = {"title": self.title, "summary": self.summary, "facts": dict(self.facts), "notes": self.notes,
                    "upload_steps": self.steps, **self.data, **({"republish": self.republish} if self.republish else {})}
        stem = package_name.rsplit(".", 2)[0] if package_name.endswith(".tar.gz") else package_name.rsplit(".", 1)[0]
        return {f"{stem}.report.html": html.encode(),
                f"{stem}.report.json": json_file(document)}
