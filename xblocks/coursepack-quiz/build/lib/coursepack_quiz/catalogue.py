"""The one catalogue of interface words, for the builder, the player and the XBlock.

gettext PO files under locale/<lang>/LC_MESSAGES/coursepack.po, read with Babel. It lives in the
quiz core because the core ships in both distributions: the XBlock installs it without the
builder, and the builder ships the same folder. Each message's msgctxt names who uses it
("builder:note", "runtime:progress", "xblock") and its msgid is the English text, written once in
the code that uses it (builder/i18n.py, builder/runtime/strings.py, N_() in the XBlock);
`python -m builder.interface_catalogue` extracts them into locale/coursepack.pot and merges the
PO files, and tests/i18n fails on any message missing, untranslated or fuzzy in any language.
"""

from __future__ import annotations

import functools
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "coursepack"
#: The languages whose catalogue must be complete.
LANGUAGES = ("en", "fr", "es", "pt", "ar")
#: CLDR plural categories in the order Babel numbers a PO file's plural forms.
CLDR_ORDER = ("zero", "one", "two", "few", "many", "other")

Translation = str | tuple[str, ...]


def primary(language: str) -> str:
    return (language or "").replace("_", "-").split("-")[0].casefold()


def po_path(language: str) -> Path:
    return LOCALE_DIR / primary(language) / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.lru_cache(maxsize=None)
def messages(language: str) -> dict[tuple[str, str], Translation]:
    """(msgctxt, English msgid) → translation: a string, or the plural forms in PO order.
    Untranslated and fuzzy entries are left out, so callers fall back to English."""
    from babel.messages.pofile import read_po  # imported here: reading is rare and cached

    path = po_path(language)
    if not path.is_file():
        return {}
    with open(path, "rb") as handle:
        catalog = read_po(handle)
    found: dict[tuple[str, str], Translation] = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        msgid = message.id[0] if isinstance(message.id, tuple) else message.id
        string = message.string
        if (isinstance(string, tuple) and all(string)) or (isinstance(string, str) and string):
            found[(message.context or "", msgid)] = string
    return found


def gettext(language: str, context: str, text: str) -> str:
    found = messages(language).get((context, text))
    return found[0] if isinstance(found, tuple) else (found or text)


def plural_forms(language: str, context: str, singular: str, plural: str) -> dict[str, str]:
    """CLDR category → form, for the player to choose from with the build-time plural table."""
    from babel import Locale

    found = messages(language).get((context, singular))
    if not isinstance(found, tuple):
        return {"one": singular, "other": plural}
    tags = set(Locale.parse(primary(language)).plural_form.tags) | {"other"}
    categories = [c for c in CLDR_ORDER if c in tags]
    return dict(zip(categories, found))


def plural_table(language: str, up_to: int) -> list[str]:
    """The CLDR plural category of every count 0..up_to in `language`."""
    from babel import Locale

    rule = Locale.parse(primary(language) or "en").plural_form
    return [rule(n) for n in range(up_to + 1)]
