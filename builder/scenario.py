"""Decision scenarios: parse a scenario body line by line and check its graph.

Syntax (body of a file whose front matter says `type: scenario`):

    ## The client calls back {#start}
    Situation text.
    - Apologise first {#apologise} -> listen
      Consequence shown after the choice.
    ## Things calm down {#calm .ending score=100}
    Ending text.

Every node and choice has a stable ID; a step has 2-4 choices, each with a consequence and a
next node; `.ending` nodes end the play (optional `score=N`, 0-100). Branches may rejoin.
All graph problems are reported at once, at the line that causes them.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field

from coursepack_quiz.diagnostics import Diagnostic
from coursepack_quiz.model import ID_PATTERN
from coursepack_quiz.diagnostics import Sink

#: The line shapes of a scenario (the translation walker reads the same shapes: builder/translate/units.py).
NODE_HEADING = re.compile(r"^##[ \t]+(?P<title>.*?)[ \t]*\{(?P<attrs>[^{}]*)\}[ \t]*$")
_BARE_HEADING = re.compile(r"^##[ \t]+(?P<title>.+?)[ \t]*$")
CHOICE_LINE = re.compile(r"^[-*][ \t]+(?P<text>.*?)[ \t]*(?:\{#(?P<id>[^}\s]*)\})?[ \t]*->[ \t]*(?P<next>\S+)[ \t]*$")
BULLET = re.compile(r"^[-*][ \t]+")
MIN_CHOICES, MAX_CHOICES = 2, 4
HINT_CHOICE = "write `- Choice text {#choice-id} -> next-node-id`, then the consequence indented below"


@dataclass
class Choice:
    id: str
    text: str
    next: str
    line: int
    consequence: list[str] = field(default_factory=list)  # the indented lines as written (blank lines kept)

    @property
    def consequence_markdown(self) -> str:
        """The consequence as Markdown, its indentation removed (so lists and paragraphs survive)."""
        return textwrap.dedent("\n".join(self.consequence)).strip("\n")


@dataclass
class Node:
    id: str
    title: str
    line: int
    ending: bool = False
    score: float | None = None
    body: list[str] = field(default_factory=list)
    choices: list[Choice] = field(default_factory=list)

    @property
    def markdown(self) -> str:
        """The node's text (between its heading and its first choice) as Markdown."""
        return "\n".join(self.body).strip("\n")


@dataclass
class Scenario:
    nodes: list[Node]

    @property
    def start(self) -> Node | None:
        return self.nodes[0] if self.nodes else None


def parse_scenario(body: str, path: str, first_line: int = 1) -> tuple[Scenario, list[Diagnostic]]:
    """Parse and check one scenario; never raises. `first_line` is the file line of the body's first line."""
    sink = Sink(path)
    nodes: list[Node] = []
    for offset, raw in enumerate(body.splitlines()):
        _read_line(raw, first_line + offset, nodes, sink)
    scenario = Scenario(nodes)
    check_graph(scenario, sink)
    return scenario, sink.sorted()


def is_node_line(raw: str) -> bool:
    """Every `## ` line starts a node (one without `{#id}` is reported, not read as text)."""
    return raw.startswith("## ") or raw.startswith("##\t")


def _read_line(raw: str, line: int, nodes: list[Node], sink: Sink) -> None:
    if is_node_line(raw):
        nodes.append(_node(raw, line, sink))
        return
    if not nodes:
        if raw.strip():
            sink.error(line, "text before the first node", "scenario.text-before-node",
                       hint="start with a `## Situation {#node-id}` heading")
        return
    node = nodes[-1]
    if BULLET.match(raw):
        _add_choice(node, raw, line, sink)
    elif not node.choices:
        node.body.append(raw)
    elif raw[:1] in (" ", "\t") and raw.strip():
        node.choices[-1].consequence.append(raw.rstrip())
    elif not raw.strip():
        if node.choices[-1].consequence:  # a blank line between two paragraphs of a consequence
            node.choices[-1].consequence.append("")
    else:
        sink.error(line, "text after the choices belongs to no choice", "scenario.text-after-choices",
                   hint="write the situation above the choices, or indent the line to make it part of "
                        "the consequence above it")


def _node(raw: str, line: int, sink: Sink) -> Node:
    match = NODE_HEADING.match(raw)
    if not match:
        bare = _BARE_HEADING.match(raw)
        sink.error(line, "node has no ID", "scenario.node-id-missing", hint="write `## Title {#node-id}`")
        return Node(id="", title=bare.group("title") if bare else "", line=line)
    node = Node(id="", title=match.group("title"), line=line)
    for token in match.group("attrs").split():
        if token.startswith("#"):
            node.id = token[1:]
        elif token == ".ending":
            node.ending = True
        elif token.startswith("score="):
            node.score = _score(token[6:], line, sink)
        else:
            sink.error(line, f"unknown node attribute '{token}'", "scenario.bad-attribute",
                       hint="a node takes {#id}, .ending and score=N")
    if not node.id:
        sink.error(line, "node has no ID", "scenario.node-id-missing", hint="write `## Title {#node-id}`")
    elif not ID_PATTERN.match(node.id):
        sink.error(line, f"node ID '{node.id}' is not a valid ID", "scenario.bad-id",
                   hint="use letters, digits, '.', '_' and '-', starting with a letter or digit")
    if node.score is not None and not node.ending:
        sink.error(line, f"node '{node.id}' has a score but is not an ending", "scenario.score-not-ending",
                   hint="add .ending or remove score=")
    return node


