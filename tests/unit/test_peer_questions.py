"""The side-by-side check (bench/peer/): the two APIs' shapes of one answer compare equal, a
real difference is reported with where it is, and a difference stops the run before timing."""

from __future__ import annotations

import asyncio
import copy
import json
import os
from typing import Any

import pytest

from bench.peer import compare
from bench.peer.questions import QUESTIONS, instant

QUESTION = {q.name: q for q in QUESTIONS}

# One family, written by hand in both shapes: our connections and `participant` unions,
# the peer's lists and relationship-property connections; orders and instants spelled differently.
OURS_NESTED: dict[str, Any] = {
    "families": {
        "nodes": [
            {
                "id": "fam-1",
                "reference": "R1",
                "involvements": [
                    {
                        "role": "LEAD_PROFESSIONAL",
                        "from": "2024-01-01",
                        "to": None,
                        "professional": {
                            "id": "pro-1",
                            "name": "A",
                            "profession": "TEACHER",
                            "agency": {"id": "ag-1", "name": "School", "sector": "EDUCATION"},
                        },
                    },
                    {
                        "role": "CONTRIBUTOR",
                        "from": "2024-02-01",
                        "to": "2024-03-01",
                        "professional": {
                            "id": "pro-2",
                            "name": "B",
                            "profession": "GP",
                            "agency": None,
                        },
                    },
                ],
                "interactions": {
                    "nodes": [
                        {
                            "id": "int-2",
                            "kind": "MEETING",
                            "at": "2024-02-02T10:00:00Z",
                            "participants": [
                                {"role": "CHAIR", "participant": {"id": "pro-1"}},
                                {"role": "ATTENDEE", "participant": {"id": "cli-1"}},
                            ],
                        },
                        {
                            "id": "int-1",
                            "kind": "PHONE_CALL",
                            "at": "2024-01-05T09:30:00+00:00",
                            "participants": [],
                        },
                    ]
                },
            }
        ]
    }
}
PEER_NESTED: dict[str, Any] = {
    "families": [
        {
            "id": "fam-1",
            "reference": "R1",
            "professionalsConnection": {
                "edges": [
                    {
                        "properties": {
                            "role": "CONTRIBUTOR",
                            "from": "2024-02-01",
                            "to": "2024-03-01",
                        },
                        "node": {
                            "id": "pro-2",
                            "name": "B",
                            "profession": "GP",
                            "employedByConnection": {"edges": []},
                        },
                    },
                    {
                        "properties": {
                            "role": "LEAD_PROFESSIONAL",
                            "from": "2024-01-01",
                            "to": None,
                        },
                        "node": {
                            "id": "pro-1",
                            "name": "A",
                            "profession": "TEACHER",
                            "employedByConnection": {
                                "edges": [
                                    {
                                        "node": {
                                            "id": "ag-1",
                                            "name": "School",
                                            "sector": "EDUCATION",
                                        }
                                    }
                                ]
                            },
                        },
                    },
                ]
            },
            "interactions": [
                {
                    "id": "int-2",
                    "kind": "MEETING",
                    "at": "2024-02-02T10:00:00.000Z",
                    "professionalsConnection": {
                        "edges": [{"properties": {"role": "CHAIR"}, "node": {"id": "pro-1"}}]
                    },
                    "clientsConnection": {
                        "edges": [{"properties": {"role": "ATTENDEE"}, "node": {"id": "cli-1"}}]
                    },
                },
                {
                    "id": "int-1",
                    "kind": "PHONE_CALL",
                    "at": "2024-01-05T09:30:00.000Z",
                    "professionalsConnection": {"edges": []},
                    "clientsConnection": {"edges": []},
                },
            ],
        }
    ]
}


def test_instants_spelled_differently_are_one_moment() -> None:
    assert instant("2024-01-05T09:30:00Z") == instant("2024-01-05T09:30:00.000Z")
    assert instant("2024-01-05T10:30:00+01:00") == instant("2024-01-05T09:30:00Z")
    assert instant("2024-01-05T09:30:01Z") != instant("2024-01-05T09:30:00Z")


