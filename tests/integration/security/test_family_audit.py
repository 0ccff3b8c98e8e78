"""The audit rule (`api.security.family_reads`): every read of family-level data is logged,
attempts included. Expected ids are worked out by hand from `tests/fixtures/api_small`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from graphql import (
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    Undefined,
    get_named_type,
)

from api.schema import build_schema
from kb.security.roles import Role
from kb.settings import get_settings
from kb.storage.database import Database
from tests.api_entities_support import SMALL, ensure_datasets
from tests.security_support import keyed_client, logged_reads

schema = build_schema(get_settings())

@pytest.fixture(scope="module")
def keyed(database: Database) -> Iterator[tuple[TestClient, dict[Role, str]]]:
    ensure_datasets(database, SMALL)
    with keyed_client(database) as client_and_tokens:
        yield client_and_tokens


PATHS = """query($from: ID!, $to: ID!, $hops: Int!) {
  boundaryCrossingPaths(from: $from, to: $to, maxHops: $hops) { count toType } }"""


@pytest.mark.parametrize(
    ("source", "to", "hops", "found", "to_type"),
    [
        # P4 took part only in I7 (about F2), with nobody else: no path reaches F1.
        ("P4", "F1", 6, False, "Family"),
        # P1 took part in I2, which concerns F1: the path ends at F1.
        ("P1", "F1", 2, True, "Family"),
        # P3 and P1 both took part in I4 and I6, which concern F1: the path shows F1's work.
        ("P3", "P1", 1, True, "Professional"),
    ],
    ids=["to-a-family-finding-nothing", "through-a-family", "between-professionals"],
)
def test_a_path_search_logs_the_family_it_reaches_or_names(
    database: Database,
    keyed: tuple[TestClient, dict[Role, str]],
    source: str,
    to: str,
    hops: int,
    found: bool,
    to_type: str,
) -> None:
    body, events = logged_reads(database, keyed, PATHS, {"from": source, "to": to, "hops": hops})
    answer = body["data"]["boundaryCrossingPaths"]
    assert answer["toType"] == to_type
    assert (answer["count"] >= 1) is found
    assert events == [["F1"]]


# Before the endpoints are looked up, either one may be a family: both, as typed.
@pytest.mark.parametrize(
    ("to", "hops", "code", "ids"),
    [("F1", 99, "BAD_USER_INPUT", ["F1", "P1"]), ("F-ERASED", 3, "NOT_FOUND", ["F-ERASED", "P1"])],
    ids=["fails-on-its-arguments", "to-an-unknown-id"],
)
def test_a_refused_path_search_is_logged_as_an_attempt(
    database: Database,
    keyed: tuple[TestClient, dict[Role, str]],
    to: str,
    hops: int,
    code: str,
    ids: list[str],
) -> None:
    body, events = logged_reads(database, keyed, PATHS, {"from": "P1", "to": to, "hops": hops})
    assert body["errors"][0]["extensions"]["code"] == code
    assert events == [ids]


@pytest.mark.parametrize(
    "field",
    [
        'familyConfiguration(familyId: $f, at: "2023-03-01T00:00:00Z") { size }',
        'configurationTimeline(familyId: $f, from: "2023-01-01", to: "2023-02-01") { changes { date } }',
        "knots(familyId: $f) { start }",
        "jointness(familyId: $f) { mode }",
        "boundaryObjectReport(familyId: $f) { contributions }",
        "brokerage(familyId: $f) { total }",
        "collaborationNetwork(level: SECTOR, familyId: $f) { nodeCount }",
    ],
)
def test_an_analytic_of_an_unknown_family_is_logged_as_an_attempt(
    database: Database, keyed: tuple[TestClient, dict[Role, str]], field: str
) -> None:
    body, events = logged_reads(database, keyed, f"query($f: ID!) {{ {field} }}", {"f": "F-ERASED"})
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND", body
    assert events == [["F-ERASED"]]


def test_a_filter_on_an_unknown_family_is_logged_as_an_attempt(
    database: Database, keyed: tuple[TestClient, dict[Role, str]]
) -> None:
    query = '{ interactions(filter: {familyId: "F-ERASED"}) { totalCount } }'
    body, events = logged_reads(database, keyed, query)
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert events == [["F-ERASED"]]


# -- the entity graph: every read of family-level data, and only those ------------------
# Fixture (tests/fixtures/api_small): C1, C2 belong to F1, C3 to F2; E1, E2 are F1's and
# E3 is F2's; P2 was involved with F1; PS4 is held by C2, on F1; TN3 is between C3 and
# P4, about F2; I3 (F1) had C1 taking part; I7 (F2) is E3's.

ENTITY_READS = [
    ('{ node(id: "C1") { ... on Client { memberships { family { id } } } } }', [["F1"]]),
    ('{ node(id: "C3") { ... on Client { families { id } } } }', [["F2"]]),
    ('{ node(id: "P2") { ... on Professional { involvements { family { id } } } } }', [["F1"]]),
    ('{ node(id: "P2") { ... on Professional { involvements { role } } } }', [["F1"]]),
    ('{ interactions(filter: {episodeId: "E3"}) { totalCount } }', [["F2"]]),
    ('{ interactions(filter: {participantId: "C1"}) { totalCount } }', [["F1"]]),
    ('{ perspectives(filter: {holderId: "C2"}) { totalCount } }', [["F1"]]),
    ('{ tensions(filter: {partyId: "C3"}) { totalCount } }', [["F2"]]),
    ('{ node(id: "C2") { ... on Client { interactions { totalCount } } } }', [["F1"]]),
    ('{ node(id: "E3") { ... on Episode { interactions { nodes { id } } } } }', [["F2"]]),
    ('{ families(filter: {referenceContains: "jones"}) { totalCount } }', [["F2"]]),
    ('{ node(id: "F-GONE") { ... on Family { reference } } }', [["F-GONE"]]),
    ('{ clients(filter: {nameContains: "smith"}) { totalCount } }', [["F1"]]),
    ("{ interactions(filter: {kinds: [ASSESSMENT]}) { nodes { id } } }", [["F2"]]),
    # Nothing of a family: no event.
    ("{ families { nodes { id } } }", []),
    ("{ agencies { nodes { name } } professionals { nodes { name } } }", []),
    ('{ node(id: "NOPE") { id } }', []),
    ('{ node(id: "P4") { ... on Professional { interactions { totalCount } } } }', []),
]


@pytest.mark.parametrize(("query", "expected"), ENTITY_READS, ids=[q for q, _ in ENTITY_READS])
def test_entity_reads_of_family_data_are_logged(
    database: Database,
    keyed: tuple[TestClient, dict[Role, str]],
    query: str,
    expected: list[list[str]],
) -> None:
    body, events = logged_reads(database, keyed, query)
    assert body.get("data"), body
    assert events == expected


# -- every field that can reach family data, found by walking the schema ----------------


def fixture_rows(name: str) -> list[dict[str, str]]:
    with (SMALL / f"{name}.csv").open(encoding="utf-8", newline="") as rows:
        return list(csv.DictReader(rows))


def families_oracle() -> dict[str, set[str]]:
    """The families each fixture entity belongs to, worked out from the CSV files by the
    rule in api/security/family_reads.py (independently of the statements)."""
    labels = {
        row["id"]: name
        for name in ("agencies", "teams", "professionals", "families", "clients", "episodes",
                     "interactions", "boundary_objects", "perspectives", "tensions")
        for row in fixture_rows(name)
    }  # fmt: skip

    def pairs(name: str) -> list[tuple[str, str]]:
        return [(r["source"], r["target"]) for r in fixture_rows(name)]

    of: dict[str, set[str]] = {i: set() for i in labels}
    for family in (i for i, kind in labels.items() if kind == "families"):
        of[family].add(family)
    for client, family in pairs("belongs_to"):
        of[client].add(family)
    for family, episode in pairs("has_episode"):
        of[episode].add(family)
    for thing, family in pairs("concerns"):
        of[thing].add(family)
    for person, interaction in pairs("participated_in"):
        if labels[person] == "clients":
            of[interaction] |= of[person]
    for perspective, subject in pairs("on"):
        of[perspective] |= of[subject] if labels[subject] == "boundary_objects" else {subject}
    for holder, perspective in pairs("holds"):
        if labels[holder] == "clients":
            of[perspective] |= of[holder]
    for tension, subject in pairs("about"):
        of[tension] |= of[subject]  # a family, or what concerns one
    for tension, party in pairs("between"):
        if labels[party] == "clients":
            of[tension] |= of[party]
    return of


def entities_in(answer: Any) -> set[str]:
    """The ids of every entity (an object with __typename and id) in an answer."""
    if isinstance(answer, list):
        return set().union(*(entities_in(a) for a in answer)) if answer else set()
    if not isinstance(answer, dict):
        return set()
    found = {answer["id"]} if "id" in answer and "__typename" in answer else set()
    return found.union(*(entities_in(v) for v in answer.values()))


def selection_for(schema: GraphQLSchema, output: Any) -> str:
    """A selection naming every entity a field of type `output` can answer."""
    named = get_named_type(output)
    if isinstance(named, GraphQLUnionType | GraphQLInterfaceType):
        return "{ __typename ... on Node { id } }"
    if not isinstance(named, GraphQLObjectType):
        return ""
    if named.name.endswith("Connection"):
        return "{ totalCount nodes { __typename id } }"
    if "Node" in [i.name for i in named.interfaces]:
        return "{ __typename id }"
    inner = " ".join(
        f"{name} {selection_for(schema, f.type)}"
        for name, f in named.fields.items()
        if isinstance(
            get_named_type(f.type), GraphQLObjectType | GraphQLUnionType | GraphQLInterfaceType
        )
    )
    return f"{{ __typename {inner} }}"


WALKED_FROM = {
    "Agency": "A2", "Team": "T1", "Professional": "P2", "Family": "F1", "Client": "C2",
    "Episode": "E1", "Interaction": "I4", "BoundaryObject": "BO1", "Perspective": "PS2",
    "Tension": "TN2",
}  # fmt: skip
NAMED_BY = {
    "familyId": "F1", "agencyId": "A3", "professionalId": "P4", "episodeId": "E1",
    "participantId": "C1", "holderId": "C2", "partyId": "C3",
}  # fmt: skip


def walked_fields() -> list[tuple[str, str]]:
    """(type, field) for every field of every entity type, by introspection."""
    graphql_schema = schema._schema
    entity_types = [
        t for t in graphql_schema.type_map.values()
        if isinstance(t, GraphQLObjectType) and "Node" in [i.name for i in t.interfaces]
    ]  # fmt: skip
    assert {t.name for t in entity_types} == set(WALKED_FROM)
    return [(t.name, f) for t in entity_types for f in t.fields if f not in ("id", "__typename")]


def root_filters() -> list[tuple[str, str, str]]:
    """(root field, filter type, id filter) for every root filter naming an entity."""
    query_type = schema._schema.query_type
    assert query_type is not None
    found = []
    for name, field in query_type.fields.items():
        argument = field.args.get("filter")
        if argument is None:
            continue
        filter_type = get_named_type(argument.type)
        assert isinstance(filter_type, GraphQLInputObjectType)
        found += [(name, filter_type.name, f) for f in filter_type.fields if f in NAMED_BY]
    return found


def family_arguments() -> list[str]:
    """Root fields outside the entity graph that take a family id (or a path's ends)."""
    query_type = schema._schema.query_type
    assert query_type is not None
    return [
        name for name, field in query_type.fields.items()
        if "familyId" in field.args or {"from", "to"} <= set(field.args)
    ]  # fmt: skip


def admin_events(
    database: Database, keyed: tuple[TestClient, dict[Role, str]], query: str
) -> tuple[dict[str, Any], list[str]]:
    body, new = logged_reads(database, keyed, query, role=Role.ADMIN)
    assert len(new) <= 1, "one event per request"
    return body, new[0] if new else []


@pytest.mark.parametrize(("type_name", "field_name"), walked_fields())
def test_every_entity_field_logs_the_families_it_reaches(
    database: Database, keyed: tuple[TestClient, dict[Role, str]], type_name: str, field_name: str
) -> None:
    owner = schema._schema.get_type(type_name)
    assert isinstance(owner, GraphQLObjectType)
    selection = selection_for(schema._schema, owner.fields[field_name].type)
    parent = WALKED_FROM[type_name]
    query = f'{{ node(id: "{parent}") {{ ... on {type_name} {{ {field_name} {selection} }} }} }}'
    body, logged_ids = admin_events(database, keyed, query)
    assert "errors" not in body, body
    of = families_oracle()
    reached = entities_in(body["data"]["node"][field_name]) | {parent}
    assert logged_ids == sorted(set().union(*(of[i] for i in reached)))


@pytest.mark.parametrize(("field_name", "filter_type", "argument"), root_filters())
def test_every_root_filter_naming_an_entity_logs_its_families(
    database: Database,
    keyed: tuple[TestClient, dict[Role, str]],
    field_name: str,
    filter_type: str,
    argument: str,
) -> None:
    named = NAMED_BY[argument]
    query = f'{{ {field_name}(first: 100, filter: {{{argument}: "{named}"}}) {{ nodes {{ __typename id }} }} }}'
    body, logged_ids = admin_events(database, keyed, query)
    assert "errors" not in body, body
    of = families_oracle()
    matched = entities_in(body["data"][field_name])
    assert logged_ids == sorted(of[named].union(*(of[i] for i in matched)))
    unknown = f'{{ {field_name}(filter: {{{argument}: "GONE-1"}}) {{ totalCount }} }}'
    refused, attempt = admin_events(database, keyed, unknown)
    assert refused["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    family_like = argument in ("familyId", "episodeId", "participantId", "holderId", "partyId")
    assert attempt == (["GONE-1"] if family_like else [])


ANALYTIC_ARGUMENTS = {
    "at": '"2023-03-01T00:00:00Z"', "from": '"P1"', "to": '"F1"', "familyId": '"F1"',
    "level": "SECTOR",
}  # fmt: skip
DATE_ARGUMENTS = {"from": '"2023-01-01"', "to": '"2023-06-01"'}


@pytest.mark.parametrize("field_name", family_arguments())
def test_every_analytic_of_a_family_logs_it(
    database: Database, keyed: tuple[TestClient, dict[Role, str]], field_name: str
) -> None:
    query_type = schema._schema.query_type
    assert query_type is not None
    field = query_type.fields[field_name]
    given = []
    for name, argument in field.args.items():
        dated = str(get_named_type(argument.type)) == "Date"
        if name in ANALYTIC_ARGUMENTS and (
            argument.default_value is Undefined or name == "familyId"
        ):
            given.append(f"{name}: {DATE_ARGUMENTS[name] if dated else ANALYTIC_ARGUMENTS[name]}")
    body, logged_ids = admin_events(
        database, keyed, f"{{ {field_name}({', '.join(given)}) {{ __typename }} }}"
    )
    assert "errors" not in body, body
    assert "F1" in logged_ids
