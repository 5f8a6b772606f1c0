"""pySHACL on the same plan graph: the comparison of bench/bench_national.py (not run by tests).

`plancheck graph DIR --output graph.json` exports the graph as node-link JSON; this module turns
it into RDF and validates it against SHACL shapes equivalent to six plancheck coverage rules:

| shape                | plancheck rule | what holds                                                   |
|----------------------|----------------|--------------------------------------------------------------|
| GoalConsidersNational | MAP-001       | a city basic goal considers ≥ 1 national goal                |
| NationalGoalCovered  | MAP-003        | every basic goal of a considered national strategy is        |
|                      |                | considered by some goal or measure of the city's strategy    |
| GoalHasTarget        | GOAL-001       | a basic goal has ≥ 1 numerical target                        |
| MeasureHasKpi        | KPI-001        | a measure has ≥ 1 KPI                                        |
| ProjectInOneMeasure  | PRJ-001        | a project is part of exactly one measure                     |
| GrantFundsProject    | GRANT-001      | a grant funds ≥ 1 project                                    |

Run: python bench/shacl.py graph.json → prints the (rule, subject) pairs found, one per line.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

RULES = ("MAP-001", "MAP-003", "GOAL-001", "KPI-001", "PRJ-001", "GRANT-001")
PC = "urn:plancheck:"

SHAPES = f"""
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix pc: <{PC}> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

pc:GoalConsidersNational a sh:NodeShape ; sh:targetClass pc:basic_goal ;
  sh:property [ sh:path pc:considers ; sh:qualifiedValueShape [ sh:class pc:national_goal ] ;
                sh:qualifiedMinCount 1 ; sh:message "MAP-001" ] .

pc:GoalHasTarget a sh:NodeShape ; sh:targetClass pc:basic_goal ;
  sh:property [ sh:path [ sh:inversePath pc:measures ] ;
                sh:qualifiedValueShape [ sh:class pc:indicator ; sh:property [ sh:path pc:kind ; sh:hasValue "numerical_target" ] ] ;
                sh:qualifiedMinCount 1 ; sh:message "GOAL-001" ] .

pc:MeasureHasKpi a sh:NodeShape ; sh:targetClass pc:measure ;
  sh:property [ sh:path [ sh:inversePath pc:measures ] ;
                sh:qualifiedValueShape [ sh:class pc:indicator ; sh:property [ sh:path pc:kind ; sh:hasValue "kpi" ] ] ;
                sh:qualifiedMinCount 1 ; sh:message "KPI-001" ] .

pc:ProjectInOneMeasure a sh:NodeShape ; sh:targetClass pc:project ;
  sh:property [ sh:path pc:part_of ; sh:qualifiedValueShape [ sh:class pc:measure ] ;
                sh:qualifiedMinCount 1 ; sh:qualifiedMaxCount 1 ; sh:message "PRJ-001" ] .

pc:GrantFundsProject a sh:NodeShape ; sh:targetClass pc:grant ;
  sh:property [ sh:path pc:funds ; sh:qualifiedValueShape [ sh:class pc:project ] ;
                sh:qualifiedMinCount 1 ; sh:message "GRANT-001" ] .

pc:NationalGoalCovered a sh:NodeShape ; sh:targetClass pc:municipal_strategy ;
  sh:sparql [ a sh:SPARQLConstraint ; sh:message "MAP-003" ;
    sh:select \"\"\"
      PREFIX pc: <{PC}>
      SELECT $this ?value WHERE {{
        $this pc:considers ?national .
        ?national a pc:national_strategy .
        ?value pc:part_of ?national ; a pc:national_goal ; pc:cross_cutting false .
        FILTER NOT EXISTS {{ $this pc:leaves_unaddressed ?value }}
        FILTER NOT EXISTS {{ ?covering pc:considers ?value ; pc:doc ?doc . FILTER (?doc = $this) }}
      }}\"\"\" ] .
"""


def to_rdf(data: dict[str, Any]) -> Any:
    """node-link JSON (plancheck graph) → rdflib Graph: a node per plancheck node, its type as
    rdf:type, `kind`, `cross_cutting` and `doc` as properties, each edge as a predicate."""
    from rdflib import RDF, Graph, Literal, URIRef

    g = Graph()

    def uri(node_id: str) -> URIRef:
        return URIRef(PC + node_id.replace(" ", "%20"))

    for node in data["nodes"]:
        subject = uri(node["id"])
        g.add((subject, RDF.type, URIRef(PC + node["type"])))
        g.add((subject, URIRef(PC + "doc"), uri(node["doc"])))
        if node.get("kind"):
            g.add((subject, URIRef(PC + "kind"), Literal(node["kind"])))
        if node["type"] == "national_goal":
            g.add((subject, URIRef(PC + "cross_cutting"), Literal(bool(node.get("cross_cutting")))))
    for edge in data["edges"]:
        g.add((uri(edge["source"]), URIRef(PC + edge["rel"]), uri(edge["target"])))
    return g


def validate(data: dict[str, Any]) -> set[tuple[str, str]]:
    """(rule, subject) for every SHACL result, mapped to plancheck's subjects (MAP-003: the
    strategy, as plancheck reports it)."""
    from pyshacl import validate as shacl_validate
    from rdflib import Graph, Namespace

    shapes = Graph().parse(data=SHAPES, format="turtle")
    _, results, _ = shacl_validate(to_rdf(data), shacl_graph=shapes, advanced=True, inference="none")
    sh = Namespace("http://www.w3.org/ns/shacl#")
    found = set()
    for result in results.subjects(sh.resultSeverity, None):
        focus = str(results.value(result, sh.focusNode)).removeprefix(PC).replace("%20", " ")
        message = str(results.value(result, sh.resultMessage))
        found.add((message, focus))
    return found


if __name__ == "__main__":
    # python bench/shacl.py graph.json [pairs.json]: the pairs found, printed or written as JSON
    pairs = sorted(validate(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))))
    if len(sys.argv) > 2:
        Path(sys.argv[2]).write_text(json.dumps(pairs, ensure_ascii=False), encoding="utf-8")
    else:
        for rule, subject in pairs:
            print(rule, subject)
