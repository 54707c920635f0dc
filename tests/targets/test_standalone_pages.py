"""`_pages.render_page`: the standalone lesson page, formatted without Jinja, reads exactly as the
Jinja template it replaced rendered it (autoescaped), whatever the title and objectives hold."""

from __future__ import annotations

import pytest
from jinja2 import Environment, select_autoescape
from markupsafe import Markup

from builder import i18n
from builder.targets._pages import CSS, Page, render_page

# The template as it was, the oracle.
_TEMPLATE = """<!doctype html>
<html lang="{{ lang }}" dir="{{ dir }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>{{ css }}</style></head>
<body><main class="cp-page" lang="{{ lang }}" dir="{{ dir }}">
<h1>{{ title }}</h1>
{% if objectives %}<section class="cp-objectives" aria-labelledby="cp-objectives-title">
<h2 id="cp-objectives-title">{{ objectives_label }}</h2><ul>{% for o in objectives %}<li>{{ o }}</li>{% endfor %}</ul>
</section>
{% endif %}{{ body }}
</main></body></html>
"""
_JINJA = Environment(autoescape=select_autoescape(default=True), keep_trailing_newline=True).from_string(_TEMPLATE)


def _as_jinja_rendered(page: Page) -> bytes:
    return _JINJA.render(lang=page.language, dir=i18n.text_direction(page.language), title=page.title,
                         css=Markup(CSS.strip()), objectives=page.objectives,
                         objectives_label=i18n.ui(page.language, "objectives"), body=Markup(page.body_html)).encode()


@pytest.mark.parametrize("page", [
    Page("Plain", "en", "<p>Body</p>"),
    Page("Who's \"who\" <here> & {there}", "en", "<p>a {b} & c</p>", ("Say <why> & 'how'", "{format} fields")),
    Page("الاتفاقية", "ar", "<p dir=\"auto\">نص</p>", ("هدف",)),
    Page("", "fr", "", ()),
])
def test_a_page_reads_as_the_jinja_template_rendered_it(page):
    assert render_page(page) == _as_jinja_rendered(page)