def test_the_same_nested_answer_in_both_shapes_is_equal() -> None:
    assert QUESTION["10 families nested"].differences(OURS_NESTED, PEER_NESTED) == []


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda p: p["families"][0]["interactions"].reverse(), "interactions"),  # order matters
        (
            lambda p: p["families"][0]["professionalsConnection"]["edges"][1]["node"][
                "employedByConnection"
            ].update(edges=[]),
            "agency",
        ),
        (
            lambda p: p["families"][0]["interactions"][0]["clientsConnection"].update(edges=[]),
            "participants",
        ),
        (lambda p: p["families"][0]["interactions"][1].update(at="2024-01-05T09:31:00Z"), "at"),
    ],
)
def test_a_real_difference_is_reported_with_where_it_is(change: Any, where: str) -> None:
    peer = copy.deepcopy(PEER_NESTED)
    change(peer)
    differences = QUESTION["10 families nested"].differences(OURS_NESTED, peer)
    assert len(differences) == 1 and where in differences[0], differences


def test_configuration_answers_must_be_the_same_member_for_member() -> None:
    question = QUESTION["familyConfiguration"]
    member = {
        "professional": {"id": "pro-1", "name": "A", "profession": "SOCIAL_WORKER"},
        "agency": {"id": "ag-2", "name": "B", "sector": "SOCIAL_CARE"},
        "role": "LEAD_PROFESSIONAL",
        "presence": "BOTH",
        "involvementRoles": ["LEAD_PROFESSIONAL"],
        "lastInteractionAt": "2024-01-10T10:00:00+00:00",
    }
    clients = [{"id": "cli-1", "role": "CHILD"}]
    ours = {
        "familyConfiguration": {
            "size": 1,
            "sectors": ["SOCIAL_CARE"],
            "members": [copy.deepcopy(member)],
            "leadProfessional": {"professional": {"id": "pro-1"}},
            "clients": clients,
        }
    }
    peer = {
        "familyConfiguration": {
            "sectors": ["SOCIAL_CARE"],
            "members": [copy.deepcopy(member)],
            "leadProfessional": "pro-1",
            "clients": clients,
        }
    }
    assert question.differences(ours, peer) == []
    peer["familyConfiguration"]["members"][0]["agency"]["id"] = "ag-3"
    (difference,) = question.differences(ours, peer)
    assert difference.startswith("members: ") and "ag-3" in difference
    peer["familyConfiguration"]["members"] = []
    assert {d.split(":")[0] for d in question.differences(ours, peer)} == {"size", "members"}
    assert question.differences(ours, {"familyConfiguration": None}) == ["the peer found no family"]


def test_a_difference_stops_the_comparison_before_anything_is_timed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two fake servers: the peer answers one family's reference wrongly on the third draw."""
    asked: list[str] = []

    async def answer(
        client: object, server: compare.Server, body: bytes
    ) -> tuple[float, int, bytes]:
        family = json.loads(body)["variables"]["familyId"]
        asked.append(server.name)
        if server.name == "peer":
            reference = "WRONG" if len(asked) > 4 else f"ref-{family}"
            data: dict[str, Any] = {"families": [{"id": family, "reference": reference}]}
        else:
            data = {"node": {"id": family, "reference": f"ref-{family}"}}
        return 1.0, 200, json.dumps({"data": data}).encode()

    class Session:
        async def close(self) -> None:
            pass

    monkeypatch.setattr(compare, "post", answer)
    monkeypatch.setattr(compare, "client_for", lambda server, connections: Session())
    servers = [
        compare.Server("ours", "http://ours/graphql", os.getpid(), {}),
        compare.Server("peer", "http://peer/", os.getpid(), {}),
    ]
    question = QUESTION["node by id"]
    draws = compare.Draws(
        variables=[{"familyId": f"fam-{i}"} for i in range(10)],
        bodies={
            name: [compare.encoded(document, {"familyId": f"fam-{i}"}) for i in range(10)]
            for name, document in (
                ("ours", question.spec.document),
                ("peer", question.peer_document),
            )
        },
    )
    with pytest.raises(compare.AnswersDiffer) as stopped:
        asyncio.run(compare.one_at_a_time(question, servers, draws, warmup=5, runs=5))
    assert stopped.value.variables == {"familyId": "fam-2"}
    assert "reference" in stopped.value.differences[0]
    assert len(asked) == 6  # three draws, both servers; nothing after the difference
