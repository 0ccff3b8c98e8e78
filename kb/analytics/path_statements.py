"""The path statements, one per hop limit, rendered from one template.

Neo4j 5.26 takes neither the `SHORTEST k` count nor a quantifier's bounds as
parameters, and a hop limit enforced only by a path predicate lets a search
with few answers run on to the template's ceiling (minutes on a dense graph).
So each kind of endpoints and hop limit gets its own file,
`cypher/analytics/paths/<kind>_within_<n>_hops` (one small plan each: a
statement holding every kind took seconds to plan),
checked in like every other statement; `python -m kb.analytics.path_statements`
rewrites them from this template and a test fails when they drift.

The search keeps the 50 shortest simple paths (the API's ceiling for `limit`)
and the statement returns the first `$limit` by length.
"""

from __future__ import annotations

import sys

from kb.storage.cypher import CYPHER_DIR

MAX_HOPS = 10
MAX_PATHS = 50


# One hop: through an interaction, from a professional or an object the
# interaction worked on, to another professional or object (never object to object).
_HOP = """((a:Professional|BoundaryObject)-[:PARTICIPATED_IN|WORKED_ON]-(i:Interaction)
         -[:PARTICIPATED_IN|WORKED_ON]-(b:Professional|BoundaryObject)
         WHERE (a:Professional OR b:Professional)
           AND $after <= i.at < $before)"""

_SIMPLE = "all(n IN nodes(path) WHERE single(m IN nodes(path) WHERE m = n))"
_FORWARD = "all(k IN range(0, size(i) - 2) WHERE i[k].at <= i[k + 1].at)"
_BACKWARD = "all(k IN range(0, size(i) - 2) WHERE i[k].at >= i[k + 1].at)"
_FINAL_IN_PERIOD = "$after <= final.at < $before"


_ORDERED = (
    "all(k IN range(0, size(i) - 2) WHERE "
    "CASE $timeOrder WHEN 1 THEN i[k].at <= i[k + 1].at ELSE i[k].at >= i[k + 1].at END)"
)
_THEN_FINAL = (
    "(size(i) = 0 OR CASE $timeOrder WHEN 1 THEN i[-1].at <= final.at "
    "ELSE i[-1].at >= final.at END)"
)


def _family_by_interaction(max_hops: int) -> str:
    if max_hops == 1:
        return f"""  MATCH SHORTEST {MAX_PATHS} (path = (source)-[:PARTICIPATED_IN]->(final:Interaction)-[:CONCERNS]->(target)
    WHERE {_FINAL_IN_PERIOD})
  RETURN path, 1 AS hops"""
    return f"""  MATCH SHORTEST {MAX_PATHS} (path = (source)
      {_HOP}{{0,{max_hops - 1}}}
      (:Professional)-[:PARTICIPATED_IN]->(final:Interaction)-[:CONCERNS]->(target)
    WHERE {_FINAL_IN_PERIOD}
      AND ($timeOrder = 0 OR ({_ORDERED} AND {_THEN_FINAL}))
      AND {_SIMPLE})
  RETURN path, size(i) + 1 AS hops"""


def _family_by_object(max_hops: int) -> str:
    return f"""  MATCH SHORTEST {MAX_PATHS} (path = (source)
      {_HOP}{{1,{max_hops}}}
      (:BoundaryObject)-[:CONCERNS]->(target)
    WHERE ($timeOrder = 0 OR {_ORDERED})
      AND {_SIMPLE})
  RETURN path, size(i) AS hops"""


_HEADER = """// Boundary-crossing paths {what}, of at most {max_hops} hops (DOMAIN question 5).
// Rendered by kb/analytics/path_statements.py: edit the template there, not this file.
// Each hop passes through one Interaction dated in [$after, $before) (widest
// bounds when open): between two professionals who took part in it, or between a
// professional and a BoundaryObject it worked on (so professional - interaction
// - object - interaction - professional is two hops); simple paths only.
{specific}// Answers: up to $limit of the {paths} shortest paths, shortest first, one row
// each: hops, nodes, relationships, and the employments of the professionals on
// it (kb.analytics.paths reads the sectors crossed from them).
// Parameters: $from, $to (ids), $limit (1..{paths}), $after, $before (DateTime),
// {order}.
"""

