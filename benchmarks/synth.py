"""A deterministic synthetic course generator for benchmarks: realistic Markdown, quizzes, non-ASCII.

`python benchmarks/synth.py OUT --lessons 1000` writes a course; the same arguments always
write the same bytes.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

WORDS = ("convention review mechanism state party protocol cooperation evidence stakeholder "
         "procedure dialogue report secretariat conference resolution country expert cluster "
         "organized crime trafficking smuggling firearms prevention article paragraph").split()
NON_ASCII = ("Conférence des Parties", "Convención", "Protocolo", "مؤتمر الأطراف", "Überprüfung", "São Paulo")
LESSONS_PER_MODULE = 10
QUIZ_EVERY = 5  # one quiz after every fifth lesson


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
    if rng.random() < 0.3:
        words.insert(rng.randint(0, len(words)), rng.choice(NON_ASCII))
    if rng.random() < 0.2:
        words.insert(rng.randint(0, len(words)), "**" + rng.choice(WORDS) + "**")
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(3, 6)))


def lesson_text(rng: random.Random, lesson_id: str, previous: str | None) -> str:
    parts = [f"---\ntitle: Lesson {lesson_id} — {rng.choice(NON_ASCII)}\nid: {lesson_id}\n"
             f"objectives:\n  - \"{_sentence(rng)}\"\nduration_minutes: {rng.randint(5, 20)}\n---\n"]
    for section in range(3):
        parts.append(f"## Section {section + 1}\n\n{_paragraph(rng)}\n\n{_paragraph(rng)}\n")
        if section == 0:
            parts.append("| Stage | Who | When |\n|:--|:--|:--|\n"
                         + "".join(f"| {rng.choice(WORDS)} | {rng.choice(WORDS)} | {2010 + i} |\n" for i in range(4)))
        if section == 1:
            parts.append("- " + "\n- ".join(_sentence(rng) for _ in range(4)) + "\n")
            parts.append(f"\n![A diagram of the {rng.choice(WORDS)} stage](../media/diagram.svg \"Figure\")\n")
    if previous:
        parts.append(f"\nSee [the previous lesson](lesson:{previous}) and [a term](glossary:term-1).[^n]\n\n"
                     f"[^n]: {_sentence(rng)}\n")
    parts.append("\n> [!key]\n> - " + _sentence(rng) + "\n> - " + _sentence(rng) + "\n")
    return "\n".join(parts)


def quiz_text(rng: random.Random, quiz_id: str) -> str:
    return f"""---
type: quiz
title: Quiz {quiz_id}
id: {quiz_id}
shuffle: true
---

## {_sentence(rng)} {{#{quiz_id}-single}}

- ( ) {rng.choice(WORDS)} {{#a}}
  > {_sentence(rng)}
- (x) {rng.choice(NON_ASCII)} {{#b}}
- ( ) {rng.choice(WORDS)} {{#c}}

> [!correct] {_sentence(rng)}
> [!incorrect] {_sentence(rng)}

## {_sentence(rng)} {{#{quiz_id}-multi}}

- [x] {rng.choice(WORDS)} {{#a}}
- [ ] {rng.choice(WORDS)} {{#b}}
- [x] {rng.choice(WORDS)} {{#c}}

## {_sentence(rng)} {{#{quiz_id}-tf}}

- (x) True
- ( ) False

## The year is ___ {{#{quiz_id}-fill}}

= 2000
= two thousand

## Match them. {{#{quiz_id}-match}}

- {rng.choice(WORDS)} -> {rng.choice(NON_ASCII)} {{#m1}}
- {rng.choice(WORDS)} one -> {rng.choice(WORDS)} two {{#m2}}

## Order them. {{#{quiz_id}-order}}

1. {rng.choice(WORDS)} {{#o1}}
2. {rng.choice(WORDS)} {{#o2}}
3. {rng.choice(WORDS)} {{#o3}}
"""


DIAGRAM = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 40" role="img"><title>diagram</title>'
           '<rect x="2" y="2" width="96" height="36" fill="#eef"/></svg>\n')


def generate_course(dest: Path, lessons: int, *, seed: int = 0) -> Path:
    """Write a course of `lessons` lessons (plus a quiz every fifth lesson) into `dest`."""
    rng = random.Random(seed)
    dest = Path(dest)
    (dest / "media").mkdir(parents=True, exist_ok=True)
    (dest / "media" / "diagram.svg").write_text(DIAGRAM, encoding="utf-8")
    (dest / "course.yml").write_text(
        f"id: synthetic-{lessons}\ntitle: Synthetic course ({lessons} lessons)\nlanguage: en\n"
        "description: Generated for benchmarks.\ncompletion: visited\npass_mark: 80\n", encoding="utf-8")
    (dest / "glossary.yml").write_text("term-1:\n  term: review\n  definition: A look at implementation.\n",
                                       encoding="utf-8")
    previous = None
    for index in range(lessons):
        module_dir = dest / f"{index // LESSONS_PER_MODULE + 1:04d}-module-{index // LESSONS_PER_MODULE + 1}"
        if index % LESSONS_PER_MODULE == 0:
            module_dir.mkdir(exist_ok=True)
            (module_dir / "module.yml").write_text(f"title: Module {index // LESSONS_PER_MODULE + 1}\n",
                                                   encoding="utf-8")
        lesson_id = f"lesson-{index + 1:05d}"
        position = index % LESSONS_PER_MODULE
        (module_dir / f"{2 * position + 1:02d}-{lesson_id}.md").write_text(
            lesson_text(rng, lesson_id, previous), encoding="utf-8")
        if (index + 1) % QUIZ_EVERY == 0:
            (module_dir / f"{2 * position + 2:02d}-quiz-{index + 1:05d}.md").write_text(
                quiz_text(rng, f"quiz-{index + 1:05d}"), encoding="utf-8")
        previous = lesson_id
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--lessons", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    generate_course(args.out, args.lessons, seed=args.seed)


if __name__ == "__main__":
    main()
