"""The entity graph of the GraphQL API, against the real server.

Answers are worked out by hand from `tests/fixtures/api_small` (two families with work
around them, one without); see that directory's CSV files. The batching test compares
the statements a nested request sends over 1 and over 100 generated families.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kb.security.roles import Role
from kb.storage.database import Database
from tests.api_entities_support import (
    SMALL,
    data,
    dataset_fixture,
    ensure_datasets,
    gql,
    ids,
    open_client,
    open_client_fixture,
    write_generated_families,
)
from tests.dataset_rows import SEED
from tests.security_support import gql as security_gql
from tests.security_support import keyed_client

small = dataset_fixture(SMALL)
client = open_client_fixture("small")


def error_of(body: dict[str, Any]) -> dict[str, Any]:
    """The single error of an answer, checked to hold no internals."""
    assert len(body["errors"]) == 1, body["errors"]
    error: dict[str, Any] = body["errors"][0]
    for leak in ("MATCH", "Traceback", "neo4j", "cypher", 'File "'):
        assert leak not in error["message"], error["message"]
    return error


# -- node(id:) -------------------------------------------------------------------------


def test_node_finds_every_label_by_id(client: TestClient) -> None:
    expected = {
        "A1": "Agency", "T1": "Team", "P1": "Professional", "F1": "Family", "C1": "Client",
        "E1": "Episode", "I2": "Interaction", "BO1": "BoundaryObject", "PS1": "Perspective",
        "TN1": "Tension",
    }  # fmt: skip
    for id_, typename in expected.items():
        answer = data(client, "query($id: ID!) { node(id: $id) { __typename id } }", id=id_)
        assert answer["node"] == {"__typename": typename, "id": id_}


def test_node_is_null_for_unknown_ids_and_for_bookkeeping_nodes(client: TestClient) -> None:
    # "api-small" is the id of the (:Dataset) node the loader wrote: not an entity.
    answer = data(
        client,
        '{ a: node(id: "NOPE") { id } b: node(id: "api-small") { id } '
        'c: nodes(ids: ["F2", "NOPE", "C3"]) { id } }',
    )
    assert answer == {"a": None, "b": None, "c": [{"id": "F2"}, None, {"id": "C3"}]}


def test_node_answers_properties_with_iso_dates(client: TestClient) -> None:
    answer = data(
        client,
        """{
          e: node(id: "E1") { ... on Episode { kind openedAt closedAt referralSource
                                               closureReason open } }
          i: node(id: "I2") { ... on Interaction { kind at endsAt level } }
          c: node(id: "C1") { ... on Client { name role birthYear } }
          t: node(id: "TN1") { ... on Tension { kind raisedAt resolvedAt resolution open } }
        }""",
    )
    assert answer["e"] == {
        "kind": "EARLY_HELP", "openedAt": "2023-01-05", "closedAt": "2023-06-30",
        "referralSource": "SCHOOL", "closureReason": "STEP_UP", "open": False,
    }  # fmt: skip
    assert answer["i"] == {
        "kind": "TAC_MEETING", "at": "2023-01-20T10:00:00+00:00",
        "endsAt": "2023-01-20T11:30:00+00:00", "level": "OPERATIONAL",
    }  # fmt: skip
    assert answer["c"] == {"name": "Sam Smith", "role": "CHILD", "birthYear": 2014}
    assert answer["t"] == {
        "kind": "THRESHOLD", "raisedAt": "2023-05-10T09:00:00+00:00",
        "resolvedAt": "2023-07-01T09:00:00+00:00", "resolution": "Stepped up to Child in Need",
        "open": False,
    }  # fmt: skip


# -- relationships ------------------------------------------------------------------------


def test_professional_employments_teams_involvements(client: TestClient) -> None:
    answer = data(
        client,
        """{ node(id: "P2") { ... on Professional {
            employments { from to role agency { id } }
            early: agency(on: "2023-01-01") { id }
            late: agency(on: "2023-05-01") { id }
            teams { id }
            memberships(activeOn: "2022-06-01") { role team { id } }
            involvements { from to role professional { id } family { id } }
            now: involvements(activeOn: "2023-05-01") { role }
            families { id }
            perspectives { id }
            tensions { id }
        } } }""",
    )["node"]
    assert answer["employments"] == [
        {"from": "2019-06-01", "to": "2023-03-31", "role": "Social worker", "agency": {"id": "A2"}},
        {"from": "2023-04-01", "to": None, "role": "Practitioner", "agency": {"id": "A3"}},
    ]
    assert answer["early"] == {"id": "A2"} and answer["late"] == {"id": "A3"}
    assert answer["teams"] == [{"id": "T2"}, {"id": "T1"}]  # by membership start
    assert answer["memberships"] == [{"role": "member", "team": {"id": "T2"}}]
    assert answer["involvements"] == [
        {"from": "2023-01-20", "to": "2023-06-30", "role": "KEY_WORKER",
         "professional": {"id": "P2"}, "family": {"id": "F1"}},
        {"from": "2023-07-01", "to": None, "role": "LEAD_SOCIAL_WORKER",
         "professional": {"id": "P2"}, "family": {"id": "F1"}},
    ]  # fmt: skip
    assert answer["now"] == [{"role": "KEY_WORKER"}]
    assert answer["families"] == [{"id": "F1"}]
    assert answer["perspectives"] == [{"id": "PS2"}]
    assert answer["tensions"] == [{"id": "TN2"}]


def test_professional_interactions_page_through_in_time_order(client: TestClient) -> None:
    query = """query($after: String) { node(id: "P2") { ... on Professional {
        interactions(first: 3, after: $after) {
          totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { node { id } }
        } } } }"""
    first = data(client, query)["node"]["interactions"]
    # P2 took part in I2 (Jan 20), I3 (Feb 14), I4 (Mar 10), I8 (Apr 1), I5 (May 2), I6 (Jul 15).
    assert ids(first) == ["I2", "I3", "I4"]
    assert first["totalCount"] == 6
    assert first["pageInfo"]["hasNextPage"] is True
    assert first["pageInfo"]["hasPreviousPage"] is False
    second = data(client, query, after=first["pageInfo"]["endCursor"])["node"]["interactions"]
    assert ids(second) == ["I8", "I5", "I6"]
    assert second["pageInfo"]["hasNextPage"] is False
    assert second["pageInfo"]["hasPreviousPage"] is True


def test_family_relationships(client: TestClient) -> None:
    answer = data(
        client,
        """{ node(id: "F1") { ... on Family {
            reference
            clients { id }
            memberships { relationship client { name } }
            episodes { id }
            involvements { role from professional { id } onBehalfOf { __typename id } }
            july: involvements(activeOn: "2023-07-10") { role professional { id } }
            leads: involvements(roles: [LEAD_PROFESSIONAL]) { professional { id } }
            professionals { id }
            boundaryObjects { id }
            perspectives { id }
            tensions { id }
            all: interactions { totalCount edges { node { id } } }
            latest: interactions(first: 2, latestFirst: true) { edges { node { id } } }
            tac: interactions(kinds: [TAC_MEETING]) { totalCount edges { node { id } } }
            spring: interactions(at: {after: "2023-02-01T00:00:00Z",
                                      before: "2023-05-02T12:00:00Z"}) { edges { node { id } } }
        } } }""",
    )["node"]
    assert answer["reference"] == "FAM-0001 Smith"
    assert answer["clients"] == [{"id": "C2"}, {"id": "C1"}]  # by BELONGS_TO.from
    assert answer["memberships"] == [
        {"relationship": "mother", "client": {"name": "Jo Smith"}},
        {"relationship": "child", "client": {"name": "Sam Smith"}},
    ]
    assert answer["episodes"] == [{"id": "E1"}, {"id": "E2"}]
    assert answer["involvements"] == [
        {"role": "LEAD_PROFESSIONAL", "from": "2023-01-03", "professional": {"id": "P1"},
         "onBehalfOf": {"__typename": "Agency", "id": "A1"}},
        {"role": "KEY_WORKER", "from": "2023-01-20", "professional": {"id": "P2"},
         "onBehalfOf": None},
        {"role": "CONTRIBUTOR", "from": "2023-03-10", "professional": {"id": "P3"},
         "onBehalfOf": {"__typename": "Agency", "id": "A3"}},
        {"role": "LEAD_SOCIAL_WORKER", "from": "2023-07-01", "professional": {"id": "P2"},
         "onBehalfOf": {"__typename": "Agency", "id": "A3"}},
    ]  # fmt: skip
    assert answer["july"] == [
        {"role": "CONTRIBUTOR", "professional": {"id": "P3"}},
        {"role": "LEAD_SOCIAL_WORKER", "professional": {"id": "P2"}},
    ]
    assert answer["leads"] == [{"professional": {"id": "P1"}}]
    assert answer["professionals"] == [{"id": "P1"}, {"id": "P2"}, {"id": "P3"}]
    assert answer["boundaryObjects"] == [{"id": "BO1"}, {"id": "BO2"}]
    # On F1: PS1, PS2, PS4; on its boundary object BO1: PS3. Ordered by `at`.
    assert answer["perspectives"] == [{"id": i} for i in ("PS1", "PS2", "PS4", "PS3")]
    # TN1 is about F1; TN2 about F1's BO2 and I5. Ordered by raisedAt.
    assert answer["tensions"] == [{"id": "TN2"}, {"id": "TN1"}]
    assert answer["all"]["totalCount"] == 6
    assert ids(answer["all"]) == ["I1", "I2", "I3", "I4", "I5", "I6"]
    assert ids(answer["latest"]) == ["I6", "I5"]
    assert answer["tac"]["totalCount"] == 2 and ids(answer["tac"]) == ["I2", "I4"]
    assert ids(answer["spring"]) == ["I3", "I4"]  # I5 is at `before` exactly: excluded


def test_interaction_relationships(client: TestClient) -> None:
    answer = data(
        client,
        """{
          i4: node(id: "I4") { ... on Interaction {
              participants { role participant { __typename ... on Professional { id }
                                                            ... on Client { id } } }
              boundaryObjects { action section boundaryObject { id } interaction { id } }
              family { id } episode { id } referredTo { id } } }
          i1: node(id: "I1") { ... on Interaction { referredTo { name } episode { id } } }
          i8: node(id: "I8") { ... on Interaction { family { id } level } }
          i5: node(id: "I5") { ... on Interaction { tensions { id }
                                                    boundaryObjects { action section } } }
        }""",
    )
    assert answer["i4"] == {
        "participants": [
            {"role": "ATTENDEE", "participant": {"__typename": "Client", "id": "C2"}},
            {"role": "ATTENDEE", "participant": {"__typename": "Professional", "id": "P1"}},
            {"role": "CHAIR", "participant": {"__typename": "Professional", "id": "P2"}},
            {"role": "ATTENDEE", "participant": {"__typename": "Professional", "id": "P3"}},
        ],
        "boundaryObjects": [
            {"action": "REVISED", "section": "Health needs", "boundaryObject": {"id": "BO1"},
             "interaction": {"id": "I4"}},
        ],
        "family": {"id": "F1"},
        "episode": {"id": "E1"},
        "referredTo": [],
    }  # fmt: skip
    assert answer["i1"] == {
        "referredTo": [{"name": "Riverside Children's Social Care"}],
        "episode": None,
    }
    assert answer["i8"] == {"family": None, "level": "STRATEGIC"}
    assert answer["i5"] == {
        "tensions": [{"id": "TN2"}],
        "boundaryObjects": [{"action": "SHARED", "section": None}],
    }


def test_boundary_objects_perspectives_and_tensions(client: TestClient) -> None:
    answer = data(
        client,
        """{
          bo1: node(id: "BO1") { ... on BoundaryObject { kind title createdAt family { id }
              workedOnBy { action section interaction { id } } perspectives { id } } }
          ps2: node(id: "PS2") { ... on Perspective { statement at
              holder { __typename ... on Professional { name } }
              on { __typename ... on Family { id } }
              revises { id } revisedBy { id } } }
          ps4: node(id: "PS4") { ... on Perspective {
              holder { __typename ... on Client { name } } revises { id } } }
          ps3: node(id: "PS3") { ... on Perspective { on { __typename ... on BoundaryObject { id } } } }
          tn1: node(id: "TN1") { ... on Tension { between { __typename
              ... on Agency { id } ... on Professional { id } } about { __typename } } }
          tn2: node(id: "TN2") { ... on Tension { open between {
              ... on Professional { id } } about { __typename
              ... on BoundaryObject { id } ... on Interaction { id } } } }
        }""",
    )
    assert answer["bo1"] == {
        "kind": "SUPPORT_PLAN", "title": "Smith family support plan", "createdAt": "2023-01-20",
        "family": {"id": "F1"},
        "workedOnBy": [
            {"action": "CREATED", "section": "Goals", "interaction": {"id": "I2"}},
            {"action": "REVISED", "section": "Health needs", "interaction": {"id": "I4"}},
        ],
        "perspectives": [{"id": "PS3"}],
    }  # fmt: skip
    assert answer["ps2"] == {
        "statement": "Attendance reflects the mother's housing situation",
        "at": "2023-03-10T11:00:00+00:00",
        "holder": {"__typename": "Professional", "name": "Bob Baker"},
        "on": {"__typename": "Family", "id": "F1"},
        "revises": [{"id": "PS1"}],
        "revisedBy": [{"id": "PS3"}],
    }
    assert answer["ps4"] == {"holder": {"__typename": "Client", "name": "Jo Smith"}, "revises": []}
    assert answer["ps3"] == {"on": {"__typename": "BoundaryObject", "id": "BO1"}}
    assert answer["tn1"] == {
        "between": [
            {"__typename": "Agency", "id": "A2"},
            {"__typename": "Professional", "id": "P1"},
        ],
        "about": [{"__typename": "Family"}],
    }
    assert answer["tn2"] == {
        "open": True,
        "between": [{"id": "P2"}, {"id": "P3"}],
        "about": [{"__typename": "BoundaryObject", "id": "BO2"},
                  {"__typename": "Interaction", "id": "I5"}],
    }  # fmt: skip


def test_agencies_teams_clients_episodes(client: TestClient) -> None:
    answer = data(
        client,
        """{
          a3: node(id: "A3") { ... on Agency { employments { professional { id } from }
              professionals { id } early: professionals(activeOn: "2022-06-01") { id } } }
          a2: node(id: "A2") { ... on Agency { referralsReceived { totalCount edges { node { id } } }
              tensions { id } } }
          t1: node(id: "T1") { ... on Team { memberships { role professional { id } }
              members(activeOn: "2023-07-01") { id } } }
          c2: node(id: "C2") { ... on Client { families { id } perspectives { id }
              interactions { totalCount edges { node { id } } } } }
          c3: node(id: "C3") { ... on Client { tensions { id } memberships { from relationship } } }
          e1: node(id: "E1") { ... on Episode { family { id }
              interactions(first: 2) { totalCount pageInfo { hasNextPage } edges { node { id } } } } }
          e2: node(id: "E2") { ... on Episode { open } }
        }""",
    )
    assert answer["a3"] == {
        "employments": [
            {"professional": {"id": "P3"}, "from": "2021-01-01"},
            {"professional": {"id": "P2"}, "from": "2023-04-01"},
        ],
        "professionals": [{"id": "P3"}, {"id": "P2"}],
        "early": [{"id": "P3"}],
    }
    assert answer["a2"]["referralsReceived"]["totalCount"] == 1
    assert ids(answer["a2"]["referralsReceived"]) == ["I1"]
    assert answer["a2"]["tensions"] == [{"id": "TN1"}]
    assert answer["t1"] == {
        "memberships": [
            {"role": "member", "professional": {"id": "P1"}},
            {"role": "lead", "professional": {"id": "P2"}},
            {"role": "member", "professional": {"id": "P3"}},
        ],
        "members": [{"id": "P1"}, {"id": "P2"}],  # P3 left on 2023-06-30
    }
    assert answer["c2"]["families"] == [{"id": "F1"}]
    assert answer["c2"]["perspectives"] == [{"id": "PS4"}]
    assert answer["c2"]["interactions"]["totalCount"] == 3
    assert ids(answer["c2"]["interactions"]) == ["I2", "I3", "I4"]
    assert answer["c3"] == {
        "tensions": [{"id": "TN3"}],
        "memberships": [{"from": "2008-05-05", "relationship": "son"}],
    }
    assert answer["e1"]["family"] == {"id": "F1"}
    assert answer["e1"]["interactions"]["totalCount"] == 4
    assert answer["e1"]["interactions"]["pageInfo"]["hasNextPage"] is True
    assert ids(answer["e1"]["interactions"]) == ["I2", "I3"]
    assert answer["e2"] == {"open": True}


# -- root connections: filters, order, pages ---------------------------------------------------


def test_agencies_order_filters_and_pages(client: TestClient) -> None:
    query = """query($after: String, $filter: AgencyFilter, $order: AgencyOrder) {
        agencies(first: 2, after: $after, filter: $filter, orderBy: $order) {
          totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { id } }
        } }"""
    # By name: Eastgate CAMHS, Northfield Primary School, Riverside..., Westshire Police.
    page1 = data(client, query)["agencies"]
    assert ids(page1) == ["A3", "A1"] and page1["totalCount"] == 4
    assert page1["pageInfo"]["hasNextPage"] is True
    page2 = data(client, query, after=page1["pageInfo"]["endCursor"])["agencies"]
    assert ids(page2) == ["A2", "A4"] and page2["totalCount"] == 4
    assert page2["pageInfo"] == {
        "hasNextPage": False, "hasPreviousPage": True,
        "endCursor": page2["edges"][-1]["cursor"],
    }  # fmt: skip
    # A cursor of the middle of a page continues from there.
    middle = data(client, query, after=page1["edges"][0]["cursor"])["agencies"]
    assert ids(middle) == ["A1", "A2"]
    desc = data(client, query, order={"field": "NAME", "direction": "DESC"})["agencies"]
    assert ids(desc) == ["A4", "A2"]
    # A cursor only continues the query it came from.
    reused = gql(client, query, after=page1["pageInfo"]["endCursor"], order={"field": "ID"})
    assert error_of(reused)["extensions"] == {"code": "BAD_USER_INPUT", "argument": "after"}
    assert "another query" in error_of(reused)["message"]
    health = data(client, query, filter={"sectors": ["HEALTH", "MENTAL_HEALTH"]})["agencies"]
    assert ids(health) == ["A3"] and health["totalCount"] == 1
    school = data(client, query, filter={"nameContains": "SCHOOL"})["agencies"]
    assert ids(school) == ["A1"]
    listed = data(client, query, filter={"ids": ["A4", "A1", "ZZ"]})["agencies"]
    assert ids(listed) == ["A1", "A4"] and listed["totalCount"] == 2


@pytest.mark.parametrize(
    ("field", "filter_", "order", "expected"),
    [
        ("teams", {"levels": ["STRATEGIC"]}, None, ["T2"]),
        ("teams", {"nameContains": "taf"}, None, ["T1"]),
        ("professionals", {"professions": ["SOCIAL_WORKER"]}, None, ["P2"]),
        ("professionals", {"agencyId": "A3"}, None, ["P2", "P3"]),
        ("professionals", {"familyId": "F1"}, {"field": "ID", "direction": "DESC"},
         ["P3", "P2", "P1"]),
        ("families", {"referenceContains": "jones"}, None, ["F2"]),
        ("families", {"professionalId": "P4"}, None, ["F2"]),
        ("families", None, {"field": "REFERENCE", "direction": "DESC"}, ["F3", "F2", "F1"]),
        ("clients", {"familyId": "F1"}, None, ["C2", "C1"]),
        ("clients", {"roles": ["CHILD", "YOUNG_PERSON"]}, None, ["C3", "C1"]),
        ("clients", None, {"field": "BIRTH_YEAR", "direction": "ASC"}, ["C2", "C3", "C1"]),
        ("episodes", {"open": True}, None, ["E2"]),
        ("episodes", {"open": False}, None, ["E3", "E1"]),
        ("episodes", {"openedAt": {"after": "2023-01-01"}}, None, ["E1", "E2"]),
        ("episodes", {"familyId": "F2"}, None, ["E3"]),
        ("episodes", None, {"field": "OPENED_AT", "direction": "DESC"}, ["E2", "E1", "E3"]),
        ("episodes", {"kinds": ["CHILD_IN_NEED", "EHCP"]}, None, ["E2"]),
        ("interactions", {"levels": ["STRATEGIC"]}, None, ["I8"]),
        ("interactions", {"familyId": "F2"}, None, ["I7"]),
        ("interactions", {"participantId": "C1"}, None, ["I3"]),
        ("interactions", {"participantId": "P3"}, None, ["I4", "I5", "I6"]),
        ("interactions", {"episodeId": "E2"}, None, ["I6"]),
        ("interactions", {"familyId": "F1", "participantId": "P3"}, None, ["I4", "I5", "I6"]),
        ("interactions", {"episodeId": "E1", "participantId": "C1"}, None, ["I3"]),
        ("interactions", {"familyId": "F2", "episodeId": "E1"}, None, []),
        ("interactions", {"participantId": "P1", "kinds": ["TAC_MEETING"]}, None, ["I2", "I4"]),
        ("interactions", {"at": {"after": "2023-07-01T00:00:00Z"}}, None, ["I6"]),
        ("interactions", {"at": {"before": "2023-01-03T09:00:00"}}, None, ["I7"]),  # naive = UTC
        ("interactions", {"kinds": ["TAC_MEETING"]}, {"field": "ID", "direction": "DESC"},
         ["I4", "I2"]),
        ("interactions", None, {"field": "AT", "direction": "DESC"},
         ["I6", "I5", "I8", "I4", "I3", "I2", "I1", "I7"]),
        ("boundaryObjects", {"titleContains": "plan"}, None, ["BO1"]),
        ("boundaryObjects", {"createdAt": {"before": "2023-01-01"}}, None, ["BO3"]),
        ("boundaryObjects", {"familyId": "F1"}, None, ["BO1", "BO2"]),
        ("boundaryObjects", {"kinds": ["CHRONOLOGY", "INFORMATION"]}, {"field": "TITLE"},
         ["BO2", "BO3"]),
        ("perspectives", {"familyId": "F1"}, None, ["PS1", "PS2", "PS4", "PS3"]),
        ("perspectives", {"holderId": "C2"}, None, ["PS4"]),
        ("perspectives", {"statementContains": "attendance"}, None, ["PS1", "PS2", "PS3"]),
        ("perspectives", {"at": {"after": "2023-03-10T11:00:00Z",
                                 "before": "2023-03-10T11:15:00Z"}}, None, ["PS2"]),
        ("tensions", {"open": True}, None, ["TN3", "TN2"]),
        ("tensions", {"open": False}, None, ["TN1"]),
        ("tensions", {"familyId": "F1"}, None, ["TN2", "TN1"]),
        ("tensions", {"partyId": "A2"}, None, ["TN1"]),
        ("tensions", {"raisedAt": {"after": "2023-01-01T00:00:00Z"}}, None, ["TN2", "TN1"]),
        ("tensions", {"kinds": ["THRESHOLD"]}, None, ["TN1"]),
        ("tensions", {"descriptionContains": "ASSESSMENT"}, None, ["TN3", "TN2"]),
    ],
)  # fmt: skip
def test_root_connection_filters_and_orders(
    client: TestClient,
    field: str,
    filter_: dict[str, Any] | None,
    order: dict[str, Any] | None,
    expected: list[str],
) -> None:
    type_name = {"boundaryObjects": "BoundaryObject"}.get(field, field[0].upper() + field[1:-1])
    type_name = {"Familie": "Family"}.get(type_name, type_name)
    query = f"""query($filter: {type_name}Filter, $order: {type_name}Order) {{
        {field}(first: 100, filter: $filter, orderBy: $order) {{
          totalCount edges {{ node {{ id }} }} nodes {{ id }} }} }}"""
    answer = data(client, query, filter=filter_, order=order)[field]
    assert ids(answer) == expected
    assert [n["id"] for n in answer["nodes"]] == expected
    assert answer["totalCount"] == len(expected)


# -- errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "variables", "code", "words"),
    [
        ('query($f: ID) { interactions(filter: {familyId: $f}) { totalCount } }',
         {"f": "F9"}, "NOT_FOUND", "'F9'"),
        # An id of another label is not a family either.
        ('{ clients(filter: {familyId: "P1"}) { totalCount } }', {}, "NOT_FOUND", "'P1'"),
        ('{ professionals(filter: {agencyId: "A9"}) { totalCount } }', {}, "NOT_FOUND", "agency"),
        ('{ tensions(filter: {partyId: "F1"}) { totalCount } }', {}, "NOT_FOUND", "'F1'"),
        ('query($n: Int) { families(first: $n) { totalCount } }', {"n": 0}, "BAD_USER_INPUT",
         "between 1 and 100"),
        ('query($n: Int) { families(first: $n) { totalCount } }', {"n": 101}, "BAD_USER_INPUT",
         "between 1 and 100"),
        ('{ families(first: -5) { totalCount } }', {}, "BAD_USER_INPUT", "between 1 and 100"),
        ('query($n: Int) { node(id: "F1") { ... on Family { interactions(first: $n) '
         '{ totalCount } } } }', {"n": 1000}, "BAD_USER_INPUT", "between 1 and 100"),
        ('{ families(after: "not-a-cursor") { totalCount } }', {}, "BAD_USER_INPUT", "cursor"),
        ('{ families(after: "a2I6djE6LTE=") { totalCount } }', {}, "BAD_USER_INPUT", "cursor"),
        ('{ episodes(filter: {openedAt: {after: "2023-05-01", before: "2023-01-01"}}) '
         '{ totalCount } }', {}, "BAD_USER_INPUT", "later than"),
        ('{ interactions(filter: {at: {after: "2023-05-01T00:00:00Z", '
         'before: "2023-01-01T00:00:00Z"}}) { totalCount } }', {}, "BAD_USER_INPUT", "later than"),
        ('{ node(id: "F1") { ... on Family { interactions(at: {after: "2023-05-01T00:00:00Z", '
         'before: "2023-01-01T00:00:00Z"}) { totalCount } } } }', {}, "BAD_USER_INPUT",
         "later than"),
        ('{ agencies(filter: {sectors: [SPACE]}) { totalCount } }', {}, "BAD_USER_INPUT", "SPACE"),
        ("query($ids: [ID!]) { families(filter: {ids: $ids}) { totalCount } }",
         {"ids": [f"F{i}" for i in range(1001)]}, "BAD_USER_INPUT", "at most 1000"),
        ("query($t: String) { agencies(filter: {nameContains: $t}) { totalCount } }",
         {"t": "x" * 201}, "BAD_USER_INPUT", "at most 200"),
        ('{ interactions(orderBy: {field: sourceLoad}) { totalCount } }', {}, "BAD_USER_INPUT",
         "sourceLoad"),
    ],
)  # fmt: skip
def test_errors_have_a_code_and_no_internals(
    client: TestClient, query: str, variables: dict[str, Any], code: str, words: str
) -> None:
    body = gql(client, query, **variables)
    error = error_of(body)
    assert error["extensions"]["code"] == code
    assert words in error["message"]


def test_an_error_in_one_field_leaves_the_others(client: TestClient) -> None:
    body = gql(
        client,
        '{ ok: families(filter: {ids: ["F2"]}) { totalCount } '
        'bad: families(filter: {professionalId: "NOPE"}) { totalCount } }',
    )
    assert body["data"] == {"ok": {"totalCount": 1}, "bad": None}
    assert error_of(body)["path"] == ["bad"]


def test_hostile_text_is_data_not_cypher(client: TestClient) -> None:
    hostile = "x') OR 1=1 //\" MATCH (n) DETACH DELETE n"
    answer = data(
        client,
        "query($t: String, $i: ID!) { families(filter: {referenceContains: $t}) { totalCount } "
        "n: node(id: $i) { id } }",
        t=hostile,
        i=hostile,
    )
    assert answer == {"families": {"totalCount": 0}, "n": None}
    assert data(client, "{ families { totalCount } }")["families"]["totalCount"] == 3


# -- privacy: audit of family reads, free text for stewards only -------------------------------


def family_read_events(client: TestClient) -> list[list[str]]:
    """The ids of the `readFamily` audit events, newest first."""
    answer = data(client, '{ auditEvents(first: 100, operation: "readFamily") { items { ids } } }')
    return [event["ids"] for event in answer["auditEvents"]["items"]]


def test_family_reads_are_audited_once_per_request_level(client: TestClient) -> None:
    before = family_read_events(client)
    data(client, "{ families { nodes { id } } }")  # pseudonymous ids only: not a family read
    assert family_read_events(client) == before
    data(client, "{ families { nodes { reference clients { id } episodes { id } } } }")
    data(client, '{ interactions(filter: {familyId: "F2"}) { totalCount } }')
    data(client, '{ node(id: "I7") { ... on Interaction { family { reference } } } }')
    after = family_read_events(client)
    # Newest first: the node query, the filter, then one event for the three families.
    assert after[: len(after) - len(before)] == [["F2"], ["F2"], ["F1", "F2", "F3"]]


def test_free_text_and_birth_years_need_a_steward(small: Database) -> None:
    query = """{ node(id: "C1") { ... on Client { name birthYear } }
                 tensions(filter: {ids: ["TN1"]}) { nodes { id open description resolution } }
                 perspectives(filter: {ids: ["PS1"]}) { nodes { at statement } } }"""
    with keyed_client(small) as (keyed, tokens):
        analyst = security_gql(keyed, query, tokens[Role.ANALYST]).json()
        steward = security_gql(keyed, query, tokens[Role.STEWARD]).json()
    assert analyst["data"]["node"] == {"name": "Sam Smith", "birthYear": None}
    assert analyst["data"]["tensions"]["nodes"] == [
        {"id": "TN1", "open": False, "description": None, "resolution": None}
    ]
    assert analyst["data"]["perspectives"]["nodes"] == [
        {"at": "2023-01-20T11:00:00+00:00", "statement": None}
    ]
    refused = sorted(tuple(e["path"]) for e in analyst["errors"])
    assert refused == [
        ("node", "birthYear"),
        ("perspectives", "nodes", 0, "statement"),
        ("tensions", "nodes", 0, "description"),
        ("tensions", "nodes", 0, "resolution"),
    ]
    assert {e["extensions"]["code"] for e in analyst["errors"]} == {"FORBIDDEN"}
    assert "errors" not in steward
    assert steward["data"]["node"]["birthYear"] == 2014
    assert steward["data"]["perspectives"]["nodes"][0]["statement"] == (
        "The problem is Sam's school attendance"
    )


# -- the seed dataset: answers checked against its CSV rows and its stories --------------------

def seed_rows(name: str) -> list[dict[str, str]]:
    with (SEED / f"{name}.csv").open(encoding="utf-8", newline="") as rows:
        return list(csv.DictReader(rows))


def seed_story(letter: str) -> dict[str, Any]:
    stories = json.loads((SEED / "stories.json").read_text(encoding="utf-8"))
    story: dict[str, Any] = next(s for s in stories if s["story"] == letter)
    return story


seed_client = open_client_fixture("seeded")


def test_seed_totals_match_its_counts(seed_client: TestClient) -> None:
    counts = json.loads((SEED / "counts.json").read_text(encoding="utf-8"))["nodes"]
    fields = {
        "agencies": "Agency", "teams": "Team", "professionals": "Professional",
        "families": "Family", "clients": "Client", "episodes": "Episode",
        "interactions": "Interaction", "boundaryObjects": "BoundaryObject",
        "perspectives": "Perspective", "tensions": "Tension",
    }  # fmt: skip
    query = "{ " + " ".join(f"{f}(first: 1) {{ totalCount }}" for f in fields) + " }"
    answer = data(seed_client, query)
    assert {f: answer[f]["totalCount"] for f in fields} == {
        f: counts[label] for f, label in fields.items()
    }


def test_seed_story_f_lead_professional_hands_over(seed_client: TestClient) -> None:
    story = seed_story("f")
    query = """query($family: ID!, $pro: ID!, $last: Date!, $first: Date!) {
      family: node(id: $family) { ... on Family {
        before: involvements(activeOn: $last, roles: [LEAD_PROFESSIONAL]) { professional { id } }
        after: involvements(activeOn: $first, roles: [LEAD_PROFESSIONAL]) { professional { id } }
      } }
      pro: node(id: $pro) { ... on Professional {
        before: agency(on: $last) { id } after: agency(on: $first) { id } } }
    }"""
    answer = data(
        seed_client, query, family=story["family"], pro=story["from"],
        last=story["fromLastDay"], first=story["toFirstDay"],
    )  # fmt: skip
    assert answer["family"] == {
        "before": [{"professional": {"id": story["from"]}}],
        "after": [{"professional": {"id": story["to"]}}],
    }
    assert answer["pro"] == {
        "before": {"id": story["fromAgency"]},
        "after": {"id": story["fromMovedTo"]},
    }


def test_seed_story_c_referrals_follow_the_case(seed_client: TestClient) -> None:
    story = seed_story("c")
    concerning = {r["source"] for r in seed_rows("concerns") if r["target"] == story["family"]}
    kinds = {r["id"]: r["kind"] for r in seed_rows("interactions")}
    at = {r["id"]: r["at"] for r in seed_rows("interactions")}
    referred = {r["source"]: r["target"] for r in seed_rows("referred_to")}
    expected = sorted(
        (i for i in concerning if kinds.get(i) == "REFERRAL"), key=lambda i: (at[i], i)
    )
    answer = data(
        seed_client,
        """query($family: ID!) { interactions(first: 100,
             filter: {familyId: $family, kinds: [REFERRAL]}) {
           nodes { id referredTo { id sector } } } }""",
        family=story["family"],
    )["interactions"]["nodes"]
    assert [n["id"] for n in answer] == expected
    assert {n["id"]: [a["id"] for a in n["referredTo"]] for n in answer} == {
        i: [referred[i]] if i in referred else [] for i in expected
    }
    travelled = [n["referredTo"][0] for n in answer if n["id"] in story["referrals"]]
    assert [a["id"] for a in travelled] == story["path"][1:]
    assert [a["sector"] for a in travelled] == story["sectors"][1:]


def test_seed_story_e_ehcp_worked_on_across_sectors(seed_client: TestClient) -> None:
    story = seed_story("e")
    working = {
        r["source"] for r in seed_rows("worked_on") if r["target"] == story["boundaryObject"]
    }
    professionals = {r["id"] for r in seed_rows("professionals")}
    expected = sorted(
        {
            r["source"]
            for r in seed_rows("participated_in")
            if r["target"] in working and r["source"] in professionals
        }
    )
    answer = data(
        seed_client,
        """query($bo: ID!) { node(id: $bo) { ... on BoundaryObject { kind family { id }
             workedOnBy { interaction { participants { participant {
               ... on Professional { id } } } } } } } }""",
        bo=story["boundaryObject"],
    )["node"]
    assert answer["kind"] == "EHCP" and answer["family"] == {"id": story["family"]}
    worked = {
        p["participant"]["id"]
        for w in answer["workedOnBy"]
        for p in w["interaction"]["participants"]
        if p["participant"]
    }
    assert sorted(worked) == expected
    assert set(story["workers"]) <= worked


# -- batching: the number of statements does not grow with the rows -----------------------------

NESTED = """query($n: Int!) {
  families(first: $n, filter: {referenceContains: "GEN"}) {
    totalCount
    edges { node {
      reference
      clients { name }
      episodes { kind }
      involvements { role professional { name agency(on: "2023-06-01") { name sector } } }
      interactions(first: 5) { totalCount edges { node {
        at
        participants { role participant { ... on Professional { name } ... on Client { name } } }
        boundaryObjects { action boundaryObject { title } }
      } } }
    } }
  }
}"""


@pytest.fixture(scope="module")
def generated_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_generated_families(tmp_path_factory.mktemp("api") / "generated", 100)


def test_statements_do_not_grow_with_the_rows(database: Database, generated_dir: Path) -> None:
    ensure_datasets(database, generated_dir)
    # The nested query is deeper than the default limit of 8 (edges/node twice); the limits are
    # not what this test is about.
    with open_client(database, api_max_depth=12, api_max_cost=100_000) as client:
        counts, answers = {}, {}
        for n in (1, 100):
            before = database.statements_sent
            answers[n] = data(client, NESTED, n=n)["families"]
            counts[n] = database.statements_sent - before
    assert len(answers[1]["edges"]) == 1 and len(answers[100]["edges"]) == 100
    family = answers[100]["edges"][99]["node"]
    # Family 99: clients 99-1 and 99-2, lead GEN-P09 (employed by GEN-A1), contributor GEN-P02,
    # 6 interactions; participants by id: GEN-C0099-2, GEN-P02, GEN-P09 (the chair).
    assert family["reference"] == "GEN family 0099"
    assert [c["name"] for c in family["clients"]] == ["Client 99-1", "Client 99-2"]
    assert family["interactions"]["totalCount"] == 6
    assert len(family["interactions"]["edges"]) == 5
    assert [p["role"] for p in family["interactions"]["edges"][0]["node"]["participants"]] == [
        "ATTENDEE", "ATTENDEE", "CHAIR",
    ]  # fmt: skip
    assert family["involvements"][0]["professional"]["agency"] == {
        "name": "Generated agency 1", "sector": "SOCIAL_CARE",
    }  # fmt: skip
    # families page, clients, episodes, involvements, agency (employments), interactions,
    # participants, boundary objects: one statement each, whatever the number of families.
    assert counts[1] == counts[100], counts
    assert counts[100] <= 10, counts


PROFESSIONALS_NESTED = """query($n: Int!) {
  professionals(first: $n, filter: {nameContains: "Generated"}, orderBy: {field: ID}) {
    nodes {
      name
      employments { from agency { name } }
      involvements { role from }
      interactions(first: 3, latestFirst: true) { nodes {
        kind
        family { reference tensions { id } }
        episode { openedAt }
        boundaryObjects { boundaryObject { title workedOnBy { action } } }
      } }
    }
  }
}"""


def test_statements_do_not_grow_with_the_rows_from_professionals(
    database: Database, generated_dir: Path
) -> None:
    # Families appear at one place of this query only: a loader asked from two places
    # (say, a professional's families and an interaction's family) answers each place as
    # its parents arrive, which may be one statement or two depending on timing.
    ensure_datasets(database, generated_dir)
    with open_client(database, api_max_depth=12, api_max_cost=100_000) as client:
        counts, answers = {}, {}
        for n in (1, 10):
            before = database.statements_sent
            answers[n] = data(client, PROFESSIONALS_NESTED, n=n)["professionals"]["nodes"]
            counts[n] = database.statements_sent - before
    assert len(answers[1]) == 1 and len(answers[10]) == 10
    # GEN-P00 leads families 0, 10, 20, ... and contributes to 7, 17, 27, ...: 20 families.
    first = answers[10][0]
    assert first["name"] == "Generated professional 0"
    assert len(first["involvements"]) == 20
    assert [i["kind"] for i in first["interactions"]["nodes"]] == ["MEETING"] * 3
    assert counts[1] == counts[10], counts


def test_sibling_root_fields_share_statements(database: Database, generated_dir: Path) -> None:
    ensure_datasets(database, generated_dir)
    aliases = " ".join(f'f{k}: node(id: "GEN-F{k:04}") {{ id }}' for k in range(12))
    with open_client(database) as client:
        before = database.statements_sent
        answer = data(client, "{ " + aliases + " }")
        sent = database.statements_sent - before
    assert answer == {f"f{k}": {"id": f"GEN-F{k:04}"} for k in range(12)}
    assert sent == 1  # twelve lookups, one statement
