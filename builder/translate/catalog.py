"""The translators' files: one PO file per language, `translations/<lang>.po` in the course folder.

Why PO and not XLIFF 2.0: the interface catalogue is already gettext, so one format and one
library (Babel) serve both; every translation tool (Poedit, Weblate, Lokalize, OmegaT, Crowdin)
reads it; msgctxt carries our stable unit ID and msgid the full source text, so a stale unit
shows the translator the old source (`#| msgid`) beside the new one, which XLIFF 2.0 can only do
with extensions. A unit is fresh when its msgid is today's source text and it is not fuzzy.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from ..load import TRANSLATIONS_DIR
from .units import Unit

_FIXED_DATE = datetime(2000, 1, 1, tzinfo=timezone.utc)  # PO headers must not make output depend on the clock
_FINGERPRINT = "fingerprint: "


def fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def translation_path(course_root: Path, language: str) -> Path:
    return Path(course_root) / TRANSLATIONS_DIR / f"{language}.po"


@dataclass(frozen=True)
class Entry:
    """One unit as the translation file has it."""

    id: str
    source: str  # the source text the translation was made from (msgid)
    text: str  # the translation ("" when not yet translated)
    line: int
    fuzzy: bool
    flags: frozenset[str]

    def stale_for(self, source: str) -> bool:
        return self.fuzzy or fingerprint(self.source) != fingerprint(source)


def read_entries(path: Path) -> dict[str, Entry]:
    """Unit ID → entry; raises ValueError with a line for a file Babel cannot read."""
    with open(path, "rb") as handle:
        catalog = read_po(handle, abort_invalid=True)
    entries: dict[str, Entry] = {}
    for message in catalog:
        if not message.id or not message.context:
            continue
        text = message.string if isinstance(message.string, str) else ""
        entries[message.context] = Entry(message.context, message.id, text, message.lineno or 0,
                                         message.fuzzy, frozenset(message.flags))
    return entries


def po_text(units: list[Unit], language: str, course_id: str, root: Path, old: dict[str, Entry]) -> bytes:
    """The PO file for `language`: every unit in reading order, keeping what `old` translated.

    A unit whose source changed since it was translated keeps its translation, marked fuzzy with
    the old source as `#| msgid`, so the translator sees what changed.
    """
    catalog = Catalog(locale=language.replace("-", "_"), project=course_id, version="", charset="utf-8",
                      creation_date=_FIXED_DATE, revision_date=_FIXED_DATE, fuzzy=False,
                      header_comment=f"# {course_id} in {language}: written by `coursepack translate extract`.\n"
                                     "# Translate each msgstr; msgctxt is the unit's stable ID, msgid its source text.")
    for unit in units:
        before = old.get(unit.id)
        text, flags, previous = "", set(), None
        if before is not None:
            text, flags = before.text, set(before.flags)
            if before.stale_for(unit.source) and before.text:
                flags.add("fuzzy")
                previous = before.source if before.source != unit.source else None
        catalog.add(unit.source, text, context=unit.id, flags=flags, previous_id=previous,
                    locations=[(_relative(unit.path, root), unit.line)],
                    auto_comments=[_FINGERPRINT + fingerprint(unit.source)])
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, include_previous=True, sort_output=False)
    return re.sub(rb'"Generated-By: Babel [^"]*"\n', b"", buffer.getvalue())  # same bytes whatever Babel version


def _relative(display: str, root: Path) -> str:
    try:
        return Path(display).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return Path(display).as_posix()
