"""The interface words table (builder/runtime/strings.py) is the one place for player strings:
every key the player looks up exists, and each language translates the whole table."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from builder.runtime.strings import EN, TRANSLATIONS, ui_strings

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
    missing = {k for k in used if not any(e.startswith(k) for e in EN)}
    assert missing == set()


@pytest.mark.parametrize("language", sorted(TRANSLATIONS))
def test_each_language_translates_every_string_with_the_same_placeholders(language):
    table = TRANSLATIONS[language]
    assert set(EN) - set(table) - UNUSED == set(), "English would fill these gaps"
    for key, text in table.items():
        assert set(re.findall(r"\{\w+\}", text)) == set(re.findall(r"\{\w+\}", EN[key])), key
        assert text != EN[key] or key in ("minutes", "correct", "question_n"), f"{key} is not translated"


def test_regional_variants_use_their_base_language():
    assert ui_strings("ar-EG")["confirm_yes"] == TRANSLATIONS["ar"]["confirm_yes"]
