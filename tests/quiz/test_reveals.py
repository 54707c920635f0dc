"""Answers given away before `show_answers` allows: feedback after a wrong attempt
([quiz.feedback-reveals]) and question IDs ([quiz.id-reveals]), coursepack_quiz/reveals.py.

Each rule is shown both ways: text that states the answer (warned, at the feedback's own line)
and text that only looks similar (not warned)."""

from __future__ import annotations

import textwrap

import pytest

from coursepack_quiz.model import QuizSettings, ShowAnswers
from coursepack_quiz.reveals import Text, Texts, withholds_after_wrong_attempt, withholds_before_first_attempt, words
from coursepack_quiz.syntax import parse_quiz

WITHHOLDS = QuizSettings(attempts=3, show_answers=ShowAnswers.AFTER_LAST_ATTEMPT)
REVEAL_CODES = {"quiz.feedback-reveals", "quiz.id-reveals"}


def reveals(body: str, settings: QuizSettings = WITHHOLDS) -> list[tuple[int, str]]:
    """(line, code) of every reveal warning for a quiz body; the body must parse cleanly otherwise."""
    quiz, diagnostics = parse_quiz(textwrap.dedent(body).lstrip("\n"), path="quiz.md", quiz_id="quiz",
                                   title="Quiz", settings=settings)
    assert quiz is not None, [d.format() for d in diagnostics]
    return [(d.line, d.code) for d in diagnostics if d.code in REVEAL_CODES]


def messages(body: str) -> list[str]:
    _, diagnostics = parse_quiz(textwrap.dedent(body).lstrip("\n"), path="quiz.md", quiz_id="quiz",
                                title="Quiz", settings=WITHHOLDS)
    return [d.message for d in diagnostics if d.code in REVEAL_CODES]


SINGLE = """
## Which government funded the PPP project? {#q-funder}

- ( ) United States {#us}
  > {us}
- (x) Germany {#germany}
  > Yes, Germany.
- ( ) Sweden {#sweden}

> [!correct] Correct: Germany.
> [!incorrect] {incorrect}
"""


def single(us: str = "No.", incorrect: str = "Re-read the lesson.") -> str:
    return SINGLE.replace("{us}", us).replace("{incorrect}", incorrect)


# --- words --------------------------------------------------------------------------------------

def test_words_are_casefolded_whole_words_without_link_destinations():
    assert words("See [the lesson](eight-years.md), **Résumé**!") == ("see", "the", "lesson", "résumé")
    assert words("Two weeks") in Text("within two weeks.")
    assert words("two") not in Text("network")  # only whole words
    assert () not in Text("anything")


@pytest.mark.parametrize("phrase, at", [
    ("c", 2), ("b c", 1), ("c d e f", 2),  # looked up in the n-gram tables
    ("c d e f g", 2), ("a b c d e f g h", 0), ("d e f g h", 3),  # longer: searched
    ("c e", None), ("c d e f x", None), ("e f g h i", None),
])
def test_text_position_is_the_word_index_of_the_first_occurrence(phrase, at):
    assert Text("a b c d e f g h c d").position(words(phrase)) == at


def test_texts_seen_skips_the_phrase_own_text():
    group = Texts([Text("within two weeks of the start"), Text("within four weeks of the start")])
    assert group.seen(words("of the start"), skip=0)
    assert not group.seen(words("two weeks"), skip=0)
    assert group.seen(words("two weeks"))
    assert not group.seen(words("two weeks of the start"), skip=0) and group.seen(words("two weeks of the start"))


# --- feedback: true positives -------------------------------------------------------------------

def test_incorrect_feedback_naming_the_right_option_is_warned_at_its_line():
    assert reveals(single(incorrect="The project was funded by Germany.")) == [(10, "quiz.feedback-reveals")]


def test_wrong_option_feedback_naming_the_right_option_is_warned_at_the_feedback_line():
    assert reveals(single(us="No: it was Germany.")) == [(4, "quiz.feedback-reveals")]


def test_message_names_the_text_the_answer_and_the_policy():
    [message] = messages(single(us="No: it was Germany."))
    assert message == ('question "q-funder": feedback of option "us" states the answer ("Germany"), but '
                       "show_answers: after-last-attempt withholds answers after a wrong attempt")


def test_true_false_label_in_incorrect_feedback():
    body = """
    ## UNTOC entered into force on 29 September 2003. {#q-eif}

    - (x) True
    - ( ) False

    > [!incorrect] The statement is true: see article 38.
    """
    assert reveals(body) == [(6, "quiz.feedback-reveals")]


