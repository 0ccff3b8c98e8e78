"""The entity questions asked of both servers, and how their two answers are compared.

Ours are the catalogue's documents (`bench/catalogue.py`, by name); the peer's are
written here against the SDL `typedefs.py` generates, asking the same thing the way a
user of @neo4j/graphql would: list fields with `where`/`sort`/`limit`, connections
for relationship properties. Both get the same variables.

Before anything is timed, each pair of answers is normalised to one shape and compared
(`Question.differences`); lists whose order the question fixes (pages, latest first) are
compared in order, the others as sets. A difference stops the comparison.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bench.catalogue import QUERIES, QuerySpec

Data = dict[str, Any]
Normalise = Callable[[Data], Any]
Compare = Callable[[Any, Any], list[str]]


def instant(value: str | None) -> str | None:
    """One spelling for an instant (`...Z`, `....000Z`, `+00:00` are the same moment)."""
    if value is None:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC).isoformat()


def _sorted_distinct(items: list[dict[str, Any]], key: str = "id") -> list[dict[str, Any]]:
    unique = {repr(sorted(item.items())): item for item in items}
    return sorted(unique.values(), key=lambda item: (str(item.get(key)), repr(item)))


def equal(ours: Any, peer: Any) -> list[str]:
    """The default comparison: equal after normalising, else where they first differ."""
    return [] if ours == peer else [first_difference(ours, peer)]


def first_difference(ours: Any, peer: Any, path: str = "") -> str:
    if isinstance(ours, dict) and isinstance(peer, dict):
        for key in sorted(set(ours) | set(peer)):
            if ours.get(key) != peer.get(key):
                return first_difference(ours.get(key), peer.get(key), f"{path}.{key}")
    if isinstance(ours, list) and isinstance(peer, list):
        if len(ours) != len(peer):
            return f"{path or 'answer'}: {len(ours)} items (ours) vs {len(peer)} (peer)"
        for index, (a, b) in enumerate(zip(ours, peer, strict=True)):
            if a != b:
                return first_difference(a, b, f"{path}[{index}]")
    return f"{path or 'answer'}: ours {str(ours)[:160]!r} vs peer {str(peer)[:160]!r}"


@dataclass(frozen=True)
class Question:
    """One entity question: our catalogue entry, the peer's document, how to compare."""

    spec: QuerySpec
    peer_document: str
    normalise_ours: Normalise
    normalise_peer: Normalise
    compare: Compare = equal
    note: str = ""

    @property
    def name(self) -> str:
        return self.spec.name

    def differences(self, ours: Data, peer: Data) -> list[str]:
        return self.compare(self.normalise_ours(ours), self.normalise_peer(peer))


# -- a node by id -------------------------------------------------------------------------


def _node_ours(data: Data) -> Any:
    node = data["node"]
    return None if node is None else {"id": node["id"], "reference": node["reference"]}


def _node_peer(data: Data) -> Any:
    found = data["families"]
    return None if not found else {"id": found[0]["id"], "reference": found[0]["reference"]}


# -- 20 families with their clients -------------------------------------------------------


def _families_clients(families: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"id": f["id"], "reference": f["reference"], "clients": _sorted_distinct(f["clients"])}
        for f in families
    ]


# -- 10 families nested -------------------------------------------------------------------


def _involvement(role: str, start: str, end: str | None, professional: Data, agency: Any) -> Data:
    return {
        "role": role,
        "from": start,
        "to": end,
        "professional": {k: professional[k] for k in ("id", "name", "profession")},
        "agency": agency,
    }


def _nested(family: Data, involvements: list[Data], interactions: list[Data]) -> Data:
    """One family of the nested answer, as both servers' answers are compared."""
    return {
        "id": family["id"],
        "reference": family["reference"],
        "involvements": _sorted_distinct(involvements, key="from"),
        "interactions": interactions,
    }


def _nested_interaction(interaction: Data, participants: list[Data]) -> Data:
    return {
        "id": interaction["id"],
        "kind": interaction["kind"],
        "at": instant(interaction["at"]),
        "participants": _sorted_distinct(participants),
    }


def _nested_ours(data: Data) -> Any:
    out = []
    for family in data["families"]["nodes"]:
        involvements = [
            _involvement(
                i["role"], i["from"], i["to"], i["professional"], i["professional"]["agency"]
            )
            for i in family["involvements"]
        ]
        interactions = [
            _nested_interaction(
                n, [{"id": p["participant"]["id"], "role": p["role"]} for p in n["participants"]]
            )
            for n in family["interactions"]["nodes"]
        ]
        out.append(_nested(family, involvements, interactions))
    return out


