"""The GraphQL queries the bench measures, and how their parameters are chosen from the data.

Each entry names the root field it exercises; an entry whose field is not in
the API's schema yet is reported as 'not measured'. Parameters are drawn with a
fixed seed from the loaded graph (see `cypher/bench/*.cypher`), so two runs at
one scale ask the same questions.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from kb.storage.database import Database


@dataclass(frozen=True)
class Samples:
    """Parameter pools drawn from the loaded data."""

    periods: list[dict[str, Any]]
    pairs: list[dict[str, Any]]

    @property
    def empty(self) -> bool:
        return not self.periods


def draw_samples(db: Database, seed: int, size: int = 400) -> Samples:
    rng = random.Random(seed)
    periods = db.read("bench/family_periods", {"limit": 200_000})
    pairs = db.read("bench/professional_pairs", {"limit": 200_000})
    rng.shuffle(periods)
    rng.shuffle(pairs)
    return Samples(periods=periods[:size], pairs=pairs[:size])


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


def _family_at(s: Samples, rng: random.Random, i: int) -> dict[str, Any]:
    period = s.periods[i % len(s.periods)]
    return {"familyId": period["family"], "at": _inside(period, rng)}


def _family_timeline(s: Samples, rng: random.Random, i: int) -> dict[str, Any]:
    period = s.periods[i % len(s.periods)]
    return {"familyId": period["family"]}


def _pair(s: Samples, rng: random.Random, i: int) -> dict[str, Any]:
    pair = s.pairs[i % len(s.pairs)] if s.pairs else s.periods[i % len(s.periods)]
    return {
        "source": pair.get("source", pair.get("professional")),
        "target": pair.get("target", pair.get("professional")),
    }


def _professional(s: Samples, rng: random.Random, i: int) -> dict[str, Any]:
    return {"professionalId": s.periods[i % len(s.periods)]["professional"]}


QUERIES: list[QuerySpec] = [
    QuerySpec(
        name="familyConfiguration",
        field="familyConfiguration",
        document="""
query Q($familyId: ID!, $at: Date!) {
  familyConfiguration(familyId: $familyId, at: $at) {
    members { professional { id name profession } agency { id sector } role }
  }
}""",
        variables=_family_at,
        mix_weight=4,
    ),
    QuerySpec(
        name="configurationTimeline",
        field="configurationTimeline",
        document="""
query Q($familyId: ID!) {
  configurationTimeline(familyId: $familyId) { at turnover }
}""",
        variables=_family_timeline,
        mix_weight=2,
    ),
    QuerySpec(
        name="boundaryCrossingPaths",
        field="boundaryCrossingPaths",
        document="""
query Q($source: ID!, $target: ID!) {
  boundaryCrossingPaths(source: $source, target: $target) { length }
}""",
        variables=_pair,
        mix_weight=1,
    ),
    QuerySpec(
        name="collaborationNetwork",
        field="collaborationNetwork",
        document="""
query Q($professionalId: ID!) {
  collaborationNetwork(professionalId: $professionalId) { nodes { id } }
}""",
        variables=_professional,
        mix_weight=1,
    ),
]


def root_fields() -> set[str]:
    """The Query fields the API's schema has now (camelCase names)."""
    from api.schema import schema

    query = schema.get_type_by_name("Query")
    fields = getattr(query, "fields", [])
    return {schema.config.name_converter.get_graphql_name(f) for f in fields}
