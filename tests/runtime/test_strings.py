"""The player's interface words: every key the player looks up has its English in
builder/runtime/strings.py (translations are checked in tests/i18n, against the one catalogue)."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from builder.runtime.strings import EN, PLURALS, ui_strings

UNUSED = {"your_order"}  # kept for the reviewer tools; the player itself does not show it


def keys_used() -> set[str]:
    used = set()
    for name in ("player.js", "quiz.js"):
        source = resources.files("builder.runtime").joinpath(name).read_text("utf-8")
        used |= set(re.findall(r"\bui\.(\w+)", source)) | set(re.findall(r"\bui\[\"(\w+)_\" \+", source))
    return used


def test_every_key_the_player_looks_up_exists_in_english():
    used = keys_used()
    assert "confirm_unanswered" in used and "new_tab" in used  # the scan does find lookups
    missing = {k for k in used if not any(e.startswith(k) for e in [*EN, *PLURALS])}
    assert missing == set()


@pytest.mark.parametrize("language", ["fr", "es", "pt", "ar"])
def test_each_language_has_the_players_new_words_with_the_same_placeholders(language):
    words = ui_strings(language)
    for key in ("confirm_unanswered", "confirm_yes", "course_home", "back_to", "to_review", "course_score"):
        assert words[key] != EN[key], f"{key} is English in {language}"
        assert set(re.findall(r"\{\w+\}", words[key])) == set(re.findall(r"\{\w+\}", EN[key])), key


def test_regional_variants_use_their_base_language():
    assert ui_strings("ar-EG")["confirm_yes"] == ui_strings("ar")["confirm_yes"] != EN["confirm_yes"]