def test_fill_in_answer_in_incorrect_feedback():
    body = """
    ## Each country review is expected to take ___ consecutive years. {#q-duration}

    = eight
    = 8

    > [!incorrect] The answer is eight: four phases of two years.
    """
    assert reveals(body) == [(6, "quiz.feedback-reveals")]


def test_two_character_fill_in_answer_is_still_checked():
    body = """
    ## Dialogues are provided for in paragraph ___ of the Procedures and rules. {#q-paragraph}

    = 53

    > [!incorrect] It is paragraph 53.
    """
    assert reveals(body) == [(5, "quiz.feedback-reveals")]


def test_long_option_stated_by_a_run_of_four_of_its_words():
    body = """
    ## Where does the secretariat sit? {#q-secretariat}

    - (x) Organized Crime and Illicit Trafficking Branch, UNODC headquarters, Vienna
    - ( ) UNODC Civil Society Unit

    > [!incorrect] It sits in the Organized Crime and Illicit Trafficking Branch.
    """
    assert reveals(body) == [(6, "quiz.feedback-reveals")]


def test_multiple_response_right_option_feedback_naming_another_right_option():
    body = """
    ## Which does a list of observations set out? {#q-list}

    - [x] Gaps and challenges
      > Yes, and so do good practices.
    - [x] Good practices
    - [ ] A ranking

    > [!incorrect] Re-read step 3.
    """
    assert reveals(body) == [(4, "quiz.feedback-reveals")]


def test_matching_feedback_stating_a_premise_with_its_response():
    body = """
    ## Match each step to its deadline. {#q-deadlines}

    - Focal point appointed -> Within two weeks of the start {#focal}
    - Experts appointed -> Within four weeks of the start {#experts}
    - -> Within eight weeks of the start {#distractor}

    > [!incorrect] Focal point: within two weeks.
    """
    assert reveals(body) == [(7, "quiz.feedback-reveals")]


def test_ordering_feedback_listing_three_items_in_the_key_order():
    body = """
    ## Put these in order, earliest first. {#q-road}

    1. COP6 cannot agree on a review mechanism {#cop6}
    2. Resolution 9/1 establishes the Mechanism {#res-9-1}
    3. The first constructive dialogues are held {#dialogues}
    4. COP12 brings together a record 1,400 participants {#cop12}

    > [!incorrect] COP6 (2012), then resolution 9/1 (2018), then COP12 (2024).
    """
    assert reveals(body) == [(8, "quiz.feedback-reveals")]


# --- feedback: what must not be warned ----------------------------------------------------------

def test_feedback_about_the_chosen_wrong_option_is_fine():
    assert reveals(single(us="The United States funds SE4U, a different project.")) == []


def test_correct_feedback_and_the_right_options_own_feedback_are_never_checked():
    assert reveals(single()) == []  # "[!correct] Correct: Germany." and "Yes, Germany." both state it


def test_answer_words_already_in_the_question_give_nothing_away():
    body = """
    ## Germany or Sweden: which government funded the PPP project? {#q-funder}

    - ( ) Sweden
    - (x) Germany

    > [!incorrect] Germany or Sweden: re-read the lesson.
    """
    assert reveals(body) == []


def test_one_character_answers_and_parts_of_words_are_not_matches():
    body = """
    ## Each country review is expected to take ___ consecutive years. {#q-duration}

    = 8
    = eighty-eight

    > [!incorrect] See article 8, and [the lesson](eighty-eight.md): eightfold is not a word here.
    """
    assert reveals(body) == []


def test_matching_feedback_naming_only_one_side_is_fine():
    body = """
    ## Match each step to its deadline. {#q-deadlines}

    - Focal point appointed -> Within two weeks of the start {#focal}
    - Experts appointed -> Within four weeks of the start {#experts}

    > [!incorrect] The focal point is appointed first. Deadlines run from the start.
    """
    assert reveals(body) == []


@pytest.mark.parametrize("feedback", [
    "COP12 (2024) came after resolution 9/1 (2018) and COP6 (2012).",  # three items, not in key order
    "Resolution 9/1 came after COP6.",  # in order, but only two of four items
])
def test_ordering_feedback_out_of_order_or_with_few_items_is_fine(feedback):
    body = f"""
    ## Put these in order, earliest first. {{#q-road}}

    1. COP6 cannot agree on a review mechanism {{#cop6}}
    2. Resolution 9/1 establishes the Mechanism {{#res-9-1}}
    3. The first constructive dialogues are held {{#dialogues}}
    4. COP12 brings together a record 1,400 participants {{#cop12}}

    > [!incorrect] {feedback}
    """
    assert reveals(body) == []


