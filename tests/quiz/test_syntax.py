"""The quiz syntax of docs/authoring.md ("Quizzes"): every question type into the exact model,
every diagnostic code at its exact file line, and IDs."""

from __future__ import annotations

import json
import re

import textwrap
from pathlib import Path

import pytest

from coursepack_quiz.diagnostics import Severity
from coursepack_quiz.ids import add_missing_ids
from coursepack_quiz.model import (Choice, MatchDistractor, MatchPair, OrderItem, Question, QuestionType,
                                   QuizSettings, ShowAnswers)
from coursepack_quiz.syntax import LINE_PATTERNS, parse_quiz, parse_quiz_document

SETTINGS = QuizSettings()


def parse(body: str, body_line: int = 1):
    return parse_quiz(textwrap.dedent(body).lstrip("\n"), path="quiz.md", quiz_id="quiz", title="Quiz",
                      settings=SETTINGS, body_line=body_line)


def only(body: str) -> Question:
    quiz, diagnostics = parse(body)
    assert quiz is not None, [d.format() for d in diagnostics]
    assert [d for d in diagnostics if d.severity is Severity.ERROR] == []
    assert len(quiz.questions) == 1
    return quiz.questions[0]


def found(body: str, body_line: int = 1) -> list[tuple[int, str]]:
    return [(d.line, d.code) for d in parse(body, body_line)[1]]


DOC_EXAMPLE = """\
Optional introduction shown before the first question.

## When did the General Assembly adopt the Convention? {#q-adopted}

- ( ) 1998 {#a}
  > 1998 is when the drafting committee was set up.
- (x) 2000 {#b}
  > Yes: resolution 55/25, 15 November 2000.
- ( ) 2003 {#c}
  > 2003 is when it entered into force.

> [!hint] It was the year of the Palermo signing conference.
> [!correct] Well done.
> [!incorrect] See the lesson "What the Convention is".
"""


def test_the_documented_example_parses_into_the_exact_model():
    quiz, diagnostics = parse(DOC_EXAMPLE)
    assert diagnostics == []
    assert quiz.intro == "Optional introduction shown before the first question."
    assert quiz.questions == (Question(
        id="q-adopted", type=QuestionType.SINGLE, prompt="When did the General Assembly adopt the Convention?",
        choices=(Choice(id="a", text="1998", feedback="1998 is when the drafting committee was set up.", line=5),
                 Choice(id="b", text="2000", correct=True, feedback="Yes: resolution 55/25, 15 November 2000.", line=7),
                 Choice(id="c", text="2003", feedback="2003 is when it entered into force.", line=9)),
        hints=("It was the year of the Palermo signing conference.",), feedback_correct="Well done.",
        feedback_incorrect='See the lesson "What the Convention is".', line=3),)


def test_applied_class_marks_the_question_and_is_off_by_default():
    applied = only("""
        ## An NGO wants to comment on its country's review. What can it do first? {#q-apply .applied}

        - (x) Ask the focal point {#ask}
        - ( ) Nothing {#nothing}
        """)
    plain = only("""
        ## What year? {#q-year}

        = 2000
        """)
    assert (applied.applied, plain.applied) == (True, False)


def test_multiple_response_with_body_text_and_points():
    q = only("""
        ## Which are protocols of the Convention? {#q-protocols points=2.5}

        Pick **all** that apply.

        | a | table |
        |---|---|

        - [x] Trafficking in persons {#t}
        - [ ] Corruption {#c}
          > That is UNCAC.
          > A separate convention.
        - [X] Smuggling of migrants {#s}
        """)
    assert q == Question(
        id="q-protocols", type=QuestionType.MULTIPLE, prompt="Which are protocols of the Convention?",
        body="Pick **all** that apply.\n\n| a | table |\n|---|---|", points=2.5,
        choices=(Choice(id="t", text="Trafficking in persons", correct=True, line=8),
                 Choice(id="c", text="Corruption", feedback="That is UNCAC.\nA separate convention.", line=9),
                 Choice(id="s", text="Smuggling of migrants", correct=True, line=12)), line=1)


