"""objectOfActivity (DOMAIN question 10) on `tests/fixtures/questions_small` and the seed.

By hand for family Q1 (see the fixture): the teacher's X1 (attendance) is revised by the
social worker's X2, which is revised twice, by the CAMHS clinician's X4 and the teacher's
X5: one thread rooted at X1, depth 2, branching at X2, three revisions across sectors.
The mother's X3 on the care plan B1 is revised by the child's X6 (depth 1, no sectors);
P_MV's X7 on B2 stands alone. Widening by month: holders 1, 2, 3, 4, 4, 5, 6; professions
1, 2, 2, 3, 3, 3, 4 (SENCO last); sectors 1, 2, 2, 3, 3, 3, 3; client voices 0, 0, 1, 1,
1, 2, 2. Tensions: N1 (teacher and social worker, resolved 2024-04-10 10:00) is followed
by the revisions X4 and X5 within 30 days, so it led to a new view; N2 (resolved
2024-05-20 10:00) is followed by X6 exactly 30 days later, outside a 30-day window and
inside a 31-day one; N3 (about the interaction I8) is open. The threads' depths are also
computed with networkx from the CSV rows, for the fixture and for every seed family.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from kb.analytics.activity import object_of_activity
from kb.analytics.errors import InvalidArgument, UnknownEntity
from kb.security import audit
from kb.security.roles import Role
from kb.storage.database import Database
from tests.analytics_support import parse_instant, rows
from tests.api_entities_support import ensure_datasets
from tests.dataset_rows import SEED
from tests.questions_support import QUESTIONS, sector_on
from tests.security_support import gql


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# -- independent recomputations from the rows ------------------------------------------


def family_perspectives(
    dataset: Path, family: str, lo: datetime | None = None, hi: datetime | None = None
) -> dict[str, datetime]:
    objects = {c["source"] for c in rows(dataset, "concerns") if c["target"] == family}
    subjects = objects | {family}
    when = {p["id"]: parse_instant(p["at"]) for p in rows(dataset, "perspectives")}
    return {
        o["source"]: when[o["source"]]
        for o in rows(dataset, "on")
        if o["target"] in subjects
        and (lo is None or lo <= when[o["source"]])
        and (hi is None or when[o["source"]] < hi)
    }


def revision_threads(dataset: Path, chosen: dict[str, datetime]) -> list[tuple[set[str], int]]:
    """(perspectives, depth) per weakly connected part, depth = networkx's longest path."""
    graph = nx.DiGraph()
    graph.add_nodes_from(chosen)
    for r in rows(dataset, "revises"):
        if r["source"] in chosen and r["target"] in chosen:
            graph.add_edge(r["source"], r["target"])
    return sorted(
        (
            (set(part), nx.dag_longest_path_length(graph.subgraph(part)))
            for part in nx.weakly_connected_components(graph)
        ),
        key=lambda x: min((chosen[p], p) for p in x[0]),
    )


def widening(dataset: Path, chosen: dict[str, datetime]) -> list[tuple[str, int, int, int, int]]:
    holder = {h["target"]: h["source"] for h in rows(dataset, "holds")}
    professions = {p["id"]: p["profession"] for p in rows(dataset, "professionals")}
    clients = {c["id"] for c in rows(dataset, "clients")}
    months = sorted({(t.year, t.month) for t in chosen.values()})
    first, last = months[0], months[-1]
    out = []
    year, month = first
    while (year, month) <= last:
        upto = [p for p, t in chosen.items() if (t.year, t.month) <= (year, month)]
        who = {holder[p] for p in upto if p in holder}
        out.append(
            (
                f"{year:04d}-{month:02d}",
                len(who),
                len({professions[h] for h in who if h in professions}),
                len(
                    {
                        s
                        for p in upto
                        if p in holder and holder[p] in professions
                        for s in [sector_on(dataset, holder[p], chosen[p].date())]
                        if s
                    }
                ),
                len(who & clients),
            )
        )
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


# -- by hand ----------------------------------------------------------------------------


