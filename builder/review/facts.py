"""The fact sheet (`FACTS.md`): fact IDs with their text and sources, for reviewers.

Read only when the user names the file (`coursepack serve --facts PATH`, the review target's
`facts` setting in course.yml or `--set review.facts=PATH`); builds never look outside the
course on their own. Without it, reviewers see the fact IDs alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_ROW = re.compile(r"^\|\s*([A-Z]{1,3}-\d{1,4}[a-z]?)\s*\|(.+)\|([^|]*)\|\s*$")


@dataclass(frozen=True)
class Fact:
    id: str
    text: str  # as written in the sheet (light Markdown)
    source: str

    @property
    def status(self) -> str:
        """'unconfirmed' and 'secondary' facts need a reviewer's eye (FACTS.md's own labels)."""
        if "**Unconfirmed**" in self.text or "Unconfirmed" in self.source:
            return "unconfirmed"
        return "secondary" if "Secondary" in self.source or "**Secondary**" in self.text else ""


def parse_facts(text: str) -> dict[str, Fact]:
    """Every `| ID | fact | source |` table row of a fact sheet, by ID (first row wins)."""
    facts: dict[str, Fact] = {}
    for line in text.splitlines():
        match = _ROW.match(line.strip())
        if match and match.group(1) not in facts:
            fact_id, body, source = match.groups()
            facts[fact_id] = Fact(fact_id, body.strip(), source.strip())
    return facts


def load_facts(path: Path) -> dict[str, Fact]:
    return parse_facts(Path(path).read_text(encoding="utf-8"))
