"""The translated fixture course in the web player, in headless Chromium: language and direction,
no English interface word left, CLDR plural and number forms."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from builder.build import build_course
from builder.i18n import ENGLISH
from builder.runtime.strings import EN, PLURALS, ui_strings

pytestmark = pytest.mark.browser

COURSE = "translated"
COURSE_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "courses"


@pytest.fixture(scope="module")
def packages(tmp_path_factory):
    out = tmp_path_factory.mktemp("translated")
    result = build_course(COURSE_FIXTURES / COURSE, ["web"], out)
    assert result.ok, [d.format() for d in result.diagnostics]
    return out


def _english_fragments(language: str = "en") -> set[str]:
    """Pieces of English interface text between placeholders, long enough to mean something, less
    those that are also the language's own words (French "Question" is French too)."""
    texts = list(ENGLISH.values()) + list(EN.values()) + [form for pair in PLURALS.values() for form in pair]
    pieces = {piece.strip(" .:…()“”") for text in texts for piece in re.split(r"\{\w+\}", text)
              if len(piece.strip(" .:…()“”")) >= 5}
    if language == "en":
        return pieces
    own = " ".join(_texts_of(ui_strings(language)))
    return {piece for piece in pieces if piece not in own}


def _texts_of(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    items = value.values() if isinstance(value, dict) else value
    return [text for item in items for text in _texts_of(item)]


def _open(page, packages, language):
    page.set_default_timeout(5000)
    page.goto((packages / f"{COURSE}-{language}-web" / "index.html").as_uri())
    page.wait_for_function("() => !!(window.Coursepack && Coursepack.current)")


def _visible_text(page) -> str:
    return page.evaluate("""() => document.body.innerText + ' ' + [...document.querySelectorAll('[aria-label],[title]')]
        .map(e => (e.getAttribute('aria-label') || '') + ' ' + (e.getAttribute('title') || '')).join(' ')""")


def _submit(page) -> str:
    """Submit the quiz, confirming when the player asks about unanswered questions; the text seen
    on the way (the question asked, then the results)."""
    page.locator(".cp-submit").click()
    seen = _visible_text(page)
    if page.locator(".cp-confirm-yes").is_visible():
        page.locator(".cp-confirm-yes").click()
    return seen + " " + _visible_text(page)


@pytest.mark.parametrize("language,direction", [("fr", "ltr"), ("es", "ltr"), ("pt", "ltr"), ("ar", "rtl")])
def test_language_direction_and_no_english_interface_word(page, packages, language, direction):
    _open(page, packages, language)
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [language, direction]
    seen = _visible_text(page)
    page.evaluate("() => Coursepack.current.go('check', true)")
    page.locator(".cp-hint").first.click()
    seen += " " + _submit(page)
    left = sorted(fragment for fragment in _english_fragments(language) if fragment in seen)
    assert left == [], f"English interface words in the {language} player: {left}"


def test_french_plurals_and_percentages_follow_cldr(page, packages):
    _open(page, packages, "fr")
    fmt = "(a) => Coursepack.quiz.format(Coursepack.current.ui[a[0]], a[1])"
    assert page.evaluate(fmt, ["progress", {"done": 1, "total": 3}]) == "1 leçon vue sur 3"
    assert page.evaluate(fmt, ["progress", {"done": 2, "total": 3}]) == "2 leçons vues sur 3"
    assert page.evaluate(fmt, ["score", {"percent": 16.67, "mark": 80}]) == \
        "Votre score : 16,67\u00a0%. Seuil de réussite : 80\u00a0%."
    assert page.evaluate(fmt, ["attempts_left", {"n": 1}]) == "1 tentative restante."
    assert re.fullmatch(r"[01] leçon vue sur 1", page.locator("#cp-progress-text").inner_text())


def test_arabic_plural_categories(page, packages):
    _open(page, packages, "ar")
    forms = [page.evaluate("(n) => Coursepack.quiz.format(Coursepack.current.ui.attempts_left, {n: n})", n)
             for n in (0, 1, 2, 3, 11, 100)]
    assert forms == ["لا محاولات متبقية (0).", "محاولة واحدة متبقية (1).", "محاولتان متبقيتان (2).",
                     "3 محاولات متبقية.", "11 محاولة متبقية.", "100 محاولة متبقية."]


def test_the_english_word_detector_finds_them_in_the_english_player(page, packages):
    """The check above could pass by seeing nothing; on the source language it must see plenty."""
    _open(page, packages, "en")
    page.evaluate("() => Coursepack.current.go('check', true)")
    seen = _visible_text(page) + " " + _submit(page)
    found = {fragment for fragment in _english_fragments() if fragment in seen}
    assert {"Submit answers", "Submit anyway", "Your score", "Pass mark", "Contents"} <= found


def test_arabic_reviewer_edition_does_not_scroll_sideways(page, tmp_path):
    import zipfile

    result = build_course(COURSE_FIXTURES / COURSE, ["review"], tmp_path)
    assert result.ok
    zipfile.ZipFile(tmp_path / f"{COURSE}-ar-review.zip").extractall(tmp_path / "ar")
    for name in ("index.html", "pages/sharing.html", "pages/check.html"):
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 800})
            page.goto((tmp_path / "ar" / name).as_uri())
            assert page.evaluate("document.documentElement.dir") == "rtl"
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)


def test_texts_put_into_interface_sentences_are_isolated(page, packages):
    _open(page, packages, "ar")
    moved = page.evaluate("() => Coursepack.quiz.format(Coursepack.current.ui.moved, {item: 'Markdown', n: 2, total: 3})")
    assert "\u2068Markdown\u2069" in moved and "2" in moved
