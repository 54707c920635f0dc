"""`coursepack ids --write`: missing IDs added, every other byte kept, idempotent."""

from __future__ import annotations

import hashlib

import pytest

from coursepack_quiz.ids import add_missing_ids
from coursepack_quiz.syntax import parse_quiz_document

FRONT = "---\ntype: quiz\ntitle: T\n---\n"

BEFORE = FRONT + """\
Intro with `## not a heading`.

```
## Fenced {#x}
- (x) fenced
```

## When was it adopted?
- ( ) 1998
  > Drafting began.
- (x) 2000 {#a}
- ( ) 2003   

## Match {.case-sensitive points=2}
- France -> Paris
- Spain -> Madrid {#p1}
- -> Rome

## Order {#q-o}
1. one {#i2}
2. two

## Is it true? {#q-tf}
- (x) True
- ( ) False

## Fill {#q-f}
= answer
"""


def _qid(prompt: str, position: int) -> str:
    return "q-" + hashlib.sha1(f"{prompt}\n{position}".encode()).hexdigest()[:6]


def test_ids_are_added_exactly_where_missing():
    after, changes = add_missing_ids(BEFORE)
    q1, q2 = _qid("When was it adopted?", 1), _qid("Match", 2)
    expected = (BEFORE
                .replace("## When was it adopted?\n", f"## When was it adopted? {{#{q1}}}\n")
                .replace("- ( ) 1998\n", "- ( ) 1998 {#b}\n")
                .replace("- ( ) 2003   \n", "- ( ) 2003 {#c}   \n")
                .replace("{.case-sensitive points=2}", f"{{#{q2} .case-sensitive points=2}}")
                .replace("- France -> Paris\n", "- France -> Paris {#p2}\n")
                .replace("- -> Rome\n", "- -> Rome {#d1}\n")
                .replace("2. two\n", "2. two {#i1}\n"))
    assert after == expected
    assert changes == [
        f'line 12: question "When was it adopted?" ← {{#{q1}}}',
        f'line 13: question "{q1}": "1998" ← {{#b}}',
        f'line 16: question "{q1}": "2003" ← {{#c}}',
        f'line 18: question "Match" ← {{#{q2}}}',
        f'line 19: question "{q2}": "Paris" ← {{#p2}}',
        f'line 21: question "{q2}": "Rome" ← {{#d1}}',
        'line 25: question "q-o": "two" ← {#i1}',
    ]


def test_the_result_parses_without_id_warnings_and_keeps_the_provisional_option_ids():
    before, _ = parse_quiz_document(BEFORE, path="q.md", default_id="q")
    after_text, _ = add_missing_ids(BEFORE)
    after, diagnostics = parse_quiz_document(after_text, path="q.md", default_id="q")
    assert diagnostics == []
    for old, new in zip(before.questions, after.questions):
        assert [c.id for c in old.choices] == [c.id for c in new.choices]
        assert [p.id for p in old.pairs + old.distractors] == [p.id for p in new.pairs + new.distractors]
        assert [i.id for i in old.items] == [i.id for i in new.items]


def test_idempotent():
    once, _ = add_missing_ids(BEFORE)
    twice, changes = add_missing_ids(once)
    assert twice == once and changes == []


def test_crlf_bom_and_missing_final_newline_are_preserved():
    text = "\ufeff" + (FRONT + "## Q\r\n- (x) a\r\n- ( ) b").replace("\n", "\r\n").replace("\r\r", "\r")
    after, changes = add_missing_ids(text)
    assert after.startswith("\ufeff---\r\ntype: quiz\r\n")
    assert after.endswith(f"## Q {{#{_qid('Q', 1)}}}\r\n- (x) a {{#a}}\r\n- ( ) b {{#b}}")
    assert after.count("\r\n") == text.count("\r\n") and len(changes) == 3


def test_untouched_file_is_byte_identical():
    text = FRONT + "## Q {#q}\n- (x) a {#a}  \n- ( ) b {#b}\t\n\n\n"
    assert add_missing_ids(text) == (text, [])


def test_generated_question_ids_never_collide():
    # The same prompt at the same position cannot happen twice, but a written ID can equal the hash.
    taken = _qid("Q", 1)
    text = FRONT + f"## Q\n= a\n\n## Other {{#{taken}}}\n= b\n"
    after, _ = add_missing_ids(text)
    quiz, diagnostics = parse_quiz_document(after, path="q.md", default_id="q")
    assert diagnostics == [] and len({q.id for q in quiz.questions}) == 2


def test_invalid_ids_and_closing_hashes_are_left_to_the_author():
    text = FRONT + "## Bad {#-x}\n= a\n\n## Closed ##\n= b\n"
    after, changes = add_missing_ids(text)
    assert "## Bad {#-x}\n" in after
    assert f"## Closed {{#{_qid('Closed', 2)}}} ##\n" in after and len(changes) == 1


def test_bytes_round_trip_keeps_bom_and_each_line_ending_style():
    from coursepack_quiz.ids import add_missing_ids_to_bytes

    body = FRONT + "## Q\n- (x) a\n- ( ) b\n"
    expected = FRONT + f"## Q {{#{_qid('Q', 1)}}}\n- (x) a {{#a}}\n- ( ) b {{#b}}\n"
    for bom in ("", "\ufeff"):
        for ending in ("\n", "\r\n", "\r"):
            data = (bom + body.replace("\n", ending)).encode("utf-8")
            after, changes = add_missing_ids_to_bytes(data)
            assert after == (bom + expected.replace("\n", ending)).encode("utf-8"), (bom, ending)
            assert len(changes) == 3


def test_bytes_refuses_what_it_cannot_keep():
    from coursepack_quiz.ids import add_missing_ids_to_bytes

    with pytest.raises(UnicodeDecodeError):
        add_missing_ids_to_bytes((FRONT + "## Q\n- (x) caf\xe9\n").encode("latin-1"))
    with pytest.raises(ValueError, match="mixes CR and LF"):
        add_missing_ids_to_bytes((FRONT + "## Q\r- (x) a\n- ( ) b\n").encode())