def _nested_peer(data: Data) -> Any:
    out = []
    for family in data["families"]:
        involvements = []
        for edge in family["professionalsConnection"]["edges"]:
            node, props = edge["node"], edge["properties"]
            current = node["employedByConnection"]["edges"]
            agency = current[0]["node"] if current else None
            involvements.append(
                _involvement(props["role"], props["from"], props["to"], node, agency)
            )
        interactions = [
            _nested_interaction(
                n,
                [
                    {"id": e["node"]["id"], "role": e["properties"]["role"]}
                    for part in ("professionalsConnection", "clientsConnection")
                    for e in n[part]["edges"]
                ],
            )
            for n in family["interactions"]
        ]
        out.append(_nested(family, involvements, interactions))
    return out


# -- the configuration at a date ----------------------------------------------------------


def _configuration_ours(data: Data) -> Any:
    answer = data["familyConfiguration"]
    return {
        "size": answer["size"],
        "sectors": answer["sectors"],
        "members": answer["members"],
        "lead": (answer["leadProfessional"] or {}).get("professional", {}).get("id"),
        "clients": answer["clients"],
    }


def _configuration_peer(data: Data) -> Any:
    rows = data["familyConfiguration"]
    if rows is None:
        return None
    return {
        "size": len(rows["members"]),
        "sectors": rows["sectors"],
        "members": rows["members"],
        "lead": rows["leadProfessional"],
        "clients": rows["clients"],
    }


def _configuration_compare(ours: Any, peer: Any) -> list[str]:
    """The same configuration: members (in order, every field asked), lead, clients,
    sectors (both servers send the same statement; ours maps and prints its row)."""
    if peer is None:
        return ["the peer found no family"]
    return [
        f"{key}: ours {ours[key]} vs peer {peer[key]}" for key in ours if ours[key] != peer[key]
    ]


# -- a family's interactions in a date range, from the root -------------------------------


def _interactions(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"id": n["id"], "kind": n["kind"], "at": instant(n["at"])} for n in items]


_OURS = {spec.name: spec for spec in QUERIES}

QUESTIONS: list[Question] = [
    Question(
        spec=_OURS["node by id"],
        peer_document="""
query Q($familyId: ID!) {
  families(where: {id: {eq: $familyId}}) { id reference }
}""",
        normalise_ours=_node_ours,
        normalise_peer=_node_peer,
        note="the peer has no label-free `node(id:)` (only Relay global ids, with @relayId): "
        "it is asked for the family by id",
    ),
    Question(
        spec=_OURS["20 families with their clients"],
        peer_document="""
query Q {
  families(limit: 20, sort: [{reference: ASC}, {id: ASC}]) {
    id reference clients { id name role }
  }
}""",
        normalise_ours=lambda d: _families_clients(d["families"]["nodes"]),
        normalise_peer=lambda d: _families_clients(d["families"]),
    ),
    Question(
        spec=_OURS["10 families nested"],
        peer_document="""
query Q($on: Date!) {
  families(limit: 10, sort: [{reference: ASC}, {id: ASC}]) {
    id reference
    professionalsConnection {
      edges {
        properties { role from to }
        node {
          id name profession
          employedByConnection(
            where: {edge: {from: {lte: $on}, OR: [{to: {eq: null}}, {to: {gte: $on}}]}}
            sort: [{edge: {from: DESC}}, {node: {id: DESC}}]
            first: 1
          ) { edges { node { id name sector } } }
        }
      }
    }
    interactions(limit: 5, sort: [{at: DESC}, {id: ASC}]) {
      id kind at
      professionalsConnection { edges { properties { role } node { id } } }
      clientsConnection { edges { properties { role } node { id } } }
    }
  }
}""",
        normalise_ours=_nested_ours,
        normalise_peer=_nested_peer,
        note="a professional's agency on the day: the employment covering it that started "
        "last (our `agency(on:)`), asked as a filtered, sorted connection of one",
    ),
    Question(
        spec=_OURS["familyConfiguration"],
        peer_document="""
query Q($familyId: ID!, $at: DateTime!) {
  familyConfiguration(familyId: $familyId, at: $at) {
    sectors
    members {
      professional { id name profession } agency { id name sector }
      role presence involvementRoles lastInteractionAt
    }
    leadProfessional
    clients { id role }
  }
}""",
        normalise_ours=_configuration_ours,
        normalise_peer=_configuration_peer,
        compare=_configuration_compare,
        note="the peer runs our cypher/analytics/family_configuration.cypher (which assembles "
        "members, roles, presence and the lead) as a @cypher field; ours sends the same "
        "statement",
    ),
    Question(
        spec=_OURS["a family's interactions in a date range (from the root)"],
        peer_document="""
query Q($familyId: ID!, $after: DateTime!, $before: DateTime!) {
  interactions(
    where: {concerns: {some: {id: {eq: $familyId}}}, at: {gte: $after, lt: $before}}
    sort: [{at: ASC}, {id: ASC}]
    limit: 100
  ) { id kind at }
}""",
        normalise_ours=lambda d: _interactions(d["interactions"]["nodes"]),
        normalise_peer=lambda d: _interactions(d["interactions"]),
    ),
]