def _score(text: str, line: int, sink: Sink) -> float | None:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 100:
        sink.error(line, f"score '{text}' is not a number from 0 to 100", "scenario.bad-score")
        return None
    return value


def _add_choice(node: Node, raw: str, line: int, sink: Sink) -> None:
    match = CHOICE_LINE.match(raw)
    if not match:
        sink.error(line, "choice has no next node", "scenario.choice-syntax", hint=HINT_CHOICE)
        return
    choice = Choice(id=match.group("id") or "", text=match.group("text"), next=match.group("next"), line=line)
    if not choice.id:
        sink.error(line, f"choice \"{choice.text}\" has no ID", "scenario.choice-id-missing", hint=HINT_CHOICE)
    elif not ID_PATTERN.match(choice.id):
        sink.error(line, f"choice ID '{choice.id}' is not a valid ID", "scenario.bad-id")
    node.choices.append(choice)


def check_graph(scenario: Scenario, sink: Sink) -> None:
    """Report every structural problem at once: IDs, choice counts, links, reachability, traps."""
    known = _check_ids(scenario, sink)
    for node in scenario.nodes:
        _check_node(node, known, sink)
    reachable = _reachable(scenario, known)
    for node in scenario.nodes:
        if node.id and node.id not in reachable:
            sink.error(node.line, f"node '{node.id}' cannot be reached from the start node", "scenario.unreachable",
                       hint="link to it from a choice (`-> " + node.id + "`) or remove it")
    _check_traps(scenario, known, reachable, sink)


def _check_ids(scenario: Scenario, sink: Sink) -> dict[str, Node]:
    known: dict[str, Node] = {}
    seen_choices: dict[str, int] = {}
    for node in scenario.nodes:
        if node.id in known:
            sink.error(node.line, f"node ID '{node.id}' is used twice (first at line {known[node.id].line})",
                       "scenario.duplicate-id")
        elif node.id:
            known[node.id] = node
    # Choices after every node is known: a choice may not share a node's ID, wherever the node is.
    for node in scenario.nodes:
        for choice in node.choices:
            if choice.id in seen_choices:
                sink.error(choice.line, f"choice ID '{choice.id}' is used twice (first at line "
                           f"{seen_choices[choice.id]})", "scenario.duplicate-id")
            elif choice.id in known:
                sink.error(choice.line, f"choice ID '{choice.id}' is also the ID of the node at line "
                           f"{known[choice.id].line}", "scenario.duplicate-id",
                           hint="nodes and choices share one set of IDs in a scenario: rename the choice")
            elif choice.id:
                seen_choices[choice.id] = choice.line
    if not scenario.nodes:
        sink.error(1, "scenario has no nodes", "scenario.empty", hint="add a `## Situation {#start}` heading")
    return known


def _check_node(node: Node, known: dict[str, Node], sink: Sink) -> None:
    if node.ending:
        if node.choices:
            sink.error(node.choices[0].line, f"ending '{node.id}' has choices", "scenario.ending-choices",
                       hint="remove the choices or the .ending class")
        return
    if not node.choices:
        sink.error(node.line, f"node '{node.id}' is a dead end: no choices and not an ending", "scenario.dead-end",
                   hint="add 2-4 choices, or mark it `.ending`")
    elif not MIN_CHOICES <= len(node.choices) <= MAX_CHOICES:
        sink.error(node.line, f"node '{node.id}' has {len(node.choices)} choices; a step has "
                   f"{MIN_CHOICES} to {MAX_CHOICES}", "scenario.choice-count")
    for choice in node.choices:
        if choice.next not in known:
            sink.error(choice.line, f"choice '{choice.id}' leads to unknown node '{choice.next}'",
                       "scenario.unknown-node")
        if not choice.consequence:
            sink.error(choice.line, f"choice '{choice.id}' has no consequence text", "scenario.no-consequence",
                       hint="indent the consequence on the lines below the choice")


def _reachable(scenario: Scenario, known: dict[str, Node]) -> set[str]:
    start = scenario.start
    if start is None or not start.id:
        return set(known)  # no start to measure from; the missing ID is already reported
    seen, todo = {start.id}, [start]
    while todo:
        for choice in todo.pop().choices:
            target = known.get(choice.next)
            if target and target.id not in seen:
                seen.add(target.id)
                todo.append(target)
    return seen


def _check_traps(scenario: Scenario, known: dict[str, Node], reachable: set[str], sink: Sink) -> None:
    """A reachable node from which no ending can be reached is a cycle with no way out."""
    finishing = {node.id for node in scenario.nodes if node.ending and node.id}
    changed = True
    while changed:
        changed = False
        for node in scenario.nodes:
            if node.id and node.id not in finishing and any(c.next in finishing for c in node.choices):
                finishing.add(node.id)
                changed = True
    for node in scenario.nodes:
        if node.id in reachable and node.id not in finishing and node.choices:
            sink.error(node.line, f"node '{node.id}' is in a cycle with no way out: no ending can be reached from it",
                       "scenario.no-way-out", hint="give one of its choices a path to an `.ending` node")