@pytest.mark.parametrize("yes, no", [("True", "False"), ("vrai", "FAUX"), ("Verdadero", "Falso"),
                                     ("Verdadeiro", "Falso"), ("صحيح", "خطأ")])
def test_true_false_by_option_names_forces_ids(yes, no):
    q = only(f"## Statement {{#q-s}}\n\n- ( ) {no} {{#x}}\n  > Not so.\n- (x) {yes}\n")
    assert q.type is QuestionType.TRUE_FALSE
    assert q.choices == (Choice(id="false", text=no, feedback="Not so.", line=3),
                         Choice(id="true", text=yes, correct=True, line=5))


def test_true_false_by_class_takes_the_first_option_as_true():
    q = only("## Statement {#q-s .true-false}\n- ( ) Yes, it does\n- (x) No, it does not\n")
    assert q.type is QuestionType.TRUE_FALSE
    assert [(c.id, c.text, c.correct) for c in q.choices] == [("true", "Yes, it does", False),
                                                               ("false", "No, it does not", True)]


def test_two_options_named_otherwise_are_single_choice():
    q = only("## Pick {#q}\n- (x) True {#a}\n- ( ) Maybe {#b}\n")
    assert q.type is QuestionType.SINGLE


def test_fill_in_with_several_answers_and_case_sensitivity():
    q = only("""
        ## The capital of Switzerland is ___ {#q-bern .case-sensitive}
        = Bern
        =   Berne  
        > [!incorrect] It is not Zürich.
        """)
    assert q == Question(id="q-bern", type=QuestionType.FILL_IN, prompt="The capital of Switzerland is ___",
                         answers=("Bern", "Berne"), case_sensitive=True, feedback_incorrect="It is not Zürich.", line=1)


def test_matching_with_distractors():
    q = only("""
        ## Match {#q-m}
        - France -> Paris {#fr}
        - España -> Madrid {#es}
        - -> Lisboa {#d-lis}
        """)
    assert q.type is QuestionType.MATCHING
    assert q.pairs == (MatchPair(id="fr", left="France", right="Paris", line=2),
                       MatchPair(id="es", left="España", right="Madrid", line=3))
    assert q.distractors == (MatchDistractor(id="d-lis", text="Lisboa", line=4),)


def test_ordering_keeps_line_order_and_numbered_lists_in_the_body_stay_text():
    q = only("""
        ## Order the steps {#q-o}
        Remember:

        1. this list is text
        2. because answers follow

        Now order:
        1. Self-assessment {#s1}
        2. Peer review {#s2}
        3. Report {#s3}
        """)
    assert q.body == "Remember:\n\n1. this list is text\n2. because answers follow\n\nNow order:"
    assert q.items == (OrderItem(id="s1", text="Self-assessment", line=8), OrderItem(id="s2", text="Peer review", line=9),
                       OrderItem(id="s3", text="Report", line=10))


def test_a_numbered_list_before_choices_is_question_text():
    q = only("## Q {#q}\n1. first point\n2. second\n\n- (x) a {#a}\n- ( ) b {#b}\n")
    assert q.type is QuestionType.SINGLE and q.body == "1. first point\n2. second"


def test_fenced_code_is_opaque():
    quiz, diagnostics = parse("""
        ```markdown
        ## Not a question
        - (x) not an option
        ```

        ## Real {#q}
        ~~~
        - [x] still code
        ```
        ~~~
        - (x) a {#a}
        - ( ) b {#b}
        """)
    assert diagnostics == []
    assert quiz.intro.startswith("```markdown\n## Not a question")
    assert quiz.questions[0].body == "~~~\n- [x] still code\n```\n~~~"
    assert [c.id for c in quiz.questions[0].choices] == ["a", "b"]


def test_multi_line_callouts_and_several_hints():
    q = only("""
        ## Q {#q}
        - (x) a {#a}
        - ( ) b {#b}

        > [!hint]
        > First hint,
        > two lines.

        > [!HINT] Second hint.
        > [!correct] Yes.
        > Really.
        """)
    assert q.hints == ("First hint,\ntwo lines.", "Second hint.")
    assert q.feedback_correct == "Yes.\nReally."


