"""A small QTI 2.1 response-processing engine for tests, written by us from the QTI 2.1 spec.

It runs an item two ways: as a template-only engine does (the `template` named on
responseProcessing: match_correct or map_response) and as a full engine does (the item's own
rules), covering the expressions our items use. Both must score what `coursepack_quiz.grading` scores.
"""

from __future__ import annotations

from lxml import etree

NS = "http://www.imsglobal.org/xsd/imsqti_v2p1"
Q = f"{{{NS}}}"
TEMPLATES = "http://www.imsglobal.org/question/qti_v2p1/rptemplates/"


class Item:
    def __init__(self, data: bytes):
        self.root = etree.fromstring(data)
        self.declaration = self.root.find(f"{Q}responseDeclaration")
        self.processing = self.root.find(f"{Q}responseProcessing")

    @property
    def template(self) -> str | None:
        return self.processing.get("template")

    @property
    def has_rules(self) -> bool:
        return len(self.processing) > 0

    def correct(self):
        values = [v.text for v in self.declaration.iterfind(f"{Q}correctResponse/{Q}value")]
        return self._shape(values)

    def _shape(self, values):
        cardinality = self.declaration.get("cardinality")
        if cardinality == "single":
            return values[0] if values else None
        if cardinality == "ordered":
            return tuple(values)
        return frozenset(values)

    def _outcomes(self) -> dict:
        outcomes = {}
        for declaration in self.root.iterfind(f"{Q}outcomeDeclaration"):
            default = declaration.findtext(f"{Q}defaultValue/{Q}value")
            if declaration.get("cardinality") == "multiple":
                outcomes[declaration.get("identifier")] = frozenset()
            else:
                outcomes[declaration.get("identifier")] = float(default) if default is not None else None
        return outcomes

    def map_response(self, response) -> float:
        mapping = self.declaration.find(f"{Q}mapping")
        default = float(mapping.get("defaultValue", "0"))
        entries = [(e.get("mapKey"), float(e.get("mappedValue")), e.get("caseSensitive") != "false")
                   for e in mapping.iterfind(f"{Q}mapEntry")]

        def value(given: str) -> float:
            for key, mapped, case in entries:
                if (key == given) if case else (key.casefold() == given.casefold()):
                    return mapped
            return default
        if isinstance(response, str):
            return value(response)
        return sum(value(v) for v in set(response)) if response else default

    def run_template(self, response) -> dict:
        """What an engine that knows only the standard templates computes."""
        outcomes = self._outcomes()
        name = self.template[len(TEMPLATES):]
        if name == "match_correct":
            outcomes["SCORE"] = 1.0 if response is not None and response == self.correct() else 0.0
        elif name == "map_response":
            outcomes["SCORE"] = 0.0 if _is_null(response) else self.map_response(response)
        else:
            raise NotImplementedError(name)
        return outcomes

    def run_rules(self, response) -> dict:
        outcomes = self._outcomes()
        self._rules(self.processing, {"RESPONSE": response, **outcomes}, outcomes)
        return outcomes

    def _rules(self, parent, variables: dict, outcomes: dict) -> None:
        for rule in parent:
            tag = etree.QName(rule).localname
            if tag == "setOutcomeValue":
                value = self._expr(rule[0], variables)
                outcomes[rule.get("identifier")] = value
                variables[rule.get("identifier")] = value
            elif tag == "responseCondition":
                for branch in rule:
                    kind = etree.QName(branch).localname
                    if kind == "responseElse" or self._expr(branch[0], variables):
                        self._rules(branch if kind == "responseElse" else list(branch)[1:], variables, outcomes)
                        break
            else:
                raise NotImplementedError(tag)

    def _expr(self, node, variables: dict):
        tag = etree.QName(node).localname
        args = [self._expr(child, variables) for child in node] if tag not in ("mapResponse",) else []
        if tag == "variable":
            return variables[node.get("identifier")]
        if tag == "correct":
            return self.correct()
        if tag == "baseValue":
            return float(node.text) if node.get("baseType") == "float" else node.text
        if tag == "match":
            return None not in args and args[0] == args[1]
        if tag == "member":
            return args[1] is not None and args[0] in args[1]
        if tag == "isNull":
            return _is_null(args[0])
        if tag == "gte":
            return None not in args and args[0] >= args[1]
        if tag == "mapResponse":
            return self.map_response(variables[node.get("identifier")])
        if tag == "multiple":
            out = set()
            for arg in args:
                out |= set(arg) if isinstance(arg, (set, frozenset)) else ({arg} if arg is not None else set())
            return frozenset(out)
        raise NotImplementedError(tag)


def _is_null(value) -> bool:
    return value is None or value == "" or (not isinstance(value, str) and len(value) == 0)
