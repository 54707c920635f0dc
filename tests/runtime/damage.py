"""Seeded damage to a saved-state text, for the tests that prove decode never throws."""

from __future__ import annotations

import random

#: Characters a damaged state may gain: the grammar's own separators among them, so damage looks plausible.
ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz!*.;:'~-"


def damaged(text: str, count: int, *, seed: int, max_edits: int, repeats: bool = True) -> list[str]:
    """`count` copies of `text`, each with 1..max_edits edits: a character changed, a run cut and,
    with `repeats`, a run repeated (as a storage layer that duplicates a write might)."""
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        chars = list(text)
        for _ in range(rng.randint(1, max_edits)):
            at = rng.randrange(len(chars))
            kind = rng.random()
            if kind < 0.5 or (not repeats and kind < 0.6):
                chars[at] = rng.choice(ALPHABET)
            elif kind < 0.8 or not repeats:
                del chars[at:at + rng.randint(1, 5 if repeats else 4)]
            else:
                chars[at:at] = chars[at:at + rng.randint(1, 8)]
        texts.append("".join(chars))
    return texts
