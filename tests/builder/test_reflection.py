"""Reflection parsing: prompt, guiding questions and model answer; every mistake at its file line."""

from __future__ import annotations

from builder.reflection import parse_reflection

GOOD = """\
Think of your own organisation. What would you change first?

## Questions to guide you {.questions}

1. Who decides today?
2. What would it *cost*?
   Count people, not only money.

## One possible answer {.model-answer}
Start with the **owners** of each finding.
"""


def formatted(body: str) -> list[str]:
    return [d.format().split("\n")[0] for d in parse_reflection(body, "m/r.md", first_line=5)[1]]


def test_a_good_reflection_gives_its_three_parts_and_no_diagnostics():
    reflection, diagnostics = parse_reflection(GOOD, "m/r.md", 5)
    assert diagnostics == []
    assert reflection.prompt == "Think of your own organisation. What would you change first?"
    assert reflection.questions_heading == "Questions to guide you"
    assert reflection.questions == ["Who decides today?", "What would it *cost*?\nCount people, not only money."]
    assert (reflection.model_heading, reflection.model_answer) == (
        "One possible answer", "Start with the **owners** of each finding.")
    assert reflection.model_line == 13


def test_questions_are_optional():
    reflection, diagnostics = parse_reflection("Write one step.\n\n## An answer {.model-answer}\nThis one.\n", "r", 1)
    assert diagnostics == [] and reflection.questions == [] and reflection.questions_heading == ""


def test_missing_prompt_and_model_answer_are_reported_at_the_body_start():
    assert formatted("## Q {.questions}\n- One?\n") == [
        "m/r.md:5: error: reflection has no prompt [reflection.no-prompt]",
        "m/r.md:5: error: reflection has no model answer [reflection.no-model-answer]",
    ]


def test_unknown_class_bare_heading_duplicate_and_stray_text_each_at_their_line():
    body = GOOD + "## Again {.model-answer}\nTwice.\n## Notes {.notes}\n## Loose heading\n"
    assert formatted(body) == [
        "m/r.md:15: error: section .model-answer is given twice (first at line 13) [reflection.duplicate-section]",
        "m/r.md:17: error: unknown section class '.notes' [reflection.unknown-class]",
        "m/r.md:18: error: heading 'Loose heading' starts no known section: its text would belong to none "
        "[reflection.stray-heading]",
    ]
    stray = GOOD.replace("   Count people, not only money.\n", "   Count people.\n\nA paragraph outside.\n")
    assert formatted(stray) == ["m/r.md:13: error: text in the questions section that is not part of its list "
                                "belongs to no question [reflection.stray-text]"]


def test_empty_sections_and_too_many_questions():
    body = "Prompt.\n## Q {.questions}\n## A {.model-answer}\n"
    assert formatted(body) == [
        "m/r.md:6: error: the questions section has no list [reflection.empty-questions]",
        "m/r.md:7: error: the model answer is empty [reflection.empty-model-answer]",
    ]
    many = "Prompt.\n## Q {.questions}\n" + "".join(f"- Question {n}?\n" for n in range(7)) + "## A {.model-answer}\nA.\n"
    assert formatted(many) == ["m/r.md:6: error: 7 guiding questions; a reflection has 1 to 6 "
                               "[reflection.question-count]"]


def test_a_section_heading_inside_a_code_block_is_not_a_section():
    body = "Prompt:\n\n```\n## Not a section {.model-answer}\n```\n\n## A {.model-answer}\nYes.\n"
    reflection, diagnostics = parse_reflection(body, "r", 1)
    assert diagnostics == [] and reflection.model_answer == "Yes."
    assert "## Not a section" in reflection.prompt
