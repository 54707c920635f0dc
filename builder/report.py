"""The LMS-admin report written next to each package: the same facts as HTML and JSON.

Plain language for the person who uploads the package: what it is, what sets completion and
pass/fail, and how to upload it. Targets pass their facts; this module only lays them out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from jinja2 import Environment, select_autoescape

_TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
th{text-align:start;vertical-align:top;padding:.3rem 1rem .3rem 0}td{padding:.3rem 0}
table{border-collapse:collapse}tr{border-bottom:1px solid #ddd}li{margin:.3rem 0}</style></head>
<body><h1>{{ title }}</h1><p>{{ summary }}</p>
<h2>Facts</h2><table>{% for label, value in facts %}<tr><th scope="row">{{ label }}</th><td>{{ value }}</td></tr>{% endfor %}</table>
{% if notes %}<h2>Things to know</h2><ul>{% for note in notes %}<li>{{ note }}</li>{% endfor %}</ul>{% endif %}
{% if republish %}<h2 id="republish">Replacing an earlier version</h2><p>{{ republish.headline }}</p>
<ul>{% for step in republish.steps %}<li>{{ step }}</li>{% endfor %}</ul>
{% if republish.changes %}<details><summary>Changes</summary><ul>{% for c in republish.changes %}<li><code>{{ c }}</code></li>{% endfor %}</ul></details>{% endif %}{% endif %}
{% if steps %}<h2>How to upload it</h2><ol>{% for step in steps %}<li>{{ step }}</li>{% endfor %}</ol>{% endif %}
</body></html>
"""
_ENV = Environment(autoescape=select_autoescape(default=True), keep_trailing_newline=True)


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
        html = _ENV.from_string(_TEMPLATE).render(
            title=self.title, summary=self.summary, facts=self.facts, notes=self.notes, steps=self.steps,
            republish=self.republish)
        document = {"title": self.title, "summary": self.summary, "facts": dict(self.facts), "notes": self.notes,
                    "upload_steps": self.steps, **self.data, **({"republish": self.republish} if self.republish else {})}
        stem = package_name.rsplit(".", 2)[0] if package_name.endswith(".tar.gz") else package_name.rsplit(".", 1)[0]
        return {f"{stem}.report.html": html.encode(),
                f"{stem}.report.json": (json.dumps(document, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode()}