def test_q1_perspectives_and_threads_by_hand(questions: Database) -> None:
    o = object_of_activity(questions, "Q1")
    assert [p.id for p in o.perspectives] == ["X1", "X2", "X3", "X4", "X5", "X6", "X7"]
    assert [(p.id, p.depth, p.thread) for p in o.perspectives] == [
        ("X1", 0, 1), ("X2", 1, 1), ("X3", 0, 2), ("X4", 2, 1), ("X5", 2, 1), ("X6", 1, 2),
        ("X7", 0, 3),
    ]  # fmt: skip
    x2 = o.perspectives[1]
    assert x2.holder is not None
    assert (x2.holder.id, x2.holder.profession, x2.holder.sector) == (
        "P_SW", "SOCIAL_WORKER", "SOCIAL_CARE",
    )  # fmt: skip
    assert (x2.revises, x2.revised_by) == (("X1",), ("X4", "X5"))
    x3 = o.perspectives[2]
    assert x3.holder is not None and (x3.holder.type, x3.holder.client_role) == ("Client", "PARENT")
    assert (x3.on.id, x3.on.type) == ("B1", "BoundaryObject")
    x7 = o.perspectives[-1]
    assert x7.holder is not None and x7.holder.sector == "SOCIAL_CARE"  # after P_MV's move
    one, two, three = o.threads
    assert (one.roots, one.depth, one.branch_points, one.cross_sector_revisions) == (
        ("X1",), 2, ("X2",), 3,
    )  # fmt: skip
    assert one.sectors == ("EDUCATION", "MENTAL_HEALTH", "SOCIAL_CARE")
    assert (two.roots, two.depth, two.sectors, two.holders) == (("X3",), 1, (), ("C1", "C2"))
    assert (three.perspectives, three.depth) == (("X7",), 0)
    crossing = {(r.newer, r.older): r.crosses_sector for r in o.revisions}
    assert crossing == {
        ("X2", "X1"): True,
        ("X4", "X2"): True,
        ("X5", "X2"): True,
        ("X6", "X3"): False,
    }


def test_q1_widening_by_hand(questions: Database) -> None:
    o = object_of_activity(questions, "Q1")
    assert [
        (w.month, w.holders, w.professions, w.sectors, w.client_voices) for w in o.widening
    ] == [
        ("2024-01", 1, 1, 1, 0),
        ("2024-02", 2, 2, 2, 0),
        ("2024-03", 3, 2, 2, 1),
        ("2024-04", 4, 3, 3, 1),
        ("2024-05", 4, 3, 3, 1),
        ("2024-06", 5, 3, 3, 2),
        ("2024-07", 6, 4, 3, 2),
    ]
    assert [w.revisions for w in o.widening] == [0, 1, 0, 1, 1, 1, 0]


def test_q1_tensions_by_hand(questions: Database) -> None:
    o = object_of_activity(questions, "Q1")
    by_id = {t.id: t for t in o.tensions}
    assert sorted(by_id) == ["N1", "N2", "N3"]  # N4 is about Q2
    n1, n2, n3 = by_id["N1"], by_id["N2"], by_id["N3"]
    assert (n1.status.value, n1.days_open, n1.led_to_revision, n1.revisions_after) == (
        "RESOLVED", 31.0, True, ("X4", "X5"),
    )  # fmt: skip
    assert n1.party_sectors == ("EDUCATION", "SOCIAL_CARE")
    assert (n2.days_open, n2.led_to_revision, n2.revisions_after) == (15.0, False, ())
    assert [(p.id, p.type) for p in n2.parties] == [("C1", "Client"), ("P_CC", "Professional")]
    assert (n3.status.value, n3.days_open, n3.led_to_revision) == ("OPEN", None, None)
    assert [(s.id, s.type) for s in n3.about] == [("I8", "Interaction")]
    assert [(p.id, p.sector) for p in n3.parties] == [("A_HOU", "HOUSING"), ("P_SW", "SOCIAL_CARE")]
    # X6 comes exactly 30 days after N2's resolution: out of [resolved, resolved + 30 days).
    wider = {t.id: t for t in object_of_activity(questions, "Q1", revision_window_days=31).tensions}
    assert (wider["N2"].led_to_revision, wider["N2"].revisions_after) == (True, ("X6",))
    none = {t.id: t for t in object_of_activity(questions, "Q1", revision_window_days=0).tensions}
    assert none["N1"].led_to_revision is False


def test_an_open_tension_is_measured_to_before(questions: Database) -> None:
    o = object_of_activity(questions, "Q1", before=at("2024-07-01T10:00:00"))
    n3 = next(t for t in o.tensions if t.id == "N3")
    assert n3.days_open == 30.0  # raised 2024-06-01 10:00


