"""The GraphQL queries the bench measures, and how their parameters are chosen from the data.

Each entry names the root field it exercises; an entry whose field is not in
the API's schema yet is reported as 'not measured'. Parameters are drawn with a
fixed seed from the loaded graph (see `cypher/bench/*.cypher`), so two runs at
one scale ask the same questions.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from kb.analytics.paths import MAX_HOPS
from kb.analytics.period import Period
from kb.storage.database import Database


@dataclass(frozen=True)
class Samples:
    """Parameter pools drawn from the loaded data."""

    periods: list[dict[str, Any]]
    pairs: list[dict[str, Any]]
    # For the path cases: professionals with no path between them at all, and a family
    # with a professional who took part in one of its interactions.
    far_pairs: list[dict[str, Any]] = field(default_factory=list)
    family_pairs: list[dict[str, Any]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.periods


def draw_samples(db: Database, seed: int, size: int = 400, far: int = 40) -> Samples:
    rng = random.Random(seed)
    periods = db.read("bench/family_periods", {"limit": 200_000})
    pairs = db.read("bench/professional_pairs", {"limit": 200_000})
    family_pairs = db.read("bench/family_participants", {"limit": 200_000})
    rng.shuffle(periods)
    rng.shuffle(pairs)
    rng.shuffle(family_pairs)
    return Samples(
        periods=periods[:size],
        pairs=pairs[:size],
        far_pairs=far_pairs(db, pairs, rng, far),
        family_pairs=family_pairs[:size],
    )


def far_pairs(
    db: Database, pairs: list[dict[str, Any]], rng: random.Random, wanted: int
) -> list[dict[str, Any]]:
    """Random pairs of professionals that no path joins (the search's own pre-check says
    so, for the whole calendar): the case where a search must prove an empty answer."""
    people = sorted({p["source"] for p in pairs} | {p["target"] for p in pairs})
    found: list[dict[str, Any]] = []
    for _ in range(wanted * 10):
        if len(found) >= wanted or len(people) < 2:
            break
        source, target = rng.sample(people, 2)
        params = {"from": source, "to": target, "open": True, **Period().parameters()}
        if db.read("analytics/paths/reach_professionals", params)[0]["length"] is None:
            found.append({"source": source, "target": target})
    return found


def _iso(value: Any) -> str:
    return value.iso_format() if hasattr(value, "iso_format") else str(value)


def _inside(period: dict[str, Any], rng: random.Random) -> str:
    """A date inside the period (its `to` is today when still open)."""
    start = date.fromisoformat(_iso(period["from"]))
    end = date.fromisoformat(_iso(period["to"]))
    span = max(0, (end - start).days)
    return (start + timedelta(days=rng.randint(0, span))).isoformat()


Variables = Callable[[Samples, random.Random, int], dict[str, Any]]


@dataclass(frozen=True)
class QuerySpec:
    name: str
    field: str
    document: str
    variables: Variables
    # Included in the sustained-load mix with this weight (0 = not in the mix).
    mix_weight: int = 1
    # At most this many timed runs (and a tenth as many warm-ups): for the questions about
    # all of an area's work, which take seconds, not milliseconds (None: the run's count).
    max_runs: int | None = None


def _period(s: Samples, i: int) -> dict[str, Any]:
    return s.periods[i % len(s.periods)]


def _family_at(s: Samples, rng: random.Random, i: int) -> dict[str, Any]:
    """A family and a moment inside one of its allocations (midday UTC)."""
    period = _period(s, i)
    return {"familyId": period["family"], "at": _inside(period, rng) + "T12:00:00Z"}


def _family_at_date(s: Samples, rng: random.Random, i: int) -> dict[str, Any]:
    period = _period(s, i)
    return {"familyId": period["family"], "at": _inside(period, rng)}


def _family_period(s: Samples, rng: random.Random, i: int) -> dict[str, Any]:
    """A family and the period of one of its allocations."""
    period = _period(s, i)
    return {"familyId": period["family"], "from": _iso(period["from"]), "to": _iso(period["to"])}


def _day(s: Samples, rng: random.Random, i: int) -> dict[str, Any]:
    """A day inside one of the sampled allocations."""
    return {"on": _inside(_period(s, i), rng)}


def _family_range(s: Samples, rng: random.Random, i: int) -> dict[str, Any]:
    """A family and the instants bounding one of its allocations (`after` inclusive,
    `before` exclusive)."""
    period = _period(s, i)
    return {
        "familyId": period["family"],
        "after": _iso(period["from"]) + "T00:00:00Z",
        "before": _iso(period["to"]) + "T00:00:00Z",
    }


def _family_only(s: Samples, rng: random.Random, i: int) -> dict[str, Any]:
    return {"familyId": _period(s, i)["family"]}


def _nothing(s: Samples, rng: random.Random, i: int) -> dict[str, Any]:
    return {}


def _professional_only(s: Samples, rng: random.Random, i: int) -> dict[str, Any]:
    """A professional allocated to one of the sampled families."""
    return {"professionalId": _period(s, i)["professional"]}


def _pair(s: Samples, rng: random.Random, i: int) -> dict[str, Any]:
    """Two professionals from different agencies allocated to the same family."""
    if not s.pairs:
        period = _period(s, i)
        return {"from": period["professional"], "to": period["professional"]}
    pair = s.pairs[i % len(s.pairs)]
    return {"from": pair["source"], "to": pair["target"]}


def _timed_pair(s: Samples, rng: random.Random, i: int) -> dict[str, Any]:
    """A near pair, asked for time-respecting paths (earliest arrival)."""
    return {**_pair(s, rng, i), "timeRespecting": True}


def _far_pair(s: Samples, rng: random.Random, i: int) -> dict[str, Any]:
    """Two professionals no path joins (the search proves an empty answer)."""
    if not s.far_pairs:
        return _pair(s, rng, i)
    pair = s.far_pairs[i % len(s.far_pairs)]
    return {"from": pair["source"], "to": pair["target"]}


def _family_pair(s: Samples, rng: random.Random, i: int) -> dict[str, Any]:
    """A family and a professional in one of its interactions (one hop apart), maxHops 6,
    from the family and from the professional in turn, every fourth time-respecting."""
    if not s.family_pairs:
        return _pair(s, rng, i)
    pair = s.family_pairs[i % len(s.family_pairs)]
    ends = (pair["family"], pair["professional"])
    source, target = ends if i % 2 == 0 else ends[::-1]
    return {"from": source, "to": target, "timeRespecting": i % 4 == 3}


def _at_most(variables: Variables) -> Variables:
    """The same draws, asked with `maxHops` at the documented maximum."""

    def widened(s: Samples, rng: random.Random, i: int) -> dict[str, Any]:
        return {**variables(s, rng, i), "maxHops": MAX_HOPS}

    return widened


PATHS_DOCUMENT = """
query Q($from: ID!, $to: ID!, $timeRespecting: Boolean, $maxHops: Int = 6) {
  boundaryCrossingPaths(from: $from, to: $to, timeRespecting: $timeRespecting, maxHops: $maxHops) {
    count
    paths { hops crossings { fromSector toSector throughId throughType at } }
  }
}"""

QUERIES: list[QuerySpec] = [
    # -- the entity questions (also asked of @neo4j/graphql: bench/peer/questions.py) --
    QuerySpec(
        name="node by id",
        field="node",
        document="""
