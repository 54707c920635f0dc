"""Translations of the block's own words (buttons, status lines), and text direction.

Catalogs are gettext .po files under locale/<lang>/LC_MESSAGES/text.po, extracted into
locale/text.pot (tests/xblock/test_i18n.py checks that every marked string is in the .pot).
They are read directly, without compiled .mo files, so the wheel stays plain text. A string the
catalog lacks goes to the runtime's i18n service, and failing that stays English.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path
from typing import Callable

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "text"

#: Languages written right to left (BCP 47 primary subtags).
RTL = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ku", "ps", "sd", "ug", "ur", "yi"})


def direction(language: str) -> str:
    return "rtl" if primary(language) in RTL else "ltr"


def primary(language: str) -> str:
    return (language or "").replace("_", "-").split("-")[0].casefold()


def N_(text: str) -> str:  # noqa: N802 - the gettext convention: marks a string for extraction only
    return text


@functools.lru_cache(maxsize=None)
def catalog(language: str) -> dict[str, str]:
    """msgid → msgstr for `language` (its primary subtag), empty when we ship no catalog."""
    path = LOCALE_DIR / primary(language) / "LC_MESSAGES" / f"{DOMAIN}.po"
    return read_po(path.read_text(encoding="utf-8")) if path.is_file() else {}


def read_po(text: str) -> dict[str, str]:
    """The translated entries of a .po file (no plurals or contexts: the block uses neither)."""
    entries: dict[str, str] = {}
    current: dict[str, str] = {}
    key = None
    for line in text.splitlines() + [""]:
        line = line.strip()
        if line.startswith(("msgid ", "msgstr ")):
            key, _, value = line.partition(" ")
            if key == "msgid" and "msgstr" in current:
                _keep(current, entries)
                current = {}
            current[key] = ast.literal_eval(value)
        elif line.startswith('"') and key:
            current[key] += ast.literal_eval(line)
        elif not line and "msgstr" in current:
            _keep(current, entries)
            current, key = {}, None
    return entries


def _keep(entry: dict[str, str], entries: dict[str, str]) -> None:
    if entry.get("msgid") and entry.get("msgstr"):
        entries[entry["msgid"]] = entry["msgstr"]


def translator(language: str, service=None) -> Callable[[str], str]:
    """gettext for the block's strings: our catalog, else the runtime's service, else English."""
    ours = catalog(language)
    fallback = getattr(service, "gettext", None) or getattr(service, "ugettext", None)

    def gettext(text: str) -> str:
        if text in ours:
            return ours[text]
        return fallback(text) if fallback else text

    return gettext


# --- extraction (python -m coursepack_quiz_xblock.i18n writes locale/text.pot) ----------------

def extract(package_dir: Path = Path(__file__).parent) -> dict[str, str]:
    """Every string marked with N_() in the package's modules → its first `file:line`."""
    found: dict[str, str] = {}
    for path in sorted(package_dir.glob("*.py")):
        calls = [node for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                 if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "N_"]
        for node in sorted(calls, key=lambda n: n.lineno):
            found.setdefault(node.args[0].value, f"{path.name}:{node.lineno}")
    return found


def pot_text(entries: dict[str, str]) -> str:
    head = ('msgid ""\nmsgstr ""\n"Project-Id-Version: coursepack-quiz-xblock\\n"\n'
            '"Content-Type: text/plain; charset=UTF-8\\n"\n')
    body = "".join(f"\n#: {where}\nmsgid {_quote(text)}\nmsgstr \"\"\n" for text, where in entries.items())
    return head + body


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


if __name__ == "__main__":
    (LOCALE_DIR / f"{DOMAIN}.pot").write_text(pot_text(extract()), encoding="utf-8")