@pytest.mark.parametrize(
    ("after", "before", "perspectives", "tensions"),
    [
        # after inclusive (X4 at exactly 04-22 10:00), before exclusive (X6 at 06-19 10:00).
        (at("2024-04-22T10:00:00"), at("2024-06-19T10:00:00"), ["X4", "X5"], ["N2", "N3"]),
        (at("2024-04-22T10:00:01"), at("2024-06-19T10:00:01"), ["X5", "X6"], ["N2", "N3"]),
        # A tension raised at exactly `before` is not in; one resolved at exactly `after` is.
        (None, at("2024-03-10T10:00:00"), ["X1", "X2", "X3"], []),
        (at("2024-04-10T10:00:00"), at("2024-04-11T00:00:00"), [], ["N1"]),
        (at("2024-04-10T10:00:01"), at("2024-04-11T00:00:00"), [], []),
        (at("2024-03-06T10:00:00"), at("2024-03-06T10:00:00"), [], []),  # empty
    ],
)
def test_period_rule_at_both_ends(
    questions: Database,
    after: datetime | None,
    before: datetime | None,
    perspectives: list[str],
    tensions: list[str],
) -> None:
    o = object_of_activity(questions, "Q1", after, before)
    assert [p.id for p in o.perspectives] == perspectives
    assert sorted(t.id for t in o.tensions) == tensions
    assert [p.id for p in o.perspectives] == sorted(
        family_perspectives(QUESTIONS, "Q1", after, before),
        key=lambda p: family_perspectives(QUESTIONS, "Q1")[p],
    )


def test_a_revision_of_an_earlier_period_is_listed_but_starts_a_thread(questions: Database) -> None:
    o = object_of_activity(questions, "Q1", after=at("2024-02-21T10:00:00"))
    x2 = o.perspectives[0]
    assert (x2.id, x2.revises, x2.depth) == ("X2", ("X1",), 0)
    assert ("X2", "X1") in {(r.newer, r.older) for r in o.revisions}
    assert o.threads[0].roots == ("X2",)
    n1 = next(t for t in o.tensions if t.id == "N1")
    assert n1.status.value == "RESOLVED"


def test_while_a_tension_is_open_at_the_end_it_reads_open(questions: Database) -> None:
    o = object_of_activity(questions, "Q1", before=at("2024-04-01T00:00:00"))
    n1 = next(t for t in o.tensions if t.id == "N1")
    assert (n1.status.value, n1.resolved_at, n1.resolution, n1.led_to_revision) == (
        "OPEN", None, None, None,
    )  # fmt: skip
    assert n1.days_open == pytest.approx(21.5833, abs=1e-3)  # 03-10 10:00 to 04-01 00:00


def test_threads_and_widening_match_networkx_and_the_rows(questions: Database) -> None:
    for family in ("Q1", "Q2", "Q3"):
        o = object_of_activity(questions, family)
        chosen = family_perspectives(QUESTIONS, family)
        assert [(set(t.perspectives), t.depth) for t in o.threads] == revision_threads(
            QUESTIONS, chosen
        )
        expected = widening(QUESTIONS, chosen) if chosen else []
        got = [(w.month, w.holders, w.professions, w.sectors, w.client_voices) for w in o.widening]
        assert got == expected


def test_graph_has_the_structure_and_no_free_text(questions: Database) -> None:
    o = object_of_activity(questions, "Q1")
    edges = {(e.type, e.source, e.target) for e in o.graph.edges}
    assert {("REVISES", "X2", "X1"), ("HOLDS", "C1", "X3"), ("ON", "X3", "B1")} <= edges
    assert {("ABOUT", "N3", "I8"), ("BETWEEN", "N3", "A_HOU")} <= edges
    text = str([(n.label, n.properties) for n in o.graph.nodes])
    for free in ("attendance", "Care plan for", "Housing before therapy", "rewritten"):
        assert free not in text


def test_errors(questions: Database) -> None:
    for days in (-1, 366):
        with pytest.raises(InvalidArgument) as bad:
            object_of_activity(questions, "Q1", revision_window_days=days)
        assert bad.value.argument == "revisionWindowDays"
    with pytest.raises(UnknownEntity):
        object_of_activity(questions, "P_T")
    with pytest.raises(InvalidArgument) as order:
        object_of_activity(questions, "Q1", at("2024-02-01T00:00:00"), at("2024-01-01T00:00:00"))
    assert order.value.argument == "after"


def test_seed_families_match_networkx_and_the_rows(database: Database) -> None:
    ensure_datasets(database, SEED)
    tensions_by_family: dict[str, set[str]] = defaultdict(set)
    for family in sorted({f["id"] for f in rows(SEED, "families")}):
        o = object_of_activity(database, family)
        chosen = family_perspectives(SEED, family)
        assert [(set(t.perspectives), t.depth) for t in o.threads] == revision_threads(
            SEED, chosen
        ), family
        got = [(w.month, w.holders, w.professions, w.sectors, w.client_voices) for w in o.widening]
        assert got == (widening(SEED, chosen) if chosen else []), family
        tensions_by_family[family] = {t.id for t in o.tensions}
    assert sum(len(t) for t in tensions_by_family.values()) == len(rows(SEED, "tensions"))


