"""Extract the interface words into the one catalogue and merge them into every language's PO file.

`python -m builder.interface_catalogue` after adding or changing an English string in
builder/i18n.py, builder/runtime/strings.py or an N_() of the XBlock: it rewrites
coursepack_quiz/locale/coursepack.pot and adds the new message, untranslated, to every
locale/<lang>/LC_MESSAGES/coursepack.po (changed ones become fuzzy), for a translator to fill.
"""

from __future__ import annotations

import io
import re
from datetime import datetime, timezone

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from coursepack_quiz.catalogue import DOMAIN, LANGUAGES, LOCALE_DIR, po_path

_FIXED_DATE = datetime(2000, 1, 1, tzinfo=timezone.utc)


def interface_messages() -> list[tuple[str, str | tuple[str, str], str]]:
    """(msgctxt, msgid or (singular, plural), where) for every interface string, in a stable order."""
    from coursepack_quiz_xblock.i18n import extract

    from .i18n import ENGLISH
    from .runtime.strings import EN, PLURALS

    found: list[tuple[str, str | tuple[str, str], str]] = []
    found += [(f"builder:{key}", text, "builder/i18n.py") for key, text in ENGLISH.items()]
    found += [(f"runtime:{key}", text, "builder/runtime/strings.py") for key, text in EN.items()]
    found += [(f"runtime:{key}", pair, "builder/runtime/strings.py") for key, pair in PLURALS.items()]
    found += [("xblock", text, f"coursepack_quiz_xblock/{where}") for text, where in extract().items()]
    return found


def template() -> Catalog:
    catalog = Catalog(project="coursepack", version="", creation_date=_FIXED_DATE, revision_date=_FIXED_DATE,
                      fuzzy=False, charset="utf-8")
    for context, text, where in interface_messages():
        path, _, line = where.partition(":")
        catalog.add(text, context=context, locations=[(path, int(line) if line else 0)],
                    flags=("python-brace-format",))
    return catalog


def catalog_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, include_previous=True, omit_header=False)
    return without_generator(buffer.getvalue())


def without_generator(data: bytes) -> bytes:
    """Babel names its own version in every header; dropping it keeps files identical across versions."""
    return re.sub(rb'"Generated-By: Babel [^"]*"\n', b"", data)


def refresh() -> None:
    pot = template()
    LOCALE_DIR.mkdir(parents=True, exist_ok=True)
    (LOCALE_DIR / f"{DOMAIN}.pot").write_bytes(catalog_bytes(pot))
    for language in LANGUAGES:
        path = po_path(language)
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_file():
            with open(path, "rb") as handle:
                catalog = read_po(handle, locale=language)
        else:
            catalog = Catalog(locale=language, project="coursepack", version="", creation_date=_FIXED_DATE,
                              revision_date=_FIXED_DATE, fuzzy=False, charset="utf-8")
        catalog.update(pot, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        catalog.revision_date = _FIXED_DATE
        path.write_bytes(catalog_bytes(catalog))


if __name__ == "__main__":
    refresh()
