"""The quiz model's text conversion (`Quiz.map_text`): every text converted, nothing else."""

from __future__ import annotations

import textwrap

from coursepack_quiz.model import QuizSettings
from coursepack_quiz.syntax import parse_quiz

QUIZ = """\
## Which body runs the review? {#q-body}

The Mechanism has several parts.

- ( ) A court {#b}
- (x) The Conference of the Parties {#a}
  > Right: it *oversees* the Mechanism.

## Put the steps in order {#q-order}

1. Self-assessment {#s1}
2. Country visit {#s2}
"""


def quiz():
    parsed, diagnostics = parse_quiz(textwrap.dedent(QUIZ), path="quiz.md", quiz_id="quiz", title="Quiz",
                                     settings=QuizSettings(), body_line=1)
    assert parsed is not None, [d.format() for d in diagnostics]
    return parsed


def test_every_author_text_is_converted_and_nothing_else():
    original = quiz()
    marked = original.map_text(lambda text, inline: f"[{'i' if inline else 'b'}:{text}]")
    body, order = marked.questions
    assert body.prompt == "[i:Which body runs the review?]"
    assert body.body == "[b:The Mechanism has several parts.]"
    assert [(c.id, c.text, c.feedback, c.correct) for c in body.choices] == [
        ("b", "[i:A court]", "", False),  # an empty text stays empty
        ("a", "[i:The Conference of the Parties]", "[b:Right: it *oversees* the Mechanism.]", True)]
    assert [(i.id, i.text) for i in order.items] == [("s1", "[i:Self-assessment]"), ("s2", "[i:Country visit]")]
    assert original.questions[0].prompt == "Which body runs the review?"  # the author's quiz is unchanged
    assert marked.model_dump(exclude={"questions"}) == original.model_dump(exclude={"questions"})


def test_what_the_conversion_leaves_as_it_was_is_shared_not_copied():
    original = quiz()
    assert original.map_text(lambda text, inline: str(text)) is original  # equal text: the same quiz
    # Only block texts change (feedback, the body): the ordering question and plain options are shared.
    blocks = original.map_text(lambda text, inline: text if inline else f"<p>{text}</p>")
    body, order = blocks.questions
    assert order is original.questions[1]
    assert body is not original.questions[0] and body.body == "<p>The Mechanism has several parts.</p>"
    assert body.choices[0] is original.questions[0].choices[0]  # no feedback
    assert body.choices[1] is not original.questions[0].choices[1]
    assert body.prompt is original.questions[0].prompt
    assert blocks == original.map_text(lambda text, inline: text if inline else f"<p>{text}</p>")
