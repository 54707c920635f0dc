"""The block's page embeds its data so that no text can leave it: `</script>`, `<!--`, U+2028.

(The same in the workbench's rendered page and in Chromium: test_xblock_workbench.py,
test_xblock_browser.py.)
"""

from __future__ import annotations

import json

from cpq_helpers import BREAKOUT, DATA_SCRIPT, LEARNER_BREAKOUT, NASTY_QUIZ, call, page_data


def test_no_quiz_text_or_answer_can_leave_the_data_script(make_block):
    """`</script>` and `<!--` in every kind of quiz text and in the answer key, U+2028 and U+2029
    too in the learner's own answer: one data script, its JSON the learner's data exactly."""
    block = make_block(NASTY_QUIZ)
    status, reply = call(block, "submit", {"responses": {"q-fill": LEARNER_BREAKOUT, "q-one": "a"}})
    assert status == 200 and reply["answers"]["q-fill"]["answers"][0] == BREAKOUT
    html = block.student_view().body_html()
    assert html.count("<script") == 1 and html.count("</script") == 1 and "<!--" not in html
    raw = DATA_SCRIPT.search(html).group(1)
    assert "\u2028" not in raw and "\u2029" not in raw and "<" not in raw and ">" not in raw and "&" not in raw
    assert page_data(html)["state"] == json.loads(json.dumps(block._learner_data()))
    assert page_data(html)["state"]["responses"]["q-fill"] == LEARNER_BREAKOUT


def test_studio_data_script_is_escaped_too(make_block):
    html = make_block(NASTY_QUIZ).studio_view().body_html()
    assert html.count("<script") == 1 and "<!--" not in html and page_data(html)["strings"]["saved"] == "Saved."
    assert "Type &lt;/script&gt;" in html  # the Markdown source, escaped in its textarea
