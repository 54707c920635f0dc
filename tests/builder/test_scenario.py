"""Scenario parsing and graph checks: every broken graph gives its exact diagnostic at file:line."""

from __future__ import annotations

from builder.scenario import parse_scenario

GOOD = """\
## The client calls back {#start}
She is upset about a late delivery.
- Apologise first {#apologise} -> listen
  She softens a little.
- Quote the contract {#contract} -> angry
  Her voice rises.
## She explains {#listen}
- Offer a refund {#refund} -> calm
  She accepts.
- Promise to check {#check} -> start
  She calls again tomorrow.
## She gets angry {#angry}
- Apologise now {#late-apology} -> listen
  It takes longer, but she listens.
- Hang up {#hang-up} -> lost
  The line goes dead.
## Things calm down {#calm .ending score=100}
Well handled.
## Client lost {#lost .ending score=0}
"""


def formatted(body: str) -> list[str]:
    return [d.format().split("\n")[0] for d in parse_scenario(body, "m/s.md", first_line=4)[1]]


def test_a_good_scenario_parses_with_rejoining_branches_and_no_diagnostics():
    scenario, diagnostics = parse_scenario(GOOD, "m/s.md")
    assert diagnostics == []
    assert [n.id for n in scenario.nodes] == ["start", "listen", "angry", "calm", "lost"]
    assert scenario.nodes[0].choices[0].consequence_markdown == "She softens a little."
    assert [(n.ending, n.score) for n in scenario.nodes[3:]] == [(True, 100.0), (True, 0.0)]


def test_unreachable_node_is_reported_at_its_heading_line():
    body = GOOD + "## Orphan {#orphan .ending}\n"
    assert formatted(body) == ["m/s.md:23: error: node 'orphan' cannot be reached from the start node "
                               "[scenario.unreachable]"]


def test_dead_end_is_reported_at_its_heading_line():
    body = GOOD.replace("## Client lost {#lost .ending score=0}", "## Client lost {#lost}")
    assert formatted(body) == ["m/s.md:22: error: node 'lost' is a dead end: no choices and not an ending "
                               "[scenario.dead-end]"]


def test_cycle_with_no_way_out_reports_each_trapped_node():
    body = """\
## Start {#a}
- Go on {#a1} -> b
  On.
- Finish {#a2} -> end
  Done.
## Loop one {#b}
- Round {#b1} -> c
  Again.
- Round too {#b2} -> c
  Again.
## Loop two {#c}
- Back {#c1} -> b
  Back.
- Back too {#c2} -> b
  Back.
## End {#end .ending}
"""
    assert formatted(body) == [
        "m/s.md:9: error: node 'b' is in a cycle with no way out: no ending can be reached from it "
        "[scenario.no-way-out]",
        "m/s.md:14: error: node 'c' is in a cycle with no way out: no ending can be reached from it "
        "[scenario.no-way-out]",
    ]


def test_missing_and_duplicate_ids_are_all_reported_at_once():
    body = GOOD.replace("{#listen}", "").replace("{#refund}", "{#apologise}")
    assert formatted(body) == [
        "m/s.md:6: error: choice 'apologise' leads to unknown node 'listen' [scenario.unknown-node]",
        "m/s.md:10: error: node has no ID [scenario.node-id-missing]",
        "m/s.md:11: error: choice ID 'apologise' is used twice (first at line 6) [scenario.duplicate-id]",
        "m/s.md:16: error: choice 'late-apology' leads to unknown node 'listen' [scenario.unknown-node]",
        # the node without an ID was the only way to 'calm', so 'calm' is cut off too
        "m/s.md:20: error: node 'calm' cannot be reached from the start node [scenario.unreachable]",
    ]


def test_duplicate_node_id_names_the_first_line():
    body = GOOD.replace("{#lost .ending score=0}", "{#calm .ending score=0}")
    assert formatted(body) == [
        "m/s.md:18: error: choice 'hang-up' leads to unknown node 'lost' [scenario.unknown-node]",
        "m/s.md:22: error: node ID 'calm' is used twice (first at line 20) [scenario.duplicate-id]",
    ]


def test_choice_count_consequence_and_score_rules():
    body = """\
## Start {#a}
- Only one {#a1} -> end
## End {#end .ending score=150}
"""
    assert formatted(body) == [
        "m/s.md:4: error: node 'a' has 1 choices; a step has 2 to 4 [scenario.choice-count]",
        "m/s.md:5: error: choice 'a1' has no consequence text [scenario.no-consequence]",
        "m/s.md:6: error: score '150' is not a number from 0 to 100 [scenario.bad-score]",
    ]


def test_check_reports_scenario_graph_problems_at_file_lines(course_copy):
    from click.testing import CliRunner

    from builder.cli import main

    root = course_copy()
    module = sorted(p for p in root.iterdir() if (p / "module.yml").is_file())[0]
    (module / "90-call.md").write_text("---\ntitle: Call\ntype: scenario\n---\n## Start {#a}\n"
                                       "- Go {#a1} -> end\n## End {#end .ending}\n## Lost {#lost .ending}\n")
    result = CliRunner().invoke(main, ["check", str(root)], catch_exceptions=False)
    shown = f"{module.name}/90-call.md"
    assert result.exit_code != 0
    for expected in (f"{shown}:5: error: node 'a' has 1 choices; a step has 2 to 4 [scenario.choice-count]",
                     f"{shown}:8: error: node 'lost' cannot be reached from the start node [scenario.unreachable]"):
        assert expected in result.output
    assert "scenario.not-built" not in result.output


def test_a_choice_may_not_take_the_id_of_a_node_before_or_after_it():
    body = GOOD.replace("{#contract} -> angry", "{#angry} -> angry").replace("{#hang-up} -> lost", "{#start} -> lost")
    assert formatted(body) == [
        "m/s.md:8: error: choice ID 'angry' is also the ID of the node at line 15 [scenario.duplicate-id]",
        "m/s.md:18: error: choice ID 'start' is also the ID of the node at line 4 [scenario.duplicate-id]",
    ]