# -- through the API: free text by role, audit ---------------------------------------

QUERY = """query($f: ID!) {
  objectOfActivity(familyId: $f) {
    familyId objects { id kind title }
    perspectives { id at statement on { id type } holder { id type sector clientRole }
      revises depth thread }
    threads { rootIds depth branchPointIds }
    widening { month holders clientVoices }
    tensions { id status description resolution ledToRevision revisionsAfter partySectors }
    graph { nodes { id type label properties } edges { id type } }
  } }"""


def test_an_analyst_sees_structure_not_free_text(
    questions: Database, questions_keyed: tuple[TestClient, dict[Role, str]]
) -> None:
    client, tokens = questions_keyed
    body = gql(client, QUERY, tokens[Role.ANALYST], {"f": "Q1"}).json()
    answer = body["data"]["objectOfActivity"]
    assert [p["id"] for p in answer["perspectives"]][:2] == ["X1", "X2"]
    assert all(p["statement"] is None for p in answer["perspectives"])
    assert all(o["title"] is None for o in answer["objects"])
    assert all(t["description"] is None and t["resolution"] is None for t in answer["tensions"])
    refused = {(e["path"][-1], e["extensions"]["code"]) for e in body["errors"]}
    assert refused == {
        ("statement", "FORBIDDEN"), ("title", "FORBIDDEN"), ("description", "FORBIDDEN"),
        ("resolution", "FORBIDDEN"),
    }  # fmt: skip
    messages = " ".join(e["message"] for e in body["errors"])
    assert "STEWARD" in messages
    for free in ("attendance", "Care plan for", "mother disputes", "rewritten"):
        assert free not in str(answer)
    assert audit.list_events(questions, first=1, operation="readFamily")[0][0].ids == ["Q1"]


def test_a_steward_reads_the_free_text(questions_keyed: tuple[TestClient, dict[Role, str]]) -> None:
    client, tokens = questions_keyed
    body = gql(client, QUERY, tokens[Role.STEWARD], {"f": "Q1"}).json()
    assert "errors" not in body, body
    answer = body["data"]["objectOfActivity"]
    assert answer["perspectives"][0]["statement"] == "The problem is attendance"
    assert answer["objects"][0]["title"] == "Care plan for the One family"
    n1 = next(t for t in answer["tensions"] if t["id"] == "N1")
    assert (n1["description"], n1["resolution"], n1["ledToRevision"]) == (
        "Who leads on attendance", "Social care leads; school supports", True,
    )  # fmt: skip


def test_api_errors_are_coded_and_the_attempt_is_audited(
    questions: Database, questions_keyed: tuple[TestClient, dict[Role, str]]
) -> None:
    client, tokens = questions_keyed
    body = gql(client, QUERY, tokens[Role.ANALYST], {"f": "NOPE"}).json()
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert audit.list_events(questions, first=1, operation="readFamily")[0][0].ids == ["NOPE"]
    bad = gql(
        client,
        '{ objectOfActivity(familyId: "Q1", revisionWindowDays: 400) { familyId } }',
        tokens[Role.ANALYST],
    ).json()
    (error,) = bad["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": "revisionWindowDays"}


def test_seed_story_g_a_tension_that_led_to_a_new_view(database: Database) -> None:
    ensure_datasets(database, SEED)
    story = next(s for s in json.loads((SEED / "stories.json").read_text()) if s["story"] == "g")
    o = object_of_activity(database, story["family"])
    tension = next(t for t in o.tensions if t.id == story["tension"])
    assert (tension.status.value, tension.led_to_revision) == ("RESOLVED", True)
    assert story["newView"] in tension.revisions_after
    assert list(tension.party_sectors) == sorted(story["partySectors"])
    revision = next(
        r for r in o.revisions if (r.newer, r.older) == (story["newView"], story["firstView"])
    )
    assert revision.crosses_sector
    assert revision.newer_holder is not None and revision.newer_holder.id == story["parties"][1]
    thread = next(t for t in o.threads if story["newView"] in t.perspectives)
    assert thread.roots == (story["firstView"],) and thread.depth == 1
    assert thread.sectors == tuple(sorted(story["partySectors"]))
    # Within a window shorter than the days to the new view, it did not (yet) lead to one.
    days = int(story["daysAfterResolution"])
    short = object_of_activity(database, story["family"], revision_window_days=days)
    assert next(t for t in short.tensions if t.id == story["tension"]).led_to_revision is False