@pytest.mark.parametrize("settings", [
    QuizSettings(show_answers=ShowAnswers.AFTER_SUBMIT),
    QuizSettings(show_answers=ShowAnswers.ALWAYS),
    QuizSettings(attempts=1, show_answers=ShowAnswers.AFTER_LAST_ATTEMPT),  # the wrong attempt is the last
])
def test_no_feedback_warning_when_the_policy_shows_answers_after_a_wrong_attempt(settings):
    assert reveals(single(incorrect="It was Germany."), settings) == []


@pytest.mark.parametrize("settings", [
    QuizSettings(),  # after-last-attempt with unlimited attempts: only a pass reveals
    QuizSettings(show_answers=ShowAnswers.NEVER),
    QuizSettings(show_answers=ShowAnswers.AFTER_PASS),
])
def test_feedback_warning_under_every_policy_that_withholds(settings):
    assert reveals(single(incorrect="It was Germany."), settings) == [(10, "quiz.feedback-reveals")]


def test_policy_predicates_follow_answers_visible():
    assert withholds_after_wrong_attempt(WITHHOLDS) and withholds_before_first_attempt(WITHHOLDS)
    after_submit = QuizSettings(show_answers=ShowAnswers.AFTER_SUBMIT)
    assert not withholds_after_wrong_attempt(after_submit) and withholds_before_first_attempt(after_submit)
    assert not withholds_before_first_attempt(QuizSettings(show_answers=ShowAnswers.ALWAYS))


# --- IDs ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("ident, answers", [
    ("fa-q-eight-years", "= eight\n= 8"),
    ("m5-q-se4u", "= SE4U"),
    ("q-capital_Palermo", "= Palermo"),
])
def test_id_spelling_a_fill_in_answer(ident, answers):
    body = f"## The review takes ___ years; the name is ___. {{#{ident}}}\n\n{answers}\n"
    assert reveals(body) == [(1, "quiz.id-reveals")]


def test_id_spelling_two_distinctive_words_of_the_right_option():
    body = """
    ## How does UNODC describe UNTOC? {#fa-q-only-global}

    - ( ) As a regional treaty
    - (x) As the only global, legally binding instrument
    """
    assert reveals(body) == [(1, "quiz.id-reveals")]
    assert messages(body)[0].startswith('question ID "fa-q-only-global" spells its answer ("As the only global')


def test_id_reveals_also_under_after_submit_but_not_always():
    body = "## The short name is ___. {#q-se4u}\n\n= SE4U\n"
    assert reveals(body, QuizSettings(show_answers=ShowAnswers.AFTER_SUBMIT)) == [(1, "quiz.id-reveals")]
    assert reveals(body, QuizSettings(show_answers=ShowAnswers.ALWAYS)) == []


@pytest.mark.parametrize("ident", [
    "q-review-duration",  # neutral
    "q-deadline-weeks",  # "weeks" is in every option
    "q-first-cluster",  # words of the prompt, not of the answer
])
def test_neutral_ids_are_fine(ident):
    body = f"""
    ## Which cluster was reviewed first, and within how many weeks? {{#{ident}}}

    - (x) Criminalization, within two weeks
    - ( ) Cooperation, within four weeks
    """
    assert reveals(body) == []


def test_words_shared_with_a_wrong_option_are_not_a_give_away():
    body = """
    ## What is REVMOD? {#q-revmod}

    - (x) The secure online platform that hosts the country review process
    - ( ) A public database of reports on the country review process

    > [!incorrect] Think about who takes part in the country review process, and how.
    """
    assert reveals(body) == []


GITOC = """
## Who is the SE4U partner? {#QID}

- (x) The Global Initiative Against Transnational Organized Crime (GI-TOC)
- ( ) The UNCAC Coalition

> [!incorrect] FEEDBACK
"""


def test_a_bracketed_short_form_of_the_right_option_states_it():
    body = GITOC.replace("QID", "q-partner").replace("FEEDBACK", "The answer is GI-TOC.")
    assert reveals(body) == [(6, "quiz.feedback-reveals")]


def test_an_id_spelling_the_short_form_as_one_word():
    body = GITOC.replace("QID", "m5-q-gitoc").replace("FEEDBACK", "Re-read the lesson.")
    assert reveals(body) == [(1, "quiz.id-reveals")]