def test_option_text_continues_on_indented_lines():
    q = only("## Q {#q}\n- (x) a long\n  option {#a}\n- ( ) b {#b}\n")
    assert q.choices[0].text == "a long option {#a}"  # an ID belongs on the option's first line


def test_crlf_line_endings_read_the_same():
    quiz, diagnostics = parse(DOC_EXAMPLE.replace("\n", "\r\n"))
    assert diagnostics == []
    assert quiz == parse(DOC_EXAMPLE)[0]


def test_body_line_makes_every_line_a_file_line():
    quiz, _ = parse(DOC_EXAMPLE, body_line=10)
    assert quiz.questions[0].line == 12 and quiz.questions[0].choices[0].line == 14
    assert found("## Q {#q}\n- ( ) a {#a}\n", body_line=10) == [(10, "quiz.no-correct")]


def test_the_pattern_table_is_one_ordered_declaration():
    kinds = [kind for kind, _ in LINE_PATTERNS]
    assert kinds.index("choice") < kinds.index("pair") < kinds.index("item")
    assert kinds.index("callout") < kinds.index("quote") and kinds[-1] == "text"


# --- IDs ---------------------------------------------------------------------------------------

def test_missing_ids_get_provisional_ones_with_one_warning_per_question_and_one_for_its_options():
    quiz, diagnostics = parse("## First\n- (x) a\n- ( ) b {#a}\n- ( ) c\n\n## Second {#q1}\n- France -> Paris\n"
                              "- Spain -> Madrid {#p1}\n- -> Rome\n\n## Third\n1. x\n2. y\n")
    first, third = quiz.questions[0].id, quiz.questions[2].id
    assert re.fullmatch(r"q-[0-9a-f]{6}", first) and re.fullmatch(r"q-[0-9a-f]{6}", third) and first != third
    assert quiz.questions[1].id == "q1"
    assert [c.id for c in quiz.questions[0].choices] == ["b", "a", "c"]
    assert [p.id for p in quiz.questions[1].pairs] == ["p2", "p1"]
    assert [d.id for d in quiz.questions[1].distractors] == ["d1"]
    assert [i.id for i in quiz.questions[2].items] == ["i1", "i2"]
    assert [(d.line, d.code, d.severity) for d in diagnostics] == [
        (1, "id.missing", Severity.WARNING), (2, "id.missing", Severity.WARNING),
        (7, "id.missing", Severity.WARNING), (11, "id.missing", Severity.WARNING),
        (12, "id.missing", Severity.WARNING)]
    assert diagnostics[0].message == f'question 1 ("First") has no ID; using provisional ID "{first}"'
    assert diagnostics[1].message == f'question "{first}": 2 options without an ID; using provisional IDs b, c'
    assert all(d.hint == "run `coursepack ids COURSE --write`" for d in diagnostics)


def test_provisional_ids_are_the_ids_that_write_back_adds():
    """Building before `coursepack ids --write` and after gives the same IDs: progress survives."""
    text = "## First\n- (x) a\n- ( ) b\n\n## Second\n= yes\n"
    before, _ = parse(text)
    written, _ = add_missing_ids(text)
    after, diagnostics = parse(written)
    assert diagnostics == []
    assert [(q.id, [c.id for c in q.choices]) for q in before.questions] == \
        [(q.id, [c.id for c in q.choices]) for q in after.questions]


def test_true_false_options_need_no_ids():
    assert found("## S {#s}\n- (x) True\n- ( ) False\n") == []


# --- diagnostics: every code at its exact line -----------------------------------------------------

#: The mistakes and their diagnostics, a table kept as data (syntax_errors.json): name, quiz, [(line, code)].
ERRORS = [(case["name"], case["quiz"], [tuple(found) for found in case["expect"]])
          for case in json.loads((Path(__file__).parent / "syntax_errors.json").read_text(encoding="utf-8"))["cases"]]


