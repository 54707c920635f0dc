"""Translations of the block's own words (buttons, status lines), and text direction.

The translations are in the one interface catalogue of the quiz core (coursepack_quiz/catalogue.py,
msgctxt "xblock"), shared with the builder and the player and complete in en, fr, es, pt and ar;
`python -m builder.interface_catalogue` extracts the N_() strings below into it. The PO files are
read directly, without compiled .mo files, so the wheel stays plain text. A string the catalogue
lacks goes to the runtime's i18n service, and failing that stays English.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path
from typing import Callable

from coursepack_quiz.catalogue import messages

CONTEXT = "xblock"  # the msgctxt of the block's messages in the catalogue

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
    """msgid → msgstr for `language` (its primary subtag), empty when we ship no catalogue."""
    return {msgid: text for (context, msgid), text in messages(language).items()
            if context == CONTEXT and isinstance(text, str)}


def translator(language: str, service=None) -> Callable[[str], str]:
    """gettext for the block's strings: our catalog, else the runtime's service, else English."""
    ours = catalog(language)
    fallback = getattr(service, "gettext", None) or getattr(service, "ugettext", None)

    def gettext(text: str) -> str:
        if text in ours:
            return ours[text]
        return fallback(text) if fallback else text

    return gettext


# --- extraction (python -m builder.interface_catalogue puts these into the one catalogue) -------

def extract(package_dir: Path = Path(__file__).parent) -> dict[str, str]:
    """Every string marked with N_() in the package's modules → its first `file:line`."""
    found: dict[str, str] = {}
    for path in sorted(package_dir.glob("*.py")):
        calls = [node for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                 if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "N_"]
        for node in sorted(calls, key=lambda n: n.lineno):
            found.setdefault(node.args[0].value, f"{path.name}:{node.lineno}")
    return found