query Q($familyId: ID!) {
  node(id: $familyId) { id ... on Family { reference } }
}""",
        variables=_family_only,
        mix_weight=0,
    ),
    QuerySpec(
        name="20 families with their clients",
        field="families",
        document="""
query Q {
  families(first: 20) { nodes { id reference clients { id name role } } }
}""",
        variables=_nothing,
        mix_weight=0,
    ),
    QuerySpec(
        name="10 families nested",
        field="families",
        document="""
query Q($on: Date) {
  families(first: 10) {
    nodes {
      id reference
      involvements {
        role from to
        professional { id name profession agency(on: $on) { id name sector } }
      }
      interactions(first: 5, latestFirst: true) {
        nodes {
          id kind at
          participants { role participant { ... on Professional { id } ... on Client { id } } }
        }
      }
    }
  }
}""",
        variables=_day,
        mix_weight=0,
    ),
    QuerySpec(
        name="a family's interactions in a date range (from the root)",
        field="interactions",
        document="""
query Q($familyId: ID!, $after: DateTime!, $before: DateTime!) {
  interactions(first: 100, filter: {familyId: $familyId, at: {after: $after, before: $before}}) {
    nodes { id kind at }
  }
}""",
        variables=_family_range,
        mix_weight=0,
    ),
    QuerySpec(
        name="family (entity, nested)",
        field="node",
        document="""
query Q($familyId: ID!, $at: Date) {
  node(id: $familyId) {
    ... on Family {
      reference
      involvements(activeOn: $at) {
        role from to
        professional { id name profession agency(on: $at) { id name sector } }
      }
    }
  }
}""",
        variables=_family_at_date,
        mix_weight=2,
    ),
    QuerySpec(
        name="familyConfiguration",
        field="familyConfiguration",
        document="""
query Q($familyId: ID!, $at: DateTime!) {
  familyConfiguration(familyId: $familyId, at: $at) {
    size sectors
    members {
      professional { id name profession } agency { id name sector }
      role presence involvementRoles lastInteractionAt
    }
    leadProfessional { professional { id } }
    clients { id role }
  }
}""",
        variables=_family_at,
        mix_weight=4,
    ),
    QuerySpec(
        name="configurationTimeline",
        field="configurationTimeline",
        document="""
