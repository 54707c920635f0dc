"""The one interface catalogue: current with the code, complete and sound in every language."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from builder.interface_catalogue import catalog_bytes, template
from builder.runtime.strings import number_locale, ui_strings
from coursepack_quiz.catalogue import LANGUAGES, LOCALE_DIR, po_path


def test_template_is_current_with_the_code():
    assert (LOCALE_DIR / "coursepack.pot").read_bytes() == catalog_bytes(template()), \
        "run: python -m builder.interface_catalogue, then translate the new messages"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_not_fuzzy_and_keeps_its_placeholders(language):
    with open(po_path(language), "rb") as handle:
        catalog = read_po(handle, locale=language)
    wanted = {(m.context, m.id) for m in template() if m.id}
    present = {(m.context, m.id) for m in catalog if m.id}
    assert wanted - present == set(), "missing messages"
    for message in catalog:
        if not message.id:
            continue
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        where = f"{po_path(language)}:{message.lineno}"
        assert not message.fuzzy, f"{where}: fuzzy"
        assert len(forms) == catalog.num_plurals or not message.pluralizable, f"{where}: plural forms"
        assert all(form.strip() for form in forms), f"{where}: untranslated"
        source = message.id[0] if isinstance(message.id, tuple) else message.id
        for form in forms:
            assert sorted(set(re.findall(r"\{\w+\}", form))) == sorted(set(re.findall(r"\{\w+\}", source))), where
    assert not [errors for _, errors in catalog.check() if errors]


def test_player_plural_and_number_forms_come_from_cldr():
    french = ui_strings("fr")["progress"]
    locale = number_locale("fr", 3)
    assert french["forms"][locale["plural"][1]].format(done=1, total=3) == "1 leçon vue sur 3"
    assert french["forms"][locale["plural"][2]].format(done=2, total=3) == "2 leçons vues sur 3"
    assert (locale["decimal"], locale["percent"]) == (",", "{n}\u00a0%")
    arabic = number_locale("ar", 11)
    assert arabic["plural"][:4] + arabic["plural"][11:] == ["zero", "one", "two", "few", "many"]
    assert len(set(ui_strings("ar")["attempts_left"]["forms"].values())) == 5
    assert number_locale("en", 1)["percent"] == "{n}%"