_TAIL = """WITH path, hops
// Ties broken by the nodes' ids, so the same question always gets the same paths.
ORDER BY hops, size(relationships(path)), [n IN nodes(path) | n.id]
LIMIT $limit
CALL (path) {
  UNWIND [n IN nodes(path) WHERE n:Professional] AS person
  MATCH (person)-[e:EMPLOYED_BY]->(agency:Agency)
  RETURN collect({professional: person.id, agency: agency.id, name: agency.name,
                  sector: agency.sector, from: e.from, to: e.to}) AS employments
}
RETURN hops,
       [n IN nodes(path) | {id: n.id, label: labels(n)[0], properties: properties(n)}] AS nodes,
       [r IN relationships(path) | {type: type(r), source: startNode(r).id,
                                    target: endNode(r).id, properties: properties(r)}] AS relationships,
       employments
ORDER BY hops
"""


def _header(what: str, max_hops: int, specific: str, order: str) -> str:
    lines = "".join(f"// {line}\n" for line in specific.splitlines())
    return _HEADER.format(
        what=what, max_hops=max_hops, specific=lines, paths=MAX_PATHS, order=order
    )


def render_professionals(max_hops: int) -> str:
    return (
        _header(
            "between two professionals",
            max_hops,
            "With $timeRespecting the interaction times never decrease from $from to $to.",
            "$timeRespecting (boolean)",
        )
        + f"""MATCH (source:Professional {{id: $from}}), (target:Professional {{id: $to}})
MATCH SHORTEST {MAX_PATHS} (path = (source)
    {_HOP}{{1,{max_hops}}}
    (target)
  WHERE (NOT $timeRespecting OR {_FORWARD})
    AND {_SIMPLE})
WITH path, size(i) AS hops
"""
        + _TAIL
    )


def render_agencies(max_hops: int) -> str:
    return (
        _header(
            "between two agencies",
            max_hops,
            "A path starts at a professional employed by $from on the day of its first\n"
            "interaction and ends at one employed by $to on the day of its last. With\n"
            "$timeRespecting the interaction times never decrease from $from to $to.",
            "$timeRespecting (boolean)",
        )
        + f"""MATCH (source:Agency {{id: $from}}), (target:Agency {{id: $to}})
MATCH SHORTEST {MAX_PATHS} (path = (source)<-[first:EMPLOYED_BY]-(:Professional)
    {_HOP}{{1,{max_hops}}}
    (:Professional)-[last:EMPLOYED_BY]->(target)
  WHERE first.from <= date(i[0].at) AND (first.to IS NULL OR date(i[0].at) <= first.to)
    AND last.from <= date(i[-1].at) AND (last.to IS NULL OR date(i[-1].at) <= last.to)
    AND (NOT $timeRespecting OR {_FORWARD})
    AND {_SIMPLE})
WITH path, size(i) AS hops
"""
        + _TAIL
    )


def render_professional_family(max_hops: int) -> str:
    return (
        _header(
            "from a professional to a family",
            max_hops,
            "The family is reached through an interaction about it (CONCERNS; the last hop,\n"
            "taken by a professional) or through a BoundaryObject about it. $timeOrder:\n"
            "0 = any order, 1 = interaction times never decrease from the professional to\n"
            "the family, -1 = never increase (a family-to-professional question, which\n"
            "kb.analytics.paths asks this way round and reads backwards).",
            "$timeOrder (-1, 0 or 1)",
        )
        + f"""MATCH (source:Professional {{id: $from}}), (target:Family {{id: $to}})
CALL (source, target) {{
{_family_by_interaction(max_hops)}
  UNION
{_family_by_object(max_hops)}
}}
"""
        + _TAIL
    )


RENDERERS = {
    "professionals": render_professionals,
    "agencies": render_agencies,
    "professional_family": render_professional_family,
}


def statement_name(kind: str, max_hops: int) -> str:
    return f"analytics/paths/{kind}_within_{max_hops}_hops"


def render(kind: str, max_hops: int) -> str:
    return RENDERERS[kind](max_hops)


def write_all() -> list[str]:
    """Rewrite every rendered file; returns their names."""
    names = []
    for kind in RENDERERS:
        for hops in range(1, MAX_HOPS + 1):
            path = CYPHER_DIR / f"{statement_name(kind, hops)}.cypher"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(render(kind, hops), encoding="utf-8")
            names.append(statement_name(kind, hops))
    return names


if __name__ == "__main__":
    for name in write_all():
        sys.stdout.write(f"wrote cypher/{name}.cypher\n")