query Q($familyId: ID!, $from: Date!, $to: Date!) {
  configurationTimeline(familyId: $familyId, from: $from, to: $to) {
    initial { date size }
    changes { date size turnover joined { id } left { id } }
    meanTurnover distinctProfessionals
  }
}""",
        variables=_family_period,
        mix_weight=2,
    ),
    # The path search, four ways (goal 4 is judged on the worst): two professionals of one
    # family's allocations; two no path joins; a family and one of its professionals;
    # time-respecting. Default maxHops (6) and limit (5); the far and family cases also at
    # the documented maximum (MAX_HOPS, 10).
    *(
        QuerySpec(
            name=name,
            field="boundaryCrossingPaths",
            document=PATHS_DOCUMENT,
            variables=variables,
            mix_weight=weight,
        )
        for name, variables, weight in (
            ("boundaryCrossingPaths", _pair, 1),
            ("boundaryCrossingPaths (far)", _far_pair, 0),
            ("boundaryCrossingPaths (family)", _family_pair, 0),
            ("boundaryCrossingPaths (time-respecting)", _timed_pair, 0),
            (f"boundaryCrossingPaths (far, maxHops {MAX_HOPS})", _at_most(_far_pair), 0),
            (f"boundaryCrossingPaths (family, maxHops {MAX_HOPS})", _at_most(_family_pair), 0),
        )
    ),
    QuerySpec(
        name="collaborationNetwork",
        field="collaborationNetwork",
        document="""
query Q($familyId: ID!) {
  collaborationNetwork(level: PROFESSIONAL, familyId: $familyId) {
    nodeCount edgeCount
    graph { nodes { id label } edges { source target properties } }
  }
}""",
        variables=_family_only,
        mix_weight=1,
    ),
    QuerySpec(
        name="caseTrajectory",
        field="caseTrajectory",
        document="""
query Q($familyId: ID!) {
  caseTrajectory(familyId: $familyId) {
    agencies { order agency { id sector } first { kind on interactionId professionalId } }
    transitions { fromSector toSector on through { kind interactionId referralSource } }
  }
}""",
        variables=_family_only,
        mix_weight=1,
    ),
    QuerySpec(
        name="objectOfActivity",
        field="objectOfActivity",
        document="""
query Q($familyId: ID!) {
  objectOfActivity(familyId: $familyId) {
    perspectives { id at on { id } holder { id sector } revises depth thread }
    threads { rootIds depth branchPointIds sectors }
    widening { month holders professions sectors clientVoices }
    tensions { id status daysOpen partySectors ledToRevision }
  }
}""",
        variables=_family_only,
        mix_weight=1,
    ),
    QuerySpec(
        name="workRhythm (family)",
        field="workRhythm",
        document="""
query Q($familyId: ID!) {
  workRhythm(familyId: $familyId) {
    interactions burstiness { gaps meanGapDays sdGapDays value }
    volatility months { month size distance }
  }
}""",
        variables=_family_only,
        mix_weight=1,
    ),
    QuerySpec(
        name="workRhythm (professional)",
        field="workRhythm",
        document="""
query Q($professionalId: ID!) {
  workRhythm(professionalId: $professionalId) {
    interactions burstiness { gaps value }
    volatility months { month size distance }
  }
}""",
        variables=_professional_only,
        mix_weight=1,
    ),
    QuerySpec(
        name="horizontalExpertise (whole period)",
        field="horizontalExpertise",
        document="""
query Q {
  horizontalExpertise(limit: 20) {
    ranked hybrids
    professionals {
      rank professional { id } sector distinctSectors collaborators hybrid
      sectors { sector collaborators } quarters { quarter otherSectors }
    }
  }
}""",
        variables=_nothing,
        # A question about all the area's work, not an interactive one: measured alone,
        # kept out of the sustained mix.
        mix_weight=0,
        max_runs=20,
    ),
    QuerySpec(
        name="levels (whole period)",
        field="levels",
        document="""
query Q {
  levels {
    strategicAgencies operationalAgencies both
    agencies { agency { id } presence carrierIds operational { families } }
  }
}""",
        variables=_nothing,
        mix_weight=0,  # about all the area's work, like horizontalExpertise
        max_runs=20,
    ),
]


def root_fields() -> set[str]:
    """The Query fields the API's schema has now (camelCase names)."""
    from api.schema import build_schema
    from kb.settings import get_settings

    schema = build_schema(get_settings())
    query = schema.get_type_by_name("Query")
    fields = getattr(query, "fields", [])
    return {schema.config.name_converter.get_graphql_name(f) for f in fields}
