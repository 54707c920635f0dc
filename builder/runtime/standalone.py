"""A decision scenario or a reflection as one self-contained HTML page, for the targets whose LMS
has no runtime of ours (IMS Common Cartridge, Open edX OLX).

The page carries the player's own scripts and styles inline (an LMS serves each file at an address
that a relative link cannot predict: Open edX names an asset `…/asset-v1:…+block@<file>`), plays
the activity exactly as the web package does, and keeps what the learner does in their browser
(localStorage) only: nothing is reported to the LMS, which the targets' admin reports say.

Links to the course's files in the page's text use the caller's mapping; a `coursepack-asset:NAME`
URL is made absolute in the browser next to the page's own address (Open edX assets), or left
relative (`NAME`) anywhere else.
"""

from __future__ import annotations

import json
from typing import Callable

from jinja2 import Environment, select_autoescape
from markupsafe import Markup

from ..model import Course, ReflectionPage, ScenarioPage
from .bundle import RUNTIME_DIR, page_data, runtime_files, storage_key
from .strings import number_locale, ui_strings

#: What the page needs from the runtime, in load order (activity.js uses quiz.js's text helpers).
SCRIPTS = ("state.js", "quiz.js", "activity.js")
ASSET = "coursepack-asset:"

_TEMPLATE = """<!doctype html>
<html lang="{{ lang }}" dir="{{ dir }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>{{ title }}</title>
<style>{{ css }}</style>
</head>
<body class="cp-standalone">
<main id="cp-main" class="cp-main">
<h1 id="cp-title" tabindex="-1">{{ title }}</h1>
<div class="cp-content" id="cp-activity"></div>
<noscript><p>{{ noscript }}</p></noscript>
</main>
<div class="cp-live cp-visually-hidden" role="status" aria-live="polite" id="cp-live"></div>
{% for script in scripts %}<script>{{ script }}</script>
{% endfor %}<script>Coursepack.activity.standalone({{ data }});</script>
</body>
</html>
"""
_PAGE = Environment(autoescape=select_autoescape(default=True), keep_trailing_newline=True).from_string(_TEMPLATE)


def _inline(text: str) -> str:
    """Text inside <script> or <style>: "</" would end the element early; "<\\/" means the same in JS."""
    return text.replace("</", "<\\/")


def activity_page(course: Course, page: ScenarioPage | ReflectionPage, links: Callable[[str], str]) -> bytes:
    """The page for `page`; `links` maps the model's `coursepack:` URLs for where the page will live."""
    if not isinstance(page, (ScenarioPage, ReflectionPage)):
        raise TypeError(f"a standalone page plays scenarios and reflections, not {page.kind!r} pages")
    shipped = runtime_files()
    data = {"lang": course.language, "storage_key": storage_key(course),
            "ui": ui_strings(course.language), "locale": number_locale(course.language, 100),
            "pages": [page_data(course, page, links)]}
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    markup = _PAGE.render(
        lang=course.language, dir=course.direction, title=page.title, noscript=ui_strings(course.language)["noscript"],
        css=_markup(shipped[f"{RUNTIME_DIR}/player.css"].decode()),
        scripts=[_markup(_inline(shipped[f"{RUNTIME_DIR}/{name}"].decode())) for name in SCRIPTS],
        data=_markup(text.replace("<", "\\u003c")))  # no "</script" or "<!--" can start inside the data
    return markup.encode()


def _markup(text: str) -> Markup:
    return Markup(text)  # the runtime's own files and JSON we wrote: inserted as they are


def runtime_sources() -> dict[str, bytes]:
    """The scripts a standalone page inlines (for tests that tell the runtime from course content)."""
    shipped = runtime_files()
    return {name: _inline(shipped[f"{RUNTIME_DIR}/{name}"].decode()).encode() for name in SCRIPTS}