@pytest.mark.parametrize("body, expected", [case[1:] for case in ERRORS], ids=[case[0] for case in ERRORS])
def test_each_diagnostic_has_its_code_and_exact_line(body, expected):
    quiz, diagnostics = parse(body)
    assert sorted((d.line, d.code) for d in diagnostics) == sorted(expected)
    errors = [d for d in diagnostics if d.is_error]
    assert (quiz is None) == bool(errors)


def test_every_error_message_names_its_question():
    for name, body, expected in ERRORS:
        for d in parse(body)[1]:
            if d.is_error and d.code not in ("quiz.no-questions",) and name != "invalid question ID":
                assert '"q"' in d.message or '"s"' in d.message, (name, d.message)


def test_marker_messages_tell_the_problems_apart():
    _, space = parse("## Q {#q}\n- (x)a {#a}\n- ( ) b {#b}\n")
    _, mark = parse("## Q {#q}\n- (*) a {#a}\n- (x) b {#b}\n")
    assert space[0].message == 'question "q": answer marker missing its space' and space[0].col == 3
    assert mark[0].message == 'question "q": "(*)" is not an answer marker'
    assert "only x or X" in mark[0].hint


def test_a_third_level_heading_inside_question_text_is_text():
    q = only("## Q {#q}\n### Context\nRead this.\n- (x) a {#a}\n- ( ) b {#b}\n")
    assert q.body == "### Context\nRead this."


def test_format_of_a_diagnostic():
    _, diagnostics = parse("## Q {#q-cop}\n- ( ) a {#a}\n- ( ) b {#b}\n", body_line=14)
    assert diagnostics[0].format() == (
        'quiz.md:14: error: single-choice question "q-cop" has no (x) option [quiz.no-correct]\n'
        "    hint: mark exactly one option with (x); use [x] / [ ] for several right answers")


# --- whole documents ---------------------------------------------------------------------------

def test_parse_quiz_document_reads_front_matter_settings_and_real_lines():
    text = ("---\ntype: quiz\ntitle: Check\nid: mod-1-check\npass_mark: 70\nattempts: 3\nshuffle: true\n"
            "show_answers: after-pass\n---\n\nIntro.\n\n## Q {#q}\n- (x) a {#a}\n- ( ) b {#b}\n")
    quiz, diagnostics = parse_quiz_document(text, path="02-check.md", default_id="check")
    assert diagnostics == []
    assert (quiz.id, quiz.title, quiz.intro) == ("mod-1-check", "Check", "Intro.")
    assert quiz.settings == QuizSettings(pass_mark=70, attempts=3, shuffle=True, show_answers=ShowAnswers.AFTER_PASS)
    assert quiz.questions[0].line == 13 and quiz.questions[0].choices[1].line == 15


def test_parse_quiz_document_uses_the_default_id():
    quiz, _ = parse_quiz_document("---\ntype: quiz\ntitle: T\n---\n## Q {#q}\n= a\n", path="x.md", default_id="check")
    assert quiz.id == "check"


def test_parse_quiz_document_reports_front_matter_and_body_problems_together():
    text = "---\ntype: quiz\ntitle: T\nattempts: -1\n---\n## Q {#q}\n- ( ) a {#a}\n"
    quiz, diagnostics = parse_quiz_document(text, path="x.md", default_id="x")
    assert quiz is None
    assert [(d.line, d.code) for d in diagnostics] == [(4, "schema.greater_than_equal"), (6, "quiz.no-correct")]


def test_parse_quiz_document_without_front_matter():
    quiz, diagnostics = parse_quiz_document("## Q {#q}\n= a\n", path="x.md", default_id="x")
    assert quiz is None
    assert {d.code for d in diagnostics} == {"schema.missing"}


def test_parse_quiz_document_with_an_invalid_default_id():
    quiz, diagnostics = parse_quiz_document("---\ntype: quiz\ntitle: T\n---\n## Q {#q}\n= a\n", path="x.md",
                                            default_id="not an id")
    assert quiz is None and [d.code for d in diagnostics] == ["quiz.invalid"]
